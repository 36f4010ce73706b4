"""The bounds on a person's birth and hire dates: the one rule the employee form, the services
and the people import all apply (a typo such as 1880 for 1980, or a hire date in the year of
birth, is refused instead of reaching the law engine's tenure and retirement rules)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

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
