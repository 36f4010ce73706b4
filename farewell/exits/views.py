"""Departures, exit interviews and the leaver's own page (exit survey, career summary)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from farewell.accounts import policy
from farewell.accounts.middleware import public
from farewell.org.models import Employee

from . import services, verification
from .access import departures_for, get_departure_for_user, get_interview_for_user
from .forms import (
    AlumniForm,
    ClassifyForm,
    CorrectForm,
    EmailSurveyForm,
    FeedbackForm,
    InterviewForm,
    RehireForm,
    StartInterviewForm,
    StatedReasonFormSet,
    SummaryForm,
    SurveyForm,
    VerifyForm,
    departure_form,
)
from .models import Alumnus, Departure, ExitInterview, ExitSurvey, SurveyAnswer, SurveyStatus
from .summary import career_summary

PER_PAGE = 50


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """离职面谈: the departures in the user's scope, newest first, with what is still to do."""
    policy.require(request.user, "exits.view")
    qs = (departures_for(request.user).select_related("employee", "org_unit", "position", "stated_reason",
                                                      "verified_reason", "survey")
          .order_by("-separation_date", "-id"))
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "exits/index.html", {"page_obj": page, "departures": page.object_list})


def _may(user, action: str, employee_id: int) -> bool:
    return policy.employees_for(user, action, Employee.objects.filter(pk=employee_id)).exists()


@require_POST
def departure_open(request: HttpRequest, employee_code) -> HttpResponse:
    employee = policy.get_employee_for_user(request.user, employee_code, "exits.edit")
    try:
        departure = services.open_departure(employee, acting_user=request.user)
    except services.ExitError as exc:
        messages.error(request, str(exc))
        return redirect("org:employee_detail", code=employee.code)
    return redirect("exits:departure_detail", code=departure.code)


def _stated(departure: Departure, interview: ExitInterview | None) -> list:
    if interview is not None:
        reasons = list(interview.reasons.select_related("reason__parent"))
        if reasons:
            return reasons
    return [departure.stated_reason] if departure.stated_reason_id else []


@require_GET
def departure_detail(request: HttpRequest, code) -> HttpResponse:
    departure = get_departure_for_user(request.user, code)
    can_edit = _may(request.user, "exits.edit", departure.employee_id)
    interviews = list(departure.interviews.order_by("-held_at", "-version"))
    current = services.latest_interview(departure) if interviews else None
    findings = verification.stated_vs_verified(departure, _stated(departure, current))
    survey = ExitSurvey.objects.filter(departure=departure).first()
    answers = []
    if survey is not None and survey.status == SurveyStatus.ANSWERED and survey.consent_named:
        answers = list(SurveyAnswer.objects.filter(survey=survey).select_related("reason", "question"))
    return render(request, "exits/departure_detail.html", {
        "departure": departure, "employee": departure.employee, "can_edit": can_edit,
        "interviews": interviews, "latest": current, "findings": findings, "survey": survey, "answers": answers,
        "classify_form": ClassifyForm(initial={"kind": departure.kind, "regrettable": (
            "" if departure.regrettable is None else ("true" if departure.regrettable else "false"))}),
        "rehire_form": RehireForm(initial={"rehire": departure.rehire or departure.rehire_proposal,
                                           "reason": departure.rehire_reason}),
        "verify_form": VerifyForm(initial={"reason": departure.verified_reason_id or departure.stated_reason_id,
                                           "note": departure.verified_note}, company_id=departure.company_id),
        "feedback_form": FeedbackForm(initial={"day": timezone.localdate(), "note": departure.manager_feedback}),
        "summary_form": SummaryForm(initial={"advice": departure.advice, "shared": departure.summary_shared}),
        "start_form": StartInterviewForm(initial={
            "held_at": timezone.localtime().replace(second=0, microsecond=0)}),
        "summary": career_summary(departure),
        "may_send_survey": can_edit and survey is None,
        "email_form": EmailSurveyForm(),
        "alumnus": Alumnus.objects.filter(departure=departure).first(),
        "alumni_form": AlumniForm(),
    })


def _post_departure(request, code, form_class, apply, done: str) -> HttpResponse:
    departure = get_departure_for_user(request.user, code, "exits.edit")
    form = departure_form(form_class, request.POST, departure)
    if not form.is_valid():
        messages.error(request, "；".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("exits:departure_detail", code=departure.code)
    try:
        apply(departure, form.cleaned_data)
    except services.ExitError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return redirect("exits:departure_detail", code=departure.code)


@require_POST
def departure_classify(request: HttpRequest, code) -> HttpResponse:
    return _post_departure(request, code, ClassifyForm, lambda d, data: services.classify(
        d, acting_user=request.user, kind=data["kind"], regrettable=data["regrettable"]), _("分类已保存"))


@require_POST
def departure_rehire(request: HttpRequest, code) -> HttpResponse:
    return _post_departure(request, code, RehireForm, lambda d, data: services.confirm_rehire(
        d, acting_user=request.user, rehire=data["rehire"], reason=data["reason"]), _("再录用资格已确认"))


@require_POST
def departure_verify(request: HttpRequest, code) -> HttpResponse:
    return _post_departure(request, code, VerifyForm, lambda d, data: services.verify_reason(
        d, acting_user=request.user, reason=data["reason"], note=data["note"]), _("核实的原因已记录"))


@require_POST
def departure_feedback(request: HttpRequest, code) -> HttpResponse:
    return _post_departure(request, code, FeedbackForm, lambda d, data: services.record_manager_feedback(
        d, acting_user=request.user, day=data["day"], note=data["note"]), _("已记录向直接上级的反馈"))


@require_POST
def departure_summary(request: HttpRequest, code) -> HttpResponse:
    return _post_departure(request, code, SummaryForm, lambda d, data: services.set_career_summary(
        d, acting_user=request.user, advice=data["advice"], shared=data["shared"]), _("职业总结已保存"))


@require_POST
def survey_send(request: HttpRequest, code) -> HttpResponse:
    departure = get_departure_for_user(request.user, code, "exits.edit")
    try:
        services.send_survey(departure, acting_user=request.user)
    except services.ExitError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("问卷已发送到员工自助页面"))
    return redirect("exits:departure_detail", code=departure.code)


@require_POST
def survey_send_email(request: HttpRequest, code) -> HttpResponse:
    departure = get_departure_for_user(request.user, code, "exits.edit")
    form = EmailSurveyForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("exits:departure_detail", code=departure.code)
    try:
        services.send_survey_by_email(departure, acting_user=request.user, email=form.cleaned_data["email"],
                                      consent_note=form.cleaned_data["consent_note"])
    except services.ExitError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("问卷链接已发送到员工的个人邮箱"))
    return redirect("exits:departure_detail", code=departure.code)


@public
@require_http_methods(["GET", "POST"])
def survey_by_link(request: HttpRequest, token: str) -> HttpResponse:
    """The exit survey through the link sent to a personal e-mail: no login, the token is the proof.
    An unknown, used or expired link is refused (403), saying nothing about whose it was."""
    survey = services.survey_for_token(token)
    if survey is None:
        if request.method == "GET" and request.GET.get("done"):
            return render(request, "exits/survey_link.html", {"done": True})
        raise PermissionDenied("exits.survey_link")
    company_id = survey.departure.company_id
    form = SurveyForm(request.POST or None, company_id=company_id, questions=services.active_questions(company_id))
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_survey_by_link(token, answers=form.answers(),
                                           consent_named=form.cleaned_data["consent_named"])
        except services.ExitError:
            raise PermissionDenied("exits.survey_link") from None
        return redirect(f"{request.path}?done=1")
    return render(request, "exits/survey_link.html", {"form": form}, status=400 if request.method == "POST" else 200)


@require_POST
def interview_new(request: HttpRequest, code) -> HttpResponse:
    departure = get_departure_for_user(request.user, code, "exits.edit")
    form = StartInterviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写面谈时间和方式"))
        return redirect("exits:departure_detail", code=departure.code)
    interview = services.start_interview(departure, acting_user=request.user, **form.cleaned_data)
    return redirect("exits:interview_detail", code=interview.code)


# --- interviews ------------------------------------------------------------------------------


def _reason_formset(interview: ExitInterview, data=None):
    initial = None if data else [{"reason": r.reason_id, "primary": r.primary, "note": r.note}
                                 for r in interview.reasons.all()]
    return StatedReasonFormSet(data, prefix="r", initial=initial,
                               form_kwargs={"company_id": interview.departure.company_id})


@require_http_methods(["GET", "POST"])
def interview_detail(request: HttpRequest, code) -> HttpResponse:
    """The record: editable while a draft (HR), then read-only; corrections are new versions."""
    interview = get_interview_for_user(request.user, code, "exits.edit" if request.method == "POST" else "exits.view")
    departure = interview.departure
    can_edit = not interview.is_signed and _may(request.user, "exits.edit", departure.employee_id)
    form = InterviewForm(request.POST or None, instance=interview) if can_edit else None
    formset = _reason_formset(interview, request.POST or None) if can_edit else None
    status = 200
    if request.method == "POST":
        if not can_edit:
            messages.error(request, _("离职面谈记录已签署，不能修改；如需更正，请创建更正版本"))
            return redirect("exits:interview_detail", code=interview.code)
        if form.is_valid() and formset.is_valid():
            try:
                services.update_interview(interview, acting_user=request.user,
                                          fields={f: form.cleaned_data[f] for f in form.changed_data},
                                          reasons=formset.reasons())
            except services.ExitError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("离职面谈记录已保存"))
            return redirect("exits:interview_detail", code=interview.code)
        status = 400
        interview.refresh_from_db()
    correction = ExitInterview.objects.filter(previous=interview).first()
    history = []
    cursor = interview
    while cursor is not None:
        history.append(cursor)
        cursor = cursor.previous
    history.reverse()
    if correction is not None:
        history.append(correction)
    return render(request, "exits/interview_detail.html", {
        "interview": interview, "departure": departure, "employee": departure.employee, "can_edit": can_edit,
        "form": form, "formset": formset, "reasons": list(interview.reasons.select_related("reason__parent")),
        "correction": correction, "history": history,
        "may_correct": interview.is_signed and correction is None and _may(request.user, "exits.edit",
                                                                             departure.employee_id),
        "correct_form": CorrectForm(),
    }, status=status)


@require_POST
def interview_sign(request: HttpRequest, code) -> HttpResponse:
    interview = get_interview_for_user(request.user, code, "exits.edit")
    try:
        services.sign_interview(interview, acting_user=request.user)
    except services.ExitError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("离职面谈记录已签署，内容已记入证据链"))
    return redirect("exits:interview_detail", code=interview.code)


@require_POST
def interview_correct(request: HttpRequest, code) -> HttpResponse:
    interview = get_interview_for_user(request.user, code, "exits.edit")
    form = CorrectForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请写明更正原因"))
        return redirect("exits:interview_detail", code=interview.code)
    try:
        new = services.correct_interview(interview, acting_user=request.user, reason=form.cleaned_data["reason"])
    except services.ExitError as exc:
        messages.error(request, str(exc))
        return redirect("exits:interview_detail", code=interview.code)
    return redirect("exits:interview_detail", code=new.code)


# --- the leaver's own page -------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def my_exit(request: HttpRequest) -> HttpResponse:
    """我的离职问卷: the exit survey while the login works, and the career summary if HR shared it."""
    policy.require(request.user, "exits.survey_self")
    employee = request.user.employee
    if employee is None:
        raise Http404
    departure = Departure.objects.filter(employee=employee).select_related("org_unit", "position").order_by(
        "-separation_date").first()
    survey = ExitSurvey.objects.filter(departure=departure).first() if departure is not None else None
    form = None
    if survey is not None and survey.status == SurveyStatus.SENT:
        form = SurveyForm(request.POST or None, company_id=departure.company_id,
                          questions=services.active_questions(departure.company_id))
        if request.method == "POST" and form.is_valid():
            try:
                services.answer_survey(survey, acting_user=request.user, answers=form.answers(),
                                       consent_named=form.cleaned_data["consent_named"])
            except services.ExitError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("感谢您填写离职问卷"))
            return redirect("exits:my_exit")
    elif request.method == "POST":
        messages.error(request, _("没有待填写的问卷"))
        return redirect("exits:my_exit")
    summary = career_summary(departure) if departure is not None and departure.summary_shared else None
    return render(request, "exits/my_exit.html", {"survey": survey, "form": form, "summary": summary})
