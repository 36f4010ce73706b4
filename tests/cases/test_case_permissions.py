"""Who may reach each case page and endpoint: every persona × every new URL.

李四's case is in 销售部 (the sales HRBP's and the manager's scope); 陈七's in 研发部 (outside
them); the foreign case in another company (outside everybody's). 404 outside scope, 403 in
scope but not allowed; anonymous → the login page (pages) or 403 (API).
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from farewell.cases import services
from tests.factories import make_company, make_employee, make_unit

PERSONAS = ("hr_admin", "hrbp_sales", "legal", "manager", "approver", "employee", "auditor", "outsider", "anonymous")
LOGIN = "login"

# Columns: hr_admin, hrbp_sales, legal, manager, approver, employee, auditor, outsider, anonymous.
GET_MATRIX: dict[str, tuple] = {
    "/cases/":                        (200, 200, 200, 200, 200, 403, 403, 403, LOGIN),
    "/cases/inbox/":                  (200, 200, 200, 200, 200, 403, 403, 403, LOGIN),
    "/cases/{lisi}/":                 (200, 200, 200, 200, 200, 403, 404, 404, LOGIN),
    "/cases/{chenqi}/":               (200, 404, 200, 404, 200, 404, 404, 404, LOGIN),
    "/cases/{foreign}/":              (404, 404, 404, 404, 404, 404, 404, 404, LOGIN),
    "/cases/open/{lisi_employee}/":   (200, 200, 403, 200, 403, 403, 404, 404, LOGIN),
    "/cases/open/{chenqi_employee}/": (200, 404, 403, 404, 403, 404, 404, 404, LOGIN),
    "/cases/workflows/":              (200, 403, 403, 403, 403, 403, 403, 403, LOGIN),
    "/cases/workflows/mutual_employer/": (200, 403, 403, 403, 403, 403, 403, 403, LOGIN),
    "/cases/policies/":               (200, 403, 403, 403, 403, 403, 403, 403, LOGIN),
    "/me/":                           (403, 403, 403, 403, 403, 200, 403, 403, LOGIN),
    "/api/cases/":                    (200, 200, 200, 200, 200, 403, 403, 403, 403),
    "/api/cases/{lisi}/":             (200, 200, 200, 200, 200, 403, 403, 403, 403),
    "/api/cases/{chenqi}/":           (200, 404, 200, 404, 200, 403, 403, 403, 403),
    "/api/cases/{foreign}/":          (404, 404, 404, 404, 404, 403, 403, 403, 403),
}  # fmt: skip

# 三员分立: every write by the audit admin is refused before the view (AuditReadOnlyMiddleware).
AUDIT_ADMIN_WRITES = 403
# POSTs that change something, with an empty/harmless body: who gets past the access check.
# 302 = allowed (redirect back to the page), 400 = allowed but the body is invalid.
POST_MATRIX: dict[str, tuple] = {
    "/cases/{lisi}/action/":          (302, 302, 403, 403, 403, 403, 404, 404, LOGIN),
    "/cases/{lisi}/update/":          (400, 400, 403, 403, 403, 403, 404, 404, LOGIN),
    "/cases/{lisi}/messages/":        (302, 302, 403, 403, 403, 403, 404, 404, LOGIN),
    "/cases/{chenqi}/action/":        (302, 404, 403, 404, 403, 404, 404, 404, LOGIN),
    "/cases/steps/{lisi_step}/decide/": (403, 302, 403, 403, 403, 403, 403, 403, LOGIN),
    "/api/cases/{lisi}/transition/":  (400, 400, 400, 400, 400, 403, 403, 403, 403),
    "/me/resign/":                    (403, 403, 403, 403, 403, 302, 403, 403, LOGIN),
    "/me/negotiate/":                 (403, 403, 403, 403, 403, 302, 403, 403, LOGIN),
    "/me/confirm/":                   (403, 403, 403, 403, 403, 404, 403, 403, LOGIN),
    "/me/messages/":                  (403, 403, 403, 403, 403, 302, 403, 403, LOGIN),
}  # fmt: skip


@pytest.fixture
def urls(staffed):
    world = staffed
    soon = timezone.localdate() + timezone.timedelta(days=40)
    hr = world.users["hr_admin"]
    lisi_case = services.open_case(world.lisi, "mutual_employer", actor=hr, separation_date=soon)
    services.submit_case(lisi_case, actor=hr)
    chenqi_case = services.open_case(world.chenqi, "mutual_employer", actor=hr, separation_date=soon)
    foreign_employee = make_employee(make_unit(make_company(name="别家公司"), "总部"), "外人")
    foreign_case = services.open_case(foreign_employee, "mutual_employer", actor=None, separation_date=soon)
    return {
        "lisi": lisi_case.code, "chenqi": chenqi_case.code, "foreign": foreign_case.code,
        "lisi_employee": world.lisi.code, "chenqi_employee": world.chenqi.code,
        "lisi_step": lisi_case.steps.get(status="active").code,
    }


def _check(client, world, persona, method, url, expected):
    if persona != "anonymous":
        client.force_login(world.users[persona])
    if method == "post" and url.startswith("/api/"):
        response = client.post(url, {}, content_type="application/json")
    else:
        response = getattr(client, method)(url)
    if expected == LOGIN:
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), (
            f"{persona} {method} {url}: {response.status_code}")
    else:
        assert response.status_code == expected, f"{persona} {method.upper()} {url}: {response.status_code}"


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url", list(GET_MATRIX))
def test_get(client, staffed, urls, persona, url):
    expected = GET_MATRIX[url][PERSONAS.index(persona)]
    _check(client, staffed, persona, "get", url.format(**urls), expected)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url", list(POST_MATRIX))
def test_post(client, staffed, urls, persona, url):
    expected = AUDIT_ADMIN_WRITES if persona == "auditor" else POST_MATRIX[url][PERSONAS.index(persona)]
    _check(client, staffed, persona, "post", url.format(**urls), expected)


def test_mutations_need_csrf(staffed, urls):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(staffed.users["hrbp_sales"])
    assert client.post(f"/cases/{urls['lisi']}/action/", {"action": "withdraw"}).status_code == 403
