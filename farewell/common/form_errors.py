"""Form errors that name the field and say what it takes, as the app's own do (请填写负责人; 请输入有效日期，
格式 2027-01-31; “地点”一项超过 200 个字). Django's own 该字段是必填项。, 输入一个有效的日期。 and 确保该值不超过
200 个字符 name neither the field nor (for a date) the form it takes: under a row of fields (or in an API
answer) nobody can tell which one is meant (new-user check)."""

from __future__ import annotations

from django import forms
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy

from .dates import say_date_format

# What a date-and-time field takes: the browser's datetime-local sends 2027-01-31T14:30; a browser without
# the picker shows a text box, where people type the form the message gives.
TYPED_DATETIME_FORMAT = "%Y-%m-%d %H:%M"
INVALID_DATETIME = gettext_lazy("请输入有效的日期和时间，格式 2027-01-31 14:30")


def _too_long(label, limit: int) -> str:
    # The words of common/limits.py's bound on every field. Django interpolates the validator's params into
    # the message (message % params): a % in the label is doubled to stay itself.
    message = gettext("“%(field)s”一项超过 %(limit)s 个字，请缩短后再提交。") % {"field": label, "limit": limit}
    return message.replace("%", "%%")


def _not_a_choice(label) -> str:
    return gettext("请从列表中选择{label}").format(label=label).replace("%", "%%")


too_long = lazy(_too_long, str)
not_a_choice = lazy(_not_a_choice, str)


def name_the_field(field: forms.Field) -> forms.Field:
    if field.label:
        field.error_messages["required"] = format_lazy(gettext_lazy("请填写{label}"), label=field.label)
        if getattr(field, "max_length", None) is not None:
            field.error_messages["max_length"] = too_long(field.label, int(field.max_length))
        if isinstance(field, forms.ChoiceField):
            field.error_messages["invalid_choice"] = not_a_choice(field.label)
    if isinstance(field, forms.DateTimeField):
        field.error_messages["invalid"] = INVALID_DATETIME
        # Only a field that lists its own formats (the language's defaults already take this one).
        if isinstance(field.input_formats, list | tuple) and TYPED_DATETIME_FORMAT not in field.input_formats:
            field.input_formats = [*field.input_formats, TYPED_DATETIME_FORMAT]
    return say_date_format(field)


class NamedErrors:
    """A form mixin (first in the bases): every field's missing-value, not-a-date, too-long and not-a-choice
    errors name it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            name_the_field(field)
