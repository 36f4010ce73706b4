from django.urls import path

from . import case_views, civil_service_views, config_views, layoff_views, notification_views, views

app_name = "cases"

urlpatterns = [
    path("", case_views.case_list, name="case_list"),
    path("export.xlsx", case_views.case_export, name="case_export"),
    path("inbox/", case_views.inbox, name="inbox"),
    path("notifications/", notification_views.notification_list, name="notifications"),
    path("notifications/badge/", notification_views.notification_badge, name="notification_badge"),
    path("notifications/read-all/", notification_views.notification_read_all, name="notification_read_all"),
    path("notifications/<int:pk>/read/", notification_views.notification_read, name="notification_read"),
    path("calculator/", views.calculator, name="calculator"),
    path("open/<uuid:employee_code>/", case_views.case_open, name="case_open"),
    path("layoffs/", layoff_views.layoff_list, name="layoff_list"),
    path("layoff/", layoff_views.layoff_open, name="layoff_open"),
    path("layoff/<uuid:code>/", layoff_views.family_detail, name="family_detail"),
    path("layoff/<uuid:code>/update/", layoff_views.layoff_update, name="layoff_update"),
    path("layoff/<uuid:code>/members/", layoff_views.layoff_add_members, name="layoff_add_members"),
    path("layoff/<uuid:code>/members/<uuid:case_code>/remove/", layoff_views.layoff_remove_member,
         name="layoff_remove_member"),
    path("layoff/<uuid:code>/answers/", layoff_views.layoff_answers, name="layoff_answers"),
    path("layoff/<uuid:code>/filings/<slug:kind>/", layoff_views.layoff_filing, name="layoff_filing"),
    path("layoff/<uuid:code>/action/", layoff_views.layoff_action, name="layoff_action"),
    path("layoff/filings/<uuid:code>/document/", layoff_views.layoff_filing_document, name="layoff_filing_document"),
    path("layoff/steps/<uuid:code>/decide/", layoff_views.layoff_step_decide, name="layoff_step_decide"),
    path("workflows/", config_views.workflow_list, name="workflow_list"),
    path("workflows/<slug:case_type>/", config_views.workflow_edit, name="workflow_edit"),
    path("policies/", config_views.policy_list, name="policy_list"),
    path("settings/", config_views.case_settings, name="case_settings"),
    path("steps/<uuid:code>/decide/", case_views.step_decide, name="step_decide"),
    path("steps/<uuid:code>/document/", case_views.step_document, name="step_document"),
    path("<uuid:code>/notice-evidence/", case_views.notice_evidence, name="notice_evidence"),
    path("<uuid:code>/", case_views.case_detail, name="case_detail"),
    path("<uuid:code>/civil-service/answer/", civil_service_views.answer, name="cs_answer"),
    path("<uuid:code>/civil-service/leading-member/", civil_service_views.leading_member, name="cs_leading_member"),
    path("<uuid:code>/civil-service/delivery/", civil_service_views.delivery, name="cs_delivery"),
    path("civil-service/documents/<uuid:code>/", civil_service_views.document, name="cs_document"),
    path("<uuid:code>/update/", case_views.case_update, name="case_update"),
    path("<uuid:code>/action/", case_views.case_action, name="case_action"),
    path("<uuid:code>/messages/", case_views.case_message, name="case_message"),
]
