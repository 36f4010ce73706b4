"""POST /api/token/: a token for a username and password, throttled by django-axes."""

from __future__ import annotations

from axes.models import AccessAttempt

from tests.factories import PASSWORD


def obtain(client, username, password):
    return client.post(
        "/api/token/", {"username": username, "password": password}, content_type="application/json"
    )


def test_it_gives_a_token_for_the_right_password(client, world):
    response = obtain(client, "hrbp", PASSWORD)
    assert response.status_code == 200
    assert len(response.json()["token"]) == 40


def test_the_token_authenticates_the_api(client, world):
    token = obtain(client, "lisi", PASSWORD).json()["token"]
    response = client.get("/api/me/", HTTP_AUTHORIZATION=f"Token {token}")
    assert response.status_code == 200
    assert response.json() == {
        "username": "lisi",
        "display_name": "lisi",
        "roles": ["employee"],
        "employee_code": str(world.lisi.code),
        "companies": [{"id": world.company.pk, "code": str(world.company.code), "credit_code": world.company.credit_code,
                       "name": world.company.name}],  # the employee role is a grant in their company
    }


def test_it_gives_the_same_token_twice(client, world):
    assert obtain(client, "legal", PASSWORD).json() == obtain(client, "legal", PASSWORD).json()


def test_it_rejects_a_wrong_password(client, world):
    response = obtain(client, "hrbp", "wrong")
    assert response.status_code == 400
    assert "token" not in response.json()


def test_it_rejects_a_bad_token(client, world):
    assert client.get("/api/me/", HTTP_AUTHORIZATION="Token " + "0" * 40).status_code in (401, 403)


def test_it_rejects_get(client, world):
    assert client.get("/api/token/").status_code == 405


def test_it_locks_out_after_five_bad_passwords(client, world):
    for _ in range(4):
        assert obtain(client, "hrbp", "wrong").status_code == 400
    # The fifth failure locks the username out (AXES_FAILURE_LIMIT = 5)...
    assert obtain(client, "hrbp", "wrong").status_code == 429
    # ...and now even the right password is refused, and axes recorded the failures.
    response = obtain(client, "hrbp", PASSWORD)
    assert response.status_code == 429
    assert "token" not in response.json()
    assert AccessAttempt.objects.get(username="hrbp").failures_since_start >= 5


def test_a_lockout_is_per_username(client, world):
    for _ in range(5):
        obtain(client, "hrbp", "wrong")
    assert obtain(client, "legal", PASSWORD).status_code == 200
