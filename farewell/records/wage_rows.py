"""The wages kind's own row pipeline: the rules of `importers._import_rows` for wages, specialised.

A year of wages is a row per employee per month (1.2 million rows for 100,000 people), and the
DESIGN budget is ≤ 3× a raw COPY of the same rows. This is metric_rows.py's recipe for WageMonth:

- each distinct raw cell is parsed once and kept (工号, 月份 and the amounts repeat): a row whose
  cells are all known costs a few dict lookups, its 月份 already checked against the current month
  and the total computed from the parts when blank (people/terms.py `_wage_rules`);
- any row it cannot take that way (a bad or blank required cell, a future month, a total smaller
  than its parts, no amount at all) goes through the generic `parse_row`, so every error reads
  exactly as for the other kinds;
- each 工号 is resolved once per import, within the importing user's scope (`context.employees`);
- duplicates within the file (the same 工号 + 月份) are found with one int per natural key;
- the next chunks are parsed (and, for a big file, resolved) in a thread while PostgreSQL takes
  the current one (metric_rows._ahead);
- on PostgreSQL new rows go straight into the table with one COPY, as text formatted here; changed
  rows go through the `Upsert`, which sets only the mapped columns, after their old values went to
  the ledger (event "fact_changed", as `_record_correction` writes it for the generic path).
  `run_import` holds the kind's advisory lock; a non-import writer that inserts one of the keys
  in between is reported as a conflict (IntegrityError) and the whole import rolls back.

The employees whose wages were created or changed go to `context.changed_employees` (a set of
pks): their open cases re-run once the import commits.

Where the time goes (1.2M rows, 100,000 people, 2 cores, PostgreSQL; benchmarks/people_import.py):
15–21 s against 11–12 s for the raw COPY (1.3–1.9×). The COPY itself and the foreign-key checks
at commit are most of it; the parse thread (CSV read 3 s, cells 4 s) keeps up with them; the cases
app's look-up of open cases for 100,000 changed employees (warnings, then the re-run) about 4 s.
A re-import of the same 1.2M rows, all unchanged: 14 s.
"""

from __future__ import annotations

import datetime as dt
import gc
from decimal import Decimal

from django.db import connection

from farewell.org.models import WageMonth

from .worded import Worded, _

# Distinct raw values kept per amount column; past this, that column's cache starts over.
VALUE_CACHE_LIMIT = 200_000
PARTS = ("base", "bonus", "allowances", "overtime")  # people/terms.py WAGE_PARTS: the total's parts
AMOUNTS = (*PARTS, "total")
COPY_COLUMNS = ("employee_id", "month", *AMOUNTS)
# A natural key as one int: employee pk above the month's proleptic ordinal (22 bits: year 9999
# is 3,652,059).
EMPLOYEE_SHIFT = 22
# From this many rows (the table's estimate) all 工号 in scope are read at once, not per chunk.
PRELOAD_ROWS = 50_000


def _amount(value: Decimal) -> tuple[Decimal, str]:
    """(value, the text PostgreSQL shows for numeric(12, 2)); the parser already quantized it."""
    value = value if value else Decimal("0.00")  # no "-0.00"
    return value, str(value)


def _cacheable(raw) -> bool:
    """A cell that may be a cache key. Not True/False, nor the numbers they equal: a cached 1 would
    be found for a True cell (True == 1), which the parsers refuse."""
    return raw.__class__ is str or raw is None or not (raw.__class__ in (bool, int, float) and raw in (0, 1))


class _Unmapped(dict):
    """The cache of an amount column the file does not have: every cell is blank."""

    def __missing__(self, raw) -> None:
        return None


def import_wage_rows(
    spec: ImportSpec, table, mapped, context: ImportContext, report: ImportReport, job_id, progress, chunk_size
) -> None:
    # The cyclic garbage collector off for the import (refcounting still frees everything): with a
    # few hundred thousand rows alive it ran some 60 full passes over them, 40% of the parse time.
    collecting = gc.isenabled()
    gc.disable()
    try:
        _import(spec, table, mapped, context, report, job_id, progress, chunk_size)
    finally:
        if collecting:
            gc.enable()


def _import(spec, table, mapped, context, report, job_id, progress, chunk_size) -> None:
    at = {column.field: index for column, index in mapped}
    i_employee, i_month = at["employee"], at["month"]
    width = max(at.values()) + 1
    parse_number, parse_month = spec.column("employee").parse, spec.column("month").parse
    # (cache, cell index, parser) of each amount, in AMOUNTS order: raw cell → (value, text), None
    # when blank. An unmapped column reads any cell (the 工号's) from a cache that says blank.
    lookups = [({}, at[f], spec.column(f).parse) if f in at else (_Unmapped(), i_employee, None) for f in AMOUNTS]
    (c_base, i_base, _p), (c_bonus, i_bonus, _p), (c_allowances, i_allowances, _p), (c_overtime, i_overtime, _p), (
        c_total, i_total, _p) = lookups
    all_parts = all(p in context.mapped for p in PARTS)  # `_wage_rules`: then the total may not be smaller
    # What a blank or unmapped amount is on a new row (and in the ledger, as the generic path writes
    # it): the field's default, shown by PostgreSQL as 0.00.
    blank = [(WageMonth._meta.get_field(f).get_default(), "0.00") for f in AMOUNTS]
    compare = [i for i, f in enumerate(AMOUNTS) if f in at]  # only mapped columns are written on update
    compare_names = [AMOUNTS[i] for i in compare]
    newest = (context.today or dt.date.today()).replace(day=1)  # `_wage_rules`: no future month

    numbers: dict = {}  # raw 工号 cell → the stripped 工号
    months: dict = {}  # raw 月份 cell → (first day, its ISO text, its ordinal); past months only
    employee_pk: dict[str, int | None] = {}  # 工号 → pk (None: not in the company or the scope)
    seen: dict[int, int] = {}  # natural key → first row number (duplicates within the file)
    postgres = connection.vendor == "postgresql"
    writer = Upsert(WageMonth, list(COPY_COLUMNS), ["employee_id", "month"], compare_names)

    def learn(cells) -> tuple | None:
        """Parse the row's not-yet-seen cells (into the caches when they may be keys); None when
        one is not valid or the row breaks a rule: the generic parser then says what is wrong."""
        raw = cells[i_employee]
        number = numbers.get(raw) if _cacheable(raw) else None
        if number is None:
            if _blank(raw):
                return None
            try:
                number = parse_number(raw)
            except CellError:
                return None
            if _cacheable(raw):
                numbers[raw] = number
        raw = cells[i_month]
        when = months.get(raw) if _cacheable(raw) else None
        if when is None:
            if _blank(raw):
                return None
            try:
                first = parse_month(raw)
            except CellError:
                return None
            if first > newest:
                return None
            when = (first, first.isoformat(), first.toordinal())
            if _cacheable(raw):
                months[raw] = when
        amounts = []
        for cache, index, parse in lookups:
            if parse is None:
                amounts.append(None)
                continue
            raw = cells[index]
            cacheable = _cacheable(raw)
            if cacheable and raw in cache:
                amounts.append(cache[raw])
                continue
            if _blank(raw):
                value = None
            else:
                try:
                    value = _amount(parse(raw))
                except CellError:
                    return None
            if cacheable:
                if len(cache) >= VALUE_CACHE_LIMIT:
                    cache.clear()
                cache[raw] = value
            amounts.append(value)
        return number, when, amounts

    def complete(amounts: list) -> list | None:
        """The five amounts (blank ones as their default) with `_wage_rules` applied; None when the
        row breaks one of them."""
        vector = list(amounts)
        total = vector[4]
        if total is None or all_parts:
            present = [v[0] for v in vector[:4] if v is not None]
            if total is None:
                if not present:
                    return None  # 应发合计和工资项目至少填一项
                value = sum(present, Decimal(0))
                vector[4] = (value, str(value))
            elif present and sum(present, Decimal(0)) > total[0]:
                return None  # 小于各项之和
        for slot in range(4):
            if vector[slot] is None:
                vector[slot] = blank[slot]
        return vector

    def parse(chunk) -> tuple[list, list[tuple[int, list[str]]]]:
        """A chunk's rows, (row number, 工号, month, the five amounts), and its errors by row number."""
        rows, bad = [], []
        append = rows.append
        for number, cells in chunk:
            if len(cells) < width:  # XLSX leaves out blank cells at the end of a row
                cells = [*cells, *[None] * (width - len(cells))]
            try:
                employee, when = numbers[cells[i_employee]], months[cells[i_month]]
                b, bo, a, o, t = (c_base[cells[i_base]], c_bonus[cells[i_bonus]], c_allowances[cells[i_allowances]],
                                  c_overtime[cells[i_overtime]], c_total[cells[i_total]])
            except (KeyError, TypeError):  # a cell not seen before (TypeError: an unhashable one)
                parsed = learn(cells)
                employee, when, (b, bo, a, o, t) = parsed or (None, None, (None,) * 5)
            if when is None:
                vector = None
            elif b is not None and bo is not None and a is not None and o is not None:
                # The common row, every part given: `_wage_rules` inline.
                total = b[0] + bo[0] + a[0] + o[0]
                if t is None:
                    vector = (b, bo, a, o, (total, str(total)))
                else:
                    vector = None if total > t[0] else (b, bo, a, o, t)  # None: 小于各项之和
            else:
                vector = complete([b, bo, a, o, t])
            if vector is not None:
                append((number, employee, when, vector))
                continue
            # Blank, bad or against a rule: the generic parser says what is wrong, in the
            # words every kind uses (and takes the rare valid form the caches above do not know).
            result = parse_row(spec, mapped, context, number, cells)
            if result is None:
                continue
            if result.errors:
                bad.append((number, result))  # its 工号 is checked too, once the numbers are resolved
                continue
            v = result.values
            first = v["month"]
            vector = [blank[i] if v.get(f) is None else _amount(v[f]) for i, f in enumerate(AMOUNTS)]
            append((number, v["employee"], (first, first.isoformat(), first.toordinal()), vector))
        return rows, bad

    def prepare(rows) -> tuple[list[tuple[int, list[str]]], list]:
        """Resolve the 工号 and catch duplicates: the errors by row number, and (key, employee pk,
        month, amounts, row number, the COPY line) for each good row."""
        errors, good = [], []
        for number, employee_number, when, vector in rows:
            pk = employee_pk.get(employee_number)
            if pk is None:
                errors.append((number, [_row_error(number, EMPLOYEE.header, Worded.of(EMPLOYEE_NOT_FOUND))]))
                continue
            key = pk << EMPLOYEE_SHIFT | when[2]
            first = seen.setdefault(key, number)
            if first != number:
                errors.append((number, [_row_error(number, spec.key_label, _("与第 %(row)s 行重复") % {"row": first})]))
                continue
            b, bo, a, o, t = vector
            line = f"{pk}\t{when[1]}\t{b[1]}\t{bo[1]}\t{a[1]}\t{o[1]}\t{t[1]}\n" if postgres else None
            good.append((key, pk, when, vector, number, line))
        return errors, good

    preload = (table.estimated_rows or 0) >= PRELOAD_ROWS
    if preload:
        # A big file: every 工号 in scope in one query, so the parse thread resolves them too.
        employee_pk.update(context.employees.values_list("employee_number", "pk"))
    # Employee pk → whether they had wages when this import began. A key this import wrote cannot
    # come back in a later chunk (that is a duplicate, refused above), so only the months of those who
    # had wages are read back: a first import reads none. (It would otherwise read a table that grows
    # by a million rows inside one transaction, which the planner's statistics do not see: 0.2 s a
    # chunk by the end.)
    had_wages: dict[int, bool] = {}
    if preload:
        in_scope = [pk for pk in employee_pk.values() if pk is not None]
        had_wages.update(dict.fromkeys(in_scope, False))
        had_wages.update(dict.fromkeys(_with_wages(in_scope, postgres), True))

    def bad_rows(bad) -> list[tuple[int, list[str]]]:
        """The errors of rows with a bad cell, with 工号 not found added (every mistake at once)."""
        return [(number, employee_errors(row, employee_pk.get(row.values.get("employee")))) for number, row in bad]

    def stage(chunk) -> tuple:
        rows, bad = parse(chunk)
        if not preload:
            return len(rows) + len(bad), bad, None, rows
        errors, good = prepare(rows)
        return len(rows) + len(bad), sorted(bad_rows(bad) + errors, key=_first), good, None

    if progress:
        progress(0, table.estimated_rows)
    for count, bad, good, rows in _ahead(stage, table.chunks(chunk_size)):
        report.total += count
        if good is None:
            unknown = {row[1] for row in rows if row[1] not in employee_pk}
            unknown.update(n for _number, row in bad if (n := row.values.get("employee")) and n not in employee_pk)
            if unknown:  # one query per chunk, for the 工号 not seen in an earlier chunk
                found = dict(
                    context.employees.filter(employee_number__in=unknown).values_list("employee_number", "pk")
                )
                for employee_number in unknown:
                    employee_pk[employee_number] = found.get(employee_number)
            errors, good = prepare(rows)
            bad = sorted(bad_rows(bad) + errors, key=_first)
        for _number, errors in bad:  # in row order, as the generic path reports them
            report.add_errors(errors)

        if report.errors or not good:
            # Nothing will be written: keep validating the rest of the file, skip the writes.
            if progress:
                progress(report.total, table.estimated_rows)
            continue

        unclassified = {g[1] for g in good if g[1] not in had_wages}
        if unclassified:  # first seen in this chunk: not written by this import yet
            with_wages = _with_wages(list(unclassified), postgres)
            for pk in unclassified:
                had_wages[pk] = pk in with_wages
        looked_up = [g for g in good if had_wages[g[1]]]
        existing = _existing(looked_up, compare_names, postgres) if looked_up else {}
        new, changed = [], []
        if not existing and postgres:  # all new (a first import): the lines as they are
            new = [g[5] for g in good]
            context.changed_employees.update({g[1] for g in good})
        for key, pk, when, vector, number, line in (good if existing or not postgres else ()):
            before = existing.get(key)
            row = None if postgres and before is None else (pk, when[0], *(v[0] for v in vector))
            if before is None:
                new.append(line if postgres else row)
                context.changed_employees.add(pk)
                continue
            stored_pk, stored = before
            after = "\t".join(vector[i][1] for i in compare) if postgres else tuple(vector[i][0] for i in compare)
            if after == stored:
                report.unchanged += 1
                continue
            changed.append(row)
            stored_values = stored.split("\t") if postgres else stored
            # The changed row's old values on the ledger first, in the generic path's words.
            _record_correction(
                spec, stored_pk, number,
                dict(zip(compare_names, (Decimal(s) for s in stored_values), strict=True)),
                {name: vector[i][0] for name, i in zip(compare_names, compare, strict=True)},
                context, event="fact_changed",
            )
            context.changed_employees.add(pk)
        report.created += len(new)
        report.updated += len(changed)
        write_chunk(writer, new, changed, postgres)
        if progress:
            progress(report.total, table.estimated_rows)


def _first(item: tuple) -> int:
    return item[0]


def _with_wages(employees: list[int], postgres: bool) -> set[int]:
    """Which of these employees have any wage month (one query; an index probe each on PostgreSQL)."""
    if not postgres:  # in batches: SQLite takes a limited number of parameters
        return {
            pk for start in range(0, len(employees), 900)
            for pk in WageMonth.objects.filter(employee_id__in=employees[start:start + 900])
            .values_list("employee_id", flat=True).distinct()
        }
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT e FROM unnest(%s::bigint[]) AS e
                WHERE EXISTS (SELECT 1 FROM {WageMonth._meta.db_table} w WHERE w.employee_id = e)""",
            [employees],
        )
        return {pk for (pk,) in cursor.fetchall()}


def _existing(good: list[tuple], compare: list[str], postgres: bool) -> dict:
    """One query per chunk: key → (pk, stored amounts) of the existing rows with these keys (on
    SQLite a superset, narrowed by employee and by month), to count created/updated/unchanged."""
    if not postgres:
        employees, firsts = list({g[1] for g in good}), list({g[2][0] for g in good})
        return {
            employee_id << EMPLOYEE_SHIFT | first.toordinal(): (pk, tuple(stored))
            for employee_id, first, pk, *stored in WageMonth.objects.filter(
                employee_id__in=employees, month__in=firsts,
            ).values_list("employee_id", "month", "pk", *compare)
        }
    # The key computed by the server and the compared amounts as one text: straight into a dict.
    # The chunk's exact keys joined to the unique index: an index probe per row whatever the
    # statistics say (with `employee_id IN (...) AND month = ANY(...)` a table grown since its last
    # ANALYZE was read whole: 0.33 s a chunk instead of 0.03 s).
    amounts = ", ".join(f"w.{name}::text" for name in compare)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT (w.employee_id::bigint << {EMPLOYEE_SHIFT}) | (w.month - DATE '0001-01-01' + 1),
                       w.id, concat_ws(E'\\t', {amounts})
                FROM unnest(%s::bigint[], %s::date[]) AS k (employee_id, month)
                JOIN {WageMonth._meta.db_table} w ON w.employee_id = k.employee_id AND w.month = k.month""",
            [[g[1] for g in good], [g[2][0] for g in good]],
        )
        return {key: (pk, stored) for key, pk, stored in cursor.fetchall()}


# Below the functions: importers.py registers the people kinds when it loads, and the wages spec
# names `import_wage_rows`, so it must exist before this module imports importers.py (whichever of
# the two is imported first).
from .importers import (  # noqa: E402
    EMPLOYEE,
    EMPLOYEE_NOT_FOUND,
    CellError,
    ImportContext,
    ImportReport,
    ImportSpec,
    Upsert,
    _blank,
    _record_correction,
    _row_error,
    employee_errors,
    parse_row,
)
from .metric_rows import _ahead, write_chunk  # noqa: E402
