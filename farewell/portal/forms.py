from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from farewell.common.form_errors import NamedErrors
from farewell.common.money import WrittenDecimalField

# The plain situations an employee can ask about (the engine's grounds behind them).
SITUATIONS = [
    ("mutual_employer_initiated", _("公司提出协商一致解除")),
    ("expiry_employer_not_renewing", _("合同到期，公司不续签")),
    ("incompetence", _("公司提前30天通知解除（不能胜任等）")),
    ("economic_layoff", _("经济性裁员")),
    ("mutual_employee_initiated", _("我提出协商一致解除")),
    ("resignation", _("我主动辞职")),
]


class EstimateForm(NamedErrors, forms.Form):
    ground = forms.ChoiceField(label=_("离职情形"), choices=SITUATIONS,
                               widget=forms.Select(attrs={"class": "form-select"}))
    separation_date = forms.DateField(label=_("假设的最后一天"),
                                      widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date", "class": "form-control"}))

    def __init__(self, *args, case_ground: tuple[str, str] | None = None, **kwargs):
        """`case_ground`: (code, title) of the employee's open case, offered even when it is not a plain situation."""
        super().__init__(*args, **kwargs)
        if case_ground and case_ground[0] not in dict(SITUATIONS):
            self.fields["ground"].choices = [case_ground, *SITUATIONS]


class NoticeForm(forms.Form):
    """A written notice of resignation (LCL 37) and, if wished, why.

    No date field: a notice given here is dated the day it is given (today). A notice handed to HR
    earlier is recorded by HR, with its evidence, on the case (farewell/cases)."""

    reason = forms.CharField(label=_("离职原因（可不填）"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}))
    confirm = forms.BooleanField(label=_("我确认以此作为书面辞职通知"),
                                 widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))


class NegotiateForm(NamedErrors, forms.Form):
    separation_date = forms.DateField(label=_("希望的最后一天"), widget=forms.DateInput(
        format="%Y-%m-%d", attrs={"type": "date", "class": "form-control"}))
    message = forms.CharField(label=_("想和HR说的话"), max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}))


class PortalMessageForm(forms.Form):
    body = forms.CharField(label=_("给HR的消息"), max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}))


class DemandForm(forms.Form):
    """What the employee asks for: recorded once and never edited (a new demand is a new record)."""

    amount = WrittenDecimalField(label=_("我希望的补偿金额（元）"), min_value=0, max_digits=12, decimal_places=2,
                                widget=forms.NumberInput(attrs={"class": "form-control", "step": "0.01"}))
    reason = forms.CharField(label=_("理由"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}))
