"""/api/flags/, /api/employees/<code>/profile|flags/ and /api/insights/ (included from farewell/urls.py)."""

from django.urls import path

from . import api, api_risk

urlpatterns = [
    path("flags/", api.FlagList.as_view(), name="api_flags"),
    path("exports/flags/", api.FlagExport.as_view(), name="api_flag_export"),
    path("employees/<uuid:code>/profile/", api.EmployeeProfile.as_view(), name="api_employee_profile"),
    path("employees/<uuid:code>/flags/", api.EmployeeFlags.as_view(), name="api_employee_flags"),
    path("insights/risk/", api_risk.RiskOverview.as_view(), name="api_risk"),
    path("insights/risk/model/", api_risk.RiskModelCard.as_view(), name="api_risk_model"),
    path("insights/risk/train/", api_risk.RiskTrain.as_view(), name="api_risk_train"),
    path("insights/risk/train/<uuid:code>/", api_risk.RiskTrainProgress.as_view(), name="api_risk_train_progress"),
    path("insights/risk/settings/", api_risk.RiskSettingsDetail.as_view(), name="api_risk_settings"),
    path("insights/survival/", api_risk.Survival.as_view(), name="api_survival"),
    path("insights/explanations/", api_risk.ExplanationList.as_view(), name="api_explanations"),
    path("insights/explanations/<uuid:code>/", api_risk.ExplanationDetail.as_view(), name="api_explanation"),
    path("settings/flag-rules/", api_risk.FlagRuleList.as_view(), name="api_flag_rules"),
    path("settings/flag-rules/<slug:code>/", api_risk.FlagRuleDetail.as_view(), name="api_flag_rule"),
]
