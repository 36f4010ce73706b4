from django.contrib.auth import views as auth_views
from django.urls import path

from . import views, views_mail, views_security, views_setup, views_sso, views_users

app_name = "accounts"

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(template_name="accounts/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Single sign-on (docs/sso_wecom.md): open like the login page; 404 while not configured.
    path("sso/oidc/login/", views_sso.oidc_login, name="oidc_login"),
    path("sso/oidc/callback/", views_sso.oidc_callback, name="oidc_callback"),
    path("sso/wecom/login/", views_sso.wecom_login, name="wecom_login"),
    path("sso/wecom/callback/", views_sso.wecom_callback, name="wecom_callback"),
    path("no-access/", views.no_access, name="no_access"),
    path("access-log/", views.access_log, name="access_log"),
    path("access-log/export.<str:fmt>", views.access_log_export, name="access_log_export"),
    # Passwords: change (signed in), reset by e-mail and the one-time link (open, like the login).
    path("password/", views_setup.password_change, name="password_change"),
    path("password/done/", views_setup.password_change_done, name="password_change_done"),
    path("password-reset/", views_setup.password_reset, name="password_reset"),
    path("password-reset/sent/", views_setup.password_reset_done, name="password_reset_done"),
    path("password-reset/complete/", views_setup.password_reset_complete, name="password_reset_complete"),
    path("set-password/<uidb64>/<token>/", views_setup.set_password, name="set_password"),
    # 设置 › 用户与权限
    path("users/", views_users.users, name="users"),
    path("users/new/", views_users.user_create, name="user_create"),
    path("users/bulk/managers/", views_users.bulk_managers, name="bulk_managers"),
    path("users/bulk/unit/", views_users.bulk_unit, name="bulk_unit"),
    path("user/<str:username>/", views_users.user_detail, name="user_detail"),
    path("user/<str:username>/grants/", views_users.grant_add, name="grant_add"),
    path("user/<str:username>/grants/<int:grant_id>/revoke/", views_users.grant_revoke, name="grant_revoke"),
    path("user/<str:username>/deactivate/", views_users.user_deactivate, name="user_deactivate"),
    path("user/<str:username>/reactivate/", views_users.user_reactivate, name="user_reactivate"),
    path("user/<str:username>/unlock/", views_users.user_unlock, name="user_unlock"),
    path("user/<str:username>/send-link/", views_users.user_send_link, name="user_send_link"),
    path("invite/<uuid:code>/", views_users.invite_employee, name="invite_employee"),
    # 设置 › 安全策略: the security admin's (三员分立).
    path("security-policy/", views_security.security_policy, name="security_policy"),
    # 设置 › 用户与权限 › 邮件发送: failed e-mails, for the HR admin and the system admin.
    path("mail/", views_mail.mail_outbox, name="mail_outbox"),
    path("mail/<int:pk>/send-again/", views_mail.mail_send_again, name="mail_send_again"),
]
