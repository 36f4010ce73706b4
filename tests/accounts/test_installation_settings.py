"""Settings every company runs on (workflow templates, flag rules, talk templates, escalation
phrases, the metric catalogue) cannot be changed by the HR admin of just one company: the
attack cut the civil-service workflow of company 2 as company 1's admin."""

from __future__ import annotations

import pytest

from farewell.accounts.installation import is_installation_admin
from farewell.cases.models import WorkflowTemplate
from farewell.insights.models import FlagRule
from farewell.records.models import Metric
from farewell.talks.models import EscalationPhrase, PlanTemplate
from tests.factories import Role, make_company, make_user

POSTS = [
    ("/cases/workflows/cs_dismissal/", {"form-TOTAL_FORMS": "0", "form-INITIAL_FORMS": "0"}),
    ("/insights/rules/", {"form-TOTAL_FORMS": "0", "form-INITIAL_FORMS": "0"}),
    ("/talks/settings/templates/misconduct/", {"title": "改掉了"}),
    ("/talks/settings/phrases/", {"phrases": "无害的词"}),
    ("/records/metrics/", {"code": "evil", "name": "恶意指标"}),
]


@pytest.fixture
def second_company(world):
    other = make_company(name="某某局")
    return make_user("bureauadmin", Role.HR_ADMIN, company=other), other


def snapshot():
    return (
        list(WorkflowTemplate.objects.values_list("pk", "version")),
        list(FlagRule.objects.values_list("pk", "threshold", "count")),
        list(PlanTemplate.objects.values_list("pk", "title")),
        sorted(EscalationPhrase.objects.filter(active=True).values_list("phrase", flat=True)),
        Metric.objects.count(),
    )


@pytest.mark.parametrize(("url", "data"), POSTS, ids=[u for u, _d in POSTS])
def test_one_companys_hr_admin_cannot_change_what_every_company_runs_on(client, world, second_company, url, data):
    before = snapshot()
    client.force_login(world.users["hr_admin"])
    assert client.post(url, data).status_code == 403
    bureau_admin, _company = second_company
    client.force_login(bureau_admin)
    assert client.post(url, data).status_code == 403
    assert snapshot() == before


def test_the_admin_of_every_company_may(client, world, second_company):
    _bureau_admin, other = second_company
    group_admin = make_user("groupadmin", Role.HR_ADMIN, company=world.company)
    group_admin.grants.create(role=Role.HR_ADMIN, company=other)
    assert is_installation_admin(group_admin)
    client.force_login(group_admin)
    assert client.post("/talks/settings/phrases/", {"phrases": "仲裁\n律师"}).status_code == 302
    assert set(EscalationPhrase.objects.filter(active=True).values_list("phrase", flat=True)) == {"仲裁", "律师"}


def test_a_single_company_installation_keeps_its_hr_admin_in_charge(client, world):
    assert is_installation_admin(world.users["hr_admin"])
    client.force_login(world.users["hr_admin"])
    assert client.post("/talks/settings/phrases/", {"phrases": "仲裁"}).status_code == 302


def test_a_unit_scoped_hr_admin_is_not_an_installation_admin(world):
    unit_admin = make_user("unitadmin", Role.HR_ADMIN, company=world.company, unit=world.sales)
    assert not is_installation_admin(unit_admin)
