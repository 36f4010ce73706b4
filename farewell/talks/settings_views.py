"""设置·谈话方案模板 and 风险词 (HR admin), and the employee's own records in the portal."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from farewell.accounts import policy
from farewell.accounts.company_settings import settings_company
from farewell.common.filenames import attachment_header

from . import services
from .forms import AcknowledgeForm, PhrasesForm, TemplateForm
from .models import Conversation, ConversationStatus, EscalationPhrase, PlanTemplate
from .placeholders import PLACEHOLDERS
from .projection import record_for_employee

ACTION = "talks.configure"


@require_GET
def template_list(request: HttpRequest) -> HttpResponse:
    chosen = settings_company(request, ACTION)
    return render(request, "talks/template_list.html", {
        "templates": PlanTemplate.objects.filter(company=chosen.company), "settings_company": chosen})


@require_http_methods(["GET", "POST"])
def template_edit(request: HttpRequest, situation: str) -> HttpResponse:
    """A company's template (each company has its own texts; issue 13)."""
    chosen = settings_company(request, ACTION)
    template = get_object_or_404(PlanTemplate, company=chosen.company, situation=situation)
    form = TemplateForm(request.POST or None, instance=template)
    if request.method == "POST" and form.is_valid():
        services.save_template(form.save(commit=False), actor=request.user)
        messages.success(request, _("模板已保存；之后生成的方案使用新文本"))
        return redirect(f"{reverse('talks:template_list')}?{chosen.query}")
    return render(request, "talks/template_edit.html", {"form": form, "template": template,
                                                        "placeholders": PLACEHOLDERS.items(),
                                                        "settings_company": chosen},
                  status=400 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
def phrases(request: HttpRequest) -> HttpResponse:
    """A company's escalation list (its transcripts are checked against it)."""
    chosen = settings_company(request, ACTION)
    current = "\n".join(EscalationPhrase.objects.filter(company=chosen.company, active=True)
                        .values_list("phrase", flat=True))
    form = PhrasesForm(request.POST or None, initial={"phrases": current})
    if request.method == "POST" and form.is_valid():
        saved = services.save_phrases(chosen.company, form.cleaned_phrases(), actor=request.user)
        messages.success(request, _("已保存 %(n)s 个风险词") % {"n": len(saved)})
        return redirect(f"{reverse('talks:phrases')}?{chosen.query}")
    return render(request, "talks/phrases.html", {"form": form, "settings_company": chosen},
                  status=400 if request.method == "POST" else 200)


# --- the employee's own records (portal) -----------------------------------------------------


def _own_employee(request: HttpRequest):
    policy.require(request.user, "talks.self")
    if request.user.employee is None:
        raise Http404
    return request.user.employee


@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    """我的谈话记录: only the employee's own, only signed ones (never drafts, notes of others or transcripts)."""
    employee = _own_employee(request)
    records = list(Conversation.objects.filter(employee=employee, status=ConversationStatus.SIGNED)
                   .select_related("acknowledgement", "case")
                   .prefetch_related("participants", "next_steps", "checklist").order_by("-held_at", "-version"))
    superseded = {c.previous_id for c in records if c.previous_id}
    # The latest version of each, as the employee may see it: never the ceiling, the cap or HR's guidance.
    records = [record_for_employee(c) for c in records if c.pk not in superseded]
    return render(request, "talks/mine.html", {"records": records, "form": AcknowledgeForm()})


@require_GET
def mine_pdf(request: HttpRequest, code) -> HttpResponse:
    """The employee's own copy of a signed record as a PDF: built from the projection only, so it
    never holds the ceiling, the cap or HR's guidance (HR's evidence package is a different document)."""
    from django.conf import settings
    from django.template.loader import render_to_string

    from farewell.common.documents import html_to_pdf

    employee = _own_employee(request)
    conversation = (Conversation.objects.filter(employee=employee, status=ConversationStatus.SIGNED, code=code)
                    .select_related("acknowledgement", "case")
                    .prefetch_related("participants", "next_steps", "checklist").first())
    if conversation is None:
        raise Http404
    html = render_to_string("talks/mine_record_pdf.html", {
        "record": record_for_employee(conversation), "employee_name": employee.name})
    data = html_to_pdf(html, base_url=f"file://{settings.BASE_DIR}/")
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = attachment_header(
        f"talk-{conversation.held_at:%Y%m%d}-v{conversation.version}.pdf")
    return response


@require_POST
def mine_acknowledge(request: HttpRequest, code) -> HttpResponse:
    employee = _own_employee(request)
    conversation = Conversation.objects.filter(employee=employee, status=ConversationStatus.SIGNED, code=code).first()
    if conversation is None:
        raise Http404
    form = AcknowledgeForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    try:
        services.acknowledge(conversation, actor=request.user, comment=comment)
    except services.TalkError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已确认谈话记录"))
    return redirect("talks:mine")
