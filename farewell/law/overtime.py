"""Overtime pay rates (劳动法 44); a helper for the HR side, not part of `compute`'s output."""

from __future__ import annotations

from decimal import Decimal

from .money import round_half_up

WORKING_DAY_RATE = Decimal("1.5")  # 劳动法 44(1): 安排劳动者延长工作时间的，不低于工资的150%
REST_DAY_RATE = Decimal(2)  # 劳动法 44(2): 休息日安排工作又不能安排补休的，不低于工资的200%
STATUTORY_HOLIDAY_RATE = Decimal(3)  # 劳动法 44(3): 法定休假日安排工作的，不低于工资的300%
MONTHLY_PAID_DAYS = Decimal("21.75")  # 劳社部发〔2008〕3号
HOURS_PER_DAY = Decimal(8)  # 劳动法 36

RATES = {"working_day": WORKING_DAY_RATE, "rest_day": REST_DAY_RATE, "statutory_holiday": STATUTORY_HOLIDAY_RATE}


def hourly_wage(monthly_wage: Decimal) -> Decimal:
    """Monthly wage ÷ 21.75 ÷ 8 (unrounded)."""
    return monthly_wage / MONTHLY_PAID_DAYS / HOURS_PER_DAY


def overtime_pay(monthly_wage: Decimal, hours: Decimal | int, kind: str) -> Decimal:
    """Pay for `hours` of overtime of `kind` (working_day, rest_day, statutory_holiday), rounded once.

    `rest_day` is the rate when no compensatory time off is given (劳动法 44(2)).
    """
    return round_half_up(hourly_wage(monthly_wage) * RATES[kind] * Decimal(hours))
