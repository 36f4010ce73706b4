"""Login throttling that an outsider cannot turn against a named account, and API tokens that end.

Failures are counted per user name AND client address; the client address behind nginx is the
one nginx puts in X-Forwarded-For, believed only from FAREWELL_TRUSTED_PROXIES (the loopback)."""

from __future__ import annotations

import datetime as dt

from django.test import RequestFactory
from rest_framework.authtoken.models import Token

from farewell.common.client_address import client_address
from tests.factories import PASSWORD

PROXY = "127.0.0.1"  # nginx on the same machine: trusted by default


def login(client, username, password, *, remote=PROXY, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post("/accounts/login/", {"username": username, "password": password}, **extra)


def is_signed_in(response) -> bool:
    return response.status_code == 302 and not response["Location"].startswith("/accounts/login/")


def test_the_client_address_comes_from_the_proxy_only():
    rf = RequestFactory()
    through_proxy = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="10.0.0.1, 198.51.100.7")
    assert client_address(through_proxy) == "198.51.100.7"  # the hop nginx added, not the client's claim
    direct = rf.get("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert client_address(direct) == "203.0.113.9"
    garbage = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="not-an-address")
    assert client_address(garbage) == PROXY


def test_an_outsider_cannot_lock_out_a_named_account(client, world):
    for _ in range(6):
        login(client, "hrbp", "guess", forwarded="198.51.100.66")
    # The attacker's address is locked for that name...
    assert login(client, "hrbp", PASSWORD, forwarded="198.51.100.66").status_code == 429
    # ...the real person, from their own address behind the same proxy, signs in.
    assert is_signed_in(login(client, "hrbp", PASSWORD, forwarded="10.20.30.40"))


def test_a_forged_forwarded_header_does_not_escape_the_lock(client, world):
    """Straight to the app (not through the proxy), X-Forwarded-For is ignored: rotating it
    does not give the attacker fresh addresses."""
    for n in range(6):
        login(client, "legal", "guess", remote="203.0.113.9", forwarded=f"198.51.100.{n}")
    assert login(client, "legal", PASSWORD, remote="203.0.113.9", forwarded="198.51.100.99").status_code == 429


def test_a_successful_login_resets_the_count_and_password_reset_stays_open(client, world):
    for _ in range(3):
        login(client, "approver", "guess", forwarded="10.20.30.40")
    assert is_signed_in(login(client, "approver", PASSWORD, forwarded="10.20.30.40"))
    assert client.get("/accounts/password-reset/").status_code in (200, 302)


def obtain(client, username):
    return client.post("/api/token/", {"username": username, "password": PASSWORD},
                       content_type="application/json").json()


def test_an_api_token_expires(client, world, settings):
    settings.FAREWELL_API_TOKEN_HOURS = 8
    data = obtain(client, "hrbp")
    assert data["expires_at"]
    assert client.get("/api/me/", HTTP_AUTHORIZATION=f"Token {data['token']}").status_code == 200
    Token.objects.filter(key=data["token"]).update(created=Token.objects.get(key=data["token"]).created
                                                   - dt.timedelta(hours=8, seconds=1))
    assert client.get("/api/me/", HTTP_AUTHORIZATION=f"Token {data['token']}").status_code in (401, 403)
    assert not Token.objects.filter(key=data["token"]).exists()
    fresh = obtain(client, "hrbp")["token"]
    assert fresh != data["token"]
    assert client.get("/api/me/", HTTP_AUTHORIZATION=f"Token {fresh}").status_code == 200


def test_logging_out_revokes_the_api_token(client, world):
    token = obtain(client, "hrbp")["token"]
    client.force_login(world.users["hrbp_sales"])
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/api/me/", HTTP_AUTHORIZATION=f"Token {token}").status_code in (401, 403)


# --- one address across many user names; the account's own lock and its reset paths -------------


def test_an_address_trying_fifty_user_names_is_throttled(client, world, settings):
    """One guess at each of 50 names never reaches the per-name limit (5): the address limit stops it."""
    attacker = "198.51.100.50"
    answers = [login(client, f"user{n}", "guess", forwarded=attacker).status_code for n in range(50)]
    limit = settings.FAREWELL_LOGIN_ADDRESS_LIMIT
    assert answers[:limit - 1] == [200] * (limit - 1)  # the login form again, with its error
    assert set(answers[limit - 1:]) == {429}  # the failure that reaches the limit already gets the lockout page
    # Locked for every name from that address, even with a right password ...
    assert login(client, "hrbp", PASSWORD, forwarded=attacker).status_code == 429
    # ... and only for that address: the real people sign in from their own.
    assert is_signed_in(login(client, "hrbp", PASSWORD, forwarded="10.20.30.40"))


def test_the_address_is_the_trusted_client_address(client, world, settings):
    """Straight to the app, a rotating X-Forwarded-For does not spread the guesses over fresh addresses."""
    for n in range(settings.FAREWELL_LOGIN_ADDRESS_LIMIT):
        login(client, f"user{n}", "guess", remote="203.0.113.9", forwarded=f"198.51.100.{n}")
    assert login(client, "legal", PASSWORD, remote="203.0.113.9", forwarded="198.51.100.200").status_code == 429


def _distributed_guesses(client, username, settings):
    """Guesses at one name from many addresses: each address stays under its own limits."""
    per_address = settings.FAREWELL_LOGIN_FAILURE_LIMIT - 1  # AXES_FAILURE_LIMIT is the security policy's callable
    for n in range(settings.FAREWELL_LOGIN_ACCOUNT_LIMIT // per_address + 1):
        for _ in range(per_address):
            login(client, username, "guess", forwarded=f"198.51.{n // 250}.{n % 250 + 1}")


def test_guesses_at_one_account_from_many_addresses_lock_the_account(client, world, settings):
    settings.FAREWELL_LOGIN_ACCOUNT_LIMIT = 12
    _distributed_guesses(client, "approver", settings)
    assert login(client, "approver", PASSWORD, forwarded="10.20.30.40").status_code == 429
    assert is_signed_in(login(client, "legal", PASSWORD, forwarded="10.20.30.40"))  # other accounts are not


def test_the_hr_admin_lifts_an_account_lock(client, world, settings):
    from farewell.ledger.models import LedgerEntry

    settings.FAREWELL_LOGIN_ACCOUNT_LIMIT = 12
    _distributed_guesses(client, "approver", settings)
    admin = world.users["hr_admin"]
    client.force_login(admin)
    page = client.get("/accounts/user/approver/").content.decode()
    assert "解除登录锁定" in page and "登录已锁定" in page
    # Not for an admin who does not manage the login, nor for anyone without users.manage.
    client.force_login(world.users["hrbp_sales"])
    assert client.post("/accounts/user/approver/unlock/").status_code == 403
    client.force_login(admin)
    assert client.post("/accounts/user/approver/unlock/").status_code == 302
    assert LedgerEntry.objects.filter(event="login_unlocked").exists()
    client.logout()
    assert is_signed_in(login(client, "approver", PASSWORD, forwarded="10.20.30.40"))


def test_a_new_password_through_the_emailed_link_lifts_the_account_lock(client, world, settings):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    settings.FAREWELL_LOGIN_ACCOUNT_LIMIT = 12
    _distributed_guesses(client, "approver", settings)
    user = world.users["approver"]
    link = f"/accounts/set-password/{urlsafe_base64_encode(force_bytes(user.pk))}/{default_token_generator.make_token(user)}/"
    form_url = client.get(link)["Location"]
    new = "a-new-Passw0rd-2026"
    assert client.post(form_url, {"new_password1": new, "new_password2": new}).status_code == 302
    assert is_signed_in(login(client, "approver", new, forwarded="10.20.30.40"))
