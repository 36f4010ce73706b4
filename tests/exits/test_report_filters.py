"""A unit the user cannot filter by (not a number, outside their scope, or gone) on the turnover report and on
the employee list: the page shows, unfiltered, with the filter field saying what is wrong, status 200 (new-user
check: the report answered 400 with no report)."""

from __future__ import annotations

import pytest
from django.utils import translation

from tests.exits.conftest import leave

pytestmark = pytest.mark.django_db

REPORT = "/exits/report/"
EMPLOYEES = "/employees/"
QUARTER = {"granularity": "quarter", "year": "2026", "index": "1", "dimension": "unit"}


@pytest.fixture
def left(world):
    import datetime as dt

    leave(world.zhaoliu, dt.date(2026, 2, 1), actor=world.users["hr_admin"])
    return world


def _bad_unit(world, which: str, *, by_code: bool) -> str:
    if which == "not a number":
        return "abc"
    if which == "outside the scope":
        return str(world.rnd.code) if by_code else str(world.rnd.pk)
    return "U999999" if by_code else "999999"  # no such unit


@pytest.mark.parametrize("language, words", [("zh-hans", "请选择您权限范围内的部门"),
                                             ("en", "Please choose a unit within your scope")])
@pytest.mark.parametrize("which", ["not a number", "outside the scope", "gone"])
def test_the_report_shows_with_the_unit_field_saying_what_is_wrong(client, left, which, language, words):
    client.force_login(left.users["hrbp_sales"])
    unit = _bad_unit(left, which, by_code=True)
    client.cookies["django_language"] = language
    response = client.get(REPORT, {**QUARTER, "unit": unit})
    assert response.status_code == 200
    with translation.override(language):
        assert response.context["form"].errors["unit"] == [words]
    page = response.content.decode()
    assert f'<div class="text-danger small">{words}</div>' in page
    # the report is the user's whole scope, as with no unit chosen, and its exports leave the bad unit out
    whole = client.get(REPORT, QUARTER).context["report"]
    assert response.context["report"].total.leavers == whole.total.leavers == 1
    assert response.context["export_query"] == "granularity=quarter&year=2026&index=1&dimension=unit"
    assert client.get("/exits/report/export/", {**QUARTER, "unit": unit}).status_code == 200


def test_a_bad_year_falls_back_to_this_year_and_says_so(client, left):
    client.force_login(left.users["hr_admin"])
    response = client.get(REPORT, {**QUARTER, "year": "abc"})
    assert response.status_code == 200 and "year" in response.context["form"].errors
    assert response.context["report"] is not None


@pytest.mark.parametrize("language, words", [("zh-hans", "部门：请选择您权限范围内的部门"),
                                             ("en", "Department: Please choose a unit within your scope")])
@pytest.mark.parametrize("which", ["not a number", "outside the scope", "gone"])
def test_the_employee_list_says_what_is_wrong_with_the_unit(client, left, which, language, words):
    client.force_login(left.users["hrbp_sales"])
    client.cookies["django_language"] = language
    response = client.get(EMPLOYEES, {"org_unit": _bad_unit(left, which, by_code=False)})
    assert response.status_code == 200
    # the list lists nothing by a filter it refuses (test_employee_list::test_hrbp_cannot_reach_outside_people_by_filter)
    assert list(response.context["page_obj"].object_list) == []
    assert words in response.content.decode()
