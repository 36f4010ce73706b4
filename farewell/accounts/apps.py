from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "farewell.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from farewell.common import labels
        from farewell.ledger.anchor import anchor_recipients

        from .anchors import auditor_addresses

        anchor_recipients.connect(auditor_addresses, dispatch_uid="accounts.auditor_addresses")

        from django.contrib.auth.signals import user_logged_out

        from .tokens import revoke_at_logout

        user_logged_out.connect(revoke_at_logout, dispatch_uid="accounts.revoke_tokens_at_logout")

        from django.contrib.auth.signals import user_logged_in

        from .security import session_length_at_login

        user_logged_in.connect(session_length_at_login, dispatch_uid="accounts.session_length")

        labels.register_events({
            "company_created": _("初始设置：创建公司和HR管理员"), "login_created": _("开通登录账号"),
            "logins_created": _("批量开通登录账号"), "role_granted": _("授予角色"), "role_revoked": _("撤销角色"),
            "login_deactivated": _("停用登录账号"), "login_reactivated": _("恢复登录账号"),
            "set_password_link_sent": _("发送设置密码链接"),
            "security_policy_changed": _("修改安全策略"), "audit_exported": _("审计导出"),
            "login_unlocked": _("解除登录锁定"),
        })
