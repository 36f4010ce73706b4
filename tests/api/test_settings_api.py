"""The settings the pages edit, over the API: 节假日, 当地工资标准, 指标目录 (settings.manage; the catalogue
changed only by the installation's HR admin), 安全策略 (the security admin's), and one org unit's head
and deletion (the whole company's HR admin; another company or unit not found). Each write in the
ledger, each error naming its field."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from farewell.accounts import services as account_services
from farewell.accounts.models import SecurityPolicy
from farewell.ledger.models import LedgerEntry
from farewell.org.models import Holiday, LocalWageFigure, OrgUnit
from farewell.records.models import Metric
from tests.factories import Role, make_company, make_employee, make_unit, make_user

PERSONAS = ("hr_admin", "hrbp_sales", "legal", "manager", "approver", "employee", "auditor", "outsider")
ADMIN_ONLY = [200, 403, 403, 403, 403, 403, 403, 403]
JSON = "application/json"


def statuses(client, world, url):
    found = []
    for persona in PERSONAS:
        client.force_login(world.users[persona])
        found.append(client.get(url).status_code)
    return found


@pytest.mark.parametrize("url", ["/api/settings/holidays/", "/api/settings/local-wages/", "/api/settings/metrics/"])
def test_the_installation_settings_are_the_hr_admins(client, world, url):
    assert statuses(client, world, url) == ADMIN_ONLY


def test_hr_admin_adds_corrects_and_deletes_a_holiday(client, world):
    client.force_login(world.users["hr_admin"])
    added = client.post("/api/settings/holidays/", {"day": "2027-01-01", "kind": "holiday",
                                                    "notice": "国务院办公厅关于2027年部分节假日安排的通知"},
                        content_type=JSON)
    assert added.status_code == 201, added.json()
    pk = added.json()["id"]
    table = client.get("/api/settings/holidays/", {"year": 2027}).json()
    assert [r["day"] for r in table["results"]] == ["2027-01-01"]
    assert {"year": 2027, "known": True, "rows": 1} in table["years"]
    twice = client.post("/api/settings/holidays/", {"day": "2027-01-01", "kind": "holiday", "notice": "x"},
                        content_type=JSON)
    assert twice.status_code == 400 and list(twice.json()) == ["day"]
    bad = client.post("/api/settings/holidays/", {"day": "2027-13-01", "kind": "party", "notice": " "},
                      content_type=JSON)
    assert bad.status_code == 400 and set(bad.json()) == {"day", "kind", "notice"}
    assert client.get("/api/settings/holidays/", {"year": "soon"}).status_code == 400
    changed = client.put(f"/api/settings/holidays/{pk}/", {"kind": "workday"}, content_type=JSON)
    assert changed.status_code == 200 and changed.json()["kind"] == "workday"
    entry = LedgerEntry.objects.get(event="holiday_changed")
    assert json.loads(entry.payload)["before"]["kind"] == "holiday"
    assert client.delete(f"/api/settings/holidays/{pk}/").status_code == 204
    assert not Holiday.objects.exists() and LedgerEntry.objects.filter(event="holiday_deleted").count() == 1
    assert client.get(f"/api/settings/holidays/{pk}/").status_code == 404
    client.force_login(world.users["hrbp_sales"])
    assert client.post("/api/settings/holidays/", {"day": "2027-01-02", "kind": "holiday", "notice": "x"},
                       content_type=JSON).status_code == 403


def test_hr_admin_adds_and_corrects_a_local_wage_figure(client, world):
    client.force_login(world.users["hr_admin"])
    table = client.get("/api/settings/local-wages/").json()
    assert table["in_use"][0]["company"] == world.company.pk and table["results"]
    missing_year = client.post("/api/settings/local-wages/", {"city": "苏州", "kind": "average", "amount": "9000",
                                                               "source": "苏州市统计局"}, content_type=JSON)
    assert missing_year.status_code == 400 and list(missing_year.json()) == ["year"]
    added = client.post("/api/settings/local-wages/", {"city": "苏州", "kind": "average", "year": 2025,
                                                        "amount": "9000.50", "source": "苏州市统计局公报"},
                        content_type=JSON)
    assert added.status_code == 201 and added.json()["amount"] == "9000.50"
    assert LedgerEntry.objects.filter(event="local_wage_added").count() == 1
    figure = LocalWageFigure.objects.get(city="上海", effective_from=dt.date(2023, 7, 1))
    corrected = client.put(f"/api/settings/local-wages/{figure.pk}/", {"source": "上海市人社局通知（核对后更正）"},
                           content_type=JSON)
    assert corrected.status_code == 200, corrected.json()
    payload = json.loads(LedgerEntry.objects.get(event="local_wage_changed").payload)
    assert payload["after"]["source"] == "上海市人社局通知（核对后更正）" and payload["before"]["source"] != payload[
        "after"]["source"]
    negative = client.put(f"/api/settings/local-wages/{figure.pk}/", {"amount": "abc"}, content_type=JSON)
    assert negative.status_code == 400 and list(negative.json()) == ["amount"]


NEW = {"code": "tickets_reopened", "name": "工单重开次数", "unit": "次", "category": "quality",
       "direction": "lower", "aggregation": "sum", "min_value": "0", "max_value": "500", "description": ""}


def test_the_metric_catalogue_is_changed_by_the_installation_admin_only(client, world):
    client.force_login(world.users["hr_admin"])
    bad = client.post("/api/settings/metrics/", {**NEW, "code": "late_count", "min_value": "10", "max_value": "1"},
                      content_type=JSON)
    assert bad.status_code == 400 and {"code", "max_value"} <= set(bad.json())
    added = client.post("/api/settings/metrics/", NEW, content_type=JSON)
    assert added.status_code == 201 and added.json()["active"] is True
    assert LedgerEntry.objects.filter(event="metric_added").count() == 1
    off = client.post("/api/settings/metrics/tickets_reopened/deactivate/")
    assert off.status_code == 200 and off.json()["changed"] is True
    assert client.post("/api/settings/metrics/tickets_reopened/deactivate/").json()["changed"] is False
    assert client.post("/api/settings/metrics/nosuch/deactivate/").status_code == 404
    # A second company: its HR admin is not the installation's, so reads but changes nothing.
    other = make_company(name="别家公司")
    client.force_login(make_user("other_hr", Role.HR_ADMIN, company=other))
    assert client.get("/api/settings/metrics/").status_code == 200
    assert client.post("/api/settings/metrics/", {**NEW, "code": "x2", "name": "另一个"},
                       content_type=JSON).status_code == 403
    assert client.post("/api/settings/metrics/late_count/deactivate/").status_code == 403
    assert Metric.objects.get(code="late_count").active


@pytest.fixture
def secadmin(world):
    user, _created = account_services.operator_admin_role("secadmin", Role.SECURITY_ADMIN, world.company)
    return user


def test_the_security_policy_is_the_security_admins(client, world, secadmin):
    assert statuses(client, world, "/api/settings/security-policy/") == [403] * 8
    client.force_login(secadmin)
    current = client.get("/api/settings/security-policy/").json()
    assert set(current) == {"password_min_length", "session_hours", "login_failure_limit", "updated_at"}
    bad = client.put("/api/settings/security-policy/", {"password_min_length": 2}, content_type=JSON)
    assert bad.status_code == 400 and list(bad.json()) == ["password_min_length"]
    saved = client.put("/api/settings/security-policy/", {"login_failure_limit": 7}, content_type=JSON)
    assert saved.status_code == 200 and saved.json()["login_failure_limit"] == 7
    assert SecurityPolicy.current().login_failure_limit == 7
    assert json.loads(LedgerEntry.objects.filter(object_type="accounts.securitypolicy").get().payload)["after"][
        "login_failure_limit"] == 7


def test_a_unit_head_is_set_and_an_empty_unit_deleted(client, world):
    empty = make_unit(world.company, "空部门", parent=world.root)
    url = f"/api/org-units/{world.sales.pk}/"
    assert statuses(client, world, url) == ADMIN_ONLY
    client.force_login(world.users["hr_admin"])
    unit = client.get(url).json()
    assert unit["name"] == "销售部" and unit["members"] == 3 and unit["head"] is None
    unknown = client.post(f"{url}head/", {"head": "NOPE"}, content_type=JSON)
    assert unknown.status_code == 400 and list(unknown.json()) == ["head"]
    head = client.post(f"{url}head/", {"head": world.boss.employee_number}, content_type=JSON)
    assert head.status_code == 200 and head.json()["head_name"] == "王经理"
    assert OrgUnit.objects.get(pk=world.sales.pk).head == world.boss
    cleared = client.post(f"{url}head/", {"head": ""}, content_type=JSON)
    assert cleared.status_code == 200 and cleared.json()["head"] is None
    refused = client.delete(url)
    assert refused.status_code == 409 and "detail" in refused.json()
    assert client.delete(f"/api/org-units/{empty.pk}/").status_code == 204
    assert not OrgUnit.objects.filter(pk=empty.pk).exists()
    assert client.get("/api/org-units/999999/").status_code == 404


def test_a_unit_of_another_company_or_beyond_a_unit_admin_is_not_found(client, world):
    other = make_company(name="别家公司")
    foreign = make_unit(other, "总部")
    make_employee(foreign, "外人")
    client.force_login(world.users["hr_admin"])
    assert client.get(f"/api/org-units/{foreign.pk}/").status_code == 404
    assert client.post(f"/api/org-units/{foreign.pk}/head/", {"head": ""}, content_type=JSON).status_code == 404
    assert client.delete(f"/api/org-units/{foreign.pk}/").status_code == 404
    # A unit-scoped HR admin: another unit is not found; their own is not theirs to restructure (403).
    client.force_login(make_user("unit_admin", Role.HR_ADMIN, company=world.company, unit=world.sales))
    assert client.get(f"/api/org-units/{world.rnd.pk}/").status_code == 404
    assert client.post(f"/api/org-units/{world.sales.pk}/head/", {"head": ""}, content_type=JSON).status_code == 403
    assert OrgUnit.objects.filter(pk=foreign.pk).exists()
