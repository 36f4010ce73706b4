from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

# The plain situations an employee can ask about (the engine's grounds behind them).
SITUATIONS = [
    ("mutual_employer_initiated", _("公司提出协商一致解除")),
    ("expiry_employer_not_renewing", _("合同到期，公司不续签")),
    ("incompetence", _("公司提前30天通知解除（不能胜任等）")),
    ("economic_layoff", _("经济性裁员")),
    ("resignation", _("我主动辞职")),
]


class EstimateForm(forms.Form):
    ground = forms.ChoiceField(label=_("离职情形"), choices=SITUATIONS,
                               widget=forms.Select(attrs={"class": "form-select"}))
    separation_date = forms.DateField(label=_("假设的最后一天"),
                                      widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date", "class": "form-control"}))
