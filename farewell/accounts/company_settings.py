"""Which company's settings an HR admin sees and changes (issue 13: company 1's admin cut the
civil-service workflow of company 2).

Workflows, compensation policies, flag rules, talk-plan templates, escalation phrases and the
other settings HR admins edit belong to one company each. An admin configures the companies in
which they hold a whole-company grant of a role allowed the action (a unit-scoped HR admin runs
cases in a subtree but does not change what the whole company runs on: 403). The page names the
company in `?company=<code>` (GET) or a `company` field (POST); without one, the first of the
admin's companies. A company the admin does not configure is not found (DESIGN: outside one's
scope → 404).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from farewell.common.numbers import whole_number
from farewell.org.models import Company

from . import policy


def settings_company_ids(user, action: str) -> list[int]:
    """The companies whose settings `user` may use `action` on: whole-company grants of an allowed role."""
    allowed = policy.ACTIONS.get(action, set())
    return sorted({
        company_id for role, company_id, unit_path in policy._grants(user)
        if role in allowed and role in policy.UNIT_SCOPED and not unit_path
    })


def settings_companies(user, action: str) -> QuerySet:
    """The same companies as a queryset (for an API's scoped querysets: `filter(company__in=...)`)."""
    return Company.objects.filter(pk__in=settings_company_ids(user, action)).order_by("pk")


@dataclass(frozen=True)
class SettingsCompany:
    company: Company
    choices: list[Company]  # every company the admin configures (a switcher when more than one)

    @property
    def query(self) -> str:
        """`company=<code>` for links and form actions that must stay on this company."""
        return f"company={self.company.code}"


def settings_company(request: HttpRequest, action: str) -> SettingsCompany:
    """The company a settings page works on; 403 without the action, 404 for another company."""
    policy.require(request.user, action)
    ids = settings_company_ids(request.user, action)
    if not ids:
        raise PermissionDenied(_("只有对整个公司有管理权限的HR管理员可以修改公司的设置。"))
    choices = list(Company.objects.filter(pk__in=ids).order_by("pk"))
    raw = request.POST.get("company") if request.method == "POST" else None
    raw = raw or request.GET.get("company")
    if not raw:
        return SettingsCompany(choices[0], choices)
    try:
        code = uuid.UUID(str(raw))
    except ValueError:
        raise Http404 from None
    for company in choices:
        if company.code == code:
            return SettingsCompany(company, choices)
    raise Http404


def settings_company_for_api(request, action: str) -> Company:
    """The company a settings API call works on: `?company=<id>` (the API names companies by id), else
    the admin's first; 403 without a whole-company grant, 404 for a company the admin does not configure."""
    policy.require(request.user, action)
    ids = settings_company_ids(request.user, action)
    if not ids:
        raise PermissionDenied(_("只有对整个公司有管理权限的HR管理员可以修改公司的设置。"))
    wanted = request.GET.get("company")
    if wanted:
        if whole_number(wanted) not in ids:  # not an id (²: isdigit() but not int()), or not theirs
            raise Http404
        return Company.objects.get(pk=whole_number(wanted))
    return Company.objects.get(pk=ids[0])
