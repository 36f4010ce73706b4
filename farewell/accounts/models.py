"""Users, role grants with an org-unit scope, and the access log of sensitive reads."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    HR_ADMIN = "hr_admin", _("HR管理员")
    HRBP = "hrbp", _("HRBP")
    LEGAL = "legal", _("法务")
    MANAGER = "manager", _("直线经理")
    APPROVER = "approver", _("审批领导")
    EMPLOYEE = "employee", _("员工")
    AUDITOR = "auditor", _("审计")


class User(AbstractUser):
    employee = models.OneToOneField(
        "org.Employee", null=True, blank=True, on_delete=models.SET_NULL, related_name="user"
    )
    display_name = models.CharField(_("显示名"), max_length=50, blank=True)

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username


class RoleGrant(models.Model):
    """A role for a user in a company; `org_unit` (with its subtree) narrows the scope,
    null means the whole company. Managers and employees are scoped by the org chart,
    not by the unit."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="grants")
    role = models.CharField(_("角色"), max_length=12, choices=Role.choices)
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
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["employee", "at"], name="accesslog_employee_at_idx")]
