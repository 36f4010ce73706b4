"""The auditor reads the ledger's payloads (people's words) whole, through the API — each read is
in the access log; the ledger page shows no payloads at all."""

from __future__ import annotations

import uuid

from farewell.accounts.models import AccessLog
from farewell.ledger import services as ledger


def test_each_api_read_of_payloads_is_logged(client, world):
    for i in range(3):
        ledger.record("cases.case", uuid.UUID(int=i + 1), {"reason": f"与主管争吵{i}"}, actor=None, event="test")
    auditor = world.users["auditor"]
    client.force_login(auditor)
    before = AccessLog.objects.count()
    response = client.get("/api/ledger/?event=test")
    assert response.status_code == 200 and "与主管争吵0" in response.content.decode()
    row = AccessLog.objects.order_by("-pk").first()
    assert AccessLog.objects.count() == before + 1
    assert row.actor == auditor and row.object_type == "ledger.ledgerentry" and row.field == "payload"
    assert "3 条" in row.purpose and "event=test" in row.purpose
    # The auditor sees it on the access-log page.
    assert "审计：读取证据链" in client.get("/accounts/access-log/").content.decode()


def test_the_ledger_page_shows_no_payload(client, world):
    ledger.record("cases.case", uuid.uuid4(), {"reason": "病历：抑郁症"}, actor=None, event="test")
    client.force_login(world.users["auditor"])
    page = client.get("/ledger/").content.decode()
    assert "抑郁症" not in page
