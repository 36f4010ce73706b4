"""Flag rules (thresholds HR admins edit), the flags they raise and the records behind each flag.

A flag is a fact-backed signal, never a verdict: it names the rule, the numbers it compared
and, through FlagEvidence, the very records (reviews, 360 rows, survey answers ...) it read.
Flags are derived data: `services.recompute_flags` replaces a company's flags in one
transaction, so they are never edited by hand.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from farewell.org.models import Company, Employee, OrgUnit


class RuleCode(models.TextChoices):
    PERFORMANCE_BELOW_AVERAGE = "performance_below_average", _("绩效连续低于部门平均")
    FEEDBACK360_BOTTOM = "feedback360_bottom", _("360评估维度部门垫底")
    VALUES_LOW = "values_low", _("价值观维度低分")
    SURVEY_LOW = "survey_low", _("调查维度连续偏低（可能的团队冲突）")
    ATTENDANCE_RISING = "attendance_rising", _("考勤异常上升（可能的个人或家庭压力）")
    TRAINING_DECLINED = "training_declined", _("拒绝培训且绩效下滑")
    KEY_CONTRIBUTOR = "key_contributor", _("长期服务的关键贡献者")
    PROBATION_UNMET = "probation_unmet", _("试用期目标未达成")


class FlagTone(models.TextChoices):
    """How HR should meet the signal: a concern to look into, care to offer, or recognition."""

    CONCERN = "concern", _("关注")
    CARE = "care", _("关怀")
    RECOGNITION = "recognition", _("认可")


class FlagRule(models.Model):
    """One rule's thresholds in one company; which fields a rule reads is said in its `help` (seeded
    defaults, insights/defaults.py)."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(_("规则"), max_length=40, choices=RuleCode.choices)
    enabled = models.BooleanField(_("启用"), default=True)
    count = models.PositiveSmallIntegerField(
        _("次数/期数"), default=3, validators=[MinValueValidator(1)],
        help_text=_("连续期数、最少人数或最少次数，视规则而定"),
    )
    threshold = models.DecimalField(_("阈值"), max_digits=8, decimal_places=2, default=0)
    dimension = models.CharField(_("维度"), max_length=50, blank=True, help_text=_("留空表示所有维度"))
    window_months = models.PositiveSmallIntegerField(
        _("观察月数"), default=12, validators=[MinValueValidator(1)]
    )
    period_kind = models.CharField(
        _("考核周期"), max_length=8, default="quarter",
        choices=[("month", _("月度")), ("quarter", _("季度")), ("year", _("年度"))],
    )
    tone = models.CharField(_("性质"), max_length=12, choices=FlagTone.choices, default=FlagTone.CONCERN)
    help = models.TextField(_("说明"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("预警规则")
        verbose_name_plural = _("预警规则")
        ordering = ["company", "id"]
        constraints = [models.UniqueConstraint(fields=["company", "code"], name="flagrule_company_code_uniq")]

    def __str__(self) -> str:
        return self.get_code_display()


class Flag(models.Model):
    """A signal raised for one employee by one rule at the last recompute."""

    # No index of its own: flag_company_rule_employee_idx starts with the company and serves every
    # lookup by company (the list, its count, the recompute's delete), an index fewer for each recompute
    # to fill (issue 14; EXPLAIN of the pages' queries on the 100,000-employee demo unchanged).
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+", db_index=False)
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="flags")
    rule = models.CharField(_("规则"), max_length=40, choices=RuleCode.choices)
    tone = models.CharField(_("性质"), max_length=12, choices=FlagTone.choices)
    # The numbers the rule compared, for display without re-querying ("facts, not labels"):
    # {"points": [{"label": "2025-Q3", "value": "61.00", "reference": "74.20"}, ...], ...}
    facts = models.JSONField(default=dict)
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("预警")
        verbose_name_plural = _("预警")
        ordering = ["employee_id", "rule"]
        indexes = [
            # The flags list's order for a whole-company scope: rule, then employee (views._filtered_flags);
            # also its count and a filter by rule in one company. The profile reads one employee's flags
            # through the foreign key's own index.
            models.Index(fields=["company", "rule", "employee"], name="flag_company_rule_employee_idx"),
            # The same order when the scope is several companies (`company_id IN (1, 2)`): the index
            # above cannot give one order across companies, and PostgreSQL sorted every flag for 50
            # (51 ms at 12,528 flags); this one is walked in order, the company filtered on the way.
            models.Index(fields=["rule", "employee"], name="flag_rule_employee_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.rule}"


class FlagCount(models.Model):
    """How many flags of one rule a company has: written with the flags, in their transaction, by
    services.recompute_flags, their one writer (see docs/architecture.md, "Counts kept with the flags").
    The flags list of a whole-company scope sums these instead of counting up to 10,001 flags on every
    view (issue 14); a rule with no flags has no row."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+", db_index=False)
    rule = models.CharField(_("规则"), max_length=40, choices=RuleCode.choices)
    flags = models.PositiveIntegerField()

    class Meta:
        constraints = [
            # Also the index the list's sum reads (by company, then rule).
            models.UniqueConstraint(fields=["company", "rule"], name="flagcount_company_rule_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.company_id} {self.rule}: {self.flags}"


class FlagEvidence(models.Model):
    """One record that raised a flag (a review, a 360 row, a survey answer ...)."""

    flag = models.ForeignKey(Flag, on_delete=models.CASCADE, related_name="evidence")
    # No index of its own: flagevidence_record_idx (content_type, object_id) starts with it (issue 14).
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+", db_index=False)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    # What the record's label shows, copied when the flag is computed (present.record_facts: language-
    # neutral, codes not their names), so a list of flags labels its evidence without reading the
    # records; {} for a row written without them (the label is then read from the record).
    facts = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("预警依据")
        verbose_name_plural = _("预警依据")
        indexes = [
            # The flags list and profile read a flag's evidence; the FK's own index serves them.
            # Looking up "which flags cite this record" (corrections) uses this one.
            models.Index(fields=["content_type", "object_id"], name="flagevidence_record_idx"),
        ]


class UnitAverage(models.Model):
    """A department figure the profile shows beside a person's own: the average review score and KPI of
    the people placed in a unit for one period, or their 360 average (others' ratings) per dimension.

    Computed for the whole company with the flags (services.recompute_flags runs after every import),
    so a profile reads its unit's figures instead of aggregating them on every view (issue 14). The
    same definition as the rules' (rules.unit_review_averages): the person is part of their unit.
    """

    class Source(models.TextChoices):
        REVIEW = "review", _("绩效考核")
        FEEDBACK = "feedback360", _("360评估")

    # Derived rows, replaced as a whole by every recompute from a join over the employees (whose own
    # foreign keys guarantee these ids), so no database constraint: its deferred checks, one per row
    # and key, cost ~5 s of the recompute's commit on the 100,000-employee demo (issue 14). Deleting a
    # company or unit still deletes its figures (Django's CASCADE).
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+", db_index=False,
                                db_constraint=False)
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+", db_index=False,
                                 db_constraint=False)
    source = models.CharField(max_length=12, choices=Source.choices)
    period_kind = models.CharField(max_length=8)
    period_start = models.DateField()
    dimension = models.CharField(max_length=50, blank=True)  # 360 only
    # Many places: the page rounds to the cent, as the live aggregate did (no double rounding).
    score = models.DecimalField(max_digits=20, decimal_places=10, null=True)
    kpi = models.DecimalField(max_digits=20, decimal_places=10, null=True)
    count = models.PositiveIntegerField()

    class Meta:
        indexes = [
            # The profile: one unit's figures for a few periods.
            models.Index(fields=["org_unit", "source", "period_start"], name="unitaverage_unit_idx"),
            # The recompute replaces a company's figures.
            models.Index(fields=["company"], name="unitaverage_company_idx"),
        ]


class RiskSettings(models.Model):
    """A company's choices about the attrition-risk score (PIPL Art. 24: HR roles only by default)."""

    company = models.OneToOneField(Company, on_delete=models.CASCADE, related_name="+")
    managers_see_own_reports = models.BooleanField(
        _("直线经理可以看到本人下属的离职风险"), default=False,
        help_text=_("默认只有HR看到；打开后，经理只看到自己直接和间接下属的分数和因素"),
    )

    class Meta:
        verbose_name = _("离职风险设置")
        verbose_name_plural = _("离职风险设置")


class RiskModel(models.Model):
    """One trained attrition-risk model of a company: how it was evaluated, and the model itself.

    The fitted pipeline is stored as joblib bytes in the row (no file path: app servers are
    stateless); only the latest model's scores are shown."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    trained_until = models.DateField(_("训练数据截至"))
    horizon_months = models.PositiveSmallIntegerField(_("预测期（月）"), default=6)
    family = models.CharField(_("模型"), max_length=40)
    features = models.JSONField(default=list)
    # {"cutoff", "roc_auc", "pr_auc", "brier", "n", "positives", "train_rows", "train_positives", ...}
    evaluation = models.JSONField(default=dict)
    pipeline = models.BinaryField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        verbose_name = _("离职风险模型")
        verbose_name_plural = _("离职风险模型")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The latest model of a company (panel, overview, model card).
            models.Index(fields=["company", "-created_at"], name="riskmodel_company_latest_idx"),
        ]


class RiskScore(models.Model):
    """One employee's probability of leaving within the horizon, with the factors behind it.

    `factors`: [{"feature", "value", "unit_value", "effect", "evidence": [[model name, pk], ...]}],
    strongest first; the panel turns them into words and links."""

    model = models.ForeignKey(RiskModel, on_delete=models.CASCADE, related_name="scores")
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    org_unit_id = models.BigIntegerField()  # the unit at scoring time (unit aggregates)
    probability = models.FloatField()
    factors = models.JSONField(default=list)

    class Meta:
        verbose_name = _("离职风险分数")
        verbose_name_plural = _("离职风险分数")
        constraints = [models.UniqueConstraint(fields=["model", "employee"], name="riskscore_model_employee_uniq")]
        indexes = [
            # Unit aggregates of one model.
            models.Index(fields=["model", "org_unit_id"], name="riskscore_model_unit_idx"),
        ]


class ExplanationStatus(models.TextChoices):
    OPEN = "open", _("待答复")
    ANSWERED = "answered", _("已答复")


class ExplanationRequest(models.Model):
    """An employee's request for an explanation of the automated assessments about them (PIPL Art. 24 ¶3).

    HR answers within ANSWER_DAYS (insights/explanations.py) from the same factors the risk panel
    shows; the factors are copied into the answer as they stood, so what the employee reads never
    changes when the model is retrained. Never edited after the answer; each step is in the ledger."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="explanation_requests")
    question = models.TextField(_("想了解的内容"), blank=True)
    requested_at = models.DateTimeField(auto_now_add=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    due_date = models.DateField(_("答复期限"))
    status = models.CharField(_("状态"), max_length=10, choices=ExplanationStatus.choices,
                              default=ExplanationStatus.OPEN)
    answer = models.TextField(_("HR的说明"), blank=True)
    # The assessment explained, as it stood: {"model": id, "trained_until", "probability", "factors": [...]}
    # ({} when there was no score for the employee).
    assessment = models.JSONField(default=dict)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    read_at = models.DateTimeField(null=True, blank=True)  # the employee first opened the answer
    # The sweep's last reminder to HR (once a day from REMIND_DAYS before the deadline while open).
    reminded_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("自动化评估说明请求")
        verbose_name_plural = _("自动化评估说明请求")
        ordering = ["-requested_at", "-id"]
        indexes = [
            # HR's list: a company's requests, open first, by deadline.
            models.Index(fields=["company", "status", "due_date"], name="explanation_company_status_idx"),
        ]
