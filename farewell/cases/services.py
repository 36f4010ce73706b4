"""From the records to the law engine (DESIGN: the table and the inputs), and back."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from farewell import law
from farewell.law.inputs import LawInputError
from farewell.org.models import ContractKind, Employee, StatusPeriod, WageMonth
from farewell.org.tenure import cumulative_work_years, span


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _months_back(month: dt.date, count: int) -> dt.date:
    index = month.year * 12 + month.month - 1 - count
    return dt.date(index // 12, index % 12 + 1, 1)


def wage_months_before(employee: Employee, separation_date: dt.date) -> list[WageMonth]:
    """The 12 calendar months before the month of separation, oldest first; months not worked
    are simply absent (实施条例第27条: fewer months → the months actually worked)."""
    end = _month_start(separation_date)
    start = _months_back(end, 12)
    return list(
        WageMonth.objects.filter(employee=employee, month__gte=start, month__lt=end).order_by("month")
    )


def protected_statuses_on(employee: Employee, day: dt.date) -> list[str]:
    """Protected statuses holding on `day`; kinds are decrypted in Python (they are encrypted at rest)."""
    periods = StatusPeriod.objects.filter(employee=employee, protected=True, start_date__lte=day).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=day)
    )
    return sorted({p.kind for p in periods})


def engine_input_for(employee: Employee, *, ground: str, separation_date: dt.date) -> dict:
    """The engine's JSON input for this employee, built from the records."""
    wages = wage_months_before(employee, separation_date)
    data: dict = {
        "jurisdiction": employee.rule_pack or "CN",
        "ground": ground,
        "hire_date": employee.hire_date.isoformat(),
        "separation_date": separation_date.isoformat(),
        "monthly_wages": [w.total for w in wages],
        "overtime_pay_included": [w.overtime for w in wages],
    }
    if wages and wages[-1].month == _months_back(_month_start(separation_date), 1):
        data["last_month_wage"] = wages[-1].total
    statuses = protected_statuses_on(employee, separation_date)
    if employee.retirement_category and law.retirement_near_long_service(employee, separation_date):
        statuses.append("long_service_near_retirement")
    if statuses:
        data["protected_status"] = statuses
    contract = employee.contracts.order_by("-sequence").first()
    if contract is not None:
        if contract.probation_end_date:
            data["probation_end_date"] = contract.probation_end_date.isoformat()
        if contract.kind == ContractKind.FIXED_TERM and contract.term_months is not None:
            data["contract_term_months"] = contract.term_months
    years = cumulative_work_years(employee.first_work_date, as_of=separation_date)
    if years is not None:
        data["annual_leave"] = {"cumulative_work_years": years, "days_taken_this_year": 0}
    tables = law.wage_tables_for(employee.company.city, separation_date)
    data.update(tables)
    return data


def tenure_text(employee: Employee, as_of: dt.date) -> str:
    return str(span(employee.hire_date, as_of))


def as_decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


@dataclass(frozen=True)
class Outcome:
    result: dict | list | None
    error: LawInputError | None = None


def calculate(data) -> Outcome:
    """Run the engine on one input object or a list; input errors come back, never raise."""
    try:
        return Outcome(law.compute_json(data))
    except LawInputError as exc:
        return Outcome(None, exc)


def form_initial_for(employee: Employee, *, ground: str, separation_date: dt.date) -> dict:
    """The calculator form's initial values for an employee, from engine_input_for()."""
    data = engine_input_for(employee, ground=ground, separation_date=separation_date)
    initial = {k: v for k, v in data.items() if k not in ("monthly_wages", "overtime_pay_included", "annual_leave")}
    initial["monthly_wages"] = ", ".join(f"{w:.2f}" for w in data["monthly_wages"])
    if any(data["overtime_pay_included"]):
        initial["overtime_pay_included"] = ", ".join(f"{w:.2f}" for w in data["overtime_pay_included"])
    if "annual_leave" in data:
        initial["cumulative_work_years"] = data["annual_leave"]["cumulative_work_years"]
        initial["days_taken_this_year"] = data["annual_leave"]["days_taken_this_year"]
    return initial
