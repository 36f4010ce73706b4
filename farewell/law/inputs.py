"""The input of `compute`: parsed and checked once, into an `Input` (README, Input).

Every error names the field at fault (`LawInputError.field`), dotted when nested
(`annual_leave.days_taken_this_year`); the CLI prefixes `[i].` for an element of a list.
Unknown keys are ignored; a JSON `null` counts as absent for an optional field.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from math import isfinite

from .errors import LawInputError
from .grounds import CIVIL_SERVICE, CN, GROUNDS, JURISDICTIONS, Ground
from .records import Record
from .service import ISO_TEXTS, ISO_TEXTS_LIMIT

TYPE_CHECKING = False  # typing is not imported at run time (13M instructions of every CLI run)
if TYPE_CHECKING:
    from typing import Any

MAX_WAGE_MONTHS = 12  # LCL 47: the 12 months before separation
LCL_EFFECTIVE_DATE = date(2008, 1, 1)  # LCL 98; earlier separations are outside the engine
# README, Input errors: an amount of 10^10 or more is an error (and so, here, is a count that large).
NUMBER_LIMIT = 10**10
_ZERO = Decimal(0)
_LIMIT = Decimal(NUMBER_LIMIT)
QUOTE_LIMIT = 100  # README: an error message quotes at most 100 characters of the bad value
# The last day the procedure dates can be counted from (S + 2 years must still be a date).
LATEST_DATE = date(9997, 12, 31)

_NO_STATUSES: frozenset[str] = frozenset()
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


class AnnualLeave(Record):  # not frozen: frozen records are slow to build (batch budget)
    __slots__ = _fields = ("cumulative_work_years", "days_taken_this_year", "untaken_days_previous_years")

    def __init__(
        self,
        cumulative_work_years: Decimal,
        days_taken_this_year: Decimal,
        # prc_rules §5: days of earlier years neither taken, carried over (Leave Measures 9) nor paid
        untaken_days_previous_years: Decimal = _ZERO,
    ) -> None:
        self.cumulative_work_years = cumulative_work_years
        self.days_taken_this_year = days_taken_this_year
        self.untaken_days_previous_years = untaken_days_previous_years


class Input(Record):  # not frozen: frozen records are slow to build (batch budget)
    """One planned separation, as the README describes it (parse_input passes the fields by position: a
    new field goes at the end)."""

    __slots__ = _fields = (
        "ground", "hire_date", "separation_date", "jurisdiction", "monthly_wages",
        "overtime_pay_included", "local_avg_monthly_wage", "local_min_wage",
        "enterprise_avg_monthly_wage", "notice_given_days", "last_month_wage", "annual_leave",
        "no_written_contract_months", "protected_status", "union_notified", "extra_compensation",
        "probation_end_date", "contract_term_months", "layoff_headcount", "employer_headcount",
    )

    def __init__(
        self,
        ground: Ground,
        hire_date: date,
        separation_date: date,
        jurisdiction: str = CN,
        monthly_wages: tuple[Decimal, ...] = (),
        overtime_pay_included: tuple[Decimal, ...] | None = None,
        local_avg_monthly_wage: Decimal | None = None,
        local_min_wage: Decimal | None = None,
        enterprise_avg_monthly_wage: Decimal | None = None,
        notice_given_days: int | None = None,
        last_month_wage: Decimal | None = None,
        annual_leave: AnnualLeave | None = None,
        no_written_contract_months: int | None = None,
        protected_status: frozenset[str] = frozenset(),
        union_notified: bool | None = None,
        extra_compensation: Decimal | None = None,
        probation_end_date: date | None = None,
        contract_term_months: int | None = None,
        layoff_headcount: int | None = None,
        employer_headcount: int | None = None,
    ) -> None:
        self.ground = ground
        self.hire_date = hire_date
        self.separation_date = separation_date
        self.jurisdiction = jurisdiction
        self.monthly_wages = monthly_wages
        self.overtime_pay_included = overtime_pay_included
        self.local_avg_monthly_wage = local_avg_monthly_wage
        self.local_min_wage = local_min_wage
        self.enterprise_avg_monthly_wage = enterprise_avg_monthly_wage
        self.notice_given_days = notice_given_days
        self.last_month_wage = last_month_wage
        self.annual_leave = annual_leave
        self.no_written_contract_months = no_written_contract_months
        self.protected_status = protected_status
        self.union_notified = union_notified
        self.extra_compensation = extra_compensation
        self.probation_end_date = probation_end_date
        self.contract_term_months = contract_term_months
        self.layoff_headcount = layoff_headcount
        self.employer_headcount = employer_headcount


def quote(value: Any) -> str:
    """At most 100 characters of a bad value, for an error message (README: no longer quotes).

    Never recurses into a list or an object (a value nested thousands deep must not crash the
    message that rejects it): those are named by their kind.
    """
    kind = type(value)
    if kind is str:
        text = value if len(value) <= QUOTE_LIMIT else value[: QUOTE_LIMIT - 1] + "…"
        return '"' + text + '"'
    if kind is list:
        return "a list"
    if kind is dict:
        return "an object"
    if value is None or kind is bool:
        return "null" if value is None else ("true" if value else "false")
    if kind in (int, Decimal, float):
        if kind is int and value.bit_length() > 1000:  # str() of a huge int is slow and long
            return "a number of more than 300 digits"
        text = str(value)
        return text if len(text) <= QUOTE_LIMIT else text[: QUOTE_LIMIT - 1] + "…"
    return kind.__name__


_from_iso = date.fromisoformat


def _date(value: Any, field: str) -> date:
    """A date written exactly YYYY-MM-DD (README: `20240630` and `2024-W26-7` are errors).

    Ten characters with "-" at 4 and 7 that `date.fromisoformat` reads are exactly YYYY-MM-DD in ASCII
    digits (it parses the UTF-8 bytes: ten of them are ten ASCII characters, and it takes only 0-9 for
    the year, month and day), so no pattern is matched for a good date (tests/law/test_inputs.py holds
    the equivalence)."""
    if type(value) is str:
        if len(value) == 10 and value[4] == "-" and value[7] == "-":
            try:
                day = _from_iso(value)
            except ValueError:
                day = None
            if day is not None:
                if day > LATEST_DATE:
                    raise LawInputError(field, f"after {LATEST_DATE.isoformat()}, outside the engine's calendar: {quote(value)}")
                if len(ISO_TEXTS) < ISO_TEXTS_LIMIT:
                    ISO_TEXTS[day] = value  # YYYY-MM-DD of a valid date: its isoformat()
                return day
            if value.isascii() and (value[:4] + value[5:7] + value[8:]).isdigit():  # ASCII: 0-9 only
                raise LawInputError(field, f"not a calendar date: {quote(value)}")
        raise LawInputError(field, f"not a date written YYYY-MM-DD: {quote(value)}")
    if type(value) is date:
        if value > LATEST_DATE:
            raise LawInputError(field, f"after {LATEST_DATE.isoformat()}, outside the engine's calendar")
        return value
    raise LawInputError(field, f"must be a date written YYYY-MM-DD, not {quote(value)}")


def _decimal(value: Any, field: str) -> Decimal:
    """A finite JSON number below 10^10 in size, as an exact Decimal (README, Input errors)."""
    kind = type(value)
    if kind is Decimal:
        number = value
    elif kind is int:
        if -NUMBER_LIMIT < value < NUMBER_LIMIT:
            return Decimal(value)
        raise LawInputError(field, f"must be below 10^10: {quote(value)}")
    elif kind is float:
        if not isfinite(value):
            raise LawInputError(field, f"must be a finite number, not {quote(value)}")
        number = Decimal(repr(value))
    else:
        raise LawInputError(field, f"must be a number, not {quote(value)}")
    if not number.is_finite():
        raise LawInputError(field, f"must be a finite number, not {quote(value)}")
    if not -NUMBER_LIMIT < number < NUMBER_LIMIT:
        raise LawInputError(field, f"must be below 10^10: {quote(value)}")
    return number


def _money(value: Any, field: str) -> Decimal:
    """A non-negative amount below 10^10; JSON numbers arrive as int or Decimal (the CLI parses floats exactly)."""
    if type(value) is Decimal and value.is_finite() and _ZERO <= value < _LIMIT:  # the usual case, at once
        return value
    amount = _decimal(value, field)
    if amount < 0:
        raise LawInputError(field, f"must not be negative: {quote(value)}")
    return amount


def _positive(value: Any, field: str) -> Decimal:
    """A local wage figure: a positive amount (README: 0 would cap the base at 0.00)."""
    amount = _decimal(value, field)
    if amount <= 0:
        raise LawInputError(field, f"must be greater than 0: {quote(value)}")
    return amount


def _count(value: Any, field: str) -> int:
    """A non-negative whole number (days, months, people) below 10^10; 30.0 is accepted as 30."""
    kind = type(value)
    if kind is int:
        number = value
        if number >= NUMBER_LIMIT:
            raise LawInputError(field, f"must be below 10^10: {quote(value)}")
    elif kind in (float, Decimal):
        amount = _decimal(value, field)
        if amount != amount.to_integral_value():
            raise LawInputError(field, f"must be a whole number, not {quote(value)}")
        number = int(amount)
    else:
        raise LawInputError(field, f"must be a whole number, not {quote(value)}")
    if number < 0:
        raise LawInputError(field, f"must not be negative: {quote(value)}")
    return number


def _amounts(value: Any, field: str) -> tuple[Decimal, ...]:
    if type(value) is not list:
        raise LawInputError(field, f"must be a list of numbers, not {quote(value)}")
    if len(value) > MAX_WAGE_MONTHS:
        raise LawInputError(field, "at most 12 months (the 12 months before separation, LCL 47)")
    out = []
    for v in value:
        # the common case inline (JSON floats arrive as Decimal): a list of 12 per input, 20,000 inputs a second
        if type(v) is Decimal and v.is_finite() and _ZERO <= v < _LIMIT:
            out.append(v)
        else:
            out.append(_money(v, field))
    return tuple(out)


_new = object.__new__
_FIELDS = (
    "jurisdiction", "ground", "hire_date", "separation_date", "monthly_wages", "overtime_pay_included",
    "local_avg_monthly_wage", "local_min_wage", "enterprise_avg_monthly_wage", "last_month_wage",
    "extra_compensation", "notice_given_days", "no_written_contract_months", "contract_term_months",
    "layoff_headcount", "employer_headcount", "annual_leave", "protected_status", "union_notified",
    "probation_end_date",
)


def parse_input(data: Any) -> Input:
    """Check one input object and return it as an `Input`; raise `LawInputError` naming the field."""
    if type(data) is not dict:
        raise LawInputError(None, "the input must be a JSON object")
    # every field read at once, in C (a .get() call per field cost a batch 5% of its time); checked below one
    # by one, in the order that decides which field an input with several faults is rejected for
    (jurisdiction, code, hire_value, separation_value, wages_value, overtime_value, local_avg_value, local_min_value,
     enterprise_value, last_month_value, extra_value, notice_value, no_contract_value, term_value, layoff_value,
     headcount_value, leave_value, statuses_value, union_notified, probation_value) = map(data.get, _FIELDS)

    if jurisdiction is None:
        jurisdiction = CN
    elif type(jurisdiction) is not str or jurisdiction not in JURISDICTIONS:
        raise LawInputError("jurisdiction", f"unknown jurisdiction {quote(jurisdiction)}: {', '.join(JURISDICTIONS)}")

    ground = GROUNDS.get(code) if type(code) is str else None
    if ground is None:
        raise LawInputError("ground", "required" if code is None else f"unknown ground {quote(code)}")
    if ground.jurisdiction != jurisdiction:
        raise LawInputError("ground", f"ground {quote(code)} belongs to {ground.jurisdiction}, not {jurisdiction}")

    if hire_value is None:
        raise LawInputError("hire_date", "required")
    hire_date = _date(hire_value, "hire_date")
    if separation_value is None:
        raise LawInputError("separation_date", "required")
    separation_date = _date(separation_value, "separation_date")
    if separation_date < hire_date:
        raise LawInputError("separation_date", "separation_date is before hire_date")
    if separation_date < LCL_EFFECTIVE_DATE:
        raise LawInputError("separation_date", "separations before 2008-01-01 are outside the engine (LCL 98)")

    monthly_wages: tuple[Decimal, ...] = ()
    if wages_value is not None:
        monthly_wages = _amounts(wages_value, "monthly_wages")

    overtime = None
    if overtime_value is not None:
        overtime = _amounts(overtime_value, "overtime_pay_included")
        if len(overtime) != len(monthly_wages):
            raise LawInputError("overtime_pay_included", "one entry per monthly_wages entry")
        for o, w in zip(overtime, monthly_wages, strict=True):  # a loop, not any(<generator>): one per input in a batch
            if o > w:
                raise LawInputError("overtime_pay_included", "overtime exceeds the month's wage")

    # the optional numbers, one by one (a loop over their names and a ** merge cost a batch 10%)
    # a local figure is usually a whole number of yuan: checked inline (two calls a figure, a batch's budget)
    value = local_avg_value
    if value is None:
        local_avg_monthly_wage = None
    elif type(value) is int and 0 < value < NUMBER_LIMIT:
        local_avg_monthly_wage = Decimal(value)
    else:
        local_avg_monthly_wage = _positive(value, "local_avg_monthly_wage")
    value = local_min_value
    if value is None:
        local_min_wage = None
    elif type(value) is int and 0 < value < NUMBER_LIMIT:
        local_min_wage = Decimal(value)
    else:
        local_min_wage = _positive(value, "local_min_wage")
    enterprise_avg_monthly_wage = (None if enterprise_value is None
                                   else _money(enterprise_value, "enterprise_avg_monthly_wage"))
    last_month_wage = None if last_month_value is None else _money(last_month_value, "last_month_wage")
    extra_compensation = None if extra_value is None else _money(extra_value, "extra_compensation")
    notice_given_days = None if notice_value is None else _count(notice_value, "notice_given_days")
    no_written_contract_months = (None if no_contract_value is None
                                  else _count(no_contract_value, "no_written_contract_months"))
    contract_term_months = None if term_value is None else _count(term_value, "contract_term_months")
    layoff_headcount = None if layoff_value is None else _count(layoff_value, "layoff_headcount")
    employer_headcount = None if headcount_value is None else _count(headcount_value, "employer_headcount")

    value = leave_value
    annual_leave = None
    if value is not None:
        if type(value) is not dict:
            raise LawInputError("annual_leave", f"must be an object, not {quote(value)}")
        years = value.get("cumulative_work_years")
        if years is None:
            raise LawInputError("annual_leave.cumulative_work_years", "required")
        taken = value.get("days_taken_this_year")
        earlier = value.get("untaken_days_previous_years")
        annual_leave = AnnualLeave(
            _money(years, "annual_leave.cumulative_work_years"),
            _ZERO if taken is None else _money(taken, "annual_leave.days_taken_this_year"),
            _ZERO if earlier is None else _money(earlier, "annual_leave.untaken_days_previous_years"),
        )

    value = statuses_value
    statuses = _NO_STATUSES
    if value is not None:
        if type(value) is not list:
            raise LawInputError("protected_status", f"must be a list of strings, not {quote(value)}")
        for status in value:  # a loop, not any(<generator>): a batch's budget
            if type(status) is not str:
                raise LawInputError("protected_status", f"must be a list of strings, not {quote(value)}")
        statuses = frozenset(value)
        unknown = statuses - PROTECTED_STATUSES
        if unknown:
            raise LawInputError("protected_status", f"unknown status {quote(sorted(unknown)[0])}")

    if union_notified is not None and type(union_notified) is not bool:
        raise LawInputError("union_notified", f"must be true or false, not {quote(union_notified)}")

    probation_end_date = None
    if probation_value is not None:
        probation_end_date = _date(probation_value, "probation_end_date")
        if probation_end_date < hire_date:
            raise LawInputError("probation_end_date", "probation ends before hire_date")

    # Input(...) with its fields set here: a Python-level __init__ of twenty arguments costs twice the stores
    # (tests/law/test_inputs.py: every field set, equal to Input(...))
    inp = _new(Input)
    inp.ground = ground
    inp.hire_date = hire_date
    inp.separation_date = separation_date
    inp.jurisdiction = jurisdiction
    inp.monthly_wages = monthly_wages
    inp.overtime_pay_included = overtime
    inp.local_avg_monthly_wage = local_avg_monthly_wage
    inp.local_min_wage = local_min_wage
    inp.enterprise_avg_monthly_wage = enterprise_avg_monthly_wage
    inp.notice_given_days = notice_given_days
    inp.last_month_wage = last_month_wage
    inp.annual_leave = annual_leave
    inp.no_written_contract_months = no_written_contract_months
    inp.protected_status = statuses
    inp.union_notified = union_notified
    inp.extra_compensation = extra_compensation
    inp.probation_end_date = probation_end_date
    inp.contract_term_months = contract_term_months
    inp.layoff_headcount = layoff_headcount
    inp.employer_headcount = employer_headcount
    return inp


__all__ = ["CIVIL_SERVICE", "CN", "AnnualLeave", "Input", "LawInputError", "parse_input"]
