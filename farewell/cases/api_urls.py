from django.urls import path

from . import api_actions, api_config, api_notifications
from .api import CaseDetailView, CaseListView, CaseTransitionView, LawComputeView

urlpatterns = [
    path("law/compute", LawComputeView.as_view(), name="law_compute"),
    path("cases/", CaseListView.as_view(), name="api_case_list"),
    path("cases/<uuid:code>/", CaseDetailView.as_view(), name="api_case_detail"),
    path("cases/<uuid:code>/transition/", CaseTransitionView.as_view(), name="api_case_transition"),
    path("cases/<uuid:code>/civil-service/answer/", api_actions.CivilServiceAnswer.as_view(), name="api_cs_answer"),
    path("cases/<uuid:code>/civil-service/leading-member/", api_actions.CivilServiceLeadingMember.as_view(),
         name="api_cs_leading_member"),
    path("cases/<uuid:code>/civil-service/delivery/", api_actions.CivilServiceDelivery.as_view(),
         name="api_cs_delivery"),
    path("exports/cases/", api_config.CaseExport.as_view(), name="api_case_export"),
    path("layoffs/", api_actions.BatchList.as_view(), name="api_layoffs"),
    path("layoffs/<uuid:code>/", api_actions.BatchDetail.as_view(), name="api_layoff"),
    path("layoffs/<uuid:code>/members/", api_actions.BatchMembers.as_view(), name="api_layoff_members"),
    path("layoffs/<uuid:code>/members/<uuid:case_code>/remove/", api_actions.BatchRemoveMember.as_view(),
         name="api_layoff_remove_member"),
    path("layoffs/<uuid:code>/answers/", api_actions.BatchAnswers.as_view(), name="api_layoff_answers"),
    path("layoffs/<uuid:code>/filings/<slug:kind>/", api_actions.BatchFiling.as_view(), name="api_layoff_filing"),
    path("layoffs/<uuid:code>/action/", api_actions.BatchAction.as_view(), name="api_layoff_action"),
    path("layoffs/steps/<uuid:code>/decide/", api_actions.BatchStepDecide.as_view(), name="api_layoff_step_decide"),
    path("notifications/", api_notifications.NotificationList.as_view(), name="api_notifications"),
    path("notifications/unread/", api_notifications.NotificationUnread.as_view(), name="api_notifications_unread"),
    path("notifications/read-all/", api_notifications.NotificationReadAll.as_view(),
         name="api_notifications_read_all"),
    path("notifications/<int:pk>/read/", api_notifications.NotificationRead.as_view(), name="api_notification_read"),
    path("workflows/", api_config.WorkflowList.as_view(), name="api_workflows"),
    path("workflows/<slug:case_type>/", api_config.WorkflowDetail.as_view(), name="api_workflow"),
    path("case-settings/", api_config.CaseSettingsDetail.as_view(), name="api_case_settings"),
    path("compensation-policies/", api_config.CompensationPolicyList.as_view(), name="api_compensation_policies"),
]
