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
`values()`. Refused when first compiled: prefetch_related, a value that is not a plain parameter of the
SQL (a mark must appear among the compiled parameters: an `__in` list or a slice computed from a value
would change the SQL itself).

The list pages (issue 14) key their page queries by the shape of the user's scope
and their filters: `PreparedShapes` keeps one Prepared per key, `q_shape()` splits a Q into its
structure and values and `q_from_shape()` builds it again around marks (`marks_for`); see
common/prepared_pages.py. The employee list does the same with its search, unit, status, position and
hire-date filters.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import F, Func, Model, Q, QuerySet, Value
from django.db.models.base import ModelState
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.query import (
    FlatValuesListIterable,
    ModelIterable,
    NamedValuesListIterable,
    ValuesIterable,
    ValuesListIterable,
    create_namedtuple_class,
    get_related_populators,
)
from django.db.models.query_utils import DeferredAttribute
from django.db.models.signals import post_init, pre_init

# Stand-ins for the values while compiling: values no real row holds (no primary key is negative).
INT_MARKS = (-(2**62) + 101, -(2**62) + 102, -(2**62) + 103)
DATE_MARK = dt.date(1, 1, 3)
UUID_MARK = uuid.UUID(int=3)
# Text no real value holds (private-use characters around a number); see Prepared for LIKE patterns.
STR_MARKS = tuple(f"\ue000prepared-{i}\ue001" for i in range(8))
# What a mark becomes in a second compilation that checks LIKE patterns are escaped as Django escapes them.
_LIKE_PROBE = "%_\\"


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
    tuple_class: type | None = None  # values_list(named=True): the rows' class
    model_slice: slice | None = None  # model rows: the model's columns in a row
    init_list: tuple[str, ...] = ()
    plain: bool = False  # model rows: the model's own __init__, from_db and attributes (_plain_model)
    populators: tuple = ()
    annotations: tuple[tuple[str, int], ...] = ()  # model rows: (attribute, column)
    converters: dict | None = None  # column → the database's and the fields' converters (compiler.get_converters)


class Prepared:
    """`Prepared(lambda employee_id: Review.objects.filter(employee_id=employee_id).order_by(...))`;
    `prepared(employee.pk)` → the list the queryset would give for that id."""

    def __init__(self, build: Callable[..., QuerySet], marks: tuple = INT_MARKS[:1], *, paged: bool = False):
        self._build = build
        self._marks = marks
        self._paged = paged  # `limit` and `offset` given per run: build() returns the queryset unsliced
        self._compiled: dict[str, _Compiled] = {}

    def __call__(self, *values, using: str = DEFAULT_DB_ALIAS, limit: int | None = None, offset: int = 0) -> list:
        compiled, sql, params = self._statement(values, using, limit=limit, offset=offset)
        (rows,) = fetch(connections[using], [(sql, params)])
        return self._result(compiled, rows, using)

    def _statement(self, values: tuple, using: str, *, limit: int | None = None, offset: int = 0
                   ) -> tuple[_Compiled, str, list]:
        """The compiled query, its SQL and its parameters for `values` (and a `paged` query's page)."""
        compiled, params = self._bound(values, using)
        sql = compiled.sql
        if self._paged and limit is not None:
            # What Django appends for queryset[offset:offset + limit] (common to the backends we run on), the
            # numbers as parameters: one prepared statement for every page.
            sql, params = (f"{sql} LIMIT %s OFFSET %s", [*params, int(limit), int(offset)]) if offset else \
                (f"{sql} LIMIT %s", [*params, int(limit)])
        return compiled, sql, params

    def sql(self, *values, using: str = DEFAULT_DB_ALIAS) -> tuple[str, list]:
        """The SQL and its parameters for these values (without the page of a `paged` query)."""
        compiled, params = self._bound(values, using)
        return compiled.sql, params

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
        if compiled.iterable is NamedValuesListIterable:
            new, tuple_class = tuple.__new__, compiled.tuple_class
            return [new(tuple_class, row) for row in converted]
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
        # What Model.from_db() and __init__ do for a row, without their per-field loop and signals (a fifth
        # of the time, issue 14): the values in the instance's __dict__, as their descriptors would store
        # them. Only for a model with nothing of its own there, and no pre_init or post_init receiver.
        plain = compiled.plain and not (pre_init.has_listeners(model) or post_init.has_listeners(model))
        new, names, columns = model.__new__, compiled.init_list, compiled.model_slice
        for row in cls._converted(compiled, rows):
            if plain:
                obj = new(model)
                state = ModelState()
                state.adding, state.db = False, using
                values = obj.__dict__
                values["_state"] = state
                values.update(zip(names, row[columns], strict=True))
            else:
                obj = model.from_db(using, names, row[columns])
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
        if iterable not in (ModelIterable, ValuesIterable, ValuesListIterable, FlatValuesListIterable,
                            NamedValuesListIterable):
            raise ValueError(f"Prepared does not run {iterable.__name__}")
        query = queryset.query
        names = (*query.extra_select, *query.values_select, *query.annotation_select)
        # A values_list() naming annotations among its fields: Django 5.2 selects the columns in the order
        # named (Query.selected), and its ValuesListIterable returns them as they come, as here.
        if self._paged and (query.is_sliced or query.select_for_update or query.combinator):
            raise ValueError("paged=True: the queryset unsliced (limit and offset per run), no lock or combination")
        compiler = query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        positions = _positions(params, self._marks, connections[using])
        if any(isinstance(mark, str) for mark in self._marks):
            self._check_text_positions(positions, using)
        if {value_index for _i, value_index, _adapt in positions} != set(range(len(self._marks))):
            raise ValueError("every value must be a parameter of the SQL")
        selected = [s[0] for s in compiler.select[0: compiler.col_count]]
        if compiler.has_composite_fields(selected):
            raise ValueError("Prepared does not read composite fields")
        fields = {"compiler": compiler, "sql": sql, "params": tuple(params), "positions": positions,
                  "iterable": iterable, "converters": compiler.get_converters(selected)}
        if iterable is ValuesIterable:
            fields["names"] = names
        if iterable is NamedValuesListIterable:
            fields["tuple_class"] = create_namedtuple_class(*(queryset._fields or names))
        if iterable is ModelIterable:
            select, klass_info = compiler.select, compiler.klass_info
            columns = klass_info["select_fields"]
            fields["model_slice"] = slice(columns[0], columns[-1] + 1)
            fields["init_list"] = tuple(column[0].target.attname for column in select[fields["model_slice"]])
            fields["plain"] = _plain_model(klass_info["model"], fields["init_list"])
            fields["populators"] = tuple(get_related_populators(klass_info, select, using))
            fields["annotations"] = tuple(compiler.annotation_col_map.items())
        compiled = _Compiled(**fields)
        self._compiled[using] = compiled
        return compiled

    def _check_text_positions(self, positions: tuple, using: str) -> None:
        """A text mark may sit inside a LIKE pattern ('%mark%', 'mark%': contains, startswith ...), which a
        run fills with the value escaped as Django escapes it. Compiled once more with marks that hold LIKE's
        special characters, every such parameter must be exactly that (a pattern built some other way, by
        hand in raw SQL, would not be escaped by Django and is refused)."""
        probes = tuple(mark + _LIKE_PROBE if isinstance(mark, str) else mark for mark in self._marks)
        _sql, params = self._build(*probes).query.get_compiler(using=using).as_sql()
        for index, value_index, adapt in positions:
            if isinstance(self._marks[value_index], str) and params[index] != adapt(probes[value_index]):
                raise ValueError("a text value is changed in the SQL in a way Prepared cannot repeat")


def _plain_model(model, names: tuple[str, ...]) -> bool:
    """Whether an instance of `model` read with the fields `names` is its __dict__ and a ModelState: Django's
    own from_db() and __init__, and each field's attribute a deferred-loading descriptor, which on a new
    instance stores the value in __dict__ and nothing else."""
    if model.from_db.__func__ is not Model.from_db.__func__ or model.__init__ is not Model.__init__:
        return False
    if type(model).__call__ is not type.__call__ or model.__new__ is not object.__new__:
        return False
    return all(type(getattr(model, name, None)) in (DeferredAttribute, ForeignKeyDeferredAttribute)
               for name in names) and len(set(names)) == len(names)


def _positions(params, marks: tuple, connection) -> tuple:
    """(parameter index, value index, how the value becomes the parameter) of every mark among `params`."""
    found = []
    for i, p in enumerate(params):
        for j, mark in enumerate(marks):
            adapt = next((a for a in _ADAPTERS if type(p) is type(a(mark)) and p == a(mark)), None)
            if adapt is None and isinstance(mark, str) and isinstance(p, str) and p.count(mark) == 1:
                head, tail = p.split(mark)
                if head in ("", "%") and tail in ("", "%"):
                    adapt = _like_pattern(head, tail, connection.ops.prep_for_like_query)
            if adapt is not None:
                found.append((i, j, adapt))
    return tuple(found)


def _like_pattern(head: str, tail: str, escape: Callable[[str], str]) -> Callable[[str], str]:
    def adapt(value: str) -> str:
        return f"{head}{escape(value)}{tail}"
    return adapt


def fetch(connection, statements: list[tuple[str, list]]) -> list[list[tuple]]:
    """Each (sql, params)'s rows: on PostgreSQL as prepared statements in one round trip (the backend's
    `fetch_prepared`, common/postgresql/base.py), elsewhere (SQLite, in process: nothing to plan once or
    round trip to save) one after another."""
    if connection.vendor == "postgresql":
        return connection.fetch_prepared(statements)
    results = []
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)
            results.append(cursor.fetchall())
    return results


def run_together(*calls: tuple, using: str = DEFAULT_DB_ALIAS) -> list[list]:
    """`run_together((reviews, (pk,)), (flags, (pk,)))` → `[reviews(pk), flags(pk)]`: on PostgreSQL the
    statements go in one round trip (one entry in the query log); elsewhere one after another. The same
    compiled SQL either way, so the rows are the same. A call's third item, if any, is the run's keywords
    (`{"limit": 50, "offset": 100}`: a `paged` query's page)."""
    bound = [prepared._statement(values, using, **(run[0] if run else {})) for prepared, values, *run in calls]
    rows = fetch(connections[using], [(sql, params) for _compiled, sql, params in bound])
    return [Prepared._result(compiled, found, using) for (compiled, _sql, _params), found in zip(bound, rows,
                                                                                                  strict=True)]


# --- The list pages' page queries, compiled once per shape (common/prepared_pages.py)

def marks_for(values) -> tuple:
    """A distinct stand-in of each value's type (int, str, date, UUID), none of them a value a row holds or
    a character LIKE escapes."""
    marks = []
    for i, value in enumerate(values):
        if isinstance(value, bool) or not isinstance(value, (int, str, dt.date, uuid.UUID)) \
                or isinstance(value, dt.datetime):
            raise ValueError(f"no mark for {type(value).__name__}")
        if isinstance(value, int):
            marks.append(-(2**62) + 1000 + i)
        elif isinstance(value, str):
            marks.append(f"~prepared-mark-{i}~")
        elif isinstance(value, dt.date):
            marks.append(dt.date(1, 2, 1) + dt.timedelta(days=i))
        else:
            marks.append(uuid.UUID(int=1000 + i))
    return tuple(marks)


class PreparedShapes:
    """One Prepared per shape of a query: `shapes(key, build, values)` runs `build(*marks)` compiled once for
    `key`, with `values` in the marks' places. `key` must say everything that makes the SQL (which filters,
    how many values in a list, the scope's structure); the values only fill it. At most `max_shapes` are
    kept (a bound, not a cache of data: each entry is SQL the code writes)."""

    def __init__(self, *, paged: bool = False, max_shapes: int = 256):
        self._paged = paged
        self._max = max_shapes
        self._by_key: dict = {}

    def __call__(self, key, build: Callable[..., QuerySet], values, **run) -> list:
        return self.prepared(key, build, values)(*values, **run)

    def prepared(self, key, build: Callable[..., QuerySet], values) -> Prepared:
        """The Prepared of `key` (compiled when first run), e.g. for its SQL (`.sql(*values)`)."""
        prepared = self._by_key.get(key)
        if prepared is None:
            if len(self._by_key) >= self._max:
                self._by_key.clear()
            prepared = self._by_key[key] = Prepared(build, marks_for(values), paged=self._paged)
        return prepared

    def __len__(self) -> int:
        return len(self._by_key)


_BIGINT = range(-(2**63), 2**63)


def _scalar(value) -> bool:
    """A value a mark stands for. An int beyond bigint is not: Django turns its lookup into no query at all
    (EmptyResultSet), not the SQL a mark compiles to."""
    if isinstance(value, bool | dt.datetime):
        return False
    return value in _BIGINT if isinstance(value, int) else isinstance(value, (str, dt.date, uuid.UUID))


def _no_keywords(expression) -> bool:
    """Built without output_field, template or another keyword (Django keeps the arguments an expression
    was made with): its class and positional arguments make it again."""
    return not any(value is not None for value in expression._constructor_args[1].values())


def q_shape(q: Q, special: dict | None = None) -> tuple[tuple, list] | None:
    """`q`'s structure (hashable, a PreparedShapes key) and its values in order, or None when a value is not
    one a mark can stand for (a queryset, an expression as a lookup's value). A list's length is part of the
    shape, None and booleans are (they change the SQL, IS NULL); `special` maps a class to (its parameter,
    the object for a mark): a value of that class passes as one parameter. A condition that is an expression
    (the employee search's `ContainsCharsOf(F("name"), Value(...))`) is a shape too when it is built from
    F(), Value() and functions of them with no keyword arguments: its class is in the shape, its values
    are marks."""
    values: list = []
    special = special or {}

    def walk(node):
        if isinstance(node, Q):
            children = []
            for child in node.children:
                shape = walk(child)
                if shape is None:
                    return None
                children.append(shape)
            return ("q", node.connector, node.negated, tuple(children))
        if type(node) is F:
            return ("F", node.name)
        if type(node) is Value and _scalar(node.value) and _no_keywords(node):
            values.append(node.value)
            return ("Value", type(node.value))
        if isinstance(node, Func) and _no_keywords(node) and len(node._constructor_args[0]) == len(
                node.get_source_expressions()):  # each argument an expression (not Cast's output field)
            sources = []
            for source in node.get_source_expressions():
                shape = walk(source)
                if shape is None:
                    return None
                sources.append(shape)
            return ("Func", type(node), tuple(sources))
        if not isinstance(node, tuple) or len(node) != 2:
            return None
        lookup, value = node
        if value is None or isinstance(value, bool):
            return ("=", lookup, value)
        if type(value) in special:
            values.append(special[type(value)][0](value))
            return ("s", lookup, type(value))
        # A value's type is part of the shape: the compiled SQL's marks and adapters are the first call's
        # (an int and a str for one lookup would otherwise share them).
        if _scalar(value):
            values.append(value)
            return ("v", lookup, type(value))
        if isinstance(value, (list, tuple)) and value and all(_scalar(v) for v in value):
            values.extend(value)
            return ("l", lookup, len(value), tuple(sorted({type(v).__qualname__ for v in value})))
        return None

    shape = walk(q)
    return None if shape is None else (shape, values)


def q_from_shape(shape: tuple, marks, special: dict | None = None) -> Q:
    """The Q of `shape` (q_shape) with `marks` (an iterator) in its values' places."""
    special = special or {}

    def build(node):
        kind = node[0]
        if kind == "q":
            return Q(*(build(child) for child in node[3]), _connector=node[1], _negated=node[2])
        if kind == "F":
            return F(node[1])
        if kind == "Value":
            return Value(next(marks))
        if kind == "Func":
            return node[1](*(build(source) for source in node[2]))
        if kind == "=":
            return (node[1], node[2])
        if kind == "s":
            return (node[1], special[node[2]][1](next(marks)))
        if kind == "v":
            return (node[1], next(marks))
        return (node[1], [next(marks) for _ in range(node[2])])

    q = build(shape)
    return q if isinstance(q, Q) else Q(q)
