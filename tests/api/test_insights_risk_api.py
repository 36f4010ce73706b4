"""/api/insights/ (risk overview, model card, training as a job, the risk setting, survival,
explanation requests) and /api/settings/flag-rules/: the pages' rules over HTTP — HR only (PIPL Art.
24), small groups suppressed, another company not found, a unit-scoped HR admin refused a company
setting, errors naming the field."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from farewell.common.models import Job
from farewell.common.notifications import Notification
from farewell.insights import explanations, risk
from farewell.insights.models import ExplanationRequest, FlagRule, RiskModel, RiskScore, RiskSettings
from farewell.ledger.models import LedgerEntry
from tests.factories import Role, make_company, make_employee, make_position, make_unit, make_user
from tests.insights.riskhistory import TODAY, build
from tests.insights.test_explanations import FACTORS
from tests.insights.test_survival import people

PERSONAS = ("hr_admin", "hrbp_sales", "legal", "manager", "approver", "employee", "auditor", "outsider")
HR_ONLY = (200, 200, 403, 403, 403, 403, 403, 403)
ADMIN_ONLY = (200, 403, 403, 403, 403, 403, 403, 403)


def statuses(client, world, method, url, **kwargs):
    found = []
    for persona in PERSONAS:
        client.force_login(world.users[persona])
        found.append(getattr(client, method)(url, **kwargs).status_code)
    return tuple(found)


@pytest.fixture
def scored(world):
    model = RiskModel.objects.create(company=world.company, trained_until=dt.date(2025, 11, 1), family="logistic",
                                     features=["survey_score", "pay_vs_peers"], pipeline=b"",
                                     evaluation={"roc_auc": 0.8})
    for i, employee in enumerate([world.lisi, world.zhaoliu, world.boss,
                                  *[make_employee(world.sales, f"销售{i}") for i in range(3)]]):
        RiskScore.objects.create(model=model, employee=employee, org_unit_id=world.sales.pk,
                                 probability=0.1 + i / 20, factors=FACTORS if employee == world.lisi else [])
    RiskScore.objects.create(model=model, employee=world.chenqi, org_unit_id=world.rnd.pk, probability=0.9)
    return world


@pytest.mark.parametrize("url", ["/api/insights/risk/", "/api/insights/risk/model/", "/api/insights/survival/",
                                 "/api/insights/explanations/"])
def test_the_risk_reads_are_hr_only(client, scored, url):
    assert statuses(client, scored, "get", url) == HR_ONLY


def test_the_overview_suppresses_units_under_five(client, scored):
    client.force_login(scored.users["hr_admin"])
    body = client.get("/api/insights/risk/").json()
    assert body["model"]["family"] == "logistic" and body["min_group"] == 5 and body["can_manage"] is True
    units = {row["unit"]: row for row in body["units"]}
    assert units["销售部"]["n"] == 6 and not units["销售部"]["suppressed"]
    assert units["研发部"] == {"unit": "研发部", "unit_id": scored.rnd.pk, "suppressed": True}  # one person: no figures
    # The sales HRBP sees their own unit only.
    client.force_login(scored.users["hrbp_sales"])
    assert [row["unit"] for row in client.get("/api/insights/risk/").json()["units"]] == ["销售部"]


def test_another_company_is_not_found(client, scored):
    other = make_company(name="别家公司")
    client.force_login(scored.users["hr_admin"])
    for url in ("/api/insights/risk/", "/api/insights/risk/model/", "/api/insights/survival/",
                "/api/insights/risk/settings/", "/api/settings/flag-rules/"):
        assert client.get(url, {"company": other.pk}).status_code == 404, url
        assert client.get(url, {"company": scored.company.pk}).status_code == 200, url
    assert client.post(f"/api/insights/risk/train/?company={other.pk}").status_code == 404
    assert not Job.objects.exists()


def test_the_model_card_names_every_feature(client, scored):
    client.force_login(scored.users["hrbp_sales"])
    card = client.get("/api/insights/risk/model/").json()
    used = {f["name"] for f in card["features"] if f["used"]}
    assert used == {"survey_score", "pay_vs_peers"} and card["model"]["evaluation"] == {"roc_auc": 0.8}
    assert card["horizon_months"] == risk.HORIZON_MONTHS and card["min_exits"] == risk.MIN_EXITS


def test_training_is_a_background_job_with_progress(client, world, django_capture_on_commit_callbacks):
    build(world)
    assert statuses(client, world, "post", "/api/insights/risk/train/") == (202, 403, 403, 403, 403, 403, 403, 403)
    assert Job.objects.filter(kind=risk.JOB_KIND).count() == 1
    Job.objects.all().delete()
    client.force_login(world.users["hr_admin"])
    with django_capture_on_commit_callbacks(execute=False) as queued:
        started = client.post("/api/insights/risk/train/")
    assert started.status_code == 202
    job = started.json()
    assert job["status"] == "queued" and job["finished"] is False and job["result"] == {"company": world.company.pk}
    progress = f"/api/insights/risk/train/{job['code']}/"
    assert client.get(progress).json()["status"] == "queued"
    # The worker runs the task (here: the on-commit callback that enqueues it, with the immediate backend).
    original = risk.train
    risk.train = lambda company, **kw: original(company, today=TODAY, **kw)
    try:
        for callback in queued:
            callback()
    finally:
        risk.train = original
    done = client.get(progress).json()
    assert done["status"] == "done" and done["finished"] and done["percent"] == 100 and done["result"]["model"]
    # The sales HRBP reads the company's progress; another company's HR does not find it.
    client.force_login(world.users["hrbp_sales"])
    assert client.get(progress).status_code == 200
    client.force_login(make_user("other_hr", Role.HR_ADMIN, company=make_company(name="别家公司")))
    assert client.get(progress).status_code == 404
    assert client.get("/api/insights/risk/").json()["job"] is None  # its own company has none


def test_the_risk_setting_is_the_whole_company_admins(client, world):
    assert statuses(client, world, "get", "/api/insights/risk/settings/") == ADMIN_ONLY
    client.force_login(world.users["hr_admin"])
    assert client.get("/api/insights/risk/settings/").json() == {"company": world.company.pk,
                                                                 "managers_see_own_reports": False}
    bad = client.put("/api/insights/risk/settings/", {"managers_see_own_reports": "perhaps"},
                     content_type="application/json")
    assert bad.status_code == 400 and list(bad.json()) == ["managers_see_own_reports"]
    saved = client.put("/api/insights/risk/settings/", {"managers_see_own_reports": True},
                       content_type="application/json")
    assert saved.status_code == 200 and saved.json()["managers_see_own_reports"] is True
    assert RiskSettings.objects.get(company=world.company).managers_see_own_reports
    assert LedgerEntry.objects.filter(event="risk_settings_saved").count() == 1
    # A unit-scoped HR admin runs their subtree but does not change the company's setting (page and API).
    unit_admin = make_user("unit_admin", Role.HR_ADMIN, company=world.company, unit=world.sales)
    client.force_login(unit_admin)
    assert client.put("/api/insights/risk/settings/", {"managers_see_own_reports": False},
                      content_type="application/json").status_code == 403
    assert client.post("/insights/risk/settings/", {}).status_code == 403
    assert RiskSettings.objects.get(company=world.company).managers_see_own_reports


@pytest.fixture
def cohort(world):
    engineer = make_position(world.company, "销售工程师")
    people(world.sales, engineer, 2, hired_days_ago=1461, left_after_days=182)
    people(world.sales, engineer, 3, hired_days_ago=1461, left_after_days=548)
    people(world.sales, engineer, 5, hired_days_ago=1461)
    people(world.sales, make_position(world.company, "大客户经理"), 4, hired_days_ago=800, left_after_days=100,
           name="大客户")
    return world


def test_survival_gives_the_curve_and_the_table_with_small_cohorts_suppressed(client, cohort):
    client.force_login(cohort.users["hr_admin"])
    body = client.get("/api/insights/survival/", {"by": "position"}).json()
    # 大客户经理 (four) and the world's four people without a position: suppressed.
    assert body["suppressed"] == 2 and [c["label"] for c in body["cohorts"]] == ["销售工程师"]
    engineers = body["cohorts"][0]
    assert engineers["n"] == 10 and engineers["exits"] == 5
    at = {row["years"]: row for row in engineers["at_years"]}
    assert at[1]["survival"] == 80.0 and at[2]["survival"] == 50.0 and at[5] == {"years": 5, "at_risk": 0,
                                                                                   "survival": None}
    assert engineers["curve"][0] == [0.0, 100.0] and engineers["curve"][-1][1] == 50.0
    assert "大客户" not in str(body)
    bad = client.get("/api/insights/survival/", {"by": "shoe_size"})
    assert bad.status_code == 400 and list(bad.json()) == ["by"]


@pytest.fixture
def asked(world):
    model = RiskModel.objects.create(company=world.company, trained_until=dt.date(2025, 11, 1), family="logistic",
                                     features=["survey_score"], pipeline=b"")
    RiskScore.objects.create(model=model, employee=world.lisi, org_unit_id=world.sales.pk, probability=0.34,
                             factors=FACTORS)
    return explanations.request_explanation(world.lisi, acting_user=world.users["employee"], question="为什么？")


def test_hr_answers_an_explanation_request_once_with_errors_naming_the_field(client, world, asked):
    url = f"/api/insights/explanations/{asked.code}/"
    client.force_login(world.users["hrbp_sales"])
    listed = client.get("/api/insights/explanations/").json()
    assert [r["code"] for r in listed["results"]] == [str(asked.code)] and listed["results"][0]["status"] == "open"
    detail = client.get(url).json()
    assert detail["percent"] == 34 and detail["factors"][0]["reference"] == "7.1分"
    empty = client.post(url, {"answer": "  "}, content_type="application/json")
    assert empty.status_code == 400 and list(empty.json()) == ["answer"]
    answered = client.post(url, {"answer": "主要因素是敬业度调查得分低于部门中位数。"}, content_type="application/json")
    assert answered.status_code == 200 and answered.json()["status"] == "answered"
    assert ExplanationRequest.objects.get().assessment["probability"] == 0.34
    assert Notification.objects.filter(user=world.users["employee"]).exists()
    again = client.post(url, {"answer": "再说一次"}, content_type="application/json")
    assert again.status_code == 400 and "non_field_errors" in again.json()
    assert LedgerEntry.objects.filter(object_id=str(asked.code), event="explanation_answered").count() == 1


def test_an_explanation_request_outside_ones_scope_is_not_found(client, world, asked):
    url = f"/api/insights/explanations/{asked.code}/"
    client.force_login(make_user("hrbp_rnd", Role.HRBP, company=world.company, unit=world.rnd))
    assert client.get("/api/insights/explanations/").json()["count"] == 0
    assert client.get(url).status_code == 404
    assert client.post(url, {"answer": "x"}, content_type="application/json").status_code == 404
    client.force_login(world.users["legal"])
    assert client.post(url, {"answer": "x"}, content_type="application/json").status_code == 403
    assert ExplanationRequest.objects.get().status == "open"


def test_the_explanation_list_reads_a_fixed_number_of_queries(client, world, asked):
    client.force_login(world.users["hr_admin"])
    with CaptureQueriesContext(connection) as few:
        client.get("/api/insights/explanations/")
    for i in range(5):
        person = make_employee(world.sales, f"请求人{i}")
        ExplanationRequest.objects.create(company=world.company, employee=person, due_date=dt.date(2026, 1, 1))
    with CaptureQueriesContext(connection) as many:
        assert client.get("/api/insights/explanations/").json()["count"] == 6
    assert len(many) == len(few)


def test_flag_rules_are_changed_by_the_companys_admin(client, world):
    assert statuses(client, world, "get", "/api/settings/flag-rules/") == ADMIN_ONLY
    client.force_login(world.users["hr_admin"])
    rules = client.get("/api/settings/flag-rules/").json()
    assert rules and {r["company"] for r in rules} == {world.company.pk}
    code = rules[0]["code"]
    url = f"/api/settings/flag-rules/{code}/"
    bad = client.patch(url, {"count": 0}, content_type="application/json")
    assert bad.status_code == 400 and list(bad.json()) == ["count"]
    changed = client.patch(url, {"count": 4, "enabled": False}, content_type="application/json")
    assert changed.status_code == 200 and changed.json()["count"] == 4 and changed.json()["enabled"] is False
    rule = FlagRule.objects.get(company=world.company, code=code)
    assert rule.count == 4 and not rule.enabled
    # Another company's rules are another company's.
    other = make_company(name="别家公司")
    make_employee(make_unit(other, "总部"), "外人")
    assert client.patch(f"{url}?company={other.pk}", {"count": 2}, content_type="application/json").status_code == 404
    client.force_login(make_user("unit_admin", Role.HR_ADMIN, company=world.company, unit=world.sales))
    assert client.patch(url, {"count": 2}, content_type="application/json").status_code == 403
    assert FlagRule.objects.get(company=world.company, code=code).count == 4
