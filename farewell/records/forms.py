"""The metric catalogue's form (设置 › 指标目录)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Metric


class MetricForm(forms.ModelForm):
    class Meta:
        model = Metric
        fields = ["code", "name", "unit", "category", "direction", "aggregation", "min_value", "max_value",
                  "description"]
        help_texts = {"code": _("导入文件中可用代码或名称指代该指标，例如 late_count")}
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def clean(self):
        data = super().clean()
        low, high = data.get("min_value"), data.get("max_value")
        if low is not None and high is not None and low > high:
            self.add_error("max_value", _("最大值不能小于最小值"))
        return data
