"""The calculator form: the engine's JSON contract as fields HR can fill in."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from farewell.cases.ground_labels import ground_label
from farewell.common.dates import say_date_format, validate_period_date
from farewell.common.limits import LONG_TEXT_CHARS, SHORT_TEXT_CHARS
from farewell.common.money import MAX_AMOUNT, MAX_LOCAL_FIGURE, WrittenDecimalField, bound_amount
from farewell.common.widgets import LeanCheckboxInput, LeanChoiceField
from farewell.law.grounds import CIVIL_SERVICE, CN, GROUNDS
from farewell.law.inputs import LCL_EFFECTIVE_DATE
from farewell.law.money import fmt_number
from farewell.org.person_dates import HIRE_DATE, SEPARATION_DATE, not_after, not_before
from farewell.org.unit_picker import UnitPickerField, UnitPickerWidget

# Plain-language groups for the engine's ground codes (DESIGN: a case's ground).
GROUND_GROUPS: list[tuple[str, list[str]]] = [
    (_("辞职"), ["resignation", "employer_fault_resignation"]),
    (_("协商一致"), ["mutual_employer_initiated", "mutual_employee_initiated"]),
    (_("过失性解除"), ["probation_rejection", "misconduct"]),
    (_("提前通知解除"), ["illness_incapacity", "incompetence", "objective_change"]),
    (_("经济性裁员"), ["economic_layoff"]),
    (_("合同到期终止"), [
        "expiry_employer_not_renewing",
        "expiry_employee_declines_same_or_better",
        "expiry_employee_declines_worse_terms",
    ]),
    (_("单位终止"), ["employer_closure"]),
    (_("退休"), ["retirement"]),
    (_("违法解除（估算赔偿金）"), ["unlawful_termination"]),
    (_("公务员"), [code for code, g in GROUNDS.items() if g.jurisdiction == CIVIL_SERVICE]),
]


def ground_choices() -> list:
    return [(group, [(code, ground_label(code)) for code in codes]) for group, codes in GROUND_GROUPS]


PROTECTED_STATUS_CHOICES = [
    ("pregnancy", _("孕期")),
    ("maternity", _("产期")),
    ("nursing", _("哺乳期")),
    ("medical_period", _("医疗期")),
    ("work_injury", _("工伤/职业病致丧失劳动能力")),
    ("occupational_disease_exam_pending", _("职业病离岗检查/诊断中")),
    ("long_service_near_retirement", _("连续工作满15年且距法定退休年龄不足5年")),
]

_SEPARATORS = re.compile(r"[\s,，;；、]+")
# A comma between a digit and exactly three digits is a thousands separator ("15,000" is one
# amount, not 15 and 000); a month of exactly three digits after a comma would merge — write it
# on its own line.
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")


class AmountListField(forms.CharField):
    """Numbers separated by commas, spaces or new lines, oldest month first."""

    widget = forms.Textarea(attrs={"rows": 3})

    def to_python(self, value):
        text = unicodedata.normalize("NFKC", super().to_python(value) or "")  # 全角 digits, ￥, ，
        text = _THOUSANDS.sub("", text)
        items = [item for item in _SEPARATORS.split(text.strip()) if item]
        amounts = []
        for position, item in enumerate(items, start=1):
            try:
                amount = Decimal(item.replace("¥", "").removesuffix("元"))
            except InvalidOperation:
                raise forms.ValidationError(
                    _("第 %(n)s 个数“%(item)s”不是金额"), params={"n": position, "item": item}
                ) from None
            if amount < 0:
                raise forms.ValidationError(_("第 %(n)s 个数不能为负"), params={"n": position})
            amounts.append(amount)
        return amounts


AMOUNT_LIST_CHARS = 500  # twelve amounts and their separators, with room to spare


# The engine refuses an amount or a count of 10^10 or more (law/inputs.py) in English: the form says it
# first, in the page's language and on the field.
MAX_COUNT = 9_999_999_999
JURISDICTION_LABELS = {CN: _("劳动合同法"), CIVIL_SERVICE: _("公务员法")}


class CalculatorForm(forms.Form):
    jurisdiction = forms.ChoiceField(
        label=_("适用法律"), choices=list(JURISDICTION_LABELS.items()), initial=CN
    )
    ground = forms.ChoiceField(label=_("离职事由"), choices=ground_choices)
    # No date before 1950 (common/dates.py): a year like 0202 typed by mistake is a field error, not an engine run.
    hire_date = forms.DateField(label=_("入职日期"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
                                validators=[validate_period_date])
    separation_date = forms.DateField(
        label=_("劳动合同解除/终止日"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        validators=[validate_period_date],
        help_text=_("劳动合同的最后一天（最后工作日可以更早）"),
    )
    monthly_wages = AmountListField(
        max_length=AMOUNT_LIST_CHARS, label=_("离职前12个月的月工资"), required=False,
        help_text=_("应发工资（含奖金、津贴、补贴），由远到近，最多12个月，用逗号或换行分隔"),
    )
    overtime_pay_included = AmountListField(
        max_length=AMOUNT_LIST_CHARS, label=_("其中加班工资"), required=False, help_text=_("与上面每个月一一对应；计算年休假日工资时扣除")
    )
    last_month_wage = WrittenDecimalField(label=_("上月工资（代通知金）"), required=False, min_value=0, max_value=MAX_AMOUNT)
    local_avg_monthly_wage = WrittenDecimalField(label=_("当地上年度职工月平均工资"), required=False, min_value=0, max_value=MAX_AMOUNT)
    local_avg_monthly_wage_year = forms.IntegerField(
        label=_("该平均工资的统计年度"), required=False, min_value=1990, max_value=2100,
        help_text=_("应为离职前一年；填写更早年度时结果标为暂定"))
    local_min_wage = WrittenDecimalField(label=_("当地月最低工资标准"), required=False, min_value=0, max_value=MAX_AMOUNT)
    enterprise_avg_monthly_wage = WrittenDecimalField(label=_("本单位月平均工资"), required=False, min_value=0, max_value=MAX_AMOUNT)
    notice_given_days = forms.IntegerField(label=_("已提前书面通知天数"), required=False, min_value=0, max_value=MAX_COUNT)
    union_notified = forms.TypedChoiceField(
        label=_("是否已事先通知工会"), required=False,
        choices=[("", _("未说明")), ("true", _("是")), ("false", _("否"))],
        coerce=lambda v: v == "true", empty_value=None,
    )
    protected_status = forms.MultipleChoiceField(
        label=_("特殊保护情形"), required=False, choices=PROTECTED_STATUS_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    probation_end_date = forms.DateField(
        label=_("试用期截止日"), required=False, widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        validators=[validate_period_date],
    )
    contract_term_months = forms.IntegerField(
        label=_("固定期限合同期限（月）"), required=False, min_value=0, max_value=MAX_COUNT, help_text=_("无固定期限合同留空")
    )
    cumulative_work_years = forms.IntegerField(label=_("累计工作年限（年休假）"), required=False, min_value=0, max_value=MAX_COUNT)
    # The year of separation's (the engine's days_taken_this_year), which need not be this year: a last day in
    # January is counted on January's year, and the year before goes in the next field.
    days_taken_this_year = WrittenDecimalField(
        label=_("离职当年已休年休假天数"), required=False, min_value=0, max_value=MAX_AMOUNT,
        help_text=_("离职日所在年度已休的天数；以前年度的未休天数填在下一项"))
    untaken_days_previous_years = WrittenDecimalField(
        label=_("以前年度未休年休假天数"), required=False, min_value=0, max_value=MAX_AMOUNT,
        help_text=_("单位既未安排、也未依法延至次年、也未支付的天数"))
    no_written_contract_months = forms.IntegerField(label=_("未签书面劳动合同月数"), required=False, min_value=0, max_value=MAX_COUNT)
    extra_compensation = WrittenDecimalField(label=_("协商额外补偿"), required=False, min_value=0, max_value=MAX_AMOUNT)
    layoff_headcount = forms.IntegerField(label=_("裁减人数"), required=False, min_value=0, max_value=MAX_COUNT)
    employer_headcount = forms.IntegerField(label=_("企业职工总数"), required=False, min_value=0, max_value=MAX_COUNT)
    # Where local courts differ (law/practices.py): the company city's default, the national rules or a
    # named provincial practice; the result names it with its source.
    practice = forms.ChoiceField(label=_("地方裁判口径"), required=False,
                                 help_text=_("默认按公司所在地；所选口径及其依据在计算说明中注明"))

    def __init__(self, *args, city: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.city = city
        for name in ("last_month_wage", "enterprise_avg_monthly_wage", "extra_compensation"):
            bound_amount(self.fields[name])
        for name in ("local_avg_monthly_wage", "local_min_wage"):  # as 设置 › 当地工资标准 takes them
            bound_amount(self.fields[name], MAX_LOCAL_FIGURE)
        self.fields["practice"].choices = practice_choices(city)
        for field in self.fields.values():
            say_date_format(field)
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select form-select-sm")
            else:
                widget.attrs.setdefault("class", "form-control form-control-sm")

    SIMPLE_FIELDS = (
        "last_month_wage", "local_avg_monthly_wage", "local_avg_monthly_wage_year", "local_min_wage",
        "enterprise_avg_monthly_wage",
        "notice_given_days", "union_notified", "probation_end_date", "contract_term_months",
        "no_written_contract_months", "extra_compensation", "layoff_headcount", "employer_headcount",
    )

    def clean(self):
        """The checks the engine would make, said in Chinese and on the field at fault."""
        data = super().clean()
        hire, separation = data.get("hire_date"), data.get("separation_date")
        if hire and separation:
            if separation < hire:
                self.add_error("separation_date", not_before(separation, hire, HIRE_DATE))
            elif separation < LCL_EFFECTIVE_DATE:
                self.add_error("separation_date", _("2008年1月1日以前的离职不在本计算范围内（《劳动合同法》第九十八条）"))
        wages = data.get("monthly_wages") or []
        if len(wages) > 12:
            self.add_error("monthly_wages", _("最多填写12个月（离职前十二个月，《劳动合同法》第四十七条），现在是 %(n)s 个")
                           % {"n": len(wages)})
        overtime = data.get("overtime_pay_included") or []
        if overtime and len(overtime) != len(wages):
            self.add_error("overtime_pay_included", _("加班工资须与月工资逐月对应：月工资 %(w)s 个，加班工资 %(o)s 个")
                           % {"w": len(wages), "o": len(overtime)})
        elif overtime:
            over = next((n for n, (w, o) in enumerate(zip(wages, overtime, strict=True), start=1) if o > w), None)
            if over is not None:
                self.add_error("overtime_pay_included", _("第 %(n)s 个月的加班工资 %(o)s 超过当月工资 %(w)s")
                               % {"n": over, "o": overtime[over - 1], "w": wages[over - 1]})
        for name in ("monthly_wages", "overtime_pay_included"):
            big = next((n for n, amount in enumerate(data.get(name) or [], start=1) if amount > MAX_AMOUNT), None)
            if big is not None and name not in self.errors:
                self.add_error(name, _("第 %(n)s 个数过大（不能超过 %(max)s）") % {"n": big, "max": f"{MAX_AMOUNT:,.2f}"})
        probation = data.get("probation_end_date")
        if probation and hire and probation < hire:
            self.add_error("probation_end_date", not_before(probation, hire, HIRE_DATE))
        ground = GROUNDS.get(data.get("ground") or "")
        if ground is not None and data.get("jurisdiction") and ground.jurisdiction != data["jurisdiction"]:
            # The engine refuses the pair with its codes ("ground … belongs to CN-civil-service, not CN").
            self.add_error("ground", _("所选离职事由适用于%(law)s，请将“适用法律”改为%(law)s")
                           % {"law": JURISDICTION_LABELS[ground.jurisdiction]})
        return data

    def engine_input(self) -> dict:
        """The cleaned form as the engine's JSON input (absent fields left out)."""
        c = self.cleaned_data
        data: dict = {
            "jurisdiction": c["jurisdiction"],
            "ground": c["ground"],
            "hire_date": c["hire_date"].isoformat(),
            "separation_date": c["separation_date"].isoformat(),
            "monthly_wages": list(c["monthly_wages"]),
        }
        if c["overtime_pay_included"]:
            data["overtime_pay_included"] = list(c["overtime_pay_included"])
        for name in self.SIMPLE_FIELDS:
            value = c.get(name)
            if value is None or value == "":
                continue
            data[name] = value.isoformat() if hasattr(value, "isoformat") else value
        if c.get("protected_status"):
            data["protected_status"] = list(c["protected_status"])
        if c.get("cumulative_work_years") is not None:
            data["annual_leave"] = {
                "cumulative_work_years": c["cumulative_work_years"],
                "days_taken_this_year": c.get("days_taken_this_year") or Decimal(0),
            }
            if c.get("untaken_days_previous_years"):
                data["annual_leave"]["untaken_days_previous_years"] = c["untaken_days_previous_years"]
        data[OPTIONS_KEY] = calculator_practice(self.city, c.get("practice") or "")
        return data

    def add_engine_error(self, field: str | None, message: str) -> None:
        """Show an engine input error on the field it names (dotted names map to the leaf)."""
        name = (field or "").split(".")[-1]
        self.add_error(name if name in self.fields else None, message)


# --- separation cases ------------------------------------------------------------------------

from farewell.cases import civil_service, leave_years, services  # noqa: E402
from farewell.cases.engine_calls import (  # noqa: E402
    CHOSEN_IN_CALCULATOR,
    NATIONAL,
    OPTIONS_KEY,
    OVERRIDE_KEY,
    practice_choice,
)
from farewell.cases.models import (  # noqa: E402
    CASE_GROUNDS,
    CaseSettings,
    CaseStatus,
    CaseType,
    CompensationPolicy,
    Risk,
    StepCondition,
    StepKind,
)
from farewell.cases.uploads import DocumentError, check_document  # noqa: E402
from farewell.law.practices import PRACTICES, practice_for_city  # noqa: E402


def calculator_practice(city: str | None, practice: str) -> dict:
    """The calculator's practice (`OPTIONS_KEY`): the city's default for "", else the one chosen on the page."""
    choice = practice_choice(city, {"practice": practice} if practice else None)
    if practice:
        choice["chosen_by"] = CHOSEN_IN_CALCULATOR
    return choice


def practice_choices(city: str | None) -> list[tuple[str, str]]:
    """The facts form's choices of local practice: the company city's default first, then the national
    rules and each named practice (law/practices.py)."""
    english = get_language() == "en"
    default = practice_for_city(city)
    first = (_("按公司所在地默认：%(name)s") % {"name": default.name[english]} if default
             else _("按公司所在地默认：全国通行规则"))
    return [("", first), (NATIONAL, _("全国通行规则（劳动合同法及实施条例）"))] + [
        (code, practice.name[english]) for code, practice in PRACTICES.items()]

_DATE = {"type": "date"}


def _date_field(label, required=True, help_text=""):
    """A date of a case or batch: none before 1950 (common/dates.py), refused on its field."""
    return forms.DateField(label=label, required=required, help_text=help_text, validators=[validate_period_date],
                           widget=forms.DateInput(format="%Y-%m-%d", attrs=_DATE))


def case_ground_choices() -> list:
    return [(str(CaseType(t).label), [(code, ground_label(code)) for code in codes])
            for t, codes in CASE_GROUNDS.items()]


class BootstrapMixin:
    def _style(self):
        for field in self.fields.values():
            say_date_format(field)
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


class OpenCaseForm(BootstrapMixin, forms.Form):
    case_type = forms.ChoiceField(label=_("案件类型"), choices=CaseType.choices)
    ground = forms.ChoiceField(label=_("法定事由"), choices=lambda: [("", _("按案件类型的默认事由"))] + case_ground_choices(),
                               required=False)
    separation_date = _date_field(_("劳动合同解除/终止日"), required=False,
                                  help_text=_("辞职可留空：按通知日起30日（试用期3日）计算"))
    last_working_day = _date_field(_("计划最后工作日"), required=False)
    notice_date = _date_field(_("书面通知日"), required=False)
    notice_evidence = forms.FileField(
        label=_("书面辞职通知扫描件"), required=False,
        help_text=_("辞职：通知日早于今天（更早收到的书面通知）时必须上传；PDF、JPG、PNG 或 Word"))
    extra_compensation = WrittenDecimalField(label=_("协商额外补偿"), required=False, min_value=0, max_value=MAX_AMOUNT)
    reason = forms.CharField(max_length=LONG_TEXT_CHARS, label=_("事实与理由"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, employee=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.employee = employee
        bound_amount(self.fields["extra_compensation"])
        if employee is not None and employee.rule_pack == "CN-civil-service":
            civil_service.adapt_open_form(self)  # 公务员法: its case types and words, no negotiated extra
        elif employee is not None:
            # Labour-contract types only (the 公务员法 ones are a civil servant's): the services refuse them too.
            types = civil_service.case_types_for(employee)
            self.fields["case_type"].choices = [(v, label) for v, label in CaseType.choices if v in types]
            self.fields["ground"].choices = [("", _("按案件类型的默认事由"))] + [
                (group, codes) for group, codes in case_ground_choices()
                if group in {str(CaseType(t).label) for t in types}]
        if "notice_evidence" in self.fields:  # shown for a resignation only (static/cases/case_open.js)
            self.fields["notice_evidence"].widget.attrs["data-case-type"] = CaseType.RESIGNATION
        if self.fields["separation_date"].help_text:  # "辞职可留空…": its hint shown for a resignation only
            self.fields["separation_date"].widget.attrs["data-hint-case-type"] = CaseType.RESIGNATION
        self._style()

    def clean(self):
        data = super().clean()
        case_type, ground = data.get("case_type"), data.get("ground")
        if case_type and ground and ground not in CASE_GROUNDS[case_type]:
            self.add_error("ground", _("事由与案件类型不符"))
        if case_type and case_type != CaseType.RESIGNATION and data.get("notice_evidence"):
            # Only a resignation keeps the scan (services.open_case): a file sent with another type is refused
            # on its field rather than dropped unseen.
            self.add_error("notice_evidence", _("只有员工辞职需要上传书面辞职通知；%(type)s不收此文件")
                           % {"type": CaseType(case_type).label})
        if (case_type and case_type != CaseType.RESIGNATION and not data.get("separation_date")
                and "separation_date" not in self.errors):  # a date typed but refused keeps its own message
            self.add_error("separation_date", _("请填写劳动合同解除/终止日"))
        check_dates_after_hire(self, self.employee)
        return data


def check_dates_after_hire(form: forms.Form, employee) -> None:
    """The case's dates cannot lie before the hire date (the engine would refuse them in its own words), and
    the last working day cannot fall after the day the contract ends (checked once both dates stand)."""
    if employee is not None and employee.hire_date:
        for name in ("separation_date", "last_working_day", "notice_date"):
            day = form.cleaned_data.get(name)
            wrong = not_before(day, employee.hire_date, HIRE_DATE)
            if wrong and name in form.fields:
                form.add_error(name, wrong)
    wrong = not_after(form.cleaned_data.get("last_working_day"), form.cleaned_data.get("separation_date"),
                      SEPARATION_DATE)
    if wrong and "last_working_day" in form.fields:
        form.add_error("last_working_day", wrong)


class CaseFactsForm(BootstrapMixin, forms.Form):
    ground = forms.ChoiceField(label=_("法定事由"), choices=case_ground_choices)
    separation_date = _date_field(_("劳动合同解除/终止日"))
    last_working_day = _date_field(_("计划最后工作日"), required=False)
    notice_date = _date_field(_("书面通知日"), required=False)
    notice_evidence = forms.FileField(
        label=_("书面辞职通知扫描件"), required=False,
        help_text=_("辞职：把通知日改为早于案件登记日时必须上传（已上传过的可不再上传）"))
    union_notified = forms.TypedChoiceField(
        label=_("是否已事先通知工会"), required=False,
        choices=[("", _("未说明")), ("true", _("是")), ("false", _("否"))],
        coerce=lambda v: v == "true", empty_value=None,
    )
    no_written_contract_months = forms.IntegerField(label=_("未签书面劳动合同月数"), required=False, min_value=0)
    # The year of separation the annual-leave fields below were listed for when the form was shown: a save that
    # moves the separation date into another year rebuilds them for the new year and asks again (clean).
    leave_year = forms.IntegerField(required=False, widget=forms.HiddenInput)
    # Labelled with its year once the case is known (__init__): "2027年（离职当年）已休年休假天数".
    days_taken_this_year = WrittenDecimalField(label=_("离职当年已休年休假天数"), required=False, min_value=0)
    untaken_days_previous_years = WrittenDecimalField(
        label=_("以前年度未休年休假天数"), required=False, min_value=0,
        help_text=_("合计天数，填写后代替按上列各年已休天数计算的结果：用于更早年度的未休年休假，或已按休假台账算好的合计"
                    "（单位既未安排、也未依法延至次年、也未支付的天数；已休完或已支付的填 0）。是否已过仲裁时效，裁判观点不一。"
                    "不填时，登记案件时尚未结束的年度按“应休 − 已休”计入"))
    extra_compensation = WrittenDecimalField(label=_("协商额外补偿"), required=False, min_value=0, max_value=MAX_AMOUNT)
    employee_demand = WrittenDecimalField(label=_("员工诉求金额"), required=False, min_value=0, max_value=MAX_AMOUNT)
    reason = forms.CharField(max_length=LONG_TEXT_CHARS, label=_("事实与理由"), required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))
    practice = forms.ChoiceField(
        label=_("地方裁判口径"), required=False,
        help_text=_("默认按公司所在地；改选须填写理由（记入证据链），计算说明中注明"))
    practice_reason = forms.CharField(label=_("改选口径的理由"), required=False, max_length=500,
                                      widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        for name in ("extra_compensation", "employee_demand"):
            bound_amount(self.fields[name])
        self.fields["practice"].choices = practice_choices(case.employee.company.city if case is not None else None)
        # The separation date the leave fields are for: the one this save gives (a year changed in the same save
        # lists the new year's fields), the case's otherwise.
        self.separation_date = self._posted_separation_date(case)
        # The earlier years whose leave is still open, with each one's entitlement (services.open_leave_years).
        self.leave_years = (services.case_leave_years(case, separation_date=self.separation_date)
                            if case is not None else {})
        if case is not None:
            self.fields["ground"].choices = [(c, ground_label(c)) for c in CASE_GROUNDS[case.case_type]]
            if case.is_civil_service:
                del self.fields["leave_year"]
                civil_service.adapt_facts_form(self, case)
            else:
                self._name_leave_years(case)
            if case.case_type != CaseType.RESIGNATION:
                del self.fields["notice_evidence"]
        self._style()

    def _posted_separation_date(self, case) -> dt.date | None:
        """The separation date this save gives, when it is a valid date; the case's otherwise."""
        current = case.separation_date if case is not None else None
        if not self.is_bound:
            return current
        try:
            posted = self.fields["separation_date"].clean(self.data.get(self.add_prefix("separation_date")))
        except forms.ValidationError:
            return current
        return posted or current

    def _name_leave_years(self, case) -> None:
        """One field per earlier open year ("2026年已休年休假天数", its entitlement beside it), before the year of
        separation's, which is labelled with its year: the days of December are not counted against January."""
        if "days_taken_this_year" not in self.fields or self.separation_date is None:
            self.fields.pop("leave_year", None)
            return
        self.fields["days_taken_this_year"].label = _("%(year)s年（离职当年）已休年休假天数") % {
            "year": self.separation_date.year}
        fields = {}
        for name, field in self.fields.items():
            if name == "days_taken_this_year":
                for year, days in self.leave_years.items():
                    fields[leave_years.field_name(year)] = WrittenDecimalField(
                        label=_("%(year)s年已休年休假天数") % {"year": year}, required=False, min_value=0,
                        max_value=366, help_text=_("应休 %(days)s 天") % {"days": days})
            fields[name] = field
        self.fields = fields

    def _leave_days_given(self) -> bool:
        """Whether this save gives any day count of annual leave taken (the year of separation's or an earlier's)."""
        # A page posts a QueryDict (lists of values), the API a plain dict of JSON values (a number, null).
        pairs = self.data.lists() if hasattr(self.data, "lists") else (
            (key, value if isinstance(value, (list, tuple)) else [value]) for key, value in self.data.items())
        return any(value is not None and str(value).strip() for key, values in pairs
                   if key == self.add_prefix("days_taken_this_year")
                   or key.startswith(self.add_prefix(leave_years.FIELD_PREFIX)) for value in values)

    def _check_leave_year(self) -> None:
        """The leave fields were listed for one year of separation and this save moves it into another: the days
        were typed into the old year's fields. The form is listed again for the new year and asks for them."""
        if ("leave_year" not in self.fields or "days_taken_this_year" not in self.fields
                or self.separation_date is None or self.case is None):
            return
        shown_for = self.cleaned_data.get("leave_year") or self.case.separation_date.year
        new_year = self.separation_date.year
        if shown_for == new_year or not self._leave_days_given():
            return
        self.add_error("days_taken_this_year", _(
            "劳动合同解除/终止日改到了%(new)s年，年休假天数栏已按%(new)s年重新列出；本次填写的是按%(old)s年列出的天数，"
            "请在“%(field)s”等栏重新填写后再保存。") % {
                "new": new_year, "old": shown_for, "field": self.fields["days_taken_this_year"].label})
        # Shown again for the new year: its fields empty, the hidden year the new one.
        data = self.data.copy()
        for key in list(data):
            if key == self.add_prefix("days_taken_this_year") or key.startswith(self.add_prefix(leave_years.FIELD_PREFIX)):
                del data[key]
        data[self.add_prefix("leave_year")] = str(new_year)
        self.data = data

    def clean(self):
        data = super().clean()
        self._check_leave_year()
        check_dates_after_hire(self, self.case.employee if self.case is not None else None)
        if data.get("practice") and not (data.get("practice_reason") or "").strip():
            self.add_error("practice_reason", _("改选地方裁判口径须填写理由"))
        return data

    @classmethod
    def initial_for(cls, case) -> dict:
        facts = case.facts or {}
        union = facts.get("union_notified")
        override = facts.get(OVERRIDE_KEY) or {}
        return {
            "practice": override.get("practice", ""), "practice_reason": override.get("reason", ""),
            "ground": case.ground, "separation_date": case.separation_date,
            "leave_year": case.separation_date.year if case.separation_date else None,
            "last_working_day": case.last_working_day, "notice_date": case.notice_date,
            "union_notified": "" if union is None else ("true" if union else "false"),
            "no_written_contract_months": facts.get("no_written_contract_months"),
            "days_taken_this_year": _days(facts.get("days_taken_this_year")),
            "untaken_days_previous_years": _days(facts.get("untaken_days_previous_years")),
            # The earlier years' days taken (a year no longer open is not asked for: the form has no field).
            **{leave_years.field_name(year): _days(days)
               for year, days in (facts.get(leave_years.TAKEN_BY_YEAR) or {}).items()},
            "extra_compensation": case.extra_compensation, "employee_demand": case.employee_demand,
            "reason": case.reason,
        }

    def changes(self) -> dict:
        c = self.cleaned_data
        changes = dict(c)
        changes.pop("notice_evidence", None)  # a file, passed to update_case on its own
        changes.pop("leave_year", None)  # which year the form listed, not a fact of the case
        if "practice" in self.fields:
            practice, reason = changes.pop("practice", ""), changes.pop("practice_reason", "")
            changes[OVERRIDE_KEY] = {"practice": practice, "reason": reason} if practice else None
        if changes.get("extra_compensation") is None:
            changes["extra_compensation"] = Decimal(0)
        for key in ("days_taken_this_year", "untaken_days_previous_years"):
            if changes.get(key) is not None:
                changes[key] = _days(changes[key])
        if "days_taken_this_year" in self.fields:
            # Every save of this form says which year each day count is (leave_years.unconfirmed_days reads it).
            by_year = {year: changes.pop(leave_years.field_name(year), None) for year in self.leave_years}
            changes[leave_years.TAKEN_BY_YEAR] = {year: _days(days) for year, days in by_year.items()
                                                  if days is not None}
        return changes


def _days(value) -> str | None:
    """A day count as HR writes it ("0", "2.5"): what the case keeps, the page shows and the API returns."""
    return None if value is None or value == "" else fmt_number(Decimal(str(value)))


class ActionForm(forms.Form):
    action = forms.ChoiceField(choices=[(a, a) for a in ("submit", "withdraw", "acknowledge", "start_handover", "close", "reopen")])
    comment = forms.CharField(required=False, max_length=2000)
    closed_on = forms.DateField(required=False, validators=[validate_period_date])


class DecisionForm(BootstrapMixin, forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("通过")), ("reject", _("驳回")), ("return", _("退回修改"))])
    comment = forms.CharField(max_length=SHORT_TEXT_CHARS, label=_("意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    document_date = _date_field(_("通知工会日期"), required=False)
    document_file = forms.FileField(label=_("通知工会文书"), required=False,
                                    help_text=_("PDF、Word、JPG或PNG，不超过10 MB"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()

    def clean_document_file(self):
        upload = self.cleaned_data.get("document_file")
        if upload:
            try:
                check_document(upload, field=str(self.fields["document_file"].label))
            except DocumentError as exc:
                raise forms.ValidationError(str(exc)) from None
        return upload

    def error_text(self) -> str:
        return " ".join(str(e) for errors in self.errors.values() for e in errors)


class MessageForm(BootstrapMixin, forms.Form):
    body = forms.CharField(label=_("消息"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class CaseFilterForm(BootstrapMixin, forms.Form):
    case_type = LeanChoiceField(label=_("类型"), required=False, choices=[("", _("全部"))] + CaseType.choices)
    status = LeanChoiceField(label=_("状态"), required=False, choices=[("", _("全部"))] + CaseStatus.choices)
    org_unit = UnitPickerField(label=_("部门"), widget=UnitPickerWidget(small=False))  # as tall as the selects
    risk = LeanChoiceField(label=_("风险"), required=False, choices=[("", _("全部"))] + Risk.choices)
    overdue = forms.BooleanField(label=_("仅逾期"), required=False, widget=LeanCheckboxInput)

    def __init__(self, *args, units=None, scope=None, **kwargs):
        """`scope` (org.filters.unit_scope): the chosen unit read by its pk and checked against the user's
        grants (its queryset built only when a manager's reports must decide); `units`: a queryset."""
        super().__init__(*args, **kwargs)
        if scope is not None:
            self.fields["org_unit"].limit_to(scope)
        elif units is not None:
            self.fields["org_unit"].queryset = units
        self._style()


class WorkflowStepForm(BootstrapMixin, forms.Form):
    kind = forms.ChoiceField(label=_("步骤"), choices=StepKind.choices)
    condition = forms.ChoiceField(label=_("条件"), choices=StepCondition.choices)
    condition_amount = WrittenDecimalField(label=_("金额阈值"), required=False, min_value=0)
    due_working_days = forms.IntegerField(label=_("时限（工作日）"), min_value=0, max_value=90)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()

    def clean(self):
        data = super().clean()
        if data.get("condition") == StepCondition.TOTAL_OVER and data.get("condition_amount") is None:
            self.add_error("condition_amount", _("请填写金额阈值"))
        return data


WorkflowStepFormSet = forms.formset_factory(WorkflowStepForm, extra=1, can_delete=True, max_num=12)


class CompensationPolicyForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = CompensationPolicy
        fields = ["case_type", "extra_cap_months", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class CaseSettingsForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = CaseSettings
        fields = ["opener_may_do_hr_review"]
        help_texts = {"opener_may_do_hr_review": _(
            "四眼原则：案件发起人默认不能审批本案件的任何步骤。勾选后，发起人可以办理HR审核（其他步骤仍不可以）。")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()
