"""/api/exits/ (included from farewell/urls.py)."""

from django.urls import path

from . import api, api_settings

urlpatterns = [
    path("departures/", api.DepartureList.as_view(), name="api_exits_departures"),
    path("employees/<uuid:employee_code>/departure/", api.DepartureOpen.as_view(), name="api_exits_departure_open"),
    path("departures/<uuid:code>/", api.DepartureDetail.as_view(), name="api_exits_departure"),
    path("departures/<uuid:code>/classify/", api.DepartureClassify.as_view(), name="api_exits_departure_classify"),
    path("departures/<uuid:code>/rehire/", api.DepartureRehire.as_view(), name="api_exits_departure_rehire"),
    path("departures/<uuid:code>/verify/", api.DepartureVerify.as_view(), name="api_exits_departure_verify"),
    path("departures/<uuid:code>/manager-feedback/", api.DepartureFeedback.as_view(),
         name="api_exits_departure_feedback"),
    path("departures/<uuid:code>/summary/", api.DepartureSummary.as_view(), name="api_exits_departure_summary"),
    path("departures/<uuid:code>/survey/", api.DepartureSurveySend.as_view(), name="api_exits_survey_send"),
    path("departures/<uuid:code>/interviews/", api.InterviewCreate.as_view(), name="api_exits_interview_new"),
    path("interviews/<uuid:code>/", api.InterviewDetail.as_view(), name="api_exits_interview"),
    path("interviews/<uuid:code>/sign/", api.InterviewSign.as_view(), name="api_exits_interview_sign"),
    path("interviews/<uuid:code>/correct/", api.InterviewCorrect.as_view(), name="api_exits_interview_correct"),
    path("report/", api.TurnoverReport.as_view(), name="api_exits_report"),
    path("report/export/", api.TurnoverReportExport.as_view(), name="api_exits_report_export"),
    path("survey-results/", api.SurveyResults.as_view(), name="api_exits_survey_results"),
    path("actions/", api.ActionList.as_view(), name="api_exits_actions"),
    path("actions/<uuid:code>/", api.ActionDetail.as_view(), name="api_exits_action"),
    path("alumni/", api.AlumniList.as_view(), name="api_exits_alumni"),
    path("departures/<uuid:code>/alumni/", api.AlumnusAdd.as_view(), name="api_exits_alumni_add"),
    path("reasons/", api_settings.ReasonList.as_view(), name="api_exits_reasons"),
    path("reasons/<int:pk>/", api_settings.ReasonDetail.as_view(), name="api_exits_reason"),
    path("survey-questions/", api_settings.QuestionList.as_view(), name="api_exits_questions"),
    path("replacement-costs/", api_settings.ReplacementCostList.as_view(), name="api_exits_replacement_costs"),
]
