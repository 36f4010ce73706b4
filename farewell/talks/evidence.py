"""The evidence package of a case: a ZIP with a PDF summary, every attachment, the signed
records as the ledger holds them, the transcripts, and manifest.json (SHA-256 of each file and
its ledger entry) — verified by `farewell ledger verify-package FILE` (farewell/ledger/package.py).
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_noop

from farewell.accounts.file_reads import log_read
from farewell.accounts.services import read_sensitive
from farewell.cases import services as case_services
from farewell.cases import signals as case_signals
from farewell.cases.models import SeparationCase
from farewell.cases.presentation import present, present_case
from farewell.common.documents import html_to_pdf
from farewell.ledger.canonical import utc_timestamp
from farewell.ledger.models import LedgerEntry
from farewell.ledger.package import ENTRY_FIELDS, FORMAT, MANIFEST, file_sha256
from farewell.ledger.services import record

from . import services
from .access import read_purpose, recording_hold
from .models import Attachment, AttachmentKind, Conversation, ConversationStatus, Transcript
from .uploads import read_attachment

EXPORT_TYPE = "talks.evidencepackage"


def _entry(object_type: str, object_id, event: str) -> LedgerEntry | None:
    return (LedgerEntry.objects.filter(object_type=object_type, object_id=str(object_id), event=event)
            .order_by("seq").first())


def _safe(name: str) -> str:
    return PurePosixPath(name.replace("\\", "/")).name or "file"


def summary_context(case: SeparationCase, conversations: list[Conversation], transcripts: list[Transcript]) -> dict:
    run = case_services.latest_run(case)
    return {
        "case": case,
        "result": present(run.output, extra=run.checks) if run else None,
        "money": present_case(case, run),
        "events": list(LedgerEntry.objects.filter(object_type=case_services.LEDGER_TYPE, object_id=str(case.code))
                       .select_related("actor").order_by("seq")),
        "conversations": conversations,
        "transcripts": transcripts,
        "now": timezone.now(),
    }


def build_package(case: SeparationCase, *, actor) -> tuple[str, bytes]:
    """(file name, ZIP bytes). The export itself is recorded in the ledger with every file's hash."""
    conversations = list(
        Conversation.objects.filter(case=case, status=ConversationStatus.SIGNED)
        .select_related("signed_by", "previous").prefetch_related("participants", "next_steps", "checklist",
                                                                   "attachments")
        .order_by("held_at", "version")
    )
    transcripts = list(Transcript.objects.filter(conversation__case=case).defer("text")
                       .select_related("conversation").order_by("created_at"))
    files: list[tuple[str, bytes, dict | None]] = []  # (path, data, manifest extras)
    withheld = []

    html = render_to_string("talks/evidence_summary.html", summary_context(case, conversations, transcripts))
    files.append(("summary.pdf", html_to_pdf(html, base_url=f"file://{settings.BASE_DIR}/"), None))

    seen_files = set()
    for conversation in conversations:
        signed = _entry(services.CONVERSATION, conversation.code, "talks.conversation.signed")
        if signed is not None:
            files.append((f"records/v{conversation.version}-{conversation.code}.json", signed.payload.encode("utf-8"),
                          {"entry": signed, "content": "ledger_payload"}))
        for attachment in conversation.attachments.all():
            if attachment.file.name in seen_files:
                continue  # a correction's rows point at the same stored file
            seen_files.add(attachment.file.name)
            original = (Attachment.objects.filter(file=attachment.file.name).order_by("uploaded_at", "id").first())
            purpose = gettext_noop("证据包导出")
            if attachment.kind == AttachmentKind.AUDIO:
                # A recording whose consent was withdrawn is there only under a legal hold: read under it.
                try:
                    attachment.held_by = recording_hold(conversation.employee_id)
                except Http404:
                    continue
                attachment.conversation = conversation
                purpose = read_purpose(attachment, purpose, actor=actor)
            data = read_attachment(attachment)  # decrypted; the read is in the access log like a download
            log_read(actor, attachment, "file", employee=conversation.employee, purpose=purpose)
            files.append((f"attachments/{original.code}/{_safe(attachment.name)}", data,
                          {"entry": _entry(services.ATTACHMENT, original.code, "talks.attachment.added")}))
    for transcript in transcripts:
        path = f"transcripts/{transcript.code}.txt"
        entry = _entry(services.TRANSCRIPT, transcript.code, "talks.transcript.added")
        try:
            text = read_sensitive(transcript, "text", actor=actor, purpose=gettext_noop("证据包导出"))
        except PermissionDenied:
            withheld.append({"path": path, "sha256": transcript.sha256, "reason": "reader may not read transcripts",
                             "ledger": {"seq": entry.seq, "entry_hash": entry.entry_hash} if entry else None})
            continue
        files.append((path, text.encode("utf-8"), {"entry": entry}))

    # Files recorded further down the flow (offboarding's documents), each with the entry that recorded it.
    for extra in case_signals.evidence_files_for(case):
        files.append((extra["path"], extra["data"],
                      {"entry": _entry(extra["object_type"], extra["object_id"], extra["event"])}))

    hashes = {path: file_sha256(data) for path, data, _ in files}
    with transaction.atomic():
        export = record(EXPORT_TYPE, case.code, {"case": case.code, "files": hashes, "withheld": withheld},
                        actor=actor, event="talks.evidence_package.exported")
    entries: dict[int, LedgerEntry] = {export.seq: export}
    manifest_files = []
    for path, data, extra in files:
        entry = (extra or {}).get("entry") or export
        entries[entry.seq] = entry
        item = {"path": path, "sha256": hashes[path], "size": len(data),
                "ledger": {"seq": entry.seq, "entry_hash": entry.entry_hash}}
        if extra and extra.get("content"):
            item["content"] = extra["content"]
        manifest_files.append(item)
    for entry in LedgerEntry.objects.filter(object_type=case_services.LEDGER_TYPE, object_id=str(case.code)):
        entries.setdefault(entry.seq, entry)
    manifest = {
        "format": FORMAT,
        "case": str(case.code),
        "employee": str(case.employee.code),
        "created_at": utc_timestamp(timezone.now()),
        "created_by": str(actor.pk),
        "export_entry": {"seq": export.seq, "entry_hash": export.entry_hash},
        "files": manifest_files,
        "withheld": withheld,
        "ledger_entries": [{f: getattr(e, f) for f in ENTRY_FIELDS} for _, e in sorted(entries.items())],
        "how_to_verify": "farewell ledger verify-package FILE; or re-compute: sha256 of each file; "
                         "object_hash = sha256(payload); version 2: entry_hash = sha256(f'v2|{seq}|{prev_hash}|"
                         "{event}|{object_type}|{object_id}|{object_hash}|{actor_ref}|{timestamp}'); version 1 "
                         "(entries written before hash v2): entry_hash = sha256(f'{seq}|{prev_hash}|{object_hash}|"
                         "{actor_ref}|{timestamp}')",
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data, _ in files:
            archive.writestr(path, data)
        archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True))
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return f"evidence-{case.employee.employee_number}-{stamp}.zip", buffer.getvalue()
