"""Settings belong to a company (issue 13): the attack cut the civil-service workflow of company 2
as company 1's admin. An HR admin sees and changes only the companies they administer as a whole;
a one-company HR admin has the settings pages of their company; the metric catalogue, one for the
whole installation, stays with the admin of every company."""

from __future__ import annotations

import pytest

from farewell.accounts import services as accounts
from farewell.accounts.company_settings import settings_company_ids
from farewell.accounts.installation import is_installation_admin
from farewell.cases.models import CompensationPolicy, WorkflowTemplate
from farewell.cases.workflow import current_template, templates_for
from farewell.exits.models import ExitReason, SurveyQuestion
from farewell.insights.models import FlagRule
from farewell.records.models import Metric
from farewell.talks.models import EscalationPhrase, PlanTemplate
from tests.accounts.test_setup import GOOD_CODE
from tests.factories import Role, make_company, make_user

CS_DISMISSAL_CUT = {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0", "form-0-kind": "hr_review",
                    "form-0-condition": "always", "form-0-due_working_days": "1"}
SETTINGS_PAGES = ["/cases/workflows/", "/cases/workflows/cs_dismissal/", "/cases/policies/", "/cases/settings/",
                  "/insights/rules/", "/talks/settings/templates/", "/talks/settings/templates/misconduct/",
                  "/talks/settings/phrases/", "/exits/settings/reasons/", "/exits/settings/questions/",
                  "/exits/settings/replacement-costs/"]
GET_ONLY = {"/cases/workflows/", "/talks/settings/templates/"}


@pytest.fixture
def bureau(world):
    other = make_company(name="某某局", jurisdiction="CN-civil-service")
    return other, make_user("bureauadmin", Role.HR_ADMIN, company=other)


def snapshot(company):
    return (
        list(WorkflowTemplate.objects.filter(company=company).values_list("pk", "version")),
        [list(t.steps.values_list("kind", "due_working_days")) for t in
         WorkflowTemplate.objects.filter(company=company).order_by("pk")],
        list(CompensationPolicy.objects.filter(company=company).values_list("case_type", "extra_cap_months")),
        list(FlagRule.objects.filter(company=company).values_list("pk", "threshold", "count")),
        list(PlanTemplate.objects.filter(company=company).values_list("pk", "title")),
        sorted(EscalationPhrase.objects.filter(company=company, active=True).values_list("phrase", flat=True)),
        list(ExitReason.objects.filter(company=company).values_list("pk", "name", "active")),
        list(SurveyQuestion.objects.filter(company=company).values_list("pk", "text", "active")),
    )


def test_every_company_has_its_own_settings(world, bureau):
    other, _admin = bureau
    for company in (world.company, other):
        assert WorkflowTemplate.objects.filter(company=company, case_type="cs_dismissal").count() == 1
        assert CompensationPolicy.objects.filter(company=company, case_type="").count() == 1
        assert FlagRule.objects.filter(company=company).count() == 8
        assert PlanTemplate.objects.filter(company=company).count() == 8
        assert EscalationPhrase.objects.filter(company=company, phrase="劳动仲裁").exists()
    assert current_template(world.company.pk, "cs_dismissal") != current_template(other.pk, "cs_dismissal")


def test_the_setup_service_gives_a_new_company_its_defaults(db):
    company, _admin = accounts.setup_company(name="新公司", credit_code=GOOD_CODE, jurisdiction="CN",
                                             city="上海", username="newadmin")
    assert WorkflowTemplate.objects.filter(company=company).count() == 13
    assert FlagRule.objects.filter(company=company).count() == 8
    assert PlanTemplate.objects.filter(company=company).count() == 8
    assert EscalationPhrase.objects.filter(company=company).count() >= 20
    assert CompensationPolicy.objects.filter(company=company).count() == 1
    assert ExitReason.objects.filter(company=company, code="pay").count() == 1
    assert SurveyQuestion.objects.filter(company=company).count() == 7


def test_company_1s_admin_cannot_change_company_2s_civil_service_workflow(client, world, bureau):
    other, _admin = bureau
    before = snapshot(other)
    client.force_login(world.users["hr_admin"])
    url = f"/cases/workflows/cs_dismissal/?company={other.code}"
    assert client.get(url).status_code == 404
    assert client.post(url, CS_DISMISSAL_CUT).status_code == 404
    assert client.post("/cases/workflows/cs_dismissal/", {**CS_DISMISSAL_CUT, "company": str(other.code)}).status_code == 404
    assert snapshot(other) == before
    # Without a company named, the admin changes their own company's workflow, never the bureau's.
    assert client.post("/cases/workflows/cs_dismissal/", CS_DISMISSAL_CUT).status_code == 302
    assert snapshot(other) == before
    assert list(current_template(world.company.pk, "cs_dismissal").steps.values_list("kind", flat=True)) == [
        "hr_review"]


def test_nor_through_the_api(client, world, bureau):
    """The same regression through every settings API route (cases/api_config.py)."""
    other, _admin = bureau
    before = snapshot(other)
    client.force_login(world.users["hr_admin"])
    steps = {"steps": [{"kind": "hr_review", "condition": "always", "due_working_days": 1}]}
    assert client.get(f"/api/workflows/?company={other.pk}").status_code == 404
    assert client.get(f"/api/workflows/cs_dismissal/?company={other.pk}").status_code == 404
    assert client.put(f"/api/workflows/cs_dismissal/?company={other.pk}", steps,
                      content_type="application/json").status_code == 404
    assert client.put(f"/api/compensation-policies/?company={other.pk}", {"case_type": "", "extra_cap_months": "9"},
                      content_type="application/json").status_code == 404
    assert client.put(f"/api/case-settings/?company={other.pk}", {"opener_may_do_hr_review": True},
                      content_type="application/json").status_code == 404
    assert snapshot(other) == before
    assert client.put("/api/workflows/cs_dismissal/", steps, content_type="application/json").status_code == 200
    assert snapshot(other) == before
    assert [w["case_type"] for w in client.get("/api/workflows/").json()].count("cs_dismissal") == 1


@pytest.mark.parametrize("url,data", [
    ("/cases/policies/", {"case_type": "", "extra_cap_months": "9", "note": "x"}),
    ("/cases/settings/", {"opener_may_do_hr_review": "on"}),
    ("/insights/rules/", {"form-TOTAL_FORMS": "0", "form-INITIAL_FORMS": "0"}),
    ("/talks/settings/templates/misconduct/", {"title": "改掉了", "opening": "x", "compliance": "x"}),
    ("/talks/settings/phrases/", {"phrases": "无害的词"}),
    ("/exits/settings/reasons/", {"code": "evil", "name": "恶意", "evidence": "none", "order": "1"}),
    ("/exits/settings/questions/", {"q-TOTAL_FORMS": "0", "q-INITIAL_FORMS": "0"}),
])
def test_no_setting_of_another_company_is_reachable(client, world, bureau, url, data):
    other, bureau_admin = bureau
    before = snapshot(other), snapshot(world.company)
    client.force_login(world.users["hr_admin"])
    assert client.get(f"{url}?company={other.code}").status_code == 404
    assert client.post(f"{url}?company={other.code}", data).status_code == 404
    client.force_login(bureau_admin)
    assert client.get(f"{url}?company={world.company.code}").status_code == 404
    assert client.post(f"{url}?company={world.company.code}", data).status_code == 404
    assert (snapshot(other), snapshot(world.company)) == before


def test_a_rule_row_of_another_company_is_refused_in_the_formset(client, world, bureau):
    other, _admin = bureau
    rule = FlagRule.objects.get(company=other, code="values_low")
    client.force_login(world.users["hr_admin"])
    response = client.post("/insights/rules/", {
        "form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-0-id": rule.pk, "form-0-enabled": "on",
        "form-0-count": "9", "form-0-threshold": "9", "form-0-dimension": "", "form-0-window_months": "12",
        "form-0-period_kind": "quarter"})
    assert response.status_code == 403  # insights.services.save_rules: a rule of another company
    rule.refresh_from_db()
    assert rule.count == 1


@pytest.mark.parametrize("url", SETTINGS_PAGES)
def test_a_one_company_hr_admin_has_the_settings_pages_of_their_company(client, world, bureau, url):
    client.force_login(world.users["hr_admin"])
    response = client.get(url)
    assert response.status_code == 200
    assert world.company.name in response.content.decode()


def test_the_admins_change_lands_in_their_company_only(client, world, bureau):
    other, bureau_admin = bureau
    before = snapshot(world.company)
    client.force_login(bureau_admin)
    assert client.post("/talks/settings/phrases/", {"phrases": "仲裁\n律师"}).status_code == 302
    assert client.post("/cases/policies/", {"case_type": "", "extra_cap_months": "3", "note": ""}).status_code == 302
    assert set(EscalationPhrase.objects.filter(company=other, active=True).values_list("phrase", flat=True)) == {
        "仲裁", "律师"}
    assert CompensationPolicy.objects.get(company=other, case_type="").extra_cap_months == 3
    assert snapshot(world.company) == before


def test_an_admin_of_two_companies_switches_between_them(client, world, bureau):
    other, _admin = bureau
    group_admin = make_user("groupadmin", Role.HR_ADMIN, company=world.company)
    group_admin.grants.create(role=Role.HR_ADMIN, company=other)
    assert settings_company_ids(group_admin, "workflow.configure") == sorted([world.company.pk, other.pk])
    assert set(templates_for(group_admin).values_list("company_id", flat=True)) == {world.company.pk, other.pk}
    assert set(templates_for(world.users["hr_admin"]).values_list("company_id", flat=True)) == {world.company.pk}
    client.force_login(group_admin)
    page = client.get(f"/talks/settings/phrases/?company={other.code}").content.decode()
    assert f"?company={world.company.code}" in page  # the switcher offers the other company
    response = client.post(f"/talks/settings/phrases/?company={other.code}", {"phrases": "律师"})
    assert response.status_code == 302 and response.url.endswith(f"?company={other.code}")
    assert list(EscalationPhrase.objects.filter(company=other, active=True).values_list("phrase", flat=True)) == [
        "律师"]
    assert EscalationPhrase.objects.filter(company=world.company, phrase="仲裁", active=True).exists()


@pytest.mark.parametrize("url", SETTINGS_PAGES)
def test_a_unit_scoped_hr_admin_does_not_change_the_companys_settings(client, world, url):
    unit_admin = make_user("unitadmin", Role.HR_ADMIN, company=world.company, unit=world.sales)
    client.force_login(unit_admin)
    assert client.get(url).status_code == 403
    if url not in GET_ONLY:
        assert client.post(url, {}).status_code == 403


@pytest.mark.parametrize("persona", ["hrbp_sales", "legal", "manager", "approver", "employee", "auditor"])
def test_only_hr_admins_configure(client, world, persona):
    client.force_login(world.users[persona])
    for url in SETTINGS_PAGES:
        assert client.get(url).status_code == 403, url


# --- the metric catalogue: one for the installation ----------------------------------------------


def test_one_companys_hr_admin_cannot_change_the_metric_catalogue(client, world, bureau):
    _other, bureau_admin = bureau
    before = Metric.objects.count()
    for user in (world.users["hr_admin"], bureau_admin):
        client.force_login(user)
        assert client.post("/records/metrics/", {"code": "evil", "name": "恶意指标"}).status_code == 403
    assert Metric.objects.count() == before


def test_a_single_company_installations_admin_is_the_installation_admin(world):
    assert is_installation_admin(world.users["hr_admin"])
    unit_admin = make_user("unitadmin", Role.HR_ADMIN, company=world.company, unit=world.sales)
    assert not is_installation_admin(unit_admin)
