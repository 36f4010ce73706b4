"""PIPL: separate consents for sensitive personal information, the retention schedule, legal holds.

docs/privacy.md says which processing the law requires (no consent asked) and which needs one.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from farewell.cases.models import SeparationCase
from farewell.common import consent
from farewell.org.models import Company, Employee


class Purpose(models.TextChoices):
    """What a separate consent (PIPL Art. 29) is given for; the values are common.consent's."""

    HEALTH_DETAILS = consent.HEALTH_DETAILS, _("健康信息细节（病情、诊断等保护期备注）")
    TALK_RECORDING = consent.TALK_RECORDING, _("谈话录音及其语音转写")


class Method(models.TextChoices):
    PORTAL = "portal", _("员工在自助服务中点击同意")
    PAPER = "paper", _("书面同意（HR上传扫描件）")


class Consent(models.Model):
    """One consent of one person to one purpose: given once, withdrawn at most once.

    A new consent after a withdrawal is a new row, so the history stays readable.
    """

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("用途"), max_length=30, choices=Purpose.choices)
    # The words the person agreed to, exactly as shown at the time (the text may change later).
    purpose_text = models.TextField(_("告知内容"))
    scope = models.TextField(_("处理范围"))
    method = models.CharField(_("同意方式"), max_length=10, choices=Method.choices)
    scan = models.FileField(upload_to="privacy/consents/%Y/%m/", blank=True)  # the paper form (method=paper)
    scan_sha256 = models.CharField(max_length=64, blank=True)
    given_at = models.DateTimeField(_("同意时间"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")

    class Meta:
        verbose_name = _("单独同意")
        verbose_name_plural = _("单独同意")
        ordering = ["employee", "purpose", "-given_at"]
        constraints = [
            # At most one standing consent per person and purpose (the gate asks exactly this).
            models.UniqueConstraint(fields=["employee", "purpose"], condition=Q(withdrawn_at__isnull=True),
                                    name="consent_one_standing"),
        ]

    @property
    def standing(self) -> bool:
        return self.withdrawn_at is None


class DataKind(models.TextChoices):
    """What the retention schedule keeps for how long after the person left."""

    CONTRACT_DOCUMENTS = "contract_documents", _("解除/终止劳动合同的文书（协议、通知书、签署件）")
    TALK_RECORDINGS = "talk_recordings", _("谈话录音")
    TRANSCRIPTS = "transcripts", _("谈话转写文本")
    HEALTH = "health", _("特殊保护期记录（孕期、医疗期等健康信息）")
    IDENTITY = "identity", _("身份证号和银行账号")
    EXIT_INTERVIEWS = "exit_interviews", _("离职面谈记录和离职核实的文字（员工陈述、建议、HR备注）")
    EXIT_SURVEYS = "exit_surveys", _("离职问卷的文字回答和个人邮箱")


class RetentionRule(models.Model):
    """How many months after the separation date a kind of data is kept (a company's choice above
    the legal floor; without a row the shipped default applies, see privacy/retention.py)."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("数据类别"), max_length=30, choices=DataKind.choices)
    months = models.PositiveSmallIntegerField(_("离职后保存（月）"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("保存期限")
        verbose_name_plural = _("保存期限")
        constraints = [models.UniqueConstraint(fields=["company", "kind"], name="retention_company_kind_uniq")]


class LegalHold(models.Model):
    """A hold on a case (a dispute, an arbitration, an audit): nothing of its employee is purged
    while it stands. Set and released by HR with a reason, both in the ledger."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(SeparationCase, on_delete=models.PROTECT, related_name="legal_holds")
    reason = models.TextField(_("保全原因"))
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    set_at = models.DateTimeField(auto_now_add=True)
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    release_reason = models.TextField(_("解除原因"), blank=True)

    class Meta:
        verbose_name = _("诉讼保全（暂停删除）")
        verbose_name_plural = _("诉讼保全（暂停删除）")
        ordering = ["-set_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=Q(released_at__isnull=True), name="hold_one_standing"),
        ]
