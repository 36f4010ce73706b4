"""The employee list: search, filters, pagination, scope, query count."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from farewell.common.fields import blind_index
from tests.factories import make_employee, make_position, make_unit

URL = reverse("org:employee_list")


def get_list(client, user, **params):
    client.force_login(user)
    return client.get(URL, params)


def names(response) -> set[str]:
    return {e.name for e in response.context["page_obj"].object_list}


def test_it_lists_everyone_for_hr_admin(client, world):
    response = get_list(client, world.users["hr_admin"])
    assert response.status_code == 200
    assert names(response) == {"王经理", "李四", "赵六", "陈七"}
    assert "员工档案" in response.content.decode()


def test_it_orders_by_employee_number(client, world):
    response = get_list(client, world.users["hr_admin"])
    numbers = [e.employee_number for e in response.context["page_obj"].object_list]
    assert numbers == sorted(numbers)


def test_it_links_to_the_employee_page(client, world):
    response = get_list(client, world.users["hr_admin"])
    assert reverse("org:employee_detail", args=[world.lisi.code]) in response.content.decode()


def test_it_searches_by_name(client, world):
    response = get_list(client, world.users["hr_admin"], q="李四")
    assert names(response) == {"李四"}


def test_it_searches_by_employee_number(client, world):
    response = get_list(client, world.users["hr_admin"], q=world.chenqi.employee_number)
    assert names(response) == {"陈七"}


def test_it_searches_by_id_number_through_the_blind_index(client, world):
    world.chenqi.id_number = "11010519491231002X"
    world.chenqi.id_number_index = blind_index("11010519491231002X")
    world.chenqi.save(update_fields=["id_number", "id_number_index"])
    response = get_list(client, world.users["hr_admin"], q="11010519491231002x")
    assert names(response) == {"陈七"}


def test_it_does_not_match_part_of_an_id_number(client, world):
    world.chenqi.id_number = "11010519491231002X"
    world.chenqi.id_number_index = blind_index("11010519491231002X")
    world.chenqi.save(update_fields=["id_number", "id_number_index"])
    response = get_list(client, world.users["hr_admin"], q="110105194912310021")
    assert names(response) == set()


def test_it_filters_by_org_unit_subtree(client, world):
    team = make_unit(world.company, "华东销售组", parent=world.sales)
    make_employee(team, "孙八")
    response = get_list(client, world.users["hr_admin"], org_unit=world.sales.pk)
    assert names(response) == {"王经理", "李四", "赵六", "孙八"}
    response = get_list(client, world.users["hr_admin"], org_unit=team.pk)
    assert names(response) == {"孙八"}


def test_it_filters_by_status(client, world):
    world.zhaoliu.status = "probation"
    world.zhaoliu.save(update_fields=["status"])
    response = get_list(client, world.users["hr_admin"], status="probation")
    assert names(response) == {"赵六"}


def test_it_filters_by_position(client, world):
    engineer = make_position(world.company, "工程师")
    world.chenqi.position = engineer
    world.chenqi.save(update_fields=["position"])
    response = get_list(client, world.users["hr_admin"], position=engineer.pk)
    assert names(response) == {"陈七"}


def test_it_filters_by_hire_date_range(client, world):
    world.lisi.hire_date = dt.date(2015, 6, 1)
    world.lisi.save(update_fields=["hire_date"])
    world.chenqi.hire_date = dt.date(2024, 6, 1)
    world.chenqi.save(update_fields=["hire_date"])
    response = get_list(client, world.users["hr_admin"], hired_to="2016-01-01")
    assert names(response) == {"李四"}
    response = get_list(client, world.users["hr_admin"], hired_from="2024-01-01")
    assert names(response) == {"陈七"}
    response = get_list(client, world.users["hr_admin"], hired_from="2015-01-01", hired_to="2020-12-31")
    assert names(response) == {"李四", "王经理", "赵六"}


def test_it_shows_nothing_for_an_invalid_filter(client, world):
    response = get_list(client, world.users["hr_admin"], hired_from="not-a-date")
    assert response.status_code == 200
    assert names(response) == set()


def test_it_paginates_by_50(client, world):
    for i in range(55):
        make_employee(world.rnd, f"员工{i:02d}")
    response = get_list(client, world.users["hr_admin"])
    page = response.context["page_obj"]
    assert len(page.object_list) == 50
    assert page.paginator.count == 59
    assert page.paginator.num_pages == 2
    response = get_list(client, world.users["hr_admin"], page=2)
    assert len(response.context["page_obj"].object_list) == 9


def test_pagination_keeps_the_filters(client, world):
    for i in range(55):
        make_employee(world.rnd, f"员工{i:02d}")
    response = get_list(client, world.users["hr_admin"], org_unit=world.rnd.pk)
    assert f"org_unit={world.rnd.pk}&amp;page=2" in response.content.decode()


def test_hrbp_sees_only_their_units(client, world):
    response = get_list(client, world.users["hrbp_sales"])
    assert names(response) == {"王经理", "李四", "赵六"}


def test_hrbp_cannot_reach_outside_people_by_filter(client, world):
    response = get_list(client, world.users["hrbp_sales"], org_unit=world.rnd.pk)
    assert names(response) == set()  # 研发部 is not a choice: the filter is invalid
    response = get_list(client, world.users["hrbp_sales"], q="陈七")
    assert names(response) == set()


def test_filter_choices_are_limited_to_the_scope(client, world):
    other = make_unit(world.company, "其他公司部门")
    response = get_list(client, world.users["hrbp_sales"])
    units = {u.name for u in response.context["filter"].form.fields["org_unit"].queryset}
    assert units == {"销售部"}
    response = get_list(client, world.users["hr_admin"])
    units = {u.name for u in response.context["filter"].form.fields["org_unit"].queryset}
    assert units == {"总部", "销售部", "研发部", other.name}


def test_position_choices_are_limited_to_the_company(client, world):
    from tests.factories import make_company

    make_position(world.company, "销售代表")
    make_position(make_company(), "外公司岗位")
    response = get_list(client, world.users["hrbp_sales"])
    positions = {p.name for p in response.context["filter"].form.fields["position"].queryset}
    assert positions == {"销售代表"}


@pytest.mark.parametrize("companies", [1, 2, 3, 4])
def test_the_position_options_are_those_of_every_company_granted(client, world, companies):
    """The options come from SQL compiled once per number of companies (up to three), else from the
    queryset: either way the positions of the companies granted, by name, and no other company's."""
    import re

    from farewell.accounts.models import Role, RoleGrant
    from tests.factories import make_company

    granted = [world.company] + [make_company(name=f"公司{i}") for i in range(1, companies)]
    for i, company in enumerate(granted):
        make_position(company, f"岗位{9 - i}")
        if company != world.company:
            RoleGrant.objects.create(user=world.users["hr_admin"], role=Role.HR_ADMIN, company=company)
    make_position(make_company(name="外公司"), "外公司岗位")
    for _ in range(2):  # compiled, then run again
        html = get_list(client, world.users["hr_admin"]).content.decode()
        select = html[html.index('<select name="position"'):]
        options = re.findall(r'<option value="(\d*)"[^>]*>([^<]*)</option>', select[:select.index("</select>")])
        assert [name for _pk, name in options] == ["全部岗位", *sorted(f"岗位{9 - i}" for i in range(companies))]


def test_a_chosen_position_is_shown_selected_and_filters(client, world):
    engineer = make_position(world.company, "工程师")
    make_employee(world.rnd, "工程师甲", position=engineer)
    response = get_list(client, world.users["hr_admin"], position=engineer.pk)
    assert names(response) == {"工程师甲"}
    assert f'<option value="{engineer.pk}" selected>工程师</option>' in response.content.decode()


def test_manager_sees_direct_and_indirect_reports(client, world):
    response = get_list(client, world.users["manager"])
    assert names(response) == {"李四", "赵六"}


def test_employee_gets_403(client, world):
    response = get_list(client, world.users["employee"])
    assert response.status_code == 403


def test_outsider_gets_403(client, world):
    response = get_list(client, world.users["outsider"])
    assert response.status_code == 403


def test_anonymous_is_sent_to_login(client, world):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_it_rejects_post(client, world):
    client.force_login(world.users["hr_admin"])
    assert client.post(URL).status_code == 405


@pytest.mark.parametrize("extra", [5, 60])
def test_query_count_is_bounded(client, world, django_assert_max_num_queries, extra):
    engineer = make_position(world.company, "工程师")
    team = make_unit(world.company, "平台组", parent=world.rnd)
    for i in range(extra):
        make_employee(team, f"员工{i:02d}", position=engineer)
    client.force_login(world.users["hr_admin"])
    with django_assert_max_num_queries(10):
        response = client.get(URL)
    assert response.status_code == 200
    with django_assert_max_num_queries(11):
        response = client.get(URL, {"org_unit": world.rnd.pk, "position": engineer.pk, "q": "员工"})
    assert response.status_code == 200


def test_it_speaks_english(client, world):
    client.force_login(world.users["hr_admin"])
    client.post(reverse("set_language"), {"language": "en", "next": URL})
    response = client.get(URL)
    content = response.content.decode()
    assert "Employees" in content
    assert "Employee no." in content
    assert "员工档案" not in content


# --- the XLSX export -----------------------------------------------------------------------------

EXPORT_URL = reverse("org:employee_export")


def _export(client, user, **params):
    import io

    import openpyxl

    client.force_login(user)
    response = client.get(EXPORT_URL, params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    rows = list(openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    return rows[0], rows[1:]


def test_the_export_has_every_employee_for_hr_admin(client, world):
    header, rows = _export(client, world.users["hr_admin"])
    assert header[:4] == ("工号", "姓名", "部门", "岗位")
    assert {r[1] for r in rows} == {"王经理", "李四", "赵六", "陈七"}
    lisi = next(r for r in rows if r[1] == "李四")
    assert lisi[0] == world.lisi.employee_number and lisi[2] == "销售部"
    assert lisi[5].date() == world.lisi.hire_date  # a real date cell


def test_the_export_is_scoped_for_the_hrbp(client, world):
    _header, rows = _export(client, world.users["hrbp_sales"])
    assert {r[2] for r in rows} == {"销售部"}
    assert {r[1] for r in rows} == {"王经理", "李四", "赵六"}


def test_the_export_follows_the_list_filters(client, world):
    _header, rows = _export(client, world.users["hr_admin"], q="李四")
    assert [r[1] for r in rows] == ["李四"]
    _header, rows = _export(client, world.users["hr_admin"], org_unit=world.rnd.pk, page=3)
    assert [r[1] for r in rows] == ["陈七"]


def test_the_export_never_reads_sensitive_fields(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.users["hr_admin"])
    with CaptureQueriesContext(connection) as ctx:
        b"".join(client.get(EXPORT_URL).streaming_content)
    sql = " ".join(q["sql"] for q in ctx.captured_queries if "org_employee" in q["sql"])
    assert "id_number\"" not in sql.replace("id_number_index", "") and "bank_account" not in sql


@pytest.mark.parametrize("persona", ["manager", "legal", "approver", "employee", "auditor", "outsider"])
def test_the_export_is_refused_outside_hr(client, world, persona):
    client.force_login(world.users[persona])
    assert client.get(EXPORT_URL).status_code == 403


def test_the_list_offers_the_export_with_its_filters_to_hr_only(client, world):
    html = get_list(client, world.users["hr_admin"], q="李四", page=1).content.decode()
    assert f'href="{EXPORT_URL}?q=%E6%9D%8E%E5%9B%9B"' in html
    assert EXPORT_URL not in get_list(client, world.users["manager"]).content.decode()


def test_a_search_counts_up_to_its_cap_and_says_more(client, world, monkeypatch):
    """A search's count stops at SEARCH_COUNT_CAP ("超过 1,000 条"); the unfiltered list keeps its own cap."""
    from farewell.org import views

    monkeypatch.setattr(views, "SEARCH_COUNT_CAP", 2)
    for i in range(3):
        make_employee(world.sales, f"张{i}号")
    response = get_list(client, world.users["hr_admin"], q="张")
    assert response.context["page_obj"].paginator.count == 3  # cap + 1: "more than 2"
    assert "超过 2 条" in response.content.decode()
    assert len(names(response)) == 3  # the page itself is whole
    everyone = get_list(client, world.users["hr_admin"])
    assert not everyone.context["page_obj"].paginator.capped


@pytest.mark.parametrize("query", ["%", "_", "50%", "王%", "张"])
def test_a_search_matches_like_characters_as_themselves(client, world, query):
    """The search's SQL is compiled once per shape (common/prepared.py): a value's % and _ are still
    escaped on every run, not read as LIKE wildcards."""
    make_employee(world.rnd, "打折50%员工")
    make_employee(world.rnd, "张_三")
    expected = {"%": {"打折50%员工"}, "_": {"张_三"}, "50%": {"打折50%员工"}, "王%": set(), "张": {"张_三"}}[query]
    for _ in range(2):  # compiled, then run again
        assert names(get_list(client, world.users["hr_admin"], q=query)) == expected
