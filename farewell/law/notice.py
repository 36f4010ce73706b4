"""Notice: the employee's (LCL 37) and the employer's or the wage in lieu (LCL 40, Reg. 20)."""

from __future__ import annotations

from decimal import Decimal

from .citations import LCL, LCL_REG
from .i18n import texts
from .inputs import Input
from .money import ZERO, fmt, round_ratio
from .options import AVERAGE, MINIMUM_WAGE, Options
from .violations import Violation

NOTICE_DAYS = 30  # LCL 37, 40: 提前三十日以书面形式通知
PROBATION_NOTICE_DAYS = 3  # LCL 37: 劳动者在试用期内提前三日通知用人单位
NOTICE_PAY_CITATION = LCL + "第四十条；" + LCL_REG + "第二十条"

TEXTS = texts({
    "short": (
        "劳动者提前{given}日通知，少于法定的{required}日；给用人单位造成损失的，应当承担赔偿责任",
        "the employee gave {given} days' notice, fewer than the {required} days the law requires; "
        "the employee is liable for any loss this causes the employer",
    ),
    "given": (
        "已提前{given}日书面通知（≥{days}日），无需额外支付 = 0.00",
        "{given} days' written notice given (≥ {days} days): nothing in lieu = 0.00",
    ),
    "not_told": ("未提前书面通知", "no written notice given"),
    "told_short": ("仅提前{given}日通知（不足{days}日）", "only {given} days' notice (fewer than {days})"),
    "last_month": ("上月工资", "the previous month's wage"),
    "last_of_wages": ("上月工资（工资记录最后一月）", "the previous month's wage (the last month of the wages)"),
    "average": (
        "前十二个月平均工资（当地做法）{total} ÷ {count}",
        "the 12-month average wage (local practice) {total} ÷ {count}",
    ),
    "amount": ("{told}，额外支付一个月工资：{source} {wage} = {amount}",
               "{told}: one month's wage in lieu: {source} {wage} = {amount}"),
    "floor": (
        "{told}，额外支付一个月工资：{source} {wage} 低于当地最低工资标准，按最低工资（当地做法）{minimum} = {amount}",
        "{told}: one month's wage in lieu: {source} {wage} is below the local minimum wage, so the minimum wage "
        "(local practice) {minimum} = {amount}",
    ),
    "amount_average": ("{told}，额外支付一个月工资：{source} = {amount}",
                       "{told}: one month's wage in lieu: {source} = {amount}"),
})


def in_probation(inp: Input) -> bool:
    """Whether the separation falls within probation (S ≤ probation_end_date)."""
    return inp.probation_end_date is not None and inp.separation_date <= inp.probation_end_date


def resignation_notice_days(inp: Input) -> int:
    """LCL 37: 30 days, or 3 in probation."""
    return PROBATION_NOTICE_DAYS if in_probation(inp) else NOTICE_DAYS


def check_resignation(inp: Input, lang: str) -> list[Violation]:
    """LCL 37, 90: a resignation on short notice; not checked when `notice_given_days` is absent."""
    given = inp.notice_given_days
    required = resignation_notice_days(inp)
    if given is None or given >= required:
        return []
    return [Violation("resignation_short_notice", LCL + "第三十七条、第九十条",
                      TEXTS[lang]["short"](given=given, required=required))]


def notice_pay_needs_wages(inp: Input, options: Options) -> bool:
    """Whether the wage in lieu must be computed from `monthly_wages` (README: then they are required)."""
    given = inp.notice_given_days
    if given is not None and given >= NOTICE_DAYS:
        return False
    return options.notice_pay_base == AVERAGE or inp.last_month_wage is None


def notice_pay(inp: Input, options: Options, lang: str, wage_total: Decimal | None = None) -> tuple[Decimal, str]:
    """代通知金: the previous month's wage unless 30 days' notice was given; never pro-rated (Reg. 20).

    The caller has checked that a wage is there when one is needed (notice_pay_needs_wages);
    `wage_total`: the sum of the wages, when the caller has it.
    """
    given = inp.notice_given_days
    if given is not None and given >= NOTICE_DAYS:
        return ZERO, TEXTS[lang]["given"](given=given, days=NOTICE_DAYS)
    told = TEXTS[lang]["not_told"]() if given is None else TEXTS[lang]["told_short"](given=given, days=NOTICE_DAYS)
    if options.notice_pay_base == AVERAGE:
        wages = inp.monthly_wages
        total = sum(wages) if wage_total is None else wage_total
        amount = round_ratio(total, len(wages))
        source = TEXTS[lang]["average"](total=fmt(total), count=len(wages))
        return amount, TEXTS[lang]["amount_average"](told=told, source=source, amount=fmt(amount))
    if inp.last_month_wage is not None:
        wage, source = inp.last_month_wage, TEXTS[lang]["last_month"]()
    else:
        wage, source = inp.monthly_wages[-1], TEXTS[lang]["last_of_wages"]()
    minimum = inp.local_min_wage
    if options.notice_pay_floor == MINIMUM_WAGE and minimum is not None and wage < minimum:
        # Configurable (§5): the previous month's wage raised to the local minimum wage (苏高法审委〔2009〕47号 Art. 20)
        amount = round_ratio(minimum, 1)
        return amount, TEXTS[lang]["floor"](told=told, source=source, wage=fmt(wage), minimum=fmt(minimum),
                           amount=fmt(amount))
    amount = round_ratio(wage, 1)
    return amount, TEXTS[lang]["amount"](told=told, source=source, wage=fmt(wage), amount=fmt(amount))
