"""Separation cases, their workflow (templates, versions, steps), engine runs, money policy, messages."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from farewell.common.limits import LONG_TEXT_CHARS, SHORT_TEXT_CHARS
from farewell.common.wording import word
from farewell.org.models import Company, Employee

from .layoff_choices import BatchStatus, LayoffReason


class CaseType(models.TextChoices):
    RESIGNATION = "resignation", _("员工辞职")
    MUTUAL_EMPLOYER = "mutual_employer", _("协商一致（单位提出）")
    MUTUAL_EMPLOYEE = "mutual_employee", _("协商一致（员工提出）")
    PROBATION_REJECTION = "probation_rejection", _("试用期不符合录用条件")
    MISCONDUCT = "misconduct", _("严重违纪等过失性解除")
    INCAPACITY = "incapacity", _("医疗期满不能工作")
    INCOMPETENCE = "incompetence", _("不能胜任工作")
    OBJECTIVE_CHANGE = "objective_change", _("客观情况发生重大变化")
    LAYOFF = "layoff", _("经济性裁员")
    EXPIRY = "expiry", _("劳动合同到期终止")
    RETIREMENT = "retirement", _("退休")
    CS_DISMISSAL = "cs_dismissal", _("公务员辞退")
    CS_RESIGNATION = "cs_resignation", _("公务员辞职")


# Case type → the engine grounds it may use (the first is the default). DESIGN: a case's
# ground is an engine ground code; the UI groups codes under plain names.
CASE_GROUNDS: dict[str, list[str]] = {
    CaseType.RESIGNATION: ["resignation", "employer_fault_resignation"],
    CaseType.MUTUAL_EMPLOYER: ["mutual_employer_initiated"],
    CaseType.MUTUAL_EMPLOYEE: ["mutual_employee_initiated"],
    CaseType.PROBATION_REJECTION: ["probation_rejection"],
    CaseType.MISCONDUCT: ["misconduct"],
    CaseType.INCAPACITY: ["illness_incapacity"],
    CaseType.INCOMPETENCE: ["incompetence"],
    CaseType.OBJECTIVE_CHANGE: ["objective_change"],
    CaseType.LAYOFF: ["economic_layoff"],
    CaseType.EXPIRY: [
        "expiry_employer_not_renewing",
        "expiry_employee_declines_same_or_better",
        "expiry_employee_declines_worse_terms",
    ],
    CaseType.RETIREMENT: ["retirement"],
    CaseType.CS_DISMISSAL: [
        "cs_dismissal_two_years_incompetent",
        "cs_dismissal_refuses_other_post",
        "cs_dismissal_refuses_restructuring",
        "cs_dismissal_discipline",
        "cs_dismissal_absence",
    ],
    CaseType.CS_RESIGNATION: ["cs_resignation"],
}

# Civil servants (公务员法): their case types; the engine refuses them for anyone else (rule pack CN-civil-service).
CIVIL_SERVICE_TYPES = frozenset({CaseType.CS_DISMISSAL, CaseType.CS_RESIGNATION})

# LCL 39 and 40 grounds: legal review and union notification (LCL 43) concern them.
FAULT_OR_NOTICE_GROUNDS = {
    "probation_rejection", "misconduct", "illness_incapacity", "incompetence", "objective_change",
}
# A notice given by the employee (LCL 37; CSL 85): received, never approved or rejected.
NOTICE_TYPES = {CaseType.RESIGNATION}


class CaseStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    IN_REVIEW = "in_review", _("审批中")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("已驳回")
    WITHDRAWN = "withdrawn", _("已撤回")
    NOTICE_RECEIVED = "notice_received", _("已收到辞职通知")
    IN_HANDOVER = "in_handover", _("交接中")
    CLOSED = "closed", _("已结案")


OPEN_STATUSES = {
    CaseStatus.DRAFT, CaseStatus.IN_REVIEW, CaseStatus.APPROVED, CaseStatus.NOTICE_RECEIVED,
    CaseStatus.IN_HANDOVER,
}


class Risk(models.TextChoices):
    NONE = "none", _("无")
    WARNING = "warning", _("有风险提示")
    BLOCKED = "blocked", _("违法/阻断")


class Via(models.TextChoices):
    HR = "hr", _("HR发起")
    MANAGER = "manager", _("经理提出绩效问题")
    PORTAL = "portal", _("员工自助")


class CaseFamily(models.Model):
    """A layoff batch (LCL 41): one decision about many people, submitted and approved once
    (layoffs.py); each member has a case of ground economic_layoff whose status follows the batch."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("名称"), max_length=200)
    status = models.CharField(_("状态"), max_length=12, choices=BatchStatus.choices, default=BatchStatus.DRAFT)
    reason_code = models.CharField(_("裁员情形"), max_length=24, choices=LayoffReason.choices, blank=True)
    reason = models.TextField(_("裁员理由"), blank=True, max_length=LONG_TEXT_CHARS)
    # The planned last contract day of every member (their cases' separation_date).
    planned_date = models.DateField(_("计划解除日"), null=True, blank=True)
    # The workflow version the batch was created on (the layoff template); its steps are LayoffStep rows.
    workflow = models.ForeignKey("WorkflowTemplate", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="+")
    round = models.PositiveSmallIntegerField(default=0)  # submissions so far
    # LCL 41 ¶2(1) "较长期限的固定期限劳动合同": the law gives no number; HR sets it per batch.
    long_term_months = models.PositiveSmallIntegerField(_("较长期限（月）"), default=36)
    # LCL 41 ¶3: rehire with priority within six months of the layoff; set when the batch is approved.
    rehire_until = models.DateField(_("优先招用截止日"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("裁员批次")
        verbose_name_plural = _("裁员批次")
        indexes = [
            # The sweep: approved batches whose rehiring duty runs.
            models.Index(fields=["status", "rehire_until"], name="casefamily_status_rehire_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class StepKind(models.TextChoices):
    HR_REVIEW = "hr_review", _("HR审核")
    LEGAL_REVIEW = "legal_review", _("法务审核")
    MANAGER_CONFIRMATION = "manager_confirmation", _("直线经理确认")
    LEADERSHIP_APPROVAL = "leadership_approval", _("领导审批")
    UNION_NOTIFICATION = "union_notification", _("通知工会")
    EMPLOYEE_CONFIRMATION = "employee_confirmation", _("员工确认")


# DESIGN, security model: workflow steps → roles (the manager is the employee's own manager;
# the employee confirms in the portal).
STEP_ROLES: dict[str, str] = {
    StepKind.HR_REVIEW: "hrbp",
    StepKind.LEGAL_REVIEW: "legal",
    StepKind.MANAGER_CONFIRMATION: "manager",
    StepKind.LEADERSHIP_APPROVAL: "approver",
    StepKind.UNION_NOTIFICATION: "hrbp",
    StepKind.EMPLOYEE_CONFIRMATION: "employee",
}


class StepCondition(models.TextChoices):
    ALWAYS = "always", _("总是")
    EXTRA_OVER_CAP_OR_FAULT = "extra_over_cap_or_fault", _("额外补偿超出上限，或依据第39/40条解除")
    TOTAL_OVER = "total_over", _("拟支付总额超过金额")


class WorkflowTemplate(models.Model):
    """One version of a company's workflow for a case type; immutable once a case has used it
    (editing creates the next version). Each company has its own (issue 13)."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    case_type = models.CharField(_("案件类型"), max_length=20, choices=CaseType.choices)
    version = models.PositiveIntegerField(_("版本"), default=1)
    name = models.CharField(_("名称"), max_length=100)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("流程模板")
        verbose_name_plural = _("流程模板")
        ordering = ["company", "case_type", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["company", "case_type", "version"],
                                    name="workflow_company_type_version_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class WorkflowStepTemplate(models.Model):
    template = models.ForeignKey(WorkflowTemplate, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("顺序"))
    kind = models.CharField(_("步骤"), max_length=24, choices=StepKind.choices)
    condition = models.CharField(
        _("条件"), max_length=24, choices=StepCondition.choices, default=StepCondition.ALWAYS
    )
    condition_amount = models.DecimalField(_("金额阈值"), max_digits=12, decimal_places=2, null=True, blank=True)
    due_working_days = models.PositiveSmallIntegerField(_("办理时限（工作日）"), default=3)

    class Meta:
        ordering = ["template", "order"]
        constraints = [
            models.UniqueConstraint(fields=["template", "order"], name="workflow_step_order_uniq"),
        ]


class CaseSettings(models.Model):
    """A company's case settings (one row per company; no row = the defaults)."""

    company = models.OneToOneField(Company, on_delete=models.CASCADE, related_name="+")
    # Four eyes: the opener of a case never decides its steps; HR review may be allowed here.
    opener_may_do_hr_review = models.BooleanField(_("案件发起人可以办理HR审核"), default=False)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("审批设置")
        verbose_name_plural = _("审批设置")

    @classmethod
    def for_company(cls, company_id: int) -> CaseSettings:
        return cls.objects.filter(company_id=company_id).first() or cls(company_id=company_id)


class CompensationPolicy(models.Model):
    """How much above the statutory amount HR may offer without legal review (per company and
    case type; a blank case type is the company's default)."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    case_type = models.CharField(_("案件类型"), max_length=20, choices=CaseType.choices, blank=True)
    extra_cap_months = models.DecimalField(
        _("额外补偿上限（月工资倍数）"), max_digits=5, decimal_places=2, default=1
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("补偿政策")
        verbose_name_plural = _("补偿政策")
        constraints = [
            models.UniqueConstraint(fields=["company", "case_type"], name="comp_policy_company_type_uniq"),
        ]


class SeparationCase(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="+")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="separation_cases")
    family = models.ForeignKey(CaseFamily, null=True, blank=True, on_delete=models.PROTECT, related_name="cases")
    case_type = models.CharField(_("案件类型"), max_length=20, choices=CaseType.choices)
    ground = models.CharField(_("法定事由"), max_length=50)
    status = models.CharField(_("状态"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.DRAFT)
    via = models.CharField(_("发起方式"), max_length=10, choices=Via.choices, default=Via.HR)
    workflow = models.ForeignKey(WorkflowTemplate, on_delete=models.PROTECT, related_name="cases")
    reason = models.TextField(_("事实与理由"), blank=True, max_length=LONG_TEXT_CHARS)
    # Dates: separation_date is the last contract day (the engine's), the last working day may be earlier.
    separation_date = models.DateField(_("劳动合同解除/终止日"))
    last_working_day = models.DateField(_("最后工作日"), null=True, blank=True)
    notice_date = models.DateField(_("书面通知日"), null=True, blank=True)
    # A written notice HR received before the case was recorded (LCL 37): the scan it rests on, kept
    # under MEDIA_ROOT, served only through the case's access check; its SHA-256 is in the ledger.
    notice_evidence = models.CharField(_("书面通知扫描件"), max_length=200, blank=True)
    notice_evidence_file = models.FileField(upload_to="cases/notices/%Y/%m/", blank=True)
    notice_evidence_sha256 = models.CharField(max_length=64, blank=True)
    closed_on = models.DateField(_("结案日"), null=True, blank=True)
    # Facts the records do not hold, as engine input keys (union_notified, notice_given_days, ...).
    facts = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    extra_compensation = models.DecimalField(_("协商额外补偿"), max_digits=12, decimal_places=2, default=0)
    employee_demand = models.DecimalField(
        _("员工诉求金额"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    # CSL 85: a leading member's (领导成员) application to resign is answered within 90 days, not 30.
    leading_member = models.BooleanField(_("领导成员"), default=False)
    # 公务员辞退规定 第十条: the 辞退决定 (made by the approval of a 辞退 case) is delivered to the person
    # within 10 working days of the decision. Set when a cs_dismissal case is approved (civil_service).
    decision_date = models.DateField(_("辞退决定作出日期"), null=True, blank=True)
    delivery_due = models.DateField(_("辞退决定送达期限"), null=True, blank=True)
    # The latest engine run, summarised for lists and filters.
    statutory_amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    extra_cap = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    lawful = models.BooleanField(null=True)
    # When no rule pack applies (part-time LCL 68–72, interns): the basis recorded instead of a run.
    legal_basis = models.TextField(_("法律依据"), blank=True, max_length=SHORT_TEXT_CHARS)
    risk = models.CharField(_("风险"), max_length=8, choices=Risk.choices, default=Risk.NONE)
    round = models.PositiveSmallIntegerField(default=0)  # submissions so far (a return starts a new round)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("离职案件")
        verbose_name_plural = _("离职案件")
        ordering = ["-created_at"]
        indexes = [
            # The case list filters by status and type, newest first.
            models.Index(fields=["status", "-created_at"], name="case_status_created_idx"),
            models.Index(fields=["case_type", "status"], name="case_type_status_idx"),
        ]
        constraints = [
            # One open case per employee (services.open_case reports the IntegrityError as a CaseError).
            models.UniqueConstraint(
                fields=["employee"], condition=models.Q(status__in=sorted(OPEN_STATUSES)),
                name="case_one_open_per_employee",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee.name} · {self.get_case_type_display()}"

    @property
    def offered_amount(self):
        return (self.statutory_amount or 0) + (self.extra_compensation or 0)

    @property
    def ground_title(self) -> str:
        from .ground_labels import ground_label

        return ground_label(self.ground)

    @property
    def is_notice(self) -> bool:
        return self.case_type in NOTICE_TYPES

    @property
    def is_civil_service(self) -> bool:
        """公务员法, not the Labour Contract Law: no compensation, caps or LCL steps (cases/civil_service.py)."""
        return self.case_type in CIVIL_SERVICE_TYPES

    @property
    def notice_recorded_later(self) -> bool:
        """A notice dated before the day the case was recorded: HR entered a notice received earlier."""
        return bool(self.notice_date and self.created_at
                    and self.notice_date < timezone.localdate(self.created_at))


class EngineRun(models.Model):
    """One run of the law engine on a case: what went in, what came out, which rules."""

    case = models.ForeignKey(SeparationCase, on_delete=models.CASCADE, related_name="engine_runs")
    input = models.JSONField(encoder=DjangoJSONEncoder)  # Decimals stored as strings
    output = models.JSONField()
    checks = models.JSONField(default=list, blank=True)  # the app's own warnings (evidence, money)
    engine_version = models.CharField(max_length=40)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]


class StepStatus(models.TextChoices):
    WAITING = "waiting", _("待前序步骤")
    ACTIVE = "active", _("办理中")
    DONE = "done", _("已通过")
    REJECTED = "rejected", _("已驳回")
    RETURNED = "returned", _("已退回")
    CANCELLED = "cancelled", _("已取消")
    SKIPPED = "skipped", _("已跳过（不再需要）")  # facts changed during review; the reason in `comment`


PENDING_STEP_STATUSES = (StepStatus.WAITING, StepStatus.ACTIVE)
DECIDED_STEP_STATUSES = (StepStatus.DONE, StepStatus.REJECTED, StepStatus.RETURNED)


class CaseStep(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(SeparationCase, on_delete=models.CASCADE, related_name="steps")
    template_step = models.ForeignKey(WorkflowStepTemplate, on_delete=models.PROTECT, related_name="+")
    round = models.PositiveSmallIntegerField(default=1)
    order = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=24, choices=StepKind.choices)
    status = models.CharField(max_length=10, choices=StepStatus.choices, default=StepStatus.WAITING)
    due_date = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(blank=True, max_length=SHORT_TEXT_CHARS)
    # Legal review: the warning codes legal passed with a written reason (the comment) in this decision.
    passed_warnings = models.JSONField(default=list, blank=True)
    # Union notification (LCL 43): when, and the uploaded document (its name as uploaded, the stored
    # file under MEDIA_ROOT, its SHA-256 as written to the ledger).
    document_date = models.DateField(null=True, blank=True)
    document = models.CharField(max_length=200, blank=True)
    document_file = models.FileField(upload_to="cases/union/%Y/%m/", blank=True)
    document_sha256 = models.CharField(max_length=64, blank=True)
    # Routing (issue 11, every step reaches a person): who the step went to when it became active,
    # which fallbacks were used (or why no one can decide it); `unrouted` = active and no one eligible.
    assignees = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="routed_steps")
    routing_note = models.TextField(blank=True)
    # Why a conditional step was skipped or added when the facts changed (workflow.condition_facts: the
    # extra, the cap, the total), worded for each reader by workflow.shown_comment: the cap's figure only for
    # those who may see it. Null for the other steps and for those skipped before it (their `comment`).
    reason = models.JSONField(null=True, blank=True)
    # The note as common.wording parts (why no one, the fallbacks used), worded in the reader's language when
    # shown (`shown_routing_note`); null for a step routed before it: its note as stored.
    routing_words = models.JSONField(null=True, blank=True)
    unrouted = models.BooleanField(default=False)

    class Meta:
        ordering = ["case", "round", "order"]
        indexes = [
            # The inbox and the sweep: active steps by kind and due date.
            models.Index(fields=["status", "kind", "due_date"], name="casestep_status_kind_due_idx"),
        ]

    @property
    def role(self) -> str:
        return STEP_ROLES[self.kind]

    @property
    def shown_routing_note(self) -> str:
        return word(self.routing_words) if self.routing_words else self.routing_note


class StepReminder(models.Model):
    """One reminder per overdue step per day: the unique key makes the sweep idempotent."""

    step = models.ForeignKey(CaseStep, on_delete=models.CASCADE, related_name="reminders")
    day = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["step", "day"], name="stepreminder_step_day_uniq")]


class CaseMessage(models.Model):
    """A message between the employee and HR; stored once, never edited (and in the ledger)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(SeparationCase, on_delete=models.PROTECT, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    from_employee = models.BooleanField(default=False)
    body = models.TextField(_("内容"), max_length=SHORT_TEXT_CHARS)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]


class EmployeeDemand(models.Model):
    """What the employee asks for (amount and reason): recorded once, never edited (and in the
    ledger); a changed demand is a new row. The latest is the case's `employee_demand`."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(SeparationCase, on_delete=models.PROTECT, related_name="demands")
    amount = models.DecimalField(_("诉求金额"), max_digits=12, decimal_places=2)
    reason = models.TextField(_("理由"), blank=True, max_length=SHORT_TEXT_CHARS)
    from_employee = models.BooleanField(default=True)  # False: HR recorded what the employee said
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]


# A civil-service case's checklist answers, 辞退决定 deliveries and approval-period reminders.
from .civil_service_models import (  # noqa: E402,F401
    ApprovalReminder,
    CivilServiceAnswer,
    DecisionDelivery,
    DeliveryReminder,
)

# The layoff batch's own rows (members' answers, filings, steps, reminders) live in their module.
from .layoff_models import LayoffFiling, LayoffMember, LayoffReminder, LayoffStep  # noqa: E402, F401
