"""Anchors: the ledger head written down outside the database.

`verify()` proves the chain is consistent with itself, which is also true of a chain somebody
with database access recomputed from a rewritten entry onwards, or cut short and re-headed.
An anchor — the head's seq, entry hash and time, kept in a file and mailed to the auditors —
is what such a rewrite cannot change: `farewell ledger verify --anchor FILE` fails when the
entry at the anchored seq is gone (truncated) or has another hash (recomputed).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMessage
from django.dispatch import Signal
from django.utils.translation import gettext as _

from .canonical import utc_timestamp
from .models import GENESIS_HASH, LedgerEntry, LedgerHead

KIND = "farewell-ledger-anchor"
FORMAT = 1

# Who receives the anchors besides FAREWELL_ANCHOR_RECIPIENTS: receivers return e-mail
# addresses (the accounts app answers with the auditors' logins).
anchor_recipients = Signal()


class AnchorError(Exception):
    pass


def current_anchor(now: dt.datetime | None = None) -> dict:
    head = LedgerHead.objects.filter(id=1).values_list("seq", "entry_hash").first() or (0, GENESIS_HASH)
    return {
        "kind": KIND,
        "format": FORMAT,
        "seq": head[0],
        "entry_hash": head[1],
        "anchored_at": utc_timestamp(now or dt.datetime.now(dt.UTC)),
        "installation": settings.FAREWELL_BASE_URL,
    }


def write_anchor(directory: Path, anchor: dict) -> Path:
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    stamp = anchor["anchored_at"].replace(":", "").replace("-", "").split(".")[0]
    path = directory / f"ledger-anchor-{anchor['seq']:08d}-{stamp}Z.json"
    path.write_text(json.dumps(anchor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def recipients() -> list[str]:
    addresses = [a.strip() for a in getattr(settings, "FAREWELL_ANCHOR_RECIPIENTS", []) if a.strip()]
    for _receiver, found in anchor_recipients.send(sender=None):
        addresses.extend(found or [])
    return sorted(set(addresses))


def mail_anchor(path: Path, anchor: dict, to: list[str]) -> None:
    subject = _("Farewell 证据链锚点 #%(seq)s（%(day)s）") % {"seq": anchor["seq"], "day": anchor["anchored_at"][:10]}
    body = _(
        "证据链（账本）当前的链头如下。请将本邮件或附件保存在 Farewell 之外；核验时运行\n"
        "  farewell ledger verify --anchor %(file)s\n"
        "若账本被截断或被从某条记录起重新计算，核验将失败。"
    ) % {"file": path.name}
    body += (
        f"\n\nseq: {anchor['seq']}\nentry_hash: {anchor['entry_hash']}\nanchored_at: {anchor['anchored_at']}\n"
        f"installation: {anchor['installation']}\n"
    )
    message = EmailMessage(subject, body, None, to)
    message.attach(path.name, path.read_bytes(), "application/json")
    message.send(fail_silently=False)


def read_anchor(path: Path) -> dict:
    try:
        anchor = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise AnchorError(f"{path}: not a readable anchor ({exc})") from exc
    if not isinstance(anchor, dict) or anchor.get("kind") != KIND or anchor.get("format") != FORMAT:
        raise AnchorError(f"{path}: not a Farewell ledger anchor (format {FORMAT})")
    if not isinstance(anchor.get("seq"), int) or not isinstance(anchor.get("entry_hash"), str):
        raise AnchorError(f"{path}: the anchor has no seq or entry_hash")
    return anchor


def latest_anchor(directory: Path | str | None = None) -> tuple[Path, dict] | None:
    """The newest anchor file in `directory` (FAREWELL_ANCHOR_DIR): names sort by seq, then time."""
    folder = Path(directory or settings.FAREWELL_ANCHOR_DIR)
    try:
        files = sorted(folder.glob("ledger-anchor-*.json"))
    except OSError:
        return None
    for path in reversed(files):
        try:
            return path, read_anchor(path)
        except AnchorError:
            continue  # a damaged file: the one before it
    return None


@dataclass(frozen=True)
class AnchorCheck:
    ok: bool
    reason: str = ""


def check_anchor(anchor: dict) -> AnchorCheck:
    """Does today's ledger still hold the anchored entry, unchanged?"""
    seq = anchor["seq"]
    if seq == 0:
        return AnchorCheck(True)
    found = LedgerEntry.objects.filter(seq=seq).values_list("entry_hash", flat=True).first()
    if found is None:
        return AnchorCheck(False, f"entry {seq} of the anchor of {anchor['anchored_at']} is gone: the ledger was truncated")
    if found != anchor["entry_hash"]:
        return AnchorCheck(
            False,
            f"entry {seq} has another hash than the anchor of {anchor['anchored_at']} "
            "recorded: the chain was recomputed",
        )
    return AnchorCheck(True)
