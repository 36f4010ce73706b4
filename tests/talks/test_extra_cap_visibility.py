"""The company's internal cap on extra compensation (case.extra_cap) and HR's ceiling (statutory + cap) are for HR,
legal and leadership only (the lead's decision): the line manager, who reads the case and the record of a talk
they took part in, sees the rest of them but never the cap. The surfaces a manager reaches: the case page (the
proposal, the checks), the case API, the conversation record (its agenda copies the plan's options, whose seeded
template names {extra_cap} and {max_amount}) and its API; the plan itself, its API and its exports stay HR's and
legal's (talks.plan, talks.export)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from farewell.accounts import policy
from farewell.accounts.models import Role
from farewell.cases import services as case_services
from farewell.cases.models import CompensationPolicy
from farewell.talks import services
from farewell.talks.models import Participant, ParticipantRole

# The persona, and whether it sees the cap on each surface ("-": the surface is closed to it).
# Columns: case page, case API, conversation page, conversation API, plan page, plan API.
CAP_MATRIX = {
    "hr_admin":   (True, True, True, True, True, True),
    "hrbp_sales": (True, True, True, True, True, True),
    "legal":      (True, True, True, True, True, True),
    "approver":   (True, True, "-", "-", "-", "-"),
    "manager":    (False, False, False, False, "-", "-"),
}


@pytest.fixture
def talk(world, records):
    from tests.cases.conftest import give_wages
    from tests.factories import make_contract

    give_wages(world.lisi)
    make_contract(world.lisi, kind="open_ended", end_date=None)
    # 1.5 months' wage: a figure that is not also the wage base on the page.
    CompensationPolicy.objects.create(company=world.company, case_type="mutual_employer",
                                      extra_cap_months=Decimal("1.5"))
    hr = world.users["hrbp_sales"]
    case = case_services.open_case(world.lisi, "mutual_employer", actor=hr,
                                   separation_date=timezone.localdate() + dt.timedelta(days=40),
                                   extra_compensation=Decimal(50000))
    case_services.update_case(case, actor=hr, employee_demand=Decimal(900000))
    case.refresh_from_db()
    assert case.extra_cap is not None and case.extra_compensation > case.extra_cap
    plan = services.generate_plan(world.lisi, actor=hr, case=case, situation="mutual_agreement")
    conversation = services.start_conversation(plan, actor=hr, held_at=timezone.now(), place="3楼小会议室")
    Participant.objects.create(conversation=conversation, name=world.boss.name, role=ParticipantRole.MANAGER,
                               employee=world.boss)
    cap = f"{case.extra_cap:,.2f}"
    ceiling = f"{(case.statutory_amount or 0) + case.extra_cap:,.2f}"
    return case, plan, conversation, cap, ceiling


def _surfaces(case, plan, conversation):
    return (f"/cases/{case.code}/", f"/api/cases/{case.code}/", f"/talks/records/{conversation.code}/",
            f"/api/talks/conversations/{conversation.code}/", f"/talks/plans/{plan.code}/",
            f"/api/talks/plans/{plan.code}/")


def test_the_plan_and_the_record_state_the_cap_for_hr(talk):
    case, plan, conversation, cap, ceiling = talk
    assert cap in plan.options and ceiling in plan.options and "额外补偿上限" in str(plan.facts)
    assert cap in conversation.agenda


@pytest.mark.parametrize("persona", list(CAP_MATRIX))
def test_who_sees_the_cap(client, world, talk, persona):
    case, plan, conversation, cap, ceiling = talk
    client.force_login(world.users[persona])
    for url, sees in zip(_surfaces(case, plan, conversation), CAP_MATRIX[persona], strict=True):
        response = client.get(url)
        if sees == "-":
            assert response.status_code in (403, 404), (url, response.status_code)
            continue
        assert response.status_code == 200, (url, response.status_code)
        body = response.content.decode()
        shown = cap in body or ceiling in body or cap.replace(",", "") in body or "HR当场可承诺" in body
        assert shown is sees, (persona, url)
        if not sees:  # the rest stays: the offer, the extra, the record
            assert f"{case.extra_compensation:,.2f}" in body or f"{case.extra_compensation:.2f}" in body, url


def test_the_manager_still_reads_the_rest_of_the_agenda(client, world, talk):
    case, plan, conversation, cap, ceiling = talk
    client.force_login(world.users["manager"])
    body = client.get(f"/talks/records/{conversation.code}/").content.decode()
    assert plan.title in body and "告知事项" in body


def test_the_policy_names_who_may_read_the_cap():
    assert policy.ACTIONS["case.extra_cap"] == {Role.HR_ADMIN, Role.HRBP, Role.LEGAL, Role.APPROVER}


# --- the approval steps' reasons (workflow.condition_facts): a step skipped or added when the facts change ------
# Columns: case page, case API (GET), case API answer to a facts change (PATCH: HR only), in Chinese and English.
STEP_MATRIX = {
    "hr_admin":   (True, True, True),
    "hrbp_sales": (True, True, True),
    "legal":      (True, True, "-"),
    "approver":   (True, True, "-"),
    "manager":    (False, False, "-"),
}


@pytest.fixture
def skipped(world):
    """A case in review whose extra went over the cap (legal review added) and back under it (skipped, with
    the figures in the reason), plus a step skipped by the code before the reason was kept (its comment worded
    with the figures)."""
    from tests.cases.conftest import give_wages
    from tests.factories import make_contract

    give_wages(world.lisi)
    make_contract(world.lisi, kind="open_ended", end_date=None)
    CompensationPolicy.objects.create(company=world.company, case_type="mutual_employer",
                                      extra_cap_months=Decimal("1.5"))
    opener, hr = world.users["hr_admin"], world.users["hrbp_sales"]
    case = case_services.open_case(world.lisi, "mutual_employer", actor=opener,
                                   separation_date=timezone.localdate() + dt.timedelta(days=40))
    case_services.submit_case(case, actor=opener)
    case.refresh_from_db()
    over = case.extra_cap + 777
    case_services.update_case(case, actor=hr, extra_compensation=over)
    case_services.update_case(case, actor=hr, extra_compensation=Decimal(1234))
    case.refresh_from_db()
    legal = case.steps.get(kind="legal_review")
    assert legal.status == "skipped" and legal.reason["why"] == "extra_within_cap"
    cap = f"{case.extra_cap:.2f}"
    old = case.steps.get(kind="leadership_approval")  # an old row: the text the code used to store
    type(old).objects.filter(pk=old.pk).update(
        status="skipped", reason=None, comment=f"协商额外补偿 {over} 元超出上限 {cap} 元，需要此步骤")
    return case, cap


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("persona", list(STEP_MATRIX))
def test_who_reads_the_cap_in_the_steps(client, world, skipped, persona, language):
    case, cap = skipped
    client.force_login(world.users[persona])
    client.cookies["django_language"] = language
    page, api, patched = STEP_MATRIX[persona]
    body = client.get(f"/cases/{case.code}/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert "data-skip-reason" in body and "1234" in body  # the reason is there, with the extra
    assert (cap in body) is page, (persona, "page")
    data = client.get(f"/api/cases/{case.code}/", HTTP_ACCEPT_LANGUAGE=language).json()
    comments = " ".join(s["comment"] for s in data["steps"])
    assert "1234" in comments and (cap in comments) is api, (persona, "api", comments)
    response = client.patch(f"/api/cases/{case.code}/", {"employee_demand": "99999"},
                            content_type="application/json", HTTP_ACCEPT_LANGUAGE=language)
    if patched == "-":
        assert response.status_code in (403, 404), response.status_code
    else:
        assert response.status_code == 200, response.content
        comments = " ".join(s["comment"] for s in response.json()["steps"])
        assert (cap in comments) is patched and response.json()["extra_cap"] is not None


def test_the_manager_reads_why_without_the_figure(client, world, skipped):
    case, cap = skipped
    client.force_login(world.users["manager"])
    steps = {s["kind"]: s["comment"] for s in client.get(f"/api/cases/{case.code}/").json()["steps"]}
    assert steps["legal_review"] == "协商额外补偿 1234 元未超出公司政策上限，且事由不属于第三十九/四十条：不再需要此步骤"
    assert steps["leadership_approval"] == "案件事实变化后不再需要此步骤"  # the old row: no figure at all
