"""The navbar kept in the process ({% navbar %}, accounts/templatetags/navbar.py): byte for byte what
base.html rendered on every page, and never another role's, language's, entry's or user's bar."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from farewell.accounts.models import RoleGrant
from farewell.accounts.templatetags import navbar
from tests.factories import Role, make_user

PAGES = ["/employees/", "/employees/{lisi}/", "/cases/", "/cases/inbox/", "/cases/calculator/", "/insights/flags/",
         "/talks/", "/offboarding/", "/exits/report/", "/records/", "/settings/", "/me/", "/ledger/",
         "/accounts/access-log/", "/accounts/password/", "/accounts/no-access/", "/accounts/login/",
         "/no-such-page/", "/employees/?q=%3Cb%3E%22'&x=1"]
# The CSRF token is masked afresh for every request; everything else must match byte for byte.
TOKEN = re.compile(r"\b[A-Za-z0-9]{64}\b")
NAV = re.compile(r"<nav .*?</nav>", re.DOTALL)


@pytest.fixture(autouse=True)
def _empty_kept():
    navbar._kept.clear()
    yield
    navbar._kept.clear()


def _get(client, url: str, *, keep: bool, monkeypatch) -> tuple[int, str]:
    monkeypatch.setattr(navbar, "KEEP", keep)
    response = client.get(url)
    return response.status_code, TOKEN.sub("TOKEN", response.content.decode())


def _client(user=None, language: str = "zh-hans") -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def test_every_page_is_byte_identical_with_the_bar_kept_or_rendered_afresh(world, monkeypatch):
    world.users["hr_admin"].display_name = "<b>张</b> & \"李\" 'x'"
    world.users["hr_admin"].save()
    personas = ["anonymous", *world.users]
    # First every persona and language with the bar kept (each sees the copies the others left), then
    # the same pages rendered afresh, as base.html did before.
    kept = {}
    for keep in (True, False):
        for persona in personas:
            for language in ("zh-hans", "en"):
                client = _client(None if persona == "anonymous" else world.users[persona], language)
                for page in PAGES:
                    url = page.format(lisi=world.lisi.code)
                    got = _get(client, url, keep=keep, monkeypatch=monkeypatch)
                    if keep:
                        kept[persona, language, url] = got
                    else:
                        assert kept[persona, language, url] == got, (persona, language, url)
    assert len(kept) == len(personas) * 2 * len(PAGES)
    assert len(navbar._kept) > 20  # languages × role sets × active entries


def test_a_different_role_language_or_active_entry_never_sees_another_bar(client, world):
    client.force_login(world.users["hr_admin"])
    hr_bar = NAV.search(client.get("/cases/").content.decode()).group(0)
    assert "访问日志" not in hr_bar and 'href="/employees/"' in hr_bar
    assert re.search(r'class="nav-link active" href="/cases/"', hr_bar)

    client.force_login(world.users["auditor"])
    auditor_bar = NAV.search(client.get("/ledger/").content.decode()).group(0)
    assert "访问日志" in auditor_bar and 'href="/employees/"' not in auditor_bar

    client.force_login(world.users["hr_admin"])
    employees_bar = NAV.search(client.get("/employees/").content.decode()).group(0)
    assert re.search(r'class="nav-link active" href="/employees/"', employees_bar)
    assert not re.search(r'class="nav-link active" href="/cases/"', employees_bar)
    assert 'class="nav-link" href="/cases/"' in employees_bar

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english_bar = NAV.search(client.get("/cases/").content.decode()).group(0)
    assert "离职案件" not in english_bar and "Separation cases" in english_bar

    # A role granted shows in the next page's bar; one revoked leaves it.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    user = world.users["hr_admin"]
    grant = RoleGrant.objects.create(user=user, role=Role.AUDITOR, company=world.company)
    assert "访问日志" in NAV.search(client.get("/cases/").content.decode()).group(0)
    grant.delete()
    assert "访问日志" not in NAV.search(client.get("/cases/").content.decode()).group(0)


def test_each_user_sees_their_own_name_escaped(world):
    first = world.users["hrbp_sales"]
    first.display_name = '<script>alert("x")</script>'
    first.save()
    second = make_user("hrbp2", Role.HRBP, company=world.company, unit=world.sales)  # the same role set
    second.display_name = "王 & 'Co'"
    second.save()
    first_page = _client(first).get("/cases/").content.decode()
    second_page = _client(second).get("/cases/").content.decode()
    assert "<script>alert" not in first_page
    assert 'title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"' in first_page
    assert ">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</span>" in first_page
    assert ">王 &amp; &#x27;Co&#x27;</span>" in second_page and "script" not in NAV.search(second_page).group(0)
    assert "\x00" not in first_page + second_page


def test_the_language_menu_returns_to_this_requests_path_escaped(client, world):
    client.force_login(world.users["hr_admin"])
    client.get("/employees/")
    page = client.get("/employees/?q=%22%3E%3Cb%3E").content.decode()
    assert '<input type="hidden" name="next" value="/employees/?q=%22%3E%3Cb%3E">' in page
    page = client.get("/employees/?q=x&amp=1").content.decode()
    assert '<input type="hidden" name="next" value="/employees/?q=x&amp;amp=1">' in page


def test_the_kept_bar_carries_this_requests_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["legal"])
    client.get("/cases/")  # the bar is kept now
    page = client.get("/cases/").content.decode()
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"', NAV.search(page).group(0))
    header = re.search(r'"X-CSRFToken": "([A-Za-z0-9]+)"', page).group(1)
    assert len(tokens) == 2 and set(tokens) == {header}  # the language form and the logout form
    response = client.post(reverse("accounts:logout"), {"csrfmiddlewaretoken": tokens[1]})
    assert response.status_code == 302
    assert client.get("/cases/").status_code == 302  # signed out


def test_rendered_outside_a_request_it_renders_afresh(db):
    html = render_to_string("base.html")
    assert "<nav " in html and "\x00" not in html
    assert navbar._kept == {}
