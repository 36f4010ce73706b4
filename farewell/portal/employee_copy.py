"""The employee's copy of the evidence package: what HR's package holds about the talks, as the
employee may see it (issue 12: a separate employee copy of any document or package).

HR's package (evidence.py) carries the signed records as the ledger holds them, the transcripts, the
attachments and the case's ledger entries — with the negotiation ceiling, the policy cap and HR's
guidance in them. This copy is built from the projections only (portal/projection.py,
talks/projection.py): a PDF for reading, the same records as JSON, and a manifest whose files are
vouched for by one ledger entry (the export), so `farewell ledger verify-package` checks it too.
No entry of the case's own history goes in: their payloads are internal.
"""

from __future__ import annotations

import dataclasses
import io
import json
import zipfile

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from farewell.cases.models import SeparationCase
from farewell.common.documents import html_to_pdf
from farewell.ledger.canonical import utc_timestamp
from farewell.ledger.package import ENTRY_FIELDS, FORMAT, MANIFEST, file_sha256
from farewell.ledger.services import record
from farewell.org.models import Employee
from farewell.talks.models import Conversation, ConversationStatus
from farewell.talks.projection import EmployeeRecord, record_for_employee

from .projection import case_for_employee

EXPORT_TYPE = "portal.employeecopy"
EXPORT_EVENT = "portal.employee_copy.exported"


def signed_records(employee: Employee, case: SeparationCase | None = None) -> list[EmployeeRecord]:
    """The latest version of each signed record of the employee (of `case` when given), projected."""
    qs = Conversation.objects.filter(employee=employee, status=ConversationStatus.SIGNED)
    if case is not None:
        qs = qs.filter(case=case)
    conversations = list(qs.select_related("acknowledgement", "case")
                         .prefetch_related("participants", "next_steps", "checklist").order_by("held_at", "version"))
    superseded = {c.previous_id for c in conversations if c.previous_id}
    return [record_for_employee(c) for c in conversations if c.pk not in superseded]


def _record_json(item: EmployeeRecord) -> bytes:
    return json.dumps(dataclasses.asdict(item), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2,
                      sort_keys=True).encode("utf-8")


def build_employee_copy(employee: Employee, *, actor, case: SeparationCase | None = None) -> tuple[str, bytes]:
    """(file name, ZIP bytes) of the employee's copy; the export is recorded in the ledger with every
    file's hash. `case` limits the records to one case (HR's download from the case page)."""
    records = signed_records(employee, case)
    shown_case = case or (SeparationCase.objects.filter(employee=employee).order_by("-created_at").first())
    projection = case_for_employee(shown_case, awaiting_confirmation=False)
    now = timezone.now()
    html = render_to_string("portal/employee_copy.html", {
        "employee_name": employee.name, "case": projection, "records": records, "now": now})
    files: list[tuple[str, bytes]] = [("summary.pdf", html_to_pdf(html, base_url=f"file://{settings.BASE_DIR}/"))]
    files += [(f"records/{item.held_at:%Y%m%d}-v{item.version}-{item.code}.json", _record_json(item))
              for item in records]
    hashes = {path: file_sha256(data) for path, data in files}
    with transaction.atomic():
        export = record(EXPORT_TYPE, employee.code, {
            "employee": employee.code, "case": shown_case.code if shown_case else None, "copy": "employee",
            "files": hashes}, actor=actor, event=EXPORT_EVENT)
    manifest = {
        "format": FORMAT,
        "copy": "employee",
        "case": str(shown_case.code) if shown_case else None,
        "employee": str(employee.code),
        "created_at": utc_timestamp(now),
        "created_by": str(actor.pk),
        "export_entry": {"seq": export.seq, "entry_hash": export.entry_hash},
        "files": [{"path": path, "sha256": hashes[path], "size": len(data),
                   "ledger": {"seq": export.seq, "entry_hash": export.entry_hash}} for path, data in files],
        "withheld": [],
        "ledger_entries": [{f: getattr(export, f) for f in ENTRY_FIELDS}],
        "how_to_verify": "farewell ledger verify-package FILE; or re-compute the sha256 of each file and compare "
                         "with the export entry's payload (files), whose hash is in the employer's ledger",
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data in files:
            archive.writestr(path, data)
        archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True))
    stamp = timezone.localtime(now).strftime("%Y%m%d-%H%M%S")
    return f"my-records-{employee.employee_number}-{stamp}.zip", buffer.getvalue()
