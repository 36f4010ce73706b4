"""PIPL in the API (included from farewell/urls.py under /api/): my consents and reads; HR's paper
consents and legal holds."""

from django.urls import path

from . import api

urlpatterns = [
    path("me/consents/", api.MyConsents.as_view(), name="api_me_consents"),
    path("me/consents/<uuid:code>/withdraw/", api.MyConsentWithdraw.as_view(), name="api_me_consent_withdraw"),
    path("me/reads/", api.MyReads.as_view(), name="api_me_reads"),
    path("employees/<uuid:code>/consents/", api.EmployeeConsents.as_view(), name="api_employee_consents"),
    path("employees/<uuid:code>/consents/<uuid:consent_code>/withdraw/", api.EmployeeConsentWithdraw.as_view(),
         name="api_employee_consent_withdraw"),
    path("employees/<uuid:code>/consents/<uuid:consent_code>/scan/", api.ConsentScan.as_view(),
         name="api_employee_consent_scan"),
    path("cases/<uuid:code>/holds/", api.CaseHolds.as_view(), name="api_case_holds"),
    path("holds/<uuid:code>/release/", api.HoldRelease.as_view(), name="api_hold_release"),
    path("privacy/retention/", api.RetentionSchedule.as_view(), name="api_privacy_retention"),
]
