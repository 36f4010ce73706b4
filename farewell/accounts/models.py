"""Users, role grants with an org-unit scope, and the access log of sensitive reads."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.sessions.base_session import AbstractBaseSession
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .purposes import shown_purpose


class Role(models.TextChoices):
    HR_ADMIN = "hr_admin", _("HR管理员")
    HRBP = "hrbp", _("HRBP")
    LEGAL = "legal", _("法务")
    MANAGER = "manager", _("直线经理")
    APPROVER = "approver", _("审批领导")
    EMPLOYEE = "employee", _("员工")
    # 三员分立 (等保 2.0 level 3): the installation's system, security and audit administrators. Each is
    # company-wide and holds no other role (services.ADMIN_ROLES); the audit administrator is the
    # auditor, who reads the ledger and the access log and changes nothing (middleware.AuditReadOnly).
    AUDITOR = "auditor", _("审计管理员")
    SYSTEM_ADMIN = "system_admin", _("系统管理员")
    SECURITY_ADMIN = "security_admin", _("安全管理员")


class User(AbstractUser):
    employee = models.OneToOneField(
        "org.Employee", null=True, blank=True, on_delete=models.SET_NULL, related_name="user"
    )
    display_name = models.CharField(_("显示名"), max_length=50, blank=True)

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username


class Session(AbstractBaseSession):
    """A signed-in browser's session (SESSION_ENGINE farewell.accounts.sessions): Django's database session
    with the signed-in user's id beside the data, so that a request reads its session, its user and the user's
    grants in one SELECT (issue 14). The id is a copy of what the session data says (written on every save);
    the data stays what Django's auth reads and checks. No constraint: a session of a deleted user finds no
    user row and is signed out, as before."""

    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.DO_NOTHING, db_constraint=False,
                             related_name="+")

    @classmethod
    def get_session_store_class(cls):
        from .sessions import SessionStore

        return SessionStore


class RoleGrant(models.Model):
    """A role for a user in a company; `org_unit` (with its subtree) narrows the scope,
    null means the whole company. Managers and employees are scoped by the org chart,
    not by the unit."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="grants")
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    company = models.ForeignKey("org.Company", on_delete=models.CASCADE, related_name="+")
    org_unit = models.ForeignKey(
        "org.OrgUnit", null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("范围")
    )

    class Meta:
        verbose_name = _("角色授权")
        verbose_name_plural = _("角色授权")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "company", "org_unit"], name="grant_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.role} {self.org_unit or self.company}"


class AccessLog(models.Model):
    """Every read of sensitive personal information: who, whose, what, when, why (PIPL)."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    employee = models.ForeignKey("org.Employee", null=True, on_delete=models.PROTECT, related_name="+")
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    field = models.CharField(max_length=50)
    purpose = models.CharField(max_length=200)
    # A purpose with values (how many ledger entries were read) as common.wording's JSON, worded in the reader's
    # language when shown; `purpose` keeps it worded in the writer's (the search reads it). Null for the others.
    words = models.JSONField(null=True, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["employee", "at"], name="accesslog_employee_at_idx")]

    @property
    def shown_purpose(self) -> str:
        """The purpose in the reader's language (stored as its msgid, or with its words: accounts/purposes.py)."""
        return shown_purpose(self.purpose, self.words)


class SecurityPolicy(models.Model):
    """The installation's security policy, set by the security administrator (one row, id 1).

    Read where it takes effect, never on every request: the password length when a password is
    set, the session's length at login, the failure limit when a login fails (django-axes)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    password_min_length = models.PositiveSmallIntegerField(
        _("密码最短长度"), default=8, validators=[MinValueValidator(8), MaxValueValidator(64)])
    session_hours = models.PositiveSmallIntegerField(
        _("登录会话有效时长（小时）"), default=8, validators=[MinValueValidator(1), MaxValueValidator(24)])
    login_failure_limit = models.PositiveSmallIntegerField(
        _("连续登录失败锁定次数"), default=5, validators=[MinValueValidator(3), MaxValueValidator(10)])
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        verbose_name = _("安全策略")
        verbose_name_plural = _("安全策略")

    @classmethod
    def current(cls) -> SecurityPolicy:
        """The saved policy, or the defaults (unsaved) while nobody has set one."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)
