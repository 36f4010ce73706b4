"""/api/users/, the audit admin's /api/access-log/ and exports, the mail outbox (included from farewell/urls.py)."""

from django.urls import path

from . import api_audit, api_users

urlpatterns = [
    path("users/", api_users.UserList.as_view(), name="api_users"),
    path("users/bulk/managers/", api_users.BulkManagers.as_view(), name="api_users_bulk_managers"),
    path("users/bulk/unit/", api_users.BulkUnit.as_view(), name="api_users_bulk_unit"),
    path("users/<str:username>/", api_users.UserDetail.as_view(), name="api_user"),
    path("users/<str:username>/grants/", api_users.GrantAdd.as_view(), name="api_user_grant_add"),
    path("users/<str:username>/grants/<int:grant_id>/revoke/", api_users.GrantRevoke.as_view(),
         name="api_user_grant_revoke"),
    path("users/<str:username>/deactivate/", api_users.UserDeactivate.as_view(), name="api_user_deactivate"),
    path("users/<str:username>/reactivate/", api_users.UserReactivate.as_view(), name="api_user_reactivate"),
    path("users/<str:username>/send-link/", api_users.UserSendLink.as_view(), name="api_user_send_link"),
    path("users/<str:username>/unlock/", api_audit.UserUnlock.as_view(), name="api_user_unlock"),
    path("employees/<uuid:code>/invite/", api_users.InviteEmployee.as_view(), name="api_employee_invite"),
    path("access-log/", api_audit.AccessLogList.as_view(), name="api_access_log"),
    path("access-log/export/<str:fmt>/", api_audit.AccessLogExport.as_view(), name="api_access_log_export"),
    path("ledger/export/<str:fmt>/", api_audit.LedgerExport.as_view(), name="api_ledger_export"),
    path("mail/", api_audit.MailOutbox.as_view(), name="api_mail_outbox"),
    path("mail/<int:pk>/send-again/", api_audit.MailSendAgain.as_view(), name="api_mail_send_again"),
]
