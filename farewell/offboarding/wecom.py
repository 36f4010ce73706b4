"""企业微信 离职继承: hand a leaver's external contacts (customers) and customer group chats to a successor.

The client follows the documented WeCom server API (qyapi.weixin.qq.com/cgi-bin/...):
- externalcontact/list?userid=U → {"errcode", "errmsg", "external_userid": [...]}
- externalcontact/groupchat/list {"status_filter": 0, "owner_filter": {"userid_list": [U]}, "cursor", "limit"}
  → {"errcode", "errmsg", "group_chat_list": [{"chat_id", "status"}], "next_cursor"}
- externalcontact/resigned/transfer_customer {"handover_userid", "takeover_userid", "external_userid": [...]}
  (at most 100 a call) → {"errcode", "errmsg", "customer": [{"external_userid", "errcode"}]}
- externalcontact/groupchat/transfer {"chat_id_list": [...], "new_owner"} (at most 100 a call)
  → {"errcode", "errmsg", "failed_chat_list": [{"chat_id", "errcode", "errmsg"}]}

A transport sends one request and returns the parsed JSON. Off unless configured
(FAREWELL_WECOM_TRANSPORT = "" or "fake"); the fake answers from its own directory in the same shapes.
No transport for the real server (access token, HTTPS) is shipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

BATCH = 100  # both transfer calls take at most 100 ids


class WeComError(Exception):
    pass


class Transport(Protocol):
    def call(self, path: str, *, query: dict | None = None, body: dict | None = None) -> dict:
        """One request to the WeCom server API; the parsed JSON answer."""


@dataclass
class TransferResult:
    customers_transferred: list[str] = field(default_factory=list)
    customers_failed: list[tuple[str, int]] = field(default_factory=list)
    chats_transferred: list[str] = field(default_factory=list)
    chats_failed: list[tuple[str, int, str]] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"customers_transferred": self.customers_transferred,
                "customers_failed": [list(c) for c in self.customers_failed],
                "chats_transferred": self.chats_transferred, "chats_failed": [list(c) for c in self.chats_failed]}


def _checked(answer: dict, what: str) -> dict:
    if answer.get("errcode", 0) != 0:
        raise WeComError(f"{what}: {answer.get('errcode')} {answer.get('errmsg', '')}")
    return answer


class ResignedTransfer:
    """离职继承 over a transport."""

    def __init__(self, transport: Transport):
        self.transport = transport

    def customers_of(self, userid: str) -> list[str]:
        answer = _checked(self.transport.call("externalcontact/list", query={"userid": userid}), "externalcontact/list")
        return list(answer.get("external_userid", []))

    def chats_of(self, userid: str) -> list[str]:
        chats, cursor = [], ""
        while True:
            answer = _checked(self.transport.call("externalcontact/groupchat/list", body={
                "status_filter": 0, "owner_filter": {"userid_list": [userid]}, "cursor": cursor, "limit": 1000}),
                "externalcontact/groupchat/list")
            chats += [c["chat_id"] for c in answer.get("group_chat_list", [])]
            cursor = answer.get("next_cursor", "")
            if not cursor:
                return chats

    def transfer_all(self, handover_userid: str, takeover_userid: str) -> TransferResult:
        result = TransferResult()
        customers = self.customers_of(handover_userid)
        for start in range(0, len(customers), BATCH):
            answer = _checked(self.transport.call("externalcontact/resigned/transfer_customer", body={
                "handover_userid": handover_userid, "takeover_userid": takeover_userid,
                "external_userid": customers[start:start + BATCH]}), "resigned/transfer_customer")
            for row in answer.get("customer", []):
                if row.get("errcode", 0) == 0:
                    result.customers_transferred.append(row["external_userid"])
                else:
                    result.customers_failed.append((row["external_userid"], row["errcode"]))
        chats = self.chats_of(handover_userid)
        for start in range(0, len(chats), BATCH):
            batch = chats[start:start + BATCH]
            answer = _checked(self.transport.call("externalcontact/groupchat/transfer", body={
                "chat_id_list": batch, "new_owner": takeover_userid}), "groupchat/transfer")
            failed = {row["chat_id"]: row for row in answer.get("failed_chat_list", [])}
            for chat_id in batch:
                if chat_id in failed:
                    result.chats_failed.append((chat_id, failed[chat_id].get("errcode", -1),
                                                failed[chat_id].get("errmsg", "")))
                else:
                    result.chats_transferred.append(chat_id)
        return result


class FakeTransport:
    """A WeCom server stand-in: a directory of members' customers and chats, answering in the documented
    shapes (errcode 84061 for a customer that is not the leaver's, 90500 for a chat they do not own)."""

    def __init__(self, customers: dict[str, list[str]] | None = None, chats: dict[str, list[str]] | None = None):
        self.customers = {k: list(v) for k, v in (customers or {}).items()}
        self.chats = {k: list(v) for k, v in (chats or {}).items()}
        self.requests: list[tuple[str, dict]] = []

    def call(self, path: str, *, query: dict | None = None, body: dict | None = None) -> dict:
        self.requests.append((path, dict(query or {}, **(body or {}))))
        if path == "externalcontact/list":
            return {"errcode": 0, "errmsg": "ok", "external_userid": self.customers.get(query["userid"], [])}
        if path == "externalcontact/groupchat/list":
            owner = body["owner_filter"]["userid_list"][0]
            return {"errcode": 0, "errmsg": "ok", "next_cursor": "",
                    "group_chat_list": [{"chat_id": c, "status": 0} for c in self.chats.get(owner, [])]}
        if path == "externalcontact/resigned/transfer_customer":
            mine, rows = self.customers.setdefault(body["handover_userid"], []), []
            for external in body["external_userid"]:
                if external in mine:
                    mine.remove(external)
                    self.customers.setdefault(body["takeover_userid"], []).append(external)
                    rows.append({"external_userid": external, "errcode": 0})
                else:
                    rows.append({"external_userid": external, "errcode": 84061})
            return {"errcode": 0, "errmsg": "ok", "customer": rows}
        if path == "externalcontact/groupchat/transfer":
            failed = []
            for chat_id in body["chat_id_list"]:
                owner = next((u for u, chats in self.chats.items() if chat_id in chats), None)
                if owner is None:
                    failed.append({"chat_id": chat_id, "errcode": 90500, "errmsg": "the owner of this chat is not resigned"})
                    continue
                self.chats[owner].remove(chat_id)
                self.chats.setdefault(body["new_owner"], []).append(chat_id)
            return {"errcode": 0, "errmsg": "ok", "failed_chat_list": failed}
        return {"errcode": 60011, "errmsg": f"no privilege to access/modify contact/party/agent: {path}"}


_FAKE = FakeTransport()


def transport() -> Transport | None:
    name = getattr(settings, "FAREWELL_WECOM_TRANSPORT", "")
    if not name:
        return None
    if name == "fake":
        return _FAKE
    raise ImproperlyConfigured(f"unknown FAREWELL_WECOM_TRANSPORT {name!r} (known: fake)")
