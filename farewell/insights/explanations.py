"""The employee's request for an explanation of automated assessments about them (PIPL Art. 24 ¶3).

- The employee asks in the portal (one open request at a time); the HR users whose grants cover
  them are notified; the request is due ANSWER_DAYS calendar days later.
- HR answers from the same factors the risk panel shows (each factor in words, the person's value
  against the unit's); the answer copies the assessment as it stood, with HR's own words.
- The employee reads the answer in the portal. Requested, answered and first read are each a
  ledger entry; the question's and the answer's texts go to the ledger as SHA-256 hashes (the
  rows hold the texts; the hashes prove they were not changed).

ANSWER_DAYS: PIPL Art. 50 asks for a timely answer without a number; GB/T 35273-2020 §8.7 allows
at most 30 days. We take 15 calendar days — half that outer limit, so HR has room for a second
round within it — as one constant to change.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from farewell.accounts.models import Role, RoleGrant, User
from farewell.common.notifications import notify
from farewell.common.wording import Words
from farewell.ledger.services import record
from farewell.org.models import Employee

from .models import ExplanationRequest, ExplanationStatus, RiskModel, RiskScore

ANSWER_DAYS = 15
REMIND_DAYS = 3  # the sweep reminds HR from this many days before the deadline, and daily once it has passed
MAX_TEXT = 4000
OBJECT_TYPE = "insights.explanation"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def hr_users_covering(employee: Employee) -> list[User]:
    """Active HR admins and HRBPs whose grant covers the employee's unit (one query)."""
    path = employee.org_unit.path
    prefixes = [path[:i + 1] for i, ch in enumerate(path) if ch == "."]
    grants = RoleGrant.objects.filter(company_id=employee.company_id, role__in=[Role.HR_ADMIN, Role.HRBP]).filter(
        Q(org_unit__isnull=True) | Q(org_unit__path__in=prefixes))
    return list(User.objects.filter(pk__in=grants.values("user_id"), is_active=True).order_by("pk"))


def current_assessment(employee: Employee) -> dict:
    """The latest model's score of the employee, as the risk panel shows it; {} when there is none."""
    model = RiskModel.objects.filter(company_id=employee.company_id).defer("pipeline").first()
    if model is None:
        return {}
    score = RiskScore.objects.filter(model=model, employee=employee).first()
    if score is None:
        return {}
    return {"model": model.pk, "trained_until": model.trained_until.isoformat(), "horizon_months": model.horizon_months,
            "probability": score.probability, "factors": score.factors}


def request_explanation(employee: Employee, *, acting_user, question: str = "",
                        today: dt.date | None = None) -> ExplanationRequest:
    question = (question or "").strip()
    if len(question) > MAX_TEXT:
        raise ValidationError({"question": [_("最多 %(n)s 个字。") % {"n": MAX_TEXT}]})
    today = today or timezone.localdate()
    with transaction.atomic():
        # One open request at a time: the employee's row is locked so two clicks make one request.
        Employee.objects.select_for_update().filter(pk=employee.pk).values_list("pk", flat=True).first()
        if ExplanationRequest.objects.filter(employee=employee, status=ExplanationStatus.OPEN).exists():
            raise ValidationError(_("您已有一份尚未答复的说明请求，请等待HR答复。"))
        request = ExplanationRequest.objects.create(
            company_id=employee.company_id, employee=employee, question=question, requested_by=acting_user,
            due_date=today + dt.timedelta(days=ANSWER_DAYS))
        record(OBJECT_TYPE, request.code, {"employee": str(employee.code), "due_date": request.due_date,
                                            "question_sha256": _digest(question)},
               actor=acting_user, event="explanation_requested")
        link = reverse("insights:explanation", args=[request.code])
        for user in hr_users_covering(employee):
            notify(user, Words(gettext_noop("员工要求说明自动化评估：%(name)s"), name=employee.name),
                   Words(gettext_noop("%(name)s 要求说明关于本人的自动化评估（《个人信息保护法》第二十四条），请在 %(due)s 前答复。"),
                         name=employee.name, due=request.due_date.isoformat()), link=link)
    return request


def answer_explanation(request: ExplanationRequest, *, acting_user, answer: str) -> ExplanationRequest:
    """Answer an open request with HR's words and the assessment as it stands; notify the employee."""
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": [_("请填写说明。")]})
    if len(answer) > MAX_TEXT:
        raise ValidationError({"answer": [_("最多 %(n)s 个字。") % {"n": MAX_TEXT}]})
    employee = request.employee
    assessment = current_assessment(employee)
    now = timezone.now()
    with transaction.atomic():
        claimed = ExplanationRequest.objects.filter(pk=request.pk, status=ExplanationStatus.OPEN).update(
            status=ExplanationStatus.ANSWERED, answer=answer, assessment=assessment, answered_at=now,
            answered_by=acting_user)
        if not claimed:
            raise ValidationError(_("这份请求已经答复过了。"))
        record(OBJECT_TYPE, request.code, {
            "employee": str(employee.code), "answer_sha256": _digest(answer), "model": assessment.get("model"),
            "probability": assessment.get("probability"),
            "factors": [f["feature"] for f in assessment.get("factors", [])],
            "late": timezone.localdate() > request.due_date,
        }, actor=acting_user, event="explanation_answered")
        recipient = request.requested_by or getattr(employee, "user", None)
        if recipient is not None:
            notify(recipient, Words(gettext_noop("HR已答复您的说明请求")),
                   Words(gettext_noop("请在“关于我的自动化评估”中查看HR的说明。")),
                   link=reverse("portal:explanations"))
    request.refresh_from_db()
    return request


def mark_read(request: ExplanationRequest, *, acting_user) -> bool:
    """The employee's first reading of an answer (ledger); later readings change nothing."""
    with transaction.atomic():
        first = ExplanationRequest.objects.filter(pk=request.pk, status=ExplanationStatus.ANSWERED,
                                                  read_at__isnull=True).update(read_at=timezone.now())
        if first:
            record(OBJECT_TYPE, request.code, {"employee": str(request.employee.code)}, actor=acting_user,
                   event="explanation_read")
    return bool(first)


def remind_due(*, today: dt.date | None = None) -> int:
    """`farewell sweep`: remind the HR users covering the employee of each open request due within
    REMIND_DAYS days or overdue, once per request per day however often the sweep runs (the row's
    reminded_on is claimed in one UPDATE). Returns how many notifications were created."""
    today = today or timezone.localdate()
    due = ExplanationRequest.objects.filter(
        status=ExplanationStatus.OPEN, due_date__lte=today + dt.timedelta(days=REMIND_DAYS),
    ).filter(Q(reminded_on__isnull=True) | Q(reminded_on__lt=today)).select_related("employee__org_unit").order_by("pk")
    sent = 0
    for item in due.iterator(chunk_size=500):
        with transaction.atomic():
            claimed = ExplanationRequest.objects.filter(pk=item.pk).filter(
                Q(reminded_on__isnull=True) | Q(reminded_on__lt=today)).update(reminded_on=today)
            if not claimed:
                continue  # another sweep reminded it a moment ago
            name, day = item.employee.name, item.due_date.isoformat()
            if item.due_date < today:
                subject = Words(gettext_noop("说明请求已逾期：%(name)s（期限 %(due)s）"), name=name, due=day)
            else:
                subject = Words(gettext_noop("说明请求将到期：%(name)s（%(due)s 截止）"), name=name, due=day)
            body = Words(gettext_noop("%(name)s 要求说明关于本人的自动化评估（《个人信息保护法》第二十四条），尚未答复。"),
                         name=name)
            link = reverse("insights:explanation", args=[item.code])
            for user in hr_users_covering(item.employee):
                notify(user, subject, body, link=link)
                sent += 1
    return sent
