"""The metrics kind's own row pipeline: the same rules as `importers._import_rows`, specialised.

Metric files are the big ones (every employee × every metric × every month: a million rows is
an ordinary year of attendance), and the DESIGN budget is ≤ 3× a raw COPY. The generic pipeline
spends most of that on per-cell dispatch, so this one:

- parses each distinct raw cell once (工号, 指标, 周期 + 周期类型, 数值 repeat on nearly every
  row) and keeps the result; a row whose cells are all known costs a few dict lookups;
- sends any row it cannot take that way (a blank, a bad cell, a value out of the metric's range)
  through the generic `parse_row`, so every error reads exactly as for the other kinds;
- resolves each 工号 once per import (one query per chunk, only for numbers not seen before;
  for a big file, every 工号 in scope in one query up front);
- detects duplicates within the file with one int per natural key;
- parses (and for a big file also resolves) the next chunks in a thread while this one waits
  for PostgreSQL to take the current chunk;
- on PostgreSQL writes the new rows with one COPY straight into the table, as text it formats
  itself, and sends only changed rows through the `Upsert` (temporary table + ON CONFLICT).
  `run_import` holds a transaction-level advisory lock per kind, so no other import inserts the
  same keys between the read and the COPY; a non-import writer that does is reported as a
  conflict (IntegrityError), and the whole import rolls back.

Where the time goes (1M rows, 2 cores): about a third in the COPY, a third in the foreign-key
checks on employee and metric PostgreSQL runs at commit (deferred; one per row per key), the rest
in Python and the per-chunk reads. benchmarks/import_metrics.py times both yardsticks.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from decimal import Decimal

from django.db import connection
from django.utils import translation

from . import models as m
from .importers import (
    EMPLOYEE,
    EMPLOYEE_NOT_FOUND,
    CellError,
    ImportContext,
    ImportReport,
    ImportSpec,
    Upsert,
    _blank,
    _row_error,
    employee_errors,
    parse_row,
)
from .periods import parse_period
from .worded import Worded, _

# Distinct raw values kept per import: 数值 is the only column with many; past this, start over.
VALUE_CACHE_LIMIT = 200_000
KIND_INDEX = {kind: i for i, kind in enumerate(m.PeriodKind.values)}
MINUS_INFINITY, INFINITY = Decimal("-Infinity"), Decimal("Infinity")
COPY_COLUMNS = ("employee_id", "metric_id", "period_kind", "period_start", "value", "import_job_id")
# A natural key as one int: employee pk | metric pk (24 bits up) | period kind (2 bits) | the
# period start's proleptic ordinal (22 bits: year 9999 is 3,652,059). 64-bit safe while
# employee pk < 2^(39 - metric bits), i.e. below 2^30 with up to 512 metrics.
METRIC_SHIFT, KIND_SHIFT = 24, 22
# From this many rows (the table's estimate) all 工号 in scope are read at once, not per chunk.
PRELOAD_ROWS = 50_000
QUANTUM = Decimal("0.0001")  # MetricValue.value has 4 decimal places: the text PostgreSQL shows


class _Metric:
    __slots__ = ("pk", "low", "high", "part")

    def __init__(self, metric: m.Metric):
        self.pk = metric.pk
        self.low = MINUS_INFINITY if metric.min_value is None else metric.min_value
        self.high = INFINITY if metric.max_value is None else metric.max_value
        self.part = metric.pk << METRIC_SHIFT


def _period(kind: str, start) -> tuple:
    """(kind, start, "kind<TAB>start" for COPY, the key bits of the period)."""
    return kind, start, f"{kind}\t{start.isoformat()}", KIND_INDEX[kind] << KIND_SHIFT | start.toordinal()


def _value(value: Decimal) -> tuple[Decimal, str]:
    value = value.quantize(QUANTUM) if value else Decimal("0.0000")  # no "-0.0000"
    return value, str(value)


def _ahead(parse, chunks) -> Iterator:
    """parse(chunk) for each chunk, up to two chunks ahead in a thread: the next chunk's Python runs
    while this thread waits for PostgreSQL to take the current one (a wait releases the GIL).
    The parse touches no database; errors come back in order, with the caller's language."""
    language = translation.get_language()
    results: queue.Queue = queue.Queue(maxsize=2)
    stop = threading.Event()

    def work() -> None:
        try:
            with translation.override(language):
                for chunk in chunks:
                    if stop.is_set():
                        return
                    results.put((True, parse(chunk)))
            results.put((True, None))
        except BaseException as exc:  # re-raised in the caller's thread
            results.put((False, exc))

    thread = threading.Thread(target=work, name="metric-import-parse", daemon=True)
    thread.start()
    try:
        while True:
            ok, item = results.get()
            if not ok:
                raise item
            if item is None:
                return
            yield item
    finally:
        stop.set()
        while thread.is_alive():  # unblock a worker waiting on a full queue
            try:
                results.get(timeout=0.1)
            except queue.Empty:
                pass
        thread.join()


def import_metric_rows(
    spec: ImportSpec, table, mapped, context: ImportContext, report: ImportReport, job_id, progress, chunk_size
) -> None:
    at = {column.field: index for column, index in mapped}
    i_employee, i_metric, i_period, i_value = at["employee"], at["metric"], at["period_start"], at["value"]
    i_kind = at.get("period_kind")
    width = max(at.values()) + 1
    parse_number, parse_value = spec.column("employee").parse, spec.column("value").parse
    parse_kind = spec.column("period_kind").parse

    numbers: dict = {}  # raw 工号 cell → the stripped 工号
    metrics: dict = {}  # raw 指标 cell → _Metric
    period_of: dict = {}  # (raw 周期, raw 周期类型) → _period(...)
    values: dict = {}  # raw 数值 cell → _value(...)
    by_pk = {metric.pk: _Metric(metric) for metric in context.metrics.values()}
    employee_pk: dict[str, int | None] = {}  # 工号 → pk (None: not in the company or the scope)
    shift = METRIC_SHIFT + max(by_pk, default=1).bit_length()
    seen: dict[int, int] = {}  # natural key → first row number (duplicates within the file)
    job_text = r"\N" if job_id is None else str(job_id)
    postgres = connection.vendor == "postgresql"
    writer = Upsert(
        m.MetricValue, list(COPY_COLUMNS), ["employee_id", "metric_id", "period_kind", "period_start"],
        ["value", "import_job_id"],
    )

    def learn(cells) -> tuple | None:
        """Parse the row's not-yet-seen cells into the caches; None when any of them is not valid."""
        raw = cells[i_employee]
        number = numbers.get(raw)
        if number is None:
            if _blank(raw):
                return None
            try:
                number = numbers[raw] = parse_number(raw)
            except CellError:
                return None
        raw = cells[i_metric]
        metric = metrics.get(raw)
        if metric is None:
            found = None if _blank(raw) else context.metrics.get(str(raw).strip().lower())
            if found is None:
                return None
            metric = metrics[raw] = by_pk[found.pk]
        raw, raw_kind = cells[i_period], None if i_kind is None else cells[i_kind]
        period = period_of.get((raw, raw_kind))
        if period is None:
            try:
                kind = None if _blank(raw_kind) else parse_kind(raw_kind)
            except CellError:
                return None
            parsed = None if _blank(raw) else parse_period(raw, kind)
            if parsed is None:
                return None
            period = period_of[(raw, raw_kind)] = _period(*parsed)
        raw = cells[i_value]
        value = values.get(raw)
        if value is None:
            if _blank(raw):
                return None
            try:
                parsed_value = parse_value(raw)
            except CellError:
                return None
            if len(values) >= VALUE_CACHE_LIMIT:
                values.clear()
            value = values[raw] = _value(parsed_value)
        return number, metric, period, value

    def parse(chunk) -> tuple[list, list[list[str]]]:
        """A chunk's rows, (row number, 工号, metric pk, period, value, key bits), and its errors."""
        rows, bad = [], []
        append = rows.append
        for number, cells in chunk:
            if len(cells) >= width:
                try:
                    employee, metric, period, value = (
                        numbers[cells[i_employee]], metrics[cells[i_metric]],
                        period_of[(cells[i_period], None if i_kind is None else cells[i_kind])],
                        values[cells[i_value]],
                    )
                except (KeyError, TypeError):  # a cell not seen before (TypeError: an unhashable one)
                    parsed = learn(cells)
                    employee, metric, period, value = parsed or (None, None, None, None)
                if metric is not None and metric.low <= value[0] <= metric.high:
                    append((number, employee, metric.pk, period, value, metric.part | period[3]))
                    continue
            # Blank, short, bad or out of range: the generic parser says what is wrong, in the
            # words every kind uses (and takes the rare valid form the caches above do not know).
            result = parse_row(spec, mapped, context, number, cells)
            if result is None:
                continue
            if result.errors:
                bad.append(result)  # its 工号 is checked too, once the numbers are resolved
                continue
            v = result.values
            period, metric = _period(v["period_kind"], v["period_start"]), by_pk[v["metric"]]
            append((number, v["employee"], metric.pk, period, _value(v["value"]), metric.part | period[3]))
        return rows, bad

    def prepare(rows) -> tuple[list[list[str]], list]:
        """Resolve the 工号 and catch duplicates: the errors, and (key, employee pk, metric pk,
        period, value, the COPY line) for each good row."""
        errors, good = [], []
        for number, employee_number, metric_pk, period, value, low in rows:
            pk = employee_pk.get(employee_number)
            if pk is None:
                errors.append([_row_error(number, EMPLOYEE.header, Worded.of(EMPLOYEE_NOT_FOUND))])
                continue
            key = pk << shift | low
            first = seen.setdefault(key, number)
            if first != number:
                errors.append([_row_error(number, spec.key_label, _("与第 %(row)s 行重复") % {"row": first})])
                continue
            line = f"{pk}\t{metric_pk}\t{period[2]}\t{value[1]}\t{job_text}\n" if postgres else None
            good.append((key, pk, metric_pk, period, value, line))
        return errors, good

    preload = (table.estimated_rows or 0) >= PRELOAD_ROWS
    if preload:
        # A big file: every 工号 in scope in one query, so the parse thread resolves them too and
        # this thread only reads the existing rows and writes (while the next chunks are parsed).
        employee_pk.update(context.employees.values_list("employee_number", "pk"))

    def bad_rows(bad) -> list[list[str]]:
        """The errors of rows with a bad cell, with 工号 not found added (every mistake at once)."""
        return [employee_errors(row, employee_pk.get(row.values.get("employee"))) for row in bad]

    def stage(chunk) -> tuple:
        rows, bad = parse(chunk)
        if not preload:
            return len(rows) + len(bad), bad, None, rows
        errors, good = prepare(rows)
        return len(rows) + len(bad), bad_rows(bad) + errors, good, None

    if progress:
        progress(0, table.estimated_rows)
    for count, bad, good, rows in _ahead(stage, table.chunks(chunk_size)):
        report.total += count
        if good is None:
            unknown = {row[1] for row in rows if row[1] not in employee_pk}
            unknown.update(n for row in bad if (n := row.values.get("employee")) and n not in employee_pk)
            if unknown:  # one query per chunk, for the 工号 not seen in an earlier chunk
                found = dict(
                    context.employees.filter(employee_number__in=unknown).values_list("employee_number", "pk")
                )
                for employee_number in unknown:
                    employee_pk[employee_number] = found.get(employee_number)
            errors_lists, good = prepare(rows)
            bad = bad_rows(bad) + errors_lists
        for errors in bad:
            report.add_errors(errors)

        if report.errors or not good:
            # Nothing will be written: keep validating the rest of the file, skip the writes.
            if progress:
                progress(report.total, table.estimated_rows)
            continue

        existing = _existing(good, shift, postgres)
        compare = 1 if postgres else 0  # PostgreSQL sends the stored value as text
        new, changed = [], []
        if not existing and postgres:  # all new (a first import): the lines as they are
            new = [g[5] for g in good]
        for key, pk, metric_pk, period, value, line in (good if existing or not postgres else ()):
            before = existing.get(key)
            if before is None:
                new.append(line if postgres else (pk, metric_pk, period[0], period[1], value[0], job_id))
            elif before == value[compare]:
                report.unchanged += 1
            else:
                changed.append((pk, metric_pk, period[0], period[1], value[0], job_id))
        report.created += len(new)
        report.updated += len(changed)
        write_chunk(writer, new, changed, postgres)
        if progress:
            progress(report.total, table.estimated_rows)


def write_chunk(writer: Upsert, new: list, changed: list, postgres: bool) -> None:
    """A chunk's writes: new rows COPY'd straight into the table on PostgreSQL (text lines formatted
    by the caller; elsewhere tuples through the upsert), changed rows through the upsert."""
    if new and postgres:
        # wrap_database_errors: a duplicate key raised by the driver's COPY is Django's IntegrityError.
        with connection.cursor() as cursor, connection.wrap_database_errors, cursor.cursor.copy(
            f"COPY {writer.table} ({writer.columns}) FROM STDIN"
        ) as copy:
            copy.write("".join(new))
    elif new:
        writer.write(new)
    if changed:
        writer.write(changed)


def _existing(good: list[tuple], shift: int, postgres: bool) -> dict:
    """One query per chunk: key → stored value of the existing rows with these keys (a superset,
    narrowed by each key column's values), to count created/updated/unchanged."""
    employees, metric_pks = list({g[1] for g in good}), list({g[2] for g in good})
    kinds, starts = list({g[3][0] for g in good}), list({g[3][1] for g in good})
    if not postgres:
        return {
            pk << shift | mt << METRIC_SHIFT | KIND_INDEX[kind] << KIND_SHIFT | start.toordinal(): stored
            for pk, mt, kind, start, stored in m.MetricValue.objects.filter(
                employee_id__in=employees, metric_id__in=metric_pks, period_kind__in=kinds, period_start__in=starts,
            ).values_list("employee_id", "metric_id", "period_kind", "period_start", "value")
        }
    # The key computed by the server and the value as text: two columns straight into a dict.
    # `IN (SELECT unnest(...))`, not `= ANY(...)`: a hash semi-join instead of a linear search of
    # the chunk's employees for every row the metric/period index finds (10× faster at 2,000).
    kind_case = " ".join(f"WHEN '{kind}' THEN {i}" for kind, i in KIND_INDEX.items())
    with connection.cursor() as cursor:
        cursor.execute(
            # (<< and | bind equally tightly in PostgreSQL: every shift in parentheses.)
            f"""SELECT (employee_id::bigint << %s) | (metric_id::bigint << {METRIC_SHIFT})
                       | ((CASE period_kind {kind_case} END)::bigint << {KIND_SHIFT})
                       | (period_start - DATE '0001-01-01' + 1),
                       value::text
                FROM {m.MetricValue._meta.db_table}
                WHERE employee_id IN (SELECT unnest(%s::bigint[])) AND metric_id = ANY(%s) AND period_kind = ANY(%s)
                  AND period_start = ANY(%s)""",
            [shift, employees, metric_pks, kinds, starts],
        )
        return dict(cursor.fetchall())
