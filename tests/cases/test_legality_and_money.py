"""The legality check on opening and on every change, and the money proposal with its warnings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from farewell.cases import services
from farewell.cases.models import CaseType, CompensationPolicy, Risk
from farewell.cases.workflow import CaseError
from farewell.org.models import StatusPeriod
from farewell.records.models import TrainingRecord


def _codes(case):
    run = services.latest_run(case)
    return {v["code"] for v in run.output["violations"]} | {c["code"] for c in run.checks}


class TestLegality:
    def test_it_blocks_an_incompetence_dismissal_during_pregnancy(self, staffed, soon):
        world = staffed
        StatusPeriod.objects.create(employee=world.lisi, kind="pregnancy", start_date=timezone.localdate())
        hr = world.users["hrbp_sales"]
        case = services.open_case(world.lisi, CaseType.INCOMPETENCE, actor=hr, separation_date=soon)
        assert case.lawful is False and case.risk == Risk.BLOCKED
        assert "protected_status_bars_termination" in _codes(case)
        with pytest.raises(CaseError):
            services.submit_case(case, actor=hr)

    def test_it_warns_when_there_is_no_training_evidence_and_no_union_notice(self, staffed, soon):
        world = staffed
        case = services.open_case(world.lisi, CaseType.INCOMPETENCE, actor=world.users["hrbp_sales"],
                                  separation_date=soon)
        assert case.risk == Risk.WARNING
        assert {"missing_training_evidence", "union_notification_unconfirmed"} <= _codes(case)
        run = services.latest_run(case)
        assert any("缺少培训或调岗证据" in c["message"] for c in run.checks)

    def test_training_older_than_a_year_is_not_evidence_and_recent_training_is(self, staffed, soon):
        world = staffed
        TrainingRecord.objects.create(employee=world.lisi, course="旧课", status="attended",
                                      course_date=timezone.localdate() - dt.timedelta(days=400))
        case = services.open_case(world.lisi, CaseType.INCOMPETENCE, actor=world.users["hrbp_sales"],
                                  separation_date=soon)
        assert "missing_training_evidence" in _codes(case)
        TrainingRecord.objects.create(employee=world.lisi, course="新课", status="attended",
                                      course_date=timezone.localdate() - dt.timedelta(days=30))
        services.update_case(case, actor=world.users["hrbp_sales"], union_notified=True)
        assert not {"missing_training_evidence", "union_notification_unconfirmed"} & _codes(case)

    def test_every_change_is_a_new_engine_run_with_the_engine_version(self, staffed, soon):
        world = staffed
        hr = world.users["hrbp_sales"]
        case = services.open_case(world.lisi, CaseType.MUTUAL_EMPLOYER, actor=hr, separation_date=soon)
        services.update_case(case, actor=hr, separation_date=soon + dt.timedelta(days=30))
        runs = list(case.engine_runs.order_by("created_at", "id"))
        assert len(runs) == 2
        assert runs[1].input["separation_date"] == (soon + dt.timedelta(days=30)).isoformat()
        assert runs[1].engine_version == runs[1].output["engine_version"] and runs[1].actor == hr


class TestMoney:
    def test_the_offer_is_the_statutory_amount_plus_the_extra(self, staffed, soon):
        world = staffed
        case = services.open_case(world.lisi, CaseType.MUTUAL_EMPLOYER, actor=world.users["hrbp_sales"],
                                  separation_date=soon, extra_compensation=Decimal(6000))
        output = services.latest_run(case).output
        assert case.statutory_amount == Decimal(str(output["total"])) - Decimal(6000)
        assert case.offered_amount == Decimal(str(output["total"]))
        assert case.extra_cap == Decimal("12000.00")
        assert "extra_over_cap" not in _codes(case)

    def test_an_extra_over_the_cap_warns_and_the_cap_is_configurable(self, staffed, soon):
        world = staffed
        hr = world.users["hrbp_sales"]
        case = services.open_case(world.lisi, CaseType.MUTUAL_EMPLOYER, actor=hr, separation_date=soon,
                                  extra_compensation=Decimal(20000))
        assert "extra_over_cap" in _codes(case)
        CompensationPolicy.objects.create(company=world.company, case_type=CaseType.MUTUAL_EMPLOYER,
                                          extra_cap_months=Decimal(2))
        services.update_case(case, actor=hr, reason="重新计算")
        assert case.extra_cap == Decimal("24000.00")
        assert "extra_over_cap" not in _codes(case)

    def test_a_demand_over_the_statutory_amount_is_a_dispute_risk(self, staffed, soon):
        world = staffed
        hr = world.users["hrbp_sales"]
        case = services.open_case(world.lisi, CaseType.MUTUAL_EMPLOYER, actor=hr, separation_date=soon)
        services.update_case(case, actor=hr, employee_demand=case.statutory_amount + 5000)
        check = next(c for c in services.latest_run(case).checks if c["code"] == "dispute_risk")
        assert "第四十七条" in check["message"] and "HR审核" in check["message"]
        services.update_case(case, actor=hr, employee_demand=case.statutory_amount + 50000)
        check = next(c for c in services.latest_run(case).checks if c["code"] == "dispute_risk")
        assert "法务审核和领导审批" in check["message"]

    def test_a_demand_within_the_statutory_amount_is_no_risk(self, staffed, soon):
        world = staffed
        hr = world.users["hrbp_sales"]
        case = services.open_case(world.lisi, CaseType.MUTUAL_EMPLOYER, actor=hr, separation_date=soon)
        services.update_case(case, actor=hr, employee_demand=case.statutory_amount)
        assert "dispute_risk" not in _codes(case)


def test_warning_codes_are_not_shown_only_kept_in_a_title():
    from django.template.loader import render_to_string

    from farewell.cases.presentation import present

    result = present({"lawful": True, "lines": [], "total": 0, "procedure": [], "engine_version": "t",
                      "violations": [{"code": "calendar_year_unknown", "severity": "warning",
                                      "message": "年度日历未知", "article": ""}]})
    html = render_to_string("cases/_law_result.html", {"result": result})
    assert "年度日历未知" in html
    assert "· calendar_year_unknown" not in html and "<code>calendar_year_unknown</code>" not in html
    assert 'title="calendar_year_unknown"' in html


def test_the_money_table_keeps_the_item_label_on_one_line_and_lets_the_formula_wrap():
    import re

    from django.template.loader import render_to_string

    from farewell.cases.presentation import present

    result = present({"lawful": True, "total": "24000", "procedure": [], "engine_version": "t", "violations": [],
                      "lines": [{"item": "economic_compensation", "amount": "24000",
                                 "formula": "12000 × 2 个月（工作满 1 年 6 个月，按 2 个月计）", "citation": "劳动合同法第四十七条"}]})
    html = render_to_string("cases/_law_result.html", {"result": result})
    header = re.search(r"<th[^>]*>项目</th>", html).group(0)
    assert "text-nowrap" in header and "min-width" in header
    row = html[html.index('data-item="economic_compensation"'):]
    # On one line in Chinese (app.css keeps CJK words whole); an English label may wrap at its spaces, so the
    # legal basis column keeps its minimum width beside it.
    assert re.search(r'<td class="item-label">经济补偿</td>', row)
    from django.conf import settings

    css = (settings.BASE_DIR / "static" / "farewell" / "app.css").read_text(encoding="utf-8")
    assert ".law-lines .item-label { min-width: 7em; word-break: keep-all; }" in css
    formula_cell = re.search(r'<td class="([^"]*)">12000 ×', row).group(1)
    assert "text-nowrap" not in formula_cell.split() and "text-wrap" in formula_cell.split()


def test_calendar_year_unknown_is_a_note_not_a_risk(client, staffed, city_average):
    world = staffed
    # A full 12-month window (Dec 2025 .. Nov 2026), so no missing-wage warning either.
    from farewell.org.models import WageMonth

    for month in range(12):
        first = dt.date(2025 + (11 + month) // 12, (11 + month) % 12 + 1, 1)
        WageMonth.objects.get_or_create(employee=world.lisi, month=first,
                                        defaults={"base": Decimal(12000), "total": Decimal(12000)})
    # S 2026-12-25 + 15 = 2027-01-09: no holiday data for 2027 → calendar_year_unknown
    case = services.open_case(world.lisi, "mutual_employer", actor=world.users["hrbp_sales"],
                              separation_date=dt.date(2026, 12, 25))
    run = services.latest_run(case)
    assert "calendar_year_unknown" in {v["code"] for v in run.output["violations"]}
    case.refresh_from_db()
    assert case.risk == Risk.NONE
    client.force_login(world.users["hrbp_sales"])
    page = client.get(f"/cases/{case.code}/").content.decode()
    assert 'data-note title="calendar_year_unknown"' in page
    assert 'class="border-start border-warning border-3 ps-2 mb-2" data-code="calendar_year_unknown"' not in page
    assert f"/cases/{case.code}/" in client.get("/cases/?risk=none").content.decode()
    assert f"/cases/{case.code}/" not in client.get("/cases/?risk=warning").content.decode()
