"""/api/users/ (included from farewell/urls.py)."""

from django.urls import path

from . import api_users

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
    path("employees/<uuid:code>/invite/", api_users.InviteEmployee.as_view(), name="api_employee_invite"),
]
