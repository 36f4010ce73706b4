"""Every free-text input is bounded: no posted form field longer than FAREWELL_MAX_TEXT_CHARS
(20,000) — a pasted transcript's "text" may be longer — whatever the form itself declares."""

from __future__ import annotations

from django.conf import settings


def test_an_overlong_field_is_refused_before_any_view(client, world):
    limit = settings.FAREWELL_MAX_TEXT_CHARS
    response = client.post("/accounts/login/", {"username": "x" * (limit + 1), "password": "y"})
    assert response.status_code == 400
    html = response.content.decode()
    assert f"“username”一项超过 {limit} 个字" in html  # names the field
    assert 'id="back-hint"' in html  # and the way back to what was typed
    client.force_login(world.users["hr_admin"])
    response = client.post("/talks/settings/phrases/", {"phrases": "仲裁\n" * (limit // 3 + 1)})
    assert response.status_code == 400


def test_text_at_the_limit_passes_and_a_transcript_may_be_long(client, world):
    limit = settings.FAREWELL_MAX_TEXT_CHARS
    assert client.post("/accounts/login/", {"username": "x" * limit, "password": "y"}).status_code == 200
    response = client.post("/accounts/login/", {"username": "u", "password": "y", "text": "话" * (limit * 5)})
    assert response.status_code == 200


def test_an_overlong_user_name_is_a_failed_login_not_a_crash(client, world):
    """Within the text bound but longer than any user name: axes records it cut to 150 (its
    column would not hold more on PostgreSQL), the API refuses it as invalid."""
    from axes.models import AccessAttempt

    response = client.post("/accounts/login/", {"username": "名" * 5000, "password": "y"})
    assert response.status_code == 200
    assert AccessAttempt.objects.get().username == "名" * 150
    response = client.post("/api/token/", {"username": "名" * 5000, "password": "y"}, content_type="application/json")
    assert response.status_code == 400


def test_get_on_a_form_target_shows_a_page_not_an_empty_body(client, world):
    client.force_login(world.users["hr_admin"])
    response = client.get("/records/import/")
    assert response.status_code == 405
    assert "POST" in response["Allow"]
    assert "只用于提交表单" in response.content.decode()
    # the API's 405 stays DRF's JSON
    response = client.get("/api/token/")
    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/json")


def test_the_refusal_names_the_label_the_user_saw_not_the_html_name(client, world):
    """Several forms have a field named `reason`, each under its own label: the page names the one
    of the form that was posted (issue: the walkthrough read “reason”)."""
    limit = settings.FAREWELL_MAX_TEXT_CHARS
    client.force_login(world.users["employee"])
    response = client.post("/me/resign/", {"reason": "因" * (limit + 1), "confirm": "on"})
    html = response.content.decode()
    assert response.status_code == 400
    assert f"“离职原因（可不填）”一项超过 {limit} 个字" in html and "“reason”" not in html
    client.force_login(world.users["hr_admin"])
    response = client.post("/accounts/user/lisi/deactivate/", {"reason": "因" * (limit + 1)})
    assert response.status_code == 400
    assert f"“停用原因”一项超过 {limit} 个字" in response.content.decode()


def test_a_prefixed_field_is_named_by_its_label_too(client, world):
    """A formset's or a prefixed form's field (`form-0-note`, `map-…`) is found by its own name."""
    from farewell.common.limits import field_label

    assert field_label("/me/resign/", "form-3-reason", {"form-3-reason"}) == "离职原因（可不填）"
    assert field_label("/no/such/page/", "xyz_unknown", {"xyz_unknown"}) == "xyz_unknown"
