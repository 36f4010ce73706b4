"""The earliest day Farewell accepts for a period (a contract, a wage month, a protected period,
a hire date, a record's period): 1950-01-01. Nothing in an employment still open today starts
earlier, and a year like 0202 or 1900 typed by mistake would otherwise reach tenure, wage
averages and the law engine; the latest is 2199-12-31 (a year like 9999 stepped past date.max in the
deadline arithmetic). Birth dates are not periods and are not bounded here."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

EARLIEST_DATE = dt.date(1950, 1, 1)
# And the latest: a year like 9999 (a browser's date box takes it) reached the retirement and deadline
# arithmetic, which steps past date.max: the case form answered 500, the calculator an English engine message.
LATEST_DATE = dt.date(2199, 12, 31)
# Django's own 输入一个有效的日期 says nothing of the form a date takes (a browser without a date picker
# shows a plain text box).
INVALID_DATE = gettext_lazy("请输入有效日期，格式 2027-01-31")


def say_date_format(field: forms.Field) -> forms.Field:
    """A day field's error for what is not a date, with an example of the form it takes (not a month field)."""
    if isinstance(field, forms.DateField) and getattr(field.widget, "input_type", "") != "month":
        field.error_messages["invalid"] = INVALID_DATE
    return field


def too_early_message(day: dt.date) -> str:
    return _("%(day)s 早于 1950 年 1 月 1 日：请检查年份") % {"day": day.isoformat()}


def too_late_message(day: dt.date) -> str:
    return _("%(day)s 晚于 2199 年 12 月 31 日：请检查年份") % {"day": day.isoformat()}


def validate_period_date(day: dt.date | None) -> None:
    if day is not None and day < EARLIEST_DATE:
        raise ValidationError(too_early_message(day), code="before_1950")
    if day is not None and day > LATEST_DATE:
        raise ValidationError(too_late_message(day), code="after_2199")
