"""The calculator form: the engine's JSON contract as fields HR can fill in."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from farewell.law.grounds import CIVIL_SERVICE, CN, GROUNDS

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
    return [(group, [(code, GROUNDS[code].title) for code in codes]) for group, codes in GROUND_GROUPS]


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


class AmountListField(forms.CharField):
    """Numbers separated by commas, spaces or new lines, oldest month first."""

    widget = forms.Textarea(attrs={"rows": 3})

    def to_python(self, value):
        text = super().to_python(value) or ""
        items = [item for item in _SEPARATORS.split(text.strip()) if item]
        amounts = []
        for position, item in enumerate(items, start=1):
            try:
                amount = Decimal(item.replace("¥", ""))
            except InvalidOperation:
                raise forms.ValidationError(
                    _("第 %(n)s 个数“%(item)s”不是金额"), params={"n": position, "item": item}
                ) from None
            if amount < 0:
                raise forms.ValidationError(_("第 %(n)s 个数不能为负"), params={"n": position})
            amounts.append(amount)
        return amounts


class CalculatorForm(forms.Form):
    jurisdiction = forms.ChoiceField(
        label=_("适用法律"), choices=[(CN, _("劳动合同法")), (CIVIL_SERVICE, _("公务员法"))], initial=CN
    )
    ground = forms.ChoiceField(label=_("离职事由"), choices=ground_choices)
    hire_date = forms.DateField(label=_("入职日期"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    separation_date = forms.DateField(
        label=_("劳动合同解除/终止日"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        help_text=_("劳动合同的最后一天（最后工作日可以更早）"),
    )
    monthly_wages = AmountListField(
        label=_("离职前12个月的月工资"), required=False,
        help_text=_("应发工资（含奖金、津贴、补贴），由远到近，最多12个月，用逗号或换行分隔"),
    )
    overtime_pay_included = AmountListField(
        label=_("其中加班工资"), required=False, help_text=_("与上面每个月一一对应；计算年休假日工资时扣除")
    )
    last_month_wage = forms.DecimalField(label=_("上月工资（代通知金）"), required=False, min_value=0)
    local_avg_monthly_wage = forms.DecimalField(label=_("当地上年度职工月平均工资"), required=False, min_value=0)
    local_min_wage = forms.DecimalField(label=_("当地月最低工资标准"), required=False, min_value=0)
    enterprise_avg_monthly_wage = forms.DecimalField(label=_("本单位月平均工资"), required=False, min_value=0)
    notice_given_days = forms.IntegerField(label=_("已提前书面通知天数"), required=False, min_value=0)
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
        label=_("试用期截止日"), required=False, widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    contract_term_months = forms.IntegerField(
        label=_("固定期限合同期限（月）"), required=False, min_value=0, help_text=_("无固定期限合同留空")
    )
    cumulative_work_years = forms.IntegerField(label=_("累计工作年限（年休假）"), required=False, min_value=0)
    days_taken_this_year = forms.DecimalField(label=_("今年已休年休假天数"), required=False, min_value=0)
    no_written_contract_months = forms.IntegerField(label=_("未签书面劳动合同月数"), required=False, min_value=0)
    extra_compensation = forms.DecimalField(label=_("协商额外补偿"), required=False, min_value=0)
    layoff_headcount = forms.IntegerField(label=_("裁减人数"), required=False, min_value=0)
    employer_headcount = forms.IntegerField(label=_("企业职工总数"), required=False, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select form-select-sm")
            else:
                widget.attrs.setdefault("class", "form-control form-control-sm")

    SIMPLE_FIELDS = (
        "last_month_wage", "local_avg_monthly_wage", "local_min_wage", "enterprise_avg_monthly_wage",
        "notice_given_days", "union_notified", "probation_end_date", "contract_term_months",
        "no_written_contract_months", "extra_compensation", "layoff_headcount", "employer_headcount",
    )

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
        return data

    def add_engine_error(self, field: str | None, message: str) -> None:
        """Show an engine input error on the field it names (dotted names map to the leaf)."""
        name = (field or "").split(".")[-1]
        self.add_error(name if name in self.fields else None, message)
