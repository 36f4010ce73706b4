"""/api/flags/ and /api/employees/<code>/profile|flags/ (included from farewell/urls.py)."""

from django.urls import path

from . import api

urlpatterns = [
    path("flags/", api.FlagList.as_view(), name="api_flags"),
    path("exports/flags/", api.FlagExport.as_view(), name="api_flag_export"),
    path("employees/<uuid:code>/profile/", api.EmployeeProfile.as_view(), name="api_employee_profile"),
    path("employees/<uuid:code>/flags/", api.EmployeeFlags.as_view(), name="api_employee_flags"),
]
