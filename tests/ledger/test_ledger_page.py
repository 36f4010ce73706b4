"""The auditor's pages read as people: model names, local times, event labels."""

from __future__ import annotations

import datetime as dt

from farewell.accounts.models import AccessLog
from farewell.ledger.services import record


def test_the_ledger_page_shows_names_and_local_time(client, world):
    entry = record("org.employee", world.lisi.code, {"x": 1}, actor=world.users["hr_admin"], event="case.opened")
    client.force_login(world.users["auditor"])
    page = client.get("/ledger/").content.decode()
    # The object's model name, the readable event and the time in Asia/Shanghai (UTC+8).
    assert "员工" in page
    assert "case.opened" in page  # kept in the title attribute for the auditor
    moment = dt.datetime.fromisoformat(entry.timestamp.replace("Z", "+00:00")) + dt.timedelta(hours=8)
    assert moment.strftime("%Y-%m-%d %H:%M") in page


def test_the_access_log_names_the_field(client, world):
    AccessLog.objects.create(actor=world.users["hr_admin"], employee=world.lisi, object_type="org.employee",
                             object_id=str(world.lisi.code), field="id_number", purpose="查看员工档案")
    client.force_login(world.users["auditor"])
    page = client.get("/accounts/access-log/").content.decode()
    assert "身份证号" in page
