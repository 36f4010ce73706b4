"""Single sign-on in a real browser: the login page offers it only when configured, and the SSO button
goes through the (local, fake) OpenID provider and back, signed in as the employee the 工号 claim names."""

from __future__ import annotations

import os

import pytest

from tests.accounts.sso_fakes import FakeOIDCProvider
from tests.factories import make_company, make_employee, make_unit, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CLIENT_ID, CLIENT_SECRET = "farewell-rp", "rp-secret-for-tests-only-0123456789"


@pytest.fixture
def provider(settings):
    fake = FakeOIDCProvider(client_id=CLIENT_ID, client_secret=CLIENT_SECRET).start()
    settings.FAREWELL_OIDC_ISSUER = fake.issuer
    settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET = CLIENT_ID, CLIENT_SECRET
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = fake.base + "/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = fake.base + "/token"
    settings.OIDC_OP_USER_ENDPOINT = fake.base + "/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT, settings.OIDC_RP_SIGN_ALGO = None, "HS256"
    settings.FAREWELL_OIDC_CLAIM = settings.FAREWELL_OIDC_MATCH = "employee_number"
    settings.FAREWELL_WECOM_CORP_ID, settings.FAREWELL_WECOM_AGENT_ID = "ww1436e0e65a779aee", "1000002"
    settings.FAREWELL_WECOM_SECRET = "app-secret"
    yield fake
    fake.stop()


def test_the_sso_button_signs_the_employee_in_through_the_provider(live_server, page, provider, screenshot_dir):
    company = make_company(name="远航科技有限公司")
    lisi = make_employee(make_unit(company, "销售部"), "李四", employee_number="YH0042")
    make_user("lisi", "employee", employee=lisi)
    provider.signed_in_as = {"sub": "idp-42", "employee_number": "YH0042"}
    page.goto(live_server.url + "/accounts/login/")
    page.screenshot(path=os.path.join(screenshot_dir, "sso_login_page.png"), full_page=True)
    assert page.get_by_role("link", name="企业微信登录").is_visible()
    page.get_by_role("link", name="单点登录（SSO）").click()
    page.wait_for_url(live_server.url + "/me/**")
    assert "李四" in page.content()
    assert provider.calls == ["/authorize", "/token", "/userinfo"]
