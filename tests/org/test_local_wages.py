"""设置 · 当地工资标准: HR admins extend the engine's local wage table."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from farewell.ledger.models import LedgerEntry
from farewell.org import wages
from farewell.org.models import LocalWageFigure

URL = "/settings/wages/"


def test_the_shipped_table_is_used_when_nothing_is_added(db):
    # Shanghai's minimum wage from 2023-07-01 (2,690, the bureau's announcement) and its 2023 全口径 average
    # (12,307 a month, read in the bureau's announcement: issue 15), the prior-year one of a 2024 separation.
    figures = wages.figures_for("上海", dt.date(2024, 11, 30))
    assert figures.local_min_wage.amount == Decimal("2690")
    assert (figures.local_avg_monthly_wage.year, figures.local_avg_monthly_wage.amount) == (2023, Decimal("12307"))
    assert wages.wage_inputs_for("上海", dt.date(2024, 11, 30)) == {"local_min_wage": Decimal("2690"),
                                                                   "local_avg_monthly_wage": Decimal("12307")}
    # 成都: no figure shipped (docs/law/local_figures.md), so none is filled in
    assert wages.wage_inputs_for("成都", dt.date(2024, 11, 30)) == {}


def test_an_added_figure_wins_for_the_same_year(db):
    LocalWageFigure.objects.create(city="上海市", kind="average", year=2023, amount=Decimal("12500"), source="更正")
    assert wages.wage_inputs_for("上海", dt.date(2024, 11, 30))["local_avg_monthly_wage"] == Decimal("12500")


def test_a_new_city_can_be_added(db):
    # 成都: a city the shipped table has no figure for (docs/law/local_figures.md); a test figure, not 成都's
    LocalWageFigure.objects.create(city="成都", kind="minimum", effective_from=dt.date(2025, 7, 1),
                                   amount=Decimal("2490"), source="四川省人社厅")
    assert wages.wage_inputs_for("成都市", dt.date(2025, 8, 1)) == {"local_min_wage": Decimal("2490")}
    assert wages.wage_inputs_for("成都", dt.date(2025, 6, 30)) == {}


def test_hr_admin_adds_a_figure_and_it_is_recorded(client, world):
    client.force_login(world.users["hr_admin"])
    response = client.post(URL, {"city": "苏州", "kind": "average", "year": "2024", "amount": "10300",
                                 "source": "苏州市统计局 2024年度城镇非私营单位平均工资"})
    assert response.status_code == 302
    figure = LocalWageFigure.objects.get(city="苏州")
    assert figure.year == 2024 and figure.effective_from is None
    assert LedgerEntry.objects.filter(object_type="org.localwagefigure", event="local_wage_added").exists()


def test_the_page_shows_what_each_company_uses(client, world):
    client.force_login(world.users["hr_admin"])
    page = client.get(URL).content.decode()
    assert world.company.name in page and "上海" in page


def test_the_page_lists_the_shipped_figures_read_only_with_source_and_date(client, world):
    client.force_login(world.users["hr_admin"])
    page = client.get(URL).content.decode()
    assert 'id="shipped-figures"' in page
    rows = wages.shipped_rows()
    assert len(rows) >= 20  # every shipped figure (15 cities at the time of writing)
    for row in rows:
        key = f'{row["city"]}-{row["kind"]}-{row["year"] or ""}{row["effective_from"] or ""}'
        assert f'data-shipped="{key}"' in page
    # Shanghai's 2023 average: its amount, the bureau's notice and the day of its text
    shanghai = next(r for r in rows if r["city"] == "上海" and r["year"] == 2023)
    assert shanghai["amount"] == Decimal("12307") and shanghai["published"] == "2024-07-31"
    assert "12,307.00" in page and shanghai["source"] in page and "2024-07-31" in page
    assert "/settings/wages/" not in page.split('id="shipped-figures"')[1]  # no edit link: read-only


def test_an_average_is_labelled_with_its_own_year_not_as_last_years(client, world):
    client.force_login(world.users["hr_admin"])
    page = client.get(URL).content.decode()
    assert "上年度职工月平均工资" not in page.split('id="in-use"')[1]  # neither the panel, the form nor the tables
    assert "职工月平均工资" in page and "2023年度" in page


def test_an_average_without_a_year_names_the_field(client, world):
    client.force_login(world.users["hr_admin"])
    response = client.post(URL, {"city": "苏州", "kind": "average", "amount": "10300", "source": "x"})
    assert response.status_code == 200
    assert "year" in response.context["form"].errors
    assert not LocalWageFigure.objects.filter(city="苏州").exists()


def test_a_minimum_without_a_date_names_the_field(client, world):
    client.force_login(world.users["hr_admin"])
    response = client.post(URL, {"city": "苏州", "kind": "minimum", "amount": "2490", "source": "x"})
    assert "effective_from" in response.context["form"].errors


@pytest.mark.parametrize(("figure", "field", "words"), [
    ({"kind": "average", "year": "1900"}, "year", "1950"),
    ({"kind": "average", "year": "2099"}, "year", "1950"),
    ({"kind": "minimum", "effective_from": "1949-12-31"}, "effective_from", "早于 1950 年 1 月 1 日"),
])
def test_a_year_or_date_typed_wrong_names_the_field(client, world, figure, field, words):
    # a 1900 or 2099 average and a 1949 minimum wage are typos: the engine would take the figure as the
    # latest one of the city (an average of a year not yet over has not been published)
    client.force_login(world.users["hr_admin"])
    response = client.post(URL, {"city": "苏州", "amount": "2490", "source": "x", **figure})
    errors = response.context["form"].errors
    assert list(errors) == [field] and words in errors[field][0], errors
    assert not LocalWageFigure.objects.filter(city="苏州").exists()


def test_this_years_average_and_a_future_minimum_wage_are_taken(client, world):
    # a minimum wage is announced before it applies; the year bound is the current year
    client.force_login(world.users["hr_admin"])
    year = dt.date.today().year
    assert client.post(URL, {"city": "苏州", "kind": "average", "year": str(year), "amount": "10300",
                             "source": "x"}).status_code == 302
    assert client.post(URL, {"city": "苏州", "kind": "minimum", "effective_from": f"{year + 1}-01-01",
                             "amount": "2690", "source": "x"}).status_code == 302


@pytest.mark.parametrize("persona", ["hrbp_sales", "legal", "manager", "approver", "employee", "auditor", "outsider"])
def test_only_hr_admins_may_use_it(client, world, persona):
    client.force_login(world.users[persona])
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"city": "苏州"}).status_code == 403


def test_the_settings_page_lists_what_hr_admin_configures(client, world):
    client.force_login(world.users["hr_admin"])
    page = client.get("/settings/").content.decode()
    for title in ("审批流程", "补偿政策", "当地工资标准", "预警规则"):
        assert title in page
    assert "/settings/wages/" in page


@pytest.mark.parametrize("persona", ["hrbp_sales", "manager", "employee", "auditor", "outsider"])
def test_the_settings_page_is_refused_to_others(client, world, persona):
    client.force_login(world.users[persona])
    assert client.get("/settings/").status_code == 403
