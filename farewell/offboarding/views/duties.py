"""Post-exit duties: done, or waived with a reason (HR)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import duties
from ..access import get_duty_for_user
from ..forms import DutyForm
from ._common import back_to_case


@require_POST
def duty_done(request: HttpRequest, code) -> HttpResponse:
    duty = get_duty_for_user(request.user, code)
    form = DutyForm(request.POST)
    form.is_valid()
    try:
        duties.complete(duty, acting_user=request.user, note=form.cleaned_data.get("note", ""))
    except duties.DutyError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已完成：%(d)s") % {"d": duty.get_kind_display()})
    return back_to_case(duty.case)


@require_POST
def duty_waive(request: HttpRequest, code) -> HttpResponse:
    duty = get_duty_for_user(request.user, code)
    form = DutyForm(request.POST)
    form.is_valid()
    try:
        duties.waive(duty, acting_user=request.user, reason=form.cleaned_data.get("note", ""))
    except duties.DutyError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已标记不适用：%(d)s") % {"d": duty.get_kind_display()})
    return back_to_case(duty.case)
