"""Offboarding through the API (issue 19): the handover checklist (items, tick, confirm, return, changes),
the post-exit duties and the settlement — the pages' forms, services, ledger and scope; errors name the field."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from farewell.ledger.models import LedgerEntry
from farewell.offboarding.models import DutyStatus, HandoverItem, ItemStatus, Settlement, SettlementStatus
from farewell.org.models import LocalWageFigure
from tests.factories import Role, make_company, make_employee, make_unit, make_user

from .conftest import in_handover


def _json(client, method, url, data=None):
    return getattr(client, method)(url, data or {}, content_type="application/json")


@pytest.fixture
def foreign_hr(world):
    """An HR admin of another company: every case here is outside their scope."""
    other = make_company(name="别家公司")
    make_employee(make_unit(other, "总部"), "外人")
    return make_user("foreign_hr", Role.HR_ADMIN, company=other)


@pytest.fixture
def item(handover_case):
    """One of 李四's items: she hands it over, her manager (the `manager` persona) receives it."""
    item = handover_case.handover_items.select_related("receiver").order_by("order").first()
    assert item.receiver.username == "manager"
    return item


# --- 交接 -----------------------------------------------------------------------------------------------


def test_the_overview_lists_what_each_person_hands_over_and_receives(client, staffed, handover_case, item):
    client.force_login(staffed.users["employee"])
    mine = client.get("/api/offboarding/").json()
    assert str(item.code) in {i["code"] for i in mine["mine"]} and mine["cases"] == []
    client.force_login(staffed.users["manager"])
    theirs = client.get("/api/offboarding/").json()
    assert str(item.code) in {i["code"] for i in theirs["to_receive"]}
    client.force_login(staffed.users["hrbp_sales"])
    [case] = client.get("/api/offboarding/").json()["cases"]
    assert case["case"] == str(handover_case.code) and case["progress"]["total"] == handover_case.handover_items.count()
    client.force_login(staffed.users["auditor"])
    assert client.get("/api/offboarding/").status_code == 403


def test_a_cases_offboarding_follows_the_scope(client, staffed, handover_case, foreign_hr):
    url = f"/api/offboarding/cases/{handover_case.code}/"
    client.force_login(staffed.users["hrbp_sales"])
    body = client.get(url).json()
    assert len(body["items"]) == handover_case.handover_items.count() and body["duties"]
    assert "certificate" in body["document_kinds"] and body["settlement"] is None
    client.force_login(staffed.users["manager"])  # sees it, manages nothing
    body = client.get(url).json()
    assert body["items"] and body["document_kinds"] == [] and body["former_access"] is None
    client.force_login(staffed.users["employee"])
    assert client.get(url).status_code == 403
    client.force_login(foreign_hr)
    assert client.get(url).status_code == 404


def test_the_leaver_ticks_the_receiver_returns_then_confirms(client, staffed, item):
    base = f"/api/offboarding/items/{item.code}"
    client.force_login(staffed.users["manager"])
    assert _json(client, "post", f"{base}/tick/").status_code == 403  # not the leaver
    client.force_login(staffed.users["employee"])
    ticked = _json(client, "post", f"{base}/tick/", {"comment": "已移交客户名单"})
    assert ticked.status_code == 200 and ticked.json()["status"] == ItemStatus.TICKED
    assert ticked.json()["owner_note"] == "已移交客户名单"
    assert _json(client, "post", f"{base}/confirm/").status_code == 403  # not the receiver
    client.force_login(staffed.users["manager"])
    blank = _json(client, "post", f"{base}/return/", {"comment": " "})
    assert blank.status_code == 400 and list(blank.json()) == ["comment"]
    returned = _json(client, "post", f"{base}/return/", {"comment": "缺少合同扫描件"})
    assert returned.status_code == 200 and returned.json()["status"] == ItemStatus.RETURNED
    again = _json(client, "post", f"{base}/return/", {"comment": "再退"})
    assert again.status_code == 409 and again.json()["non_field_errors"]
    client.force_login(staffed.users["employee"])
    assert _json(client, "post", f"{base}/tick/").status_code == 200
    client.force_login(staffed.users["manager"])
    confirmed = _json(client, "post", f"{base}/confirm/", {"comment": "收到"})
    assert confirmed.status_code == 200 and confirmed.json()["status"] == ItemStatus.CONFIRMED
    events = list(LedgerEntry.objects.filter(object_id=str(item.code)).order_by("seq").values_list("event", flat=True))
    assert events[-4:] == ["handover.item_ticked", "handover.item_returned", "handover.item_ticked",
                           "handover.item_confirmed"]
    assert client.get(f"{base}/").json()["status"] == ItemStatus.CONFIRMED


def test_hr_adds_and_changes_items(client, staffed, handover_case, item, foreign_hr):
    client.force_login(staffed.users["hrbp_sales"])
    url = f"/api/offboarding/cases/{handover_case.code}/items/"
    due = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    added = _json(client, "post", url, {"category": "assets", "title": "归还门禁卡", "due_date": due})
    assert added.status_code == 201, added.json()
    assert added.json()["receiver"] == "manager" and added.json()["blocks_closing"] is True
    bad = _json(client, "post", url, {"category": "cars", "title": "x", "due_date": "tomorrow"})
    assert bad.status_code == 400 and {"category", "due_date"} == set(bad.json())
    nobody = _json(client, "post", url, {"category": "assets", "title": "x", "due_date": due, "receiver": "nobody"})
    assert nobody.status_code == 400 and list(nobody.json()) == ["receiver"]

    changed = _json(client, "patch", f"/api/offboarding/items/{item.code}/",
                    {"receiver": "hrbp", "blocks_closing": False})
    assert changed.status_code == 200, changed.json()
    item.refresh_from_db()
    assert item.receiver == staffed.users["hrbp_sales"] and not item.blocks_closing and item.due_date
    assert LedgerEntry.objects.filter(object_id=str(item.code), event="handover.item_changed").exists()
    HandoverItem.objects.filter(pk=item.pk).update(status=ItemStatus.CONFIRMED)
    late = _json(client, "patch", f"/api/offboarding/items/{item.code}/", {"due_date": due})
    assert late.status_code == 409

    client.force_login(staffed.users["manager"])
    assert _json(client, "post", url, {"category": "assets", "title": "x", "due_date": due}).status_code == 403
    assert _json(client, "patch", f"/api/offboarding/items/{item.code}/", {"blocks_closing": True}).status_code == 403
    client.force_login(foreign_hr)
    assert _json(client, "post", url, {"category": "assets", "title": "x", "due_date": due}).status_code == 404
    assert client.get(f"/api/offboarding/items/{item.code}/").status_code == 404


def test_prepare_builds_nothing_twice(client, staffed, handover_case):
    client.force_login(staffed.users["hrbp_sales"])
    answer = _json(client, "post", f"/api/offboarding/cases/{handover_case.code}/prepare/")
    assert answer.status_code == 200 and answer.json() == {"items": 0, "duties": 0}
    handover_case.handover_items.all().delete()
    answer = _json(client, "post", f"/api/offboarding/cases/{handover_case.code}/prepare/")
    assert answer.json()["items"] > 0


def test_the_overview_reads_a_fixed_number_of_queries(client, staffed, handover_case):
    client.force_login(staffed.users["hr_admin"])
    with CaptureQueriesContext(connection) as one:
        assert len(client.get("/api/offboarding/").json()["cases"]) == 1
    in_handover(staffed, employee=staffed.zhaoliu)
    with CaptureQueriesContext(connection) as two:
        assert len(client.get("/api/offboarding/").json()["cases"]) == 2
    assert len(two) == len(one)


# --- duties ---------------------------------------------------------------------------------------------


def test_hr_finishes_or_waives_the_duties(client, staffed, handover_case, foreign_hr):
    first, second = handover_case.post_exit_duties.order_by("due_date", "id")[:2]
    client.force_login(staffed.users["hrbp_sales"])
    done = _json(client, "post", f"/api/offboarding/duties/{first.code}/done/", {"note": "已出具"})
    assert done.status_code == 200 and done.json()["status"] == DutyStatus.DONE
    assert _json(client, "post", f"/api/offboarding/duties/{first.code}/done/").status_code == 409
    no_reason = _json(client, "post", f"/api/offboarding/duties/{second.code}/waive/", {"note": ""})
    assert no_reason.status_code == 400 and list(no_reason.json()) == ["note"]
    waived = _json(client, "post", f"/api/offboarding/duties/{second.code}/waive/", {"note": "非本市户籍，无档案"})
    assert waived.status_code == 200 and waived.json()["status"] == DutyStatus.WAIVED
    assert LedgerEntry.objects.filter(object_id=str(second.code), event="duty.waived").exists()
    third = handover_case.post_exit_duties.filter(status=DutyStatus.OPEN).first()
    client.force_login(staffed.users["manager"])
    assert _json(client, "post", f"/api/offboarding/duties/{third.code}/done/").status_code == 403
    client.force_login(foreign_hr)
    assert _json(client, "post", f"/api/offboarding/duties/{third.code}/done/").status_code == 404


# --- settlement -----------------------------------------------------------------------------------------


def test_the_settlement_is_computed_approved_paid_and_revised(client, staffed, handover_case):
    url = f"/api/offboarding/cases/{handover_case.code}/settlement/"
    client.force_login(staffed.users["hrbp_sales"])
    page = client.get(url).json()
    assert page["editable"] and not page["can_approve"] and page["versions"] == []
    if not page["inputs"]["exempt_ceiling"]:  # no local average on file: the ceiling is HR's to enter
        missing = _json(client, "post", url, {})
        assert missing.status_code == 400 and "exempt_ceiling" in missing.json()
    wrong = _json(client, "post", url, {"monthly_wage": "abc", "exempt_ceiling": "360000",
                                        "exempt_ceiling_source": "上海 2025 年平均工资 × 36"})
    assert wrong.status_code == 400 and list(wrong.json()) == ["monthly_wage"]
    saved = _json(client, "post", url, {"exempt_ceiling": "360000", "exempt_ceiling_source": "上海 2025 年平均工资 × 36"})
    assert saved.status_code == 200, saved.json()
    [draft] = saved.json()["versions"]
    assert draft["status"] == SettlementStatus.DRAFT and draft["sheet"]["net"]
    settlement = Settlement.objects.get(code=draft["code"])
    assert LedgerEntry.objects.filter(object_id=str(settlement.code), event="settlement.drafted").exists()

    assert _json(client, "post", f"/api/offboarding/settlements/{settlement.code}/approve/").status_code == 403
    client.force_login(staffed.users["approver"])
    approved = _json(client, "post", f"/api/offboarding/settlements/{settlement.code}/approve/")
    assert approved.status_code == 200 and approved.json()["status"] == SettlementStatus.FROZEN
    assert approved.json()["sheet_sha256"]
    assert _json(client, "post", f"/api/offboarding/settlements/{settlement.code}/approve/").status_code == 409

    client.force_login(staffed.users["hrbp_sales"])
    frozen = _json(client, "post", url, {"exempt_ceiling": "1"})
    assert frozen.status_code == 409  # a frozen sheet changes only by a new version
    pay_url = f"/api/offboarding/settlements/{settlement.code}/pay/"
    bad = _json(client, "post", pay_url, {"paid_on": "x", "amount": "-1"})
    assert bad.status_code == 400 and {"paid_on", "amount", "reference"} <= set(bad.json())
    paid = _json(client, "post", pay_url, {"paid_on": timezone.localdate().isoformat(), "amount": "100.00",
                                           "reference": "PAY-001", "includes_compensation": False})
    assert paid.status_code == 201, paid.json()
    assert paid.json()["late"] is False and paid.json()["amount"] == "100.00"
    no_reason = _json(client, "post", f"/api/offboarding/settlements/{settlement.code}/revise/", {})
    assert no_reason.status_code == 400 and list(no_reason.json()) == ["reason"]
    revised = _json(client, "post", f"/api/offboarding/settlements/{settlement.code}/revise/", {"reason": "补发绩效"})
    assert revised.status_code == 201 and revised.json()["version"] == 2 and revised.json()["status"] == "draft"
    assert [v["version"] for v in client.get(url).json()["versions"]] == [2, 1]


def test_the_settlement_follows_the_scope(client, staffed, handover_case, foreign_hr):
    LocalWageFigure.objects.filter(city=staffed.company.city).delete()
    url = f"/api/offboarding/cases/{handover_case.code}/settlement/"
    client.force_login(staffed.users["manager"])
    assert client.get(url).status_code == 200
    assert _json(client, "post", url, {"exempt_ceiling": "1", "exempt_ceiling_source": "x"}).status_code == 403
    client.force_login(foreign_hr)
    assert client.get(url).status_code == 404
    assert _json(client, "post", url, {"exempt_ceiling": "1", "exempt_ceiling_source": "x"}).status_code == 404
    assert not Settlement.objects.exists()
