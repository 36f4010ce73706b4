"""Probation: its lawful length (LCL 19) and a rejection within it (LCL 21, 39(1)); prc_rules §4.

The probation runs `hire_date` through `probation_end_date` and is counted like service.
"""

from __future__ import annotations

from datetime import date, timedelta

from .citations import LCL
from .grounds import ground_title
from .i18n import texts
from .inputs import Input
from .service import add_months, iso
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

TEXTS = texts({
    "after_end": (
        "解除日 {separation} 已在试用期（至 {end}）届满之后，不得以试用期不符合录用条件为由解除，属违法解除",
        "the separation date {separation} is after the end of probation ({end}): the contract cannot be ended "
        "for failing probation; the termination is unlawful",
    ),
    "too_long": (
        "约定试用期至 {end}，超过法定最长{limit}个月（最后合法日 {last}）；违法约定的试用期已经履行的，"
        "按超过部分的期间支付赔偿金（本计算不含）",
        "the agreed probation runs to {end}, longer than the {limit} months the law allows (last lawful day "
        "{last}); damages for the excess already served are owed and are not included here",
    ),
    "after_lawful": (
        "解除日 {separation} 在法定试用期最后一日 {last} 之后，不得以试用期不符合录用条件为由解除，属违法解除",
        "the separation date {separation} is after the last lawful day of probation {last}: the contract cannot "
        "be ended for failing probation; the termination is unlawful",
    ),
    "in_probation": (
        "解除日 {separation} 在试用期内（至 {end}）：试用期内用人单位只能依照第三十九条和第四十条第一项、第二项"
        "解除劳动合同，不得以“{ground}”为由解除，属违法解除，应支付二倍经济补偿的赔偿金",
        "the separation date {separation} falls within probation (to {end}): in probation the employer may end "
        "the contract only under Arts. 39 and 40(1)(2), not for \u201c{ground}\u201d; the termination is unlawful "
        "and damages of twice the compensation are owed",
    ),
})


def longest_probation_months(contract_term_months: int | None) -> int:
    """LCL 19: the longest lawful probation for a contract of this term (None: open-ended)."""
    if contract_term_months is None:
        return OPEN_ENDED_PROBATION_MONTHS
    for term_from, months in LONGEST_PROBATION_MONTHS:
        if contract_term_months >= term_from:
            return months
    return 0


def first_day_after_lawful_probation(hire_date: date, contract_term_months: int | None) -> date:
    """`hire_date` + the longest probation (LCL 19): the first day no probation can cover."""
    return add_months(hire_date, longest_probation_months(contract_term_months))


def last_lawful_probation_day(hire_date: date, contract_term_months: int | None) -> date:
    """The day before `hire_date` + the longest probation (the day before hire when none is allowed;
    hire itself for a hire on 0001-01-01, which has no day before)."""
    first_after = first_day_after_lawful_probation(hire_date, contract_term_months)
    return first_after - timedelta(days=1) if first_after > date.min else first_after


def in_lawful_probation(inp: Input) -> bool:
    """S ≤ probation_end_date and S ≤ the last lawful day of probation under LCL 19 (prc_rules §1)."""
    end = inp.probation_end_date
    if end is None:
        return False
    separation = inp.separation_date
    return separation <= end and separation < first_day_after_lawful_probation(inp.hire_date, inp.contract_term_months)


def check_termination_in_probation(inp: Input, lang: str) -> list[Violation]:
    """LCL 21: in probation the employer may end the contract only under LCL 39 and 40(1)(2).

    `objective_change` (LCL 40(3)) and `economic_layoff` (LCL 41) in lawful probation are
    unlawful: 2N (LCL 48, 87). The caller applies it to those two grounds only.
    """
    if not in_lawful_probation(inp):
        return []
    return [Violation(
        "termination_in_probation",
        LCL + "第二十一条、第四十八条、第八十七条",
        TEXTS[lang]["in_probation"](separation=iso(inp.separation_date),
            end=iso(inp.probation_end_date), ground=ground_title(inp.ground, lang)),
    )]


def check_rejection(inp: Input, lang: str) -> tuple[list[Violation], bool]:
    """The violations of a `probation_rejection`, and whether it turns into 2N (§4).

    Two separate checks (§4): a rejection after the agreed end of probation, and a probation
    longer than LCL 19 allows (reported also when the rejection falls after the agreed end).
    """
    end = inp.probation_end_date
    if end is None:
        return [], False
    separation = inp.separation_date
    found = []
    unlawful = False
    if separation > end:
        unlawful = True
        found.append(Violation(
            "rejection_after_probation",
            LCL + "第二十一条、第三十九条第一项",
            TEXTS[lang]["after_end"](separation=iso(separation), end=iso(end)),
        ))
    first_after = first_day_after_lawful_probation(inp.hire_date, inp.contract_term_months)
    last_lawful = last_lawful_probation_day(inp.hire_date, inp.contract_term_months)
    if end >= first_after:
        limit = longest_probation_months(inp.contract_term_months)
        found.append(Violation(
            "probation_too_long",
            LCL + "第十九条、第八十三条",
            TEXTS[lang]["too_long"](end=iso(end), limit=limit, last=iso(last_lawful)),
        ))
        if first_after <= separation <= end:
            unlawful = True
            found.append(Violation(
                "rejection_after_lawful_probation",
                LCL + "第十九条、第二十一条、第三十九条第一项",
                TEXTS[lang]["after_lawful"](separation=iso(separation), last=iso(last_lawful)),
            ))
    return found, unlawful
