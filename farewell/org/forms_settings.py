from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import LocalWageFigure, LocalWageKind


class LocalWageFigureForm(forms.ModelForm):
    class Meta:
        model = LocalWageFigure
        fields = ["city", "kind", "year", "effective_from", "amount", "source"]
        widgets = {"effective_from": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == LocalWageKind.AVERAGE:
            if not data.get("year"):
                self.add_error("year", _("平均工资需要填写统计年度"))
            data["effective_from"] = None
        elif kind == LocalWageKind.MINIMUM:
            if not data.get("effective_from"):
                self.add_error("effective_from", _("最低工资需要填写执行日期"))
            data["year"] = None
        if data.get("amount") is not None and data["amount"] <= 0:
            self.add_error("amount", _("金额必须大于零"))
        return data
