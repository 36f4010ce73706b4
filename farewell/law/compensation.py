"""Economic compensation (经济补偿) and the 2N damages (赔偿金): LCL 46, 47, 87, 97 ¶3; Reg. 25, 27.

N counts service from `hire_date` through `separation_date` (service.span). After
2008-01-01 (LCL 47): one month per full year, a remainder of six months or more a full
year, under six months half a month. Before 2008 (1994 Measures): one month per full year,
a part of a year a full year, with the caps and floors of the ground's row (grounds.py).
The base is the average of the last 12 months' wages (fewer: the months worked), raised to
the local minimum wage (Reg. 27) and, after 2008, capped at three times the local average
wage with N at most 12 (LCL 47 ¶2).

Exact arithmetic (prc_rules §7): a base is kept as a fraction (`Rate`: the wage total over
the number of months) and every amount is rounded once, from the exact value (`money.round_ratio`):
an average divided first can land a hair below a half fen and round the wrong way.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from . import service
from .citations import LCL_47, LCL_47_P2, LCL_87, LCL_97_P3, LCL_REG_25, LCL_REG_27, MEASURES_1994
from .grounds import Ground, Pre2008Rule
from .i18n import EN, texts
from .inputs import Input
from .money import EXACT, fmt, fmt_number, round_ratio
from .options import FROM_HIRE, ONE_SPAN, SEGMENTED, Options
from .records import Record
from .service import iso

HALF_YEAR_MONTHS = 6  # LCL 47 ¶1: 六个月以上不满一年的，按一年计算
HALF_MONTH = Decimal("0.5")  # LCL 47 ¶1: 不满六个月的，支付半个月工资
HIGH_EARNER_MULTIPLE = Decimal(3)  # LCL 47 ¶2: 高于……上年度职工月平均工资三倍的
HIGH_EARNER_YEAR_CAP = Decimal(12)  # LCL 47 ¶2: 支付经济补偿的年限最高不超过十二年
DAMAGES_MULTIPLE = Decimal(2)  # LCL 87: 依照第四十七条规定的经济补偿标准的二倍
LCL_IN_FORCE = date(2008, 1, 1)  # LCL 97 ¶3, 98
LAST_DAY_BEFORE_LCL = date(2007, 12, 31)
# LCL 47 ¶2 with LCL 97 ¶3: a high earner's 12 years are counted from 2008-01-01, so end on 2019-12-31
HIGH_EARNER_LAST_COUNTED_DAY = service.add_years(LCL_IN_FORCE, int(HIGH_EARNER_YEAR_CAP)) - service.ONE_DAY
ENTERPRISE_AVERAGE_FLOOR = MEASURES_1994 + "第十一条"  # 低于企业月平均工资的，按企业月平均工资支付
PRE2008_PART_YEAR_RULE = MEASURES_1994 + "第五条"  # 工作时间不满一年的按一年的标准发给; 98号 extends it

TEXTS = texts({
    "average": ("前十二个月平均工资 {total} ÷ {count} = {average}", "12-month average wage {total} ÷ {count} = {average}"),
    "one_month": ("前十二个月平均工资 {average}（1个月）", "12-month average wage {average} (1 month)"),
    "floor": (
        "低于当地最低工资标准，按最低工资 {minimum} 计",
        "below the local minimum wage: the minimum wage {minimum} is used",
    ),
    "span": ("{first}至{last}（{span}）", "{first} to {last} ({span})"),
    "half_year_up": ("不满一年的部分满六个月，按一年计", "a remainder of six months or more counts as a full year"),
    "half_year_down": ("不满六个月的部分，按半个月计", "a remainder under six months counts as half a month"),
    "span_n": ("{first}至{last}（{span}）：{rule}N = {n}", "{first} to {last} ({span}): {rule}N = {n}"),
    "cap": (
        "月工资 {wage} 高于上年度当地职工月平均工资 {local} 的三倍，基数按三倍 {ceiling} 计",
        "the monthly wage {wage} exceeds three times the prior-year local average wage {local}: the base is capped at {ceiling}",
    ),
    "year_cap": (
        "高收入者支付经济补偿的年限最高十二年：N {before} → 12",
        "for a high earner compensation counts at most 12 years: N {before} → 12",
    ),
    "one_span": ("工作年限连续计算（不分2008年前后）", "service counted as one span (not split at 2008)"),
    "from_hire": (
        "2008年前后均有经济补偿，工作年限自用工之日起连续计算（当地做法）",
        "compensation was due both before and from 2008: service counted from the first day of employment "
        "(local practice)",
    ),
    "from_hire_pre_cap": (
        "2008年前的工作年限最多十二年，自{first}起计",
        "at most 12 years of service before 2008 count: from {first}",
    ),
    "from_hire_year_cap": (
        "高收入者2008年起的工作年限最多十二年，计至{last}",
        "for a high earner at most 12 years from 2008 count: to {last}",
    ),
    "pre_none": (
        "2008年前 {span}：该事由当时无经济补偿 → N前 = 0",
        "before 2008, {span}: the rules then in force gave no compensation on this ground → N before 2008 = 0",
    ),
    "pre": (
        "2008年前 {span}：不满一年的按一年计 → N前 = {n}",
        "before 2008, {span}: a part of a year counts as a full year → N before 2008 = {n}",
    ),
    "pre_cap": ("原办法最多十二个月 → N前 = {n}", "at most 12 months under the 1994 Measures → N before 2008 = {n}"),
    "pre_enterprise": (
        "2008年前部分的月工资低于企业月平均工资，按 {average} 计",
        "the wage for the pre-2008 part is below the enterprise average wage: {average} is used",
    ),
    "post": ("2008年起 {span}", "from 2008, {span}"),
    "product": ("{n} × {base} = {amount}", "{n} × {base} = {amount}"),
    "segments": (
        "{n_pre} × {base_pre}（2008年前基数）+ {n_post} × {base_post}（2008年起基数）= {amount}",
        "{n_pre} × {base_pre} (pre-2008 base) + {n_post} × {base_post} (base from 2008) = {amount}",
    ),
    "damages": ("2 × {n} × {base} = {amount}", "2 × {n} × {base} = {amount}"),
    "damages_segments": (
        "2 × ({n_pre} × {base_pre}（2008年前基数）+ {n_post} × {base_post}（2008年起基数）) = {amount}",
        "2 × ({n_pre} × {base_pre} (pre-2008 base) + {n_post} × {base_post} (base from 2008)) = {amount}",
    ),
    "damages_pre": (
        "2008年前 {span}：不满一年的按一年计 → N前 = {n}",
        "before 2008, {span}: a part of a year counts as a full year → N before 2008 = {n}",
    ),
})


class Rate(Record):
    """A monthly wage base, exactly `total / count` (an average is never divided before it is used)."""

    __slots__ = _fields = ("total", "count", "_shown")

    def __init__(self, total: Decimal, count: int = 1, _shown: str | None = None) -> None:
        self.total = total
        self.count = count
        self._shown = _shown

    def rounded(self) -> Decimal:
        return round_ratio(self.total, self.count)

    def shown(self) -> str:
        """The base for a formula: 10000.00, or 15083.3333… when not a whole fen (half up, exactly)."""
        if self._shown is None:
            top, bottom = EXACT.plus(self.total).as_integer_ratio()
            bottom *= self.count
            fen, rest = divmod(100 * top, bottom)
            if not rest:
                self._shown = f"{fen // 100}.{fen % 100:02d}"
            else:
                units = (20000 * top + bottom) // (2 * bottom)  # ten-thousandths, half up
                self._shown = f"{units // 10000}.{units % 10000:04d}…"
        return self._shown

    def __lt__(self, other: Decimal) -> bool:  # exact: total / count < other
        return self.total < other * self.count

    def __gt__(self, other: Decimal) -> bool:  # exact: total / count > other
        return self.total > other * self.count


def lcl47_months(first_day: date, last_day: date) -> Decimal:
    """N under LCL 47 for service `first_day` through `last_day`: 2y6m → 3, 3y5m29d → 3.5, 4m → 0.5."""
    return _lcl47_months(service.span(first_day, last_day))


def _lcl47_months(s: service.Span) -> Decimal:
    if s.months >= HALF_YEAR_MONTHS:
        return Decimal(s.years + 1)
    if s.months or s.days:
        return s.years + HALF_MONTH
    return Decimal(s.years)


def _half_year_rule(s: service.Span, lang: str) -> str:
    """Which half of LCL 47 ¶1's remainder rule acted on this span ('' when there is no remainder)."""
    if s.months >= HALF_YEAR_MONTHS:
        return TEXTS[lang]["half_year_up"]()
    if s.months or s.days:
        return TEXTS[lang]["half_year_down"]()
    return ""


def measures1994_months(first_day: date, last_day: date) -> Decimal:
    """N under the 1994 Measures (Art. 5, 98号): a part of a year counts as a full year."""
    return _measures1994_months(service.span(first_day, last_day))


def _measures1994_months(s: service.Span) -> Decimal:
    return Decimal(s.years + (1 if s.months or s.days else 0))


def average_wage(wages: tuple[Decimal, ...]) -> Rate | None:
    """LCL 47, Reg. 27: the average over the months worked in the last 12, exactly (a `Rate`)."""
    return Rate(sum(wages), len(wages)) if wages else None


def minimum_wage_floor(average: Rate, local_min_wage: Decimal | None) -> Rate:
    """Reg. 27: an average below the local minimum wage is raised to it."""
    # average < local_min_wage, exactly (Rate.__lt__ written out: a rich comparison through a Python method
    # costs a batch several times the Decimal comparison)
    if local_min_wage is not None and average.total < local_min_wage * average.count:
        return Rate(local_min_wage)
    return average


def high_earner_cap(base: Rate, local_avg_monthly_wage: Decimal | None) -> Rate | None:
    """LCL 47 ¶2: the capped base when `base` exceeds (strictly) three times the local average, else None."""
    if local_avg_monthly_wage is not None:
        ceiling = HIGH_EARNER_MULTIPLE * local_avg_monthly_wage
        if base.total > ceiling * base.count:  # base > ceiling, exactly (Rate.__gt__ written out)
            return Rate(ceiling)
    return None


class Amount(Record):  # not frozen: frozen records are slow to build (batch budget)
    """One computed money item with N, the base and how it was reached."""

    __slots__ = _fields = ("months", "base", "amount", "formula", "citation", "pre2008")

    def __init__(
        self,
        months: Decimal,  # N, N_pre + N_post when segmented
        base: Rate,  # the (post-2008) base after floor and cap
        amount: Decimal,  # rounded once
        formula: str,
        citation: str,
        # (N_pre, base_pre) when the item was counted in two segments, for the summary (explain.py)
        pre2008: tuple[Decimal, Rate] | None = None,
    ) -> None:
        self.months = months
        self.base = base
        self.amount = amount
        self.formula = formula
        self.citation = citation
        self.pre2008 = pre2008


def _span_note(first_day: date, last_day: date, s: service.Span, lang: str) -> str:
    return TEXTS[lang]["span"](first=iso(first_day), last=iso(last_day), span=service.describe(s, lang))


def _post2008(
    inp: Input, first_day: date, floored: Rate, lang: str
) -> tuple[Decimal, Rate, list[str], list[str]]:
    """N and base of an LCL 47 span, with the cap (LCL 47 ¶2); also formula notes and citations."""
    served = service.span(first_day, inp.separation_date)
    months = _lcl47_months(served)
    rule = _half_year_rule(served, lang)
    notes = [TEXTS[lang]["span_n"](first=iso(first_day), last=iso(inp.separation_date),
                 span=service.describe(served, lang), rule=rule + " → " if rule else "", n=fmt_number(months))]
    citations = []
    capped = _capped_base(floored, inp, lang, notes, citations)
    base = floored if capped is None else capped
    if capped is not None:
        if months > HIGH_EARNER_YEAR_CAP:
            notes.append(TEXTS[lang]["year_cap"](before=fmt_number(months)))
            months = HIGH_EARNER_YEAR_CAP
    return months, base, notes, citations


def _floored_average(inp: Input, average: Rate, lang: str) -> tuple[Rate, list[str]]:
    floored = minimum_wage_floor(average, inp.local_min_wage)
    if average.count == 1:
        notes = [TEXTS[lang]["one_month"](average=average.shown())]
    else:
        notes = [TEXTS[lang]["average"](total=fmt(average.total), count=average.count, average=average.shown())]
    if floored is not average:
        notes.append(TEXTS[lang]["floor"](minimum=fmt(floored.total)))
    return floored, notes


def _pre2008_rule(ground: Ground, options: Options) -> Pre2008Rule | None:
    if ground.pre2008 is not None:
        return ground.pre2008
    local = options.pre2008_local_rule
    if local is not None and ground.code in local.grounds:
        return Pre2008Rule(local.citation, local.year_cap, False)
    return None


def _join(notes: list[str], lang: str) -> str:
    return ("; " if lang == EN else "；").join(notes)


def economic_compensation(inp: Input, average: Rate, options: Options, lang: str) -> Amount:
    """经济补偿 (LCL 46, 47; Reg. 27), segmented at 2008-01-01 (LCL 97 ¶3; prc_rules §2)."""
    ground = inp.ground
    floored, notes = _floored_average(inp, average, lang)
    citations = [ground.citation, LCL_47, LCL_REG_27]
    has_pre2008 = inp.hire_date < LCL_IN_FORCE
    rule = _pre2008_rule(ground, options) if has_pre2008 else None

    if rule is not None and options.pre2008_counting == FROM_HIRE:
        return _from_hire(inp, rule, floored, notes, citations, lang)
    if rule is not None and options.pre2008_counting == ONE_SPAN:
        # Configurable (§2): the ground gave compensation in both periods; count one LCL 47 span.
        months, base, span_notes, cap_citations = _post2008(inp, inp.hire_date, floored, lang)
        notes += [TEXTS[lang]["one_span"](), *span_notes]
        citations += [*cap_citations, LCL_97_P3]
        amount = round_ratio(base.total * months, base.count)
        notes.append(TEXTS[lang]["product"](n=fmt_number(months), base=base.shown(), amount=fmt(amount)))
        return Amount(months, base, amount, _join(notes, lang), "；".join(citations))

    post_first = inp.hire_date if not has_pre2008 else LCL_IN_FORCE
    n_post, base_post, post_notes, cap_citations = _post2008(inp, post_first, floored, lang)
    citations += cap_citations
    if not has_pre2008:
        notes += post_notes
        amount = round_ratio(base_post.total * n_post, base_post.count)
        notes.append(TEXTS[lang]["product"](n=fmt_number(n_post), base=base_post.shown(), amount=fmt(amount)))
        return Amount(n_post, base_post, amount, _join(notes, lang), "；".join(citations))

    citations.append(LCL_97_P3)
    pre_served = service.span(inp.hire_date, LAST_DAY_BEFORE_LCL)
    pre_span = _span_note(inp.hire_date, LAST_DAY_BEFORE_LCL, pre_served, lang)
    base_pre = floored
    if rule is None:
        n_pre = Decimal(0)
        notes.append(TEXTS[lang]["pre_none"](span=pre_span))
    else:
        n_pre = _measures1994_months(pre_served)
        pre_note = TEXTS[lang]["pre"](span=pre_span, n=fmt_number(n_pre))
        if rule.year_cap is not None and n_pre > rule.year_cap:
            n_pre = Decimal(rule.year_cap)
            pre_note += ("，" if lang != EN else ", ") + TEXTS[lang]["pre_cap"](n=fmt_number(n_pre))
        notes.append(pre_note)
        citations.append(rule.citation)
        enterprise_avg = inp.enterprise_avg_monthly_wage
        if rule.enterprise_average_floor and enterprise_avg is not None and floored < enterprise_avg:
            base_pre = Rate(enterprise_avg)
            notes.append(TEXTS[lang]["pre_enterprise"](average=fmt(enterprise_avg)))
            citations.append(ENTERPRISE_AVERAGE_FLOOR)
    notes += [TEXTS[lang]["post"](span=post_notes[0]), *post_notes[1:]]
    months = n_pre + n_post
    # one rounding for the item (§2, §7): (N_pre × a / p + N_post × b / q) exactly
    amount = round_ratio(
        n_pre * base_pre.total * base_post.count + n_post * base_post.total * base_pre.count,
        base_pre.count * base_post.count,
    )
    notes.append(TEXTS[lang]["segments"](n_pre=fmt_number(n_pre), base_pre=base_pre.shown(),
        n_post=fmt_number(n_post), base_post=base_post.shown(), amount=fmt(amount),
    ))
    return Amount(months, base_post, amount, _join(notes, lang), "；".join(citations), (n_pre, base_pre))


def _from_hire(
    inp: Input, rule: Pre2008Rule, floored: Rate, notes: list[str], citations: list[str], lang: str
) -> Amount:
    """Configurable (§2, `from_hire`): one LCL 47 span from the first day of employment, the ground having
    given compensation in both periods, on the one 12-month base capped at three times the local average.

    The 1994 Measures' cap of 12 years (mutual, incompetence: `rule.year_cap`) still limits the years
    before 2008, and a high earner's 12 years (LCL 47 ¶2) limit only the years from 2008 (LCL 97 ¶3):
    粤高法〔2012〕284号 Arts. 31, 32(2).
    """
    notes.append(TEXTS[lang]["from_hire"]())
    citations.append(LCL_97_P3)
    first_day = inp.hire_date
    if rule.year_cap is not None:
        earliest = service.add_years(LCL_IN_FORCE, -rule.year_cap)
        if first_day < earliest:
            first_day = earliest
            notes.append(TEXTS[lang]["from_hire_pre_cap"](first=earliest.isoformat()))
            citations.append(rule.citation)
    last_day = inp.separation_date
    capped = _capped_base(floored, inp, lang, notes, citations)
    base = floored if capped is None else capped
    if capped is not None:
        if last_day > HIGH_EARNER_LAST_COUNTED_DAY:
            last_day = HIGH_EARNER_LAST_COUNTED_DAY
            notes.append(TEXTS[lang]["from_hire_year_cap"](last=last_day.isoformat()))
    served = service.span(first_day, last_day)
    months = _lcl47_months(served)
    rule_note = _half_year_rule(served, lang)
    notes.append(TEXTS[lang]["span_n"](first=first_day.isoformat(), last=last_day.isoformat(),
                     span=service.describe(served, lang), rule=rule_note + " → " if rule_note else "",
                     n=fmt_number(months)))
    amount = round_ratio(base.total * months, base.count)
    notes.append(TEXTS[lang]["product"](n=fmt_number(months), base=base.shown(), amount=fmt(amount)))
    return Amount(months, base, amount, _join(notes, lang), "；".join(citations))


def unlawful_termination_damages(inp: Input, average: Rate, options: Options, lang: str) -> Amount:
    """赔偿金 (LCL 87): round_half_up(2 × N × base), N over the whole service by default (Reg. 25)."""
    floored, notes = _floored_average(inp, average, lang)
    citations = [LCL_87, LCL_REG_25, LCL_47, LCL_REG_27]
    if options.damages_counting == SEGMENTED and inp.hire_date < LCL_IN_FORCE:
        # Configurable (§5): the pre-2008 part counted as the 1994 Measures did (Art. 5 rule), no cap.
        pre_served = service.span(inp.hire_date, LAST_DAY_BEFORE_LCL)
        n_pre = _measures1994_months(pre_served)
        n_post, base, post_notes, cap_citations = _post2008(inp, LCL_IN_FORCE, floored, lang)
        pre_span = _span_note(inp.hire_date, LAST_DAY_BEFORE_LCL, pre_served, lang)
        notes += [
            TEXTS[lang]["damages_pre"](span=pre_span, n=fmt_number(n_pre)),
            TEXTS[lang]["post"](span=post_notes[0]),
            *post_notes[1:],
        ]
        citations += [*cap_citations, LCL_97_P3, PRE2008_PART_YEAR_RULE]
        months = n_pre + n_post
        amount = round_ratio(
            DAMAGES_MULTIPLE * (n_pre * floored.total * base.count + n_post * base.total * floored.count),
            floored.count * base.count,
        )
        notes.append(TEXTS[lang]["damages_segments"](n_pre=fmt_number(n_pre), base_pre=floored.shown(),
            n_post=fmt_number(n_post), base_post=base.shown(), amount=fmt(amount),
        ))
        return Amount(months, base, amount, _join(notes, lang), "；".join(citations), (n_pre, floored))

    months, base, span_notes, cap_citations = _post2008(inp, inp.hire_date, floored, lang)
    notes += span_notes
    citations += cap_citations
    amount = round_ratio(DAMAGES_MULTIPLE * months * base.total, base.count)
    notes.append(TEXTS[lang]["damages"](n=fmt_number(months), base=base.shown(), amount=fmt(amount)))
    return Amount(months, base, amount, _join(notes, lang), "；".join(citations))


def _capped_base(floored, inp, lang, notes, citations):
    """The 3× local-average cap on the base (LCL 47 ¶2), its note and citation added; None if it does not bind."""
    capped = high_earner_cap(floored, inp.local_avg_monthly_wage)
    if capped is not None:
        notes.append(TEXTS[lang]["cap"](wage=floored.shown(), local=fmt(inp.local_avg_monthly_wage),
                         ceiling=fmt(capped.total)))
        citations.append(LCL_47_P2)
    return capped
