from django.urls import path

from . import alumni_views, report_views, settings_views, views

app_name = "exits"

urlpatterns = [
    path("", views.index, name="index"),
    path("employees/<uuid:employee_code>/open/", views.departure_open, name="departure_open"),
    path("departures/<uuid:code>/", views.departure_detail, name="departure_detail"),
    path("departures/<uuid:code>/classify/", views.departure_classify, name="departure_classify"),
    path("departures/<uuid:code>/rehire/", views.departure_rehire, name="departure_rehire"),
    path("departures/<uuid:code>/verify/", views.departure_verify, name="departure_verify"),
    path("departures/<uuid:code>/manager-feedback/", views.departure_feedback, name="departure_feedback"),
    path("departures/<uuid:code>/summary/", views.departure_summary, name="departure_summary"),
    path("departures/<uuid:code>/survey/", views.survey_send, name="survey_send"),
    path("departures/<uuid:code>/survey/email/", views.survey_send_email, name="survey_send_email"),
    path("s/<str:token>/", views.survey_by_link, name="survey_by_link"),
    path("departures/<uuid:code>/interviews/", views.interview_new, name="interview_new"),
    path("interviews/<uuid:code>/", views.interview_detail, name="interview_detail"),
    path("interviews/<uuid:code>/sign/", views.interview_sign, name="interview_sign"),
    path("interviews/<uuid:code>/correct/", views.interview_correct, name="interview_correct"),
    path("mine/", views.my_exit, name="my_exit"),
    path("alumni/", alumni_views.alumni_list, name="alumni_list"),
    path("departures/<uuid:code>/alumni/", alumni_views.alumni_add, name="alumni_add"),
    path("alumni/me/<str:token>/", alumni_views.alumni_self, name="alumni_self"),
    path("report/", report_views.report, name="report"),
    path("report/export/", report_views.report_export, name="report_export"),
    path("report/pdf/", report_views.report_pdf, name="report_pdf"),
    path("report/survey/", report_views.survey_results, name="survey_results"),
    path("actions/", report_views.action_list, name="action_list"),
    path("actions/new/", report_views.action_new, name="action_new"),
    path("actions/<uuid:code>/", report_views.action_detail, name="action_detail"),
    path("settings/reasons/", settings_views.reasons, name="reasons"),
    path("settings/reasons/<int:pk>/", settings_views.reason_edit, name="reason_edit"),
    path("settings/questions/", settings_views.questions, name="questions"),
    path("settings/replacement-costs/", settings_views.replacement_costs, name="replacement_costs"),
]
