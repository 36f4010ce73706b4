"""The operations on departures, exit interviews, the exit survey and the taxonomy (STYLE 2): each
takes a keyword-only `acting_user`, runs in one transaction and writes its ledger entry inside it;
notifications leave on commit.

A signed interview never changes: every mutation re-checks `status=draft` under a row lock or in
its UPDATE, so a sign-off racing an edit cannot let the edit through.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from farewell.accounts.models import User
from farewell.cases.models import CaseStatus, SeparationCase
from farewell.common.notifications import absolute_url, notify
from farewell.common.wording import Words
from farewell.ledger.canonical import canonical_json
from farewell.ledger.services import record
from farewell.org.models import Employee, EmployeeStatus

from .classify import kind_for_ground, rehire_proposal
from .models import (
    Channel,
    Departure,
    ExitInterview,
    ExitReason,
    ExitSurvey,
    InterviewStatus,
    Kind,
    Rehire,
    StatedReason,
    SurveyAnswer,
    SurveyChannel,
    SurveyQuestion,
    SurveyStatus,
)
from .question_labels import kept_text

log = logging.getLogger(__name__)

DEPARTURE = "exits.departure"
INTERVIEW = "exits.exitinterview"
SURVEY = "exits.exitsurvey"


class ExitError(Exception):
    """A refused operation, with a message for the person who tried."""


def tenure_months(hire_date: dt.date, separation_date: dt.date) -> int:
    span = relativedelta(separation_date + dt.timedelta(days=1), hire_date)
    return max(0, span.years * 12 + span.months)


def _case_of(employee: Employee) -> SeparationCase | None:
    """The case that ended (or is ending) the employment: the latest one not rejected or withdrawn."""
    return (SeparationCase.objects.filter(employee=employee)
            .exclude(status__in=[CaseStatus.REJECTED, CaseStatus.WITHDRAWN, CaseStatus.DRAFT])
            .order_by("-created_at", "-id").first())


def _departure_fields(employee: Employee, case: SeparationCase | None, separation_date: dt.date) -> dict:
    ground = case.ground if case is not None else ""
    proposal = rehire_proposal(ground)
    position = employee.position
    return {
        "company_id": employee.company_id, "employee": employee, "case": case, "separation_date": separation_date,
        "org_unit_id": employee.org_unit_id, "position": position,
        "grade": position.grade if position is not None else "", "hire_date": employee.hire_date,
        "tenure_months": tenure_months(employee.hire_date, separation_date), "ground": ground,
        "kind": kind_for_ground(ground), "settlement": case.offered_amount if case is not None else 0,
        "rehire_proposal": proposal.rehire, "rehire_basis": proposal.basis[:300],
    }


def _departure_payload(departure: Departure) -> dict:
    return {
        "departure": departure.code, "employee": departure.employee.code,
        "case": departure.case.code if departure.case_id else None, "separation_date": departure.separation_date,
        "kind": departure.kind, "ground": departure.ground, "rehire_proposal": departure.rehire_proposal,
        "rehire_basis": departure.rehire_basis, "settlement": departure.settlement,
    }


def open_departure(employee: Employee, *, acting_user, case: SeparationCase | None = None,
                   separation_date: dt.date | None = None) -> Departure:
    """The departure record of an employee who is leaving or has left (its case's ground and date)."""
    case = case or _case_of(employee)
    separation_date = separation_date or (case.separation_date if case is not None else employee.separation_date)
    if separation_date is None:
        raise ExitError(_("该员工没有离职案件或离职日期，不能建立离职记录"))
    if case is not None and case.employee_id != employee.pk:
        raise ExitError(_("案件不属于该员工"))
    existing = Departure.objects.filter(employee=employee, separation_date=separation_date).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            departure = Departure.objects.create(created_by=acting_user,
                                                 **_departure_fields(employee, case, separation_date))
            record(DEPARTURE, departure.code, _departure_payload(departure), actor=acting_user,
                   event="exits.departure.opened")
    except IntegrityError:  # opened meanwhile (another HR, the sweep)
        return Departure.objects.get(employee=employee, separation_date=separation_date)
    return departure


def ensure_departures(*, today: dt.date | None = None) -> int:
    """The sweep: every employee who has left without a departure record gets one (from the case)."""
    today = today or timezone.localdate()
    has_one = Departure.objects.filter(employee=OuterRef("pk"), separation_date=OuterRef("separation_date"))
    missing = (Employee.objects.filter(status=EmployeeStatus.SEPARATED, separation_date__isnull=False,
                                       separation_date__lte=today)
               .filter(~Exists(has_one)).select_related("org_unit", "position").order_by("pk"))
    created = 0
    for employee in missing.iterator(chunk_size=500):
        open_departure(employee, acting_user=None, separation_date=employee.separation_date)
        created += 1
    return created


def _locked(departure: Departure) -> Departure:
    return Departure.objects.select_for_update(of=("self",)).select_related("employee").get(pk=departure.pk)


def classify(departure: Departure, *, acting_user, kind: str, regrettable: bool | None) -> Departure:
    """HR's classification: voluntary or involuntary (proposed from the ground), regrettable or not."""
    if kind not in Kind.values:
        raise ExitError(_("离职类型无效"))
    with transaction.atomic():
        current = _locked(departure)
        before = {"kind": current.kind, "regrettable": current.regrettable}
        Departure.objects.filter(pk=current.pk).update(kind=kind, regrettable=regrettable)
        departure.kind, departure.regrettable = kind, regrettable
        record(DEPARTURE, departure.code, {"departure": departure.code, "before": before,
                                           "kind": kind, "regrettable": regrettable},
               actor=acting_user, event="exits.departure.classified")
    return departure


def confirm_rehire(departure: Departure, *, acting_user, rehire: str, reason: str) -> Departure:
    """HR confirms (or overrides) the proposed rehire eligibility; the reason is required."""
    if rehire not in Rehire.values:
        raise ExitError(_("再录用资格无效"))
    reason = reason.strip()
    if not reason:
        raise ExitError(_("请写明确认再录用资格的理由"))
    now = timezone.now()
    with transaction.atomic():
        current = _locked(departure)
        Departure.objects.filter(pk=current.pk).update(
            rehire=rehire, rehire_reason=reason, rehire_confirmed_by=acting_user, rehire_confirmed_at=now)
        departure.rehire, departure.rehire_reason = rehire, reason
        departure.rehire_confirmed_by, departure.rehire_confirmed_at = acting_user, now
        record(DEPARTURE, departure.code, {
            "departure": departure.code, "proposal": current.rehire_proposal, "basis": current.rehire_basis,
            "previous": current.rehire, "rehire": rehire, "reason": reason,
            "differs_from_proposal": rehire != current.rehire_proposal,
        }, actor=acting_user, event="exits.rehire.confirmed")
    return departure


def verify_reason(departure: Departure, *, acting_user, reason: ExitReason, note: str,
                  evidence_refs: list[str] | None = None) -> Departure:
    """HR records the verified reason; when it differs from the stated one, why (required)."""
    note = note.strip()
    stated = departure.stated_reason
    if reason.company_id != departure.company_id:
        raise ExitError(_("该原因不属于员工所在公司的离职原因"))
    if stated is not None and reason.pk != stated.pk and not note:
        raise ExitError(_("核实的原因与员工陈述的不同，请写明差异的理由"))
    if not reason.active:
        raise ExitError(_("该原因已停用"))
    now = timezone.now()
    with transaction.atomic():
        current = _locked(departure)
        Departure.objects.filter(pk=current.pk).update(
            verified_reason=reason, verified_note=note, verified_by=acting_user, verified_at=now)
        departure.verified_reason, departure.verified_note = reason, note
        departure.verified_by, departure.verified_at = acting_user, now
        record(DEPARTURE, departure.code, {
            "departure": departure.code, "stated": stated.code if stated else None,
            "previous": current.verified_reason.code if current.verified_reason_id else None,
            "verified": reason.code, "note": note, "evidence": evidence_refs or [],
        }, actor=acting_user, event="exits.reason.verified")
    return departure


def record_manager_feedback(departure: Departure, *, acting_user, day: dt.date, note: str) -> Departure:
    """Feedback to the leaver's direct manager, as a recorded step (the manager is told in-app)."""
    note = note.strip()
    if not note:
        raise ExitError(_("请写明向直接上级反馈的内容"))
    with transaction.atomic():
        current = _locked(departure)
        Departure.objects.filter(pk=current.pk).update(manager_feedback_on=day, manager_feedback=note)
        departure.manager_feedback_on, departure.manager_feedback = day, note
        manager = current.employee.manager
        record(DEPARTURE, departure.code, {
            "departure": departure.code, "day": day, "note": note,
            "manager": manager.code if manager is not None else None,
        }, actor=acting_user, event="exits.manager_feedback")
        manager_user = User.objects.filter(employee=manager, is_active=True).first() if manager else None
        if manager_user is not None:
            notify(manager_user, Words(gettext_noop("离职反馈：%(name)s"), name=current.employee.name), note, link="")
    return departure


def set_career_summary(departure: Departure, *, acting_user, advice: str, shared: bool) -> Departure:
    with transaction.atomic():
        _locked(departure)
        Departure.objects.filter(pk=departure.pk).update(advice=advice.strip(), summary_shared=shared)
        departure.advice, departure.summary_shared = advice.strip(), shared
        record(DEPARTURE, departure.code, {"departure": departure.code, "advice": departure.advice,
                                           "shared": shared},
               actor=acting_user, event="exits.summary.saved")
        user = User.objects.filter(employee_id=departure.employee_id, is_active=True).first()
        if shared and user is not None:
            notify(user, Words(gettext_noop("您的职业总结")), Words(gettext_noop("HR为您整理了在公司期间的职业总结，欢迎查看。")),
                   link=reverse("exits:my_exit"))
    return departure


# --- exit interviews -------------------------------------------------------------------------


def start_interview(departure: Departure, *, acting_user, held_at: dt.datetime, channel: str = Channel.IN_PERSON,
                    interviewer: str = "") -> ExitInterview:
    with transaction.atomic():
        interview = ExitInterview.objects.create(
            departure=departure, held_at=held_at, channel=channel, interviewer=(interviewer or str(acting_user))[:50],
            created_by=acting_user)
        record(INTERVIEW, interview.code, {
            "departure": departure.code, "employee": departure.employee.code, "version": 1, "held_at": held_at,
            "channel": channel, "interviewer": interview.interviewer,
        }, actor=acting_user, event="exits.interview.opened")
    return interview


def _lock_draft(interview: ExitInterview) -> ExitInterview:
    locked = ExitInterview.objects.select_for_update().get(pk=interview.pk)
    if locked.status != InterviewStatus.DRAFT:
        raise ExitError(_("离职面谈记录已签署，不能修改；如需更正，请创建更正版本"))
    return locked


INTERVIEW_FIELDS = ("held_at", "channel", "interviewer", "statements", "liked", "suggestions", "would_return")


def update_interview(interview: ExitInterview, *, acting_user, fields: dict,
                     reasons: list[dict] | None = None) -> ExitInterview:
    """Edit a draft: its texts and the stated reasons ({reason, primary, note}; one primary at most)."""
    unknown = set(fields) - set(INTERVIEW_FIELDS)
    if unknown:
        raise ExitError(f"unknown fields {sorted(unknown)}")
    if reasons is not None:
        if sum(1 for r in reasons if r.get("primary")) > 1:
            raise ExitError(_("只能有一个主要原因"))
        if len({r["reason"].pk for r in reasons}) != len(reasons):
            raise ExitError(_("同一原因只能填写一次"))
        if any(r["reason"].company_id != interview.departure.company_id for r in reasons):
            raise ExitError(_("该原因不属于员工所在公司的离职原因"))
    with transaction.atomic():
        _lock_draft(interview)
        for key, value in fields.items():
            setattr(interview, key, value)
        if fields:
            interview.save(update_fields=list(fields))
        if reasons is not None:
            interview.reasons.all().delete()
            StatedReason.objects.bulk_create([
                StatedReason(interview=interview, reason=r["reason"], primary=bool(r.get("primary")),
                             note=(r.get("note") or "")[:500]) for r in reasons])
        record(INTERVIEW, interview.code, {
            "changed": sorted(fields), "reasons": [r["reason"].code for r in reasons] if reasons is not None else None,
        }, actor=acting_user, event="exits.interview.edited")
    return interview


def interview_snapshot(interview: ExitInterview) -> dict:
    """Everything the record says, as the ledger keeps it at sign-off."""
    return {
        "interview": interview.code, "departure": interview.departure.code,
        "employee": interview.departure.employee.code, "version": interview.version,
        "previous": interview.previous.code if interview.previous_id else None,
        "correction_reason": interview.correction_reason, "held_at": interview.held_at,
        "channel": interview.channel, "interviewer": interview.interviewer, "statements": interview.statements,
        "liked": interview.liked, "suggestions": interview.suggestions, "would_return": interview.would_return,
        "reasons": [{"reason": r.reason.code, "name": r.reason.name, "primary": r.primary, "note": r.note}
                    for r in interview.reasons.select_related("reason")],
    }


def _primary_reason(interview: ExitInterview) -> ExitReason | None:
    stated = list(interview.reasons.select_related("reason").order_by("-primary", "id")[:1])
    return stated[0].reason if stated else None


def sign_interview(interview: ExitInterview, *, acting_user) -> ExitInterview:
    """HR signs the record off: immutable from now on. Its primary reason becomes the departure's
    stated reason (and, until HR confirmed it, re-proposes the rehire eligibility)."""
    if not interview.reasons.exists():
        raise ExitError(_("请至少填写一个员工陈述的离职原因"))
    now = timezone.now()
    with transaction.atomic():
        signed = ExitInterview.objects.filter(pk=interview.pk, status=InterviewStatus.DRAFT).update(
            status=InterviewStatus.SIGNED, signed_by=acting_user, signed_at=now)
        if signed == 0:
            raise ExitError(_("离职面谈记录已签署"))
        interview.refresh_from_db()
        departure = _locked(interview.departure)
        primary = _primary_reason(interview)
        changes = {"stated_reason": primary}
        if not departure.rehire:
            proposal = rehire_proposal(departure.ground, primary)
            changes.update(rehire_proposal=proposal.rehire, rehire_basis=proposal.basis[:300])
        Departure.objects.filter(pk=departure.pk).update(**changes)
        record(INTERVIEW, interview.code, {**interview_snapshot(interview), "signed_at": now},
               actor=acting_user, event="exits.interview.signed")
    return interview


def correct_interview(interview: ExitInterview, *, acting_user, reason: str) -> ExitInterview:
    """A new draft version of a signed record, pointing to it; the signed one stays as it was."""
    if not reason.strip():
        raise ExitError(_("请写明更正原因"))
    with transaction.atomic():
        old = ExitInterview.objects.select_for_update().get(pk=interview.pk)
        if old.status != InterviewStatus.SIGNED:
            raise ExitError(_("只有已签署的记录才需要更正；草稿可以直接修改"))
        if ExitInterview.objects.filter(previous=old).exists():
            raise ExitError(_("该版本已有更正版本"))
        new = ExitInterview.objects.create(
            departure=old.departure, version=old.version + 1, previous=old, correction_reason=reason.strip(),
            held_at=old.held_at, channel=old.channel, interviewer=old.interviewer, statements=old.statements,
            liked=old.liked, suggestions=old.suggestions, would_return=old.would_return, created_by=acting_user)
        StatedReason.objects.bulk_create([
            StatedReason(interview=new, reason_id=r.reason_id, primary=r.primary, note=r.note)
            for r in old.reasons.all()])
        record(INTERVIEW, new.code, {"previous": old.code, "version": new.version, "reason": new.correction_reason},
               actor=acting_user, event="exits.interview.correction_opened")
    return new


def latest_interview(departure: Departure) -> ExitInterview | None:
    """The newest version of the departure's latest interview."""
    return departure.interviews.filter(correction__isnull=True).order_by("-held_at", "-version", "-id").first()


# --- the exit survey -------------------------------------------------------------------------


def _employee_login(employee: Employee) -> User | None:
    return User.objects.filter(employee=employee, is_active=True).first()


def send_survey(departure: Departure, *, acting_user) -> ExitSurvey:
    """Send the questionnaire to the leaver's portal: only while the login still works."""
    user = _employee_login(departure.employee)
    if user is None:
        raise ExitError(_("该员工没有可用的登录账号（账号已停用或未开通），无法通过员工自助发送问卷"))
    if not active_questions(departure.company_id).exists():
        raise ExitError(_("离职问卷没有启用的问题"))
    try:
        with transaction.atomic():
            survey = ExitSurvey.objects.create(departure=departure, sent_by=acting_user)
            record(SURVEY, survey.code, {"departure": departure.code, "employee": departure.employee.code,
                                         "channel": "portal"},
                   actor=acting_user, event="exits.survey.sent")
            notify(user, Words(gettext_noop("离职问卷")),
                   Words(gettext_noop("感谢您在公司的付出。请在账号停用前花几分钟填写离职问卷，您的意见会帮助我们改进。")),
                   link=reverse("exits:my_exit"))
    except IntegrityError:
        raise ExitError(_("问卷已发送过")) from None
    return survey


def send_due_surveys(*, today: dt.date | None = None) -> int:
    """The sweep: everyone whose case is in handover (or closed before the last day) and whose login
    still works gets the exit survey in the portal — before the login is deactivated — unless it was
    sent already. Returns how many were sent."""
    today = today or timezone.localdate()
    sent_already = ExitSurvey.objects.filter(departure__employee=OuterRef("employee"),
                                             departure__separation_date=OuterRef("separation_date"))
    has_questions = SurveyQuestion.objects.filter(company=OuterRef("company"), active=True)
    due = (SeparationCase.objects.filter(status__in=[CaseStatus.IN_HANDOVER, CaseStatus.CLOSED],
                                         separation_date__gte=today, employee__user__is_active=True)
           .filter(~Exists(sent_already), Exists(has_questions)).select_related("employee__org_unit", "employee__position")
           .order_by("pk"))
    sent = 0
    for case in due.iterator(chunk_size=500):
        departure = open_departure(case.employee, acting_user=None, case=case)
        try:
            send_survey(departure, acting_user=None)
        except ExitError:
            continue  # sent meanwhile, or the login stopped
        sent += 1
    return sent


def answer_survey(survey: ExitSurvey, *, acting_user, answers: dict[int, object], consent_named: bool) -> ExitSurvey:
    """The leaver's answers in the portal ({question id: score | ExitReason | text}); once, with the
    consent recorded. The ledger keeps a hash of the answers and the consent, never the answers."""
    if acting_user.employee_id != survey.departure.employee_id:
        raise ExitError(_("只能回答本人的问卷"))
    return _save_answers(survey, answers, consent_named, actor=acting_user)


def active_questions(company_id: int):
    """A company's exit survey as it asks it now."""
    return SurveyQuestion.objects.filter(company_id=company_id, active=True).order_by("order", "id")


def _save_answers(survey: ExitSurvey, answers: dict[int, object], consent_named: bool, *, actor) -> ExitSurvey:
    company_id = survey.departure.company_id
    questions = {q.pk: q for q in active_questions(company_id)}
    rows = []
    for question_id, value in answers.items():
        question = questions.get(question_id)
        if question is None or value in (None, ""):
            continue
        row = SurveyAnswer(survey=survey, question=question, question_text=question.text)
        if question.kind == "scale":
            score = int(value)
            if not 1 <= score <= 5:
                raise ExitError(_("分数应在1到5之间"))
            row.score = score
        elif question.kind == "reason":
            if not isinstance(value, ExitReason) or value.company_id != company_id:
                raise ExitError(_("该原因不属于员工所在公司的离职原因"))
            row.reason = value
        else:
            row.text = str(value).strip()[:5000]
        rows.append(row)
    now = timezone.now()
    with transaction.atomic():
        done = ExitSurvey.objects.filter(pk=survey.pk, status=SurveyStatus.SENT).update(
            status=SurveyStatus.ANSWERED, answered_at=now, consent_named=consent_named, token_hash="")
        if done == 0:
            raise ExitError(_("问卷已经提交过"))
        SurveyAnswer.objects.bulk_create(rows)
        digest = hashlib.sha256(canonical_json([
            {"q": r.question_id, "score": r.score, "reason": r.reason.code if r.reason else None, "text": r.text}
            for r in rows]).encode("utf-8")).hexdigest()
        record(SURVEY, survey.code, {"survey": survey.code, "answers": len(rows), "answers_sha256": digest,
                                     "consent_named": consent_named, "answered_at": now, "channel": survey.channel},
               actor=actor, event="exits.survey.answered")
        reason = next((r.reason for r in rows if r.reason is not None), None)
        if reason is not None:  # the survey's reason stands in until an interview is signed
            Departure.objects.filter(pk=survey.departure_id, stated_reason__isnull=True).update(stated_reason=reason)
    survey.status, survey.answered_at, survey.consent_named = SurveyStatus.ANSWERED, now, consent_named
    return survey


# --- the exit survey by a personal e-mail link -----------------------------------------------

LINK_DAYS = 30  # the link works this long after it is sent


def mail_personal(subject: str, body: str, address: str, *, what: str, code) -> bool:
    """Mail a personal address (no login behind it, so no Notification row): a transport failure is
    logged and left to HR (the page still shows what was recorded), never raised after the commit."""
    try:
        send_mail(subject, body, None, [address], fail_silently=False)
    except Exception as exc:  # noqa: BLE001 - any transport failure
        log.warning("%s %s: e-mail to a personal address failed: %s", what, code, exc)
        return False
    return True


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def send_survey_by_email(departure: Departure, *, acting_user, email: str, consent_note: str) -> ExitSurvey:
    """Send the questionnaire to a personal e-mail the person gave, with their consent to be written to
    there (`consent_note`: when and how they agreed, required). The link carries a random token; only
    its hash is stored. The mail leaves after the commit."""
    email = email.strip()
    consent_note = consent_note.strip()
    if not consent_note:
        raise ExitError(_("请记录员工同意使用个人邮箱的情况（时间、方式）"))
    try:
        validate_email(email)
    except ValidationError:
        raise ExitError(_("邮箱地址无效")) from None
    if not active_questions(departure.company_id).exists():
        raise ExitError(_("离职问卷没有启用的问题"))
    token = secrets.token_urlsafe(32)
    expires = timezone.now() + dt.timedelta(days=LINK_DAYS)
    link = absolute_url(reverse("exits:survey_by_link", args=[token]))
    try:
        with transaction.atomic():
            survey = ExitSurvey.objects.create(
                departure=departure, sent_by=acting_user, channel=SurveyChannel.EMAIL, personal_email=email,
                email_consent_note=consent_note[:300], token_hash=_token_hash(token), link_expires_at=expires)
            record(SURVEY, survey.code, {"departure": departure.code, "employee": departure.employee.code,
                                         "channel": "email", "consent": consent_note, "expires_at": expires},
                   actor=acting_user, event="exits.survey.sent")
            subject = _("离职问卷")
            body = _("感谢您在公司的付出。请通过下面的链接填写离职问卷（%(days)s 天内有效），您的意见会帮助我们改进。\n\n%(link)s") % {
                "days": LINK_DAYS, "link": link}
            transaction.on_commit(lambda: mail_personal(subject, body, email, what=SURVEY, code=survey.code))
    except IntegrityError:
        raise ExitError(_("问卷已发送过")) from None
    return survey


def survey_for_token(token: str) -> ExitSurvey | None:
    """The unanswered survey a link opens (None: unknown, answered or expired)."""
    if not token or len(token) > 100:
        return None
    survey = (ExitSurvey.objects.filter(token_hash=_token_hash(token), status=SurveyStatus.SENT,
                                        channel=SurveyChannel.EMAIL).select_related("departure").first())
    if survey is None or survey.link_expires_at is None or survey.link_expires_at < timezone.now():
        return None
    return survey


def answer_survey_by_link(token: str, *, answers: dict[int, object], consent_named: bool) -> ExitSurvey:
    """The person answers through the link (no login: the token is the proof); once."""
    survey = survey_for_token(token)
    if survey is None:
        raise ExitError(_("链接无效或已过期"))
    return _save_answers(survey, answers, consent_named, actor=None)


# --- configuration (HR admin) ----------------------------------------------------------------


def save_reason(reason: ExitReason, *, acting_user) -> ExitReason:
    """Add or change a reason of its company's taxonomy (a secondary reason's parent must be primary,
    of the same company; a code is unique within the company)."""
    if reason.company_id is None:
        raise ExitError("a reason belongs to a company")
    if reason.parent_id and reason.parent.company_id != reason.company_id:
        raise ExitError(_("上级原因不属于同一公司"))
    if reason.parent_id and reason.parent.parent_id:
        raise ExitError(_("二级原因的上级必须是一级原因"))
    if reason.pk and reason.parent_id == reason.pk:
        raise ExitError(_("原因不能是自己的上级"))
    if ExitReason.objects.filter(company_id=reason.company_id, code=reason.code).exclude(pk=reason.pk).exists():
        raise ExitError(_("代码已被该公司的另一个原因使用"))
    with transaction.atomic():
        created = reason.pk is None
        reason.save()
        record("exits.exitreason", reason.code, {
            "company": reason.company.code, "code": reason.code, "name": reason.name, "parent": reason.parent.code if reason.parent_id else None,
            "evidence": reason.evidence, "rehire_limit": reason.rehire_limit, "order": reason.order,
            "active": reason.active, "created": created,
        }, actor=acting_user, event="exits.reason.saved")
    return reason


def save_questions(company, questions: list[dict], *, acting_user) -> list[SurveyQuestion]:
    """Replace a company's active questionnaire: [{id?, text, kind, order}]; its questions left out are
    switched off (their answers keep the text as asked). An id of another company's question is a new
    question, never that one."""
    kept = []
    with transaction.atomic():
        for item in questions:
            text = item["text"].strip()
            if not text:
                continue
            question = (SurveyQuestion.objects.filter(company=company, pk=item.get("id")).first()
                        if item.get("id") else None)
            if question is None:
                question = SurveyQuestion(company=company, text=text[:300], kind=item["kind"],
                                          order=item.get("order", 0))
            else:
                question.text = kept_text(question.text, text[:300])
                question.kind, question.order = item["kind"], item.get("order", 0)
            question.active = True
            question.save()
            kept.append(question)
        SurveyQuestion.objects.filter(company=company).exclude(pk__in=[q.pk for q in kept]).update(active=False)
        record("exits.surveyquestion", f"list:{company.code}", {"company": company.code, "questions": [
            {"id": q.pk, "text": q.text, "kind": q.kind, "order": q.order} for q in kept]},
            actor=acting_user, event="exits.questions.saved")
    return kept


def save_replacement_cost(position, amount, *, acting_user):
    """HR sets what replacing a leaver in a position costs (the report's cost of turnover)."""
    from .models import ReplacementCost

    with transaction.atomic():
        cost, _created = ReplacementCost.objects.update_or_create(
            position=position, defaults={"amount": amount, "updated_by": acting_user})
        record("exits.replacementcost", position.pk, {"position": position.name, "amount": amount},
               actor=acting_user, event="exits.replacement_cost.saved")
    return cost
