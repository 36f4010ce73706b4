"""The exit interview record: stated reasons in the taxonomy and free text; signed → immutable;
corrections are new versions; every step in the ledger; HR only."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from farewell.exits import services
from farewell.exits.models import ExitInterview, ExitReason, InterviewStatus, Rehire
from farewell.ledger.models import LedgerEntry
from tests.exits.conftest import leave

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 6, 30)


@pytest.fixture
def departure(world, hr):
    return leave(world.lisi, DAY, actor=hr)


@pytest.fixture
def interview(departure, hr):
    return services.start_interview(departure, acting_user=hr, held_at=timezone.now())


def _reasons(*codes, primary=None):
    return [{"reason": ExitReason.objects.get(code=c), "primary": c == primary, "note": f"{c}的原话"} for c in codes]


def test_it_records_stated_reasons_and_free_text(interview, hr):
    services.update_interview(interview, acting_user=hr, fields={"statements": "工资三年没涨"},
                              reasons=_reasons("pay_below_market", "workload_overtime", primary="pay_below_market"))
    interview.refresh_from_db()
    assert interview.statements == "工资三年没涨"
    assert [r.reason.code for r in interview.reasons.all()] == ["pay_below_market", "workload_overtime"]


def test_only_one_primary_reason(interview, hr):
    reasons = _reasons("pay", "manager")
    for r in reasons:
        r["primary"] = True
    with pytest.raises(services.ExitError):
        services.update_interview(interview, acting_user=hr, fields={}, reasons=reasons)


def test_signing_needs_a_reason(interview, hr):
    with pytest.raises(services.ExitError):
        services.sign_interview(interview, acting_user=hr)


def test_a_signed_record_is_immutable_and_in_the_ledger(interview, departure, hr):
    services.update_interview(interview, acting_user=hr, fields={"statements": "原话"},
                              reasons=_reasons("pay_below_market", primary="pay_below_market"))
    services.sign_interview(interview, acting_user=hr)
    with pytest.raises(services.ExitError):
        services.update_interview(interview, acting_user=hr, fields={"statements": "改过的"})
    with pytest.raises(services.ExitError):
        services.sign_interview(interview, acting_user=hr)
    interview.refresh_from_db()
    assert interview.statements == "原话" and interview.status == InterviewStatus.SIGNED
    snapshot = json.loads(LedgerEntry.objects.get(event="exits.interview.signed").payload)
    assert snapshot["statements"] == "原话"
    assert snapshot["reasons"] == [{"reason": "pay_below_market", "name": "工资低于市场水平", "primary": True,
                                    "note": "pay_below_market的原话"}]
    departure.refresh_from_db()
    assert departure.stated_reason.code == "pay_below_market"


def test_signing_re_proposes_rehire_from_the_stated_reason(interview, departure, hr):
    services.update_interview(interview, acting_user=hr, fields={},
                              reasons=_reasons("company_misconduct", primary="company_misconduct"))
    services.sign_interview(interview, acting_user=hr)
    departure.refresh_from_db()
    assert departure.rehire_proposal == Rehire.NOT_ELIGIBLE


def test_a_correction_is_a_new_version_and_the_signed_one_stays(interview, departure, hr):
    services.update_interview(interview, acting_user=hr, fields={"statements": "v1"},
                              reasons=_reasons("pay", primary="pay"))
    services.sign_interview(interview, acting_user=hr)
    with pytest.raises(services.ExitError):
        services.correct_interview(interview, acting_user=hr, reason=" ")
    new = services.correct_interview(interview, acting_user=hr, reason="漏记了加班的说法")
    assert new.version == 2 and new.previous == interview and new.status == InterviewStatus.DRAFT
    assert [r.reason.code for r in new.reasons.all()] == ["pay"]
    services.update_interview(new, acting_user=hr, fields={"statements": "v2"},
                              reasons=_reasons("pay", "workload_overtime", primary="pay"))
    services.sign_interview(new, acting_user=hr)
    interview.refresh_from_db()
    assert interview.statements == "v1"
    assert services.latest_interview(departure) == new
    with pytest.raises(services.ExitError):
        services.correct_interview(interview, acting_user=hr, reason="再来一次")


# --- pages -----------------------------------------------------------------------------------


def test_hr_records_and_signs_through_the_pages(client, departure, hr):
    client.force_login(hr)
    response = client.post(f"/exits/departures/{departure.code}/interviews/",
                           {"held_at": "2026-06-25T10:00", "channel": "in_person"})
    interview = ExitInterview.objects.get(departure=departure)
    assert response.status_code == 302 and response["Location"] == f"/exits/interviews/{interview.code}/"
    pay = ExitReason.objects.get(code="pay_below_market")
    data = {"held_at": "2026-06-25T10:00", "channel": "in_person", "interviewer": "HRBP", "statements": "工资低",
            "liked": "", "suggestions": "", "would_return": "true",
            "r-TOTAL_FORMS": "2", "r-INITIAL_FORMS": "0", "r-MIN_NUM_FORMS": "0", "r-MAX_NUM_FORMS": "12",
            "r-0-reason": pay.pk, "r-0-primary": "on", "r-0-note": "比同行低两成", "r-1-reason": "", "r-1-note": ""}
    assert client.post(f"/exits/interviews/{interview.code}/", data).status_code == 302
    assert client.post(f"/exits/interviews/{interview.code}/sign/").status_code == 302
    interview.refresh_from_db()
    assert interview.is_signed and interview.would_return is True
    page = client.get(f"/exits/interviews/{interview.code}/").content.decode()
    assert "比同行低两成" in page and 'id="signed-note"' in page and 'id="interview-form"' not in page
    # a POST to a signed record changes nothing
    data["statements"] = "改写"
    client.post(f"/exits/interviews/{interview.code}/", data)
    interview.refresh_from_db()
    assert interview.statements == "工资低"


@pytest.mark.parametrize(("persona", "status"), [
    ("hr_admin", 200), ("hrbp_sales", 200), ("legal", 403), ("manager", 403), ("approver", 403),
    ("employee", 403), ("auditor", 404), ("outsider", 404),
])
def test_who_reads_an_interview(client, world, interview, persona, status):
    client.force_login(world.users[persona])
    assert client.get(f"/exits/interviews/{interview.code}/").status_code == status
    assert client.get(f"/exits/departures/{interview.departure.code}/").status_code == status


@pytest.mark.parametrize("persona", ["legal", "approver", "manager", "employee"])
def test_only_hr_writes(client, world, interview, persona):
    client.force_login(world.users[persona])
    assert client.post(f"/exits/interviews/{interview.code}/sign/").status_code in (403, 404)
    assert client.post(f"/exits/departures/{interview.departure.code}/rehire/",
                       {"rehire": "eligible", "reason": "x"}).status_code in (403, 404)
    interview.refresh_from_db()
    assert interview.status == InterviewStatus.DRAFT


def test_the_hrbp_of_another_unit_sees_nothing(client, world, hr):
    departure = leave(world.chenqi, DAY, actor=world.users["hr_admin"])
    client.force_login(hr)  # 销售部 only; 陈七 is in 研发部
    assert client.get(f"/exits/departures/{departure.code}/").status_code == 404


def test_the_departure_list_has_a_bounded_query_count(client, world, hr, django_assert_max_num_queries):
    from tests.exits.conftest import staff

    for i, employee in enumerate(staff(world.sales, 12, prefix="离职")):
        leave(employee, DAY - dt.timedelta(days=i), actor=hr)
    client.force_login(hr)
    with django_assert_max_num_queries(12):
        response = client.get("/exits/")
    assert response.status_code == 200 and response.content.decode().count("/exits/departures/") == 12
