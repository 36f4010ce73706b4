"""OIDC single sign-on against a local OpenID provider (tests/accounts/sso_fakes.py): a claim names an
existing, active login by 工号 or e-mail, or the sign-in is refused with a reason; nothing is created or
granted from a claim; off unless configured; the password login stays."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from farewell.accounts.models import RoleGrant, User
from tests.accounts.sso_fakes import FakeOIDCProvider
from tests.factories import PASSWORD

CLIENT_ID, CLIENT_SECRET = "farewell-rp", "rp-secret-for-tests-only-0123456789"
OIDC_SETTINGS = ("FAREWELL_OIDC_ISSUER", "OIDC_RP_CLIENT_ID", "OIDC_RP_CLIENT_SECRET",
                 "OIDC_OP_AUTHORIZATION_ENDPOINT", "OIDC_OP_TOKEN_ENDPOINT", "OIDC_OP_USER_ENDPOINT")


@pytest.fixture
def provider(settings):
    fake = FakeOIDCProvider(client_id=CLIENT_ID, client_secret=CLIENT_SECRET).start()
    settings.FAREWELL_OIDC_ISSUER = fake.issuer
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = fake.base + "/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = fake.base + "/token"
    settings.OIDC_OP_USER_ENDPOINT = fake.base + "/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = None
    settings.OIDC_RP_SIGN_ALGO = "HS256"
    settings.FAREWELL_OIDC_CLAIM = "employee_number"
    settings.FAREWELL_OIDC_MATCH = "employee_number"
    yield fake
    fake.stop()


def sign_in(client, provider, claims: dict):
    """The browser's round trip: Farewell's redirect to the provider, the provider's code, the callback."""
    start = client.get("/accounts/sso/oidc/login/")
    assert start.status_code == 302
    location = urlparse(start["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == provider.base + "/authorize"
    asked = {k: v[0] for k, v in parse_qs(location.query).items()}
    assert asked["client_id"] == CLIENT_ID and asked["code_challenge_method"] == "S256"
    provider.issue_code("code-1", claims={"sub": "idp-42", **claims}, nonce=asked["nonce"],
                        code_challenge=asked["code_challenge"], redirect_uri=asked["redirect_uri"])
    return client.get("/accounts/sso/oidc/callback/", {"code": "code-1", "state": asked["state"]})


def signed_in_user(client):
    return client.session.get("_auth_user_id")


def test_a_known_employee_number_signs_in_that_login_and_nothing_else_changes(client, world, provider):
    lisi = world.users["employee"]
    grants_before = list(RoleGrant.objects.values_list("user", "role").order_by("pk"))
    users_before = User.objects.count()
    response = sign_in(client, provider, {"employee_number": world.lisi.employee_number, "email": "x@idp.test"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert signed_in_user(client) == str(lisi.pk)
    assert client.get("/").status_code == 302  # the home page sends lisi on to her portal
    assert provider.calls == ["/token", "/userinfo"]
    assert User.objects.count() == users_before
    assert list(RoleGrant.objects.values_list("user", "role").order_by("pk")) == grants_before
    lisi.refresh_from_db()
    assert lisi.email == ""  # the claim's e-mail is not written onto the login


def test_an_unknown_employee_number_is_refused_with_a_reason_and_no_login_is_made(client, world, provider):
    users_before = User.objects.count()
    response = sign_in(client, provider, {"employee_number": "E-NOBODY"})
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert signed_in_user(client) is None
    page = client.get("/accounts/login/").content.decode()
    assert "没有工号为“E-NOBODY”的 Farewell 用户" in page
    assert User.objects.count() == users_before


def test_a_deactivated_login_is_refused(client, world, provider):
    lisi = world.users["employee"]
    lisi.is_active = False
    lisi.save(update_fields=["is_active"])
    response = sign_in(client, provider, {"employee_number": world.lisi.employee_number})
    assert response["Location"] == "/accounts/login/"
    assert signed_in_user(client) is None
    assert "该 Farewell 账号已停用" in client.get("/accounts/login/").content.decode()


def test_an_email_claim_names_the_login_through_its_employee(client, world, provider, settings):
    settings.FAREWELL_OIDC_CLAIM = settings.FAREWELL_OIDC_MATCH = "email"
    world.chenqi.email = "chenqi@yuanhang.test"
    world.chenqi.save(update_fields=["email"])
    chenqi = User.objects.create_user("chenqi", password=PASSWORD, employee=world.chenqi)
    sign_in(client, provider, {"email": "ChenQi@YuanHang.test"})
    assert signed_in_user(client) == str(chenqi.pk)


def test_a_claim_that_is_missing_is_refused(client, world, provider):
    sign_in(client, provider, {"email": "lisi@idp.test"})
    assert signed_in_user(client) is None
    assert "身份提供方没有给出工号" in client.get("/accounts/login/").content.decode()


def test_the_password_login_stays_while_sso_is_on(client, world, provider):
    page = client.get("/accounts/login/").content.decode()
    assert "/accounts/sso/oidc/login/" in page
    response = client.post("/accounts/login/", {"username": "lisi", "password": PASSWORD})
    assert response.status_code == 302
    assert signed_in_user(client) == str(world.users["employee"].pk)


def test_unconfigured_the_urls_are_404_and_the_login_page_has_no_sso_button(client, world, settings):
    for name in OIDC_SETTINGS:
        assert getattr(settings, name) == ""  # the test settings configure nothing
    assert client.get("/accounts/sso/oidc/login/").status_code == 404
    assert client.get("/accounts/sso/oidc/callback/", {"code": "c", "state": "s"}).status_code == 404
    page = client.get("/accounts/login/").content.decode()
    assert "sso/oidc" not in page and "单点登录" not in page


def test_half_configured_is_off(client, world, provider, settings):
    settings.OIDC_RP_CLIENT_SECRET = ""
    assert client.get("/accounts/sso/oidc/login/").status_code == 404
    assert "sso/oidc" not in client.get("/accounts/login/").content.decode()


def test_an_id_token_from_another_issuer_signs_nobody_in(client, world, provider, settings):
    settings.FAREWELL_OIDC_ISSUER = "https://idp.other.test/"
    response = sign_in(client, provider, {"employee_number": world.lisi.employee_number})
    assert response.status_code == 400
    assert signed_in_user(client) is None
