"""The layoff batch's forms (layoff_views.py)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from farewell.common.limits import LIST_TEXT_CHARS, LONG_TEXT_CHARS, SHORT_TEXT_CHARS

from .forms import _SEPARATORS, BootstrapMixin, _date_field
from .layoff_choices import LayoffReason
from .uploads import DocumentError, check_document


def _numbers_field():
    return forms.CharField(
        label=_("裁减人员工号"), max_length=LIST_TEXT_CHARS, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("用逗号、空格或换行分隔；只能选择您权限范围内本公司自己的职工（劳务派遣人员退回派遣单位，不能列入）"),
    )


class _Numbers:
    def numbers(self) -> list[str]:
        return list(dict.fromkeys(n for n in _SEPARATORS.split(self.cleaned_data["employee_numbers"].strip()) if n))


class BatchForm(BootstrapMixin, forms.Form):
    title = forms.CharField(label=_("裁员批次名称"), max_length=200)
    planned_date = _date_field(_("计划解除日"), help_text=_("各成员的劳动合同解除日；说明情况须不晚于此日前三十日"))
    reason_code = forms.ChoiceField(label=_("裁员情形（《劳动合同法》第四十一条第一款）"), choices=LayoffReason.choices)
    reason = forms.CharField(max_length=LONG_TEXT_CHARS, label=_("事实与理由"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    long_term_months = forms.IntegerField(
        label=_("“较长期限”的固定期限劳动合同（月）"), min_value=1, max_value=600, initial=36,
        help_text=_("第四十一条第二款第一项未规定具体期限：合同期限不短于此的成员标为优先留用"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class CreateBatchForm(_Numbers, BatchForm):
    employee_numbers = _numbers_field()


class AddMembersForm(_Numbers, BootstrapMixin, forms.Form):
    employee_numbers = _numbers_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()


class FilingForm(BootstrapMixin, forms.Form):
    done_on = _date_field(_("日期"))
    addressee = forms.CharField(label=_("对象"), max_length=200)
    summary = forms.CharField(max_length=SHORT_TEXT_CHARS, label=_("意见与回复"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    document_file = forms.FileField(label=_("文书"), help_text=_("PDF、Word、JPG或PNG，不超过10 MB"))
    correction_reason = forms.CharField(max_length=SHORT_TEXT_CHARS, label=_("更正理由"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

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


class BatchActionForm(forms.Form):
    action = forms.ChoiceField(choices=[("submit", "submit"), ("withdraw", "withdraw")])
    comment = forms.CharField(required=False, max_length=2000)


class BatchDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("通过")), ("reject", _("驳回")), ("return", _("退回修改"))])
    comment = forms.CharField(required=False, max_length=4000)


class RemoveMemberForm(forms.Form):
    comment = forms.CharField(required=False, max_length=2000)
