"""Form errors that name the field and say what it takes, as the app's own do (请填写负责人; 请输入有效日期，
格式 2027-01-31). Django's own 该字段是必填项。 and 输入一个有效的日期。 name neither: under a row of fields
(or in an API answer) nobody can tell which one is meant (new-user check)."""

from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from .dates import say_date_format


def name_the_field(field: forms.Field) -> forms.Field:
    if field.label:
        field.error_messages["required"] = format_lazy(gettext_lazy("请填写{label}"), label=field.label)
    return say_date_format(field)


class NamedErrors:
    """A form mixin (first in the bases): every field's missing-value and not-a-date errors name it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            name_the_field(field)
