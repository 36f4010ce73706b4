from django.urls import path

from . import explanationviews, recordviews, riskviews, survivalviews, views

app_name = "insights"

urlpatterns = [
    path("", views.index, name="index"),
    path("flags/", views.flag_list, name="flags"),
    path("flags/export.xlsx", views.flag_export, name="flag_export"),
    path("rules/", views.rule_settings, name="rules"),
    path("employees/<uuid:code>/brief/", views.brief, name="brief"),
    path("employees/<uuid:code>/brief.pdf", views.brief_pdf, name="brief_pdf"),
    path("employees/<uuid:code>/records/<slug:kind>/", recordviews.record_list, name="records"),
    path("employees/<uuid:code>/records/<slug:kind>/<int:pk>/", recordviews.record, name="record"),
    path("risk/", riskviews.overview, name="risk"),
    path("risk/model/", riskviews.model_card, name="risk_model"),
    path("risk/train/", riskviews.train, name="risk_train"),
    path("risk/settings/", riskviews.change_settings, name="risk_settings"),
    path("survival/", survivalviews.survival_view, name="survival"),
    path("explanations/", explanationviews.explanation_list, name="explanations"),
    path("explanations/<uuid:code>/", explanationviews.explanation_detail, name="explanation"),
]
