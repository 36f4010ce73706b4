"""The audit admin's pages: 证据链 and 访问日志 filtered (time, actor, employee, event), searched,
paged, exported as XLSX and JSON (the export itself recorded), and the verify button."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from farewell.accounts import audit
from farewell.accounts.models import AccessLog
from farewell.ledger.anchor import current_anchor, write_anchor
from farewell.ledger.canonical import entry_hash, sha256_hex, utc_timestamp
from farewell.ledger.models import LedgerEntry
from farewell.ledger.services import record

LEDGER = reverse("ledger:entries")
ACCESS = reverse("accounts:access_log")


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def backdate(entry: LedgerEntry, moment: dt.datetime) -> None:
    """Only the test moves an entry in time (the chain no longer verifies, which the list does not ask)."""
    LedgerEntry.objects.filter(pk=entry.pk).update(timestamp=utc_timestamp(moment))


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def seqs(response) -> list[int]:
    return [row.seq for row in response.context["page_obj"]]


@pytest.fixture
def entries(world):
    hr = world.users["hr_admin"]
    hr.display_name = "人事王"
    hr.save()
    made = {
        "lisi_case": record("cases.separationcase", "c-1", {"employee": str(world.lisi.code), "note": "辞职"},
                            actor=hr, event="case.opened"),
        "lisi_self": record("org.employee", world.lisi.code, {"name": "李四"}, actor=hr, event="employee_changed"),
        "chenqi": record("org.employee", world.chenqi.code, {"name": "陈七", "note": "=HYPERLINK(\"x\")"},
                         actor=world.users["legal"], event="employee_changed"),
        "old": record("org.company", world.company.code, {"name": "旧"}, actor=None, event="company_created"),
    }
    backdate(made["old"], at(dt.date(2025, 1, 10)))
    backdate(made["chenqi"], at(dt.date(2026, 3, 1), hour=23))  # 23:00 in Shanghai is 15:00 UTC the same day
    return made


# -- the ledger page


def test_the_ledger_filters_by_time_actor_employee_event_and_text(client, world, entries):
    client.force_login(world.users["auditor"])
    e = {name: entry.seq for name, entry in entries.items()}
    assert seqs(client.get(LEDGER, {"date_to": "2025-12-31"})) == [e["old"]]
    assert seqs(client.get(LEDGER, {"date_from": "2026-03-01", "date_to": "2026-03-01"})) == [e["chenqi"]]
    assert set(seqs(client.get(LEDGER, {"actor": "人事王"}))) == {e["lisi_case"], e["lisi_self"]}
    assert set(seqs(client.get(LEDGER, {"actor": "hradmin"}))) == {e["lisi_case"], e["lisi_self"]}
    # The employee's own entries and those whose content names them (the case).
    lisi = set(seqs(client.get(LEDGER, {"employee": world.lisi.employee_number})))
    assert lisi == {e["lisi_case"], e["lisi_self"]}
    assert seqs(client.get(LEDGER, {"employee": "NOSUCH"})) == []
    assert seqs(client.get(LEDGER, {"event": "company_created"})) == [e["old"]]
    assert seqs(client.get(LEDGER, {"q": "HYPERLINK"})) == [e["chenqi"]]
    assert e["old"] in seqs(client.get(LEDGER, {"q": str(e["old"])}))  # the seq (and any text with that digit)
    assert seqs(client.get(LEDGER, {"q": entries["chenqi"].entry_hash[:10]})) == [e["chenqi"]]
    # Filters combine.
    assert seqs(client.get(LEDGER, {"employee": world.lisi.employee_number, "event": "case.opened"})) == [
        e["lisi_case"]]


def test_a_reversed_range_is_an_error_not_a_silent_empty_page(client, world, entries):
    client.force_login(world.users["auditor"])
    page = client.get(LEDGER, {"date_from": "2026-03-02", "date_to": "2026-03-01"}).content.decode()
    assert "开始日期不能晚于结束日期" in page


def test_the_ledger_pages_and_its_query_count_does_not_grow_with_rows(client, world):
    client.force_login(world.users["auditor"])

    def queries(n: int) -> int:
        for i in range(n):
            record("org.employee", world.lisi.code, {"i": i}, actor=world.users["hr_admin"], event="employee_changed")
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(LEDGER, {"employee": world.lisi.employee_number, "actor": "hradmin"})
        assert response.status_code == 200
        return len(ctx.captured_queries)

    few = queries(3)
    many = queries(120)  # past one page of 50
    assert few == many
    page2 = client.get(LEDGER, {"employee": world.lisi.employee_number, "page": 2})
    assert len(page2.context["page_obj"]) == 50 and page2.context["page_obj"].paginator.count == 123


# -- exports


def test_the_ledger_exports_the_filtered_rows_as_xlsx_with_formulas_as_text(client, world, entries):
    client.force_login(world.users["auditor"])
    before = LedgerEntry.objects.count()
    response = client.get(reverse("ledger:export", args=["xlsx"]), {"q": "HYPERLINK"})
    assert response.status_code == 200
    data = body(response)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][0] == entries["chenqi"].seq
    payload_cell = sheet.cell(row=2, column=10)
    assert payload_cell.data_type == "s" and "HYPERLINK" in payload_cell.value
    # A value that starts like a formula is text, never a formula.
    assert not any(str(cell.value).startswith("=") and cell.data_type == "f" for row in sheet.iter_rows()
                   for cell in row)
    # The export is recorded: filters, rows and the file's SHA-256; the payload read is in the access log.
    assert LedgerEntry.objects.count() == before + 1
    logged = LedgerEntry.objects.get(event=audit.EXPORT_EVENT)
    payload = json.loads(logged.payload)
    assert payload["what"] == "ledger" and payload["rows"] == 1 and payload["filters"] == {"q": "HYPERLINK"}
    assert payload["sha256"] == hashlib.sha256(data).hexdigest() and logged.actor == world.users["auditor"]
    read = AccessLog.objects.get(field="payload")
    assert read.actor == world.users["auditor"] and read.object_id == f"{entries['chenqi'].seq}-{entries['chenqi'].seq}"


def test_a_formula_in_the_ledger_payload_of_an_xlsx_stays_text(client, world):
    entry = record("org.employee", world.lisi.code, {"n": 1}, actor=None, event="=HYPERLINK(\"http://x\")")
    client.force_login(world.users["auditor"])
    sheet = openpyxl.load_workbook(io.BytesIO(body(client.get(reverse("ledger:export", args=["xlsx"]),
                                                               {"q": str(entry.seq)})))).active
    event_cell = [row for row in sheet.iter_rows(min_row=2) if row[0].value == entry.seq][0][4]
    assert event_cell.value == "=HYPERLINK(\"http://x\")" and event_cell.data_type == "s"
    assert event_cell.quotePrefix


def test_the_ledger_json_export_holds_whole_entries_that_recompute(client, world, entries):
    client.force_login(world.users["auditor"])
    data = json.loads(body(client.get(reverse("ledger:export", args=["json"]),
                                      {"employee": world.lisi.employee_number})))
    assert data["format"] == "farewell-ledger-export/1" and data["filters"] == {
        "employee": world.lisi.employee_number}
    assert {row["seq"] for row in data["rows"]} == {entries["lisi_case"].seq, entries["lisi_self"].seq}
    for row in data["rows"]:
        assert sha256_hex(row["payload"]) == row["object_hash"]
        assert entry_hash(version=row["version"], seq=row["seq"], prev_hash=row["prev_hash"], event=row["event"],
                          object_type=row["object_type"], object_id=row["object_id"],
                          object_hash=row["object_hash"], actor_ref=row["actor_ref"],
                          timestamp=row["timestamp"]) == row["entry_hash"]


def test_an_export_runs_a_fixed_number_of_queries(client, world):
    client.force_login(world.users["auditor"])

    def queries(n: int, fmt: str) -> int:
        for i in range(n):
            record("org.employee", world.lisi.code, {"i": i}, actor=world.users["hr_admin"], event="employee_changed")
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("ledger:export", args=[fmt])).status_code == 200
        return len(ctx.captured_queries)

    for fmt in ("xlsx", "json"):
        assert queries(2, fmt) == queries(40, fmt)


def test_an_export_past_the_cap_is_refused_and_not_recorded(client, world, entries, monkeypatch):
    monkeypatch.setattr(audit, "EXPORT_CAP", 2)
    client.force_login(world.users["auditor"])
    response = client.get(reverse("ledger:export", args=["json"]), {"actor": ""}, follow=True)
    assert "请缩小时间范围" in response.content.decode()
    assert not LedgerEntry.objects.filter(event=audit.EXPORT_EVENT).exists()
    assert client.get(reverse("ledger:export", args=["csv"])).status_code == 404


def test_the_access_log_filters_and_exports(client, world):
    hr, legal = world.users["hr_admin"], world.users["legal"]
    rows = [
        AccessLog.objects.create(actor=hr, employee=world.lisi, object_type="org.employee",
                                 object_id=str(world.lisi.code), field="id_number", purpose="查看员工档案"),
        AccessLog.objects.create(actor=legal, employee=world.chenqi, object_type="talks.transcript",
                                 object_id="t-1", field="text", purpose="=SUM(1,2) 法务审阅"),
        AccessLog.objects.create(actor=hr, employee=world.chenqi, object_type="org.employee",
                                 object_id=str(world.chenqi.code), field="bank_account", purpose="发薪"),
    ]
    AccessLog.objects.filter(pk=rows[2].pk).update(at=at(dt.date(2025, 6, 1)))
    client.force_login(world.users["auditor"])

    def pks(params) -> set[int]:
        return {row.pk for row in client.get(ACCESS, params).context["page_obj"]}

    assert pks({"actor": "legal"}) == {rows[1].pk}
    assert pks({"employee": world.chenqi.employee_number}) == {rows[1].pk, rows[2].pk}
    assert pks({"kind": "org.employee:id_number"}) == {rows[0].pk}
    assert pks({"date_to": "2025-12-31"}) == {rows[2].pk}
    assert pks({"q": "法务"}) == {rows[1].pk}
    response = client.get(reverse("accounts:access_log_export", args=["xlsx"]), {"employee": world.chenqi.employee_number})
    data = body(response)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    purposes = [row[7].value for row in sheet.iter_rows(min_row=2)]
    assert sorted(purposes) == sorted(["=SUM(1,2) 法务审阅", "发薪"])
    cell = [row[7] for row in sheet.iter_rows(min_row=2) if row[7].value.startswith("=")][0]
    assert cell.data_type == "s"
    logged = json.loads(LedgerEntry.objects.get(event=audit.EXPORT_EVENT).payload)
    assert logged["what"] == "access_log" and logged["rows"] == 2 and logged["sha256"] == hashlib.sha256(data).hexdigest()
    as_json = json.loads(body(client.get(reverse("accounts:access_log_export", args=["json"]), {"actor": "legal"})))
    assert [row["purpose"] for row in as_json["rows"]] == ["=SUM(1,2) 法务审阅"]


def test_the_access_log_query_count_does_not_grow_with_rows(client, world):
    client.force_login(world.users["auditor"])

    def queries(n: int) -> int:
        for _i in range(n):
            AccessLog.objects.create(actor=world.users["hr_admin"], employee=world.lisi, object_type="org.employee",
                                     object_id="x", field="id_number", purpose="p")
        with CaptureQueriesContext(connection) as ctx:
            client.get(ACCESS, {"employee": world.lisi.employee_number})
        return len(ctx.captured_queries)

    assert queries(2) == queries(60)


@pytest.mark.parametrize("persona", ["hr_admin", "hrbp_sales", "legal", "employee", "outsider"])
def test_only_the_audit_admin_exports_or_verifies(client, world, persona):
    client.force_login(world.users[persona])
    for url in (reverse("ledger:export", args=["xlsx"]), reverse("ledger:export", args=["json"]),
                reverse("accounts:access_log_export", args=["json"]), reverse("ledger:verify")):
        assert client.get(url).status_code == 403, url
    assert not LedgerEntry.objects.filter(event=audit.EXPORT_EVENT).exists()


# -- the verify button


def test_verify_shows_the_result_and_the_last_anchor(client, world, settings, tmp_path):
    settings.FAREWELL_ANCHOR_DIR = tmp_path
    for i in range(3):
        record("org.employee", world.lisi.code, {"i": i}, actor=None, event="employee_changed")
    client.force_login(world.users["auditor"])
    page = client.get(reverse("ledger:verify"), HTTP_HX_REQUEST="true").content.decode()
    assert "校验通过" in page and "没有找到锚点" in page and "<html" not in page  # the panel alone for htmx
    assert str(tmp_path) not in page  # the server's folder is the operator's business
    anchor = current_anchor()
    write_anchor(tmp_path, anchor)
    page = client.get(reverse("ledger:verify")).content.decode()
    assert "校验通过" in page and f"ledger-anchor-{anchor['seq']:08d}" in page and "一致" in page
    # A rewritten entry: the chain fails and says where.
    target = LedgerEntry.objects.order_by("seq")[1]
    LedgerEntry.objects.filter(pk=target.pk).update(payload='{"i":"rewritten"}')
    page = client.get(reverse("ledger:verify")).content.decode()
    assert "校验失败" in page and f"第 {target.seq} 条" in page and "recorded content was altered" in page


def test_a_verify_against_a_recomputed_anchor_says_it_differs(client, world, settings, tmp_path):
    settings.FAREWELL_ANCHOR_DIR = tmp_path
    record("org.employee", world.lisi.code, {"i": 1}, actor=None, event="employee_changed")
    anchor = current_anchor()
    anchor["entry_hash"] = "f" * 64  # an anchor the ledger no longer matches
    write_anchor(tmp_path, anchor)
    client.force_login(world.users["auditor"])
    page = client.get(reverse("ledger:verify")).content.decode()
    assert "不一致" in page and "recomputed" in page

