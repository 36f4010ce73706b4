"""/api/talks/ (included from farewell/urls.py)."""

from django.urls import path

from . import api, api_writes

urlpatterns = [
    path("conversations/", api_writes.ConversationList.as_view(), name="api_talks_conversations"),
    path("plans/", api_writes.PlanList.as_view(), name="api_talks_plans"),
    path("cases/<uuid:case_code>/plans/", api_writes.CasePlans.as_view(), name="api_talks_case_plans"),
    path("cases/<uuid:case_code>/conversations/", api.CaseConversationList.as_view(),
         name="api_talks_case_conversations"),
    path("cases/<uuid:case_code>/package/", api_writes.EvidencePackage.as_view(), name="api_talks_evidence_package"),
    path("employees/<uuid:employee_code>/plans/", api_writes.EmployeePlans.as_view(), name="api_talks_employee_plans"),
    path("plans/<uuid:code>/", api_writes.PlanDetail.as_view(), name="api_talks_plan_detail"),
    path("plans/<uuid:plan_code>/conversations/", api_writes.ConversationStart.as_view(),
         name="api_talks_conversation_new"),
    path("conversations/<uuid:code>/", api_writes.ConversationDetail.as_view(), name="api_talks_conversation_detail"),
    path("conversations/<uuid:code>/checklist/<int:order>/", api_writes.ChecklistTick.as_view(),
         name="api_talks_checklist_tick"),
    path("conversations/<uuid:code>/attachments/", api_writes.AttachmentAdd.as_view(),
         name="api_talks_attachment_add"),
    path("conversations/<uuid:code>/sign/", api_writes.ConversationSign.as_view(), name="api_talks_conversation_sign"),
    path("conversations/<uuid:code>/correct/", api_writes.ConversationCorrect.as_view(),
         name="api_talks_conversation_correct"),
    path("conversations/<uuid:code>/transcripts/", api.TranscriptUpload.as_view(),
         name="api_talks_transcript_upload"),
    path("attachments/<uuid:code>/", api_writes.AttachmentDownload.as_view(), name="api_talks_attachment_download"),
    path("transcripts/<uuid:code>/", api.TranscriptDetail.as_view(), name="api_talks_transcript_detail"),
    path("templates/", api_writes.TemplateList.as_view(), name="api_talks_templates"),
    path("templates/<slug:situation>/", api_writes.TemplateDetail.as_view(), name="api_talks_template"),
    path("phrases/", api_writes.Phrases.as_view(), name="api_talks_phrases"),
]
