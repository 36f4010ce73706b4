"""The retention schedule and the purge: what of a former employee is removed, and when.

The clock of every kind starts at the employee's separation date (the end of the labour
contract): nothing of a person still employed is purged by the schedule. A kind is purged for a
former employee once `separation_date + months` has passed, unless any of their cases is under
a legal hold. What a purge does per kind (docs/privacy.md):

- contract_documents: the generated documents' DOCX/PDF, the signed copies and the scan of the
  written resignation notice are deleted from storage (the rows, their hashes and the ledger
  entries' hashes stay). LCL 50 ¶3: at least 2 years — the floor no setting can lower.
- talk_recordings: the audio attachments (files and rows).
- transcripts: the transcripts and their utterances (rows).
- health: the protected-status periods (rows: the kind and notes are health data).
- identity: the ID number, its blind index and the bank account (blanked on the employee).
- exit_interviews: the words of exit interviews (the person's statements, what they liked, their
  suggestions, the note on each stated reason) and HR's notes on the departure (the verification
  note, the manager feedback, the career advice, the rehire reason) are blanked; the reasons (codes),
  the kind, would-return, rehire eligibility and the dates stay, so the turnover report is unchanged.
- exit_surveys: the free-text answers and the personal e-mail (with its consent note) are blanked;
  scores and chosen reasons stay (the survey results page's aggregates).

Every ledger entry about a removed object loses its payload in the same transaction
(ledger.services.record_redaction), and the run is one `privacy.purged` entry listing the
entries it emptied and how many objects of each kind went — never who they were beyond the
employee's UUID.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Length
from django.utils.translation import gettext_lazy as _

from farewell.cases.models import SeparationCase
from farewell.exits.models import Departure, ExitInterview, ExitSurvey, StatedReason, SurveyAnswer
from farewell.ledger.models import LedgerEntry
from farewell.ledger.services import REDACTED_SEQS, record, record_redaction
from farewell.offboarding.models import GeneratedDocument, SignatureRequest
from farewell.org.models import Company, Employee, EmployeeStatus, StatusPeriod
from farewell.talks.models import Attachment, AttachmentKind, Transcript

from .models import DataKind, LegalHold, RetentionRule

# LCL 50 ¶3: 用人单位对已经解除或者终止的劳动合同的文本，至少保存二年备查。
CONTRACT_TEXT_MIN_MONTHS = 24

# The legal floor of each kind (months after separation); a company may set more, never less.
FLOOR_MONTHS: dict[str, int] = {DataKind.CONTRACT_DOCUMENTS: CONTRACT_TEXT_MIN_MONTHS}

# What a company gets until it decides (設置 › 个人信息保存期限). Three years keeps everything a
# dispute needs past the one-year arbitration limitation (劳动争议调解仲裁法 第二十七条), which
# runs from when the party knew of the infringement and can be interrupted.
DEFAULT_MONTHS: dict[str, int] = {
    DataKind.CONTRACT_DOCUMENTS: 36,
    DataKind.TALK_RECORDINGS: 36,
    DataKind.TRANSCRIPTS: 36,
    DataKind.HEALTH: 36,
    DataKind.IDENTITY: 36,
    DataKind.EXIT_INTERVIEWS: 36,
    DataKind.EXIT_SURVEYS: 36,
}

MAX_MONTHS = 1200
# Ids per IN (...) list: SQLite binds at most 32,766 variables a statement, and shorter lists plan better.
CHUNK = 2000

ATTACHMENT_TYPE = "talks.attachment"
TRANSCRIPT_TYPE = "talks.transcript"
DOCUMENT_TYPE = "offboarding.document"
SIGNATURE_TYPE = "offboarding.signature"
STATUS_PERIOD_TYPE = "org.statusperiod"
INTERVIEW_TYPE = "exits.exitinterview"  # exits.services.INTERVIEW
DEPARTURE_TEXT_TYPE = "exits.departure"  # exits.services.DEPARTURE: the entries with HR's notes
SURVEY_TYPE = "exits.exitsurvey"  # exits.services.SURVEY
PURGE_TYPE = "privacy.purge"
# The object types whose ledger entries a purge empties (the ID and bank numbers never enter the ledger;
# a notice scan's hash is part of the case's own entries, which stay).
LEDGER_RECORDED = (ATTACHMENT_TYPE, TRANSCRIPT_TYPE, DOCUMENT_TYPE, SIGNATURE_TYPE, STATUS_PERIOD_TYPE, INTERVIEW_TYPE,
                   DEPARTURE_TEXT_TYPE, SURVEY_TYPE)
# Of some types only the entries that carry words are emptied: a departure's opening, classification and
# the survey's answered entry (counts and a hash, never the answers) stay readable.
LEDGER_EVENTS = {
    DEPARTURE_TEXT_TYPE: ("exits.reason.verified", "exits.manager_feedback", "exits.summary.saved",
                          "exits.rehire.confirmed"),
    SURVEY_TYPE: ("exits.survey.sent",),
}


def floor_months(kind: str) -> int:
    return FLOOR_MONTHS.get(kind, 0)


def schedule(company: Company) -> dict[str, int]:
    """Months kept after separation, per kind, for one company (its rules over the defaults)."""
    months = dict(DEFAULT_MONTHS)
    for kind, value in RetentionRule.objects.filter(company=company).values_list("kind", "months"):
        months[kind] = max(value, floor_months(kind))  # a row written around the service still obeys the floor
    return months


def held_employee_ids() -> set[int]:
    """Employees with any case under a standing legal hold: nothing of theirs is purged."""
    return set(LegalHold.objects.filter(released_at__isnull=True).values_list("case__employee_id", flat=True))


@dataclass
class Item:
    """One thing a purge removes (for the dry run and the ledger's counts)."""

    kind: str
    employee_id: int
    employee_number: str
    object_type: str
    object_id: str
    label: str


@dataclass
class Plan:
    items: list[Item] = field(default_factory=list)
    held: list[int] = field(default_factory=list)  # employees skipped because of a hold (would be due)

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = defaultdict(int)
        for item in self.items:
            out[item.kind] += 1
        return dict(out)


def due_employees(today: dt.date, *, companies=None) -> dict[str, dict[int, str]]:
    """kind → {employee id: 工号} of former employees whose retention of that kind has run out."""
    out: dict[str, dict[int, str]] = {kind: {} for kind in DataKind.values}
    company_qs = Company.objects.all() if companies is None else companies
    for company in company_qs:
        months = schedule(company)
        for kind in DataKind.values:
            cutoff = today - relativedelta(months=months[kind])
            # Kept through separation_date + months: due when the separation date is before the cutoff.
            rows = Employee.objects.filter(company=company, status=EmployeeStatus.SEPARATED,
                                           separation_date__lt=cutoff).values_list("id", "employee_number")
            out[kind].update(rows)
    return out


def plan(today: dt.date, *, companies=None, kinds=None) -> Plan:
    """What a purge on `today` removes (nothing is changed): the dry run and the run itself."""
    result = Plan()
    held = held_employee_ids()
    due = due_employees(today, companies=companies)
    held_due = set()
    for kind, people in due.items():
        if kinds is not None and kind not in kinds:
            continue
        held_due |= held & set(people)
        ids = [(pk, number) for pk, number in people.items() if pk not in held]
        for start in range(0, len(ids), CHUNK):
            result.items.extend(_FINDERS[kind](dict(ids[start:start + CHUNK])))
    result.held = sorted(held_due)
    return result


def _documents(ids: dict[int, str]) -> list[Item]:
    items = []
    docs = (GeneratedDocument.objects.filter(case__employee_id__in=ids).filter(~Q(docx="") | ~Q(pdf=""))
            .values_list("code", "kind", "case__employee_id"))
    for code, kind, employee_id in docs:
        items.append(Item(DataKind.CONTRACT_DOCUMENTS, employee_id, ids[employee_id], DOCUMENT_TYPE, str(code),
                          f"document {kind}"))
    signed = (SignatureRequest.objects.filter(document__case__employee_id__in=ids).exclude(signed_file="")
              .values_list("code", "document__case__employee_id"))
    for code, employee_id in signed:
        items.append(Item(DataKind.CONTRACT_DOCUMENTS, employee_id, ids[employee_id], SIGNATURE_TYPE, str(code),
                          "signed copy"))
    notices = (SeparationCase.objects.filter(employee_id__in=ids).exclude(notice_evidence_file="")
               .values_list("code", "employee_id"))
    for code, employee_id in notices:
        items.append(Item(DataKind.CONTRACT_DOCUMENTS, employee_id, ids[employee_id], "cases.case.notice",
                          str(code), "written notice scan"))
    return items


def _recordings(ids: dict[int, str]) -> list[Item]:
    rows = (Attachment.objects.filter(conversation__employee_id__in=ids, kind=AttachmentKind.AUDIO)
            .values_list("code", "name", "conversation__employee_id"))
    return [Item(DataKind.TALK_RECORDINGS, employee_id, ids[employee_id], ATTACHMENT_TYPE, str(code),
                 f"recording {name}") for code, name, employee_id in rows]


def _transcripts(ids: dict[int, str]) -> list[Item]:
    rows = Transcript.objects.filter(employee_id__in=ids).values_list("code", "employee_id")
    return [Item(DataKind.TRANSCRIPTS, employee_id, ids[employee_id], TRANSCRIPT_TYPE, str(code), "transcript")
            for code, employee_id in rows]


def _health(ids: dict[int, str]) -> list[Item]:
    rows = StatusPeriod.objects.filter(employee_id__in=ids).values_list("pk", "start_date", "employee_id")
    return [Item(DataKind.HEALTH, employee_id, ids[employee_id], STATUS_PERIOD_TYPE, str(pk),
                 f"protected period from {start}") for pk, start, employee_id in rows]


def _identity(ids: dict[int, str]) -> list[Item]:
    # Rows with something to blank: an encrypted column answers no lookup but isnull, yet its stored
    # length is 0 exactly when the value is "" (EncryptedTextField stores "" as "").
    rows = (Employee.objects.filter(pk__in=ids)
            .annotate(id_length=Length("id_number"), bank_length=Length("bank_account"))
            .filter(Q(id_length__gt=0) | Q(bank_length__gt=0)).values_list("pk", "code"))
    return [Item(DataKind.IDENTITY, pk, ids[pk], "org.employee", str(code), "ID number and bank account")
            for pk, code in rows]


def _exit_interviews(ids: dict[int, str]) -> list[Item]:
    # Only what still has words to blank: a purged record is not found again (the purge is idempotent).
    worded = ~Q(statements="") | ~Q(liked="") | ~Q(suggestions="")
    noted = StatedReason.objects.filter(interview__departure__employee_id__in=ids).exclude(note="").values(
        "interview_id")
    rows = (ExitInterview.objects.filter(departure__employee_id__in=ids).filter(worded | Q(pk__in=noted))
            .values_list("code", "version", "departure__employee_id"))
    items = [Item(DataKind.EXIT_INTERVIEWS, employee_id, ids[employee_id], INTERVIEW_TYPE, str(code),
                  f"exit interview v{version}") for code, version, employee_id in rows]
    notes = (Departure.objects.filter(employee_id__in=ids)
             .filter(~Q(verified_note="") | ~Q(manager_feedback="") | ~Q(advice="") | ~Q(rehire_reason=""))
             .values_list("code", "employee_id"))
    items += [Item(DataKind.EXIT_INTERVIEWS, employee_id, ids[employee_id], DEPARTURE_TEXT_TYPE, str(code),
                   "departure notes") for code, employee_id in notes]
    return items


def _exit_surveys(ids: dict[int, str]) -> list[Item]:
    texts = SurveyAnswer.objects.filter(survey__departure__employee_id__in=ids).exclude(text="").values("survey_id")
    rows = (ExitSurvey.objects.filter(departure__employee_id__in=ids)
            .annotate(email_length=Length("personal_email"))
            .filter(Q(pk__in=texts) | Q(email_length__gt=0) | ~Q(email_consent_note=""))
            .values_list("code", "departure__employee_id"))
    return [Item(DataKind.EXIT_SURVEYS, employee_id, ids[employee_id], SURVEY_TYPE, str(code), "exit survey text")
            for code, employee_id in rows]


_FINDERS = {
    DataKind.CONTRACT_DOCUMENTS: _documents,
    DataKind.TALK_RECORDINGS: _recordings,
    DataKind.TRANSCRIPTS: _transcripts,
    DataKind.HEALTH: _health,
    DataKind.IDENTITY: _identity,
    DataKind.EXIT_INTERVIEWS: _exit_interviews,
    DataKind.EXIT_SURVEYS: _exit_surveys,
}


@dataclass
class PurgeResult:
    items: list[Item]
    entry: LedgerEntry | None  # the privacy.purged entry (None: nothing was due)
    redacted: int  # ledger entries emptied
    held: list[int]


def purge(today: dt.date, *, actor=None, companies=None, kinds=None) -> PurgeResult:
    """Remove what is due on `today` and record it; files go after the transaction commits."""
    with transaction.atomic():
        current = plan(today, companies=companies, kinds=kinds)
        entry, redacted, items = remove(current.items, day=today, actor=actor, reason="retention")
    return PurgeResult(items, entry, redacted, current.held)


def recordings_of(employee: Employee) -> list[Item]:
    """An employee's recordings (what a withdrawn recording consent removes)."""
    return _recordings({employee.pk: employee.employee_number})


def remove(items: list[Item], *, day: dt.date, actor, reason: str) -> tuple[LedgerEntry | None, int, list[Item]]:
    """Remove `items` (except a held employee's), empty their ledger entries and record the run."""
    files: list[str] = []
    with transaction.atomic():
        # Re-check holds inside the transaction that deletes (a hold set a moment ago wins).
        held = held_employee_ids()
        items = [item for item in items if item.employee_id not in held]
        if not items:
            return None, 0, []
        by_type: dict[str, list[str]] = defaultdict(list)
        for item in items:
            by_type[item.object_type].append(item.object_id)
        seqs: list[int] = []
        for object_type, object_ids in by_type.items():
            for start in range(0, len(object_ids), CHUNK):
                chunk = object_ids[start:start + CHUNK]
                files += _remove({object_type: chunk})
                if object_type in LEDGER_RECORDED:
                    entries = LedgerEntry.objects.filter(object_type=object_type, object_id__in=chunk,
                                                         redacted_by__isnull=True)
                    if object_type in LEDGER_EVENTS:
                        entries = entries.filter(event__in=LEDGER_EVENTS[object_type])
                    seqs += entries.values_list("seq", flat=True)
        people = sorted({item.employee_id for item in items})
        employees = sorted(str(code) for start in range(0, len(people), CHUNK)
                           for code in Employee.objects.filter(pk__in=people[start:start + CHUNK])
                           .values_list("code", flat=True))
        counts = defaultdict(int)
        for item in items:
            counts[item.kind] += 1
        payload = {"reason": reason, "day": day, "removed": dict(sorted(counts.items())), "employees": employees}
        entry = record_redaction(seqs, PURGE_TYPE, day.isoformat(), payload, actor=actor, event="privacy.purged")
        if entry is None:
            entry = record(PURGE_TYPE, day.isoformat(), {**payload, REDACTED_SEQS: []}, actor=actor,
                           event="privacy.purged")
        transaction.on_commit(lambda: _delete_files(files))
    return entry, len(seqs), items


def _remove(by_type: dict[str, list[str]]) -> list[str]:
    """Delete or blank the rows; return the stored files to delete once the transaction commits."""
    files: list[str] = []
    if by_type.get(DOCUMENT_TYPE):
        docs = GeneratedDocument.objects.filter(code__in=by_type[DOCUMENT_TYPE])
        for docx, pdf in docs.values_list("docx", "pdf"):
            files += [docx, pdf]
        docs.update(docx="", pdf="")
    if by_type.get(SIGNATURE_TYPE):
        signed = SignatureRequest.objects.filter(code__in=by_type[SIGNATURE_TYPE])
        files += list(signed.values_list("signed_file", flat=True))
        signed.update(signed_file="")
    if by_type.get("cases.case.notice"):
        cases = SeparationCase.objects.filter(code__in=by_type["cases.case.notice"])
        files += list(cases.values_list("notice_evidence_file", flat=True))
        cases.update(notice_evidence_file="")
    if by_type.get(ATTACHMENT_TYPE):
        attachments = Attachment.objects.filter(code__in=by_type[ATTACHMENT_TYPE])
        names = list(attachments.values_list("file", flat=True))
        files += names
        # A corrected conversation's rows point at the same stored file: they go with it.
        Attachment.objects.filter(Q(code__in=by_type[ATTACHMENT_TYPE]) | Q(file__in=names)).delete()
    if by_type.get(TRANSCRIPT_TYPE):
        Transcript.objects.filter(code__in=by_type[TRANSCRIPT_TYPE]).delete()  # utterances cascade
    if by_type.get(STATUS_PERIOD_TYPE):
        StatusPeriod.objects.filter(pk__in=[int(pk) for pk in by_type[STATUS_PERIOD_TYPE]]).delete()
    if by_type.get("org.employee"):
        Employee.objects.filter(code__in=by_type["org.employee"]).update(id_number="", id_number_index="",
                                                                          bank_account="")
    if by_type.get(INTERVIEW_TYPE):
        interviews = ExitInterview.objects.filter(code__in=by_type[INTERVIEW_TYPE])
        StatedReason.objects.filter(interview__in=interviews).update(note="")
        interviews.update(statements="", liked="", suggestions="")
    if by_type.get(DEPARTURE_TEXT_TYPE):
        Departure.objects.filter(code__in=by_type[DEPARTURE_TEXT_TYPE]).update(
            verified_note="", manager_feedback="", advice="", rehire_reason="")
    if by_type.get(SURVEY_TYPE):
        surveys = ExitSurvey.objects.filter(code__in=by_type[SURVEY_TYPE])
        SurveyAnswer.objects.filter(survey__in=surveys).update(text="")
        surveys.update(personal_email="", email_consent_note="")
    return [name for name in files if name]


def _delete_files(names: list[str]) -> None:
    for name in set(names):
        default_storage.delete(name)


KIND_HELP = {
    DataKind.CONTRACT_DOCUMENTS: _("《劳动合同法》第五十条第三款：已解除或终止的劳动合同文本至少保存二年备查，不得低于24个月。"),
    DataKind.TALK_RECORDINGS: _("仅在员工单独同意录音后才会存在；员工撤回同意时即删除（诉讼保全期间除外）。"),
    DataKind.TRANSCRIPTS: _("谈话转写文本及逐句分析。"),
    DataKind.HEALTH: _("保护期的类型、日期和备注。"),
    DataKind.IDENTITY: _("离职后仍需用于社保、档案转移和仲裁应诉，到期后清除。"),
    DataKind.EXIT_INTERVIEWS: _("到期清除面谈中员工的陈述、建议和对原因的说法，以及HR对该离职的文字备注；"
                                "离职原因、类型、再录用资格等统计所需的字段保留，离职分析报告不受影响。"),
    DataKind.EXIT_SURVEYS: _("到期清除问卷的文字回答和个人邮箱；评分和所选原因保留，用于匿名汇总。"),
}
