"""Talk plans, conversation records, transcripts and the evidence package (HR, legal, managers)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from farewell.accounts import policy
from farewell.accounts.file_reads import download
from farewell.accounts.services import read_sensitive
from farewell.cases.access import get_case_for_user, sees_extra_cap
from farewell.common.filenames import attachment_header
from farewell.org.models import Employee

from . import plans, presentation, projection, services
from .access import (
    conversations_for,
    get_attachment_for_user,
    get_conversation_for_user,
    get_plan_for_user,
    get_transcript_for_user,
    read_purpose,
)
from .forms import (
    AttachmentForm,
    ConversationForm,
    CorrectForm,
    NextStepFormSet,
    ParticipantFormSet,
    PlanForm,
    SituationForm,
    StartForm,
    TranscriptForm,
)
from .models import Attachment, AttachmentKind, ChecklistItem, TalkPlan
from .speech import configured_name
from .uploads import read_attachment

LIST_SIZE = 50


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """谈话: the records and plans in the user's scope, newest first."""
    policy.require(request.user, "talks.view")
    conversations = list(conversations_for(request.user).select_related("employee__org_unit", "case")
                         .order_by("-held_at", "-id")[:LIST_SIZE])
    talk_plans = []
    if policy.allows(request.user, "talks.plan"):
        talk_plans = list(TalkPlan.objects.filter(employee__in=policy.employees_for(request.user, "talks.plan")
                                                  .values("pk")).select_related("employee").order_by("-created_at")[:LIST_SIZE])
    return render(request, "talks/index.html", {"conversations": conversations, "plans": talk_plans})


# --- plans -----------------------------------------------------------------------------------


def _new_plan(request, employee, case):
    form = SituationForm(request.POST or None, situations=plans.situations_for(employee),
                         initial={"situation": plans.suggested_situation(employee, case)})
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.generate_plan(employee, actor=request.user, case=case,
                                          situation=form.cleaned_data["situation"])
        except services.TalkError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已生成谈话方案，可以直接修改"))
            return redirect("talks:plan_detail", code=plan.code)
    return render(request, "talks/plan_new.html", {"form": form, "employee": employee, "case": case})


@require_http_methods(["GET", "POST"])
def plan_new_for_case(request: HttpRequest, case_code) -> HttpResponse:
    case = get_case_for_user(request.user, case_code, "talks.edit")
    return _new_plan(request, case.employee, case)


@require_http_methods(["GET", "POST"])
def plan_new_for_employee(request: HttpRequest, employee_code) -> HttpResponse:
    """A retention talk (no case): the risk signals and what the company can offer."""
    employee = policy.get_employee_for_user(request.user, employee_code, "talks.edit")
    return _new_plan(request, employee, None)


@require_http_methods(["GET", "POST"])
def plan_detail(request: HttpRequest, code) -> HttpResponse:
    plan = get_plan_for_user(request.user, code, "talks.edit" if request.method == "POST" else "talks.plan")
    can_edit = policy.employees_for(request.user, "talks.edit", Employee.objects.filter(pk=plan.employee_id)).exists()
    form = PlanForm(request.POST or None, instance=plan) if can_edit else None
    if request.method == "POST" and form.is_valid():
        services.update_plan(plan, actor=request.user, **{f: form.cleaned_data[f] for f in form.changed_data})
        messages.success(request, _("谈话方案已保存"))
        return redirect("talks:plan_detail", code=plan.code)
    plan.refresh_from_db()
    return render(request, "talks/plan_detail.html", {
        "plan": plan, "form": form, "can_edit": can_edit, "facts": presentation.group_facts(plan.shown_facts),
        "start_form": StartForm(initial={"held_at": timezone.localtime().replace(second=0, microsecond=0)}),
        "conversations": list(plan.conversations.order_by("-held_at")),
    }, status=400 if request.method == "POST" else 200)


@require_POST
def conversation_new(request: HttpRequest, plan_code) -> HttpResponse:
    plan = get_plan_for_user(request.user, plan_code, "talks.edit")
    form = StartForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写谈话时间和地点"))
        return redirect("talks:plan_detail", code=plan.code)
    conversation = services.start_conversation(plan, actor=request.user, **form.cleaned_data)
    return redirect("talks:conversation_detail", code=conversation.code)


# --- conversation records --------------------------------------------------------------------


def _formsets(conversation, data=None):
    participants = ParticipantFormSet(data, prefix="p", initial=None if data else [
        {"name": p.name, "role": p.role, "employee_number": p.employee.employee_number if p.employee else ""}
        for p in conversation.participants.select_related("employee")])
    steps = NextStepFormSet(data, prefix="s", initial=None if data else [
        {"action": s.action, "owner": s.owner, "due_date": s.due_date} for s in conversation.next_steps.all()])
    return participants, steps


def _detail_context(request, conversation, *, form=None, participants=None, steps=None) -> dict:
    can_edit = (not conversation.is_signed) and policy.employees_for(
        request.user, "talks.edit", Employee.objects.filter(pk=conversation.employee_id)).exists()
    may_correct = conversation.is_signed and policy.employees_for(
        request.user, "talks.edit", Employee.objects.filter(pk=conversation.employee_id)).exists()
    if can_edit and form is None:
        form = ConversationForm(instance=conversation, initial={"held_at": timezone.localtime(conversation.held_at),
                                                                "agenda": conversation.shown_agenda})
        participants, steps = _formsets(conversation)
    correction = conversation.correction if hasattr(conversation, "correction") else None
    checklist = list(conversation.checklist.all())
    return {
        "conversation": conversation, "can_edit": can_edit, "may_correct": may_correct and correction is None,
        # The record's texts without the extra-compensation cap for a reader who may not see it (the manager).
        "texts": projection.texts_for_reader(conversation, sees_cap=sees_extra_cap(request.user, conversation.case)),
        "form": form, "participant_formset": participants, "step_formset": steps,
        "participants": list(conversation.participants.all()),
        "next_steps": list(conversation.next_steps.all()),
        "checklist": checklist,
        "untold": [item for item in checklist if not item.done],
        "attachments": list(conversation.attachments.all()),
        "transcripts": list(conversation.transcripts.defer("text").order_by("created_at")),
        "correction": correction,
        "acknowledgement": getattr(conversation, "acknowledgement", None) if conversation.is_signed else None,
        "attachment_form": AttachmentForm(), "transcript_form": TranscriptForm(), "correct_form": CorrectForm(),
        "speech_engine": configured_name(),
        "history": presentation.versions(conversation),
    }


@require_GET
def conversation_detail(request: HttpRequest, code) -> HttpResponse:
    conversation = get_conversation_for_user(request.user, code)
    return render(request, "talks/conversation_detail.html", _detail_context(request, conversation))


@require_POST
def conversation_edit(request: HttpRequest, code) -> HttpResponse:
    conversation = get_conversation_for_user(request.user, code, "talks.edit")
    if conversation.is_signed:
        messages.error(request, _("谈话记录已签署，不能修改；如需更正，请创建更正版本"))
        return redirect("talks:conversation_detail", code=conversation.code)
    form = ConversationForm(request.POST, instance=conversation)
    participants, steps = _formsets(conversation, request.POST)
    if form.is_valid() and participants.is_valid() and steps.is_valid():
        people = []
        for row in participants.cleaned_data:
            if not row or not (row.get("name") or row.get("employee_number")):
                continue
            employee = None
            if row.get("employee_number"):
                employee = Employee.objects.filter(company_id=conversation.employee.company_id,
                                                   employee_number=row["employee_number"]).first()
            people.append({"name": row.get("name") or (employee.name if employee else ""), "role": row["role"],
                           "employee": employee})
        next_steps = [{"action": r["action"], "owner": r["owner"], "due_date": r.get("due_date")}
                      for r in steps.cleaned_data if r and r.get("action")]
        try:
            services.update_conversation(conversation, actor=request.user,
                                         fields={f: form.cleaned_data[f] for f in services.RECORD_FIELDS},
                                         participants=people, next_steps=next_steps)
        except services.TalkError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("谈话记录已保存"))
        return redirect("talks:conversation_detail", code=conversation.code)
    conversation.refresh_from_db()
    return render(request, "talks/conversation_detail.html",
                  _detail_context(request, conversation, form=form, participants=participants, steps=steps),
                  status=400)


@require_POST
def checklist_tick(request: HttpRequest, code, order: int) -> HttpResponse:
    conversation = get_conversation_for_user(request.user, code, "talks.edit")
    item = get_object_or_404(ChecklistItem, conversation=conversation, order=order)
    item.conversation = conversation
    try:
        services.tick(item, request.POST.get("done") == "1", actor=request.user)
    except services.TalkError as exc:
        if request.htmx:
            return HttpResponse(str(exc), status=409)
        messages.error(request, str(exc))
    if request.htmx:
        return render(request, "talks/_checklist_item.html", {"item": item, "conversation": conversation,
                                                              "can_edit": True})
    return redirect("talks:conversation_detail", code=conversation.code)


@require_POST
def attachment_add(request: HttpRequest, code) -> HttpResponse:
    conversation = get_conversation_for_user(request.user, code, "talks.edit")
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请选择文件"))
    else:
        try:
            services.add_attachment(conversation, form.cleaned_data["file"], actor=request.user,
                                    kind=form.cleaned_data["kind"])
        except services.TalkError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("附件已保存，SHA-256 已记入证据链"))
    return redirect("talks:conversation_detail", code=conversation.code)


@require_GET
def attachment_download(request: HttpRequest, code) -> FileResponse:
    # A recording is the talk itself, like its transcript: HR and legal; a participating manager sees
    # that it exists, not what was said. A document: also that manager (talks.access).
    # A recording kept only by a legal hold (its consent withdrawn) is read under the hold (talks.access).
    attachment = get_attachment_for_user(request.user, code)
    with transaction.atomic():
        purpose = read_purpose(attachment, gettext_noop("下载谈话附件"), actor=request.user)
        return download(request, attachment, "file", employee=attachment.conversation.employee,
                        purpose=purpose, filename=attachment.name, data=read_attachment(attachment))


@require_POST
def conversation_sign(request: HttpRequest, code) -> HttpResponse:
    conversation = get_conversation_for_user(request.user, code, "talks.edit")
    try:
        services.sign_conversation(conversation, actor=request.user,
                                   untold_confirmed=request.POST.get("confirm_untold") == "1")
    except services.TalkError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("谈话记录已签署并记入证据链；此后只能以更正版本修改"))
    return redirect("talks:conversation_detail", code=conversation.code)


@require_POST
def conversation_correct(request: HttpRequest, code) -> HttpResponse:
    conversation = get_conversation_for_user(request.user, code, "talks.edit")
    form = CorrectForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请写明更正原因"))
        return redirect("talks:conversation_detail", code=conversation.code)
    try:
        new = services.correct_conversation(conversation, actor=request.user, reason=form.cleaned_data["reason"])
    except services.TalkError as exc:
        messages.error(request, str(exc))
        return redirect("talks:conversation_detail", code=conversation.code)
    messages.success(request, _("已创建更正版本（第 %(v)s 版）") % {"v": new.version})
    return redirect("talks:conversation_detail", code=new.code)


# --- transcripts -----------------------------------------------------------------------------


@require_POST
def transcript_add(request: HttpRequest, code) -> HttpResponse:
    conversation = get_conversation_for_user(request.user, code, "talks.edit")
    audio_code = request.POST.get("attachment")
    try:
        if audio_code:
            attachment = get_object_or_404(Attachment, conversation=conversation, code=audio_code,
                                           kind=AttachmentKind.AUDIO)
            transcript = services.transcribe_attachment(attachment, actor=request.user)
        else:
            form = TranscriptForm(request.POST, request.FILES)
            if not form.is_valid():
                for error in form.non_field_errors():
                    messages.error(request, error)
                return redirect("talks:conversation_detail", code=conversation.code)
            transcript = services.add_transcript(conversation, form.cleaned_data["text"], actor=request.user,
                                                 fmt=form.cleaned_data["format"] or None)
    except services.TalkError as exc:
        messages.error(request, str(exc))
        return redirect("talks:conversation_detail", code=conversation.code)
    if transcript.escalated:
        messages.warning(request, _("转写中出现争议风险词：%(p)s。已记入证据链。%(who)s") % {
            "p": "、".join(transcript.escalation_phrases), "who": presentation.escalation_sentence(
                services.escalation_notice(transcript))})
    return redirect("talks:transcript_detail", code=transcript.code)


@require_GET
def transcript_detail(request: HttpRequest, code) -> HttpResponse:
    """The emotion timeline; the text is read once through the access log (HR and legal; managers see the analysis, not the words)."""
    transcript = get_transcript_for_user(request.user, code)
    text = None
    try:
        text = read_sensitive(transcript, "text", actor=request.user, purpose=gettext_noop("查看谈话转写与情绪时间线"))
    except PermissionDenied:
        text = None  # participating managers see the analysis, not the words
    rows = presentation.timeline_rows(transcript, text)
    return render(request, "talks/transcript_detail.html", {
        "transcript": transcript, "conversation": transcript.conversation, "rows": rows, "text_shown": text is not None,
        "chart": presentation.timeline_chart(transcript, rows),
        "format_label": presentation.format_label(transcript.format),
        "escalation_notified": presentation.escalation_sentence(services.escalation_notice(transcript))
        if transcript.escalated else "",
    })


# --- evidence package ------------------------------------------------------------------------


@require_POST
def evidence_package(request: HttpRequest, case_code) -> HttpResponse:
    from .evidence import build_package

    case = get_case_for_user(request.user, case_code, "talks.export")
    name, data = build_package(case, actor=request.user)
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = attachment_header(name)
    return response
