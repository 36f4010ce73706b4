"""Learning from every departure: the reason taxonomy, one Departure per leaver (classification,
rehire eligibility, stated and verified reasons, the manager's feedback, the career summary), exit
interview records (signed → immutable, corrections are new versions), the exit survey HR edits and
its answers, replacement costs per position, and improvement actions.

The report reads Departure alone for leavers (org unit, position, grade and tenure are copied at
departure, so a later reorganisation does not move past leavers) and Employee for headcount.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from farewell.cases.models import SeparationCase
from farewell.common.fields import EncryptedTextField
from farewell.common.limits import LONG_TEXT_CHARS, SHORT_TEXT_CHARS
from farewell.org.models import Company, Employee, OrgUnit, Position

from .reason_labels import reason_name


class Evidence(models.TextChoices):
    """Which records can confirm or contradict a stated reason (verification.py, one rule each)."""

    PAY = "pay", _("薪酬：工资在岗位薪档和同岗位同事中的位置")
    TRAINING = "training", _("培训：应参加或申请的培训是否提供")
    APPRAISAL = "appraisal", _("考核：绩效趋势和部门分布")
    MANAGER = "manager", _("上级：上级变动、对上级的360评估、部门调查得分")
    WORKLOAD = "workload", _("工作负荷：加班和考勤趋势")
    CONDITIONS = "conditions", _("工作条件：同岗位同事的调查意见（至少5人）")
    NONE = "none", _("无可核对的记录")


class Rehire(models.TextChoices):
    ELIGIBLE = "eligible", _("可再录用")
    CONDITIONAL = "conditional", _("需审核后再录用")
    NOT_ELIGIBLE = "not_eligible", _("不再录用")


# Stricter last: a proposal takes the strictest of the ground's and the reason's.
REHIRE_ORDER = [Rehire.ELIGIBLE, Rehire.CONDITIONAL, Rehire.NOT_ELIGIBLE]


class ExitReason(models.Model):
    """One reason of a company's taxonomy (its HR admins edit it; issue 13: each company has its own):
    a primary reason (no parent) or a secondary one under it. Seeded per company (defaults.py); a
    reason in use is switched off, never deleted."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    code = models.SlugField(_("代码"), max_length=40)
    name = models.CharField(_("名称"), max_length=60)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
                               verbose_name=_("上级原因"))
    evidence = models.CharField(_("可核对的记录"), max_length=12, choices=Evidence.choices, default=Evidence.NONE)
    # The reason's own limit on rehire (a dismissal for misconduct: not again); blank = no limit.
    rehire_limit = models.CharField(_("再录用限制"), max_length=12, choices=Rehire.choices, blank=True)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("离职原因")
        verbose_name_plural = _("离职原因")
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["company", "code"], name="exitreason_company_code_uniq")]

    def __str__(self) -> str:
        return f"{self.parent.label} › {self.label}" if self.parent_id and self.parent else self.label

    @property
    def label(self) -> str:
        """The name in the page's language: a seeded one translated, one HR typed as typed."""
        return reason_name(self.name)

    @property
    def primary(self) -> ExitReason:
        return self.parent if self.parent_id else self


class Kind(models.TextChoices):
    VOLUNTARY = "voluntary", _("主动离职")
    INVOLUNTARY = "involuntary", _("被动离职")


class Departure(models.Model):
    """One departure of one employee, with what HR concluded about it."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="+")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="departures")
    case = models.OneToOneField(SeparationCase, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="departure")
    separation_date = models.DateField(_("离职日期"))
    # Copied at departure: the report groups past leavers where they were.
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("部门"))
    position = models.ForeignKey(Position, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                 verbose_name=_("岗位"))
    grade = models.CharField(_("职级"), max_length=20, blank=True)
    hire_date = models.DateField(_("入职日期"))
    tenure_months = models.PositiveIntegerField(_("司龄（月）"))
    ground = models.CharField(_("法定事由"), max_length=50, blank=True)
    kind = models.CharField(_("离职类型"), max_length=12, choices=Kind.choices)
    regrettable = models.BooleanField(_("惋惜离职"), null=True)
    # Settlement paid (statutory + extra, from the case) for the cost of turnover.
    settlement = models.DecimalField(_("离职补偿"), max_digits=12, decimal_places=2, default=0)
    rehire_proposal = models.CharField(_("建议的再录用资格"), max_length=12, choices=Rehire.choices)
    rehire_basis = models.CharField(_("建议依据"), max_length=300, blank=True)
    rehire = models.CharField(_("再录用资格"), max_length=12, choices=Rehire.choices, blank=True)
    rehire_reason = models.TextField(_("HR确认理由"), blank=True, max_length=SHORT_TEXT_CHARS)
    rehire_confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                            on_delete=models.SET_NULL, related_name="+")
    rehire_confirmed_at = models.DateTimeField(null=True, blank=True)
    # The primary stated reason of the latest signed interview (or the survey), for the report.
    stated_reason = models.ForeignKey(ExitReason, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("陈述的主要原因"))
    verified_reason = models.ForeignKey(ExitReason, null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="+", verbose_name=_("核实的原因"))
    verified_note = models.TextField(_("核实说明"), blank=True, max_length=SHORT_TEXT_CHARS)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    verified_at = models.DateTimeField(null=True, blank=True)
    manager_feedback_on = models.DateField(_("向直接上级反馈日期"), null=True, blank=True)
    manager_feedback = models.TextField(_("反馈内容"), blank=True, max_length=SHORT_TEXT_CHARS)
    # The career summary: HR's advice, and whether the leaver sees it in the portal.
    advice = models.TextField(_("HR寄语与建议"), blank=True, max_length=SHORT_TEXT_CHARS)
    summary_shared = models.BooleanField(_("在员工自助中展示职业总结"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("离职记录")
        verbose_name_plural = _("离职记录")
        ordering = ["-separation_date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["employee", "separation_date"], name="departure_employee_date_uniq"),
        ]
        indexes = [
            # The turnover report: a company's leavers in a date range (unit prefix filtered on top).
            models.Index(fields=["company", "separation_date"], name="departure_company_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.employee.name} {self.separation_date}"


class InterviewStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SIGNED = "signed", _("HR已签署")


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("面谈")
    PHONE = "phone", _("电话")
    VIDEO = "video", _("视频")


class ExitInterview(models.Model):
    """One version of an exit interview record. Signed → immutable; corrections are new versions."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    departure = models.ForeignKey(Departure, on_delete=models.PROTECT, related_name="interviews")
    version = models.PositiveSmallIntegerField(default=1)
    previous = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT, related_name="correction")
    correction_reason = models.TextField(_("更正原因"), blank=True, max_length=SHORT_TEXT_CHARS)
    status = models.CharField(_("状态"), max_length=8, choices=InterviewStatus.choices, default=InterviewStatus.DRAFT)
    held_at = models.DateTimeField(_("面谈时间"))
    channel = models.CharField(_("方式"), max_length=10, choices=Channel.choices, default=Channel.IN_PERSON)
    interviewer = models.CharField(_("面谈人"), max_length=50)
    statements = models.TextField(_("员工陈述（原话要点）"), blank=True, max_length=LONG_TEXT_CHARS)
    liked = models.TextField(_("员工认可的方面"), blank=True, max_length=LONG_TEXT_CHARS)
    suggestions = models.TextField(_("员工的建议"), blank=True, max_length=LONG_TEXT_CHARS)
    would_return = models.BooleanField(_("将来愿意回来"), null=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    signed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("离职面谈记录")
        verbose_name_plural = _("离职面谈记录")
        ordering = ["-held_at", "-id"]

    @property
    def is_signed(self) -> bool:
        return self.status == InterviewStatus.SIGNED


class StatedReason(models.Model):
    """A reason the leaver gave in the interview, in the taxonomy, with their words."""

    interview = models.ForeignKey(ExitInterview, on_delete=models.CASCADE, related_name="reasons")
    reason = models.ForeignKey(ExitReason, on_delete=models.PROTECT, related_name="+", verbose_name=_("原因"))
    primary = models.BooleanField(_("主要原因"), default=False)
    note = models.CharField(_("员工的说法"), max_length=500, blank=True)

    class Meta:
        ordering = ["-primary", "id"]
        constraints = [models.UniqueConstraint(fields=["interview", "reason"], name="stated_reason_uniq")]


class QuestionKind(models.TextChoices):
    SCALE = "scale", _("1–5分")
    REASON = "reason", _("选择离职原因")
    TEXT = "text", _("文字")


class SurveyQuestion(models.Model):
    """One question of a company's exit survey, as its HR admins edit it (a dropped question is switched
    off; answers keep its text)."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    text = models.CharField(_("问题"), max_length=300)
    kind = models.CharField(_("类型"), max_length=8, choices=QuestionKind.choices, default=QuestionKind.SCALE)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("离职问卷问题")
        verbose_name_plural = _("离职问卷问题")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The question in the reader's language when it is a seeded one HR has not changed."""
        from .question_labels import question_text

        return question_text(self.text)


class SurveyChannel(models.TextChoices):
    PORTAL = "portal", _("员工自助")
    EMAIL = "email", _("个人邮箱链接")


class SurveyStatus(models.TextChoices):
    SENT = "sent", _("已发送")
    ANSWERED = "answered", _("已回答")


class ExitSurvey(models.Model):
    """The questionnaire sent to one leaver (in the portal while the login works)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    departure = models.OneToOneField(Departure, on_delete=models.PROTECT, related_name="survey")
    status = models.CharField(_("状态"), max_length=8, choices=SurveyStatus.choices, default=SurveyStatus.SENT)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    # PIPL: named use only with the person's consent; without it HR sees the answers only in aggregates.
    consent_named = models.BooleanField(_("同意公司以实名方式使用我的回答"), default=False)
    # Sent to a personal e-mail the person gave, with their consent to be written to there (recorded by
    # HR): the address is personal information (encrypted); the link's token is kept only as its hash.
    channel = models.CharField(_("发送方式"), max_length=8, choices=SurveyChannel.choices,
                               default=SurveyChannel.PORTAL)
    personal_email = EncryptedTextField(_("个人邮箱"), blank=True)
    email_consent_note = models.CharField(_("同意使用个人邮箱的记录"), max_length=300, blank=True)
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)  # the link's lookup
    link_expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("离职问卷")
        verbose_name_plural = _("离职问卷")


class SurveyAnswer(models.Model):
    survey = models.ForeignKey(ExitSurvey, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.PROTECT, related_name="answers")
    question_text = models.CharField(max_length=300)  # as asked
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    reason = models.ForeignKey(ExitReason, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(blank=True, max_length=SHORT_TEXT_CHARS)

    @property
    def question_label(self) -> str:
        """The question as asked, in the reader's language when it was a seeded one."""
        from .question_labels import question_text

        return question_text(self.question_text)

    class Meta:
        ordering = ["question__order", "id"]
        constraints = [models.UniqueConstraint(fields=["survey", "question"], name="survey_answer_uniq")]
        indexes = [
            # The anonymous aggregate: every answer to one question.
            models.Index(fields=["question", "score"], name="survey_answer_question_idx"),
        ]


class ReplacementCost(models.Model):
    """What replacing a leaver in a position costs (recruiting, onboarding), as HR sets it."""

    position = models.OneToOneField(Position, on_delete=models.CASCADE, related_name="replacement_cost",
                                    verbose_name=_("岗位"))
    amount = models.DecimalField(_("替换成本（元/人）"), max_digits=12, decimal_places=2)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("替换成本")
        verbose_name_plural = _("替换成本")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("待开始")
    IN_PROGRESS = "in_progress", _("进行中")
    DONE = "done", _("已完成")
    CANCELLED = "cancelled", _("已取消")


OPEN_ACTION_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class ImprovementAction(models.Model):
    """An action taken on a reason cluster (a reason in a unit over a period); its effect is the
    group's turnover and the reason's share before and after (effects.py)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("措施"), max_length=200)
    reason = models.ForeignKey(ExitReason, on_delete=models.PROTECT, related_name="+", verbose_name=_("离职原因"))
    org_unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("部门（含下级）"))
    cluster_start = models.DateField(_("问题期间起"))
    cluster_end = models.DateField(_("问题期间止"))
    measure = models.TextField(_("跟踪指标与目标"), blank=True, max_length=SHORT_TEXT_CHARS)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("负责人"))
    due_date = models.DateField(_("完成期限"))
    status = models.CharField(_("状态"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    evidence = models.TextField(_("进展与证据"), blank=True, max_length=SHORT_TEXT_CHARS)
    started_on = models.DateField(_("实施日期"))
    completed_on = models.DateField(_("完成日期"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("改进措施")
        verbose_name_plural = _("改进措施")
        ordering = ["due_date", "id"]
        indexes = [
            # The sweep: open actions past their due date.
            models.Index(fields=["status", "due_date"], name="action_status_due_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class ActionReminder(models.Model):
    """One overdue reminder per action per day (the sweep's idempotence)."""

    action = models.ForeignKey(ImprovementAction, on_delete=models.CASCADE, related_name="reminders")
    day = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["action", "day"], name="action_reminder_day_uniq")]


class Alumnus(models.Model):
    """A former employee who agreed to stay in the alumni list: contacted by the personal channel they
    gave; HR searches the list when hiring. Consent is withdrawn through the personal link; the contact
    data is then erased on schedule (`farewell sweep`), the row kept only as a dated, empty withdrawal."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    departure = models.OneToOneField(Departure, on_delete=models.PROTECT, related_name="alumnus")
    personal_email = EncryptedTextField(_("个人邮箱"), blank=True)
    personal_phone = EncryptedTextField(_("个人手机"), blank=True)
    consent_note = models.CharField(_("同意记录"), max_length=300)
    joined_at = models.DateTimeField(auto_now_add=True)
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)  # the personal link
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    erase_on = models.DateField(null=True, blank=True)
    erased_at = models.DateTimeField(null=True, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("离职校友")
        verbose_name_plural = _("离职校友")
        indexes = [
            # The sweep: withdrawn members whose contact data is due for erasure.
            models.Index(fields=["erase_on", "erased_at"], name="alumnus_erase_idx"),
        ]

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None
