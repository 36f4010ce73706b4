"""The one access helper per talks resource (STYLE 4): 404 outside every scope, 403 in scope
but not allowed. A manager reads a conversation record only when they took part in it; legal
reads the records of the cases in its scope; the employee reads their own signed records in
the portal only (see views.mine)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404

from farewell.accounts import policy
from farewell.accounts.models import Role
from farewell.common import consent
from farewell.org.models import Employee

from .models import Attachment, AttachmentKind, Conversation, TalkPlan, Transcript

FULL_READERS = {Role.HR_ADMIN, Role.HRBP, Role.LEGAL}
# Actions a manager holds only on the records they took part in (conversations_for).
PARTICIPANT_ACTIONS = {"talks.view", "talks.attachment_document"}


def _employees(user, roles: set[str]) -> QuerySet | None:
    q = policy.scope_q(user, roles=roles)
    return None if q is None else Employee.objects.filter(q).values("pk")


def conversations_for(user, queryset: QuerySet | None = None) -> QuerySet:
    """The records `user` may read: HR and legal in scope; a manager the ones they took part in."""
    qs = Conversation.objects.all() if queryset is None else queryset
    if not policy.allows(user, "talks.view"):
        return qs.none()
    parts = []
    full = _employees(user, FULL_READERS & policy.ACTIONS["talks.view"])
    if full is not None:
        parts.append(Q(employee__in=full))
    managed = _employees(user, {Role.MANAGER})
    if managed is not None and user.employee_id:
        took_part = Conversation.objects.filter(participants__employee_id=user.employee_id).values("pk")
        parts.append(Q(employee__in=managed, pk__in=took_part))
    if not parts:
        return qs.none()
    q = parts[0]
    for part in parts[1:]:
        q |= part
    return qs.filter(q)


def _in_scope(user, employee_id: int) -> bool:
    q = policy.scope_q(user)
    return q is not None and Employee.objects.filter(q, pk=employee_id).exists()


def get_conversation_for_user(user, code, action: str = "talks.view", queryset: QuerySet | None = None) -> Conversation:
    qs = Conversation.objects.select_related("employee__org_unit", "case", "plan", "signed_by", "previous")
    qs = qs if queryset is None else queryset
    try:
        conversation = qs.get(code=code)
    except (Conversation.DoesNotExist, ValidationError, ValueError):
        raise Http404 from None
    if not _in_scope(user, conversation.employee_id):
        raise Http404
    if not policy.allows(user, action):
        raise PermissionDenied(action)
    if action in PARTICIPANT_ACTIONS:
        if not conversations_for(user, Conversation.objects.filter(pk=conversation.pk)).exists():
            raise PermissionDenied(action)
    elif not policy.employees_for(user, action, Employee.objects.filter(pk=conversation.employee_id)).exists():
        raise PermissionDenied(action)
    return conversation


def get_plan_for_user(user, code, action: str = "talks.plan") -> TalkPlan:
    try:
        plan = TalkPlan.objects.select_related("employee__org_unit", "case").get(code=code)
    except (TalkPlan.DoesNotExist, ValidationError, ValueError):
        raise Http404 from None
    if not _in_scope(user, plan.employee_id):
        raise Http404
    if not policy.employees_for(user, action, Employee.objects.filter(pk=plan.employee_id)).exists():
        raise PermissionDenied(action)
    return plan


def get_transcript_for_user(user, code) -> Transcript:
    """A transcript is read like its conversation record (its text is logged on every read)."""
    try:
        transcript = Transcript.objects.select_related("conversation").defer("text").get(code=code)
    except (Transcript.DoesNotExist, ValidationError, ValueError):
        raise Http404 from None
    get_conversation_for_user(user, transcript.conversation.code)
    return transcript


def get_attachment_for_user(user, code) -> Attachment:
    """An attachment: 404 outside every scope; a recording for talks.attachment_recording (HR, legal),
    a document for talks.attachment_document (HR, legal, a manager who took part in the talk); 403 else."""
    try:
        attachment = Attachment.objects.select_related("conversation").get(code=code)
    except (Attachment.DoesNotExist, ValidationError, ValueError):
        raise Http404 from None
    action = ("talks.attachment_recording" if attachment.kind == AttachmentKind.AUDIO
              else "talks.attachment_document")
    attachment.conversation = get_conversation_for_user(user, attachment.conversation.code, action)
    attachment.held_by = None
    if attachment.kind == AttachmentKind.AUDIO:
        attachment.held_by = recording_hold(attachment.conversation.employee_id)
    return attachment


def recording_hold(employee_id: int) -> consent.HoldRef | None:
    """A recording whose consent stands: None (read as usual). Withdrawn, it exists only because a legal
    hold kept it (privacy.services.withdraw_consent): the hold it is read under; kept by nothing, it is
    not there to read (404)."""
    if consent.given(employee_id, consent.TALK_RECORDING):
        return None
    hold = consent.hold_keeping(employee_id)
    if hold is None:
        raise Http404
    return hold


def read_purpose(attachment: Attachment, purpose: str, *, actor) -> str:
    """The access log's purpose of reading `attachment` (from get_attachment_for_user); a recording kept
    by a hold past a withdrawn consent is read under the hold: its reason is the purpose, and the read
    is recorded on the hold's line of the ledger."""
    hold = getattr(attachment, "held_by", None)
    if hold is None:
        return purpose
    consent.record_held_read(hold, actor=actor, employee_id=attachment.conversation.employee_id,
                             object_type="talks.attachment", object_id=str(attachment.code))
    return hold.purpose
