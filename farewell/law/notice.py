"""Notice: the employee's (LCL 37) and the employer's or the wage in lieu (LCL 40, Reg. 20)."""

from __future__ import annotations

from decimal import Decimal

from .citations import LCL, LCL_REG
from .inputs import Input
from .money import ZERO, fmt, round_half_up
from .violations import Violation

NOTICE_DAYS = 30  # LCL 37, 40: 提前三十日以书面形式通知
PROBATION_NOTICE_DAYS = 3  # LCL 37: 劳动者在试用期内提前三日通知用人单位
NOTICE_PAY_CITATION = LCL + "第四十条；" + LCL_REG + "第二十条"


def in_probation(inp: Input) -> bool:
    """Whether the separation falls within probation (S ≤ probation_end_date)."""
    return inp.probation_end_date is not None and inp.separation_date <= inp.probation_end_date


def resignation_notice_days(inp: Input) -> int:
    """LCL 37: 30 days, or 3 in probation."""
    return PROBATION_NOTICE_DAYS if in_probation(inp) else NOTICE_DAYS


def check_resignation(inp: Input) -> list[Violation]:
    """LCL 37, 90: a resignation on short notice; not checked when `notice_given_days` is absent."""
    given = inp.notice_given_days
    required = resignation_notice_days(inp)
    if given is None or given >= required:
        return []
    return [
        Violation(
            "resignation_short_notice",
            LCL + "第三十七条、第九十条",
            f"劳动者提前{given}日通知，少于法定的{required}日；给用人单位造成损失的，应当承担赔偿责任",
        )
    ]


def notice_pay(inp: Input) -> tuple[Decimal | None, str]:
    """代通知金: the previous month's wage unless 30 days' notice was given; never pro-rated.

    Returns the amount (None without a wage to pay it from) and the formula.
    """
    given = inp.notice_given_days
    if given is not None and given >= NOTICE_DAYS:
        return ZERO, f"已提前{given}日书面通知（≥{NOTICE_DAYS}日），无需支付 = 0.00"
    if inp.last_month_wage is not None:
        wage, source = inp.last_month_wage, "上月工资（last_month_wage）"
    elif inp.monthly_wages:
        wage, source = inp.monthly_wages[-1], "上月工资（monthly_wages 最后一月）"
    else:
        return None, "无上月工资数据"
    told = "未提前书面通知" if given is None else f"仅提前{given}日通知（不足{NOTICE_DAYS}日）"
    amount = round_half_up(wage)
    return amount, f"{told}，额外支付一个月工资：{source} {fmt(wage)} = {fmt(amount)}"
