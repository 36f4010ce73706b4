"""Prepared: a queryset compiled once, run with new values, gives what the queryset gives."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from farewell.common.prepared import (
    DATE_MARK,
    INT_MARKS,
    STR_MARKS,
    Prepared,
    PreparedShapes,
    marks_for,
    q_from_shape,
    q_shape,
)
from farewell.org.models import Employee, JobChange, OrgUnit, StatusPeriod, WageMonth
from farewell.records.models import Metric, MetricValue
from tests.factories import make_employee


def _as_tuples(objects, fields):
    return [tuple(getattr(o, f) for f in fields) for o in objects]


def test_model_rows_are_the_querysets(world):
    for month, total in ((dt.date(2025, 1, 1), "100.50"), (dt.date(2025, 2, 1), "200.00")):
        WageMonth.objects.create(employee=world.lisi, month=month, base=Decimal(total), total=Decimal(total))
    WageMonth.objects.create(employee=world.boss, month=dt.date(2025, 1, 1), base=1, total=1)
    wages = Prepared(lambda pk: WageMonth.objects.filter(employee_id=pk).order_by("-month"))
    fields = ("pk", "employee_id", "month", "base", "total")
    for person in (world.lisi, world.boss, world.zhaoliu):  # the second and third run the compiled SQL
        expected = list(WageMonth.objects.filter(employee_id=person.pk).order_by("-month"))
        got = wages(person.pk)
        assert _as_tuples(got, fields) == _as_tuples(expected, fields)
        assert all(isinstance(w, WageMonth) and w._state.db == "default" and not w._state.adding for w in got)
    assert isinstance(wages(world.lisi.pk)[0].total, Decimal)


def _state(obj) -> dict:
    """An instance as Django built it: its class, attributes and state (the related-object cache aside)."""
    values = {k: v for k, v in obj.__dict__.items() if k != "_state"}
    return {"class": type(obj), "values": values, "order": list(obj.__dict__),
            "state": (obj._state.adding, obj._state.db), "deferred": obj.get_deferred_fields()}


def test_model_instances_are_what_the_queryset_builds(world, django_assert_num_queries):
    """Prepared builds instances without Model.__init__ (common/prepared._plain_model): the same attributes, in
    the same order, the same state and deferred fields, a foreign key's cache filled by select_related."""
    WageMonth.objects.create(employee=world.lisi, month=dt.date(2025, 1, 1), base=Decimal("1.50"), total=2)
    StatusPeriod.objects.create(employee=world.lisi, kind="pregnancy", notes="x", start_date=dt.date(2025, 1, 1))
    cases = [lambda pk: WageMonth.objects.filter(employee_id=pk),
             lambda pk: StatusPeriod.objects.filter(employee_id=pk).defer("notes"),
             lambda pk: Employee.objects.filter(pk=pk).select_related("org_unit").only("name", "org_unit__name"),
             lambda pk: Employee.objects.filter(pk=pk).defer("id_number", "bank_account")]
    for build in cases:
        expected = list(build(world.lisi.pk))
        got = Prepared(build)(world.lisi.pk)
        assert [_state(o) for o in got] == [_state(o) for o in expected]
    (person,) = Prepared(cases[2])(world.lisi.pk)
    with django_assert_num_queries(0):
        assert person.org_unit.name == world.lisi.org_unit.name
    with django_assert_num_queries(1):  # a deferred field loads as on Django's own instance
        assert person.employee_number == world.lisi.employee_number


def test_a_post_init_receiver_sees_every_instance(world):
    from django.db.models.signals import post_init

    WageMonth.objects.create(employee=world.lisi, month=dt.date(2025, 1, 1), base=1, total=1)
    wages = Prepared(lambda pk: WageMonth.objects.filter(employee_id=pk))
    seen = []

    def receiver(sender, instance, **kwargs):
        seen.append(instance.month)

    post_init.connect(receiver, sender=WageMonth)
    try:
        wages(world.lisi.pk)
    finally:
        post_init.disconnect(receiver, sender=WageMonth)
    assert seen == [dt.date(2025, 1, 1)]


def test_a_run_is_one_query(world):
    wages = Prepared(lambda pk: WageMonth.objects.filter(employee_id=pk))
    wages(world.lisi.pk)
    with CaptureQueriesContext(connection) as queries:
        wages(world.boss.pk)
    assert len(queries) == 1


def test_related_rows_deferred_fields_and_decrypted_fields(world):
    metric = Metric.objects.get_or_create(code="late_count", defaults={"name": "迟到次数"})[0]
    MetricValue.objects.create(employee=world.lisi, metric=metric, period_kind="month",
                               period_start=dt.date(2025, 3, 1), value=Decimal("2"))
    values = Prepared(lambda pk: MetricValue.objects.filter(employee_id=pk).select_related("metric"))
    (row,) = values(world.lisi.pk)
    with CaptureQueriesContext(connection) as queries:
        assert (row.metric.code, row.value) == ("late_count", Decimal("2"))
    assert not queries  # the metric came with the row
    StatusPeriod.objects.create(employee=world.lisi, kind="pregnancy", notes="x", start_date=dt.date(2025, 1, 1))
    periods = Prepared(lambda pk: StatusPeriod.objects.filter(employee_id=pk).defer("notes"))
    (period,) = periods(world.lisi.pk)
    assert period.kind == "pregnancy"  # decrypted by the field's converter
    assert "notes" in period.get_deferred_fields()
    boss = make_employee(world.sales, "新经理")
    JobChange.objects.create(employee=world.lisi, kind="manager", effective_date=dt.date(2025, 5, 1),
                             old_manager=world.boss, new_manager=boss)
    changes = Prepared(lambda pk: JobChange.objects.filter(employee_id=pk).select_related(
        "old_manager", "new_manager").only("kind", "old_manager__name", "new_manager__name"))
    (change,) = changes(world.lisi.pk)
    assert (change.old_manager.name, change.new_manager.name) == (world.boss.name, "新经理")


def test_values_values_list_and_several_values(world):
    WageMonth.objects.create(employee=world.lisi, month=dt.date(2025, 1, 1), base=1, total=Decimal("10.00"))
    WageMonth.objects.create(employee=world.lisi, month=dt.date(2025, 6, 1), base=1, total=Decimal("60.00"))
    before = Prepared(lambda pk, until: WageMonth.objects.filter(employee_id=pk, month__lt=until).values_list(
        "month", "total"), marks=(INT_MARKS[0], DATE_MARK))
    assert before(world.lisi.pk, dt.date(2025, 3, 1)) == [(dt.date(2025, 1, 1), Decimal("10.00"))]
    assert len(before(world.lisi.pk, dt.date(2026, 1, 1))) == 2
    flat = Prepared(lambda pk: Employee.objects.filter(pk=pk).values_list("name", flat=True))
    assert flat(world.lisi.pk) == [world.lisi.name]
    chain = Prepared(lambda pk: Employee.objects.filter(pk=pk).values("name", "manager__name"))
    assert chain(world.lisi.pk) == [{"name": world.lisi.name, "manager__name": world.lisi.manager.name}]


def test_it_refuses_what_it_cannot_replay(world):
    with pytest.raises(ValueError, match="prefetch"):
        Prepared(lambda pk: Employee.objects.filter(pk=pk).prefetch_related("contracts"))(world.lisi.pk)
    with pytest.raises(ValueError, match="parameter"):
        Prepared(lambda pk: Employee.objects.filter(company_id=world.company.pk))(world.lisi.pk)  # pk unused


def test_run_together_gives_each_querysets_rows_in_one_round_trip_on_postgresql(world):
    from farewell.common.prepared import run_together

    WageMonth.objects.create(employee=world.lisi, month=dt.date(2025, 1, 1), base=1, total=Decimal("10.50"))
    StatusPeriod.objects.create(employee=world.lisi, kind="pregnancy", start_date=dt.date(2025, 1, 1))
    wages = Prepared(lambda pk: WageMonth.objects.filter(employee_id=pk).order_by("month"))
    months = Prepared(lambda pk, until: WageMonth.objects.filter(employee_id=pk, month__lt=until).values_list(
        "month", "total"), marks=(INT_MARKS[0], DATE_MARK))
    periods = Prepared(lambda pk: StatusPeriod.objects.filter(employee_id=pk).defer("notes"))
    names = Prepared(lambda pk: Employee.objects.filter(pk=pk).values("name", "manager__name"))
    for person in (world.lisi, world.boss):
        calls = ((wages, (person.pk,)), (months, (person.pk, dt.date(2026, 1, 1))), (periods, (person.pk,)),
                 (names, (person.pk,)))
        with CaptureQueriesContext(connection) as queries:
            got = run_together(*calls)
        assert len(queries) == (1 if connection.vendor == "postgresql" else len(calls))
        expected = [prepared(*values) for prepared, values in calls]
        assert _as_tuples(got[0], ("pk", "month", "total")) == _as_tuples(expected[0], ("pk", "month", "total"))
        assert got[1] == expected[1] and got[3] == expected[3]
        assert [p.kind for p in got[2]] == [p.kind for p in expected[2]]  # decrypted
    assert got[0] == [] and got[3] == [{"name": world.boss.name, "manager__name": None}]

def test_named_rows_and_a_page_of_them(world):
    for i in range(5):
        make_employee(world.rnd, f"员工{i}")
    names = Prepared(lambda pk: Employee.objects.filter(company_id=pk).order_by("name", "pk").values_list(
        "name", "pk", named=True), paged=True)
    expected = list(Employee.objects.filter(company_id=world.company.pk).order_by("name", "pk").values_list(
        "name", "pk", named=True))
    for offset in (0, 2, 8):
        got = names(world.company.pk, limit=3, offset=offset)
        assert got == expected[offset:offset + 3] and all(row.name == e.name for row, e in zip(got, expected[offset:offset + 3], strict=True))


@pytest.mark.parametrize("value", ["50%", "_", "%", "李", "\\", "a_b"])
def test_a_text_value_in_a_like_pattern_is_escaped_as_django_escapes_it(world, value):
    for name in ("打折50%员工", "A_B", "ab", "反斜杠\\员工"):
        make_employee(world.rnd, name)
    search = Prepared(lambda text: Employee.objects.filter(name__icontains=text).values_list("name", flat=True),
                      marks=(STR_MARKS[0],))
    search("预热")  # compiled
    assert sorted(search(value)) == sorted(Employee.objects.filter(name__icontains=value).values_list("name", flat=True))


def test_a_pattern_built_by_hand_is_refused(world):
    from django.db.models import BooleanField
    from django.db.models.expressions import RawSQL

    by_hand = Prepared(lambda text: Employee.objects.annotate(hit=RawSQL(
        '"org_employee"."name" LIKE %s', ("%" + text + "%",), output_field=BooleanField())).filter(hit=True),
        marks=(STR_MARKS[0],))
    with pytest.raises(ValueError, match="cannot repeat"):
        by_hand("李")


def _units(world, n):
    return [OrgUnit.objects.create(company=world.company, parent=world.sales, name=f"组{i}", code=f"Z{i}",
                                   path=f"{world.sales.path}{i + 1:04d}.", depth=world.sales.depth + 1)
            for i in range(n)]


def test_a_paged_query_runs_every_page_with_one_sql(world):
    _units(world, 7)
    listed = OrgUnit.objects.filter(company_id=INT_MARKS[0]).order_by("path")
    pages = Prepared(lambda company: OrgUnit.objects.filter(company_id=company).order_by("path").values_list(
        "pk", "name"), paged=True)
    for offset in (0, 3, 6, 9):
        assert pages(world.company.pk, limit=3, offset=offset) == list(
            listed.model.objects.filter(company_id=world.company.pk).order_by("path").values_list(
                "pk", "name")[offset:offset + 3])
    with CaptureQueriesContext(connection) as queries:
        pages(world.company.pk, limit=2, offset=1)
    assert len(queries) == 1 and "LIMIT" in queries[0]["sql"]
    with pytest.raises(ValueError, match="sliced"):
        Prepared(lambda pk: OrgUnit.objects.filter(company_id=pk)[:5], paged=True)(world.company.pk, limit=1)


def test_values_list_with_an_annotation_among_its_fields(world):
    from django.db.models import Count
    query = Prepared(lambda pk: OrgUnit.objects.filter(company_id=pk).annotate(n=Count("employees")).order_by(
        "path").values_list("name", "n", "path"))
    assert query(world.company.pk) == list(OrgUnit.objects.filter(company_id=world.company.pk).annotate(
        n=Count("employees")).order_by("path").values_list("name", "n", "path"))


def test_a_startswith_value_is_its_like_pattern_escaped(world):
    odd = OrgUnit.objects.create(company=world.company, name="奇", code="ODD", path="0009%_\\.", depth=0)
    OrgUnit.objects.create(company=world.company, name="旁", code="NEAR", path="0009xx.", depth=0)
    under = Prepared(lambda path: OrgUnit.objects.filter(path__startswith=path).values_list("name", flat=True),
                     marks=marks_for(["path"]))
    assert under(odd.path) == ["奇"]  # % and _ match themselves, not any character
    assert sorted(under(world.sales.path)) == sorted(
        OrgUnit.objects.filter(path__startswith=world.sales.path).values_list("name", flat=True))


def test_marks_are_distinct_and_of_the_values_types():
    marks = marks_for([1, "a", dt.date(2025, 1, 1), uuid.uuid4(), 2, "b"])
    assert len(set(marks)) == 6
    assert [type(m) for m in marks] == [int, str, dt.date, uuid.UUID, int, str]
    for unsupported in (True, None, 1.5, dt.datetime(2025, 1, 1)):
        with pytest.raises(ValueError):
            marks_for([unsupported])


def test_a_q_split_into_shape_and_values_builds_the_same_sql(world):
    q = (Q(company_id__in=[world.company.pk, 7]) | Q(company_id=3, org_unit_id__in=(4, 5, 6))
         | ~Q(manager__manager=9, manager__isnull=False)) & Q(name="李四", hire_date__gte=dt.date(2020, 1, 1))
    shape, values = q_shape(q)
    assert values == [world.company.pk, 7, 3, 4, 5, 6, 9, dt.date(2020, 1, 1), "李四"]  # Q sorts its keywords
    rebuilt = q_from_shape(shape, iter(values))
    assert str(Employee.objects.filter(rebuilt).query) == str(Employee.objects.filter(q).query)
    # The same shape for other values, another for another length or another constant.
    assert q_shape(Q(company_id__in=[1, 2]))[0] == q_shape(Q(company_id__in=[5, 6]))[0]
    assert q_shape(Q(company_id__in=[1, 2]))[0] != q_shape(Q(company_id__in=[1, 2, 3]))[0]
    assert q_shape(Q(manager__isnull=True))[0] != q_shape(Q(manager__isnull=False))[0]
    # A value's type is part of the shape (the marks and adapters are compiled with the first call's types).
    assert q_shape(Q(employee_number=1))[0] != q_shape(Q(employee_number="1"))[0]
    assert q_shape(Q(employee_number__in=[1, 2]))[0] != q_shape(Q(employee_number__in=["1", "2"]))[0]
    assert q_shape(Q(pk__in=Employee.objects.values("pk"))) is None  # no mark stands for a queryset
    assert q_shape(Q(pk__in=[])) is None
    assert q_shape(Q(pk=2**63)) is None  # beyond bigint: Django sends no query at all


@pytest.mark.parametrize("vendor", ["postgresql", "sqlite"])
def test_a_search_condition_with_expressions_is_a_shape(world, vendor):
    """The employee search on PostgreSQL is an expression (ContainsCharsOf(F("name"), Value(...))): its class is
    in the shape, its value a mark; a one-character caseless search is another shape (org/search.py)."""
    from django.db.models import BooleanField, CharField, F, Func, Value
    from django.db.models.functions import Cast, Upper

    from farewell.org.search import ContainsCharsOf, name_or_number_q

    for value in ("李四", "张", "e00"):
        q = name_or_number_q(value, vendor)
        shape, values = q_shape(q)
        assert values and set(values) == {value}
        rebuilt = q_from_shape(shape, iter(values))
        assert str(Employee.objects.filter(rebuilt).query) == str(Employee.objects.filter(q).query), value
    assert q_shape(name_or_number_q("王五", vendor))[0] == q_shape(name_or_number_q("李四", vendor))[0]
    assert q_shape(name_or_number_q("张", vendor))[0] == q_shape(name_or_number_q("王", vendor))[0]
    assert q_shape(name_or_number_q("张", "postgresql"))[0] != q_shape(name_or_number_q("a", "postgresql"))[0]
    assert q_shape(name_or_number_q("张", "postgresql"))[0] != q_shape(name_or_number_q("张三", "postgresql"))[0]
    # Expressions made with keyword arguments, or with an argument that is not an expression, are not rebuilt
    # from their class and sources: no shape.
    assert q_shape(Q(ContainsCharsOf(F("name"), Value("x", output_field=CharField())))) is None
    assert q_shape(Q(Func(F("name"), function="X", output_field=BooleanField()))) is None
    assert q_shape(Q(Cast(F("name"), BooleanField()))) is None
    assert q_shape(Q(name=Upper(Value("x")))) is None  # an expression as a lookup's value


def test_prepared_shapes_compile_once_per_key(world, monkeypatch):
    compiled = []
    real = Prepared._compile
    monkeypatch.setattr(Prepared, "_compile", lambda self, using: compiled.append(1) or real(self, using))
    shapes = PreparedShapes(max_shapes=2)

    def names(*ids):
        return shapes(("names", len(ids)), lambda *marks: Employee.objects.filter(pk__in=marks).order_by(
            "pk").values_list("name", flat=True), list(ids))

    assert names(world.lisi.pk) == [world.lisi.name]
    assert names(world.boss.pk) == [world.boss.name]
    assert names(world.lisi.pk, world.boss.pk) == [e.name for e in sorted((world.lisi, world.boss), key=lambda e: e.pk)]
    assert len(compiled) == 2 and len(shapes) == 2
    names(world.lisi.pk, world.boss.pk, world.zhaoliu.pk)  # a third shape: the kept ones are let go (a bound)
    assert len(shapes) == 1
