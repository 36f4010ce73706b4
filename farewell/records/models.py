"""The signals about an employee: reviews, metric series, training, rewards and penalties, 360
feedback, values assessments, surveys, recruitment/onboarding commitments and contributions.

Conventions shared by every record kind:
- the foreign key to the person is `employee` (org.Employee);
- a periodic record stores `period_kind` (month/quarter/year) and `period_start` (the first day
  of that month, quarter or year) — see `periods.py`;
- the natural key is a UniqueConstraint; importers upsert on it, so re-importing a file changes
  nothing;
- `import_job` says which import last wrote the row (provenance; not indexed, never filtered).

Indexes name their users. "profile" is insights' profile of one employee (every kind, newest
first), "flags" is insights' flag rules (set-based queries over all employees of a period).
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from farewell.org.models import Employee


class PeriodKind(models.TextChoices):
    MONTH = "month", _("月度")
    QUARTER = "quarter", _("季度")
    YEAR = "year", _("年度")


class RecordBase(models.Model):
    # No separate index: every natural key below starts with `employee`, which serves the
    # profile's per-employee reads. Reverse accessors are the defaults (performancereview_set, ...).
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, db_index=False, verbose_name=_("员工"))
    import_job = models.ForeignKey(
        "common.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        db_index=False, db_constraint=False, editable=False,
    )

    class Meta:
        abstract = True


class PeriodicRecord(RecordBase):
    period_kind = models.CharField(_("周期类型"), max_length=8, choices=PeriodKind.choices)
    period_start = models.DateField(_("周期开始"), help_text=_("该月、季度或年度的第一天"))

    class Meta:
        abstract = True


# ---------------------------------------------------------------------------------------------
# Performance reviews


class Rating(models.TextChoices):
    S = "S", _("S 卓越")
    A = "A", _("A 优秀")
    B = "B", _("B 良好")
    C = "C", _("C 待改进")
    D = "D", _("D 不合格")


class PerformanceReview(PeriodicRecord):
    """One review of one period. Low ratings are the facts behind LCL 40(2) (不能胜任工作)."""

    score = models.DecimalField(
        _("分数"), max_digits=5, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    rating = models.CharField(_("等级"), max_length=1, choices=Rating.choices, blank=True)
    kpi_completion = models.DecimalField(
        _("KPI完成率(%)"), max_digits=6, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1000)],
    )
    reviewer_name = models.CharField(_("考核人"), max_length=50, blank=True)
    comment = models.TextField(_("评语"), blank=True)

    class Meta:
        verbose_name = _("绩效考核")
        verbose_name_plural = _("绩效考核")
        ordering = ["employee", "-period_start"]
        constraints = [
            # Natural key (importer upsert); its employee prefix also serves the profile.
            models.UniqueConstraint(
                fields=["employee", "period_kind", "period_start"], name="review_employee_period_uniq"
            ),
        ]
        indexes = [
            # department_average() and the flag rules: every review of one period.
            models.Index(fields=["period_kind", "period_start"], name="review_period_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.period_kind} {self.period_start} {self.score}"


# ---------------------------------------------------------------------------------------------
# Metric series


class MetricDirection(models.TextChoices):
    HIGHER_IS_BETTER = "higher", _("越高越好")
    LOWER_IS_BETTER = "lower", _("越低越好")
    NEUTRAL = "neutral", _("无好坏")


class MetricAggregation(models.TextChoices):
    """How values of shorter periods roll up into a longer one (months into a quarter)."""

    SUM = "sum", _("求和")
    AVG = "avg", _("平均")
    MAX = "max", _("最大")
    MIN = "min", _("最小")
    LAST = "last", _("取最后一期")


class MetricCategory(models.TextChoices):
    ATTENDANCE = "attendance", _("考勤")
    OUTPUT = "output", _("产出")
    QUALITY = "quality", _("质量")
    ENGAGEMENT = "engagement", _("投入度")
    OTHER = "other", _("其他")


class Metric(models.Model):
    """The metric catalogue: HR admins add metrics here without code (seeded by a data migration)."""

    code = models.SlugField(_("代码"), max_length=50, unique=True)
    name = models.CharField(_("名称"), max_length=50, unique=True)
    unit = models.CharField(_("单位"), max_length=20, blank=True)
    category = models.CharField(
        _("类别"), max_length=12, choices=MetricCategory.choices, default=MetricCategory.OTHER
    )
    direction = models.CharField(
        _("方向"), max_length=8, choices=MetricDirection.choices, default=MetricDirection.NEUTRAL
    )
    aggregation = models.CharField(
        _("汇总方式"), max_length=4, choices=MetricAggregation.choices, default=MetricAggregation.SUM
    )
    min_value = models.DecimalField(_("最小值"), max_digits=14, decimal_places=4, null=True, blank=True)
    max_value = models.DecimalField(_("最大值"), max_digits=14, decimal_places=4, null=True, blank=True)
    description = models.TextField(_("说明"), blank=True)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("指标")
        verbose_name_plural = _("指标目录")
        ordering = ["category", "code"]

    def __str__(self) -> str:
        return f"{self.name}（{self.unit}）" if self.unit else self.name


class MetricValue(PeriodicRecord):
    """One number of one metric for one employee and period: attendance, output, complaints, ..."""

    metric = models.ForeignKey(Metric, on_delete=models.PROTECT, related_name="values", verbose_name=_("指标"))
    value = models.DecimalField(_("数值"), max_digits=14, decimal_places=4)

    class Meta:
        verbose_name = _("指标数据")
        verbose_name_plural = _("指标数据")
        ordering = ["employee", "metric", "-period_start"]
        constraints = [
            # Natural key (importer upsert). Leading `employee` serves the profile (one
            # employee's series, all metrics). period_kind is part of the key so a monthly and
            # a yearly value starting on 1 January do not collide.
            models.UniqueConstraint(
                fields=["employee", "metric", "period_kind", "period_start"], name="metricvalue_natural_uniq"
            ),
        ]
        indexes = [
            # Flag rules and comparisons: one metric, one period, every employee.
            models.Index(fields=["metric", "period_kind", "period_start"], name="metricvalue_metric_period_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.metric_id} {self.period_start} {self.value}"


# ---------------------------------------------------------------------------------------------
# Training


class TrainingStatus(models.TextChoices):
    INVITED = "invited", _("已邀请")
    ATTENDED = "attended", _("已参加")
    DECLINED = "declined", _("已拒绝")
    ABSENT = "absent", _("未到")


class TrainingRecord(RecordBase):
    """Training offered and taken: LCL 40(2) requires training or a transfer before a dismissal
    for incompetence, so an invitation and its answer are evidence."""

    course = models.CharField(_("课程"), max_length=200)
    course_date = models.DateField(_("日期"))
    status = models.CharField(_("状态"), max_length=10, choices=TrainingStatus.choices)
    exam_score = models.DecimalField(
        _("考试分数"), max_digits=5, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    passed = models.BooleanField(_("是否通过"), null=True, blank=True)
    hours = models.DecimalField(_("学时"), max_digits=6, decimal_places=1, null=True, blank=True)

    class Meta:
        verbose_name = _("培训记录")
        verbose_name_plural = _("培训记录")
        ordering = ["employee", "-course_date"]
        constraints = [
            # Natural key; the employee prefix serves the profile.
            models.UniqueConstraint(fields=["employee", "course", "course_date"], name="training_natural_uniq"),
        ]
        indexes = [
            # Flag rules: who declined or failed training in a date range.
            models.Index(fields=["course_date", "status"], name="training_date_status_idx"),
        ]


# ---------------------------------------------------------------------------------------------
# Rewards and penalties


class SanctionKind(models.TextChoices):
    REWARD = "reward", _("奖励")
    PENALTY = "penalty", _("处分")


class SanctionLevel(models.TextChoices):
    MINOR = "minor", _("轻微")
    GENERAL = "general", _("一般")
    MAJOR = "major", _("较重")
    SEVERE = "severe", _("严重")


class RewardPenalty(RecordBase):
    """A reward or a disciplinary measure. A penalty for a serious breach of the rules is the
    fact behind LCL 39(2); `policy_clause` names the rule (员工手册 article) it rests on."""

    kind = models.CharField(_("类型"), max_length=8, choices=SanctionKind.choices)
    level = models.CharField(_("级别"), max_length=8, choices=SanctionLevel.choices, default=SanctionLevel.GENERAL)
    title = models.CharField(_("名称"), max_length=100, help_text=_("如：书面警告、年度优秀员工"))
    date = models.DateField(_("日期"))
    reason = models.TextField(_("事由"), blank=True)
    policy_clause = models.CharField(_("依据条款"), max_length=200, blank=True)
    document = models.FileField(_("文件"), upload_to="records/rewards/%Y/", blank=True)

    class Meta:
        verbose_name = _("奖惩记录")
        verbose_name_plural = _("奖惩记录")
        ordering = ["employee", "-date"]
        constraints = [
            # Natural key; the employee prefix serves the profile.
            models.UniqueConstraint(fields=["employee", "kind", "date", "title"], name="rewardpenalty_natural_uniq"),
        ]
        indexes = [
            # Flag rules: penalties (by level) in a date range.
            models.Index(fields=["kind", "date"], name="rewardpenalty_kind_date_idx"),
        ]


# ---------------------------------------------------------------------------------------------
# 360 feedback


class RaterRelation(models.TextChoices):
    SELF = "self", _("本人")
    MANAGER = "manager", _("上级")
    PEER = "peer", _("同事")
    SUBORDINATE = "subordinate", _("下属")
    CUSTOMER = "customer", _("客户")
    OTHER = "other", _("其他")


class Feedback360(PeriodicRecord):
    """One rater's score on one dimension (团队协作/沟通/专业能力 ...). `rater_key` tells raters of the
    same relation apart (an anonymous code from the survey tool), never their name."""

    dimension = models.CharField(_("维度"), max_length=50)
    rater_relation = models.CharField(_("评价人关系"), max_length=12, choices=RaterRelation.choices)
    rater_key = models.CharField(_("评价人编号"), max_length=50, blank=True)
    score = models.DecimalField(
        _("分数"), max_digits=4, decimal_places=2, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("评语"), blank=True)

    class Meta:
        verbose_name = _("360评估")
        verbose_name_plural = _("360评估")
        ordering = ["employee", "-period_start", "dimension"]
        constraints = [
            # Natural key; the employee prefix serves the profile.
            models.UniqueConstraint(
                fields=["employee", "period_kind", "period_start", "dimension", "rater_relation", "rater_key"],
                name="feedback360_natural_uniq",
            ),
        ]
        indexes = [
            # Flag rules and department comparisons: one period, every employee.
            models.Index(fields=["period_kind", "period_start"], name="feedback360_period_idx"),
        ]


# ---------------------------------------------------------------------------------------------
# Values assessments


class ValuesAssessment(PeriodicRecord):
    """A score 1–5 on one of the company's values (诚信/客户第一/协作共赢 ...) with the examples."""

    dimension = models.CharField(_("价值观维度"), max_length=50)
    score = models.PositiveSmallIntegerField(_("分数"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    examples = models.TextField(_("行为事例"), blank=True)
    assessor_name = models.CharField(_("评估人"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("价值观评估")
        verbose_name_plural = _("价值观评估")
        ordering = ["employee", "-period_start", "dimension"]
        constraints = [
            # Natural key; the employee prefix serves the profile.
            models.UniqueConstraint(
                fields=["employee", "period_kind", "period_start", "dimension"], name="values_natural_uniq"
            ),
        ]
        indexes = [
            # Flag rules: one period, every employee.
            models.Index(fields=["period_kind", "period_start"], name="values_period_idx"),
        ]


# ---------------------------------------------------------------------------------------------
# Surveys


class SurveyKind(models.TextChoices):
    ENGAGEMENT = "engagement", _("敬业度")
    SATISFACTION = "satisfaction", _("满意度")
    INTENT_TO_LEAVE = "intent_to_leave", _("离职倾向")


class SurveyResponse(PeriodicRecord):
    """One employee's (identified) answer, by dimension, usually monthly. Scores 0–10 (a 1–5
    Likert answer fits, so does an eNPS 0–10)."""

    survey = models.CharField(_("问卷"), max_length=16, choices=SurveyKind.choices)
    dimension = models.CharField(_("维度"), max_length=50, blank=True)
    score = models.DecimalField(
        _("分数"), max_digits=4, decimal_places=2, validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    comment = models.TextField(_("意见"), blank=True)

    class Meta:
        verbose_name = _("调查问卷")
        verbose_name_plural = _("调查问卷")
        ordering = ["employee", "-period_start", "survey", "dimension"]
        constraints = [
            # Natural key; the employee prefix serves the profile.
            models.UniqueConstraint(
                fields=["employee", "survey", "dimension", "period_kind", "period_start"],
                name="survey_natural_uniq",
            ),
        ]
        indexes = [
            # Flag rules (intent to leave this month) and engagement trends.
            models.Index(fields=["survey", "period_kind", "period_start"], name="survey_period_idx"),
        ]


# ---------------------------------------------------------------------------------------------
# Recruitment and onboarding commitments


class CommitmentStage(models.TextChoices):
    INTERVIEW = "interview", _("面试")
    OFFER = "offer", _("录用")
    ONBOARDING = "onboarding", _("入职")
    PROBATION = "probation", _("试用期")


class CommitmentParty(models.TextChoices):
    CANDIDATE = "candidate", _("候选人")
    COMPANY = "company", _("公司")


class Commitment(RecordBase):
    """What was said when the employee was hired (by the candidate, or promised by the company),
    who recorded it and when — for the profile and the talk plan."""

    stage = models.CharField(_("阶段"), max_length=12, choices=CommitmentStage.choices)
    party = models.CharField(
        _("承诺方"), max_length=10, choices=CommitmentParty.choices, default=CommitmentParty.CANDIDATE
    )
    said_on = models.DateField(_("日期"))
    topic = models.CharField(_("主题"), max_length=100, help_text=_("如：出差、加班、服务期、晋升"))
    content = models.TextField(_("内容"))
    recorded_by = models.CharField(_("记录人"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("招聘/入职承诺")
        verbose_name_plural = _("招聘/入职承诺")
        ordering = ["employee", "said_on"]
        constraints = [
            # Natural key; the employee prefix serves the profile (the only reader).
            models.UniqueConstraint(
                fields=["employee", "party", "said_on", "topic"], name="commitment_natural_uniq"
            ),
        ]


# ---------------------------------------------------------------------------------------------
# Contributions


class ContributionKind(models.TextChoices):
    PROJECT = "project", _("重点项目")
    AWARD = "award", _("获奖")
    MENTORING = "mentoring", _("带教")
    PATENT = "patent", _("专利/成果")
    OTHER = "other", _("其他")


class Contribution(RecordBase):
    """Key projects, awards, people mentored: what the employee gave (the profile, the farewell)."""

    kind = models.CharField(_("类型"), max_length=10, choices=ContributionKind.choices)
    title = models.CharField(_("名称"), max_length=200)
    date = models.DateField(_("日期"))
    end_date = models.DateField(_("结束日期"), null=True, blank=True)
    role = models.CharField(_("角色"), max_length=100, blank=True)
    description = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("贡献")
        verbose_name_plural = _("贡献")
        ordering = ["employee", "-date"]
        constraints = [
            # Natural key; the employee prefix serves the profile (the only reader).
            models.UniqueConstraint(fields=["employee", "kind", "title", "date"], name="contribution_natural_uniq"),
        ]
