from __future__ import annotations

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from farewell.common.form_errors import NamedErrors
from farewell.common.limits import LIST_TEXT_CHARS, SHORT_TEXT_CHARS, TRANSCRIPT_CHARS

from .models import AttachmentKind, Conversation, ParticipantRole, PlanTemplate, Situation, TalkPlan
from .placeholders import PLACEHOLDERS, unknown_placeholders
from .presentation import format_choices

TEXTAREA = {"class": "form-control", "rows": 3}
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local", "class": "form-control"}, format="%Y-%m-%dT%H:%M")


class SituationForm(NamedErrors, forms.Form):
    situation = forms.ChoiceField(label=_("谈话情形"), choices=Situation.choices,
                                  widget=forms.Select(attrs={"class": "form-select"}))

    def __init__(self, *args, situations=None, **kwargs):
        """`situations`: the ones this person's plan may use (plans.situations_for: 公务员法 or not)."""
        super().__init__(*args, **kwargs)
        if situations is not None:
            self.fields["situation"].choices = situations


class PlanForm(NamedErrors, forms.ModelForm):
    class Meta:
        model = TalkPlan
        fields = ["title", "opening", "facts_intro", "questions", "options", "closing", "compliance"]
        widgets = {f: forms.Textarea(attrs=TEXTAREA) for f in fields[1:]}
        widgets["title"] = forms.TextInput(attrs={"class": "form-control"})


class StartForm(NamedErrors, forms.Form):
    held_at = forms.DateTimeField(label=_("谈话时间"), widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M"])
    place = forms.CharField(label=_("地点"), max_length=200, widget=forms.TextInput(attrs={"class": "form-control"}))


class ConversationForm(NamedErrors, forms.ModelForm):
    held_at = forms.DateTimeField(label=_("谈话时间"), widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M"])

    class Meta:
        model = Conversation
        fields = ["held_at", "place", "agenda", "notes", "employee_statements", "agreed"]
        widgets = {"place": forms.TextInput(attrs={"class": "form-control"}),
                   **{f: forms.Textarea(attrs=TEXTAREA) for f in ("agenda", "notes", "employee_statements", "agreed")}}


class ParticipantForm(NamedErrors, forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=50, required=False,
                           widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}))
    role = forms.ChoiceField(label=_("身份"), choices=ParticipantRole.choices,
                             widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
    employee_number = forms.CharField(label=_("工号（可选）"), max_length=30, required=False,
                                      widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}))


class NextStepForm(NamedErrors, forms.Form):
    action = forms.CharField(label=_("事项"), max_length=300, required=False,
                             widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}))
    owner = forms.CharField(label=_("负责人"), max_length=50, required=False,
                            widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}))
    due_date = forms.DateField(label=_("完成日期"), required=False,
                               widget=forms.DateInput(attrs={"type": "date", "class": "form-control form-control-sm"}))

    def clean(self):
        data = super().clean()
        if data.get("action") and not data.get("owner"):
            self.add_error("owner", _("请填写负责人"))
        return data


ParticipantFormSet = formset_factory(ParticipantForm, extra=2)
NextStepFormSet = formset_factory(NextStepForm, extra=2)


class AttachmentForm(NamedErrors, forms.Form):
    file = forms.FileField(label=_("文件"), widget=forms.ClearableFileInput(attrs={"class": "form-control"}))
    kind = forms.ChoiceField(label=_("类型"), choices=AttachmentKind.choices,
                             widget=forms.Select(attrs={"class": "form-select"}))


class TranscriptForm(NamedErrors, forms.Form):
    file = forms.FileField(label=_("转写文件（.txt / .vtt / .srt，UTF-8）"), required=False,
                           widget=forms.ClearableFileInput(attrs={"class": "form-control"}))
    text = forms.CharField(max_length=TRANSCRIPT_CHARS, label=_("或直接粘贴文本"), required=False,
                           widget=forms.Textarea(attrs={"class": "form-control", "rows": 6}))
    format = forms.ChoiceField(label=_("格式"), required=False,
                               choices=[("", _("自动识别"))] + format_choices(),
                               widget=forms.Select(attrs={"class": "form-select"}))

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload:
            try:
                data["text"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise forms.ValidationError(_("转写文件须为 UTF-8 编码的文本")) from None
        if not (data.get("text") or "").strip():
            raise forms.ValidationError(_("请上传转写文件或粘贴文本"))
        return data


class CorrectForm(NamedErrors, forms.Form):
    reason = forms.CharField(max_length=SHORT_TEXT_CHARS, label=_("更正原因"), widget=forms.Textarea(attrs={**TEXTAREA, "rows": 2}))


class AcknowledgeForm(NamedErrors, forms.Form):
    comment = forms.CharField(max_length=SHORT_TEXT_CHARS, label=_("意见（可选）"), required=False,
                              widget=forms.Textarea(attrs={**TEXTAREA, "rows": 2}))


class TemplateForm(NamedErrors, forms.ModelForm):
    class Meta:
        model = PlanTemplate
        fields = ["title", "opening", "facts_intro", "questions", "options", "closing", "compliance"]
        widgets = {f: forms.Textarea(attrs={**TEXTAREA, "rows": 4}) for f in fields[1:]}
        widgets["title"] = forms.TextInput(attrs={"class": "form-control"})

    def clean(self):
        data = super().clean()
        for name in self.Meta.fields:
            unknown = unknown_placeholders(data.get(name) or "")
            if unknown:
                self.add_error(name, _("未知的占位符：%(names)s。可用的占位符见页面右侧。") % {
                    "names": "、".join("{" + n + "}" for n in unknown)})
        return data


class PhrasesForm(NamedErrors, forms.Form):
    phrases = forms.CharField(max_length=LIST_TEXT_CHARS, label=_("风险词（每行一个）"),
                              widget=forms.Textarea(attrs={"class": "form-control", "rows": 14}))

    def cleaned_phrases(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["phrases"].splitlines() if line.strip()]


__all__ = ["PLACEHOLDERS"]
