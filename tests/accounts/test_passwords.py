"""Passwords: change when signed in, reset by e-mail, the one-time link; Django's validators."""

from __future__ import annotations

import re
from urllib.parse import urlparse

from django.core import mail
from django.urls import reverse

from farewell.accounts import services
from farewell.accounts.models import User
from tests.factories import PASSWORD

LOGIN = reverse("accounts:login")
CHANGE = reverse("accounts:password_change")
RESET = reverse("accounts:password_reset")
NEW = "Hupo-bridge 2026"


def log_in(client, username, password) -> bool:
    client.post(LOGIN, {"username": username, "password": password})
    return "_auth_user_id" in client.session


def open_link(client, link: str):
    response = client.get(urlparse(link).path)
    if response.status_code == 302:
        response = client.get(response["Location"])
    return response


def test_change_password(client, world):
    client.force_login(world.users["hrbp_sales"])
    assert client.get(CHANGE).status_code == 200
    response = client.post(CHANGE, {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW})
    assert response["Location"] == reverse("accounts:password_change_done")
    assert "密码已修改" in client.get(response["Location"]).content.decode()
    client.logout()
    assert not log_in(client, "hrbp", PASSWORD)
    assert log_in(client, "hrbp", NEW)


def test_change_needs_the_old_password_and_a_strong_new_one(client, world):
    client.force_login(world.users["hrbp_sales"])
    response = client.post(CHANGE, {"old_password": "wrong", "new_password1": NEW, "new_password2": NEW})
    assert response.context["form"].errors["old_password"]
    for weak in ("12345678", "password", "hrbp", "hrbp1"):
        response = client.post(CHANGE, {"old_password": PASSWORD, "new_password1": weak, "new_password2": weak})
        assert response.status_code == 200, weak
        assert response.context["form"].errors["new_password2"], weak
    assert User.objects.get(username="hrbp").check_password(PASSWORD)


def test_change_needs_a_login(client, db):
    assert client.get(CHANGE)["Location"].startswith("/accounts/login/")


def test_the_login_page_links_the_reset(client, world):
    assert RESET in client.get(LOGIN).content.decode()


def test_reset_by_email_end_to_end(client, world):
    user = world.users["legal"]
    user.email = "legal@example.cn"
    user.save()
    response = client.post(RESET, {"email": "LEGAL@example.cn"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    link = re.search(r"http://\S+", body).group(0)
    assert link.startswith("http://127.0.0.1:8000/accounts/set-password/")  # FAREWELL_BASE_URL, not Host
    assert "legal" in body

    response = open_link(client, link)
    assert response.context["validlink"]
    response = client.post(response.wsgi_request.path, {"new_password1": NEW, "new_password2": NEW})
    assert response["Location"] == reverse("accounts:password_reset_complete")
    assert log_in(client, "legal", NEW)
    client.logout()
    assert open_link(client, link).context["validlink"] is False  # used once


def test_reset_says_the_same_for_an_unknown_address(client, world):
    response = client.post(RESET, {"email": "nobody@example.cn"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert not mail.outbox


def test_reset_sends_nothing_to_a_deactivated_login(client, world):
    User.objects.filter(username="legal").update(email="legal@example.cn", is_active=False)
    client.post(RESET, {"email": "legal@example.cn"})
    assert not mail.outbox


def test_reset_reaches_an_invited_login_whose_link_expired(client, world):
    """An invitation's login has no usable password; the e-mail is its own channel."""
    user = world.users["legal"]
    user.email = "legal@example.cn"
    user.set_unusable_password()
    user.save()
    client.post(RESET, {"email": "legal@example.cn"})
    assert len(mail.outbox) == 1


def test_a_link_expires(client, world, settings):
    link = services.set_password_url(world.users["legal"])
    settings.PASSWORD_RESET_TIMEOUT = -1  # every token is older than that
    assert open_link(client, link).context["validlink"] is False


def test_a_deactivated_logins_link_does_not_open(client, world):
    link = services.set_password_url(world.users["legal"])
    User.objects.filter(username="legal").update(is_active=False)
    assert open_link(client, link).context["validlink"] is False


def test_the_link_page_applies_the_validators(client, world):
    link = services.set_password_url(world.users["legal"])
    response = open_link(client, link)
    response = client.post(response.wsgi_request.path, {"new_password1": "12345678", "new_password2": "12345678"})
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]
    assert User.objects.get(username="legal").check_password(PASSWORD)


def test_a_tampered_link_does_not_open(client, world):
    link = services.set_password_url(world.users["legal"])
    assert open_link(client, link[:-4] + "abc/").context["validlink"] is False
