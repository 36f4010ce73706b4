"""/api/users/ (logins and grants) and the settings endpoints (workflows, case settings, compensation
policies): the HR admin's, within their reach — nobody grants beyond their own scope."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from farewell.accounts.models import RoleGrant, User
from farewell.cases.models import CaseSettings, CompensationPolicy, WorkflowTemplate
from farewell.ledger.models import LedgerEntry
from tests.factories import Role, make_company, make_employee, make_unit, make_user


def test_the_user_list_is_the_admins_scope(client, world):
    other = make_company(name="别家公司")
    make_user("foreign-admin", Role.HR_ADMIN, company=other)
    client.force_login(world.users["hr_admin"])
    names = {u["username"] for u in client.get("/api/users/").json()["results"]}
    assert "hrbp" in names and "foreign-admin" not in names
    assert client.get("/api/users/foreign-admin/").status_code == 404
    assert client.get("/api/users/", {"role": "hrbp"}).json()["count"] == 1


@pytest.mark.parametrize("persona", ["hrbp_sales", "legal", "manager", "approver", "employee", "auditor", "outsider"])
def test_users_are_the_hr_admins_only(client, world, persona):
    client.force_login(world.users[persona])
    assert client.get("/api/users/").status_code == 403
    assert client.post("/api/users/lisi/grants/", {"role": "hrbp"}, content_type="application/json").status_code == 403
    assert client.get("/api/workflows/").status_code == 403
    assert client.get("/api/case-settings/").status_code == 403


def test_the_user_list_reads_a_fixed_number_of_queries(client, world):
    client.force_login(world.users["hr_admin"])
    with CaptureQueriesContext(connection) as few:
        client.get("/api/users/")
    for i in range(8):
        make_user(f"extra{i}", Role.HRBP, company=world.company, unit=world.sales)
    with CaptureQueriesContext(connection) as many:
        client.get("/api/users/")
    assert len(many) == len(few)


def test_a_login_is_created_and_granted_with_errors_naming_the_field(client, world):
    client.force_login(world.users["hr_admin"])
    person = make_employee(world.sales, "新人", email="")
    created = client.post("/api/users/", {"employee_number": person.employee_number, "role": "employee"},
                          content_type="application/json")
    assert created.status_code == 201, created.json()
    assert created.json()["set_password_link"].startswith("http")  # no address: HR hands the link over
    username = created.json()["username"]
    unknown = client.post("/api/users/", {"employee_number": "NOPE"}, content_type="application/json")
    assert unknown.status_code == 400 and list(unknown.json()) == ["employee_number"]
    granted = client.post(f"/api/users/{username}/grants/", {"role": "hrbp", "org_unit": world.sales.pk},
                          content_type="application/json")
    assert granted.status_code == 201 and {g["role"] for g in granted.json()["grants"]} == {"employee", "hrbp"}
    twice = client.post(f"/api/users/{username}/grants/", {"role": "hrbp", "org_unit": world.sales.pk},
                        content_type="application/json")
    assert twice.status_code == 400 and "non_field_errors" in twice.json()
    grant = RoleGrant.objects.get(user__username=username, role="hrbp")
    revoked = client.post(f"/api/users/{username}/grants/{grant.pk}/revoke/")
    assert revoked.status_code == 200 and [g["role"] for g in revoked.json()["grants"]] == ["employee"]
    assert LedgerEntry.objects.filter(object_type="accounts.user", event="role_revoked").count() == 1


def test_a_unit_admin_grants_only_within_their_reach(client, world):
    unit_admin = make_user("unit-admin", Role.HR_ADMIN, company=world.company, unit=world.sales)
    target = make_user("target", Role.HRBP, company=world.company, unit=world.sales)
    client.force_login(unit_admin)
    inside = client.post("/api/users/target/grants/", {"role": "legal", "org_unit": world.sales.pk},
                         content_type="application/json")
    assert inside.status_code == 201, inside.json()
    for body in ({"role": "hrbp", "org_unit": world.rnd.pk}, {"role": "hr_admin"}, {"role": "auditor"}):
        refused = client.post("/api/users/target/grants/", body, content_type="application/json")
        assert refused.status_code in (400, 403), body
    assert set(target.grants.values_list("role", flat=True)) == {"hrbp", "legal"}


def test_deactivate_needs_a_reason_and_never_oneself(client, world):
    client.force_login(world.users["hr_admin"])
    no_reason = client.post("/api/users/legal/deactivate/", {}, content_type="application/json")
    assert no_reason.status_code == 400 and list(no_reason.json()) == ["reason"]
    done = client.post("/api/users/legal/deactivate/", {"reason": "调岗"}, content_type="application/json")
    assert done.status_code == 200 and done.json()["is_active"] is False
    assert not User.objects.get(username="legal").is_active
    assert client.post("/api/users/legal/reactivate/").json()["is_active"] is True
    myself = client.post("/api/users/hradmin/deactivate/", {"reason": "x"}, content_type="application/json")
    assert myself.status_code == 400


def test_workflows_are_read_and_saved_as_a_new_version_by_the_companys_admin(client, world):
    client.force_login(world.users["hr_admin"])
    current = client.get("/api/workflows/misconduct/").json()
    steps = current["steps"] + [{"kind": "leadership_approval", "condition": "always", "due_working_days": 5}]
    saved = client.put("/api/workflows/misconduct/", {"steps": steps}, content_type="application/json")
    assert saved.status_code == 200, saved.json()
    assert len(saved.json()["steps"]) == len(steps)
    bad = client.put("/api/workflows/misconduct/", {"steps": [{"kind": "nope", "condition": "always",
                                                                "due_working_days": 500}]},
                     content_type="application/json")
    assert bad.status_code == 400 and set(bad.json()["steps"]["0"]) == {"kind", "due_working_days"}
    # Each company has its own workflows (issue 13): another company's are not found, not changed.
    other = make_company(name="第二家公司")
    before = list(WorkflowTemplate.objects.filter(company=other).values_list("pk", "version"))
    assert client.get("/api/workflows/misconduct/", {"company": other.pk}).status_code == 404
    refused = client.put(f"/api/workflows/misconduct/?company={other.pk}", {"steps": steps},
                         content_type="application/json")
    assert refused.status_code == 404
    assert list(WorkflowTemplate.objects.filter(company=other).values_list("pk", "version")) == before
    assert client.put("/api/workflows/misconduct/", {"steps": steps}, content_type="application/json").status_code == 200


def test_case_settings_and_policies_are_per_company(client, world):
    client.force_login(world.users["hr_admin"])
    assert client.get("/api/case-settings/").json()["opener_may_do_hr_review"] is False
    changed = client.put("/api/case-settings/", {"opener_may_do_hr_review": True}, content_type="application/json")
    assert changed.status_code == 200 and CaseSettings.for_company(world.company.pk).opener_may_do_hr_review
    other = make_company(name="别家公司")
    assert client.get("/api/case-settings/", {"company": other.pk}).status_code == 404
    policy = client.put("/api/compensation-policies/", {"case_type": "mutual_employer", "extra_cap_months": "3"},
                        content_type="application/json")
    assert policy.status_code == 200, policy.json()
    assert CompensationPolicy.objects.get(company=world.company, case_type="mutual_employer").extra_cap_months == 3
    bad = client.put("/api/compensation-policies/", {"case_type": "nope"}, content_type="application/json")
    assert bad.status_code == 400 and "case_type" in bad.json()


def test_invite_is_hr_in_scope(client, world):
    person = make_employee(world.rnd, "研发新人", email="new@example.com")
    client.force_login(world.users["hrbp_sales"])
    assert client.post(f"/api/employees/{person.code}/invite/").status_code == 404  # outside the HRBP's units
    client.force_login(world.users["hr_admin"])
    invited = client.post(f"/api/employees/{person.code}/invite/")
    assert invited.status_code == 201 and invited.json()["employee"] == str(person.code)


def test_bulk_unit_logins(client, world):
    unit = make_unit(world.company, "新部门", parent=world.root)
    make_employee(unit, "甲", email="a@example.com")
    client.force_login(world.users["hr_admin"])
    result = client.post("/api/users/bulk/unit/", {"org_unit": unit.pk}, content_type="application/json")
    assert result.status_code == 200 and len(result.json()["created"]) == 1
    assert client.post("/api/users/bulk/unit/", {}, content_type="application/json").status_code == 400


def test_the_workflow_list_reads_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    client.force_login(world.users["hr_admin"])
    client.get("/api/workflows/")
    # session, user, roles, grants with their scope (the companies one configures), templates, steps, used versions
    with django_assert_max_num_queries(7):
        body = client.get("/api/workflows/").json()
    assert len(body) >= 10 and any(w["steps"] for w in body)


@pytest.mark.parametrize("parameter", ["q", "role"])
def test_the_user_list_refuses_a_nul_in_its_text_filters(client, world, parameter):
    """A NUL byte in ?q= or ?role= reached PostgreSQL as a text parameter, which it refuses: a 500 (found by
    probing every page with one on PostgreSQL). A 400 naming the parameter, with Django's own message."""
    client.raise_request_exception = False
    client.force_login(world.users["hr_admin"])
    response = client.get("/api/users/", {parameter: "hr\x00bp"})
    assert response.status_code == 400 and list(response.json()) == [parameter]
