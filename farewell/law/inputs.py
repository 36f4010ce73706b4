"""The input of `compute`: parsed and checked once, into an `Input` (README, Input).

Every error names the field at fault (`LawInputError.field`), dotted when nested
(`annual_leave.days_taken_this_year`); the CLI prefixes `[i].` for an element of a list.
Unknown keys are ignored; a JSON `null` counts as absent for an optional field.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from math import isfinite
from typing import Any

from .grounds import CIVIL_SERVICE, CN, GROUNDS, JURISDICTIONS, Ground

MAX_WAGE_MONTHS = 12  # LCL 47: the 12 months before separation
LCL_EFFECTIVE_DATE = date(2008, 1, 1)  # LCL 98; earlier separations are outside the engine

PROTECTED_STATUSES = frozenset(
    {
        "pregnancy",
        "maternity",
        "nursing",
        "medical_period",
        "work_injury",
        "occupational_disease_exam_pending",
        "long_service_near_retirement",
    }
)


class LawInputError(ValueError):
    """An input the engine does not understand; `field` names it (None: not JSON at all)."""

    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message

    def __reduce__(self):  # picklable, for the CLI's worker processes
        return LawInputError, (self.field, self.message)

    def within(self, prefix: str) -> LawInputError:
        """The same error seen from a containing list: `[3]` + `hire_date` → `[3].hire_date`."""
        return LawInputError(f"{prefix}.{self.field}" if self.field else prefix, self.message)


@dataclass(slots=True)  # not frozen: frozen dataclasses are slow to build (batch budget)
class AnnualLeave:
    cumulative_work_years: Decimal
    days_taken_this_year: Decimal


@dataclass(slots=True)  # not frozen: frozen dataclasses are slow to build (batch budget)
class Input:
    """One planned separation, as the README describes it."""

    ground: Ground
    hire_date: date
    separation_date: date
    jurisdiction: str = CN
    monthly_wages: tuple[Decimal, ...] = ()
    overtime_pay_included: tuple[Decimal, ...] | None = None
    local_avg_monthly_wage: Decimal | None = None
    local_min_wage: Decimal | None = None
    enterprise_avg_monthly_wage: Decimal | None = None
    notice_given_days: int | None = None
    last_month_wage: Decimal | None = None
    annual_leave: AnnualLeave | None = None
    no_written_contract_months: int | None = None
    protected_status: frozenset[str] = frozenset()
    union_notified: bool | None = None
    extra_compensation: Decimal | None = None
    probation_end_date: date | None = None
    contract_term_months: int | None = None
    layoff_headcount: int | None = None
    employer_headcount: int | None = None


def _date(value: Any, field: str) -> date:
    if type(value) is str:
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise LawInputError(field, f"not an ISO date (YYYY-MM-DD): {value!r}") from None
    if type(value) is date:
        return value
    raise LawInputError(field, "must be an ISO date string (YYYY-MM-DD)")


def _money(value: Any, field: str) -> Decimal:
    """A non-negative amount; JSON numbers arrive as int or Decimal (the CLI parses floats exactly)."""
    kind = type(value)
    if kind is Decimal:
        amount = value
    elif kind is int:
        amount = Decimal(value)
    elif kind is float:
        if not isfinite(value):
            raise LawInputError(field, "must be a finite number")
        amount = Decimal(repr(value))
    else:
        raise LawInputError(field, "must be a number")
    if not amount.is_finite() or amount < 0:
        raise LawInputError(field, "must be a finite number, not negative")
    return amount


def _count(value: Any, field: str) -> int:
    """A non-negative whole number (days, months, people); 30.0 is accepted as 30."""
    kind = type(value)
    if kind is int:
        number = value
    elif kind in (float, Decimal) and value == value and value % 1 == 0:
        number = int(value)
    else:
        raise LawInputError(field, "must be a whole number")
    if number < 0:
        raise LawInputError(field, "must not be negative")
    return number


def _amounts(value: Any, field: str) -> tuple[Decimal, ...]:
    if type(value) is not list:
        raise LawInputError(field, "must be a list of numbers")
    out = []
    for v in value:
        # the common case inline (JSON floats arrive as Decimal): a list of 12 per input, 10,000 inputs a second
        if type(v) is Decimal and v.is_finite() and v >= 0:
            out.append(v)
        else:
            out.append(_money(v, field))
    return tuple(out)


def parse_input(data: Any) -> Input:
    """Check one input object and return it as an `Input`; raise `LawInputError` naming the field."""
    if type(data) is not dict:
        raise LawInputError(None, "the input must be a JSON object")
    get = data.get

    jurisdiction = get("jurisdiction")
    if jurisdiction is None:
        jurisdiction = CN
    elif jurisdiction not in JURISDICTIONS:
        raise LawInputError("jurisdiction", f"unknown jurisdiction {jurisdiction!r}: {', '.join(JURISDICTIONS)}")

    code = get("ground")
    ground = GROUNDS.get(code) if type(code) is str else None
    if ground is None:
        raise LawInputError("ground", f"unknown ground {code!r}")
    if ground.jurisdiction != jurisdiction:
        raise LawInputError("ground", f"ground {code!r} belongs to {ground.jurisdiction}, not {jurisdiction}")

    value = get("hire_date")
    if value is None:
        raise LawInputError("hire_date", "required")
    hire_date = _date(value, "hire_date")
    value = get("separation_date")
    if value is None:
        raise LawInputError("separation_date", "required")
    separation_date = _date(value, "separation_date")
    if separation_date < hire_date:
        raise LawInputError("separation_date", "separation_date is before hire_date")
    if separation_date < LCL_EFFECTIVE_DATE:
        raise LawInputError("separation_date", "separations before 2008-01-01 are outside the engine (LCL 98)")

    value = get("monthly_wages")
    monthly_wages: tuple[Decimal, ...] = ()
    if value is not None:
        monthly_wages = _amounts(value, "monthly_wages")
        if len(monthly_wages) > MAX_WAGE_MONTHS:
            raise LawInputError("monthly_wages", "at most 12 months (the 12 months before separation, LCL 47)")

    value = get("overtime_pay_included")
    overtime = None
    if value is not None:
        overtime = _amounts(value, "overtime_pay_included")
        if len(overtime) != len(monthly_wages):
            raise LawInputError("overtime_pay_included", "one entry per monthly_wages entry")
        if any(o > w for o, w in zip(overtime, monthly_wages, strict=True)):
            raise LawInputError("overtime_pay_included", "overtime exceeds the month's wage")

    money = {}
    for name in (
        "local_avg_monthly_wage",
        "local_min_wage",
        "enterprise_avg_monthly_wage",
        "last_month_wage",
        "extra_compensation",
    ):
        value = get(name)
        money[name] = None if value is None else _money(value, name)

    counts = {}
    for name in (
        "notice_given_days",
        "no_written_contract_months",
        "contract_term_months",
        "layoff_headcount",
        "employer_headcount",
    ):
        value = get(name)
        counts[name] = None if value is None else _count(value, name)

    value = get("annual_leave")
    annual_leave = None
    if value is not None:
        if type(value) is not dict:
            raise LawInputError("annual_leave", "must be an object")
        years = value.get("cumulative_work_years")
        if years is None:
            raise LawInputError("annual_leave.cumulative_work_years", "required")
        taken = value.get("days_taken_this_year")
        annual_leave = AnnualLeave(
            _money(years, "annual_leave.cumulative_work_years"),
            Decimal(0) if taken is None else _money(taken, "annual_leave.days_taken_this_year"),
        )

    value = get("protected_status")
    statuses: frozenset[str] = frozenset()
    if value is not None:
        if type(value) is not list or any(type(s) is not str for s in value):
            raise LawInputError("protected_status", "must be a list of strings")
        statuses = frozenset(value)
        unknown = statuses - PROTECTED_STATUSES
        if unknown:
            raise LawInputError("protected_status", f"unknown status {sorted(unknown)[0]!r}")

    union_notified = get("union_notified")
    if union_notified is not None and type(union_notified) is not bool:
        raise LawInputError("union_notified", "must be true or false")

    value = get("probation_end_date")
    probation_end_date = None
    if value is not None:
        probation_end_date = _date(value, "probation_end_date")
        if probation_end_date < hire_date:
            raise LawInputError("probation_end_date", "probation ends before hire_date")

    return Input(
        ground=ground,
        hire_date=hire_date,
        separation_date=separation_date,
        jurisdiction=jurisdiction,
        monthly_wages=monthly_wages,
        overtime_pay_included=overtime,
        annual_leave=annual_leave,
        protected_status=statuses,
        union_notified=union_notified,
        probation_end_date=probation_end_date,
        **money,
        **counts,
    )


__all__ = ["CIVIL_SERVICE", "CN", "AnnualLeave", "Input", "LawInputError", "parse_input"]
