"""The metric catalogue's form (设置 › 指标目录)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from farewell.common.limits import SHORT_TEXT_CHARS

from .models import Metric


class MetricForm(forms.ModelForm):
    # The limit is stated here (records' model keeps its TextField: no migration in this app for it).
    description = forms.CharField(label=_("说明"), required=False, max_length=SHORT_TEXT_CHARS,
                                  widget=forms.Textarea(attrs={"rows": 2}))

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


class SensitiveExportForm(forms.Form):
    """Before an export that carries ID and bank numbers in clear: why, and an explicit yes."""

    purpose = forms.CharField(
        label=_("导出用途"), max_length=150,
        help_text=_("例如：社保减员申报、工资发放核对；会记入敏感信息访问记录"),
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    confirm = forms.BooleanField(
        label=_("我确认需要导出完整的身份证号和银行账号，并将按公司规定保管该文件"),
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def clean_purpose(self):
        purpose = self.cleaned_data["purpose"].strip()
        if not purpose:
            raise forms.ValidationError(_("请填写导出用途"))
        return purpose
