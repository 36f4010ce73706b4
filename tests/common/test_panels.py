"""Panels that read: their queries run together, each gets its own rows (common/panels.py)."""

from __future__ import annotations

import pytest

from farewell.common import panels
from farewell.common.panels import Panel, Reads, prepare_panels, render_panels
from farewell.common.prepared import Prepared
from farewell.org.models import Employee

NAME = Prepared(lambda pk: Employee.objects.filter(pk=pk).values_list("name", flat=True))
NUMBER = Prepared(lambda pk: Employee.objects.filter(pk=pk).values_list("employee_number", flat=True))


@pytest.fixture()
def registry(monkeypatch):
    monkeypatch.setattr(panels, "_registry", {})
    built = []
    panels.register("page", 10, lambda request, e: Reads(((NAME, (e.pk,)), (NUMBER, (e.pk,))), lambda rows: (
        built.append("both"), Panel("both", "t.html", {"rows": rows}))[1]))
    panels.register("page", 20, lambda request, e: None)
    panels.register("page", 30, lambda request, e: Panel("plain", "t.html"))
    panels.register("page", 40, lambda request, e: Reads((), lambda rows: (built.append("later"), Panel(
        "later", "t.html", {"rows": rows}))[1]))
    panels.register("page", 50, lambda request, e: Reads(((NAME, (e.pk,)),), lambda rows: None))
    panels.register("page", 60, lambda request, e: Reads(((NUMBER, (e.pk,)),), lambda rows: Panel(
        "number", "t.html", {"rows": rows})))
    return built


def test_each_panel_gets_the_rows_of_its_own_queries(world, registry):
    prepared = prepare_panels("page", None, world.lisi)
    assert prepared.calls == [(NAME, (world.lisi.pk,)), (NUMBER, (world.lisi.pk,)), (NAME, (world.lisi.pk,)),
                              (NUMBER, (world.lisi.pk,))]
    assert registry == []  # nothing is built before the rows are there
    shown = prepared.build([["a"], ["1"], ["b"], ["2"]])
    assert [(p.title, p.context.get("rows")) for p in shown] == [
        ("both", [["a"], ["1"]]), ("plain", None), ("later", []), ("number", [["2"]])]
    assert registry == ["both", "later"]
    with pytest.raises(ValueError):
        prepare_panels("page", None, world.lisi).build([["a"]])


def test_render_panels_reads_them_together(world, registry, django_assert_num_queries):
    from django.db import connection

    with django_assert_num_queries(1 if connection.vendor == "postgresql" else 4):
        shown = render_panels("page", None, world.lisi)
    number = world.lisi.employee_number
    assert [p.context.get("rows") for p in shown] == [[[world.lisi.name], [number]], None, [], [[number]]]


def test_a_page_without_reads_runs_no_query(world, monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(panels, "_registry", {})
    panels.register("page", 10, lambda request, e: Panel("plain", "t.html"))
    with django_assert_num_queries(0):
        assert [p.title for p in render_panels("page", None, world.lisi)] == ["plain"]
