"""Companies, org units, positions, employees, contracts, monthly wages, protected statuses."""

from __future__ import annotations

import uuid
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from farewell.common.fields import EncryptedTextField, blind_index


class Jurisdiction(models.TextChoices):
    CN = "CN", _("劳动合同法（企业）")
    CIVIL_SERVICE = "CN-civil-service", _("公务员法（机关）")


class Company(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("名称"), max_length=200)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    jurisdiction = models.CharField(
        _("适用法律"), max_length=20, choices=Jurisdiction.choices, default=Jurisdiction.CN
    )
    city = models.CharField(_("所在城市"), max_length=50, help_text=_("用于当地平均工资和最低工资"))
    # 事业单位 staff use the CN pack unless the employer decides otherwise (DESIGN).
    public_institution_rule_pack = models.CharField(
        max_length=20, choices=Jurisdiction.choices, default=Jurisdiction.CN
    )

    class Meta:
        verbose_name = _("公司")
        verbose_name_plural = _("公司")

    def __str__(self) -> str:
        return self.name


class OrgUnit(models.Model):
    """A node of the org tree; `path` is materialised ("0001.0004.") so a subtree is one prefix."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="units")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    name = models.CharField(_("名称"), max_length=100)
    code = models.CharField(_("编码"), max_length=30)
    path = models.CharField(max_length=255, db_index=True)  # scope checks: path__startswith
    depth = models.PositiveSmallIntegerField(default=0)
    head = models.ForeignKey(
        "Employee", null=True, blank=True, on_delete=models.SET_NULL, related_name="headed_units"
    )

    class Meta:
        verbose_name = _("部门")
        verbose_name_plural = _("部门")
        ordering = ["path"]
        constraints = [models.UniqueConstraint(fields=["company", "code"], name="orgunit_company_code_uniq")]

    def __str__(self) -> str:
        return self.name


class Position(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="positions")
    name = models.CharField(_("岗位"), max_length=100)
    grade = models.CharField(_("职级"), max_length=20, blank=True)
    wage_min = models.DecimalField(_("薪档下限"), max_digits=12, decimal_places=2, null=True, blank=True)
    wage_max = models.DecimalField(_("薪档上限"), max_digits=12, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("岗位")
        verbose_name_plural = _("岗位")
        constraints = [models.UniqueConstraint(fields=["company", "name"], name="position_company_name_uniq")]

    def __str__(self) -> str:
        return self.name


class Gender(models.TextChoices):
    MALE = "male", _("男")
    FEMALE = "female", _("女")


class EmploymentType(models.TextChoices):
    LABOUR_CONTRACT = "labour_contract", _("劳动合同")
    CIVIL_SERVANT = "civil_servant", _("公务员")
    PUBLIC_INSTITUTION = "public_institution", _("事业单位")
    DISPATCH = "dispatch", _("劳务派遣")
    INTERN = "intern", _("实习")
    PART_TIME = "part_time", _("非全日制")


class EmployeeStatus(models.TextChoices):
    PROBATION = "probation", _("试用期")
    ACTIVE = "active", _("在职")
    SEPARATING = "separating", _("离职中")
    SEPARATED = "separated", _("已离职")


class RetirementCategory(models.TextChoices):
    """Which statutory retirement age applies (law/retirement.py)."""

    MALE = "male", _("男职工")
    FEMALE_CADRE = "female_cadre", _("女干部（原55岁）")
    FEMALE_WORKER = "female_worker", _("女工人（原50岁）")


class Employee(models.Model):
    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="employees")
    employee_number = models.CharField(_("工号"), max_length=30)
    name = models.CharField(_("姓名"), max_length=50)
    gender = models.CharField(_("性别"), max_length=6, choices=Gender.choices)
    birth_date = models.DateField(_("出生日期"))
    # Sensitive personal information (PIPL): encrypted, searched through the blind index,
    # read only through accounts.services.read_sensitive.
    id_number = EncryptedTextField(_("身份证号"), blank=True)
    id_number_index = models.CharField(max_length=64, blank=True, db_index=True)
    bank_account = EncryptedTextField(_("银行账号"), blank=True)
    phone = models.CharField(_("手机"), max_length=20, blank=True)
    email = models.EmailField(_("邮箱"), blank=True)
    first_work_date = models.DateField(_("参加工作日期"), null=True, blank=True)
    hire_date = models.DateField(_("入职日期"))
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="employees", verbose_name=_("部门"))
    manager = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports", verbose_name=_("直接上级")
    )
    position = models.ForeignKey(
        Position, null=True, blank=True, on_delete=models.SET_NULL, related_name="employees", verbose_name=_("岗位")
    )
    employment_type = models.CharField(
        _("用工类型"), max_length=20, choices=EmploymentType.choices, default=EmploymentType.LABOUR_CONTRACT
    )
    status = models.CharField(_("状态"), max_length=12, choices=EmployeeStatus.choices, default=EmployeeStatus.ACTIVE)
    union_member = models.BooleanField(_("工会会员"), default=False)
    retirement_category = models.CharField(
        _("退休类别"), max_length=20, choices=RetirementCategory.choices, blank=True
    )
    separation_date = models.DateField(_("离职日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("员工")
        verbose_name_plural = _("员工")
        ordering = ["employee_number"]
        constraints = [
            models.UniqueConstraint(fields=["company", "employee_number"], name="employee_company_number_uniq")
        ]
        indexes = [
            # The employee list filters by unit, status and hire date and sorts by number.
            models.Index(fields=["org_unit", "status"], name="employee_unit_status_idx"),
            models.Index(fields=["hire_date"], name="employee_hire_idx"),
            models.Index(fields=["name"], name="employee_name_idx"),
            # The list's first page in number order for a scope covering most of the table (an HR
            # admin's): walked in order and stopped after 50 rows, instead of a scan and sort of all.
            models.Index(fields=["employee_number", "id"], name="employee_number_id_idx"),
            # exits' turnover report: headcount on a day by unit (hired by then, not yet gone), read
            # from this index alone (an index-only scan instead of the whole, wide table).
            models.Index(fields=["company", "hire_date", "separation_date", "org_unit"],
                         name="employee_headcount_idx"),
            # A subtree scope or unit filter (`org_unit IN (...) AND company = ...`, org/subtree.py)
            # counted from the index alone. The name and 工号 search indexes are PostgreSQL
            # expressions, created in migration 0007 (org/search.py).
            models.Index(fields=["org_unit", "company", "id"], name="employee_unit_company_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.employee_number}）"

    def save(self, *args, **kwargs) -> None:
        """Keep the blind index in step with the ID number on every `save()`.

        A derived column, not business logic: search by ID number (the employee list, the
        importers' matching) reads `id_number_index` only, so a save that changes `id_number`
        without it would hide the person. Paths that skip `save()` — `bulk_create`,
        `bulk_update`, `QuerySet.update` — must set it themselves with `blind_index()` (the
        demo generator and records/people.py do).
        """
        update_fields = kwargs.get("update_fields")
        if "id_number" not in self.get_deferred_fields() and (
            update_fields is None or "id_number" in update_fields
        ):
            self.id_number_index = blind_index(self.id_number) if self.id_number else ""
            if update_fields is not None and "id_number_index" not in update_fields:
                kwargs["update_fields"] = [*update_fields, "id_number_index"]
        super().save(*args, **kwargs)

    @property
    def rule_pack(self) -> str | None:
        """The law engine's jurisdiction for this employee (DESIGN: records to engine)."""
        # Plain strings: the engine reads JSON types exactly (a str subclass such as a TextChoices
        # member is not a JSON string to it).
        if self.employment_type == EmploymentType.CIVIL_SERVANT:
            return Jurisdiction.CIVIL_SERVICE.value
        if self.employment_type == EmploymentType.PUBLIC_INSTITUTION:
            pack = self.company.public_institution_rule_pack
            return None if pack is None else str(pack)
        if self.employment_type in (EmploymentType.PART_TIME, EmploymentType.INTERN):
            return None
        return Jurisdiction.CN.value


class ContractKind(models.TextChoices):
    FIXED_TERM = "fixed_term", _("固定期限")
    OPEN_ENDED = "open_ended", _("无固定期限")
    TASK_BASED = "task_based", _("以完成一定工作任务为期限")


class Contract(models.Model):
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="contracts")
    kind = models.CharField(_("合同类型"), max_length=12, choices=ContractKind.choices)
    sequence = models.PositiveSmallIntegerField(_("第几次签订"), default=1)
    start_date = models.DateField(_("起始日"))
    end_date = models.DateField(_("终止日"), null=True, blank=True)
    probation_end_date = models.DateField(_("试用期截止"), null=True, blank=True)
    signed_date = models.DateField(_("签订日"), null=True, blank=True)
    renewal_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="renewals", verbose_name=_("续签自")
    )

    class Meta:
        verbose_name = _("劳动合同")
        verbose_name_plural = _("劳动合同")
        ordering = ["employee", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["employee", "sequence"], name="contract_employee_seq_uniq"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="contract_end_after_start",
            ),
        ]

    @property
    def term_months(self) -> int | None:
        if self.end_date is None:
            return None
        span = relativedelta(self.end_date + timedelta(days=1), self.start_date)
        return span.years * 12 + span.months


class WageMonth(models.Model):
    """One month's gross wage as 实施条例第27条 counts it (bonuses and allowances included)."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="wages")
    month = models.DateField(_("月份"), help_text=_("该月第一天"))
    base = models.DecimalField(_("基本工资"), max_digits=12, decimal_places=2, default=0)
    bonus = models.DecimalField(_("奖金"), max_digits=12, decimal_places=2, default=0)
    allowances = models.DecimalField(_("津贴补贴"), max_digits=12, decimal_places=2, default=0)
    overtime = models.DecimalField(_("加班工资"), max_digits=12, decimal_places=2, default=0)
    total = models.DecimalField(_("应发合计"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("月工资")
        verbose_name_plural = _("月工资")
        ordering = ["employee", "month"]
        constraints = [models.UniqueConstraint(fields=["employee", "month"], name="wagemonth_employee_month_uniq")]


class StatusKind(models.TextChoices):
    """Exactly the law engine's protected_status strings (LCL 42)."""

    PREGNANCY = "pregnancy", _("孕期")
    MATERNITY = "maternity", _("产期")
    NURSING = "nursing", _("哺乳期")
    MEDICAL_PERIOD = "medical_period", _("医疗期")
    WORK_INJURY = "work_injury", _("工伤/职业病致丧失劳动能力")
    OCCUPATIONAL_DISEASE_EXAM_PENDING = "occupational_disease_exam_pending", _("职业病离岗检查/诊断中")


class StatusPeriod(models.Model):
    """A protected-status period; its kind and notes are health data and stay encrypted."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="status_periods")
    kind = EncryptedTextField(_("类型"), choices=StatusKind.choices)
    notes = EncryptedTextField(_("备注"), blank=True)
    start_date = models.DateField(_("开始"))
    end_date = models.DateField(_("结束"), null=True, blank=True)
    protected = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("特殊保护期")
        verbose_name_plural = _("特殊保护期")
        ordering = ["employee", "start_date"]
        indexes = [models.Index(fields=["employee", "start_date"], name="statusperiod_emp_start_idx")]


class LocalWageKind(models.TextChoices):
    AVERAGE = "average", _("上年度职工月平均工资")
    MINIMUM = "minimum", _("月最低工资标准")


class LocalWageFigure(models.Model):
    """A local wage figure HR admins add or correct; it extends the engine's shipped table.

    An average wage is the statistical year's (the engine uses the year before separation,
    LCL 47 ¶2); a minimum wage applies from `effective_from` (Reg. 27). A figure here wins over
    the shipped one for the same city and year or date.
    """

    city = models.CharField(_("城市"), max_length=50)
    kind = models.CharField(_("类型"), max_length=10, choices=LocalWageKind.choices)
    year = models.PositiveSmallIntegerField(_("统计年度"), null=True, blank=True)
    effective_from = models.DateField(_("执行日期"), null=True, blank=True)
    amount = models.DecimalField(_("金额（元/月）"), max_digits=10, decimal_places=2)
    source = models.CharField(_("来源（发布机关和文件）"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("当地工资标准")
        verbose_name_plural = _("当地工资标准")
        ordering = ["city", "kind", "-year", "-effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="average", year__isnull=False, effective_from__isnull=True)
                           | Q(kind="minimum", year__isnull=True, effective_from__isnull=False)),
                name="localwage_year_or_date",
            ),
            models.UniqueConstraint(fields=["city", "kind", "year", "effective_from"], name="localwage_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.city} {self.get_kind_display()} {self.year or self.effective_from} {self.amount}"


class ReferenceVersion(models.Model):
    """The version of a table every process keeps a copy of (org/cached.py: the holiday table, the wage
    figures): a new random token in the transaction of each change, compared by every process before it
    uses its copy. Read by primary key once per request that needs a kept table."""

    name = models.CharField(max_length=40, primary_key=True)
    token = models.CharField(max_length=32)

    def __str__(self) -> str:
        return f"{self.name} {self.token}"


class HolidayKind(models.TextChoices):
    HOLIDAY = "holiday", _("放假")
    WORKDAY = "workday", _("调休上班")
    # a weekday of the span given off in exchange for an adjusted working day: a day off, not a paid day
    # (law/calendar.py, WorkCalendar.paid_days_between)
    IN_LIEU = "inlieu", _("调休放假")


class Holiday(models.Model):
    """One day of a State Council holiday notice (DESIGN, Working days): a day off of a holiday
    span, an adjusted working day, or a day off in lieu of one (调休放假: off, but not a paid day). It extends the calendar the law engine ships (chinesecalendar,
    whose data ends with 2026) for every procedure date and workflow due date (org/holidays.py)."""

    day = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=10, choices=HolidayKind.choices)
    notice = models.CharField(_("国务院办公厅通知"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("节假日")
        verbose_name_plural = _("节假日")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.get_kind_display()}"


class JobChangeKind(models.TextChoices):
    MANAGER = "manager", _("直接上级变更")
    POSITION = "position", _("岗位变更")
    GRADE = "grade", _("职级变更")


class JobChangeSource(models.TextChoices):
    EDIT = "edit", _("页面修改")
    IMPORT = "import", _("导入")
    POSITION_GRADE = "position_grade", _("岗位职级调整")


class JobChange(models.Model):
    """A dated change of one employee's manager, position or grade, kept as history.

    Written by the org services and the people importers whenever they change one of the three
    (in bulk for imports); never edited. History starts the day Farewell starts recording: what
    changed before is unknown. `promotion` is decided when the row is written (org/promotions.py
    says what counts), so the risk model reads a plain column."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="job_changes")
    kind = models.CharField(_("变更类型"), max_length=10, choices=JobChangeKind.choices)
    effective_date = models.DateField(_("生效日期"))
    old_manager = models.ForeignKey(Employee, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("原直接上级"))
    new_manager = models.ForeignKey(Employee, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("新直接上级"))
    old_position = models.ForeignKey(Position, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                     verbose_name=_("原岗位"))
    new_position = models.ForeignKey(Position, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                     verbose_name=_("新岗位"))
    old_grade = models.CharField(_("原职级"), max_length=20, blank=True)
    new_grade = models.CharField(_("新职级"), max_length=20, blank=True)
    promotion = models.BooleanField(_("晋升"), default=False)
    source = models.CharField(_("来源"), max_length=16, choices=JobChangeSource.choices)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("任职变动")
        verbose_name_plural = _("任职变动")
        ordering = ["employee", "effective_date", "id"]
        indexes = [
            # The profile's history of one person, and the risk features' per-employee aggregates.
            models.Index(fields=["employee", "effective_date"], name="jobchange_employee_date_idx"),
            # The risk features of a company on a day: changes by kind up to that day.
            models.Index(fields=["kind", "effective_date"], name="jobchange_kind_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.kind} {self.effective_date}"
