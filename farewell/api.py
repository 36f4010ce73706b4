"""/api/: the REST API (DRF) and its OpenAPI schema. Each app keeps its endpoints in its api.py."""

from django.contrib.auth.decorators import login_required
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import IsAuthenticated

from farewell.accounts import api as accounts_api
from farewell.org import api as org_api
from farewell.org import api_settings as org_settings_api
from farewell.records import api as records_api

urlpatterns = [
    # Open without a login (DESIGN, pinned interfaces).
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The browsable docs are a page like any other: signed-in users only. The split view serves
    # its start-up script as a file (?script), so the Content-Security-Policy needs no inline script.
    path(
        "docs/",
        login_required(
            SpectacularSwaggerSplitView.as_view(url_name="schema", permission_classes=[IsAuthenticated])
        ),
        name="api_docs",
    ),
    path("token/", accounts_api.ObtainToken.as_view(), name="api_token"),
    path("me/", accounts_api.Me.as_view(), name="api_me"),
    path("employees/", org_api.EmployeeList.as_view(), name="api_employee_list"),
    path("employees/<uuid:code>/", org_api.EmployeeDetail.as_view(), name="api_employee_detail"),
    path("org-units/", org_api.OrgUnitList.as_view(), name="api_orgunit_list"),
    path("org-units/<int:pk>/", org_settings_api.OrgUnitDetail.as_view(), name="api_orgunit"),
    path("org-units/<int:pk>/head/", org_settings_api.OrgUnitHead.as_view(), name="api_orgunit_head"),
    path("settings/holidays/", org_settings_api.HolidayList.as_view(), name="api_holidays"),
    path("settings/holidays/<int:pk>/", org_settings_api.HolidayDetail.as_view(), name="api_holiday"),
    path("settings/local-wages/", org_settings_api.LocalWageList.as_view(), name="api_local_wages"),
    path("settings/local-wages/<int:pk>/", org_settings_api.LocalWageDetail.as_view(), name="api_local_wage"),
    path("settings/security-policy/", accounts_api.SecurityPolicyDetail.as_view(), name="api_security_policy"),
    path("exports/employees/", org_api.EmployeeExport.as_view(), name="api_employee_export"),
    path("import/<slug:kind>/", records_api.ImportRows.as_view(), name="api_import"),
    path("ledger/", accounts_api.LedgerEntryList.as_view(), name="api_ledger_list"),
    path("ledger/verify/", accounts_api.LedgerVerify.as_view(), name="api_ledger_verify"),
]
