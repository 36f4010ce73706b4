from django.urls import path

from . import settings_views, views

app_name = "talks"

urlpatterns = [
    path("", views.index, name="index"),
    path("plans/new/case/<uuid:case_code>/", views.plan_new_for_case, name="plan_new_for_case"),
    path("plans/new/employee/<uuid:employee_code>/", views.plan_new_for_employee, name="plan_new_for_employee"),
    path("plans/<uuid:code>/", views.plan_detail, name="plan_detail"),
    path("plans/<uuid:plan_code>/record/", views.conversation_new, name="conversation_new"),
    path("records/<uuid:code>/", views.conversation_detail, name="conversation_detail"),
    path("records/<uuid:code>/edit/", views.conversation_edit, name="conversation_edit"),
    path("records/<uuid:code>/checklist/<int:order>/", views.checklist_tick, name="checklist_tick"),
    path("records/<uuid:code>/attachments/", views.attachment_add, name="attachment_add"),
    path("records/<uuid:code>/sign/", views.conversation_sign, name="conversation_sign"),
    path("records/<uuid:code>/correct/", views.conversation_correct, name="conversation_correct"),
    path("records/<uuid:code>/transcripts/", views.transcript_add, name="transcript_add"),
    path("attachments/<uuid:code>/", views.attachment_download, name="attachment_download"),
    path("transcripts/<uuid:code>/", views.transcript_detail, name="transcript_detail"),
    path("cases/<uuid:case_code>/package/", views.evidence_package, name="evidence_package"),
    path("mine/", settings_views.mine, name="mine"),
    path("mine/<uuid:code>/pdf/", settings_views.mine_pdf, name="mine_pdf"),
    path("mine/<uuid:code>/acknowledge/", settings_views.mine_acknowledge, name="mine_acknowledge"),
    path("settings/templates/", settings_views.template_list, name="template_list"),
    path("settings/templates/<slug:situation>/", settings_views.template_edit, name="template_edit"),
    path("settings/phrases/", settings_views.phrases, name="phrases"),
]
