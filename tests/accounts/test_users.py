"""设置 › 用户与权限: who may manage logins, scoped grants, bulk logins, activation, invitations."""

from __future__ import annotations

import json

import pytest
from django.core import mail
from django.urls import reverse

from farewell.accounts import services
from farewell.accounts.models import Role, RoleGrant, User
from farewell.ledger.models import LedgerEntry
from tests.factories import PASSWORD, make_company, make_employee, make_unit, make_user

USERS = reverse("accounts:users")
NOT_HR_ADMIN = ["hrbp_sales", "legal", "manager", "approver", "employee", "auditor", "outsider"]


def events(user) -> list[str]:
    return list(LedgerEntry.objects.filter(object_type="accounts.user", object_id=str(user.pk))
                .order_by("seq").values_list("event", flat=True))


def pages(world) -> list[tuple[str, str]]:
    target = world.users["employee"].username
    grant = RoleGrant.objects.get(user=world.users["employee"])
    return [
        ("get", USERS),
        ("get", reverse("accounts:user_create")),
        ("post", reverse("accounts:user_create")),
        ("get", reverse("accounts:user_detail", args=[target])),
        ("post", reverse("accounts:grant_add", args=[target])),
        ("post", reverse("accounts:grant_revoke", args=[target, grant.pk])),
        ("post", reverse("accounts:user_deactivate", args=[target])),
        ("post", reverse("accounts:user_reactivate", args=[target])),
        ("post", reverse("accounts:user_send_link", args=[target])),
        ("post", reverse("accounts:bulk_managers")),
        ("post", reverse("accounts:bulk_unit")),
    ]


# -- who may


def test_the_hr_admin_opens_the_pages(client, world):
    client.force_login(world.users["hr_admin"])
    assert client.get(USERS).status_code == 200
    assert client.get(reverse("accounts:user_create")).status_code == 200
    assert client.get(reverse("accounts:user_detail", args=["lisi"])).status_code == 200


@pytest.mark.parametrize("persona", NOT_HR_ADMIN)
def test_every_other_role_is_refused(client, world, persona):
    client.force_login(world.users[persona])
    for method, url in pages(world):
        response = getattr(client, method)(url)
        assert response.status_code == 403, f"{persona} {method.upper()} {url}: {response.status_code}"
    assert world.users["employee"].grants.count() == 1
    assert User.objects.get(pk=world.users["employee"].pk).is_active


def test_the_pages_refuse_get_for_mutations(client, world):
    client.force_login(world.users["hr_admin"])
    for method, url in pages(world):
        if method == "post" and "new" not in url:
            assert client.get(url).status_code == 405, url


def test_an_admin_of_another_company_sees_none_of_these_logins(client, world):
    other = make_company()
    admin = make_user("other-admin", Role.HR_ADMIN, company=other)
    client.force_login(admin)
    response = client.get(USERS)
    assert response.status_code == 200
    assert [u.username for u in response.context["page_obj"]] == ["other-admin"]
    for method, url in pages(world)[3:9]:
        assert getattr(client, method)(url).status_code == 404, url


def test_the_settings_index_links_the_page(client, world):
    client.force_login(world.users["hr_admin"])
    assert USERS in client.get(reverse("settings:index")).content.decode()


# -- the list


def test_the_list_shows_logins_with_employee_and_scoped_roles(client, world):
    client.force_login(world.users["hr_admin"])
    response = client.get(USERS)
    content = response.content.decode()
    names = [u.username for u in response.context["page_obj"]]
    assert names == sorted(["hradmin", "hrbp", "legal", "manager", "approver", "lisi", "auditor"])
    assert "outsider" not in names  # no grant, no employee: nobody's login to manage
    assert "HRBP · 销售部" in content
    assert world.lisi.employee_number in content


def test_the_list_filters(client, world):
    client.force_login(world.users["hr_admin"])
    assert [u.username for u in client.get(USERS, {"role": "hrbp"}).context["page_obj"]] == ["hrbp"]
    assert [u.username for u in client.get(USERS, {"q": "李四"}).context["page_obj"]] == ["lisi"]
    User.objects.filter(username="legal").update(is_active=False)
    assert [u.username for u in client.get(USERS, {"status": "inactive"}).context["page_obj"]] == ["legal"]
    world.users["employee"].set_unusable_password()
    world.users["employee"].save()
    assert [u.username for u in client.get(USERS, {"status": "pending"}).context["page_obj"]] == ["lisi"]


def test_the_list_has_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    for n in range(40):
        employee = make_employee(world.sales, f"员工{n}")
        make_user(f"u{n:03d}", Role.EMPLOYEE, company=world.company, employee=employee)
        RoleGrant.objects.create(user=User.objects.get(username=f"u{n:03d}"), role=Role.HRBP,
                                 company=world.company, org_unit=world.rnd)
    client.force_login(world.users["hr_admin"])
    with django_assert_max_num_queries(12):
        response = client.get(USERS)
    assert len(response.context["page_obj"]) == 47


# -- grants and scope


def grant(client, username, role, unit=None, company=None):
    data = {"role": role, "company": (company.pk if company else ""), "org_unit": unit.pk if unit else ""}
    return client.post(reverse("accounts:grant_add", args=[username]), data)


def test_hrbp_on_the_root_sees_the_subtree_and_on_sales_not_a_sibling(client, world):
    """A grant on a unit covers its subtree; a sibling unit's employee is 404."""
    broad = make_user("broad", employee=make_employee(world.root, "周总"))
    narrow = make_user("narrow", employee=make_employee(world.sales, "吴专员"))
    client.force_login(world.users["hr_admin"])
    assert grant(client, "broad", Role.HRBP, world.root).status_code == 302
    assert grant(client, "narrow", Role.HRBP, world.sales).status_code == 302
    assert ["role_granted"] == events(broad) == events(narrow)

    client.force_login(User.objects.get(username="broad"))
    assert client.get(reverse("org:employee_detail", args=[world.zhaoliu.code])).status_code == 200
    assert client.get(reverse("org:employee_detail", args=[world.chenqi.code])).status_code == 200
    client.force_login(User.objects.get(username="narrow"))
    assert client.get(reverse("org:employee_detail", args=[world.zhaoliu.code])).status_code == 200
    assert client.get(reverse("org:employee_detail", args=[world.chenqi.code])).status_code == 404


def test_a_grant_is_recorded_with_its_scope(client, world):
    client.force_login(world.users["hr_admin"])
    grant(client, "legal", Role.APPROVER, world.rnd)
    entry = LedgerEntry.objects.filter(event="role_granted").latest("seq")
    assert json.loads(entry.payload) == {
        "username": "legal", "role": "approver", "company": str(world.company.code), "org_unit": world.rnd.code,
    }
    assert entry.actor == world.users["hr_admin"]


def test_manager_and_employee_roles_need_a_linked_employee_and_no_unit(client, world):
    client.force_login(world.users["hr_admin"])
    grant(client, "legal", Role.MANAGER)
    assert not RoleGrant.objects.filter(user__username="legal", role=Role.MANAGER).exists()
    grant(client, "lisi", Role.MANAGER, world.sales)
    assert not RoleGrant.objects.filter(user__username="lisi", role=Role.MANAGER).exists()
    grant(client, "lisi", Role.MANAGER)
    assert RoleGrant.objects.filter(user__username="lisi", role=Role.MANAGER, org_unit=None).exists()


def test_a_unit_hr_admin_grants_only_within_the_unit(client, world):
    sales_admin = make_user("sales-admin", Role.HR_ADMIN, company=world.company, unit=world.sales)
    client.force_login(sales_admin)
    assert grant(client, "lisi", Role.HRBP, world.sales).status_code == 302
    assert RoleGrant.objects.filter(user__username="lisi", role=Role.HRBP, org_unit=world.sales).exists()
    # hrbp holds a grant on sales, so the login is visible; a grant outside the subtree is not given.
    assert grant(client, "hrbp", Role.HRBP, world.rnd).status_code in (200, 302)
    assert not RoleGrant.objects.filter(user__username="hrbp", org_unit=world.rnd).exists()
    assert grant(client, "hrbp", Role.HRBP).status_code == 403  # the whole company
    # The auditor is an admin role only a security admin grants (三员分立): not even offered.
    assert grant(client, "hrbp", Role.AUDITOR).status_code in (302, 403)
    assert not RoleGrant.objects.filter(user__username="hrbp", role=Role.AUDITOR).exists()
    # The company-wide logins are not this admin's to see.
    assert client.get(reverse("accounts:user_detail", args=["legal"])).status_code == 404


def test_revoke_removes_the_grant_and_records_it(client, world):
    target = world.users["hrbp_sales"]
    the_grant = RoleGrant.objects.get(user=target)
    client.force_login(world.users["hr_admin"])
    response = client.post(reverse("accounts:grant_revoke", args=["hrbp", the_grant.pk]))
    assert response.status_code == 302
    assert not RoleGrant.objects.filter(pk=the_grant.pk).exists()
    assert events(target) == ["role_revoked"]
    client.force_login(target)
    assert client.get(reverse("org:employee_detail", args=[world.lisi.code])).status_code == 404


def test_an_admin_cannot_revoke_their_own_hr_admin_role(client, world):
    admin = world.users["hr_admin"]
    the_grant = RoleGrant.objects.get(user=admin)
    client.force_login(admin)
    client.post(reverse("accounts:grant_revoke", args=["hradmin", the_grant.pk]))
    assert RoleGrant.objects.filter(pk=the_grant.pk).exists()


# -- activation


def test_deactivate_refuses_the_login_and_ends_sessions(client, world):
    target = world.users["employee"]
    session = type(client)()
    session.force_login(target)
    client.force_login(world.users["hr_admin"])
    response = client.post(reverse("accounts:user_deactivate", args=["lisi"]), {"reason": "离职"})
    assert response.status_code == 302
    assert not User.objects.get(pk=target.pk).is_active
    assert events(target) == ["login_deactivated"]
    assert json.loads(LedgerEntry.objects.get(event="login_deactivated").payload)["reason"] == "离职"

    assert session.get("/")["Location"].startswith("/accounts/login/")  # the open session ended
    client.logout()
    response = client.post(reverse("accounts:login"), {"username": "lisi", "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_deactivate_needs_a_reason_and_not_oneself(client, world):
    client.force_login(world.users["hr_admin"])
    client.post(reverse("accounts:user_deactivate", args=["lisi"]), {"reason": ""})
    client.post(reverse("accounts:user_deactivate", args=["hradmin"]), {"reason": "x"})
    assert User.objects.filter(username__in=["lisi", "hradmin"], is_active=True).count() == 2


def test_reactivate(client, world):
    target = world.users["employee"]
    services.deactivate_user(target, acting_user=None, reason="离职")  # the sweep: the system acts
    client.force_login(world.users["hr_admin"])
    assert client.post(reverse("accounts:user_reactivate", args=["lisi"])).status_code == 302
    assert User.objects.get(pk=target.pk).is_active
    assert events(target) == ["login_deactivated", "login_reactivated"]
    assert LedgerEntry.objects.get(event="login_deactivated").actor is None


def test_deactivating_twice_records_once(world):
    target = world.users["employee"]
    assert services.deactivate_user(target, acting_user=world.users["hr_admin"], reason="x")
    assert not services.deactivate_user(target, acting_user=world.users["hr_admin"], reason="x")
    assert events(target) == ["login_deactivated"]


def test_resend_the_link(client, world, django_capture_on_commit_callbacks):
    target = world.users["employee"]
    target.email = "lisi@example.cn"
    target.save()
    client.force_login(world.users["hr_admin"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:user_send_link", args=["lisi"]))
    assert [m.to for m in mail.outbox] == [["lisi@example.cn"]]
    assert "/accounts/set-password/" in mail.outbox[0].body
    assert events(target) == ["set_password_link_sent"]


def test_without_an_address_the_link_is_shown_to_hr(client, world):
    client.force_login(world.users["hr_admin"])
    response = client.post(reverse("accounts:user_send_link", args=["lisi"]), follow=True)
    assert "/accounts/set-password/" in response.content.decode()
    assert not mail.outbox


# -- one login


def test_create_a_login_for_one_employee(client, world, django_capture_on_commit_callbacks):
    world.chenqi.email = "chenqi@example.cn"
    world.chenqi.save()
    client.force_login(world.users["hr_admin"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:user_create"),
                               {"employee_number": world.chenqi.employee_number, "role": "employee"})
    user = User.objects.get(employee=world.chenqi)
    assert response["Location"] == reverse("accounts:user_detail", args=[user.username])
    assert user.username == world.chenqi.employee_number and user.email == "chenqi@example.cn"
    assert not user.has_usable_password()
    assert list(user.grants.values_list("role", flat=True)) == ["employee"]
    assert events(user) == ["login_created"]
    assert [m.to for m in mail.outbox] == [["chenqi@example.cn"]]


def test_create_refuses_an_employee_with_a_login_or_out_of_scope(client, world):
    client.force_login(world.users["hr_admin"])
    response = client.post(reverse("accounts:user_create"), {"employee_number": world.lisi.employee_number,
                                                             "role": "employee"})
    assert "已有登录账号" in response.content.decode()
    sales_admin = make_user("sales-admin", Role.HR_ADMIN, company=world.company, unit=world.sales)
    client.force_login(sales_admin)
    response = client.post(reverse("accounts:user_create"), {"employee_number": world.chenqi.employee_number,
                                                             "role": "employee"})
    assert response.status_code == 200 and response.context["form"].errors["employee_number"]
    assert not User.objects.filter(employee=world.chenqi).exists()


def test_a_taken_username_gets_a_suffix(world):
    make_user(world.chenqi.employee_number)  # someone of another company took the 工号
    user = services.create_login(world.chenqi, acting_user=world.users["hr_admin"])
    assert user.username == f"{world.chenqi.employee_number}-2"


# -- in bulk


def test_bulk_managers_creates_logins_and_mails_links_without_hashing(
    client, world, django_capture_on_commit_callbacks
):
    heads = []
    for n in range(5):
        head = make_employee(world.rnd, f"经理{n}", email=f"m{n}@example.cn" if n else "")
        make_employee(world.rnd, f"下属{n}", manager=head)
        heads.append(head)
    client.force_login(world.users["hr_admin"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:bulk_managers"), {"company": world.company.pk})
    assert response.status_code == 200
    result = response.context["result"]
    created = User.objects.filter(employee__in=heads)
    assert created.count() == 5 == len(result.created)
    for user in created:
        assert not user.has_usable_password()
        assert list(user.grants.values_list("role", flat=True)) == ["manager"]
    assert sorted(m.to[0] for m in mail.outbox) == [f"m{n}@example.cn" for n in range(1, 5)]
    assert [u.employee for u in result.without_email] == [heads[0]]  # reported, not failed
    assert heads[0].name in response.content.decode()
    # lisi (zhaoliu's manager) had a login: she gets the manager role; 王经理 already had it.
    assert [u.username for u in result.granted] == ["lisi"]
    entry = LedgerEntry.objects.get(event="logins_created")
    payload = json.loads(entry.payload)
    assert len(payload["created"]) == 5 and payload["granted"][0]["username"] == "lisi"
    # Run again: nothing more to do, nothing recorded.
    client.post(reverse("accounts:bulk_managers"), {"company": world.company.pk})
    assert LedgerEntry.objects.filter(event="logins_created").count() == 1


def test_bulk_is_set_based(world, django_assert_max_num_queries):
    for n in range(60):
        make_employee(world.rnd, f"经理{n}", email=f"m{n}@example.cn")
    for head in list(world.rnd.employees.all()):
        make_employee(world.rnd, "下属", manager=head)
    with django_assert_max_num_queries(20):
        result = services.create_logins_for_managers(world.company, acting_user=world.users["hr_admin"])
    assert len(result.created) == 61  # 60 + 陈七


def test_bulk_unit_members(client, world, django_capture_on_commit_callbacks):
    world.zhaoliu.email = "zhaoliu@example.cn"
    world.zhaoliu.save()
    client.force_login(world.users["hr_admin"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:bulk_unit"), {"org_unit": world.root.pk})
    result = response.context["result"]
    assert sorted(u.employee.name for u in result.created) == ["赵六", "陈七"]
    assert [u.username for u in result.granted] == ["manager"]  # 王经理 had a login, now also employee
    assert [m.to for m in mail.outbox] == [["zhaoliu@example.cn"]]
    assert User.objects.get(employee=world.zhaoliu).grants.get().role == Role.EMPLOYEE


def test_a_unit_admin_cannot_bulk_another_unit(client, world):
    sales_admin = make_user("sales-admin", Role.HR_ADMIN, company=world.company, unit=world.sales)
    client.force_login(sales_admin)
    client.post(reverse("accounts:bulk_unit"), {"org_unit": world.rnd.pk})
    assert not User.objects.filter(employee=world.chenqi).exists()


# -- HR invites an employee


def invite(client, employee):
    return client.post(reverse("accounts:invite_employee", args=[employee.code]))


def test_the_hrbp_invites_an_employee_in_scope(client, world, django_capture_on_commit_callbacks):
    world.zhaoliu.email = "zhaoliu@example.cn"
    world.zhaoliu.save()
    client.force_login(world.users["hrbp_sales"])
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, world.zhaoliu)
    assert response["Location"] == reverse("org:employee_detail", args=[world.zhaoliu.code])
    user = User.objects.get(employee=world.zhaoliu)
    assert user.grants.get().role == Role.EMPLOYEE and not user.has_usable_password()
    assert [m.to for m in mail.outbox] == [["zhaoliu@example.cn"]]
    assert events(user) == ["login_created"]
    # A second invitation before the password is set sends a fresh link; no second login.
    with django_capture_on_commit_callbacks(execute=True):
        invite(client, world.zhaoliu)
    assert User.objects.filter(employee=world.zhaoliu).count() == 1 and len(mail.outbox) == 2


@pytest.mark.parametrize("persona,status", [("hrbp_sales", 404), ("manager", 404), ("outsider", 404),
                                            ("legal", 403), ("approver", 403), ("auditor", 403)])  # the audit admin: every POST refused (三员分立)
def test_invite_out_of_scope_or_role(client, world, persona, status):
    world.chenqi.email = "chenqi@example.cn"
    world.chenqi.save()
    client.force_login(world.users[persona])
    assert invite(client, world.chenqi).status_code == status
    assert not User.objects.filter(employee=world.chenqi).exists()


def test_the_manager_may_not_invite_a_report(client, world):
    world.zhaoliu.email = "zhaoliu@example.cn"
    world.zhaoliu.save()
    client.force_login(world.users["manager"])
    assert invite(client, world.zhaoliu).status_code == 403


def test_invite_needs_an_address(client, world):
    client.force_login(world.users["hr_admin"])
    response = invite(client, world.chenqi)
    assert response.status_code == 302
    assert not User.objects.filter(employee=world.chenqi).exists()


def test_invite_is_a_post(client, world):
    client.force_login(world.users["hr_admin"])
    assert client.get(reverse("accounts:invite_employee", args=[world.chenqi.code])).status_code == 405


def test_another_company_unit(world):
    other = make_company()
    unit = make_unit(other, "总部")
    with pytest.raises(Exception):  # noqa: B017 - PermissionDenied
        services.create_logins_for_unit(unit, acting_user=world.users["hr_admin"])


def test_the_employee_page_offers_the_invitation_to_hr_in_scope(client, world):
    client.force_login(world.users["hr_admin"])
    html = client.get(f"/employees/{world.chenqi.code}/").content.decode()
    assert f"/accounts/invite/{world.chenqi.code}/" in html
    client.force_login(world.users["legal"])
    html = client.get(f"/employees/{world.chenqi.code}/").content.decode()
    assert "/accounts/invite/" not in html
