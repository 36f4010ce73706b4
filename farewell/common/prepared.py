"""Querysets compiled to SQL once per process, then run with new values (issue 14).

Django compiles a queryset's SQL on every evaluation. On the employee page that was ~40 % of the
profile's CPU (cProfile: `SQLCompiler.as_sql` and `pre_sql_setup` under a dozen short lists — an
employee's reviews, 360 rows, contracts …), more than the rows themselves cost. A query whose shape
is fixed by the code and whose only variables are a few values (the employee's id) compiles to the
same SQL every time, so `Prepared(build)` compiles `build(*marks)` once per database alias and then
runs that SQL with the values in the marks' places. The SQL comes from code alone (models, filters,
ordering), never from a request or the data, so keeping it in process memory cannot go stale.

Rows become what iterating the queryset gives: model instances (the database's converters applied,
`select_related` objects, deferred fields, annotations), or the tuples, values or dicts of `values_list()` /
`values()`. Refused when first compiled: prefetch_related, annotations reordered by values_list(), a value that is
not a plain parameter of the SQL (a mark must appear among the compiled parameters: an `__in` list
or a slice computed from a value would change the SQL itself).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet
from django.db.models.query import (
    FlatValuesListIterable,
    ModelIterable,
    ValuesIterable,
    ValuesListIterable,
    get_related_populators,
)

# Stand-ins for the values while compiling: values no real row holds (no primary key is negative).
INT_MARKS = (-(2**62) + 101, -(2**62) + 102, -(2**62) + 103)
DATE_MARK = dt.date(1, 1, 3)
UUID_MARK = uuid.UUID(int=3)


def _same(value):
    return value


def _hex(value):
    """How a backend without a UUID type passes one (SQLite: 32 hex digits)."""
    return value.hex if isinstance(value, uuid.UUID) else value


# How a backend may pass a value: as it is, as text (SQLite: dates as ISO strings), a UUID as hex digits.
_ADAPTERS = (_same, str, _hex)


@dataclass(frozen=True)
class _Compiled:
    compiler: object
    sql: str
    params: tuple
    positions: tuple[tuple[int, int, Callable], ...]  # (parameter index, value index, how the backend passes it)
    iterable: type
    names: tuple[str, ...] = ()  # values(): the keys
    model_slice: slice | None = None  # model rows: the model's columns in a row
    init_list: tuple[str, ...] = ()
    populators: tuple = ()
    annotations: tuple[tuple[str, int], ...] = ()  # model rows: (attribute, column)
    converters: dict | None = None  # column → the database's and the fields' converters (compiler.get_converters)


class Prepared:
    """`Prepared(lambda employee_id: Review.objects.filter(employee_id=employee_id).order_by(...))`;
    `prepared(employee.pk)` → the list the queryset would give for that id."""

    def __init__(self, build: Callable[..., QuerySet], marks: tuple = INT_MARKS[:1]):
        self._build = build
        self._marks = marks
        self._compiled: dict[str, _Compiled] = {}

    def __call__(self, *values, using: str = DEFAULT_DB_ALIAS) -> list:
        compiled, params = self._bound(values, using)
        with connections[using].cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = cursor.fetchall()
        return self._result(compiled, rows, using)

    def _bound(self, values: tuple, using: str) -> tuple[_Compiled, list]:
        """The compiled query and its parameters with `values` in the marks' places."""
        compiled = self._compiled.get(using) or self._compile(using)
        params = list(compiled.params)
        for index, value_index, adapt in compiled.positions:
            params[index] = adapt(values[value_index])
        return compiled, params

    @classmethod
    def _result(cls, compiled: _Compiled, rows: list, using: str) -> list:
        """The fetched rows as iterating the queryset gives them."""
        if compiled.iterable is ModelIterable:
            return cls._instances(compiled, rows, using)
        converted = map(tuple, cls._converted(compiled, rows)) if compiled.converters else rows
        if compiled.iterable is FlatValuesListIterable:
            return [row[0] for row in converted]
        if compiled.iterable is ValuesIterable:
            return [dict(zip(compiled.names, row, strict=True)) for row in converted]
        return list(converted)

    @staticmethod
    def _converted(compiled: _Compiled, rows: list):
        """compiler.results_iter() with the converters worked out when compiling (per run they cost a call
        chain per column: ~half the time of turning a dozen short lists into rows, issue 14)."""
        return compiled.compiler.apply_converters(rows, compiled.converters) if compiled.converters else rows

    @classmethod
    def _instances(cls, compiled: _Compiled, rows: list, using: str) -> list:
        model = compiled.compiler.klass_info["model"]
        objects = []
        for row in cls._converted(compiled, rows):
            obj = model.from_db(using, compiled.init_list, row[compiled.model_slice])
            for populator in compiled.populators:
                populator.populate(row, obj)
            for name, column in compiled.annotations:
                setattr(obj, name, row[column])
            objects.append(obj)
        return objects

    def _compile(self, using: str) -> _Compiled:
        queryset = self._build(*self._marks)
        if queryset._prefetch_related_lookups:
            raise ValueError("Prepared does not prefetch")
        iterable = queryset._iterable_class
        if iterable not in (ModelIterable, ValuesIterable, ValuesListIterable, FlatValuesListIterable):
            raise ValueError(f"Prepared does not run {iterable.__name__}")
        query = queryset.query
        if iterable is ValuesListIterable and query.annotation_select and queryset._fields:
            raise ValueError("Prepared does not reorder values_list() annotations")
        compiler = query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        positions = tuple(
            (i, j, adapt) for i, p in enumerate(params) for j, mark in enumerate(self._marks)
            for adapt in (next((a for a in _ADAPTERS if type(p) is type(a(mark)) and p == a(mark)), None),)
            if adapt is not None
        )
        if {value_index for _i, value_index, _adapt in positions} != set(range(len(self._marks))):
            raise ValueError("every value must be a parameter of the SQL")
        selected = [s[0] for s in compiler.select[0: compiler.col_count]]
        if compiler.has_composite_fields(selected):
            raise ValueError("Prepared does not read composite fields")
        fields = {"compiler": compiler, "sql": sql, "params": tuple(params), "positions": positions,
                  "iterable": iterable, "converters": compiler.get_converters(selected)}
        if iterable is ValuesIterable:
            fields["names"] = (*query.extra_select, *query.values_select, *query.annotation_select)
        if iterable is ModelIterable:
            select, klass_info = compiler.select, compiler.klass_info
            columns = klass_info["select_fields"]
            fields["model_slice"] = slice(columns[0], columns[-1] + 1)
            fields["init_list"] = tuple(column[0].target.attname for column in select[fields["model_slice"]])
            fields["populators"] = tuple(get_related_populators(klass_info, select, using))
            fields["annotations"] = tuple(compiler.annotation_col_map.items())
        compiled = _Compiled(**fields)
        self._compiled[using] = compiled
        return compiled


def several_statements(using: str = DEFAULT_DB_ALIAS) -> bool:
    """Whether one execute may carry several statements with parameters: PostgreSQL with client-side
    binding (Django's default psycopg cursor, a ClientCursor, which sends them as one simple query)."""
    connection = connections[using]
    return connection.vendor == "postgresql" and not connection.settings_dict["OPTIONS"].get("server_side_binding")


def run_together(*calls: tuple[Prepared, tuple], using: str = DEFAULT_DB_ALIAS) -> list[list]:
    """`run_together((reviews, (pk,)), (flags, (pk,)))` → `[reviews(pk), flags(pk)]`: on PostgreSQL the
    statements go in one execute (one round trip, one entry in the query log, each statement's rows read
    in turn with `nextset()`); elsewhere (SQLite, in process: no round trip to save) one after another.
    The same compiled SQL either way, so the rows are the same."""
    if not several_statements(using):
        return [prepared(*values, using=using) for prepared, values in calls]
    bound = [prepared._bound(values, using) for prepared, values in calls]
    results = []
    with connections[using].cursor() as cursor:
        cursor.execute(";\n".join(compiled.sql for compiled, _params in bound),
                       [param for _compiled, params in bound for param in params])
        for index, (compiled, _params) in enumerate(bound):
            if index and not cursor.nextset():
                raise RuntimeError("a statement gave no result")
            results.append(Prepared._result(compiled, cursor.fetchall(), using))
    return results
