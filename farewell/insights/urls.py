from django.urls import path

from . import views

app_name = "insights"

urlpatterns = [
    path("flags/", views.flag_list, name="flags"),
    path("flags/export.xlsx", views.flag_export, name="flag_export"),
    path("rules/", views.rule_settings, name="rules"),
    path("employees/<uuid:code>/brief/", views.brief, name="brief"),
    path("employees/<uuid:code>/brief.pdf", views.brief_pdf, name="brief_pdf"),
]
