"""Probation: its lawful length (LCL 19) and a rejection within it (LCL 21, 39(1)); prc_rules §4.

The probation runs `hire_date` through `probation_end_date` and is counted like service.
"""

from __future__ import annotations

from datetime import date, timedelta

from .citations import LCL
from .inputs import Input
from .service import add_months
from .violations import Violation

# LCL 19 ¶1: (contract term in months, from) → longest probation in months.
SHORT_TERM_MONTHS = 3  # 劳动合同期限三个月以上不满一年的，试用期不得超过一个月
ONE_YEAR_MONTHS = 12  # 一年以上不满三年的，不得超过二个月
THREE_YEARS_MONTHS = 36  # 三年以上固定期限和无固定期限的，不得超过六个月
LONGEST_PROBATION_MONTHS = (
    (THREE_YEARS_MONTHS, 6),
    (ONE_YEAR_MONTHS, 2),
    (SHORT_TERM_MONTHS, 1),
    (0, 0),  # LCL 19 ¶3: under three months, no probation
)
OPEN_ENDED_PROBATION_MONTHS = 6  # LCL 19 ¶1: 无固定期限的劳动合同，试用期不得超过六个月


def longest_probation_months(contract_term_months: int | None) -> int:
    """LCL 19: the longest lawful probation for a contract of this term (None: open-ended)."""
    if contract_term_months is None:
        return OPEN_ENDED_PROBATION_MONTHS
    for term_from, months in LONGEST_PROBATION_MONTHS:
        if contract_term_months >= term_from:
            return months
    return 0


def last_lawful_probation_day(hire_date: date, contract_term_months: int | None) -> date:
    """The day before `hire_date` + the longest probation (the day before hire when none is allowed)."""
    return add_months(hire_date, longest_probation_months(contract_term_months)) - timedelta(days=1)


def check_rejection(inp: Input) -> tuple[list[Violation], bool]:
    """The violations of a `probation_rejection`, and whether it turns into 2N (§4)."""
    end = inp.probation_end_date
    if end is None:
        return [], False
    separation = inp.separation_date
    if separation > end:
        return [
            Violation(
                "rejection_after_probation",
                LCL + "第二十一条、第三十九条第一项",
                f"解除日 {separation.isoformat()} 已在试用期（至 {end.isoformat()}）届满之后，"
                "不得以试用期不符合录用条件为由解除，属违法解除",
            )
        ], True
    found = []
    unlawful = False
    last_lawful = last_lawful_probation_day(inp.hire_date, inp.contract_term_months)
    if end > last_lawful:
        limit = longest_probation_months(inp.contract_term_months)
        found.append(
            Violation(
                "probation_too_long",
                LCL + "第十九条、第八十三条",
                f"约定试用期至 {end.isoformat()}，超过法定最长{limit}个月（最后合法日 {last_lawful.isoformat()}）；"
                "违法约定的试用期已经履行的，按超过部分的期间支付赔偿金（本计算不含）",
            )
        )
        if separation > last_lawful:
            unlawful = True
            found.append(
                Violation(
                    "rejection_after_lawful_probation",
                    LCL + "第十九条、第二十一条、第三十九条第一项",
                    f"解除日 {separation.isoformat()} 在法定试用期最后一日 {last_lawful.isoformat()} 之后，"
                    "不得以试用期不符合录用条件为由解除，属违法解除",
                )
            )
    return found, unlawful
