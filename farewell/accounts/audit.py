"""The audit administrator's pages (证据链, 访问日志): filters, search and exports of the filtered rows.

Both lists are filtered by the same five things — a time range (local days), who acted, on whose
record, what kind of event, free text — in SQL, so a page is one query for its rows whatever the
list's length (the count stops at CappedPaginator's cap). An export writes the filtered rows to a
temporary file (never the whole list in memory), is refused past EXPORT_CAP rows, and is itself
recorded: one ledger entry with the filters, the row count and the file's SHA-256, and for the
ledger's payloads (people's words) an access-log row, as the ledger API does for each page read.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import tempfile
import uuid
from dataclasses import dataclass

from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from farewell.common.cells import xlsx_row
from farewell.common.labels import event_label, local_time, registered_events
from farewell.common.numbers import whole_number
from farewell.common.wording import Words
from farewell.ledger.canonical import utc_timestamp
from farewell.ledger.models import LedgerEntry
from farewell.ledger.services import record
from farewell.org.models import Employee

from . import policy
from .forms import BootstrapMixin
from .ledger_reads import PAYLOAD_FIELD
from .models import AccessLog, User
from .purposes import shown_purpose
from .services import SENSITIVE_FIELDS

# An export past this many rows is refused with a request to narrow the filter: an auditor's
# extract is a period or a person, and 100,000 rows is already a 20 MB workbook.
EXPORT_CAP = 100_000
# An XLSX cell holds at most 32,767 characters; a longer payload is cut there (the JSON has it whole).
XLSX_CELL_MAX = 32_000
EXPORT_EVENT = "audit_exported"
EXPORT_TYPE = "accounts.auditexport"


class AuditFilterForm(BootstrapMixin, forms.Form):
    date_from = forms.DateField(label=gettext_lazy("从"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    date_to = forms.DateField(label=gettext_lazy("到"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    actor = forms.CharField(label=gettext_lazy("操作人"), required=False, max_length=150,
                            help_text=gettext_lazy("用户名或姓名"))
    employee = forms.CharField(label=gettext_lazy("员工工号"), required=False, max_length=30)
    q = forms.CharField(label=gettext_lazy("搜索"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style()

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise ValidationError(_("开始日期不能晚于结束日期"))
        return data

    @property
    def active(self) -> dict:
        """The filters in use, as plain strings (what an export records)."""
        if not self.is_valid():
            return {}
        return {name: str(value) for name, value in self.cleaned_data.items() if value not in (None, "")}


class LedgerFilterForm(AuditFilterForm):
    event = forms.ChoiceField(label=gettext_lazy("事件"), required=False)
    field_order = ["date_from", "date_to", "actor", "employee", "event", "q"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event"].choices = [("", _("全部事件")), *registered_events()]
        self.fields["q"].help_text = _("事件、对象、对象编号、哈希前缀、序号或记录内容中的文字")


def access_kinds() -> list[tuple[str, str]]:
    """What was read: "model label:field" of every sensitive field, and the ledger's payloads."""
    kinds = []
    for label, fields in sorted(SENSITIVE_FIELDS.items()):
        model = apps.get_model(label)
        for name in sorted(fields):
            kinds.append((f"{label}:{name}",
                          f"{model._meta.verbose_name} · {model._meta.get_field(name).verbose_name}"))
    kinds.append((f"ledger.ledgerentry:{PAYLOAD_FIELD}", _("证据链 · 记录内容")))
    return kinds


class AccessLogFilterForm(AuditFilterForm):
    kind = forms.ChoiceField(label=gettext_lazy("查看内容"), required=False)
    field_order = ["date_from", "date_to", "actor", "employee", "kind", "q"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].label = _("查看人")
        self.fields["kind"].choices = [("", _("全部")), *access_kinds()]
        self.fields["q"].help_text = _("目的或对象编号中的文字")


def _day_start(day: dt.date) -> dt.datetime:
    """Midnight of a local day (Asia/Shanghai), aware."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def _actors(text: str) -> QuerySet:
    text = text.strip()
    return User.objects.filter(
        Q(username__iexact=text) | Q(display_name__icontains=text) | Q(employee__name__icontains=text)
    ).values("pk")


def _employees(user, number: str) -> list[Employee]:
    """The people with this 工号 in the companies the auditor is granted (several companies may share one)."""
    return list(Employee.objects.filter(company_id__in=policy.company_ids(user), employee_number=number.strip())
                .only("pk", "code"))


def ledger_rows(user, form: LedgerFilterForm) -> QuerySet:
    """The ledger, newest first, filtered by a valid form (the whole chain otherwise)."""
    rows = LedgerEntry.objects.select_related("actor").order_by("-seq")
    if not form.is_valid():
        return rows
    data = form.cleaned_data
    # Timestamps are stored as hashed: UTC ISO, fixed width, so text order is time order.
    if data["date_from"]:
        rows = rows.filter(timestamp__gte=utc_timestamp(_day_start(data["date_from"])))
    if data["date_to"]:
        rows = rows.filter(timestamp__lt=utc_timestamp(_day_start(data["date_to"] + dt.timedelta(days=1))))
    if data["actor"]:
        rows = rows.filter(actor_id__in=_actors(data["actor"]))
    if data["employee"]:
        people = _employees(user, data["employee"])
        if not people:
            return rows.none()
        # The person's own entries, and every entry whose recorded content names them (a case's
        # entries carry "employee": <code>).
        about = Q(object_id__in=[str(p.code) for p in people])
        for person in people:
            about |= Q(payload__contains=str(person.code))
        rows = rows.filter(about)
    if data["event"]:
        rows = rows.filter(event=data["event"])
    if data["q"]:
        text = data["q"].strip()
        match = (Q(event__icontains=text) | Q(object_type__icontains=text) | Q(object_id__istartswith=text)
                 | Q(entry_hash__startswith=text.lower()) | Q(payload__contains=text))
        seq = whole_number(text, most=2**63 - 1)  # not isdigit(): '²' is a digit int() refuses
        if seq is not None:
            match |= Q(seq=seq)
        rows = rows.filter(match)
    return rows


def access_rows(user, form: AccessLogFilterForm) -> QuerySet:
    rows = (AccessLog.objects.select_related("actor", "employee")
            .defer("employee__id_number", "employee__bank_account")  # never decrypted for a list
            .order_by("-at", "-pk"))
    if not form.is_valid():
        return rows
    data = form.cleaned_data
    if data["date_from"]:
        rows = rows.filter(at__gte=_day_start(data["date_from"]))
    if data["date_to"]:
        rows = rows.filter(at__lt=_day_start(data["date_to"] + dt.timedelta(days=1)))
    if data["actor"]:
        rows = rows.filter(actor_id__in=_actors(data["actor"]))
    if data["employee"]:
        rows = rows.filter(employee_id__in=[p.pk for p in _employees(user, data["employee"])])
    if data["kind"]:
        object_type, _sep, field = data["kind"].partition(":")
        rows = rows.filter(object_type=object_type, field=field)
    if data["q"]:
        text = data["q"].strip()
        rows = rows.filter(Q(purpose__icontains=text) | Q(object_id__istartswith=text))
    return rows


# --- exports ---------------------------------------------------------------------------------


class ExportTooLarge(Exception):
    pass


@dataclass
class ExportFile:
    name: str
    content_type: str
    handle: object  # an open temporary file at position 0
    rows: int
    sha256: str


def _capped_count(rows: QuerySet) -> int:
    return rows.order_by().values_list("pk", flat=True)[: EXPORT_CAP + 1].count()


def _ledger_record(entry: LedgerEntry) -> dict:
    return {
        "seq": entry.seq, "timestamp": entry.timestamp, "event": entry.event, "object_type": entry.object_type,
        "object_id": entry.object_id, "actor": entry.actor.username if entry.actor else None,
        "actor_ref": entry.actor_ref, "payload": entry.payload, "object_hash": entry.object_hash,
        "prev_hash": entry.prev_hash, "entry_hash": entry.entry_hash, "version": entry.version,
    }


def _access_record(row: AccessLog) -> dict:
    return {
        "at": utc_timestamp(row.at), "actor": row.actor.username if row.actor else None,
        "employee": row.employee.name if row.employee else None,
        "employee_number": row.employee.employee_number if row.employee else None,
        "object_type": row.object_type, "object_id": row.object_id, "field": row.field, "purpose": row.purpose,
        **({"purpose_words": row.words} if row.words else {}),
    }


LEDGER_HEADERS = [gettext_lazy("序号"), gettext_lazy("时间（北京时间）"), gettext_lazy("时间戳（UTC，参与哈希）"),
                  gettext_lazy("事件"), gettext_lazy("事件代码"), gettext_lazy("对象类型"), gettext_lazy("对象编号"),
                  gettext_lazy("操作人"), gettext_lazy("操作人编号"), gettext_lazy("记录内容"),
                  gettext_lazy("对象哈希"), gettext_lazy("前一哈希"), gettext_lazy("记录哈希"), gettext_lazy("哈希版本")]
ACCESS_HEADERS = [gettext_lazy("时间（北京时间）"), gettext_lazy("查看人"), gettext_lazy("员工"), gettext_lazy("工号"),
                  gettext_lazy("对象类型"), gettext_lazy("对象编号"), gettext_lazy("字段"), gettext_lazy("目的")]


def _ledger_cells(item: dict) -> list:
    payload = item["payload"]
    if len(payload) > XLSX_CELL_MAX:
        payload = payload[:XLSX_CELL_MAX] + "…" + _("（已截断，完整内容见 JSON 导出）")
    return [item["seq"], local_time(item["timestamp"], "%Y-%m-%d %H:%M:%S"), item["timestamp"],
            event_label(item["event"]), item["event"], item["object_type"], item["object_id"], item["actor"] or "",
            item["actor_ref"], payload, item["object_hash"], item["prev_hash"], item["entry_hash"], item["version"]]


def _access_cells(item: dict) -> list:
    return [local_time(item["at"], "%Y-%m-%d %H:%M:%S"), item["actor"] or "", item["employee"] or "",
            item["employee_number"] or "", item["object_type"], item["object_id"], item["field"],
            shown_purpose(item["purpose"], item.get("purpose_words"))]  # the JSON export keeps it as stored


def _write_xlsx(fh, title: str, headers: list, rows) -> int:
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet(title=title[:31])
    bold = Font(bold=True)
    header = []
    for text in headers:
        cell = WriteOnlyCell(ws, value=str(text))
        cell.font = bold
        header.append(cell)
    ws.append(header)
    count = 0
    for row in rows:
        ws.append(xlsx_row(ws, row))  # text that looks like a formula stays text
        count += 1
    wb.save(fh)
    return count


def _write_json(fh, kind: str, filters: dict, items) -> int:
    """One object per row, streamed: {"format", "exported_at", "filters", "rows": [...]}."""
    head = {"format": f"farewell-{kind}-export/1", "exported_at": utc_timestamp(timezone.now()), "filters": filters}
    text = json.dumps(head, ensure_ascii=False, sort_keys=True)
    fh.write((text[:-1] + ',"rows":[').encode("utf-8"))
    count = 0
    for item in items:
        fh.write((("," if count else "") + "\n" + json.dumps(item, ensure_ascii=False, sort_keys=True)).encode("utf-8"))
        count += 1
    fh.write(b"\n]}\n")
    return count


def _digest(fh) -> str:
    fh.seek(0)
    digest = hashlib.sha256()
    for block in iter(lambda: fh.read(1 << 16), b""):
        digest.update(block)
    fh.seek(0)
    return digest.hexdigest()


def export(user, what: str, fmt: str, form: AuditFilterForm) -> ExportFile:
    """The filtered rows of the ledger or the access log as XLSX or JSON, recorded as exported."""
    policy.require(user, "ledger.view" if what == "ledger" else "accesslog.view")
    if fmt not in ("xlsx", "json"):
        raise ValueError(fmt)
    rows = ledger_rows(user, form) if what == "ledger" else access_rows(user, form)
    if _capped_count(rows) > EXPORT_CAP:
        raise ExportTooLarge(_("筛选结果超过 %(cap)s 条，请缩小时间范围或增加筛选条件后再导出。") % {"cap": f"{EXPORT_CAP:,}"})
    to_item = _ledger_record if what == "ledger" else _access_record
    items = (to_item(row) for row in rows.iterator(chunk_size=2000))
    seqs: list[int] = []
    if what == "ledger":
        def noted(source):
            for item in source:
                seqs.append(item["seq"])
                yield item
        items = noted(items)
    fh = tempfile.TemporaryFile()  # deleted when the response closes it
    filters = form.active
    if fmt == "xlsx":
        title = _("证据链") if what == "ledger" else _("访问日志")
        cells = _ledger_cells if what == "ledger" else _access_cells
        count = _write_xlsx(fh, title, LEDGER_HEADERS if what == "ledger" else ACCESS_HEADERS,
                            (cells(item) for item in items))
    else:
        count = _write_json(fh, "ledger" if what == "ledger" else "access-log", filters, items)
    sha256 = _digest(fh)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    name = f"{'ledger' if what == 'ledger' else 'access-log'}-{stamp}.{fmt}"
    with transaction.atomic():
        record(EXPORT_TYPE, uuid.uuid4(), {"what": what, "format": fmt, "filters": filters, "rows": count,
                                           "file": name, "sha256": sha256}, actor=user, event=EXPORT_EVENT)
        if what == "ledger" and seqs:
            # The payloads are people's words: the export is a read of them, like an API page.
            words = Words(gettext_noop("审计：导出证据链 %(n)s 条记录的内容（%(fmt)s）"), n=count, fmt=fmt.upper())
            AccessLog.objects.create(
                actor=user, employee=None, object_type="ledger.ledgerentry",
                object_id=f"{min(seqs)}-{max(seqs)}"[:64], field="payload",
                purpose=str(words)[:200], words=words.as_json(),  # worded again in each reader's language
            )
    content_type = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" if fmt == "xlsx"
                    else "application/json")
    return ExportFile(name, content_type, fh, count, sha256)
