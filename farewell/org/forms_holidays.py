"""设置 › 节假日: one row of a State Council holiday notice."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from farewell.common.form_errors import NamedErrors

from .models import Holiday


class HolidayForm(NamedErrors, forms.ModelForm):
    class Meta:
        model = Holiday
        fields = ["day", "kind", "notice"]
        widgets = {"day": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})}
        help_texts = {"kind": _("调休放假：因调休上班而放假的工作日，放假但不计薪（计薪天数，劳社部发〔2008〕3号）；"
                                "法定节假日选“放假”"),
                      "notice": _("例如：国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕…号）")}
        # Django's own says 具有 日期 的 节假日 已存在。: say where the day is and what to do.
        error_messages = {"day": {"unique": _("这一天已在节假日表中：请在表中修改那一行")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def clean_notice(self):
        notice = self.cleaned_data["notice"].strip()
        if not notice:
            raise forms.ValidationError(_("请填写通知的名称或文号"))
        return notice
