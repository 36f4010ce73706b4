"""An auditor's read or export of ledger payloads is written to the access log with a purpose that carries a
count ('审计：读取证据链 3 条记录的内容（event=test）'). It was stored worded — the read always in Chinese, the
export in the exporter's language — so an English access-log page read Chinese (or a Chinese one English).
The row keeps the purpose's words (AccessLog.words, common/wording.py), worded for each reader; `purpose`
still holds the text as written (the search reads it) and an older row shows it as stored."""

from __future__ import annotations

import uuid

import pytest

from farewell.accounts.models import AccessLog
from farewell.ledger import services as ledger

READ = "审计：读取证据链 %(n)s 条记录的内容（%(query)s）"


def _access_log(client, language: str) -> str:
    client.cookies["django_language"] = language
    return client.get("/accounts/access-log/").content.decode()


@pytest.fixture
def auditor(client, world):
    for i in range(3):
        ledger.record("cases.case", uuid.UUID(int=i + 1), {"reason": f"与主管争吵{i}"}, actor=None, event="test")
    client.force_login(world.users["auditor"])
    return client


def test_the_purposes_keep_their_count_in_chinese(auditor):
    auditor.cookies["django_language"] = "en"
    assert auditor.get("/api/ledger/?event=test").status_code == 200  # read on an English page
    assert auditor.get("/ledger/export.json?event=test").status_code == 200
    read, export = AccessLog.objects.order_by("pk")
    assert read.purpose == "审计：读取证据链 3 条记录的内容（event=test）" and read.words
    page = _access_log(auditor, "zh-hans")
    assert "审计：读取证据链 3 条记录的内容（event=test）" in page
    assert "审计：导出证据链 3 条记录的内容（JSON）" in page
    assert "3 条" in auditor.get("/api/access-log/").json()["results"][0]["purpose"]


def test_the_purposes_read_english_on_the_english_page_and_api(auditor):
    assert auditor.get("/api/ledger/?event=test").status_code == 200
    assert auditor.get("/ledger/export.xlsx?event=test").status_code == 200
    page = _access_log(auditor, "en")
    assert "审计" not in page and "Audit: read the content of 3 ledger entries (event=test)" in page, page
    assert "Audit: exported the content of 3 ledger entries (XLSX)" in page
    purposes = [row["purpose"] for row in auditor.get("/api/access-log/").json()["results"]]
    assert all(p.startswith("Audit: ") for p in purposes), purposes


def test_an_older_row_shows_its_purpose_as_stored(auditor, world):
    AccessLog.objects.create(actor=world.users["auditor"], object_type="ledger.ledgerentry", object_id="1-3",
                             field="payload", purpose="审计：读取证据链 3 条记录的内容（旧）")
    assert "审计：读取证据链 3 条记录的内容（旧）" in _access_log(auditor, "en")
