"""/api/me/…: the employee's self-service (included from farewell/urls.py under /api/), and HR's two
downloads for the employee (the resignation receipt, the employee's copy of a case's records)."""

from django.urls import path

from . import api, api_mine

urlpatterns = [
    path("me/summary/", api.Summary.as_view(), name="api_me_summary"),
    path("me/estimate/", api.Estimate.as_view(), name="api_me_estimate"),
    path("me/resignation/", api.GiveNotice.as_view(), name="api_me_notice"),
    path("me/negotiation/", api.Negotiate.as_view(), name="api_me_negotiate"),
    path("me/case/confirm/", api.Confirm.as_view(), name="api_me_confirm"),
    path("me/messages/", api.Messages.as_view(), name="api_me_messages"),
    path("me/demands/", api.Demands.as_view(), name="api_me_demands"),
    path("me/receipt/<str:fmt>/", api.Receipt.as_view(), name="api_me_receipt"),
    path("me/copy/", api.MyCopy.as_view(), name="api_me_copy"),
    path("me/documents/", api.Documents.as_view(), name="api_me_documents"),
    path("me/documents/<uuid:code>/", api.Document.as_view(), name="api_me_document"),
    path("me/explanations/", api.Explanations.as_view(), name="api_me_explanations"),
    path("me/talks/", api_mine.TalkRecords.as_view(), name="api_me_talks"),
    path("me/talks/<uuid:code>/pdf/", api_mine.TalkRecordPdf.as_view(), name="api_me_talk_pdf"),
    path("me/talks/<uuid:code>/acknowledge/", api_mine.TalkRecordAcknowledge.as_view(),
         name="api_me_talk_acknowledge"),
    path("me/exit-survey/", api_mine.ExitSurveyView.as_view(), name="api_me_exit_survey"),
    path("cases/<uuid:case_code>/resignation-receipt/<str:fmt>/", api.CaseReceipt.as_view(), name="api_case_receipt"),
    path("cases/<uuid:case_code>/employee-copy/", api.CaseEmployeeCopy.as_view(), name="api_case_employee_copy"),
]
