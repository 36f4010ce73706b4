"""Economic compensation (经济补偿) and the 2N damages (赔偿金): LCL 46, 47, 87, 97 ¶3; Reg. 25, 27.

N counts service from `hire_date` through `separation_date` (service.span). After
2008-01-01 (LCL 47): one month per full year, a remainder of six months or more a full
year, under six months half a month. Before 2008 (1994 Measures): one month per full year,
a part of a year a full year, with the caps and floors of the ground's row (grounds.py).
The base is the average of the last 12 months' wages (fewer: the months worked), raised to
the local minimum wage (Reg. 27) and, after 2008, capped at three times the local average
wage with N at most 12 (LCL 47 ¶2).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from . import service
from .citations import LCL_47, LCL_47_P2, LCL_87, LCL_97_P3, LCL_REG_25, LCL_REG_27, MEASURES_1994
from .grounds import Ground, Pre2008Rule
from .inputs import Input
from .money import fmt, fmt_exact, fmt_number, round_half_up
from .options import ONE_SPAN, SEGMENTED, Options

HALF_YEAR_MONTHS = 6  # LCL 47 ¶1: 六个月以上不满一年的，按一年计算
HALF_MONTH = Decimal("0.5")  # LCL 47 ¶1: 不满六个月的，支付半个月工资
HIGH_EARNER_MULTIPLE = Decimal(3)  # LCL 47 ¶2: 高于……上年度职工月平均工资三倍的
HIGH_EARNER_YEAR_CAP = Decimal(12)  # LCL 47 ¶2: 支付经济补偿的年限最高不超过十二年
DAMAGES_MULTIPLE = Decimal(2)  # LCL 87: 依照第四十七条规定的经济补偿标准的二倍
LCL_IN_FORCE = date(2008, 1, 1)  # LCL 97 ¶3, 98
LAST_DAY_BEFORE_LCL = date(2007, 12, 31)
ENTERPRISE_AVERAGE_FLOOR = MEASURES_1994 + "第十一条"  # 低于企业月平均工资的，按企业月平均工资支付
PRE2008_PART_YEAR_RULE = MEASURES_1994 + "第五条"  # 工作时间不满一年的按一年的标准发给; 98号 extends it


def lcl47_months(first_day: date, last_day: date) -> Decimal:
    """N under LCL 47 for service `first_day` through `last_day`: 2y6m → 3, 3y5m29d → 3.5, 4m → 0.5."""
    return _lcl47_months(service.span(first_day, last_day))


def _lcl47_months(s: service.Span) -> Decimal:
    if s.months >= HALF_YEAR_MONTHS:
        return Decimal(s.years + 1)
    if s.months or s.days:
        return s.years + HALF_MONTH
    return Decimal(s.years)


def measures1994_months(first_day: date, last_day: date) -> Decimal:
    """N under the 1994 Measures (Art. 5, 98号): a part of a year counts as a full year."""
    return _measures1994_months(service.span(first_day, last_day))


def _measures1994_months(s: service.Span) -> Decimal:
    return Decimal(s.years + (1 if s.months or s.days else 0))


def average_wage(wages: tuple[Decimal, ...]) -> Decimal | None:
    """LCL 47, Reg. 27: the average over the months worked in the last 12 (unrounded)."""
    return sum(wages) / len(wages) if wages else None


def minimum_wage_floor(average: Decimal, local_min_wage: Decimal | None) -> Decimal:
    """Reg. 27: an average below the local minimum wage is raised to it."""
    if local_min_wage is not None and average < local_min_wage:
        return local_min_wage
    return average


def high_earner_cap(base: Decimal, local_avg_monthly_wage: Decimal | None) -> Decimal | None:
    """LCL 47 ¶2: the capped base when `base` exceeds (strictly) three times the local average, else None."""
    if local_avg_monthly_wage is not None:
        ceiling = HIGH_EARNER_MULTIPLE * local_avg_monthly_wage
        if base > ceiling:
            return ceiling
    return None


@dataclass(slots=True)  # not frozen: frozen dataclasses are slow to build (batch budget)
class Amount:
    """One computed money item with N, the base and how it was reached."""

    months: Decimal  # N, N_pre + N_post when segmented
    base: Decimal | None  # the (post-2008) base after floor and cap; None without wages
    amount: Decimal | None  # rounded once; None without wages
    formula: str
    citation: str


def _post2008(inp: Input, first_day: date, floored: Decimal | None) -> tuple[Decimal, Decimal | None, list[str], list[str]]:
    """N and base of an LCL 47 span, with the cap (LCL 47 ¶2); also formula notes and citations."""
    served = service.span(first_day, inp.separation_date)
    months = _lcl47_months(served)
    notes = [
        f"{first_day.isoformat()}至{inp.separation_date.isoformat()}（{service.describe(served)}）→ N = {fmt_number(months)}"
    ]
    citations = []
    base = floored
    if floored is not None:
        capped = high_earner_cap(floored, inp.local_avg_monthly_wage)
        if capped is not None:
            base = capped
            notes.append(
                f"月工资 {fmt_exact(floored)} 高于上年度职工月平均工资 {fmt(inp.local_avg_monthly_wage)} 的三倍，"
                f"按 {fmt(capped)} 计，年限最高十二年"
            )
            citations.append(LCL_47_P2)
            if months > HIGH_EARNER_YEAR_CAP:
                months = HIGH_EARNER_YEAR_CAP
                notes.append(f"N 按十二年计 = {fmt_number(months)}")
    return months, base, notes, citations


def _floored_average(inp: Input, average: Decimal | None) -> tuple[Decimal | None, list[str]]:
    if average is None:
        return None, ["无工资数据（monthly_wages），金额不计"]
    floored = minimum_wage_floor(average, inp.local_min_wage)
    notes = [f"前十二个月平均工资 {fmt_exact(average)}（{len(inp.monthly_wages)}个月）"]
    if floored != average:
        notes.append(f"低于当地最低工资标准，按 {fmt(floored)} 计")
    return floored, notes


def _pre2008_rule(ground: Ground, options: Options) -> Pre2008Rule | None:
    if ground.pre2008 is not None:
        return ground.pre2008
    local = options.pre2008_local_rule
    if local is not None and ground.code in local.grounds:
        return Pre2008Rule(local.citation, local.year_cap, False)
    return None


def economic_compensation(inp: Input, average: Decimal | None, options: Options) -> Amount:
    """经济补偿 (LCL 46, 47; Reg. 27), segmented at 2008-01-01 (LCL 97 ¶3; prc_rules §2)."""
    ground = inp.ground
    floored, notes = _floored_average(inp, average)
    citations = [ground.citation, LCL_47, LCL_REG_27]
    has_pre2008 = inp.hire_date < LCL_IN_FORCE
    rule = _pre2008_rule(ground, options) if has_pre2008 else None

    if rule is not None and options.pre2008_counting == ONE_SPAN:
        # Configurable (§2): the ground gave compensation in both periods; count one LCL 47 span.
        months, base, span_notes, cap_citations = _post2008(inp, inp.hire_date, floored)
        notes += ["工作年限连续计算", *span_notes]
        citations += [*cap_citations, LCL_97_P3]
        amount = None if base is None else round_half_up(months * base)
        if amount is not None:
            notes.append(f"{fmt_number(months)} × {fmt_exact(base)} = {fmt(amount)}")
        return Amount(months, base, amount, "；".join(notes), "；".join(citations))

    post_first = inp.hire_date if not has_pre2008 else LCL_IN_FORCE
    n_post, base_post, post_notes, cap_citations = _post2008(inp, post_first, floored)
    citations += cap_citations
    if not has_pre2008:
        notes += post_notes
        amount = None if base_post is None else round_half_up(n_post * base_post)
        if amount is not None:
            notes.append(f"{fmt_number(n_post)} × {fmt_exact(base_post)} = {fmt(amount)}")
        return Amount(n_post, base_post, amount, "；".join(notes), "；".join(citations))

    citations.append(LCL_97_P3)
    pre_served = service.span(inp.hire_date, LAST_DAY_BEFORE_LCL)
    pre_span = service.describe(pre_served)
    if rule is None:
        n_pre = Decimal(0)
        base_pre = floored
        notes.append(f"2008年前 {inp.hire_date.isoformat()}至2007-12-31（{pre_span}）：该事由当时无经济补偿 → N前 = 0")
    else:
        n_pre = _measures1994_months(pre_served)
        pre_note = f"2008年前 {inp.hire_date.isoformat()}至2007-12-31（{pre_span}，不满一年按一年）→ N前 = {fmt_number(n_pre)}"
        if rule.year_cap is not None and n_pre > rule.year_cap:
            n_pre = Decimal(rule.year_cap)
            pre_note += f"，最多{rule.year_cap}个月 → N前 = {fmt_number(n_pre)}"
        notes.append(pre_note)
        citations.append(rule.citation)
        base_pre = floored
        enterprise_avg = inp.enterprise_avg_monthly_wage
        if rule.enterprise_average_floor and floored is not None and enterprise_avg is not None and floored < enterprise_avg:
            base_pre = enterprise_avg
            notes.append(f"2008年前部分低于企业月平均工资，按 {fmt(enterprise_avg)} 计")
            citations.append(ENTERPRISE_AVERAGE_FLOOR)
    notes += ["2008年起 " + post_notes[0], *post_notes[1:]]
    months = n_pre + n_post
    amount = None
    if floored is not None:
        amount = round_half_up(n_pre * base_pre + n_post * base_post)
        notes.append(
            f"{fmt_number(n_pre)} × {fmt_exact(base_pre)} + {fmt_number(n_post)} × {fmt_exact(base_post)} = {fmt(amount)}"
        )
    return Amount(months, base_post, amount, "；".join(notes), "；".join(citations))


def unlawful_termination_damages(inp: Input, average: Decimal | None, options: Options) -> Amount:
    """赔偿金 (LCL 87): round_half_up(2 × N × base), N over the whole service by default (Reg. 25)."""
    floored, notes = _floored_average(inp, average)
    citations = [LCL_87, LCL_REG_25, LCL_47, LCL_REG_27]
    if options.damages_counting == SEGMENTED and inp.hire_date < LCL_IN_FORCE:
        # Configurable (§5): the pre-2008 part counted as the 1994 Measures did (Art. 5 rule), no cap.
        n_pre = measures1994_months(inp.hire_date, LAST_DAY_BEFORE_LCL)
        n_post, base, post_notes, cap_citations = _post2008(inp, LCL_IN_FORCE, floored)
        notes += [f"2008年前（不满一年按一年）→ N前 = {fmt_number(n_pre)}", "2008年起 " + post_notes[0], *post_notes[1:]]
        citations += [*cap_citations, LCL_97_P3, PRE2008_PART_YEAR_RULE]
        months = n_pre + n_post
        amount = None
        if floored is not None:
            amount = round_half_up(DAMAGES_MULTIPLE * (n_pre * floored + n_post * base))
            notes.append(
                f"2 × ({fmt_number(n_pre)} × {fmt_exact(floored)} + {fmt_number(n_post)} × {fmt_exact(base)}) = {fmt(amount)}"
            )
        return Amount(months, base, amount, "；".join(notes), "；".join(citations))

    months, base, span_notes, cap_citations = _post2008(inp, inp.hire_date, floored)
    notes += span_notes
    citations += cap_citations
    amount = None
    if base is not None:
        amount = round_half_up(DAMAGES_MULTIPLE * months * base)
        notes.append(f"2 × {fmt_number(months)} × {fmt_exact(base)} = {fmt(amount)}")
    return Amount(months, base, amount, "；".join(notes), "；".join(citations))
