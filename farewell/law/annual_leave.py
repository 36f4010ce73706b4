"""Pay for untaken annual leave on separation (Leave Reg. 3, 5; Leave Measures 10–12); prc_rules §5."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from .citations import LABOUR_DISPUTE_LAW, LEAVE_MEASURES, LEAVE_REG
from .i18n import texts
from .inputs import AnnualLeave, Input
from .money import ZERO, fmt, fmt_number, round_ratio
from .options import ACTUAL_YEAR_DAYS, Options
from .violations import WARNING, Violation

# Leave Reg. 3: 累计工作已满1年不满10年的，年休假5天；已满10年不满20年的，10天；已满20年的，15天.
ENTITLEMENT_BY_WORK_YEARS = ((20, 15), (10, 10), (1, 5))
DAYS_IN_YEAR = 365  # Leave Measures 12: 当年度在本单位已过日历天数 ÷ 365 (also in leap years)
UNTAKEN_DAY_EXTRA_RATE = Decimal(2)  # Leave Reg. 5, Measures 10: 300%, of which 100% is the wage already paid
MONTHLY_PAID_DAYS = Decimal("21.75")  # 劳社部发〔2008〕3号: 月计薪天数
CITATION = LEAVE_REG + "第三条、第五条；" + LEAVE_MEASURES + "第十条、第十一条、第十二条"
LIMITATION_CITATION = LABOUR_DISPUTE_LAW + "第二十七条"

TEXTS = texts({
    "days": (
        "当年应休未休 ⌊{passed} ÷ {divisor} × {entitlement} − {taken}⌋ = {days}天",
        "untaken this year ⌊{passed} ÷ {divisor} × {entitlement} − {taken}⌋ = {days} days",
    ),
    "leap_365": (
        "{year}年为闰年，已过日历天数仍除以365",
        "{year} is a leap year: the days passed are still divided by 365",
    ),
    "leap_366": (
        "{year}年为闰年，按当地做法除以366",
        "{year} is a leap year: divided by 366 under the local practice",
    ),
    "earlier": (
        "以前年度未休 {earlier}天，合计 {days} + {earlier} = {total}天",
        "untaken in earlier years {earlier} days, together {days} + {earlier} = {total} days",
    ),
    "daily": (
        "日工资 = 不含加班工资的月平均工资 {monthly} ÷ 21.75",
        "daily wage = average monthly wage without overtime {monthly} ÷ 21.75",
    ),
    "amount": ("200% × {monthly} ÷ 21.75 × {days} = {amount}", "200% × {monthly} ÷ 21.75 × {days} = {amount}"),
    "limitation": (
        "以前年度未休年休假 {days}天已计入：此类请求是否超过一年仲裁时效，各地裁判不一，请法务评估",
        "{days} untaken days of earlier years are included: courts differ on whether such a claim is "
        "barred by the one-year limitation period; have legal counsel assess it",
    ),
})


def entitlement_days(cumulative_work_years: Decimal | int) -> int:
    """Leave Reg. 3: annual leave by cumulative working years (under 1 year: none)."""
    cumulative_work_years = int(cumulative_work_years)  # whole years decide (≥ 10 ⇔ ⌊years⌋ ≥ 10); ints compare fast
    for years_from, days in ENTITLEMENT_BY_WORK_YEARS:
        if cumulative_work_years >= years_from:
            return days
    return 0


def days_passed_this_year(hire_date: date, separation_date: date) -> int:
    """Days at this employer in the year of separation: from 1 January (or hire) through S, both included."""
    first = max(date(separation_date.year, 1, 1), hire_date)
    return (separation_date - first).days + 1


def is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def year_days(year: int, options: Options) -> int:
    """The divisor of Leave Measures 12: 365, or 366 in a leap year under a local practice that uses it."""
    if options.leave_year_days == ACTUAL_YEAR_DAYS and is_leap(year):
        return 366
    return DAYS_IN_YEAR


def untaken_days(days_passed: int, entitlement: int, days_taken: Decimal, divisor: int = DAYS_IN_YEAR) -> int:
    """Leave Measures 12: floor(days passed ÷ 365 × entitlement − days taken), never below 0.

    The floor applies once, to the whole formula (fractions of a day are not paid).
    """
    taken, per = days_taken.as_integer_ratio() if type(days_taken) is not int else (days_taken, 1)
    # in integers (exact, and a batch's budget): ⌊(passed × entitlement − taken × divisor) ÷ divisor⌋
    remaining = (days_passed * entitlement * per - taken * divisor) // (divisor * per)
    return max(remaining, 0)


def leave_days(inp: Input, leave: AnnualLeave, options: Options) -> tuple[int, Decimal, int, int, int]:
    """(this year's whole untaken days, all days owed, days passed, entitlement, divisor)."""
    entitlement = entitlement_days(leave.cumulative_work_years)
    passed = days_passed_this_year(inp.hire_date, inp.separation_date)
    divisor = year_days(inp.separation_date.year, options)
    this_year = untaken_days(passed, entitlement, leave.days_taken_this_year, divisor)
    return this_year, this_year + leave.untaken_days_previous_years, passed, entitlement, divisor


def annual_leave_pay(inp: Input, options: Options, lang: str, wage_total: Decimal | None = None) -> tuple[Decimal, str]:
    """200% × (average monthly wage without overtime ÷ 21.75) × untaken days, one rounding.

    Untaken days of earlier years join this year's whole days in the same item (§5). The caller
    has checked that the wages are there when the days are not 0; `wage_total`: their sum, when the
    caller has it.
    """
    leave = inp.annual_leave
    this_year, days, passed, entitlement, divisor = leave_days(inp, leave, options)
    parts = [TEXTS[lang]["days"](
        passed=passed, divisor=divisor, entitlement=entitlement, taken=fmt_number(leave.days_taken_this_year),
        days=this_year,
    )]
    year = inp.separation_date.year
    if is_leap(year):
        parts.append(TEXTS[lang]["leap_366" if divisor == 366 else "leap_365"](year=year))
    earlier = leave.untaken_days_previous_years
    if earlier:
        parts.append(TEXTS[lang]["earlier"](days=this_year, earlier=fmt_number(earlier), total=fmt_number(days)))
    wages = inp.monthly_wages
    if not days or not wages:
        parts.append(f"= {fmt(ZERO)}")
        return ZERO, ("；" if lang != "en" else "; ").join(parts)
    overtime = sum(inp.overtime_pay_included) if inp.overtime_pay_included else ZERO
    net = (sum(wages) if wage_total is None else wage_total) - overtime
    count = len(wages)
    # exactly: 2 × (net ÷ count) ÷ 21.75 × days, multiplied out before the one division
    amount = round_ratio(UNTAKEN_DAY_EXTRA_RATE * net * days, MONTHLY_PAID_DAYS * count)
    monthly = round_ratio(net, count) if count == 1 else None
    shown = fmt(monthly) if monthly is not None else f"{fmt(net)} ÷ {count}"
    parts.append(TEXTS[lang]["daily"](monthly=shown))
    parts.append(TEXTS[lang]["amount"](monthly=shown if count == 1 else f"({shown})", days=fmt_number(days),
                     amount=fmt(amount)))
    return amount, ("；" if lang != "en" else "; ").join(parts)


def limitation_warning(inp: Input, lang: str) -> Violation | None:
    """劳动争议调解仲裁法 27: a claim for earlier years' leave may be time-barred (§5)."""
    leave = inp.annual_leave
    if leave is None or not leave.untaken_days_previous_years:
        return None
    return Violation(
        "annual_leave_previous_years_limitation",
        LIMITATION_CITATION,
        TEXTS[lang]["limitation"](days=fmt_number(leave.untaken_days_previous_years)),
        WARNING,
    )
