"""The rules on a person's dates, each one function with one wording, which the forms, the services
(so the API), the people import and the case pages all apply: the bounds on the birth and hire dates
(a typo such as 1880 for 1980, or a hire date in the year of birth, is refused instead of reaching
the law engine's tenure and retirement rules) and the order of the employment's, the contracts' and
the protected periods' dates.

A message does not name the field it is about: the form shows it under the field and the import
report after the row and the column ("第 5 行 · 终止日：2020-01-01 早于起始日 2020-03-01")."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from farewell.law.service import add_years

EARLIEST_BIRTH_YEAR = 1900
# 《劳动法》第十五条: 禁止用人单位招用未满十六周岁的未成年人 (the arts, sports and special crafts may, with
# approval; Farewell does not offer that exception: such a hire is refused).
MINIMUM_WORKING_AGE = 16


def birth_and_hire_errors(birth: dt.date | None, hire: dt.date | None) -> dict[str, str]:
    """{"birth_date" or "hire_date": message}: empty when the two dates may belong to one person.

    A birth date on or after the hire date is a hire before the 16th birthday: one rule, one message.
    """
    if birth is not None and birth.year < EARLIEST_BIRTH_YEAR:
        return {"birth_date": _("%(d)s 早于 %(year)s 年，不是在职人员可能的出生日期，请核对")
                % {"d": birth.isoformat(), "year": EARLIEST_BIRTH_YEAR}}
    if birth is not None and hire is not None and hire < add_years(birth, MINIMUM_WORKING_AGE):
        return {"hire_date": _(
            "%(hire)s 入职时未满十六周岁（出生日期 %(birth)s）：禁止用人单位招用未满十六周岁的未成年人"
            "（《劳动法》第十五条），请核对出生日期和入职日期") % {"hire": hire.isoformat(), "birth": birth.isoformat()}}
    return {}


# The dates as a sentence names them ("… is before the hire date …"; the form labels are capitalised).
HIRE_DATE = pgettext_lazy("date in a sentence", "入职日期")
START_DATE = pgettext_lazy("date in a sentence", "起始日")
END_DATE = pgettext_lazy("date in a sentence", "终止日")
PROBATION_END = pgettext_lazy("date in a sentence", "试用期截止日")
PERIOD_START = pgettext_lazy("date in a sentence", "开始日期")
SEPARATION_DATE = pgettext_lazy("date in a sentence", "劳动合同解除/终止日")


def not_before(day: dt.date | None, bound: dt.date | None, bound_label: str) -> str | None:
    """The message when `day` falls before `bound` (the date called `bound_label`), else None."""
    if day is None or bound is None or day >= bound:
        return None
    return _("%(day)s 早于%(bound_label)s %(bound)s") % {
        "day": day.isoformat(), "bound_label": bound_label, "bound": bound.isoformat()}


def not_after(day: dt.date | None, bound: dt.date | None, bound_label: str) -> str | None:
    """The message when `day` falls after `bound` (the date called `bound_label`), else None."""
    if day is None or bound is None or day <= bound:
        return None
    return _("%(day)s 晚于%(bound_label)s %(bound)s") % {
        "day": day.isoformat(), "bound_label": bound_label, "bound": bound.isoformat()}


def _found(**messages: str | None) -> dict[str, str]:
    return {field: message for field, message in messages.items() if message}


def employment_dates_errors(hire: dt.date | None, separation: dt.date | None,
                            first_work: dt.date | None) -> dict[str, str]:
    """The separation date not before the hire date; the first working day not after it."""
    return _found(separation_date=not_before(separation, hire, HIRE_DATE),
                  first_work_date=not_after(first_work, hire, HIRE_DATE))


def contract_dates_errors(start: dt.date | None, end: dt.date | None,
                          probation_end: dt.date | None) -> dict[str, str]:
    """A contract's end not before its start; its probation inside its term."""
    return _found(end_date=not_before(end, start, START_DATE),
                  probation_end_date=not_before(probation_end, start, START_DATE)
                  or not_after(probation_end, end, END_DATE))


def period_dates_errors(start: dt.date | None, end: dt.date | None) -> dict[str, str]:
    """A protected period's end not before its start."""
    return _found(end_date=not_before(end, start, PERIOD_START))
