"""The earliest day Farewell accepts for a period (a contract, a wage month, a protected period,
a hire date, a record's period): 1950-01-01. Nothing in an employment still open today starts
earlier, and a year like 0202 or 1900 typed by mistake would otherwise reach tenure, wage
averages and the law engine. Birth dates are not periods and are not bounded here."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

EARLIEST_DATE = dt.date(1950, 1, 1)


def too_early_message(day: dt.date) -> str:
    return _("%(day)s 早于 1950 年 1 月 1 日：请检查年份") % {"day": day.isoformat()}


def validate_period_date(day: dt.date | None) -> None:
    if day is not None and day < EARLIEST_DATE:
        raise ValidationError(too_early_message(day), code="before_1950")
