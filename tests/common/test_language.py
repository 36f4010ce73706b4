"""Pages speak Chinese unless the user chose English in the language menu; a browser's
Accept-Language does not switch them. The API still honours Accept-Language (its clients are
programs that state what they want)."""

from __future__ import annotations

import pytest


@pytest.fixture
def hr(client, world):
    client.force_login(world.users["hr_admin"])
    return client


def test_a_browser_asking_for_english_still_gets_chinese(hr):
    page = hr.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9", follow=True)
    assert page.status_code == 200
    assert page.headers["Content-Language"] == "zh-hans"


def test_the_language_menu_switches_to_english_and_back(hr):
    answer = hr.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert answer.status_code == 302
    assert hr.get("/", follow=True).headers["Content-Language"] == "en"
    hr.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert hr.get("/", HTTP_ACCEPT_LANGUAGE="en", follow=True).headers["Content-Language"] == "zh-hans"


def test_an_unknown_language_cookie_falls_back_to_chinese(hr):
    hr.cookies["django_language"] = "xx"
    assert hr.get("/", follow=True).headers["Content-Language"] == "zh-hans"


def test_the_login_page_is_chinese_for_an_english_browser(client, world):
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.headers["Content-Language"] == "zh-hans"
    assert "登录" in page.content.decode()


def test_the_api_follows_accept_language(hr):
    assert hr.get("/api/me/", HTTP_ACCEPT_LANGUAGE="en").headers["Content-Language"] == "en"
    assert hr.get("/api/me/", HTTP_ACCEPT_LANGUAGE="zh-CN").headers["Content-Language"] == "zh-hans"
