"""The local practice a case is computed under (law/practices.py): the company city's by default, passed
from the records into every engine call; a case may choose another, or the national rules, with a reason
that goes to the ledger and is shown with the result."""

from __future__ import annotations

import json

import pytest

from farewell.cases import engine_calls, services
from farewell.cases.forms import CaseFactsForm
from farewell.cases.models import CaseType
from farewell.law import Options
from farewell.law.options import DAYS_365
from farewell.law.records import replace
from farewell.ledger.models import LedgerEntry

UPDATE = "/cases/{}/update/"


def _open(world, soon, **kwargs):
    return services.open_case(world.lisi, CaseType.MUTUAL_EMPLOYER, actor=world.users["hrbp_sales"],
                              separation_date=soon, **kwargs)


def test_the_company_citys_practice_goes_into_the_engine_input(staffed, soon):
    # The test company is in 上海: the engine is called under the Shanghai practice and names it.
    case = _open(staffed, soon)
    run = services.latest_run(case)
    assert run.input[engine_calls.OPTIONS_KEY] == {
        "practice": "shanghai", "chosen_by": "city", "city_default": "shanghai", "reason": ""}
    assert run.output["practice"]["code"] == "shanghai"
    assert run.output["practice_choice"]["chosen_by"] == "city"


def test_a_city_without_a_practice_keeps_the_national_rules(staffed, soon):
    staffed.company.city = "成都"
    staffed.company.save(update_fields=["city"])
    case = _open(staffed, soon)
    run = services.latest_run(case)
    assert run.input[engine_calls.OPTIONS_KEY]["practice"] is None
    assert "practice" not in run.output


def test_options_follow_the_choice_the_input_carries():
    assert engine_calls.options_for({engine_calls.OPTIONS_KEY: {"practice": "beijing"}}).practice == "beijing"
    assert engine_calls.options_for({engine_calls.OPTIONS_KEY: {"practice": None}}) == Options()
    assert engine_calls.options_for({engine_calls.OPTIONS_KEY: {"practice": "atlantis"}}) == Options()
    assert engine_calls.options_for({}) is None and engine_calls.options_for([1]) is None


def test_the_practices_settings_reach_the_engine(db, monkeypatch):
    # A practice that sets a point (here the leap-year divisor) changes the amount the case is given:
    # 2024-01-01..03-13 = 73 days, 15 days a year; 73/365 × 15 = 3 days, 73/366 × 15 = 2 days.
    from farewell.law import practices

    monkeypatch.setitem(practices.PRACTICES, "beijing",
                        replace(practices.PRACTICES["beijing"], settings={"leave_year_days": "actual"}))
    data = {"ground": "mutual_employer_initiated", "hire_date": "2000-01-01", "separation_date": "2024-03-13",
            "monthly_wages": [21750], "annual_leave": {"cumulative_work_years": 20, "days_taken_this_year": 0}}
    assert Options().leave_year_days == DAYS_365
    national = engine_calls.compute_json(data)
    beijing = engine_calls.compute_json({**data, engine_calls.OPTIONS_KEY: engine_calls.practice_choice("北京")})
    assert national["annual_leave_pay"] == 6000 and beijing["annual_leave_pay"] == 4000


def test_hr_overrides_the_practice_with_a_reason_recorded_and_shown(client, staffed, soon):
    hr = staffed.users["hrbp_sales"]
    case = _open(staffed, soon)
    client.force_login(hr)
    response = client.post(UPDATE.format(case.code), {
        "ground": case.ground, "separation_date": soon.isoformat(), "practice": "national",
        "practice_reason": "劳动合同约定的履行地在外省"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.facts[engine_calls.OVERRIDE_KEY] == {"practice": "national", "reason": "劳动合同约定的履行地在外省"}
    run = services.latest_run(case)
    assert run.input[engine_calls.OPTIONS_KEY] == {
        "practice": None, "chosen_by": "case", "city_default": "shanghai", "reason": "劳动合同约定的履行地在外省"}
    assert "practice" not in run.output
    entry = LedgerEntry.objects.filter(event="case.updated", object_id=str(case.code)).latest("seq")
    assert json.loads(entry.payload)["changes"][engine_calls.OVERRIDE_KEY]["reason"] == "劳动合同约定的履行地在外省"
    page = client.get(f"/cases/{case.code}/").content.decode()
    assert 'data-practice="national"' in page and "劳动合同约定的履行地在外省" in page
    assert 'id="practice-override"' in page


def test_the_same_choice_sent_again_is_not_recorded_again(staffed, soon):
    hr = staffed.users["hrbp_sales"]
    case = _open(staffed, soon)
    choice = {"practice": "beijing", "reason": "员工常驻北京分公司"}
    services.update_case(case, actor=hr, practice_override=choice)
    services.update_case(case, actor=hr, practice_override=choice, reason="补充事实")
    changes = [json.loads(e.payload)["changes"] for e in LedgerEntry.objects.filter(event="case.updated", object_id=str(case.code))]
    assert [engine_calls.OVERRIDE_KEY in c for c in changes] == [True, False]
    assert services.latest_run(case).output["practice"]["code"] == "beijing"


def test_an_override_without_a_reason_is_refused(client, staffed, soon):
    hr = staffed.users["hrbp_sales"]
    case = _open(staffed, soon)
    with pytest.raises(services.CaseError):
        services.update_case(case, actor=hr, practice_override={"practice": "beijing", "reason": "  "})
    with pytest.raises(services.CaseError):
        services.update_case(case, actor=hr, practice_override={"practice": "atlantis", "reason": "x"})
    client.force_login(hr)
    response = client.post(UPDATE.format(case.code), {
        "ground": case.ground, "separation_date": soon.isoformat(), "practice": "beijing"})
    assert response.status_code == 400
    assert "改选地方裁判口径须填写理由" in response.content.decode()
    case.refresh_from_db()
    assert engine_calls.OVERRIDE_KEY not in case.facts


def test_clearing_the_override_returns_to_the_citys_default(staffed, soon):
    hr = staffed.users["hrbp_sales"]
    case = _open(staffed, soon, facts={})
    services.update_case(case, actor=hr, practice_override={"practice": "national", "reason": "外省履行"})
    services.update_case(case, actor=hr, practice_override=None)
    case.refresh_from_db()
    assert engine_calls.OVERRIDE_KEY not in case.facts
    assert services.latest_run(case).input[engine_calls.OPTIONS_KEY]["chosen_by"] == "city"


def test_the_form_offers_the_citys_default_first(staffed, soon):
    case = _open(staffed, soon)
    form = CaseFactsForm(initial=CaseFactsForm.initial_for(case), case=case)
    choices = form.fields["practice"].choices
    assert choices[0][0] == "" and "上海市裁判口径" in str(choices[0][1])
    assert [c for c, _ in choices[1:]] == ["national", "beijing", "shanghai", "guangdong", "jiangsu", "zhejiang"]
