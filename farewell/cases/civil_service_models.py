"""What a civil-service case records besides the case row (公务员法 2018): HR's answers to the CSL 86
and CSL 89 checklists, the delivery of the written 辞退决定 (CSL 90; its 10-working-day limit: 公务员辞退规定
第十条), and the sweep's reminders of the CSL 85 approval period and of that delivery limit. Imported by
models.py so Django sees them as models of the cases app.

Answers and deliveries are evidence: a row is never edited; a changed answer or a corrected delivery
is a new row (the latest counts), each in the ledger with the SHA-256 of its uploaded file.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from farewell.common.limits import SHORT_TEXT_CHARS

from .models import SeparationCase


class CivilServiceAnswer(models.Model):
    """HR's yes/no answer to one checklist item (civil_service.CHECKLISTS), with optional evidence."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(SeparationCase, on_delete=models.PROTECT, related_name="civil_service_answers")
    item = models.CharField(max_length=40)
    answer = models.BooleanField(_("是否存在该情形"))
    note = models.TextField(_("说明"), blank=True, max_length=SHORT_TEXT_CHARS)
    # The uploaded evidence: its name as uploaded, the stored file (never MEDIA_URL), its SHA-256 as in the ledger.
    document = models.CharField(max_length=200, blank=True)
    document_file = models.FileField(upload_to="cases/civil_service/%Y/%m/", blank=True)
    document_sha256 = models.CharField(max_length=64, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    answered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "item", "-answered_at", "-id"]
        indexes = [
            # The case page and every approval read the latest answer per item of one case.
            models.Index(fields=["case", "item", "-answered_at"], name="csanswer_case_item_idx"),
        ]


class DeliveryMethod(models.TextChoices):
    IN_PERSON = "in_person", _("直接送达本人（签收）")
    MAIL = "mail", _("邮寄送达")
    LEFT = "left", _("留置送达")
    ENTRUSTED = "entrusted", _("委托送达")
    PUBLIC_NOTICE = "public_notice", _("公告送达")


class DecisionDelivery(models.Model):
    """The written 辞退决定 given to the person (CSL 90): when, how, and the signed receipt or proof."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(SeparationCase, on_delete=models.PROTECT, related_name="decision_deliveries")
    decided_on = models.DateField(_("辞退决定作出日期"))
    delivered_on = models.DateField(_("送达日期"))
    method = models.CharField(_("送达方式"), max_length=16, choices=DeliveryMethod.choices)
    note = models.TextField(_("说明"), blank=True, max_length=SHORT_TEXT_CHARS)
    document = models.CharField(max_length=200, blank=True)
    document_file = models.FileField(upload_to="cases/civil_service/%Y/%m/", blank=True)
    document_sha256 = models.CharField(max_length=64, blank=True)
    # 公务员辞退规定 第十条: the last day for delivery (10 working days after the decision), and whether this
    # delivery came after it (then `note` says why: a late delivery is refused without a reason).
    due_date = models.DateField(_("送达期限"), null=True, blank=True)
    late = models.BooleanField(_("逾期送达"), default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "-recorded_at", "-id"]


class ApprovalReminder(models.Model):
    """One reminder of a resignation's CSL 85 approval period per case per day: the sweep's idempotence."""

    case = models.ForeignKey(SeparationCase, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "day"], name="csreminder_case_day_uniq")]


class DeliveryReminder(models.Model):
    """One reminder of an undelivered 辞退决定 per case per day (公务员辞退规定 第十条): the sweep's idempotence."""

    case = models.ForeignKey(SeparationCase, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "day"], name="csdelivery_reminder_case_day_uniq")]
