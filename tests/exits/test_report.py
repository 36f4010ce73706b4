"""The turnover report on a crafted company, checked by hand; suppression below 5; a fixed number of
queries; the XLSX export; who may read it.

2026 Q1 (1 January – 31 March):
- 销售部: 20 people on 1 January (王经理, 李四, 赵六 and 17 more; an 18th left on 31 December); one hired
  1 February. Leavers: 2
  voluntary regrettable, 2 involuntary, and the new hire (voluntary, first year) → 5 leavers, 16 on
  31 March, average 18, rate 5/18 = 27.8%.
- 研发部: 10 on 1 January (陈七 and 9), one voluntary leaver → 9, average 9.5, rate 10.5%.
- 法务部: 3, one involuntary leaver → 2, average 2.5 → suppressed (fewer than 5).
- Company: 33 → 27, average 30, 7 leavers, 23.3%; voluntary 4, involuntary 3, regrettable 2, first year 1.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from farewell.exits import report, services
from farewell.exits.models import ExitReason, Kind
from tests.exits.conftest import leave, staff
from tests.factories import make_employee, make_unit

pytestmark = pytest.mark.django_db
Q1 = report.period_for("quarter", 2026, 1)


def _state(departure, hr, code, verified=None):
    interview = services.start_interview(departure, acting_user=hr, held_at=timezone.now())
    services.update_interview(interview, acting_user=hr, fields={},
                              reasons=[{"reason": ExitReason.objects.get(code=code), "primary": True}])
    services.sign_interview(interview, acting_user=hr)
    departure.refresh_from_db()
    if verified:
        services.verify_reason(departure, acting_user=hr, reason=ExitReason.objects.get(code=verified), note="核实")


@pytest.fixture
def company(world):
    hr = world.users["hr_admin"]
    sales = staff(world.sales, 18, prefix="销售")  # one left on 31 December: 20 on 1 January
    rnd = staff(world.rnd, 9, prefix="研发")
    legal_unit = make_unit(world.company, "法务部", parent=world.root)
    legal = staff(legal_unit, 3, prefix="法务")
    newcomer = make_employee(world.sales, "新人", hire_date=dt.date(2026, 2, 1))
    departures = []
    for person, day, kind, regrettable in [
        (sales[0], dt.date(2026, 1, 15), Kind.VOLUNTARY, True), (sales[1], dt.date(2026, 2, 10), Kind.VOLUNTARY, True),
        (sales[2], dt.date(2026, 2, 20), Kind.INVOLUNTARY, False), (sales[3], dt.date(2026, 3, 5), Kind.INVOLUNTARY, None),
        (newcomer, dt.date(2026, 3, 15), Kind.VOLUNTARY, False), (rnd[0], dt.date(2026, 3, 20), Kind.VOLUNTARY, False),
        (legal[0], dt.date(2026, 1, 31), Kind.INVOLUNTARY, False),
    ]:
        departure = leave(person, day, actor=hr)
        services.classify(departure, acting_user=hr, kind=kind, regrettable=regrettable)
        departures.append(departure)
    # out of the period: a leaver on 1 April, one in December
    leave(sales[4], dt.date(2026, 4, 1), actor=hr)
    leave(sales[5], dt.date(2025, 12, 31), actor=hr)
    for departure in departures[:5]:
        _state(departure, hr, "pay_below_market", verified="pay" if departure != departures[4] else "another_offer")
    for departure in departures[5:]:
        _state(departure, hr, "family")
    world.legal_unit = legal_unit
    return world


def _rows(result):
    return {row.label: row for row in result.rows}


def test_the_numbers_by_unit(company):
    result = report.build(report.Scope(company.company.pk, None), Q1, "quarter", "unit")
    total = result.total
    assert (total.headcount_start, total.headcount_end, total.average_headcount) == (33, 27, Decimal("30.0"))
    assert (total.leavers, total.turnover_rate) == (7, Decimal("23.3"))
    assert (total.voluntary, total.involuntary, total.regrettable, total.first_year) == (4, 3, 2, 1)
    rows = _rows(result)
    sales = rows["销售部"]
    assert (sales.headcount_start, sales.headcount_end, sales.leavers, sales.turnover_rate) == (20, 16, 5, Decimal("27.8"))
    assert (sales.voluntary, sales.involuntary, sales.regrettable, sales.first_year) == (3, 2, 2, 1)
    rnd = rows["研发部"]
    assert (rnd.average_headcount, rnd.leavers, rnd.turnover_rate) == (Decimal("9.5"), 1, Decimal("10.5"))
    assert rows["法务部"].suppressed and not sales.suppressed
    assert result.hidden_groups == 1


def test_the_trend_by_month(company):
    result = report.build(report.Scope(company.company.pk, None), Q1, "quarter", "unit")
    by_month = {point.label: row for point, row in result.trend}
    assert list(by_month) == ["2026-01", "2026-02", "2026-03"]
    assert [row.leavers for row in by_month.values()] == [2, 2, 3]
    jan = by_month["2026-01"]
    assert (jan.headcount_start, jan.headcount_end) == (33, 32)  # 31 January: 法务部's leaver still employed that day
    assert by_month["2026-03"].voluntary == 2


def test_stated_and_verified_reasons_suppress_counts_under_five(company):
    result = report.build(report.Scope(company.company.pk, None), Q1, "quarter", "unit")
    reasons = {row.label: row for row in result.reasons}
    assert reasons["薪酬福利"].stated == 5
    assert reasons["薪酬福利"].verified is None  # 4 verified as pay: fewer than 5
    assert reasons["家庭原因"].stated is None  # 2
    assert reasons["另有工作机会"].verified is None  # 1


def test_the_group_chart_draws_each_rate_as_a_dot_and_the_trend_as_a_line(company):
    """New-user check: the rate per department was joined by a line, as if departments were a time series."""
    charts = {c["id"]: c["option"]["series"] for c in report.charts(
        report.build(report.Scope(company.company.pk, None), Q1, "quarter", "unit"))}
    assert [s["type"] for s in charts["chart-groups"]] == ["bar", "scatter"]
    assert charts["chart-trend"][-1]["type"] == "line"


def test_the_numbers_by_tenure_band(company):
    result = report.build(report.Scope(company.company.pk, None), Q1, "quarter", "tenure")
    bands = _rows(result)
    assert bands["5–10年"].headcount_start == 33 and bands["5–10年"].leavers == 6
    first = bands["不满1年"]
    assert (first.headcount_start, first.headcount_end, first.leavers) == (0, 0, 1) and first.suppressed


def test_the_voluntary_filter(company):
    result = report.build(report.Scope(company.company.pk, None), Q1, "quarter", "unit", kind=Kind.VOLUNTARY)
    assert result.total.leavers == 4 and result.total.involuntary == 0


def test_a_unit_scope_sees_only_its_subtree(company):
    result = report.build(report.Scope(company.company.pk, [company.sales.path]), Q1, "quarter", "unit")
    assert result.total.headcount_start == 20 and result.total.leavers == 5
    assert list(_rows(result)) == ["销售部"]


def test_the_report_page_for_leadership(client, company, django_assert_max_num_queries):
    client.force_login(company.users["approver"])
    with django_assert_max_num_queries(25):
        response = client.get("/exits/report/?granularity=quarter&year=2026&index=1&dimension=unit")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="total-rate">23.3%' in page and 'id="chart-trend"' in page and 'id="page-charts"' in page
    assert 'data-suppressed="true"' in page  # 法务部
    assert "/exits/departures/" not in page  # no individual records for leadership


def test_the_query_count_does_not_grow_with_the_company(client, company):
    client.force_login(company.users["approver"])
    url = "/exits/report/?granularity=year&year=2026&dimension=position"
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for i, person in enumerate(staff(company.sales, 30, prefix="更多")):
        if i % 3 == 0:
            leave(person, dt.date(2026, 5, 1 + i % 20), actor=company.users["hr_admin"])
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_export_has_the_same_numbers_and_suppression(client, company):
    client.force_login(company.users["hr_admin"])
    response = client.get("/exits/report/export/?granularity=quarter&year=2026&index=1&dimension=unit")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = {row[0]: row for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert rows["销售部"][4:6] == (5, 27.8)
    assert rows["法务部"][1] == "<5"
    assert rows["合计"][4] == 7
    assert rows["薪酬福利"][1:3] == (5, "<5")


@pytest.mark.parametrize(("persona", "status"), [
    ("hr_admin", 200), ("hrbp_sales", 200), ("approver", 200), ("legal", 403), ("manager", 403),
    ("employee", 403), ("auditor", 403), ("outsider", 403),
])
def test_who_reads_the_report(client, world, persona, status):
    client.force_login(world.users[persona])
    assert client.get("/exits/report/").status_code == status
    assert client.get("/exits/report/export/").status_code == status
    assert client.get("/exits/report/survey/").status_code == status


def test_the_nav_shows_the_report_to_leadership_only_where_allowed(client, world):
    client.force_login(world.users["approver"])
    assert "离职分析" in client.get("/exits/report/").content.decode()
    client.force_login(world.users["manager"])
    assert "离职分析" not in client.get("/employees/").content.decode()


def test_the_pdf_for_leadership(client, company, tmp_path):
    import subprocess

    client.force_login(company.users["approver"])
    response = client.get("/exits/report/pdf/?granularity=quarter&year=2026&index=1&dimension=unit")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "23.3%" in text and "销售部" in text and "27.8" in text


def test_a_user_of_two_companies_switches_between_them(client, company):
    from farewell.accounts.models import RoleGrant
    from tests.factories import make_company

    other = make_company(name="另一家公司")
    RoleGrant.objects.create(user=company.users["approver"], role="approver", company=other)
    client.force_login(company.users["approver"])
    page = client.get("/exits/report/?granularity=quarter&year=2026&index=1").content.decode()
    assert 'id="other-companies"' in page and f"?company={other.code}" in page
    page = client.get(f"/exits/report/?company={other.code}&granularity=quarter&year=2026&index=1").content.decode()
    assert "另一家公司" in page and 'name="company"' in page
    assert client.get("/exits/report/?company=not-a-code").status_code == 404


def test_a_period_whose_reasons_are_all_suppressed_says_so_instead_of_an_empty_chart(client, company):
    client.force_login(company.users["approver"])
    january = client.get("/exits/report/?granularity=month&year=2026&index=1&dimension=unit").content.decode()
    assert 'id="reasons-all-suppressed"' in january and 'id="chart-reasons"' not in january
    quarter = client.get("/exits/report/?granularity=quarter&year=2026&index=1&dimension=unit").content.decode()
    assert 'id="chart-reasons"' in quarter and 'id="reasons-all-suppressed"' not in quarter


def test_the_money_of_fewer_than_five_leavers_is_not_shown(client, company):
    """研发部 has 9.5 people on average (shown) but one leaver: its cost would be that person's package. Not on the
    page, the leadership PDF's table, the export or the API; 销售部's five leavers' cost is shown."""
    rows = _rows(report.build(report.Scope(company.company.pk, None), Q1, "quarter", "unit"))
    assert rows["研发部"].cost_suppressed and not rows["销售部"].cost_suppressed
    client.force_login(company.users["hr_admin"])
    query = "?granularity=quarter&year=2026&index=1&dimension=unit"
    page = client.get(f"/exits/report/{query}").content.decode()
    research = page.split('data-group="研发部"', 1)[1].split("</tr>", 1)[0]
    assert 'data-suppressed="cost"' in research
    sales = page.split('data-group="销售部"', 1)[1].split("</tr>", 1)[0]
    assert 'data-suppressed="cost"' not in sales
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(client.get(f"/exits/report/export/{query}").streaming_content))).active
    lines = {row[0]: row for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert lines["研发部"][10:12] == ("<5", "<5") and lines["研发部"][4] == 1
    assert lines["销售部"][10] != "<5"
    body = client.get("/api/exits/report/", {"granularity": "quarter", "year": 2026, "index": 1}).json()
    research = next(row for row in body["rows"] if row["label"] == "研发部")
    assert research["cost_suppressed"] and research["settlement"] is None and research["replacement"] is None
