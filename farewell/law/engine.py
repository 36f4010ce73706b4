"""`compute`: is the separation lawful, what is owed, and why (README, Output)."""

from __future__ import annotations

from decimal import getcontext, localcontext

from . import annual_leave, civil_service, compensation, double_wage, notice, probation, protections, union
from .calendar import DEFAULT_CALENDAR, WorkCalendar
from .citations import LCL
from .grounds import CN, EMPLOYER_FAULT, RESIGNATION, UNION_NOTICE_CHAPTERS, UNLAWFUL, WITH_NOTICE
from .i18n import EN, ZH, cite, norm, texts
from .inputs import Input, LawInputError, parse_input
from .money import EXACT, ZERO, fmt, fmt_number
from .options import DEFAULT_OPTIONS, EXCLUDED, Options
from .practices import PRACTICES
from .procedure import steps
from .result import ENGINE_VERSION, Line, Result, extra_line
from .violations import VIOLATION, WARNING, Violation

TYPE_CHECKING = False  # typing is not imported at run time (13M instructions of every CLI run)
if TYPE_CHECKING:
    from typing import Any

# LCL 21: in probation the employer may end the contract only under LCL 39 and 40(1)(2).
NOT_IN_PROBATION = frozenset({"objective_change", "economic_layoff"})
# README, Input errors: never a result that reads as "nothing is owed" for want of the wages.
WAGES_REQUIRED = (
    "required: the result needs the wage base ({items}); give the wages of the months worked in the 12 months "
    "before separation"
)

TEXTS = texts({
    "unlawful": (
        "违法解除或者终止劳动合同，劳动者不要求继续履行的，用人单位应当依照经济补偿标准的二倍支付赔偿金",
        "an unlawful termination where the employee does not ask to continue the contract: the employer pays "
        "damages of twice the economic compensation",
    ),
    "pre2008_fault": (
        "2008年前的工作年限按原规定计算经济补偿：若解除理由是未依法缴纳社会保险费（《劳动合同法》第三十八条"
        "第一款第三项，2008年起才有），2008年前部分应为0，本计算已按原规定计入",
        "service before 2008 is compensated under the rules then in force: if the reason is unpaid social "
        "insurance (Labour Contract Law Art. 38 ¶1(3), a ground only since 2008), the pre-2008 part is 0; this "
        "result counts it under the old rules",
    ),
    "summary": ("{label} = N {n} × 月工资基数 {base} = {amount} 元", "{label} = N {n} × monthly base {base} = {amount}"),
    "summary_segments": (
        "{label} = N前 {n_pre} × 2008年前基数 {base_pre} + N后 {n_post} × 月工资基数 {base_post} = {amount} 元"
        "（N = {n_pre} + {n_post} = {n}）",
        "{label} = N before 2008 {n_pre} × pre-2008 base {base_pre} + N from 2008 {n_post} × monthly base "
        "{base_post} = {amount} (N = {n_pre} + {n_post} = {n})",
    ),
    "summary_damages": (
        "{label} = 2 × N {n} × 月工资基数 {base} = {amount} 元",
        "{label} = 2 × N {n} × monthly base {base} = {amount}",
    ),
    "summary_damages_segments": (
        "{label} = 2 × (N前 {n_pre} × 2008年前基数 {base_pre} + N后 {n_post} × 月工资基数 {base_post}) = {amount} 元"
        "（N = {n_pre} + {n_post} = {n}）",
        "{label} = 2 × (N before 2008 {n_pre} × pre-2008 base {base_pre} + N from 2008 {n_post} × monthly base "
        "{base_post}) = {amount} (N = {n_pre} + {n_post} = {n})",
    ),
    "practice": ("（按{name}）", " (under {name})"),
    "overtime_excluded": (
        "按当地做法，平均工资不含加班工资 {overtime}",
        "under the local practice the average leaves out overtime pay {overtime}",
    ),
})
_new = object.__new__

LABELS = {
    "economic_compensation": ("经济补偿", "Economic compensation"),
    "unlawful_termination_damages": ("赔偿金", "Damages"),
}


def compute(
    data: dict[str, Any] | Input,
    options: Options | None = None,
    *,
    calendar: WorkCalendar | None = None,
    lang: str | None = None,
) -> Result:
    """Assess one separation. `data` is the README's input object (or a parsed `Input`).

    `lang`: the language of the texts (formulas, messages, titles, citations): Chinese by
    default, English for `en`. Raises `LawInputError` for an input it does not understand.
    """
    lang = ZH if lang is None else norm(lang)
    if getcontext() is EXACT:  # the CLI sets it once for a whole batch
        inp = data if isinstance(data, Input) else parse_input(data)
        return _compute(inp, options or DEFAULT_OPTIONS, calendar or DEFAULT_CALENDAR, lang)
    with localcontext(EXACT):
        inp = data if isinstance(data, Input) else parse_input(data)
        return _compute(inp, options or DEFAULT_OPTIONS, calendar or DEFAULT_CALENDAR, lang)


def _compute(inp: Input, options: Options, calendar: WorkCalendar, lang: str) -> Result:
    if inp.ground.jurisdiction != CN:
        return civil_service.assess(inp, options, calendar, lang)

    ground = inp.ground
    chapter = ground.chapter
    violations, damages_due = protections.check(ground, inp.protected_status, lang)
    if chapter == UNLAWFUL:
        damages_due = True
        violations.append(Violation("unlawful_termination", LCL + "第四十八条、第八十七条", TEXTS[lang]["unlawful"]()))
    elif ground.code == "probation_rejection":
        found, unlawful = probation.check_rejection(inp, lang)
        violations += found
        damages_due = damages_due or unlawful
    elif ground.code in NOT_IN_PROBATION:
        found = probation.check_termination_in_probation(inp, lang)
        if found:
            violations += found
            damages_due = True
    elif chapter == RESIGNATION:
        violations += notice.check_resignation(inp, lang)
    if chapter in UNION_NOTICE_CHAPTERS:
        violations += union.check(inp, options, lang)
    if chapter == EMPLOYER_FAULT and inp.hire_date < compensation.LCL_IN_FORCE:
        violations.append(Violation("pre2008_social_insurance_fault", ground.pre2008.citation,
                                    TEXTS[lang]["pre2008_fault"](), WARNING))

    # What the result needs the wage base for (README: monthly_wages is then required).
    gives_compensation = not damages_due and ground.gives_compensation
    gives_notice_pay = gives_compensation and chapter == WITH_NOTICE
    leave = inp.annual_leave
    if not inp.monthly_wages:
        no_contract = inp.no_written_contract_months
        needs = [name for name, needed in (
            ("2N", damages_due),
            ("N", gives_compensation),
            ("notice_pay", gives_notice_pay and notice.notice_pay_needs_wages(inp, options)),
            ("annual_leave_pay", leave is not None and annual_leave.leave_days(inp, leave, options)[1] > 0),
            ("double_wage", no_contract is not None and double_wage.extra_months(no_contract) > 0),
        ) if needed]
        if needs:
            raise LawInputError("monthly_wages", WAGES_REQUIRED.format(items=", ".join(needs)))

    lines: list[Line] = []
    months = base = economic = notice_amount = damages = None
    summary = None
    wage_total = None  # the sum of the wages, once: the items below read it (a sum of twelve Decimals costs)
    if damages_due or gives_compensation:
        wages = inp.monthly_wages
        total = wage_total = sum(wages)
        overtime_note = None
        if options.average_overtime == EXCLUDED and inp.overtime_pay_included:
            overtime = sum(inp.overtime_pay_included)
            total -= overtime
            overtime_note = TEXTS[lang]["overtime_excluded"](overtime=fmt(overtime))
        average = compensation.Rate(total, len(wages))
        if damages_due:
            item = compensation.unlawful_termination_damages(inp, average, options, lang)
            damages = item.amount
            name = "unlawful_termination_damages"
        else:
            item = compensation.economic_compensation(inp, average, options, lang)
            economic = item.amount
            name = "economic_compensation"
        months, base = item.months, item.base.rounded()
        formula = item.formula if overtime_note is None else _join([overtime_note, item.formula], lang)
        lines.append(Line(name, item.amount, formula, cite(item.citation, lang)))
        summary = _summary(name, item, damages_due, lang)
        if options.practice is not None:
            summary += TEXTS[lang]["practice"](name=PRACTICES[options.practice].name[lang == EN])
        if gives_notice_pay:
            notice_amount, formula = notice.notice_pay(inp, options, lang, wage_total)
            lines.append(Line("notice_pay", notice_amount, formula, cite(notice.NOTICE_PAY_CITATION, lang)))

    if leave is not None:
        leave_amount, formula = annual_leave.annual_leave_pay(inp, options, lang, wage_total)
        lines.append(Line("annual_leave_pay", leave_amount, formula, cite(annual_leave.CITATION, lang)))
        warning = annual_leave.limitation_warning(inp, lang)
        if warning is not None:
            violations.append(warning)
    else:
        leave_amount = None
    if inp.no_written_contract_months is not None:
        double_amount, formula = double_wage.double_wage(inp, lang, wage_total)
        lines.append(Line("double_wage", double_amount, formula, cite(double_wage.CITATION, lang)))
    else:
        double_amount = None
    if inp.extra_compensation is not None:
        lines.append(extra_line(inp.extra_compensation, ground, lang))

    procedure, calendar_warnings = steps(inp, options, calendar, damages_due, lang)
    violations += calendar_warnings
    if lang == EN:
        for v in violations:
            v.article = cite(v.article, lang)
    practice = PRACTICES[options.practice].describe(lang) if options.practice is not None else None
    lawful = True
    for v in violations:  # loops, not any()/sum() over generators: a batch's budget
        if v.severity == VIOLATION:
            lawful = False
            break
    total = ZERO
    for line in lines:
        total += line.amount
    # Result(...) with its fields set here: a Python-level __init__ of eighteen arguments costs twice the
    # stores (tests/law/test_jsonout.py: every field set, equal to Result(...))
    result = _new(Result)
    result.lawful = lawful
    result.violations = tuple(violations)
    result.compensation_months = months
    result.monthly_base = base
    result.economic_compensation = economic
    result.notice_pay = notice_amount
    result.annual_leave_pay = leave_amount
    result.double_wage = double_amount
    result.unlawful_termination_damages = damages
    result.total = total
    result.lines = tuple(lines)
    result.procedure = tuple(procedure)
    result.ground = ground.code
    result.engine_version = ENGINE_VERSION
    result.summary = summary
    result.lang = lang
    result.practice = practice
    result.assumptions = ()
    return result


def _join(parts: list[str], lang: str) -> str:
    return ("; " if lang == EN else "；").join(parts)


def _summary(name: str, item: compensation.Amount, damages: bool, lang: str) -> str:
    """N × base = amount, multiplied out; with the pre-2008 segment and its own base when there is one."""
    label = LABELS[name][lang == EN]
    amount = fmt(item.amount)
    if item.pre2008 is None:
        return TEXTS[lang]["summary_damages" if damages else "summary"](
            label=label, n=fmt_number(item.months), base=item.base.shown(), amount=amount,
        )
    n_pre, base_pre = item.pre2008
    return TEXTS[lang]["summary_damages_segments" if damages else "summary_segments"](
        label=label, n_pre=fmt_number(n_pre), base_pre=base_pre.shown(), n_post=fmt_number(item.months - n_pre),
        base_post=item.base.shown(), amount=amount, n=fmt_number(item.months),
    )


def compute_json(
    data: Any, options: Options | None = None, *, lang: str | None = None
) -> dict[str, Any] | list[dict[str, Any]]:
    """The README contract in Python: an object → its output object, a list → a list in the same order.

    One bad element fails the whole list; its `LawInputError.field` is prefixed `[i].`.
    """
    if type(data) is not list:
        return compute(data, options, lang=lang).as_dict()
    out = []
    for index, item in enumerate(data):
        try:
            out.append(compute(item, options, lang=lang).as_dict())
        except LawInputError as error:
            raise error.within(f"[{index}]") from None
    return out


__all__ = ["EXACT", "compute", "compute_json"]
