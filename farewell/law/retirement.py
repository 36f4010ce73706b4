"""Statutory retirement age and the LCL 42(5) status `long_service_near_retirement`.

Since 2025-01-01 the retirement age rises gradually (全国人民代表大会常务委员会关于实施渐进式
延迟法定退休年龄的决定, 2024-09-13, and its annexed tables): by birth month, one month more
for every 4 months (men 60 → 63, women 55 → 58) or every 2 months (women 50 → 55) of birth
after the first cohort. `RETIREMENT_RULES` is that table as data; pass your own to change it.

LCL 42(5): 在本单位连续工作满十五年，且距法定退休年龄不足五年的.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta

from .citations import LCL, NPC_RETIREMENT_DECISION

MALE = "male"
FEMALE_CADRE = "female_cadre"  # women whose age was 55 (管理和专业技术岗位)
FEMALE_WORKER = "female_worker"  # women whose age was 50 (生产操作岗位)

LONG_SERVICE_YEARS = 15  # LCL 42(5): 连续工作满十五年
NEAR_RETIREMENT_YEARS = 5  # LCL 42(5): 距法定退休年龄不足五年


@dataclass(frozen=True, slots=True)
class RetirementRule:
    """One row of the NPC SC decision's annexed tables (附件1–3)."""

    original_age_years: int
    first_raised_birth_month: date  # the first cohort whose age rises (its 1st of month)
    birth_months_per_step: int  # every so many birth months, one month more
    max_raise_months: int
    citation: str


RETIREMENT_RULES: dict[str, RetirementRule] = {
    MALE: RetirementRule(60, date(1965, 1, 1), 4, 36, NPC_RETIREMENT_DECISION + "附件1"),
    FEMALE_CADRE: RetirementRule(55, date(1970, 1, 1), 4, 36, NPC_RETIREMENT_DECISION + "附件2"),
    FEMALE_WORKER: RetirementRule(50, date(1975, 1, 1), 2, 60, NPC_RETIREMENT_DECISION + "附件3"),
}


def category_for(gender: str, category: str | None = None) -> str:
    """The rule to use: `category` when given, else men → male, women → female_worker (原50岁)."""
    if category:
        return category
    return MALE if gender == MALE else FEMALE_WORKER


def raise_months(birth_date: date, rule: RetirementRule) -> int:
    """Months added to the original age for someone born on `birth_date`."""
    first = rule.first_raised_birth_month
    cohort = (birth_date.year - first.year) * 12 + birth_date.month - first.month
    if cohort < 0:
        return 0
    return min(cohort // rule.birth_months_per_step + 1, rule.max_raise_months)


def statutory_retirement_age(
    birth_date: date, gender: str, category: str | None = None, rules: dict[str, RetirementRule] | None = None
) -> tuple[int, int]:
    """(years, months) of the statutory retirement age."""
    rule = (rules or RETIREMENT_RULES)[category_for(gender, category)]
    years, months = divmod(rule.original_age_years * 12 + raise_months(birth_date, rule), 12)
    return years, months


def statutory_retirement_date(
    birth_date: date, gender: str, category: str | None = None, rules: dict[str, RetirementRule] | None = None
) -> date:
    """The day the statutory retirement age is reached: birth date + that age (born 1965-03-10 → 2025-04-10)."""
    years, months = statutory_retirement_age(birth_date, gender, category, rules)
    return birth_date + relativedelta(years=years, months=months)


def long_service_near_retirement(
    birth_date: date,
    gender: str,
    category: str | None,
    hire_date: date,
    on_date: date,
    rules: dict[str, RetirementRule] | None = None,
) -> bool:
    """LCL 42(5): 15+ years' continuous service on `on_date` and less than 5 years to retirement."""
    served = relativedelta(on_date + timedelta(days=1), hire_date)
    if served.years < LONG_SERVICE_YEARS:
        return False
    retires = statutory_retirement_date(birth_date, gender, category, rules)
    return retires - relativedelta(years=NEAR_RETIREMENT_YEARS) < on_date < retires


LONG_SERVICE_CITATION = LCL + "第四十二条第五项"


def retirement_near_long_service(person: Any, on_date: date) -> bool:
    """`long_service_near_retirement` for any object with birth_date, gender, retirement_category, hire_date."""
    return long_service_near_retirement(
        person.birth_date, person.gender, getattr(person, "retirement_category", None), person.hire_date, on_date
    )
