"""The login page, django-axes lockout, and logout by POST."""

from __future__ import annotations

from django.urls import reverse

from tests.factories import PASSWORD, make_company

LOGIN = reverse("accounts:login")
LOGOUT = reverse("accounts:logout")


def test_login_page_renders(client, db):
    make_company()  # on an empty install the login page leads to the set-up page
    response = client.get(LOGIN)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Farewell" in content
    assert 'name="username"' in content
    assert 'name="password"' in content
    assert "csrfmiddlewaretoken" in content


def test_it_logs_in_and_goes_to_the_first_page(client, world):
    response = client.post(LOGIN, {"username": "hradmin", "password": PASSWORD})
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response.status_code == 302
    assert response["Location"] == reverse("org:employee_list")


def test_it_follows_next(client, world):
    target = reverse("org:employee_detail", args=[world.lisi.code])
    response = client.post(LOGIN, {"username": "hradmin", "password": PASSWORD, "next": target})
    assert response["Location"] == target


def test_it_shows_an_error_for_a_bad_password(client, world):
    response = client.post(LOGIN, {"username": "hradmin", "password": "wrong"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert "alert-danger" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_locks_out_after_five_failures(client, world):
    for _ in range(5):
        client.post(LOGIN, {"username": "hrbp", "password": "wrong"})
    response = client.post(LOGIN, {"username": "hrbp", "password": PASSWORD})
    assert response.status_code == 429
    assert "accounts/lockout.html" in [t.name for t in response.templates]
    assert "账号已暂时锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lockout_is_per_username(client, world):
    for _ in range(5):
        client.post(LOGIN, {"username": "hrbp", "password": "wrong"})
    response = client.post(LOGIN, {"username": "hradmin", "password": PASSWORD})
    assert response.status_code == 302


def test_logout_is_a_post(client, world):
    client.force_login(world.users["hr_admin"])
    assert client.get(LOGOUT).status_code == 405
    assert "_auth_user_id" in client.session
    response = client.post(LOGOUT)
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert "_auth_user_id" not in client.session


def test_the_shell_has_a_logout_form_and_the_navigation(client, world):
    client.force_login(world.users["hr_admin"])
    content = client.get(reverse("org:employee_list")).content.decode()
    assert f'action="{LOGOUT}" method="post"' in content
    assert reverse("set_language") in content
    assert "好聚好散" in content


def test_a_user_without_roles_sees_no_access(client, world):
    client.force_login(world.users["outsider"])
    response = client.get("/", follow=True)
    assert response.status_code == 403
    assert "没有可用的功能" in response.content.decode()


def test_auditor_sees_the_ledger_and_access_log(client, world):
    client.force_login(world.users["auditor"])
    assert client.get(reverse("ledger:entries")).status_code == 200
    assert client.get(reverse("accounts:access_log")).status_code == 200
    client.force_login(world.users["hr_admin"])
    assert client.get(reverse("ledger:entries")).status_code == 403
    assert client.get(reverse("accounts:access_log")).status_code == 403


def test_the_ledger_page_shows_short_hashes(client, world):
    from farewell.ledger.services import record

    entry = record("org.employee", world.lisi.code, {"name": "李四"}, actor=world.users["hr_admin"],
                   event="profile.created")
    client.force_login(world.users["auditor"])
    content = client.get(reverse("ledger:entries")).content.decode()
    assert "profile.created" in content
    assert entry.entry_hash[:12] in content
    assert entry.entry_hash not in content.replace(f'title="{entry.entry_hash}"', "")


def test_the_access_log_page_lists_reads(client, world):
    from farewell.accounts.services import read_sensitive

    read_sensitive(world.lisi, "id_number", actor=world.users["hr_admin"], purpose="查看员工档案")
    client.force_login(world.users["auditor"])
    content = client.get(reverse("accounts:access_log")).content.decode()
    assert "查看员工档案" in content
    assert "李四" in content
