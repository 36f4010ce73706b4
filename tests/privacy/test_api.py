"""PIPL in the API, by token over HTTP: my consents and who read my data (own rows only), HR's paper
consents and legal holds — the pages' services, scopes and permissions."""

from __future__ import annotations

import datetime as dt
import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from farewell.accounts.models import AccessLog
from farewell.cases import services
from farewell.ledger.models import LedgerEntry
from farewell.privacy import services as privacy
from farewell.privacy.models import Consent, LegalHold, Method, Purpose
from tests.factories import make_employee
from tests.portal.test_me_api import post, token_for


def _reads(employee, actor, n, purpose):
    AccessLog.objects.bulk_create([AccessLog(actor=actor, employee=employee, object_type="org.employee",
                                             object_id=str(employee.code), field="id_number", purpose=purpose)
                                   for _ in range(n)])


def test_the_employee_gives_and_withdraws_consent_by_token(client, world):
    auth = token_for(client, "lisi")
    listed = client.get("/api/me/consents/", **auth).json()
    assert {row["purpose"] for row in listed} == set(Purpose.values)
    assert all(row["standing"] is None and row["text"] for row in listed)
    unticked = post(client, "/api/me/consents/", auth, {"purpose": Purpose.TALK_RECORDING, "agree": False})
    assert unticked.status_code == 400 and "agree" in unticked.json() and not Consent.objects.exists()
    given = post(client, "/api/me/consents/", auth, {"purpose": Purpose.TALK_RECORDING, "agree": True})
    assert given.status_code == 201 and given.json()["method"] == Method.PORTAL
    again = post(client, "/api/me/consents/", auth, {"purpose": Purpose.TALK_RECORDING, "agree": True})
    assert again.status_code == 400 and "purpose" in again.json()  # one standing consent per purpose
    item = Consent.objects.get(employee=world.lisi)
    assert LedgerEntry.objects.filter(event="privacy.consent.given", object_id=str(item.code)).exists()
    withdrawn = post(client, f"/api/me/consents/{item.code}/withdraw/", auth)
    assert withdrawn.status_code == 200 and withdrawn.json()["withdrawn_at"]
    assert post(client, f"/api/me/consents/{item.code}/withdraw/", auth).status_code == 400  # once


def test_an_employee_cannot_withdraw_someone_elses_consent_through_the_api(client, world):
    other = Consent.objects.create(employee=world.zhaoliu, purpose=Purpose.TALK_RECORDING, purpose_text="t",
                                   scope="s", method=Method.PAPER, given_at="2030-01-01T00:00:00Z")
    auth = token_for(client, "lisi")
    assert post(client, f"/api/me/consents/{other.code}/withdraw/", auth).status_code == 404
    other.refresh_from_db()
    assert other.standing


def test_who_read_my_data_lists_only_my_rows_in_a_fixed_number_of_queries(client, world):
    _reads(world.lisi, world.users["hr_admin"], 2, "离职结算核对身份证号")
    _reads(world.zhaoliu, world.users["hr_admin"], 3, "赵六的档案转移")
    auth = token_for(client, "lisi")
    with CaptureQueriesContext(connection) as few:
        page = client.get("/api/me/reads/", **auth).json()
    assert page["count"] == 2 and {row["purpose"] for row in page["results"]} == {"离职结算核对身份证号"}
    assert page["results"][0]["reader"] == str(world.users["hr_admin"]) and "身份证号" in page["results"][0]["what"]
    _reads(world.lisi, world.users["hrbp_sales"], 38, "多")
    with CaptureQueriesContext(connection) as many:
        assert client.get("/api/me/reads/", **auth).json()["count"] == 40
    assert len(many) == len(few)
    assert client.get("/api/me/reads/", **token_for(client, "hrbp")).status_code == 403


def test_hr_records_a_paper_consent_through_the_api_and_reads_its_scan_logged(client, world):
    auth = token_for(client, "hrbp")
    url = f"/api/employees/{world.lisi.code}/consents/"
    bad = client.post(url, {"purpose": Purpose.HEALTH_DETAILS, "scan": SimpleUploadedFile("x.txt", b"hello")},
                      **auth)
    assert bad.status_code == 400 and "scan" in bad.json() and not Consent.objects.exists()
    made = client.post(url, {"purpose": Purpose.HEALTH_DETAILS,
                             "scan": SimpleUploadedFile("同意书.pdf", b"%PDF-1.4 signed", content_type="application/pdf")},
                       **auth)
    assert made.status_code == 201, made.content
    item = Consent.objects.get(employee=world.lisi)
    assert item.method == Method.PAPER and made.json()["has_scan"] is True
    listed = client.get(url, **auth).json()
    assert next(row for row in listed if row["purpose"] == Purpose.HEALTH_DETAILS)["standing"]["code"] == str(item.code)
    scan = client.get(f"{url}{item.code}/scan/", **auth)
    assert scan.status_code == 200 and b"".join(scan.streaming_content) == b"%PDF-1.4 signed"
    log = AccessLog.objects.get(object_type="privacy.consent", object_id=str(item.code))
    assert log.actor == world.users["hrbp_sales"] and log.employee == world.lisi
    assert post(client, f"{url}{item.code}/withdraw/", auth).status_code == 200
    # A manager may not; an HRBP outside the person's unit does not find them.
    assert client.get(url, **token_for(client, "manager")).status_code == 403
    assert client.get(f"/api/employees/{world.chenqi.code}/consents/", **auth).status_code == 404


def test_hr_sets_and_releases_a_hold_through_the_api(client, world, case):
    auth = token_for(client, "hrbp")
    url = f"/api/cases/{case.code}/holds/"
    assert post(client, url, auth, {"reason": ""}).status_code == 400
    made = post(client, url, auth, {"reason": "员工已申请劳动仲裁（沪劳仲2030-001）"})
    assert made.status_code == 201 and made.json()["standing"] is True
    assert post(client, url, auth, {"reason": "再来一次"}).status_code == 400  # one standing hold per case
    hold = LegalHold.objects.get(case=case)
    assert [row["code"] for row in client.get(url, **auth).json()] == [str(hold.code)]
    legal = token_for(client, "legal")
    assert post(client, f"/api/holds/{hold.code}/release/", legal, {"release_reason": "结案"}).status_code == 403
    assert post(client, f"/api/holds/{hold.code}/release/", auth, {}).status_code == 400
    released = post(client, f"/api/holds/{hold.code}/release/", auth, {"release_reason": "仲裁已结案"})
    assert released.status_code == 200 and released.json()["standing"] is False
    entry = LedgerEntry.objects.filter(event="privacy.hold.released").get()
    assert json.loads(entry.payload)["reason"] == "仲裁已结案"


def test_a_hold_outside_the_hrbps_units_is_not_found(client, world):
    rnd = make_employee(world.rnd, "研发乙")
    case = services.open_case(rnd, "mutual_employer", actor=world.users["hr_admin"],
                              separation_date=timezone.localdate() + dt.timedelta(days=40))
    hold = privacy.set_hold(case, "审计", actor=world.users["hr_admin"])
    auth = token_for(client, "hrbp")
    assert client.get(f"/api/cases/{case.code}/holds/", **auth).status_code == 404
    assert post(client, f"/api/holds/{hold.code}/release/", auth, {"release_reason": "x"}).status_code == 404
    hold.refresh_from_db()
    assert hold.released_at is None
