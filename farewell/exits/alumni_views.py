"""离职校友: HR's searchable list, adding a leaver with consent, and the member's own page (a
personal link, no login) where they see what is held and withdraw."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from farewell.accounts import policy
from farewell.accounts.middleware import public

from . import alumni
from .access import departures_for, get_departure_for_user
from .forms import AlumniForm, AlumniSearchForm
from .models import Alumnus
from .services import ExitError

PER_PAGE = 50


@require_GET
def alumni_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "exits.view")
    form = AlumniSearchForm(request.GET or None)
    text, rehire_only = "", False
    if form.is_valid():
        text, rehire_only = form.cleaned_data["q"], form.cleaned_data["rehire"]
    members = Alumnus.objects.filter(departure__in=departures_for(request.user).values("pk"))
    qs = (alumni.search(members, text, rehire_only)
          .select_related("departure__employee", "departure__position", "departure__org_unit")
          .order_by("-departure__separation_date", "pk"))
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    skills = alumni.skills([a.departure.employee_id for a in rows])
    return render(request, "exits/alumni_list.html", {
        "form": form, "page_obj": page, "rows": [(a, skills.get(a.departure.employee_id, [])) for a in rows]})


@require_POST
def alumni_add(request: HttpRequest, code) -> HttpResponse:
    departure = get_departure_for_user(request.user, code, "exits.edit")
    form = AlumniForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("exits:departure_detail", code=departure.code)
    try:
        alumni.add_alumnus(departure, acting_user=request.user, email=form.cleaned_data["email"],
                           phone=form.cleaned_data["phone"], consent_note=form.cleaned_data["consent_note"])
    except ExitError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已加入离职校友名单，本人会收到查看和退出的链接"))
    return redirect("exits:departure_detail", code=departure.code)


@public
@require_http_methods(["GET", "POST"])
def alumni_self(request: HttpRequest, token: str) -> HttpResponse:
    """The member's own page: what is held about them, and the way out. Unknown or used link → 403."""
    member = alumni.alumnus_for_token(token)
    if member is None:
        if request.method == "GET" and request.GET.get("done"):
            return render(request, "exits/alumni_self.html", {"done": True})
        raise PermissionDenied("exits.alumni_self")
    if request.method == "POST":
        alumni.withdraw(member)
        return redirect(f"{request.path}?done=1")
    return render(request, "exits/alumni_self.html", {"member": member, "departure": member.departure,
                                                      "erase_days": alumni.ERASE_AFTER_DAYS})
