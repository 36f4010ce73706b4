"""`compute`: is the separation lawful, what is owed, and why (README, Output)."""

from __future__ import annotations

from typing import Any

from . import annual_leave, civil_service, compensation, double_wage, notice, probation, protections, union
from .calendar import DEFAULT_CALENDAR, WorkCalendar
from .citations import LCL
from .grounds import CIVIL_SERVICE, EMPLOYER_FAULT, RESIGNATION, UNION_NOTICE_CHAPTERS, UNLAWFUL, WITH_NOTICE
from .inputs import Input, LawInputError, parse_input
from .money import ZERO, round_half_up
from .options import DEFAULT_OPTIONS, Options
from .procedure import steps
from .result import Line, Result, extra_line
from .violations import VIOLATION, WARNING, Violation


def compute(
    data: dict[str, Any] | Input, options: Options | None = None, *, calendar: WorkCalendar | None = None
) -> Result:
    """Assess one separation. `data` is the README's input object (or a parsed `Input`).

    Raises `LawInputError` for an input it does not understand.
    """
    inp = data if isinstance(data, Input) else parse_input(data)
    options = options or DEFAULT_OPTIONS
    calendar = calendar or DEFAULT_CALENDAR
    if inp.jurisdiction == CIVIL_SERVICE:
        return civil_service.assess(inp, options, calendar)

    ground = inp.ground
    chapter = ground.chapter
    violations, damages_due = protections.check(ground, inp.protected_status)
    if chapter == UNLAWFUL:
        damages_due = True
        violations.append(
            Violation(
                "unlawful_termination",
                LCL + "第四十八条、第八十七条",
                "违法解除或者终止劳动合同，劳动者不要求继续履行的，用人单位应当依照经济补偿标准的二倍支付赔偿金",
            )
        )
    elif ground.code == "probation_rejection":
        found, unlawful = probation.check_rejection(inp)
        violations += found
        damages_due = damages_due or unlawful
    elif chapter == RESIGNATION:
        violations += notice.check_resignation(inp)
    if chapter in UNION_NOTICE_CHAPTERS:
        violations += union.check(inp, options)
    if chapter == EMPLOYER_FAULT and inp.hire_date < compensation.LCL_IN_FORCE:
        violations.append(
            Violation(
                "pre2008_social_insurance_fault",
                ground.pre2008.citation,
                "2008年前的工作年限按原规定计算经济补偿：若解除理由是未依法缴纳社会保险费（《劳动合同法》第三十八条"
                "第一款第三项，2008年起才有），2008年前部分应为0，本计算已按原规定计入",
                WARNING,
            )
        )

    average = compensation.average_wage(inp.monthly_wages)
    lines: list[Line] = []
    months = base = economic = notice_amount = damages = None
    if damages_due:
        result = compensation.unlawful_termination_damages(inp, average, options)
        months, base, damages = result.months, result.base, result.amount
        if damages is not None:
            lines.append(Line("unlawful_termination_damages", damages, result.formula, result.citation))
    elif ground.gives_compensation:
        result = compensation.economic_compensation(inp, average, options)
        months, base, economic = result.months, result.base, result.amount
        if economic is not None:
            lines.append(Line("economic_compensation", economic, result.formula, result.citation))
        if chapter == WITH_NOTICE:
            notice_amount, formula = notice.notice_pay(inp)
            if notice_amount is not None:
                lines.append(Line("notice_pay", notice_amount, formula, notice.NOTICE_PAY_CITATION))

    leave_amount, formula = annual_leave.annual_leave_pay(inp)
    if leave_amount is not None:
        lines.append(Line("annual_leave_pay", leave_amount, formula, annual_leave.CITATION))
    double_amount, formula = double_wage.double_wage(inp, average)
    if double_amount is not None:
        lines.append(Line("double_wage", double_amount, formula, double_wage.CITATION))
    if inp.extra_compensation is not None:
        lines.append(extra_line(inp.extra_compensation))

    procedure, calendar_warnings = steps(inp, options, calendar, damages_due)
    violations += calendar_warnings
    return Result(
        lawful=not any(v.severity == VIOLATION for v in violations),
        violations=tuple(violations),
        compensation_months=months,
        monthly_base=None if base is None else round_half_up(base),
        economic_compensation=economic,
        notice_pay=notice_amount,
        annual_leave_pay=leave_amount,
        double_wage=double_amount,
        unlawful_termination_damages=damages,
        total=sum((line.amount for line in lines), ZERO),
        lines=tuple(lines),
        procedure=tuple(procedure),
        ground=ground.code,
    )




def compute_json(data: Any, options: Options | None = None) -> dict[str, Any] | list[dict[str, Any]]:
    """The README contract in Python: an object → its output object, a list → a list in the same order.

    One bad element fails the whole list; its `LawInputError.field` is prefixed `[i].`.
    """
    if type(data) is not list:
        return compute(data, options).as_dict()
    out = []
    for index, item in enumerate(data):
        try:
            out.append(compute(item, options).as_dict())
        except LawInputError as error:
            raise error.within(f"[{index}]") from None
    return out
