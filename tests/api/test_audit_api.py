"""/api/access-log/ and the exports of the access log and the ledger (the audit admin's, with the
page's filters; each export recorded), the mail outbox and sending again (the login admins'), and
lifting a login lock — over HTTP, with the refusals: another role 403, another company's rows never
listed, a filter that does not parse named, the audit admin writing nothing."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token

from farewell.accounts.audit import EXPORT_EVENT
from farewell.accounts.models import AccessLog
from farewell.common.notifications import Notification, notify
from farewell.ledger.models import LedgerEntry
from farewell.ledger.services import record
from tests.factories import Role, make_company, make_user

PERSONAS = ("hr_admin", "hrbp_sales", "legal", "manager", "approver", "employee", "auditor", "outsider")
AUDIT_ONLY = (403, 403, 403, 403, 403, 403, 200, 403)


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def reads(world):
    hr = world.users["hr_admin"]
    AccessLog.objects.create(actor=hr, employee=world.lisi, object_type="org.employee", object_id=str(world.lisi.code),
                             field="id_number", purpose="办理社保转移")
    AccessLog.objects.create(actor=world.users["legal"], employee=world.chenqi, object_type="org.employee",
                             object_id=str(world.chenqi.code), field="bank_account", purpose="=HYPERLINK(\"x\")")
    record("org.localwagefigure", 1, {"city": "上海", "note": "=1+1"}, actor=hr, event="local_wage_added")
    return world


@pytest.mark.parametrize("url", ["/api/access-log/", "/api/access-log/export/json/", "/api/ledger/export/xlsx/"])
def test_the_audit_reads_are_the_audit_admins_only(client, reads, url):
    found = []
    for persona in PERSONAS:
        client.force_login(reads.users[persona])
        found.append(client.get(url).status_code)
    assert tuple(found) == AUDIT_ONLY


def test_the_access_log_is_filtered_like_the_page(client, reads):
    client.force_login(reads.users["auditor"])
    every = client.get("/api/access-log/").json()
    assert every["count"] == 2 and every["results"][0]["purpose"] == "=HYPERLINK(\"x\")"  # newest first
    lisi = client.get("/api/access-log/", {"employee": reads.lisi.employee_number}).json()
    assert [r["employee_name"] for r in lisi["results"]] == ["李四"]
    assert lisi["results"][0]["employee"] == str(reads.lisi.code) and lisi["results"][0]["actor"] == "hradmin"
    assert client.get("/api/access-log/", {"actor": "legal"}).json()["count"] == 1
    assert client.get("/api/access-log/", {"kind": "org.employee:id_number"}).json()["count"] == 1
    assert client.get("/api/access-log/", {"q": "社保"}).json()["count"] == 1
    bad = client.get("/api/access-log/", {"date_from": "yesterday", "kind": "nope:nope"})
    assert bad.status_code == 400 and set(bad.json()) == {"date_from", "kind"}
    backwards = client.get("/api/access-log/", {"date_from": "2026-02-01", "date_to": "2026-01-01"})
    assert backwards.status_code == 400 and "non_field_errors" in backwards.json()


def test_the_access_log_reads_a_fixed_number_of_queries(client, reads):
    client.force_login(reads.users["auditor"])
    with CaptureQueriesContext(connection) as few:
        client.get("/api/access-log/")
    for i in range(10):
        AccessLog.objects.create(actor=reads.users["hrbp_sales"], employee=reads.zhaoliu, object_type="org.employee",
                                 object_id=str(i), field="id_number", purpose="核对")
    with CaptureQueriesContext(connection) as many:
        assert client.get("/api/access-log/").json()["count"] == 12
    assert len(many) == len(few)


def test_an_export_is_the_pages_file_and_is_recorded(client, reads):
    client.force_login(reads.users["auditor"])
    exported = client.get("/api/access-log/export/json/", {"employee": reads.chenqi.employee_number})
    assert exported.status_code == 200 and exported["Content-Type"] == "application/json"
    data = json.loads(body(exported))
    assert data["format"] == "farewell-access-log-export/1" and data["filters"] == {
        "employee": reads.chenqi.employee_number}
    assert [row["employee"] for row in data["rows"]] == ["陈七"]
    entry = LedgerEntry.objects.get(event=EXPORT_EVENT)
    assert json.loads(entry.payload)["rows"] == 1 and json.loads(entry.payload)["what"] == "access_log"
    # The ledger as XLSX: a formula stays text; the payloads read are in the access log, like the page's export.
    ledger = client.get("/api/ledger/export/xlsx/", {"event": "local_wage_added"})
    assert ledger.status_code == 200 and ledger["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(body(ledger))).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [row[4] for row in rows] == ["local_wage_added"] and "=1+1" in rows[0][9]
    assert LedgerEntry.objects.filter(event=EXPORT_EVENT).count() == 2
    assert AccessLog.objects.filter(object_type="ledger.ledgerentry", actor=reads.users["auditor"]).count() == 1


def test_an_export_refuses_an_unknown_format_and_a_bad_filter(client, reads):
    client.force_login(reads.users["auditor"])
    assert client.get("/api/ledger/export/csv/").status_code == 404
    bad = client.get("/api/ledger/export/json/", {"event": "no_such_event"})
    assert bad.status_code == 400 and list(bad.json()) == ["event"]
    assert not LedgerEntry.objects.filter(event=EXPORT_EVENT).exists()


def test_an_export_too_large_is_refused_naming_why(client, reads, monkeypatch):
    from farewell.accounts import audit

    monkeypatch.setattr(audit, "EXPORT_CAP", 1)
    client.force_login(reads.users["auditor"])
    refused = client.get("/api/access-log/export/xlsx/")
    assert refused.status_code == 400 and "non_field_errors" in refused.json()


@pytest.fixture
def failed_mail(world):
    note = notify(world.users["hrbp_sales"], "待办：HR审核", "正文", email=False)
    Notification.objects.filter(pk=note.pk).update(email_status=Notification.EmailStatus.FAILED,
                                                   email_error="SMTP 550", email_attempts=5)
    other = make_user("foreign_hr", Role.HRBP, company=make_company(name="别家公司"))
    foreign = notify(other, "别家的邮件", "正文", email=False)
    Notification.objects.filter(pk=foreign.pk).update(email_status=Notification.EmailStatus.FAILED)
    return note, foreign


def test_the_outbox_lists_the_failed_mail_of_ones_logins_and_sends_it_again(client, world, failed_mail,
                                                                             django_capture_on_commit_callbacks):
    note, foreign = failed_mail
    found = []
    for persona in PERSONAS:
        client.force_login(world.users[persona])
        found.append(client.get("/api/mail/").status_code)
    assert tuple(found) == (200, 403, 403, 403, 403, 403, 403, 403)
    client.force_login(world.users["hr_admin"])
    listed = client.get("/api/mail/").json()
    assert [r["subject"] for r in listed["results"]] == ["待办：HR审核"] and listed["waiting"] == 0
    assert "body" not in listed["results"][0]
    assert client.post(f"/api/mail/{foreign.pk}/send-again/").status_code == 404  # another company's login
    with django_capture_on_commit_callbacks(execute=False):
        again = client.post(f"/api/mail/{note.pk}/send-again/")
    assert again.status_code == 200 and again.json() == {"queued": True}
    assert Notification.objects.get(pk=note.pk).email_status == Notification.EmailStatus.PENDING
    assert client.post(f"/api/mail/{note.pk}/send-again/").json() == {"queued": False}  # already waiting
    assert client.get("/api/mail/").json()["waiting"] == 1
    client.force_login(world.users["hrbp_sales"])
    assert client.post(f"/api/mail/{note.pk}/send-again/").status_code == 403


def test_the_hr_admin_lifts_a_login_lock(client, world):
    """(The lock itself and the sign-in after the lift: tests/accounts/test_lockout_and_tokens.py.)"""
    client.force_login(world.users["hrbp_sales"])
    assert client.post("/api/users/approver/unlock/").status_code == 403
    client.force_login(make_user("other_hr", Role.HR_ADMIN, company=make_company(name="别家公司")))
    assert client.post("/api/users/approver/unlock/").status_code == 404
    client.force_login(world.users["hr_admin"])
    assert client.get("/api/users/approver/unlock/").status_code == 405
    unlocked = client.post("/api/users/approver/unlock/")
    assert unlocked.status_code == 200 and unlocked.json()["username"] == "approver"
    assert LedgerEntry.objects.filter(event="login_unlocked").count() == 1


def test_the_audit_admin_writes_nothing_here_with_a_token(client, world, failed_mail):
    note, _foreign = failed_mail
    token = Token.objects.create(user=world.users["auditor"])
    headers = {"HTTP_AUTHORIZATION": f"Token {token.key}"}
    assert client.get("/api/access-log/", **headers).status_code == 200
    before = LedgerEntry.objects.count()
    for url in (f"/api/mail/{note.pk}/send-again/", "/api/users/approver/unlock/", "/api/insights/risk/train/"):
        assert client.post(url, **headers).status_code == 403, url
    assert LedgerEntry.objects.count() == before
    assert Notification.objects.get(pk=note.pk).email_status == Notification.EmailStatus.FAILED
