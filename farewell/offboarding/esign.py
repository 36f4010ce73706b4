"""E-signature providers: the interface an adapter implements, and a local fake.

The interface follows the shape the Chinese providers share (Tencent 电子签 / 法大大): create a signing
flow from a PDF and its signers, hand each signer a link, receive a status callback signed with a shared
secret (HMAC-SHA256 of the body, `Content-Signature: sha256=<hex>`), then fetch the signed file.

Off unless configured: FAREWELL_ESIGN_PROVIDER = "" (off) or "fake" (the local fake below, for tests and
trials; its signer page is part of Farewell and it delivers its callback in-process). A real adapter also
needs a webhook URL the provider can reach; none is shipped.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

SIGNATURE_HEADER = "Content-Signature"


@dataclass(frozen=True)
class Signer:
    name: str
    mobile: str = ""


@dataclass(frozen=True)
class CallbackEvent:
    flow_id: str
    status: str  # "signed" (every party signed) or "rejected"


class CallbackRefused(Exception):
    """A callback that is not from the provider (bad signature) or not understood."""


class Provider(Protocol):
    name: str

    def create_flow(self, *, title: str, pdf: bytes, signers: list[Signer]) -> tuple[str, str]:
        """Start a flow; returns (flow id, the first signer's link)."""

    def parse_callback(self, body: bytes, headers: dict) -> CallbackEvent:
        """Verify a status callback and read it; CallbackRefused when it is not authentic."""

    def signed_file(self, flow_id: str) -> bytes:
        """The signed PDF of a completed flow."""


def sign_body(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


class FakeProvider:
    """A local stand-in with the providers' shapes. Flows live in the default storage (esign-fake/<flow>/),
    so any app server sees them; `sign()` plays the signer and returns the callback the provider would send
    (FlowStatusChange, as Tencent 电子签 names it)."""

    name = "fake"
    FOLDER = "offboarding/esign-fake"

    def __init__(self, secret: str):
        if not secret:
            raise ImproperlyConfigured("FAREWELL_ESIGN_CALLBACK_SECRET is needed for the e-signature callback")
        self.secret = secret

    def _path(self, flow_id: str, name: str) -> str:
        return f"{self.FOLDER}/{flow_id}/{name}"

    def create_flow(self, *, title: str, pdf: bytes, signers: list[Signer]) -> tuple[str, str]:
        flow_id = uuid.uuid4().hex
        default_storage.save(self._path(flow_id, "original.pdf"), ContentFile(pdf))
        meta = {"FlowId": flow_id, "FlowName": title, "Approvers": [{"ApproverName": s.name} for s in signers]}
        default_storage.save(self._path(flow_id, "flow.json"), ContentFile(json.dumps(meta, ensure_ascii=False)))
        return flow_id, reverse("offboarding:fake_sign", args=[flow_id])

    def _read(self, flow_id: str, name: str) -> bytes:
        with default_storage.open(self._path(flow_id, name), "rb") as handle:
            return handle.read()

    def sign(self, flow_id: str, *, reject: bool = False) -> tuple[bytes, dict]:
        """The signer signs (or rejects): the signed PDF is stored; returns the callback (body, headers)."""
        meta = json.loads(self._read(flow_id, "flow.json"))
        if not reject:
            original = self._read(flow_id, "original.pdf")
            stamp = f"\n% Farewell fake e-signature: flow {flow_id}, signed {int(time.time())}\n".encode()
            default_storage.save(self._path(flow_id, "signed.pdf"), ContentFile(original + stamp))
        body = json.dumps({
            "MsgId": uuid.uuid4().hex, "MsgType": "FlowStatusChange", "MsgVersion": "1",
            "MsgData": {"FlowId": flow_id, "FlowName": meta["FlowName"], "FlowStatus": "REJECT" if reject else "ALL",
                        "UpdateOn": int(time.time()), "Approvers": meta["Approvers"]},
        }, ensure_ascii=False).encode("utf-8")
        return body, {SIGNATURE_HEADER: sign_body(self.secret, body)}

    def parse_callback(self, body: bytes, headers: dict) -> CallbackEvent:
        given = headers.get(SIGNATURE_HEADER, "")
        if not hmac.compare_digest(given, sign_body(self.secret, body)):
            raise CallbackRefused("callback signature does not match")
        try:
            message = json.loads(body)
            data = message["MsgData"]
            status = {"ALL": "signed", "REJECT": "rejected"}[data["FlowStatus"]]
            return CallbackEvent(flow_id=str(data["FlowId"]), status=status)
        except (ValueError, KeyError, TypeError) as exc:
            raise CallbackRefused(f"callback not understood: {exc}") from exc

    def signed_file(self, flow_id: str) -> bytes:
        return self._read(flow_id, "signed.pdf")


def provider() -> FakeProvider | None:
    """The configured provider, or None (off)."""
    name = getattr(settings, "FAREWELL_ESIGN_PROVIDER", "")
    if not name:
        return None
    if name == "fake":
        return FakeProvider(getattr(settings, "FAREWELL_ESIGN_CALLBACK_SECRET", ""))
    raise ImproperlyConfigured(f"unknown FAREWELL_ESIGN_PROVIDER {name!r} (known: fake)")
