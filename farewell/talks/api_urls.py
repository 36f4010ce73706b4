"""/api/talks/ (included from farewell/urls.py)."""

from django.urls import path

from . import api

urlpatterns = [
    path("cases/<uuid:case_code>/plans/", api.CasePlanList.as_view(), name="api_talks_case_plans"),
    path("cases/<uuid:case_code>/conversations/", api.CaseConversationList.as_view(),
         name="api_talks_case_conversations"),
    path("plans/<uuid:code>/", api.PlanDetail.as_view(), name="api_talks_plan_detail"),
    path("conversations/<uuid:code>/", api.ConversationDetail.as_view(), name="api_talks_conversation_detail"),
    path("conversations/<uuid:code>/transcripts/", api.TranscriptUpload.as_view(),
         name="api_talks_transcript_upload"),
    path("transcripts/<uuid:code>/", api.TranscriptDetail.as_view(), name="api_talks_transcript_detail"),
]
