from __future__ import annotations

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from farewell.common.form_errors import NamedErrors
from farewell.common.limits import LIST_TEXT_CHARS
from farewell.common.money import WrittenDecimalField, bound_amount
from farewell.common.numbers import whole_number

from .doc_kinds import KINDS
from .models import HandoverCategory, OffboardingSettings, ReceiverKind, WageProration
from .settlement import DEDUCTION_KINDS

# HandoverItem.working_days_before is a PositiveSmallIntegerField.
WORKING_DAYS_MOST = 32767


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("意见"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class ItemAddForm(NamedErrors, forms.Form):
    category = forms.ChoiceField(label=_("类别"), choices=HandoverCategory.choices)
    title = forms.CharField(label=_("事项"), max_length=200)
    due_date = forms.DateField(label=_("完成期限"), widget=forms.DateInput(attrs={"type": "date"}))
    receiver = forms.CharField(label=_("接收人（登录名，留空为直线经理）"), required=False, max_length=150)
    blocks_closing = forms.BooleanField(label=_("未完成不得结案"), required=False, initial=True)


class ItemChangeForm(NamedErrors, forms.Form):
    receiver = forms.CharField(label=_("接收人（登录名）"), required=False, max_length=150)
    due_date = forms.DateField(label=_("完成期限"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    blocks_closing = forms.BooleanField(label=_("未完成不得结案"), required=False)


# A month has at most 31 paid days: 99 was taken (the wage is capped at the month's, so it only read wrong).
MAX_PAID_DAYS = 31
SETTLEMENT_AMOUNTS = ("monthly_wage", "exempt_ceiling", "si_amount", "hf_amount", "offset_amount")


class SettlementForm(NamedErrors, forms.Form):
    monthly_wage = WrittenDecimalField(label=_("月工资（最后一个月的标准）"), max_digits=12, decimal_places=2, min_value=0)
    paid_days_worked = WrittenDecimalField(
        label=_("最后一个月已出勤计薪天数"), max_digits=5, decimal_places=2, min_value=0,
        help_text=_("按日历预填（劳社部发〔2008〕3号）：工作日（含调休上班日）加上周一至周五的法定节假日，"
                    "调休放假日不计。设置 › 节假日中录入的年份，调休放假日请标为“调休放假”，否则按法定节假日计薪。"))
    month_paid_days = WrittenDecimalField(label=_("当月实际计薪天数"), max_digits=5, decimal_places=2, min_value=0,
                                         help_text=_("本单位按当月实际计薪天数折算最后一个月工资（设置 › 离职办理）"))
    unused_leave_days = WrittenDecimalField(label=_("未休年休假天数（法律引擎未计算时）"), max_digits=5, decimal_places=1,
                                           min_value=0, required=False)
    exempt_ceiling = WrittenDecimalField(label=_("一次性补偿收入免税额（当地上年职工平均工资3倍）"), max_digits=12,
                                        decimal_places=2, min_value=0)
    exempt_ceiling_source = forms.CharField(label=_("免税额来源"), max_length=300)
    si_amount = WrittenDecimalField(label=_("扣除：个人应缴社会保险费"), max_digits=12, decimal_places=2, min_value=0,
                                   required=False)
    si_basis = forms.CharField(label=_("依据"), max_length=300, required=False)
    hf_amount = WrittenDecimalField(label=_("扣除：个人应缴住房公积金"), max_digits=12, decimal_places=2, min_value=0,
                                   required=False)
    hf_basis = forms.CharField(label=_("依据"), max_length=300, required=False)
    # Translated when the form is built (a callable): the kinds are marked with gettext_noop (settlement.py).
    offset_kind = forms.ChoiceField(label=_("其他扣除"), required=False, choices=lambda: [("", "—")] + [
        (k, gettext(v)) for k, v in DEDUCTION_KINDS.items() if k in ("damages_offset", "other_offset")])
    offset_amount = WrittenDecimalField(label=_("金额"), max_digits=12, decimal_places=2, min_value=0, required=False)
    offset_basis = forms.CharField(label=_("依据"), max_length=300, required=False)

    def __init__(self, *args, proration: str, **kwargs):
        super().__init__(*args, **kwargs)
        # 劳社部发〔2008〕3号 divides by 21.75 whatever the month: the month's own paid days are asked only when
        # the company prorates by them (设置 › 离职办理).
        if proration != WageProration.ACTUAL:
            del self.fields["month_paid_days"]
        # Each amount's error names it and its bound (Django's 确认总共不超过 12 个数字 named neither).
        for name in SETTLEMENT_AMOUNTS:
            bound_amount(self.fields[name])
        for name in ("paid_days_worked", "month_paid_days"):
            if name in self.fields:
                field = self.fields[name]
                field.max_value = MAX_PAID_DAYS
                field.validators.append(MaxValueValidator(MAX_PAID_DAYS))
                field.widget.attrs["max"] = str(MAX_PAID_DAYS)
                field.error_messages["max_value"] = format_lazy(
                    _("{label}不能超过 {max} 天"), label=field.label, max=MAX_PAID_DAYS)

    def inputs(self) -> dict:
        c = self.cleaned_data
        deductions = []
        for kind, amount, basis in (("social_insurance", c["si_amount"], c["si_basis"]),
                                    ("housing_fund", c["hf_amount"], c["hf_basis"]),
                                    (c["offset_kind"], c["offset_amount"], c["offset_basis"])):
            if kind and amount:
                deductions.append({"kind": kind, "amount": f"{amount:.2f}", "basis": basis})
        return {
            "monthly_wage": f"{c['monthly_wage']:.2f}", "paid_days_worked": str(c["paid_days_worked"]),
            **({"month_paid_days": str(c["month_paid_days"])} if "month_paid_days" in c else {}),
            "unused_leave_days": str(c["unused_leave_days"] or 0),
            "exempt_ceiling": f"{c['exempt_ceiling']:.2f}", "exempt_ceiling_source": c["exempt_ceiling_source"],
            "deductions": deductions,
        }

    @classmethod
    def initial_from(cls, inputs: dict) -> dict:
        initial = {k: inputs.get(k) for k in ("monthly_wage", "paid_days_worked", "month_paid_days",
                                              "unused_leave_days", "exempt_ceiling", "exempt_ceiling_source")}
        # A draft saved with the default source (from a page in either language) reads in this page's.
        from .settlement_services import shown_exempt_source

        initial["exempt_ceiling_source"] = shown_exempt_source(initial["exempt_ceiling_source"] or "")
        for d in inputs.get("deductions", []):
            if d["kind"] == "social_insurance":
                initial.update(si_amount=d["amount"], si_basis=d["basis"])
            elif d["kind"] == "housing_fund":
                initial.update(hf_amount=d["amount"], hf_basis=d["basis"])
            else:
                initial.update(offset_kind=d["kind"], offset_amount=d["amount"], offset_basis=d["basis"])
        return initial


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("变更原因"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class PaymentForm(NamedErrors, forms.Form):
    paid_on = forms.DateField(label=_("支付日期"), widget=forms.DateInput(attrs={"type": "date"}))
    amount = WrittenDecimalField(label=_("金额"), max_digits=12, decimal_places=2, min_value=0)
    reference = forms.CharField(label=_("凭证号/流水号"), max_length=100)
    includes_compensation = forms.BooleanField(label=_("含经济补偿"), required=False, initial=True)


class GenerateForm(NamedErrors, forms.Form):
    kind = forms.ChoiceField(choices=[(k, v.label) for k, v in KINDS.items()])
    payment_date = forms.DateField(label=_("支付日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    payment_method = forms.CharField(label=_("支付方式"), required=False, max_length=100)
    non_compete_months = forms.IntegerField(label=_("竞业限制期限（月）"), required=False, min_value=0)
    non_compete_monthly = WrittenDecimalField(label=_("竞业限制每月经济补偿"), required=False, max_digits=12,
                                             decimal_places=2, min_value=0)
    # LCL 50 ¶1: a certificate before the separation date is generated only when HR confirms it.
    confirm_early = forms.BooleanField(label=_("确认提前生成离职证明"), required=False)

    def options(self) -> dict:
        c = self.cleaned_data
        return {k: c[k] for k in ("payment_date", "payment_method", "non_compete_months", "non_compete_monthly")
                if c.get(k) not in (None, "")}


class DutyForm(forms.Form):
    note = forms.CharField(label=_("说明"), required=False, max_length=2000)


class TemplateUploadForm(forms.Form):
    file = forms.FileField(label=_("DOCX模板"))


class OffboardingSettingsForm(forms.ModelForm):
    class Meta:
        model = OffboardingSettings
        fields = ["wage_proration", "severance_scope", "former_access_days", "document_language"]


class HandoverTemplateForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=100)
    case_type = forms.ChoiceField(label=_("案件类型"), required=False)
    org_unit = forms.ChoiceField(label=_("部门"), required=False)
    items = forms.CharField(max_length=LIST_TEXT_CHARS,
        label=_("事项（每行一项：类别|事项|最后一天前几个工作日|接收人 manager/hr|是否阻止结案 是/否）"),
        widget=forms.Textarea(attrs={"rows": 10}))

    def __init__(self, *args, case_types=(), units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case_type"].choices = [("", _("全部类型"))] + list(case_types)
        self.fields["org_unit"].choices = [("", _("全部部门"))] + [(str(u.pk), u.name) for u in units]

    def clean_items(self):
        rows = []
        categories = {c.value for c in HandoverCategory}
        labels = {str(c.label): c.value for c in HandoverCategory}
        for number, line in enumerate(self.cleaned_data["items"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            if len(parts) != 5:
                raise forms.ValidationError(_("第 %(n)s 行：需要5列，用 | 分隔") % {"n": number})
            category, title, days, receiver, blocks = parts
            category = labels.get(category, category)
            if category not in categories:
                raise forms.ValidationError(_("第 %(n)s 行：未知类别 %(c)s") % {"n": number, "c": parts[0]})
            # What the column holds (PositiveSmallIntegerField); not isdigit(): '²' is a digit int() refuses.
            if whole_number(days, most=WORKING_DAYS_MOST) is None:
                raise forms.ValidationError(_("第 %(n)s 行：工作日数须为整数") % {"n": number})
            if receiver not in {r.value for r in ReceiverKind}:
                raise forms.ValidationError(_("第 %(n)s 行：接收人须为 manager 或 hr") % {"n": number})
            rows.append({"category": category, "title": title, "description": "", "receiver_kind": receiver,
                         "working_days_before": int(days), "blocks_closing": blocks in ("是", "yes", "1", "true")})
        if not rows:
            raise forms.ValidationError(_("模板至少需要一个事项"))
        return rows

    @staticmethod
    def items_text(template) -> str:
        return "\n".join(f"{i.get_category_display()}|{i.title}|{i.working_days_before}|{i.receiver_kind}|"
                         f"{'是' if i.blocks_closing else '否'}" for i in template.items.order_by("order"))
