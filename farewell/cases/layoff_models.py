"""A layoff batch's own rows (LCL 41): each member's answers on the priority-retention groups, the
two procedure filings (explanation to the union or staff, report to the labour bureau), the batch's
approval steps and the sweep's reminders. The batch itself is models.CaseFamily.

Imported at the end of models.py (Django finds the models there); the names used here from
models.py are defined by then.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from farewell.common.limits import SHORT_TEXT_CHARS
from farewell.common.wording import word

from .layoff_choices import FilingKind
from .models import CaseFamily, SeparationCase, StepKind, StepStatus, WorkflowStepTemplate


class LayoffMember(models.Model):
    """One member of a batch: their case, and what HR answered for the facts the records do not hold
    (LCL 41 ¶2(3): no one else in the family employed, elderly or minors to support)."""

    family = models.ForeignKey(CaseFamily, on_delete=models.CASCADE, related_name="members")
    case = models.OneToOneField(SeparationCase, on_delete=models.CASCADE, related_name="layoff_member")
    # None = not answered yet; the batch cannot be submitted until every member is answered.
    sole_earner = models.BooleanField(_("家庭无其他就业人员，有需要扶养的老人或者未成年人"), null=True)
    sole_earner_reason = models.TextField(_("依据"), blank=True, max_length=SHORT_TEXT_CHARS)
    # A member in a priority-retention group (LCL 41 ¶2) who is laid off all the same: why.
    retention_reason = models.TextField(_("仍列入裁减的理由"), blank=True, max_length=SHORT_TEXT_CHARS)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["family", "id"]


class LayoffFiling(models.Model):
    """A procedure act done once for the batch, with its date and document (never edited: a correction
    is a new row pointing to the one it corrects; the latest of each kind is in force)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    family = models.ForeignKey(CaseFamily, on_delete=models.PROTECT, related_name="filings")
    kind = models.CharField(_("事项"), max_length=12, choices=FilingKind.choices)
    done_on = models.DateField(_("日期"))
    # To whom: the union or all staff (explanation), the labour administration department (report).
    addressee = models.CharField(_("对象"), max_length=200)
    summary = models.TextField(_("意见与回复"), blank=True, max_length=SHORT_TEXT_CHARS)
    document = models.CharField(max_length=200)
    document_file = models.FileField(upload_to="cases/layoff/%Y/%m/")
    document_sha256 = models.CharField(max_length=64)
    corrects = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    correction_reason = models.TextField(blank=True, max_length=SHORT_TEXT_CHARS)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["family", "kind", "id"]
        constraints = [
            # Recorded once: a second row of a kind must correct an earlier one (and only once each).
            models.UniqueConstraint(fields=["family", "kind"], condition=models.Q(corrects__isnull=True),
                                    name="layofffiling_once_per_kind"),
            models.UniqueConstraint(fields=["corrects"], name="layofffiling_corrected_once"),
        ]


class LayoffStep(models.Model):
    """One approval step of the batch (the layoff workflow template's steps): decided once for all
    members; the members' cases have no steps of their own."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    family = models.ForeignKey(CaseFamily, on_delete=models.CASCADE, related_name="steps")
    template_step = models.ForeignKey(WorkflowStepTemplate, on_delete=models.PROTECT, related_name="+")
    round = models.PositiveSmallIntegerField(default=1)
    order = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=24, choices=StepKind.choices)
    status = models.CharField(max_length=10, choices=StepStatus.choices, default=StepStatus.WAITING)
    due_date = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(blank=True, max_length=SHORT_TEXT_CHARS)
    # Legal review: the warnings legal passed with a written reason, as "<case code>:<code>" or "batch:<code>".
    passed_warnings = models.JSONField(default=list, blank=True)
    assignees = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="routed_layoff_steps")
    routing_note = models.TextField(blank=True)
    # The note as common.wording parts (why no one, the fallbacks used), worded in the reader's language when
    # shown (`shown_routing_note`); null for a step routed before it: its note as stored.
    routing_words = models.JSONField(null=True, blank=True)
    unrouted = models.BooleanField(default=False)

    class Meta:
        ordering = ["family", "round", "order"]
        indexes = [
            # The inbox and the sweep: active steps by due date.
            models.Index(fields=["status", "due_date"], name="layoffstep_status_due_idx"),
        ]

    @property
    def shown_routing_note(self) -> str:
        return word(self.routing_words) if self.routing_words else self.routing_note


class LayoffReminder(models.Model):
    """One reminder per batch, kind and day (or month): the unique key makes the sweep idempotent."""

    family = models.ForeignKey(CaseFamily, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=24)
    day = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["family", "kind", "day"], name="layoffreminder_family_kind_day_uniq"),
        ]
