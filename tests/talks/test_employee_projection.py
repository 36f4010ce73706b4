"""The employee sees a projection of a signed record and of the case: never the negotiation ceiling
(“HR当场可承诺的最高总额”), the policy cap, HR's guidance or internal notes; HR still sees them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from farewell.cases.models import CaseStep
from farewell.talks import services
from farewell.talks.projection import for_employee, record_for_employee
from tests.factories import Role, make_user

# The fixtures of tests/talks/conftest.py (imported by pytest as this directory's conftest).

CEILING = "96,000.00"  # statutory 84,000.00 + cap 12,000.00 (the fixture's case)
INTERNAL = ("当场可承诺", "最高总额", "政策上限", "不得当场承诺", CEILING, "96000.00")
LEGAL_NOTE = "法务内部意见：仲裁风险较高，底线可再加一个月"


@pytest.fixture
def signed(world, conversation):
    hr = world.users["hrbp_sales"]
    case = conversation.case
    assert case.extra_cap is not None and case.statutory_amount is not None
    assert f"{case.statutory_amount + case.extra_cap:,.2f}" == CEILING
    services.update_conversation(conversation, actor=hr, fields={
        "notes": f"说明了法定补偿的计算。\n内部：可承诺至 {CEILING} 元",
        "agreed": "员工同意考虑公司方案（合计 89,000.00 元），三日内答复",
    })
    # An internal note of another step on the case (legal's comment): never on the employee's pages.
    CaseStep.objects.filter(case=case).update(comment=LEGAL_NOTE)
    return services.sign_conversation(conversation, actor=hr)


def _html(client, user, url) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_employees_record_page_never_shows_the_ceiling_cap_or_guidance(client, world, signed):
    html = _html(client, world.users["employee"], reverse("talks:mine"))
    assert "3楼小会议室" in html and "89,000.00" in html  # the record and the offer are there …
    assert "12,000.00" in html  # … and the wage base, though it equals the cap
    for text in (*INTERNAL, LEGAL_NOTE, "内部：可承诺至"):
        assert text not in html, text


def test_the_employees_portal_never_shows_the_ceiling_cap_or_internal_notes(client, world, signed):
    html = _html(client, world.users["employee"], reverse("portal:home"))
    for text in (*INTERNAL, LEGAL_NOTE):
        assert text not in html, text
    assert "赵六" not in html and "陈七" not in html  # nobody else's data


def test_hr_still_sees_the_ceiling_and_the_cap(client, world, signed, plan):
    hr = world.users["hrbp_sales"]
    record = _html(client, hr, reverse("talks:conversation_detail", args=[signed.code]))
    assert "当场可承诺" in record and CEILING in record and "内部：可承诺至" in record
    plan_page = _html(client, hr, reverse("talks:plan_detail", args=[plan.code]))
    assert "政策上限" in plan_page and CEILING in plan_page


def test_the_projection_holds_only_the_allowed_fields(signed):
    projected = record_for_employee(signed)
    assert set(vars(projected)) == {"code", "held_at", "place", "version", "participants", "agenda", "notes",
                                    "employee_statements", "agreed", "next_steps", "checklist", "acknowledged_at"}
    text = " ".join(str(v) for v in vars(projected).values())
    for phrase in INTERNAL:
        assert phrase not in text, phrase
    assert all(set(p) == {"name", "role"} for p in projected.participants)


def test_a_ceiling_equal_to_the_offer_is_not_hidden(signed):
    """The offer is what the employee is told: a line naming it stays even if it equals the ceiling."""
    case = signed.case
    case.extra_compensation = case.extra_cap
    assert for_employee(f"合计 {CEILING} 元", case) == f"合计 {CEILING} 元"


def test_the_employees_pdf_copy_is_built_from_the_projection(client, world, signed, monkeypatch):
    printed = []

    def fake_pdf(html, *, base_url):
        printed.append(html)
        return b"%PDF-1.4 copy"

    monkeypatch.setattr("farewell.common.documents.html_to_pdf", fake_pdf)
    client.force_login(world.users["employee"])
    response = client.get(reverse("talks:mine_pdf", args=[signed.code]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    (html,) = printed
    assert "3楼小会议室" in html and "89,000.00" in html
    for text in (*INTERNAL, LEGAL_NOTE, "内部：可承诺至"):
        assert text not in html, text


def test_the_pdf_copy_is_only_the_employees_own(client, world, signed):
    for persona in ("hrbp_sales", "outsider"):
        client.force_login(world.users[persona])
        assert client.get(reverse("talks:mine_pdf", args=[signed.code])).status_code in (403, 404), persona
    client.force_login(make_user("zhaoliu", Role.EMPLOYEE, employee=world.zhaoliu))  # another employee
    assert client.get(reverse("talks:mine_pdf", args=[signed.code])).status_code == 404
    client.force_login(world.users["employee"])
    assert client.post(reverse("talks:mine_pdf", args=[signed.code])).status_code == 405
