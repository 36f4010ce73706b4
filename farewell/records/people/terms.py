"""Contracts, monthly wages and protected-status periods: the terms the law engine reads."""


from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db import connection
from django.utils.translation import gettext_noop

from farewell.common import consent
from farewell.common.dates import EARLIEST_DATE, too_early_message
from farewell.common.money import grouped_formatter
from farewell.org.models import (
    Contract,
    ContractKind,
    Employee,
    StatusKind,
    StatusPeriod,
    WageMonth,
)
from farewell.org.person_dates import contract_dates_errors, period_dates_errors

from ..importers import (
    CellError,
    Upsert,
    _row_error,
    _show,
    allocate_ids,
    date,
    employee_errors,
    update_rows,
)
from ..worded import _
from .base import _fact_changed, _number, _read_all

# Amounts in row errors as the pages print them (1,200.00).
grouped_amount = grouped_formatter(2)

# ---------------------------------------------------------------------------------------------
# Contracts


CONTRACT_DATE_HEADERS = {"end_date": "终止日", "probation_end_date": "试用期截止"}


def _contract_rules(values: dict, errors: list[str], number: int, context, wrong=frozenset()) -> None:
    start, end = values.get("start_date"), values.get("end_date")
    for field, message in contract_dates_errors(start, end, values.get("probation_end_date")).items():
        errors.append(_row_error(number, CONTRACT_DATE_HEADERS[field], message))
    if values.get("kind") == ContractKind.FIXED_TERM and start and not end and "end_date" in context.mapped:
        errors.append(_row_error(number, "终止日", _("固定期限合同必填")))


# Up to this many keys a read lists them (IN); past it, one read of the whole company or scope.
IN_LIST = 5000


def _resolve_employees(spec, rows, context, report) -> dict[str, int]:
    numbers = {r.values["employee"] for r in rows if r.values.get("employee")}
    found: dict[str, int] = {}
    if len(numbers) > IN_LIST:
        found = {n: pk for n, pk in context.employees.values_list("employee_number", "pk") if n in numbers}
    elif numbers:
        found.update(context.employees.filter(employee_number__in=numbers).values_list("employee_number", "pk"))
    for row in rows:
        employee_id = found.get(row.values.get("employee"))
        if row.errors or employee_id is None:
            report.add_errors(employee_errors(row, employee_id))
    return found


CONTRACT_FIELDS = ("kind", "start_date", "end_date", "probation_end_date", "signed_date")


def import_contracts(spec, table, mapped, context, report, job_id, progress, chunk_size) -> None:
    rows = _read_all(spec, table, mapped, context, report, progress)
    by_number = _resolve_employees(spec, rows, context, report)
    if report.errors:
        return
    written = [f for f in CONTRACT_FIELDS if f in context.mapped and f != "start_date"]
    incoming: dict[int, dict[dt.date, tuple[int, dict]]] = defaultdict(dict)
    for row in rows:
        employee_id = by_number[row.values["employee"]]
        start = row.values["start_date"]
        first = incoming[employee_id].get(start)
        if first is not None:
            report.add_errors([_row_error(row.number, "工号+起始日", _("与第 %(row)s 行重复") % {"row": first[0]})])
            continue
        incoming[employee_id][start] = (row.number, row.values)
    if report.errors:
        return

    existing: dict[int, list[_Term]] = defaultdict(list)
    stored = Contract.objects.filter(employee__company=context.company) if len(incoming) > IN_LIST else \
        Contract.objects.filter(employee_id__in=list(incoming))
    for values in stored.values_list("pk", "employee_id", *_TERM_FIELDS):
        if values[1] in incoming:
            existing[values[1]].append(_Term(values[0], *values[2:]))

    new, changed, resequenced, facts = [], [], [], []
    for employee_id, rows_by_start in incoming.items():
        current = {c.start_date: c for c in existing[employee_id]}
        merged: dict[dt.date, _Term] = dict(current)
        for start, (number, v) in rows_by_start.items():
            contract = current.get(start)
            if contract is None:
                contract = _Term(None, v["kind"], 0, start, v.get("end_date"), v.get("probation_end_date"),
                                 v.get("signed_date"))
                contract.employee_id = employee_id
                contract.row = number
                new.append(contract)
                merged[start] = contract
                report.created += 1
                continue
            before = {f: getattr(contract, f) for f in written}
            after = {f: v.get(f) for f in written}
            if before == after:
                report.unchanged += 1
                continue
            for f, value in after.items():
                setattr(contract, f, value)
            contract.row = number
            changed.append(contract)
            facts.append((contract.pk, number, before, after))
            context.changed_employees.add(employee_id)
            report.updated += 1
        ordered = sorted(merged.values(), key=lambda c: c.start_date)
        for previous, contract in zip(ordered, ordered[1:], strict=False):
            if previous.end_date is None or previous.end_date >= contract.start_date:
                culprit = contract if contract.row else previous
                row_number = culprit.row or previous.row or 0
                report.add_errors([_row_error(row_number, "起始日", _(
                    "与 %(start)s 起的合同重叠（该合同%(end)s）") % {
                    "start": previous.start_date.isoformat(),
                    "end": _("无终止日") if previous.end_date is None else
                    _("至 %(d)s") % {"d": previous.end_date.isoformat()}})])
                break
        for sequence, contract in enumerate(ordered, start=1):
            if contract.pk is None:
                contract.sequence = sequence
                contract.renewal = ordered[sequence - 2] if sequence > 1 else None  # the one before it
            elif contract.sequence != sequence:
                contract.sequence = sequence
                resequenced.append(contract)
        if any(c.pk is None for c in ordered):
            context.changed_employees.add(employee_id)
    if report.errors:
        return
    for pk, number, before, after in facts:
        _fact_changed(Contract, pk, number, before, after, context)
    # Set-based writes (importers.update_rows / Upsert): a statement per step, not per contract.
    if resequenced:
        # Sequence numbers are unique per employee: move them out of the way first.
        update_rows(Contract, ["sequence"], [(c.pk, c.sequence + 10000) for c in resequenced])
        update_rows(Contract, ["sequence"], [(c.pk, c.sequence) for c in resequenced])
    if changed and written:
        update_rows(Contract, written, [(c.pk, *(getattr(c, f) for f in written)) for c in changed])
    if new:
        # PostgreSQL: ids from the sequence first, so each new contract goes in with its renewal
        # link, in one COPY. Elsewhere: inserted, then linked.
        ids = allocate_ids(Contract, len(new))
        if ids:
            for contract, pk in zip(new, ids, strict=True):
                contract.new_id = pk
            columns = ["id", "employee_id", *_TERM_FIELDS, "renewal_of_id"]
            rows = [(c.new_id, c.employee_id, *(getattr(c, f) for f in _TERM_FIELDS),
                     None if c.renewal is None else (c.renewal.pk or c.renewal.new_id)) for c in new]
        else:
            columns = ["employee_id", *_TERM_FIELDS]
            rows = [(c.employee_id, *(getattr(c, f) for f in _TERM_FIELDS)) for c in new]
        writer = Upsert(Contract, columns, [], [])  # a plain INSERT (COPY on PostgreSQL)
        for start in range(0, len(rows), 20_000):
            writer.write(rows[start:start + 20_000])
        if not ids:
            _link_renewals([(c.employee_id, c.sequence) for c in new if c.renewal is not None])


_TERM_FIELDS = ("kind", "sequence", "start_date", "end_date", "probation_end_date", "signed_date")


class _Term:
    """One contract of an employee while the import orders them: a stored one (pk) or a new one."""

    __slots__ = ("pk", "employee_id", *_TERM_FIELDS, "row", "renewal", "new_id")

    def __init__(self, pk, kind, sequence, start_date, end_date, probation_end_date, signed_date):
        self.pk, self.kind, self.sequence = pk, kind, sequence
        self.start_date, self.end_date = start_date, end_date
        self.probation_end_date, self.signed_date = probation_end_date, signed_date
        self.row, self.renewal, self.new_id = None, None, None


def _link_renewals(pairs: list[tuple[int, int]]) -> None:
    """SQLite (PostgreSQL takes the ids up front): a new contract renews the one before it —
    renewal_of = the employee's contract of sequence − 1, one prepared statement for all."""
    if not pairs:
        return
    table = connection.ops.quote_name(Contract._meta.db_table)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET renewal_of_id = (SELECT p.id FROM {table} p WHERE p.employee_id = %s "
            "AND p.sequence = %s) WHERE employee_id = %s AND sequence = %s",
            [(employee_id, sequence - 1, employee_id, sequence) for employee_id, sequence in pairs],
        )


def export_contracts(user, company_ids):
    from farewell.accounts import policy

    employees = policy.employees_for(user, "records.export", Employee.objects.filter(company_id__in=company_ids))
    kinds = dict(ContractKind.choices)
    for number, kind, start, end, probation, signed, sequence in Contract.objects.filter(
            employee__in=employees.values("pk")).order_by("employee__employee_number", "start_date").values_list(
            "employee__employee_number", "kind", "start_date", "end_date", "probation_end_date", "signed_date",
            "sequence").iterator(chunk_size=2000):
        yield [number, str(kinds.get(kind, kind)), start, end or "", probation or "", signed or "", sequence]


# ---------------------------------------------------------------------------------------------
# Wages


_MONTH = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$")
_COMPACT_MONTH = re.compile(r"^(\d{4})(\d{2})$")


def month(raw: Any) -> dt.date:
    """2024-03, 2024/3, 2024年3月, 202403, or any date in the month → the month's first day."""
    if isinstance(raw, dt.datetime):
        raw = raw.date()
    if isinstance(raw, dt.date):
        if raw < EARLIEST_DATE:
            raise CellError(too_early_message(raw))
        return raw.replace(day=1)
    if isinstance(raw, int | float) and not isinstance(raw, bool) and float(raw).is_integer():
        raw = str(int(raw))
    from ..importers import _narrow

    value = _narrow(str(raw)).strip()
    match = _MONTH.match(value) or _COMPACT_MONTH.match(value)
    if match and 1 <= int(match[2]) <= 12:
        first = dt.date(int(match[1]), int(match[2]), 1)
        if first < EARLIEST_DATE:  # a wage month before 1950 is a typo (common/dates.py)
            raise CellError(too_early_message(first))
        return first
    try:
        return date(raw).replace(day=1)
    except CellError:
        raise CellError(_("“%(v)s” 不是有效月份（例如 2025-03）") % {"v": _show(raw)}) from None


WAGE_PARTS = ("base", "bonus", "allowances", "overtime")


def _wage_rules(values: dict, errors: list[str], number: int, context, wrong=frozenset()) -> None:
    today = context.today or dt.date.today()
    if values.get("month") and values["month"] > today.replace(day=1):
        errors.append(_row_error(number, "月份", _("“%(v)s” 在未来") % {"v": values["month"].strftime("%Y-%m")}))
    parts = [values.get(p) for p in WAGE_PARTS if p in values]
    if values.get("total") is None:
        if not parts and not wrong & {"应发合计", "基本工资", "奖金", "津贴补贴", "加班工资"}:
            errors.append(_row_error(number, "应发合计", _("应发合计和工资项目至少填一项")))
        elif parts:
            values["total"] = sum(parts, Decimal(0))
    elif all(p in context.mapped for p in WAGE_PARTS) and parts and sum(parts, Decimal(0)) > values["total"]:
        errors.append(_row_error(number, "应发合计", _("小于各项之和 %(sum)s") % {"sum": grouped_amount(sum(parts, Decimal(0)))}))


# ---------------------------------------------------------------------------------------------
# Protected-status periods


def _period_rules(values: dict, errors: list[str], number: int, context, wrong=frozenset()) -> None:
    for message in period_dates_errors(values.get("start_date"), values.get("end_date")).values():
        errors.append(_row_error(number, "结束日期", message))


def import_status_periods(spec, table, mapped, context, report, job_id, progress, chunk_size) -> None:
    rows = _read_all(spec, table, mapped, context, report, progress)
    by_number = _resolve_employees(spec, rows, context, report)
    if report.errors:
        return
    employee_ids = list({by_number[r.values["employee"]] for r in rows})
    existing: dict[tuple, StatusPeriod] = {}
    for start in range(0, len(employee_ids), 5000):
        for period in StatusPeriod.objects.filter(employee_id__in=employee_ids[start:start + 5000]):
            existing[(period.employee_id, period.kind, period.start_date)] = period
    seen: dict[tuple, int] = {}
    new, changed = [], []
    fields = [f for f in ("end_date", "notes") if f in context.mapped]
    # Notes are health details beyond the protected fact: only for people who consented (PIPL Art. 29).
    with_notes = {by_number[r.values["employee"]] for r in rows if (r.values.get("notes") or "").strip()}
    consented = consent.given_by(consent.HEALTH_DETAILS, with_notes)
    for row in rows:
        v = row.values
        key = (by_number[v["employee"]], v["kind"], v["start_date"])
        first = seen.setdefault(key, row.number)
        if first != row.number:
            report.add_errors([_row_error(row.number, "工号+类型+开始日期", _("与第 %(row)s 行重复") % {"row": first})])
            continue
        if (v.get("notes") or "").strip() and key[0] not in consented:
            report.add_errors([_row_error(row.number, "备注", _("该员工未单独同意处理健康信息细节，备注须留空"))])
            continue
        period = existing.get(key)
        if period is None:
            new.append(StatusPeriod(employee_id=key[0], kind=v["kind"], start_date=v["start_date"],
                                    end_date=v.get("end_date"), notes=v.get("notes", "")))
            context.changed_employees.add(key[0])
            report.created += 1
            continue
        after = {f: v.get(f, "" if f == "notes" else None) for f in fields}
        if all(getattr(period, f) == after[f] for f in fields):
            report.unchanged += 1
            continue
        if period.end_date != after.get("end_date", period.end_date):
            # Only the dates go to the ledger: the kind and notes are health data (encrypted).
            _fact_changed(StatusPeriod, period.pk, row.number, {"end_date": period.end_date},
                          {"end_date": after.get("end_date")}, context)
        for f, value in after.items():
            setattr(period, f, value)
        changed.append(period)
        context.changed_employees.add(key[0])
        report.updated += 1
    if report.errors:
        return
    StatusPeriod.objects.bulk_create(new, batch_size=2000)
    if changed and fields:
        StatusPeriod.objects.bulk_update(changed, fields, batch_size=2000)


def export_status_periods(user, company_ids):
    from farewell.accounts import policy

    employees = policy.employees_for(user, "records.export", Employee.objects.filter(company_id__in=company_ids))
    kinds = dict(StatusKind.choices)
    periods = list(StatusPeriod.objects.filter(employee__in=employees.values("pk")).select_related("employee")
                   .order_by("employee__employee_number", "start_date"))
    _log_periods(user, periods)
    for p in periods:
        yield [p.employee.employee_number, str(kinds.get(p.kind, p.kind)), p.start_date, p.end_date or "", p.notes]


def _log_periods(user, periods) -> None:
    if not periods or user is None:
        return
    from farewell.accounts.models import AccessLog

    AccessLog.objects.bulk_create([
        AccessLog(actor=user, employee_id=p.employee_id, object_type="org.statusperiod", object_id=str(p.pk),
                  field="kind,notes", purpose=gettext_noop("导出特殊保护期")) for p in periods
    ], batch_size=2000)


def export_wages(user, company_ids):
    from farewell.accounts import policy

    employees = policy.employees_for(user, "records.export", Employee.objects.filter(company_id__in=company_ids))
    for number, month_start, *amounts in WageMonth.objects.filter(employee__in=employees.values("pk")).order_by(
            "employee__employee_number", "month").values_list(
            "employee__employee_number", "month", "base", "bonus", "allowances", "overtime", "total").iterator(
            chunk_size=5000):
        yield [number, month_start.strftime("%Y-%m"), *(_number(a) for a in amounts)]
