"""The operations on plans, conversation records and transcripts (STYLE 2): each takes a
keyword-only actor, runs in one transaction and writes its ledger entry inside it.

A signed record never changes: every mutation below re-checks `status=draft` in its UPDATE or
under a row lock, so a sign-off racing an edit cannot let the edit through.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import tempfile

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from farewell.accounts.models import Role, RoleGrant
from farewell.cases import workflow as case_workflow
from farewell.cases.models import SeparationCase
from farewell.common import consent
from farewell.common.limits import TRANSCRIPT_CHARS
from farewell.common.notifications import notify
from farewell.common.wording import Joined, Words
from farewell.ledger.models import LedgerEntry
from farewell.ledger.services import record
from farewell.org.models import Employee

from . import analysis, plans, uploads
from .models import (
    CIVIL_SERVICE_SITUATIONS,
    Acknowledgement,
    Attachment,
    AttachmentKind,
    ChecklistItem,
    Conversation,
    ConversationStatus,
    EscalationPhrase,
    NextStep,
    Participant,
    ParticipantRole,
    PlanTemplate,
    TalkPlan,
    Transcript,
    TranscriptSource,
    Utterance,
)
from .parsing import as_timestamped, detect, parse

PLAN = "talks.talkplan"
CONVERSATION = "talks.conversation"
ATTACHMENT = "talks.attachment"
TRANSCRIPT = "talks.transcript"
CASE = "cases.separationcase"  # escalations also go on the case's own line of the ledger
MAX_TRANSCRIPT_CHARS = TRANSCRIPT_CHARS


class TalkError(Exception):
    """A refused operation, with a message for the person who tried."""


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- plans -----------------------------------------------------------------------------------


def generate_plan(employee: Employee, *, actor, case: SeparationCase | None = None,
                  situation: str | None = None) -> TalkPlan:
    """A plan for this employee (and case) from the situation's template and the records."""
    situation = situation or plans.suggested_situation(employee, case)
    if employee.rule_pack == plans.CIVIL_SERVICE and situation not in CIVIL_SERVICE_SITUATIONS:
        raise TalkError(_("公务员适用《公务员法》，不能使用劳动合同的谈话方案：请选择公务员的谈话情形"))
    template = PlanTemplate.objects.filter(company=employee.company_id, situation=situation).first()
    if template is None:
        raise TalkError(_("没有该情形的谈话方案模板"))
    fields = plans.build(template, employee, case, actor=actor)
    with transaction.atomic():
        plan = TalkPlan.objects.create(employee=employee, case=case, created_by=actor, **fields)
        record(PLAN, plan.code, {
            "employee": employee.code, "case": case.code if case else None, "situation": situation,
            "template": template.pk, "facts": [f["ref"] for f in plan.facts],
        }, actor=actor, event="talks.plan.generated")
    return plan


PLAN_TEXT_FIELDS = ("title", "opening", "facts_intro", "questions", "options", "closing", "compliance")


def update_plan(plan: TalkPlan, *, actor, **changes) -> TalkPlan:
    unknown = set(changes) - set(PLAN_TEXT_FIELDS)
    if unknown:
        raise TalkError(f"unknown fields {sorted(unknown)}")
    with transaction.atomic():
        for key, value in changes.items():
            setattr(plan, key, value)
        plan.save(update_fields=[*changes, "updated_at"])
        record(PLAN, plan.code, {"changes": changes}, actor=actor, event="talks.plan.edited")
    return plan


# --- conversation records --------------------------------------------------------------------


def _agenda(plan: TalkPlan) -> Joined:
    """The agenda drawn from the plan: its own texts as HR wrote them, numbered, with the framing words kept as
    words (Conversation.agenda_words), so each reader reads them in their language."""
    items: list = [plan.title]
    if plan.facts:
        items.append(Words(gettext_noop("事实回顾（%(n)s 项，见方案）"), n=len(plan.facts)))
    items += [Words(gettext_noop("请员工谈看法：%(q)s"), q=q) for q in plan.question_list]
    items += [Words(gettext_noop("方案：%(o)s"), o=o) for o in plan.option_list]
    items.append(Words(gettext_noop("告知事项（逐项确认）")))
    return Joined([Joined([f"{i}. ", item]) for i, item in enumerate(items, start=1)], "\n")


def start_conversation(plan: TalkPlan, *, actor, held_at: dt.datetime, place: str) -> Conversation:
    """A draft record from a plan: agenda, default participants and the compliance checklist."""
    employee = plan.employee
    agenda = _agenda(plan)
    with transaction.atomic():
        conversation = Conversation.objects.create(
            employee=employee, case=plan.case, plan=plan, held_at=held_at, place=place,
            agenda=str(agenda), agenda_words=agenda.as_json(), created_by=actor,
        )
        people = [Participant(conversation=conversation, name=str(actor), role=ParticipantRole.HR, user=actor,
                              employee=getattr(actor, "employee", None)),
                  Participant(conversation=conversation, name=employee.name, role=ParticipantRole.EMPLOYEE,
                              employee=employee)]
        if employee.manager_id:
            people.append(Participant(conversation=conversation, name=employee.manager.name,
                                      role=ParticipantRole.MANAGER, employee=employee.manager))
        Participant.objects.bulk_create(people)
        ChecklistItem.objects.bulk_create([
            ChecklistItem(conversation=conversation, order=i, text=text)
            for i, text in enumerate(plan.compliance_list, start=1)
        ])
        record(CONVERSATION, conversation.code, {
            "employee": employee.code, "case": plan.case.code if plan.case else None, "plan": plan.code,
            "version": 1, "held_at": held_at, "place": place,
        }, actor=actor, event="talks.conversation.opened")
    return conversation


def _lock_draft(conversation: Conversation) -> Conversation:
    """Re-read the row under a lock; refuse if it was signed meanwhile (call inside atomic)."""
    locked = Conversation.objects.select_for_update().get(pk=conversation.pk)
    if locked.status != ConversationStatus.DRAFT:
        raise TalkError(_("谈话记录已签署，不能修改；如需更正，请创建更正版本"))
    return locked


RECORD_FIELDS = ("held_at", "place", "agenda", "notes", "employee_statements", "agreed")


def update_conversation(conversation: Conversation, *, actor, fields: dict,
                        participants: list[dict] | None = None, next_steps: list[dict] | None = None) -> Conversation:
    """Edit a draft: its texts, participants ({name, role, employee}) and next steps ({action, owner, due_date})."""
    unknown = set(fields) - set(RECORD_FIELDS)
    if unknown:
        raise TalkError(f"unknown fields {sorted(unknown)}")
    sent, fields = sorted(fields), dict(fields)
    if conversation.agenda_words and "agenda" in fields:
        def plain(text) -> str:  # a textarea sends its lines back with \r\n
            return str(text or "").replace("\r\n", "\n").strip()

        if plain(fields["agenda"]) in (plain(conversation.agenda), plain(conversation.shown_agenda)):
            del fields["agenda"]  # the drawn agenda sent back as shown: still the plan's, worded for each reader
        else:
            fields["agenda_words"] = None  # HR's own text from now on, as typed
    with transaction.atomic():
        _lock_draft(conversation)
        for key, value in fields.items():
            setattr(conversation, key, value)
        if fields:
            conversation.save(update_fields=list(fields))
        if participants is not None:
            conversation.participants.all().delete()
            Participant.objects.bulk_create([Participant(conversation=conversation, **p) for p in participants])
        if next_steps is not None:
            conversation.next_steps.all().delete()
            NextStep.objects.bulk_create([NextStep(conversation=conversation, **s) for s in next_steps])
        record(CONVERSATION, conversation.code, {
            "changed": sent, "participants": participants is not None, "next_steps": next_steps is not None,
        }, actor=actor, event="talks.conversation.edited")
    return conversation


def tick(item: ChecklistItem, done: bool, *, actor) -> ChecklistItem:
    """Tick (or untick) one compliance item of a draft record."""
    with transaction.atomic():
        _lock_draft(item.conversation)
        item.done = done
        item.done_at = timezone.now() if done else None
        item.save(update_fields=["done", "done_at"])
        record(CONVERSATION, item.conversation.code, {"item": item.order, "text": item.text, "done": done},
               actor=actor, event="talks.checklist.ticked")
    return item


def add_attachment(conversation: Conversation, upload, *, actor, kind: str = AttachmentKind.DOCUMENT) -> Attachment:
    """Store a document or recording, checked on its content and encrypted at rest, with the SHA-256 of
    the plain file (in the ledger at once). The stored name is random: the original name is a field."""
    if kind == AttachmentKind.AUDIO and not consent.given(conversation.employee_id, consent.TALK_RECORDING):
        # A recording is processed only with the employee's separate consent (PIPL Art. 29; docs/privacy.md).
        raise TalkError(_("员工未单独同意谈话录音（或已撤回）：不能上传录音。"))
    try:
        checked = uploads.check_attachment(upload, kind)
    except uploads.AttachmentRefused as exc:
        raise TalkError(str(exc)) from exc
    data, digest = checked.data, checked.sha256
    name = getattr(upload, "name", "") or "file"
    with transaction.atomic():
        _lock_draft(conversation)
        attachment = Attachment(conversation=conversation, kind=kind, name=name[-200:], size=len(data),
                                sha256=digest, uploaded_by=actor, encrypted=True)
        attachment.file.save(f"{attachment.code}.bin", ContentFile(uploads.encrypt_bytes(data)), save=False)
        attachment.save()
        record(ATTACHMENT, attachment.code, {
            "conversation": conversation.code, "name": attachment.name, "kind": kind, "size": len(data),
            "sha256": digest, "format": checked.format,
        }, actor=actor, event="talks.attachment.added")
    return attachment


def snapshot(conversation: Conversation) -> dict:
    """Everything the record says, as the ledger keeps it at sign-off."""
    return {
        "conversation": conversation.code,
        "employee": conversation.employee.code,
        "case": conversation.case.code if conversation.case_id else None,
        "plan": conversation.plan.code if conversation.plan_id else None,
        "version": conversation.version,
        "previous": conversation.previous.code if conversation.previous_id else None,
        "correction_reason": conversation.correction_reason,
        "held_at": conversation.held_at,
        "place": conversation.place,
        "agenda": conversation.agenda,
        "notes": conversation.notes,
        "employee_statements": conversation.employee_statements,
        "agreed": conversation.agreed,
        "participants": [{"name": p.name, "role": p.role} for p in conversation.participants.all()],
        "next_steps": [{"action": s.action, "owner": s.owner, "due_date": s.due_date}
                       for s in conversation.next_steps.all()],
        "checklist": [{"text": c.text, "done": c.done} for c in conversation.checklist.all()],
        "attachments": [{"name": a.name, "kind": a.kind, "sha256": a.sha256, "size": a.size}
                        for a in conversation.attachments.all()],
    }


def untold_notices(conversation: Conversation) -> list[str]:
    """The checklist's notices not ticked (the right to arbitration, how compensation is computed, …)."""
    return [item.text for item in conversation.checklist.all() if not item.done]


def sign_conversation(conversation: Conversation, *, actor, untold_confirmed: bool | None = None) -> Conversation:
    """HR signs the record off: from now on it is immutable (corrections are new versions).

    A person signing on the page or the API says whether they sign with notices unticked (`untold_confirmed`):
    a signed record without the arbitration notice is weak evidence, so they are told which and must confirm.
    None is a caller that asks nobody (the demo, scripts)."""
    untold = untold_notices(conversation)
    if untold and untold_confirmed is False:
        raise TalkError(_("以下告知事项尚未勾选：%(list)s。已告知的请先勾选；确未告知仍要签署的，请勾选“未告知事项仍签署”。") % {
            "list": "；".join(untold)})
    now = timezone.now()
    with transaction.atomic():
        signed = Conversation.objects.filter(pk=conversation.pk, status=ConversationStatus.DRAFT).update(
            status=ConversationStatus.SIGNED, signed_by=actor, signed_at=now)
        if signed == 0:
            raise TalkError(_("谈话记录已签署"))
        conversation.refresh_from_db()
        record(CONVERSATION, conversation.code, {**snapshot(conversation), "signed_at": now},
               actor=actor, event="talks.conversation.signed")
        employee_user = getattr(conversation.employee, "user", None) if _has_user(conversation.employee) else None
        if employee_user is not None:
            notify(employee_user, Words(gettext_noop("请确认谈话记录")),
                   Words(gettext_noop("HR已签署 %(day)s 的谈话记录，请查看并确认。"),
                         day=timezone.localtime(conversation.held_at).date()), link=reverse("talks:mine"))
    return conversation


def _has_user(employee: Employee) -> bool:
    try:
        return employee.user is not None
    except Exception:  # noqa: BLE001 - RelatedObjectDoesNotExist: no login for this employee
        return False


def correct_conversation(conversation: Conversation, *, actor, reason: str) -> Conversation:
    """A new draft version of a signed record, pointing to it; the signed one stays as it was."""
    if not reason.strip():
        raise TalkError(_("请写明更正原因"))
    with transaction.atomic():
        old = Conversation.objects.select_for_update().get(pk=conversation.pk)
        if old.status != ConversationStatus.SIGNED:
            raise TalkError(_("只有已签署的记录才需要更正；草稿可以直接修改"))
        if Conversation.objects.filter(previous=old).exists():
            raise TalkError(_("该版本已有更正版本"))
        new = Conversation.objects.create(
            employee=old.employee, case=old.case, plan=old.plan, version=old.version + 1, previous=old,
            correction_reason=reason.strip(), held_at=old.held_at, place=old.place, agenda=old.agenda,
            agenda_words=old.agenda_words,
            notes=old.notes, employee_statements=old.employee_statements, agreed=old.agreed, created_by=actor,
        )
        Participant.objects.bulk_create([
            Participant(conversation=new, name=p.name, role=p.role, employee=p.employee, user=p.user)
            for p in old.participants.all()])
        NextStep.objects.bulk_create([
            NextStep(conversation=new, action=s.action, owner=s.owner, due_date=s.due_date)
            for s in old.next_steps.all()])
        ChecklistItem.objects.bulk_create([
            ChecklistItem(conversation=new, order=c.order, text=c.text, done=c.done, done_at=c.done_at)
            for c in old.checklist.all()])
        # The files are not copied: the new version's rows point at the same stored, hashed files.
        Attachment.objects.bulk_create([
            Attachment(conversation=new, kind=a.kind, file=a.file.name, name=a.name, size=a.size, sha256=a.sha256,
                       encrypted=a.encrypted, uploaded_by=a.uploaded_by)
            for a in old.attachments.all()])
        record(CONVERSATION, new.code, {
            "previous": old.code, "version": new.version, "reason": new.correction_reason,
        }, actor=actor, event="talks.conversation.correction_opened")
    return new


def latest_version(conversation: Conversation) -> Conversation:
    current = conversation
    while True:
        following = Conversation.objects.filter(previous=current).first()
        if following is None:
            return current
        current = following


def acknowledge(conversation: Conversation, *, actor, comment: str = "") -> Acknowledgement:
    """The employee acknowledges a signed record of their own (in the portal)."""
    if actor.employee_id != conversation.employee_id:
        raise TalkError(_("只能确认本人的谈话记录"))
    with transaction.atomic():
        locked = Conversation.objects.select_for_update().get(pk=conversation.pk)
        if locked.status != ConversationStatus.SIGNED:
            raise TalkError(_("谈话记录尚未签署"))
        if Acknowledgement.objects.filter(conversation=locked).exists():
            raise TalkError(_("已经确认过"))
        ack = Acknowledgement.objects.create(conversation=locked, user=actor, comment=comment.strip())
        record(CONVERSATION, locked.code, {"acknowledged_by": actor.pk, "comment": ack.comment,
                                           "version": locked.version},
               actor=actor, event="talks.conversation.acknowledged")
    return ack


# --- transcripts -----------------------------------------------------------------------------


def active_phrases(company_id: int) -> list[str]:
    """The company's escalation list (each company keeps its own)."""
    return list(EscalationPhrase.objects.filter(company=company_id, active=True).values_list("phrase", flat=True))


def add_transcript(conversation: Conversation, text: str, *, actor, fmt: str | None = None,
                   source: str = TranscriptSource.UPLOAD, engine: str = "") -> Transcript:
    """Parse, analyse and store a transcript (encrypted); escalation phrases prompt legal."""
    text = text.replace("\r\n", "\n")
    if not text.strip():
        raise TalkError(_("转写文本为空"))
    if len(text) > MAX_TRANSCRIPT_CHARS:
        raise TalkError(_("转写文本过长"))
    fmt = fmt or detect(text)
    lines = parse(text, fmt)
    if not lines:
        raise TalkError(_("没有识别出任何发言"))
    phrases = active_phrases(conversation.employee.company_id)
    results = analysis.analyse_all([line.text for line in lines], phrases)
    found = sorted({p for r in results for p in r.phrases})
    scores = [r.sentiment for r in results]
    known = [s for s in scores if s is not None]
    turns = analysis.turns([r.label for r in results])
    digest = sha256_bytes(text.encode("utf-8"))
    with transaction.atomic():
        transcript = Transcript.objects.create(
            conversation=conversation, employee=conversation.employee, source=source, format=fmt, engine=engine,
            text=text, sha256=digest, utterance_count=len(lines),
            mean_sentiment=round(sum(known) / len(known), 4) if known else None,
            turning_point=turns[0] if turns else None, turns=turns, escalation_phrases=found, created_by=actor,
        )
        Utterance.objects.bulk_create([
            Utterance(transcript=transcript, seq=i, speaker=line.speaker[:50], start_seconds=line.start,
                      text=line.text, sentiment=r.sentiment, sentiment_label=r.label, emotion=r.emotion,
                      emotions=r.emotions,
                      escalation_phrases=r.phrases)
            for i, (line, r) in enumerate(zip(lines, results, strict=True))
        ])
        record(TRANSCRIPT, transcript.code, {
            "conversation": conversation.code, "format": fmt, "source": source, "engine": engine,
            "sha256": digest, "utterances": len(lines), "escalation_phrases": found,
        }, actor=actor, event="talks.transcript.added")
        if found:
            _escalate(transcript, found, actor=actor)
    return transcript


ESCALATION_EVENT = "talks.escalation_detected"


def _users_covering(employee: Employee, role: str) -> list:
    """Active users holding `role` whose scope covers the employee (a unit grant covers its subtree;
    no unit = the whole company), as the case workflow routes them, for a talk without a case."""
    path = employee.org_unit.path
    grants = RoleGrant.objects.filter(role=role, company_id=employee.company_id, user__is_active=True
                                      ).select_related("user", "org_unit")
    users = {g.user for g in grants if g.org_unit is None or path.startswith(g.org_unit.path)}
    return sorted(users, key=lambda u: u.pk)


def _escalate(transcript: Transcript, found: list[str], *, actor) -> None:
    """Phrases from the list were said: a ledger entry naming whom it notified, and a prompt to the
    legal (and HRBP) logins covering the employee, whether or not the talk belongs to a case."""
    conversation = transcript.conversation
    case = conversation.case
    employee = conversation.employee
    if case is not None:
        legal = case_workflow.users_for_role(case, "legal")
        hr = case_workflow.hr_users_for(case)
        link = reverse("cases:case_detail", args=[case.code])
    else:
        legal = _users_covering(employee, Role.LEGAL)
        hr = _users_covering(employee, Role.HRBP)
        link = reverse("talks:transcript_detail", args=[transcript.code])
    payload = {"transcript": transcript.code, "conversation": conversation.code, "employee": employee.code,
               "phrases": found, "notified_legal": [str(u) for u in legal],
               "notified_hr": [str(u) for u in hr if u not in legal]}
    if case is not None:
        record(CASE, case.code, {"case": case.code, **payload}, actor=actor, event=ESCALATION_EVENT)
    else:  # no case line to put it on: the transcript's own line
        record(TRANSCRIPT, transcript.code, payload, actor=actor, event=ESCALATION_EVENT)
    subject = Words(gettext_noop("谈话中出现争议风险词：%(name)s"), name=employee.name)
    body = Words(gettext_noop("谈话转写中出现：%(phrases)s。建议法务介入本案。") if case is not None else
                 gettext_noop("谈话转写中出现：%(phrases)s。该谈话尚无离职案件，建议法务介入。"),
                 phrases=Joined(found, mark="enumeration"))
    seen = set()
    for user in legal + hr:
        if user.pk not in seen:
            seen.add(user.pk)
            notify(user, subject, body, link=link)


def escalation_notice(transcript: Transcript) -> dict | None:
    """Whom an escalation notified, as its ledger entry records it: {"legal": [...], "hr": [...]},
    or None when no entry names them (then no page may claim that legal was told)."""
    if not transcript.escalated:
        return None
    case = transcript.conversation.case
    where = Q(object_type=TRANSCRIPT, object_id=str(transcript.code))
    if case is not None:
        where |= Q(object_type=CASE, object_id=str(case.code))
    for text in LedgerEntry.objects.filter(where, event=ESCALATION_EVENT).values_list("payload", flat=True):
        payload = json.loads(text)
        if payload.get("transcript") == str(transcript.code) and "notified_legal" in payload:
            return {"legal": payload["notified_legal"], "hr": payload.get("notified_hr", [])}
    return None
    case = transcript.conversation.case
    objects = [(TRANSCRIPT, str(transcript.code))]
    if case is not None:
        objects.append((CASE, str(case.code)))
    for object_type, object_id in objects:
        for text in (LedgerEntry.objects.filter(object_type=object_type, object_id=object_id,
                                                event=ESCALATION_EVENT).values_list("payload", flat=True)):
            payload = json.loads(text)
            if payload.get("transcript") == str(transcript.code) and "notified_legal" in payload:
                return {"legal": payload["notified_legal"], "hr": payload.get("notified_hr", [])}
    return None


def transcribe_attachment(attachment: Attachment, *, actor) -> Transcript:
    """Audio → the configured speech engine → a timestamped transcript (analysed like an upload)."""
    from pathlib import Path

    from .speech import SpeechError, engine

    speech = engine()
    if speech is None:
        raise TalkError(_("未配置语音识别引擎：请上传转写文本"))
    if attachment.kind != AttachmentKind.AUDIO:
        raise TalkError(_("只能转写录音附件"))
    if not consent.given(attachment.conversation.employee_id, consent.TALK_RECORDING):
        raise TalkError(_("员工未单独同意谈话录音（或已撤回）：不能转写录音。"))
    # The engine reads a path: the decrypted recording lives in a private temporary file for the call only.
    with tempfile.NamedTemporaryFile(suffix=".audio") as plain:
        plain.write(uploads.read_attachment(attachment))
        plain.flush()
        try:
            segments = speech.transcribe(Path(plain.name), language="zh")
        except SpeechError as exc:
            raise TalkError(str(exc)) from exc
    from .parsing import Line

    text = as_timestamped([Line(s.speaker, s.text.strip(), s.start) for s in segments if s.text.strip()])
    return add_transcript(attachment.conversation, text, actor=actor, fmt="timestamped",
                          source=TranscriptSource.SPEECH, engine=speech.name)


# --- configuration ---------------------------------------------------------------------------


def save_template(template: PlanTemplate, *, actor) -> PlanTemplate:
    with transaction.atomic():
        template.updated_by = actor
        template.save()
        record("talks.plantemplate", template.pk, {
            "company": template.company_id, "situation": template.situation, **{f: getattr(template, f) for f in PLAN_TEXT_FIELDS}},
            actor=actor, event="talks.template.saved")
    return template


def save_phrases(company, phrases: list[str], *, actor) -> list[str]:
    """Replace a company's active escalation list (phrases dropped are deactivated, never deleted)."""
    wanted = []
    for p in phrases:
        p = p.strip()
        if p and p not in wanted:
            wanted.append(p[:50])
    with transaction.atomic():
        EscalationPhrase.objects.filter(company=company).exclude(phrase__in=wanted).update(active=False)
        for phrase in wanted:
            EscalationPhrase.objects.update_or_create(company=company, phrase=phrase, defaults={"active": True})
        record("talks.escalationphrase", f"list:{company.code}", {"company": company.pk, "phrases": wanted},
               actor=actor, event="talks.phrases.saved")
    return wanted


def seed_company_settings(sender, company, **kwargs) -> None:
    """A new company gets the default plan templates and escalation list (org.signals.company_created)."""
    from .defaults import seed_company

    seed_company(company, PlanTemplate, EscalationPhrase)
