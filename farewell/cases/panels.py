"""What the cases app shows on other apps' pages (registered in CasesConfig.ready)."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from farewell.accounts import policy
from farewell.common.money import round_money
from farewell.common.panels import Panel, Reads
from farewell.common.prepared import Prepared

from . import engine_calls, services
from .models import CaseType, SeparationCase
from .presentation import leave_days_counted, present

# The estimate on the employee page: a mutual separation proposed by the employer today,
# the most common way an HR team parts with someone.
PANEL_GROUND = "mutual_employer_initiated"
CASES_SHOWN = 10

# The employee's latest cases, the columns the panel shows, SQL compiled once (common/prepared.py).
_LATEST_CASES = Prepared(lambda pk: SeparationCase.objects.filter(employee_id=pk).only(
    "code", "case_type", "status", "separation_date").order_by("-created_at")[:CASES_SHOWN])


def employee_estimate(request, employee):
    """An estimate of what the law gives this employee if they left by agreement today."""
    # Civil servants get no statutory compensation (辞退费 follows the state's pay rules), and
    # part-time staff and interns no engine at all (DESIGN): nothing to estimate for them.
    if not policy.allows(request.user, "law.calculate") or employee.rule_pack != "CN":
        return None
    if employee.separation_date:
        return None
    # Built once the page has its rows: the estimate uses its contracts, wages and periods (org/facts.py).
    return Reads((), lambda rows: _estimate_panel(employee))


def _estimate_panel(employee) -> Panel:
    today = timezone.localdate()
    data = services.engine_input_for(employee, ground=PANEL_GROUND, separation_date=today)
    outcome = services.calculate(data)
    if engine_calls.wages_missing(data, outcome.result, outcome.error):
        return Panel(_("离职补偿测算"), "cases/_employee_estimate.html",
                     {"wages_missing": engine_calls.case_wages_message(), "employee": employee})
    if outcome.error is not None:
        return Panel(_("离职补偿测算"), "cases/_employee_estimate.html", {"error": outcome.error, "employee": employee})
    estimate = present(outcome.result, services.figure_checks(data, outcome.result))
    # The total holds every line: the ones beside 经济补偿 are named under it, annual-leave pay with the days
    # of this year it counts as taken (from the leave records, or none), so the figures add up on the page.
    leave_days = leave_days_counted(data, estimate)
    # A base that is not a whole fen (190,313.99 ÷ 11) shows rounded; the compensation uses the exact one, so
    # when N × the shown base is not 经济补偿 (a few fen apart), say so, as the case page does.
    base, months = estimate.get("monthly_base"), estimate.get("compensation_months")
    paid = estimate.get("economic_compensation")
    base_inexact = None not in (base, months, paid) and round_money(
        Decimal(str(months)) * round_money(base)) != round_money(paid)
    return Panel(
        _("离职补偿测算"),
        "cases/_employee_estimate.html",
        {"estimate": estimate, "employee": employee, "as_of": today, "input": data, "leave_days": leave_days,
         "base_inexact": base_inexact,
         "other_lines": [line for line in estimate["lines"] if line["item"] != "economic_compensation"]},
    )


def employee_cases(request, employee):
    """The employee's separation cases and a button to open one."""
    can_view = policy.allows(request.user, "case.view")
    can_open = policy.allows(request.user, "case.open")
    if not (can_view or can_open):
        return None
    # access.cases_for(user) holds all of this employee's cases or none: whether case.view covers them.
    if can_view and policy.covers(request.user, "case.view", employee):
        return Reads(((_LATEST_CASES, (employee.pk,)),), lambda rows: _cases_panel(employee, rows[0], can_open))
    return _cases_panel(employee, [], can_open)


def _cases_panel(employee, cases: list, can_open: bool) -> Panel:
    civil = employee.rule_pack == "CN-civil-service"
    types = [(t.value, t.label) for t in CaseType if t.value.startswith("cs_") == civil]
    return Panel(_("离职案件"), "cases/_employee_cases.html",
                 {"cases": cases, "employee": employee, "can_open": can_open, "types": types})
