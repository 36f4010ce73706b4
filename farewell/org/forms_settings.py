from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from farewell.common.dates import EARLIEST_DATE, say_date_format, validate_period_date
from farewell.common.money import MAX_LOCAL_FIGURE, WrittenDecimalField, bound_amount

from .models import LocalWageFigure, LocalWageKind


class LocalWageFigureForm(forms.ModelForm):
    class Meta:
        model = LocalWageFigure
        fields = ["city", "kind", "year", "effective_from", "amount", "source"]
        widgets = {"effective_from": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})}
        field_classes = {"amount": WrittenDecimalField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            say_date_format(field)
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)
        bound_amount(self.fields["amount"], MAX_LOCAL_FIGURE)
        # The average entered is that of the statistical year entered beside it, not "上年度" (the rule picks
        # the year before a separation from the years on file).
        self.fields["kind"].choices = [(value, _("职工月平均工资") if value == LocalWageKind.AVERAGE else label)
                                       for value, label in self.fields["kind"].choices]

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == LocalWageKind.AVERAGE:
            year = data.get("year")
            if not year:
                self.add_error("year", _("平均工资需要填写统计年度"))
            elif not EARLIEST_DATE.year <= year <= timezone.localdate().year:
                # a year's average is published the year after: a later year is a typo, like one before 1950
                self.add_error("year", _("统计年度应在 %(first)s 年至 %(last)s 年之间")
                               % {"first": EARLIEST_DATE.year, "last": timezone.localdate().year})
            data["effective_from"] = None
        elif kind == LocalWageKind.MINIMUM:
            if not data.get("effective_from"):
                self.add_error("effective_from", _("最低工资需要填写执行日期"))
            else:
                try:
                    validate_period_date(data["effective_from"])
                except ValidationError as error:
                    self.add_error("effective_from", error)
            data["year"] = None
        if data.get("amount") is not None and data["amount"] <= 0:
            self.add_error("amount", _("金额必须大于零"))
        return data
