"""企业微信 离职继承: the adapter sends the documented requests, reads the documented answers (the fake), and
the WeCom handover item records the outcome; off unless configured."""

from __future__ import annotations

import json

import pytest

from farewell.ledger.models import LedgerEntry
from farewell.offboarding import handover, wecom


def test_the_adapter_transfers_customers_and_chats_in_batches_of_100():
    fake = wecom.FakeTransport(customers={"zhangsan": [f"wm{n:03d}" for n in range(150)]},
                               chats={"zhangsan": ["wr1", "wr2"], "other": ["wr3"]})
    result = wecom.ResignedTransfer(fake).transfer_all("zhangsan", "lisi")
    assert len(result.customers_transferred) == 150 and result.customers_failed == []
    assert result.chats_transferred == ["wr1", "wr2"]
    calls = [(path, body) for path, body in fake.requests if path == "externalcontact/resigned/transfer_customer"]
    assert [len(body["external_userid"]) for _path, body in calls] == [100, 50]
    assert calls[0][1]["handover_userid"] == "zhangsan" and calls[0][1]["takeover_userid"] == "lisi"
    [(_path, chat_body)] = [(p, b) for p, b in fake.requests if p == "externalcontact/groupchat/transfer"]
    assert chat_body == {"chat_id_list": ["wr1", "wr2"], "new_owner": "lisi"}
    assert len(fake.customers["lisi"]) == 150 and fake.chats["lisi"] == ["wr1", "wr2"]


def test_failures_are_reported_per_customer_and_chat():
    class Partly(wecom.FakeTransport):
        def call(self, path, *, query=None, body=None):
            answer = super().call(path, query=query, body=body)
            if path == "externalcontact/resigned/transfer_customer":
                answer["customer"][0]["errcode"] = 40096
            if path == "externalcontact/groupchat/transfer":
                answer["failed_chat_list"] = [{"chat_id": "wr1", "errcode": 90500, "errmsg": "not resigned"}]
            return answer

    result = wecom.ResignedTransfer(Partly(customers={"a": ["wm1", "wm2"]}, chats={"a": ["wr1"]})).transfer_all("a", "b")
    assert result.customers_failed == [("wm1", 40096)] and result.customers_transferred == ["wm2"]
    assert result.chats_failed == [("wr1", 90500, "not resigned")] and result.chats_transferred == []


def test_an_error_answer_is_an_error():
    class Broken(wecom.FakeTransport):
        def call(self, path, *, query=None, body=None):
            return {"errcode": 48002, "errmsg": "api forbidden"}

    with pytest.raises(wecom.WeComError, match="48002"):
        wecom.ResignedTransfer(Broken()).transfer_all("a", "b")


def test_the_wecom_item_records_the_transfer(handover_case, staffed, settings, monkeypatch):
    item = handover_case.handover_items.get(category="wecom")
    with pytest.raises(handover.HandoverError, match="未配置"):
        handover.transfer_wecom(item, acting_user=staffed.users["hrbp_sales"], handover_userid="lisi", takeover_userid="wang")
    settings.FAREWELL_WECOM_TRANSPORT = "fake"
    monkeypatch.setattr(wecom, "_FAKE", wecom.FakeTransport(customers={"lisi": ["wm1", "wm2"]}, chats={"lisi": ["wr9"]}))
    handover.transfer_wecom(item, acting_user=staffed.users["hrbp_sales"], handover_userid="lisi", takeover_userid="wang")
    item.refresh_from_db()
    assert "客户 2 个已转交" in item.owner_note and "客户群 1 个已转交" in item.owner_note
    assert item.status == "open"  # the receiver still confirms
    payload = json.loads(LedgerEntry.objects.get(event="handover.wecom_transferred").payload)
    assert payload["customers_transferred"] == ["wm1", "wm2"] and payload["chats_transferred"] == ["wr9"]
    other = handover_case.handover_items.get(category="work")
    with pytest.raises(handover.HandoverError):
        handover.transfer_wecom(other, acting_user=staffed.users["hrbp_sales"], handover_userid="a", takeover_userid="b")


def test_only_hr_runs_it_over_http(client, handover_case, staffed, settings):
    settings.FAREWELL_WECOM_TRANSPORT = "fake"
    item = handover_case.handover_items.get(category="wecom")
    client.force_login(staffed.users["manager"])
    assert client.post(f"/offboarding/items/{item.code}/wecom/", {"handover_userid": "a", "takeover_userid": "b"}
                       ).status_code == 403
    client.force_login(staffed.users["hrbp_sales"])
    page = client.get(f"/cases/{handover_case.code}/").content.decode()
    assert 'id="wecom-transfer"' in page
