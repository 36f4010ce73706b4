"""/api/ledger/ and /api/ledger/verify/: auditors only."""

from __future__ import annotations

from django.db import connection

from farewell.ledger import services as ledger


def test_the_auditor_reads_the_ledger_newest_first(client, world):
    for n in range(3):
        ledger.record("org.employee", world.lisi.code, {"n": n}, actor=world.users["hr_admin"], event="test")
    client.force_login(world.users["auditor"])
    rows = client.get("/api/ledger/").json()["results"]
    assert [r["seq"] for r in rows] == [3, 2, 1]
    assert rows[-1]["prev_hash"] == "0" * 64
    assert rows[0]["actor"] == "hradmin" and rows[0]["payload"] == '{"n":2}'


def test_the_auditor_verifies_the_chain(client, world):
    for n in range(3):
        ledger.record("org.employee", world.lisi.code, {"n": n}, actor=None, event="test")
    client.force_login(world.users["auditor"])
    assert client.get("/api/ledger/verify/").json() == {
        "ok": True,
        "checked": 3,
        "first_broken_seq": None,
        "reason": "",
    }
    with connection.cursor() as cursor:
        cursor.execute("UPDATE ledger_ledgerentry SET payload = %s WHERE seq = 2", ['{"n":99}'])
    body = client.get("/api/ledger/verify/").json()
    assert body["ok"] is False and body["first_broken_seq"] == 2


def test_only_auditors_read_the_ledger(client, world):
    for persona in ("hr_admin", "hrbp_sales", "legal", "manager", "approver", "employee", "outsider"):
        client.force_login(world.users[persona])
        assert client.get("/api/ledger/").status_code == 403, persona
        assert client.get("/api/ledger/verify/").status_code == 403, persona


def test_me_answers_a_user_without_roles(client, world):
    client.force_login(world.users["outsider"])
    assert client.get("/api/me/").json() == {
        "username": "outsider",
        "display_name": "outsider",
        "roles": [],
        "employee_code": None,
        "companies": [],
    }
