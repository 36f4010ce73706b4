"""`farewell setup` and the first-run page: a company and its first HR admin, no password."""

from __future__ import annotations

import json
import re
from io import StringIO
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from farewell.accounts.models import Role, RoleGrant, User
from farewell.accounts.services import setup_company
from farewell.accounts.validators import credit_code_problem
from farewell.ledger.models import LedgerEntry
from farewell.org.models import Company
from tests.factories import make_company

GOOD_CODE = "91310000MA1FL4TX2B"  # check character B (GB 32100)
BAD_CODE = "91310000MA1FL4TX2C"
NEW_PASSWORD = "Wutong-lane 2026"
LOGIN = reverse("accounts:login")


def run_setup(**overrides) -> str:
    options = {"company_name": "远航科技有限公司", "credit_code": GOOD_CODE, "jurisdiction": "CN",
               "city": "上海", "username": "admin", "email": "admin@example.cn"}
    options.update(overrides)
    out = StringIO()
    call_command("setup", *[f"--{key.replace('_', '-')}={value}" for key, value in options.items()], stdout=out)
    return out.getvalue()


def set_password_through(client, link: str, password: str = NEW_PASSWORD):
    response = client.get(urlparse(link).path)
    assert response.status_code == 302  # Django moves the token into the session first
    form_url = response["Location"]
    response = client.get(form_url)
    assert response.context["validlink"]
    return client.post(form_url, {"new_password1": password, "new_password2": password})


def test_credit_code_problem():
    assert credit_code_problem(GOOD_CODE) is None
    assert credit_code_problem(GOOD_CODE.lower()) is None  # typed in lower case
    assert "校验位" in credit_code_problem(BAD_CODE)
    assert "18位" in credit_code_problem(GOOD_CODE[:-1])
    assert "不使用的字符" in credit_code_problem("91310000MA1FL4TXOB")
    assert "统一社会信用代码" in credit_code_problem("")


def test_setup_prints_a_link_that_sets_the_password_once(client, db, django_capture_on_commit_callbacks, settings):
    settings.FAREWELL_BASE_URL, settings.FAREWELL_BASE_URL_SET = "https://hr.example.cn", True
    with django_capture_on_commit_callbacks(execute=True):
        out = run_setup()
    link = re.search(r"https://\S+/accounts/set-password/\S+", out).group(0)
    assert link.startswith("https://hr.example.cn/")  # FAREWELL_BASE_URL
    company = Company.objects.get()
    assert (company.name, company.credit_code, company.jurisdiction, company.city) == (
        "远航科技有限公司", GOOD_CODE, "CN", "上海")
    user = User.objects.get(username="admin")
    assert not user.has_usable_password()  # never taken, never generated
    grant = RoleGrant.objects.get(user=user)
    assert (grant.role, grant.company, grant.org_unit) == (Role.HR_ADMIN, company, None)
    assert len(mail.outbox) == 1 and link in mail.outbox[0].body

    response = set_password_through(client, link)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_complete")
    response = client.post(LOGIN, {"username": "admin", "password": NEW_PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)

    # One-time: the password is hashed into the token, so the same link no longer opens.
    client.logout()
    response = client.get(urlparse(link).path, follow=True)
    assert response.context["validlink"] is False
    assert "链接已失效" in response.content.decode()


def test_setup_writes_the_ledger(db):
    run_setup()
    events = set(LedgerEntry.objects.values_list("object_type", "event"))
    assert {("org.company", "company_created"), ("accounts.user", "login_created")} <= events
    entry = LedgerEntry.objects.get(event="login_created")
    assert json.loads(entry.payload)["role"] == "hr_admin"


def test_a_wrong_check_character_names_the_field(db):
    with pytest.raises(CommandError, match="统一社会信用代码") as info:
        run_setup(credit_code=BAD_CODE)
    assert "--credit-code" in str(info.value)
    assert not Company.objects.exists() and not User.objects.exists()


def test_a_second_run_with_the_same_code_refuses(db):
    run_setup()
    with pytest.raises(CommandError, match="已存在"):
        run_setup(username="admin2")
    assert Company.objects.count() == 1
    assert not User.objects.filter(username="admin2").exists()


def test_a_taken_username_refuses(db):
    run_setup()
    with pytest.raises(CommandError, match="--username"):
        run_setup(credit_code="913101151234567880")
    assert Company.objects.count() == 1


def test_civil_service_jurisdiction(db):
    run_setup(jurisdiction="CN-civil-service", email="")
    assert Company.objects.get().jurisdiction == "CN-civil-service"
    assert User.objects.get().email == ""


def test_an_unknown_jurisdiction_refuses(db):
    with pytest.raises(CommandError):
        run_setup(jurisdiction="US")


# -- the first-run page


SETUP = "/setup/"
FORM = {"name": "远航科技有限公司", "credit_code": GOOD_CODE, "jurisdiction": "CN", "city": "上海",
        "username": "admin", "email": "admin@example.cn"}


@pytest.mark.parametrize("path", ["/", LOGIN])
def test_an_empty_install_sends_everyone_to_setup(client, db, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == SETUP


def test_the_setup_page_shows_the_form(client, db):
    response = client.get(SETUP)
    assert response.status_code == 200
    content = response.content.decode()
    assert "初始设置" in content and "统一社会信用代码" in content and "csrfmiddlewaretoken" in content
    assert 'name="password' not in content  # no password is asked for


def test_the_setup_page_refuses_a_wrong_check_character(client, db):
    response = client.post(SETUP, {**FORM, "credit_code": BAD_CODE})
    assert response.status_code == 200
    assert "校验位" in " ".join(response.context["form"].errors["credit_code"])
    assert not Company.objects.exists()


def test_the_setup_page_creates_the_company_and_shows_the_link(client, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SETUP, FORM)
    assert response.status_code == 200
    link = response.context["link"]
    assert link in response.content.decode()
    # On the page: the address the page was opened at (a web-only install need not set
    # FAREWELL_BASE_URL first); in the e-mail, FAREWELL_BASE_URL + the same path.
    assert link.startswith("http://testserver/accounts/set-password/")
    assert len(mail.outbox) == 1 and "http://127.0.0.1:8000" + urlparse(link).path in mail.outbox[0].body
    assert RoleGrant.objects.get(user__username="admin").role == Role.HR_ADMIN

    # From the first company on the page is gone, and / and the login page behave as usual.
    assert client.get(SETUP).status_code == 404
    assert client.post(SETUP, {**FORM, "credit_code": "913101151234567880", "username": "x"}).status_code == 404
    assert client.get("/")["Location"].startswith("/accounts/login/")
    assert client.get(LOGIN).status_code == 200

    assert set_password_through(client, link).status_code == 302
    assert client.post(LOGIN, {"username": "admin", "password": NEW_PASSWORD}).status_code == 302


def test_the_setup_page_is_404_once_a_company_exists(client, db):
    make_company()
    assert client.get(SETUP).status_code == 404
    assert client.post(SETUP, FORM).status_code == 404
    assert not User.objects.exists()


def test_the_service_refuses_a_first_run_after_the_first(db):
    """The page's check is repeated under the ledger head lock (two people at once)."""
    make_company()
    with pytest.raises(ValidationError):
        setup_company(first_run=True, **FORM)
