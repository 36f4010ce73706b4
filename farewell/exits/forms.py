from __future__ import annotations

import datetime as dt

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from farewell.common.form_errors import NamedErrors
from farewell.common.limits import SEARCH_CHARS, SHORT_TEXT_CHARS
from farewell.common.money import WrittenDecimalField
from farewell.org.unit_picker import UNIT_NOT_IN_SCOPE

from .models import (
    ActionStatus,
    Channel,
    ExitInterview,
    ExitReason,
    ImprovementAction,
    Kind,
    QuestionKind,
    Rehire,
)
from .report import DIMENSIONS, Granularity

TEXTAREA = {"class": "form-control", "rows": 3}
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local", "class": "form-control"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")
SELECT = {"class": "form-select"}
TEXT = {"class": "form-control"}


class ReasonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ExitReason) -> str:
        return f"{obj.parent.name} › {obj.name}" if obj.parent_id else obj.name


def reason_queryset(company_id: int):
    """A company's reasons in use (each company has its own taxonomy; issue 13)."""
    return ExitReason.objects.filter(company_id=company_id, active=True).select_related("parent").order_by("order", "id")


class ClassifyForm(forms.Form):
    kind = forms.ChoiceField(label=_("离职类型"), choices=Kind.choices, widget=forms.Select(attrs=SELECT))
    regrettable = forms.TypedChoiceField(
        label=_("惋惜离职"), choices=[("", _("未判断")), ("true", _("是（希望留住的人）")), ("false", _("否"))],
        coerce=lambda v: v == "true", empty_value=None, required=False, widget=forms.Select(attrs=SELECT))


class RehireForm(forms.Form):
    rehire = forms.ChoiceField(label=_("再录用资格"), choices=Rehire.choices, widget=forms.Select(attrs=SELECT))
    reason = forms.CharField(max_length=SHORT_TEXT_CHARS, label=_("确认理由"), widget=forms.Textarea(attrs={**TEXTAREA, "rows": 2}))


class VerifyForm(forms.Form):
    reason = ReasonChoiceField(label=_("核实的离职原因"), queryset=ExitReason.objects.none(),
                               widget=forms.Select(attrs=SELECT))
    note = forms.CharField(max_length=SHORT_TEXT_CHARS, label=_("核实说明（与陈述不同时必填）"), required=False,
                           widget=forms.Textarea(attrs={**TEXTAREA, "rows": 2}))

    def __init__(self, *args, company_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].queryset = reason_queryset(company_id)


def departure_form(form_class, data, departure):
    """One of a departure's forms bound to `data` (a verified reason is one of the company's)."""
    return form_class(data, company_id=departure.company_id) if form_class is VerifyForm else form_class(data)


class FeedbackForm(NamedErrors, forms.Form):
    day = forms.DateField(label=_("反馈日期"), widget=DATE, initial=dt.date.today)
    note = forms.CharField(max_length=SHORT_TEXT_CHARS, label=_("向直接上级反馈的内容"), widget=forms.Textarea(attrs={**TEXTAREA, "rows": 2}))


class SummaryForm(forms.Form):
    advice = forms.CharField(max_length=SHORT_TEXT_CHARS, label=_("HR寄语与建议"), required=False, widget=forms.Textarea(attrs=TEXTAREA))
    shared = forms.BooleanField(label=_("在员工自助中向本人展示职业总结"), required=False,
                                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))


class StartInterviewForm(forms.Form):
    held_at = forms.DateTimeField(label=_("面谈时间"), widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M"])
    channel = forms.ChoiceField(label=_("方式"), choices=Channel.choices, widget=forms.Select(attrs=SELECT))


class InterviewForm(forms.ModelForm):
    held_at = forms.DateTimeField(label=_("面谈时间"), widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M"])
    would_return = forms.TypedChoiceField(
        label=_("将来愿意回来"), choices=[("", _("未说明")), ("true", _("愿意")), ("false", _("不愿意"))],
        coerce=lambda v: v == "true", empty_value=None, required=False, widget=forms.Select(attrs=SELECT))

    class Meta:
        model = ExitInterview
        fields = ["held_at", "channel", "interviewer", "statements", "liked", "suggestions", "would_return"]
        widgets = {"channel": forms.Select(attrs=SELECT), "interviewer": forms.TextInput(attrs=TEXT),
                   **{f: forms.Textarea(attrs=TEXTAREA) for f in ("statements", "liked", "suggestions")}}


class StatedReasonForm(forms.Form):
    reason = ReasonChoiceField(label=_("原因"), queryset=ExitReason.objects.none(), required=False,
                               widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
    primary = forms.BooleanField(label=_("主要原因"), required=False,
                                 widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))
    note = forms.CharField(label=_("员工的说法"), max_length=500, required=False,
                           widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}))

    def __init__(self, *args, company_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].queryset = reason_queryset(company_id)


class BaseStatedReasonFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        chosen = [f.cleaned_data for f in self.forms if f.cleaned_data.get("reason")]
        if sum(1 for c in chosen if c.get("primary")) > 1:
            raise forms.ValidationError(_("只能有一个主要原因"))
        if len({c["reason"].pk for c in chosen}) != len(chosen):
            raise forms.ValidationError(_("同一原因只能填写一次"))

    def reasons(self) -> list[dict]:
        return [{"reason": f.cleaned_data["reason"], "primary": f.cleaned_data.get("primary", False),
                 "note": f.cleaned_data.get("note", "")} for f in self.forms if f.cleaned_data.get("reason")]


StatedReasonFormSet = formset_factory(StatedReasonForm, formset=BaseStatedReasonFormSet, extra=2, max_num=12)


class CorrectForm(forms.Form):
    reason = forms.CharField(max_length=SHORT_TEXT_CHARS, label=_("更正原因"), widget=forms.Textarea(attrs={**TEXTAREA, "rows": 2}))


class ReportFilterForm(forms.Form):
    granularity = forms.ChoiceField(label=_("周期"), choices=Granularity.CHOICES, initial=Granularity.QUARTER,
                                    widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
    # 年份, not 年度: 年度 is the granularity (English "Annual"), this is the year to look at.
    year = forms.IntegerField(label=_("年份"), min_value=2000, max_value=2100,
                              widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}))
    index = forms.IntegerField(label=_("第几期（月/季度）"), min_value=1, max_value=12, required=False,
                               widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}))
    dimension = forms.ChoiceField(label=_("分组"), choices=DIMENSIONS, initial="unit", required=False,
                                  widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
    # As the lists say of a unit they cannot filter by (org/unit_picker.ShowsCleanedUnit).
    unit = forms.ChoiceField(label=_("部门"), required=False,
                             error_messages={"invalid_choice": UNIT_NOT_IN_SCOPE},
                             widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
    kind = forms.ChoiceField(label=_("离职类型"), choices=[("", _("全部")), *Kind.choices], required=False,
                             widget=forms.Select(attrs={"class": "form-select form-select-sm"}))

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", _("全部（权限范围内）"))] + [
            (str(u.code), ("· " * u.depth) + u.name) for u in units]

    def clean(self):
        data = super().clean()
        granularity, index = data.get("granularity"), data.get("index")
        if granularity == Granularity.QUARTER and index and index > 4:
            self.add_error("index", _("季度为1到4"))
        return data


class ActionForm(NamedErrors, forms.ModelForm):
    reason = ReasonChoiceField(label=_("离职原因"), queryset=ExitReason.objects.none(),
                               widget=forms.Select(attrs=SELECT))

    class Meta:
        model = ImprovementAction
        fields = ["title", "reason", "org_unit", "cluster_start", "cluster_end", "measure", "owner", "due_date",
                  "started_on"]
        widgets = {"title": forms.TextInput(attrs=TEXT), "org_unit": forms.Select(attrs=SELECT),
                   "owner": forms.Select(attrs=SELECT), "measure": forms.Textarea(attrs={**TEXTAREA, "rows": 2}),
                   "cluster_start": DATE, "cluster_end": DATE, "due_date": DATE, "started_on": DATE}

    def __init__(self, *args, company_id: int, units=None, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].queryset = reason_queryset(company_id)
        self.fields["org_unit"].queryset = units
        self.fields["org_unit"].required = False
        self.fields["owner"].queryset = owners


class ActionUpdateForm(NamedErrors, forms.Form):
    status = forms.ChoiceField(label=_("状态"), choices=ActionStatus.choices, widget=forms.Select(attrs=SELECT))
    due_date = forms.DateField(label=_("完成期限"), widget=DATE)
    evidence = forms.CharField(max_length=SHORT_TEXT_CHARS, label=_("进展与证据"), required=False, widget=forms.Textarea(attrs=TEXTAREA))


class ReasonForm(forms.ModelForm):
    class Meta:
        model = ExitReason
        fields = ["code", "name", "parent", "evidence", "rehire_limit", "order", "active"]
        widgets = {"code": forms.TextInput(attrs=TEXT), "name": forms.TextInput(attrs=TEXT),
                   "parent": forms.Select(attrs=SELECT), "evidence": forms.Select(attrs=SELECT),
                   "rehire_limit": forms.Select(attrs=SELECT), "order": forms.NumberInput(attrs=TEXT),
                   "active": forms.CheckboxInput(attrs={"class": "form-check-input"})}

    def __init__(self, *args, company, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.instance.company = company
        parents = ExitReason.objects.filter(company=company, parent__isnull=True)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        if self.instance.pk:
            self.fields["code"].disabled = True  # reports and the ledger refer to it


class QuestionForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    text = forms.CharField(label=_("问题"), max_length=300, required=False,
                           widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}))
    kind = forms.ChoiceField(label=_("类型"), choices=QuestionKind.choices,
                             widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
    order = forms.IntegerField(label=_("顺序"), initial=0,
                               widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}))


QuestionFormSet = formset_factory(QuestionForm, extra=2, max_num=40)


class SurveyForm(forms.Form):
    """The exit survey as the leaver sees it: one field per active question, then the consent."""

    consent_named = forms.BooleanField(
        label=_("我同意公司以实名方式使用我的回答（不同意时，回答只以匿名汇总的方式使用）"), required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))

    def __init__(self, *args, company_id: int, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        consent = self.fields.pop("consent_named")
        for q in self.questions:
            name = f"q{q.pk}"
            if q.kind == QuestionKind.SCALE:
                self.fields[name] = forms.TypedChoiceField(
                    label=q.label, choices=[("", "—")] + [(str(i), str(i)) for i in range(1, 6)], coerce=int,
                    empty_value=None, required=False, widget=forms.Select(attrs=SELECT),
                    help_text=_("1 = 很不满意，5 = 很满意"))
            elif q.kind == QuestionKind.REASON:
                self.fields[name] = ReasonChoiceField(label=q.label, queryset=reason_queryset(company_id).filter(
                    parent__isnull=True), required=False, widget=forms.Select(attrs=SELECT))
            else:
                self.fields[name] = forms.CharField(label=q.label, required=False, max_length=5000,
                                                    widget=forms.Textarea(attrs=TEXTAREA))
        self.fields["consent_named"] = consent

    def answers(self) -> dict[int, object]:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}


class ReplacementCostForm(forms.Form):
    position = forms.ModelChoiceField(label=_("岗位"), queryset=None, widget=forms.Select(attrs=SELECT))
    amount = WrittenDecimalField(label=_("替换成本（元/人）"), min_value=0, max_digits=12, decimal_places=2,
                                 widget=forms.TextInput(attrs=TEXT))  # a number box drops a pasted "2,345.60"

    def __init__(self, *args, positions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].queryset = positions


class EmailSurveyForm(forms.Form):
    email = forms.EmailField(label=_("员工提供的个人邮箱"), widget=forms.EmailInput(attrs=TEXT))
    consent_note = forms.CharField(
        label=_("同意记录"), max_length=300, widget=forms.TextInput(attrs=TEXT),
        help_text=_("员工何时、以何种方式同意公司通过该邮箱联系（例如：2026-06-28 离职面谈中口头同意，HR记录）"))


class AlumniForm(forms.Form):
    email = forms.EmailField(label=_("本人提供的个人邮箱"), widget=forms.EmailInput(attrs=TEXT))
    phone = forms.CharField(label=_("个人手机（可选）"), max_length=30, required=False, widget=forms.TextInput(attrs=TEXT))
    consent_note = forms.CharField(label=_("同意记录"), max_length=300, widget=forms.TextInput(attrs=TEXT),
                                   help_text=_("本人何时、以何种方式同意加入离职校友名单"))


class AlumniSearchForm(forms.Form):
    q = forms.CharField(max_length=SEARCH_CHARS, label=_("姓名、岗位、部门、培训或贡献"), required=False,
                        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}))
    rehire = forms.BooleanField(label=_("只看可再录用"), required=False,
                                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))
