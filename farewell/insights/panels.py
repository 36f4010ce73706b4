"""What insights shows on the employee page (registered in InsightsConfig.ready)."""

from __future__ import annotations

from django.templatetags.static import static
from django.utils import timezone
from django.utils.translation import gettext as _

from farewell.accounts import policy
from farewell.common.links import code_url
from farewell.common.panels import Panel, Reads
from farewell.org.models import Employee

from .profile import build_profile, profile_reads
from .recordrows import feedback_rows_html, table_html

# The record tables the profile panel shows: (section, key of its table).
_TABLES = (("performance", "table"), ("feedback", "table"), ("values", "table"), ("surveys", "table"),
           ("attendance", "table"), ("training", "table"), ("sanctions", "table"), ("contributions", "table"),
           (None, "job_changes_table"), (None, "commitments_table"))


def may_view(user, employee: Employee) -> bool:
    """insights.view on this employee: HR, legal, and a manager for their reports — never the employee."""
    if not policy.allows(user, "insights.view"):
        return False
    return policy.covers(user, "insights.view", employee)


def employee_profile(request, employee):
    """The profile (员工画像): flags with their records, then every chart with its numbers. Its queries go
    with the page's (common/panels.Reads)."""
    if not may_view(request.user, employee):
        return None
    return Reads(tuple(profile_reads(employee)), lambda rows: _profile_panel(employee, rows))


def _profile_panel(employee, rows: list[list]) -> Panel:
    profile = build_profile(employee, today=timezone.localdate(), rows=rows)
    for section, key in _TABLES:
        table = (profile[section] if section else profile)[key]
        table["html"] = table_html(table["slug"], table["rows"], count=table["count"], more=table["more"])
    profile["feedback"]["rows_html"] = feedback_rows_html(profile["feedback"]["rows"])
    # The panel's links, worked out once per process (common/links.py; a reverse() or {% static %} each cost
    # more than the rest of the panel's header).
    links = {"brief": code_url("insights:brief", employee.code), "brief_pdf": code_url("insights:brief_pdf", employee.code),
             "css": static("insights/profile.css"), "echarts": static("vendor/echarts-6.1.0/echarts.min.js"),
             "js": static("insights/profile.js")}
    return Panel(_("员工画像"), "insights/_profile.html", {"profile": profile, "employee": employee, "links": links})
