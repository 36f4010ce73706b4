"""Issue 14: the case list and the employee list print their rows and filter widgets from Python
(common/rows.py, common/widgets.py), not through the template engine's autoescaping. Every value that
comes from the database or the query string is still escaped: a hostile value in each column, option
and input comes back as text, never as markup."""

from __future__ import annotations

import html

import pytest

from farewell.cases import services
from farewell.cases.models import CaseType, SeparationCase
from farewell.org.models import Employee, OrgUnit
from tests.cases.conftest import staffed  # noqa: F401
from tests.factories import make_position


def hostile(column: str, length: int = 50) -> str:
    """Markup, both quotes and an ampersand, tagged with the column it was put in."""
    return f"<b>\"'&{column}"[:length]


def escaped(value: str) -> str:
    return html.escape(value)  # what Django's autoescaping prints (django.utils.html.escape)


@pytest.fixture
def hostile_world(staffed):  # noqa: F811
    world = staffed
    case = services.open_case(world.lisi, CaseType.MUTUAL_EMPLOYER, actor=world.users["hr_admin"],
                              separation_date=world.lisi.hire_date.replace(year=world.lisi.hire_date.year + 5))
    position = make_position(world.company, hostile("position"))
    OrgUnit.objects.filter(pk=world.sales.pk).update(name=hostile("unit"))
    # Values outside the choices are printed as stored (the label falls back to the value).
    Employee.objects.filter(pk=world.lisi.pk).update(
        name=hostile("name"), employee_number=hostile("number"), position=position,
        employment_type=hostile("type", 20), status=hostile("st", 12))
    SeparationCase.objects.filter(pk=case.pk).update(case_type=hostile("ctype", 20), status=hostile("cstatus", 16))
    return world, case, position


def _page(client, world, url, **params) -> str:
    client.force_login(world.users["hr_admin"])
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def _assert_no_markup(page: str) -> None:
    assert "<b>" not in page and "&lt;b&gt;" in page


def test_the_employee_list_escapes_every_column(client, hostile_world):
    world, _case, _position = hostile_world
    page = _page(client, world, "/employees/")
    _assert_no_markup(page)
    url = f"/employees/{world.lisi.code}/"
    assert f'<a href="{url}">{escaped(hostile("number"))}</a>' in page
    assert f'<a href="{url}">{escaped(hostile("name"))}</a>' in page
    assert f"<td>{escaped(hostile('unit'))}</td>" in page
    assert f'<td class="d-none d-md-table-cell">{escaped(hostile("position"))}</td>' in page
    assert f'<td class="d-none d-lg-table-cell">{escaped(hostile("type", 20))}</td>' in page
    status = escaped(hostile("st", 12))
    assert f'<span class="badge status-{status}">{status}</span>' in page


def test_the_employee_filters_escape_their_options_and_the_values_typed(client, hostile_world):
    world, _case, position = hostile_world
    typed = '"><script>alert(1)</script>'
    page = _page(client, world, "/employees/", q=typed, hired_from=typed, org_unit=world.sales.pk,
                 position=position.pk)
    assert "<script>alert(1)" not in page
    assert f'value="{escaped(typed)}"' in page  # the search box and the date echo what was typed, as text
    assert f'<option value="{position.pk}" selected>{escaped(hostile("position"))}</option>' in page
    assert f'id="id_org_unit_search" value="{escaped(hostile("unit"))}"' in page  # the unit picker's name


def test_the_case_list_escapes_every_column(client, hostile_world):
    world, case, _position = hostile_world
    page = _page(client, world, "/cases/")
    _assert_no_markup(page)
    assert f'<tr data-case="{case.code}">' in page
    assert f'<a href="/cases/{case.code}/">{escaped(hostile("name"))}</a>' in page
    assert f"<td>{escaped(hostile('unit'))}</td>" in page
    assert f"<td>{escaped(hostile('ctype', 20))}</td>" in page
    assert f"<td>{escaped(hostile('cstatus', 16))}</td>" in page


def test_the_case_filters_escape_the_unit_picked(client, hostile_world):
    world, _case, _position = hostile_world
    page = _page(client, world, "/cases/", org_unit=world.sales.pk, status='"><b>')
    _assert_no_markup(page)
    assert f'id="id_org_unit_search" value="{escaped(hostile("unit"))}"' in page


@pytest.mark.parametrize("value", ["E0012345", "张三", "", "a&b", "<b>", "x>y", 'say "hi"', "it's", "&amp;",
                                   "&<>\"'", 42, None, 1.5])
def test_a_cell_is_escaped_as_html_escape_escapes_it(value):
    """common/widgets.text looks for the characters to escape before escaping (issue 14): the same text as
    html.escape for every value, with or without them; safe HTML as it is."""
    from django.utils.safestring import SafeString

    from farewell.common.widgets import text

    assert text(value) == html.escape(str(value))
    assert text(SafeString("<b>&</b>")) == "<b>&</b>"
