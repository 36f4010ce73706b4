"""Pay for untaken annual leave on separation (Leave Reg. 3, 5; Leave Measures 10–12); prc_rules §5."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from .citations import LEAVE_MEASURES, LEAVE_REG
from .inputs import Input
from .money import ZERO, fmt, fmt_exact, fmt_number, round_half_up

# Leave Reg. 3: 累计工作已满1年不满10年的，年休假5天；已满10年不满20年的，10天；已满20年的，15天.
ENTITLEMENT_BY_WORK_YEARS = ((20, 15), (10, 10), (1, 5))
DAYS_IN_YEAR = 365  # Leave Measures 12: 当年度在本单位已过日历天数 ÷ 365 (also in leap years)
UNTAKEN_DAY_EXTRA_RATE = Decimal(2)  # Leave Reg. 5, Measures 10: 300%, of which 100% is the wage already paid
MONTHLY_PAID_DAYS = Decimal("21.75")  # 劳社部发〔2008〕3号: 月计薪天数
CITATION = LEAVE_REG + "第三条、第五条；" + LEAVE_MEASURES + "第十条、第十一条、第十二条"


def entitlement_days(cumulative_work_years: Decimal | int) -> int:
    """Leave Reg. 3: annual leave by cumulative working years (under 1 year: none)."""
    for years_from, days in ENTITLEMENT_BY_WORK_YEARS:
        if cumulative_work_years >= years_from:
            return days
    return 0


def days_passed_this_year(hire_date: date, separation_date: date) -> int:
    """Days at this employer in the year of separation: from 1 January (or hire) through S, both included."""
    first = max(date(separation_date.year, 1, 1), hire_date)
    return (separation_date - first).days + 1


def untaken_days(days_passed: int, entitlement: int, days_taken: Decimal) -> int:
    """Leave Measures 12: floor(days passed ÷ 365 × entitlement − days taken), never below 0.

    The floor applies once, to the whole formula (fractions of a day are not paid).
    """
    remaining = (days_passed * entitlement - days_taken * DAYS_IN_YEAR) // DAYS_IN_YEAR
    return max(int(remaining), 0)


def annual_leave_pay(inp: Input) -> tuple[Decimal | None, str]:
    """200% × (average monthly wage without overtime ÷ 21.75) × untaken days; None without the inputs."""
    leave = inp.annual_leave
    wages = inp.monthly_wages
    if leave is None or not wages:
        return None, ""
    entitlement = entitlement_days(leave.cumulative_work_years)
    days_passed = days_passed_this_year(inp.hire_date, inp.separation_date)
    days = untaken_days(days_passed, entitlement, leave.days_taken_this_year)
    overtime = sum(inp.overtime_pay_included) if inp.overtime_pay_included else ZERO
    monthly = (sum(wages) - overtime) / len(wages)
    amount = round_half_up(UNTAKEN_DAY_EXTRA_RATE * monthly * days / MONTHLY_PAID_DAYS)
    formula = (
        f"应休 ⌊{days_passed} ÷ {DAYS_IN_YEAR} × {entitlement} − {fmt_number(leave.days_taken_this_year)}⌋ = {days}天；"
        f"日工资 {fmt_exact(monthly)}（不含加班工资的月平均工资）÷ 21.75；"
        f"200% × {fmt_exact(monthly)} ÷ 21.75 × {days} = {fmt(amount)}"
    )
    return amount, formula
