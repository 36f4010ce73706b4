from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("me/", views.mine, name="mine"),
    path("me/consent/", views.mine_give, name="mine_give"),
    path("me/consent/<uuid:code>/withdraw/", views.mine_withdraw, name="mine_withdraw"),
    path("employees/<uuid:code>/consents/", views.employee_consents, name="employee_consents"),
    path("employees/<uuid:code>/consents/<uuid:consent_code>/withdraw/", views.employee_consent_withdraw,
         name="employee_consent_withdraw"),
    path("employees/<uuid:code>/consents/<uuid:consent_code>/scan/", views.consent_scan, name="consent_scan"),
    path("cases/<uuid:code>/holds/", views.case_holds, name="case_holds"),
    path("holds/<uuid:code>/release/", views.hold_release, name="hold_release"),
    path("retention/", views.retention_settings, name="retention"),
]
