"""What the employee's self-service shows and does, shared by the portal's pages (views.py) and the
employee API (api.py): the same lookups, the same projections, the same services, so a WeCom or
DingTalk mini-app on /api/me/… sees and changes exactly what the portal page would.

Every function starts from the signed-in user: there is no parameter naming another employee.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from farewell.accounts import policy
from farewell.cases import civil_service, engine_calls, leave_years, services
from farewell.cases.models import CaseStatus, CaseStep, SeparationCase, StepKind, StepStatus
from farewell.cases.presentation import leave_days_counted, present
from farewell.common.templatetags.punct import enumeration_comma
from farewell.insights import explanations as insight_explanations
from farewell.insights.models import ExplanationRequest, ExplanationStatus
from farewell.insights.riskviews import factor_rows
from farewell.offboarding import former
from farewell.org.models import Employee
from farewell.org.tenure import cumulative_work_years, tenure

from . import receipts
from .projection import EmployeeCase, case_for_employee

ENDED = (CaseStatus.CLOSED, CaseStatus.REJECTED, CaseStatus.WITHDRAWN)

NEXT_STEPS = {
    CaseStatus.NOTICE_RECEIVED: gettext_lazy("HR将确认收到您的辞职通知，并与您约定交接安排。辞职是您的权利，不需要公司批准。"),
    CaseStatus.DRAFT: gettext_lazy("HR正在准备方案，会通过下面的消息与您联系。"),
    CaseStatus.IN_REVIEW: gettext_lazy("公司正在内部审核。需要您确认时，这里会出现确认按钮。"),
    CaseStatus.APPROVED: gettext_lazy("方案已经批准，HR会与您约定签署协议和交接的时间。"),
    CaseStatus.IN_HANDOVER: gettext_lazy("请按交接清单完成工作交接，并在最后一天前结清工资和手续。"),
    CaseStatus.CLOSED: gettext_lazy("离职手续已办结。离职证明和档案、社保转移请留意HR的通知。"),
    CaseStatus.REJECTED: gettext_lazy("此申请未获同意。如有疑问，可以给HR留言。"),
    CaseStatus.WITHDRAWN: gettext_lazy("此案件已撤回。"),
}


def own_employee(user) -> Employee:
    """The signed-in employee's own record (portal.self); 403 without the role, 404 without a record."""
    policy.require(user, "portal.self")
    employee = user.employee
    if employee is None:
        raise Http404
    return employee


def own_case(employee: Employee) -> SeparationCase | None:
    """The employee's current case (the open one, else the latest); never anyone else's."""
    cases = SeparationCase.objects.filter(employee=employee).order_by("-created_at", "-id")
    return cases.filter(status__in=[s for s in CaseStatus if s not in ENDED]).first() or cases.first()


def is_open(case: SeparationCase | None) -> bool:
    return case is not None and case.status not in ENDED


def confirmation_step(case: SeparationCase | None) -> CaseStep | None:
    if case is None:
        return None
    return case.steps.filter(kind=StepKind.EMPLOYEE_CONFIRMATION, status=StepStatus.ACTIVE).first()


def estimate_defaults(case: SeparationCase | None) -> tuple[dict, tuple[str, str] | None]:
    """The estimate's starting point: with an open case its ground and end date, so the dates match it."""
    if is_open(case) and case.ground and case.separation_date:
        return {"ground": case.ground, "separation_date": case.separation_date}, (case.ground, case.ground_title)
    return {"ground": "mutual_employer_initiated", "separation_date": timezone.localdate()}, None


@dataclass
class Estimate:
    """The law engine's estimate for the employee (None fields: not computed, and why)."""

    result: dict | None = None
    error: str | None = None
    wages_missing: str = ""
    # The days of this year's annual leave the estimate counts as taken (the engine input's
    # days_taken_this_year): the portal does not know them, so it assumes none and says so beside the
    # figure, as HR writes a day count ("0", "2.5"). None when the estimate has no annual-leave pay.
    leave_days_taken_assumed: str | None = None
    # The earlier years it counts as not taken (services.open_leave_years), e.g. {"2026": 15}: a last day in the
    # next year leaves this year's leave open.
    leave_open_years: dict | None = None
    separation_year: int | None = None

    @property
    def leave_year_named(self) -> int | None:
        """The year of separation when it is not this year (a last day in the next year): the sentences name it,
        since "今年已休" would read as this year's days."""
        if self.separation_year is not None and self.separation_year != timezone.localdate().year:
            return self.separation_year
        return None

    @property
    def leave_assumption(self) -> str:
        """What the page says under the total and the API returns beside the days (blank: no leave pay)."""
        if self.leave_days_taken_assumed is None:
            return ""
        if self.leave_open_years:
            return gettext("含未休年休假工资：本估算假设您%(years)s年的年休假 %(earlier)s 天均未休，离职当年（%(year)s年）"
                           "已休 %(days)s 天（系统中没有您的休假记录）；已休或已支付的每一天都会使这一项减少，"
                           "以HR核对的天数为准。") % {
                "years": enumeration_comma().join(self.leave_open_years), "earlier": sum(self.leave_open_years.values()),
                "year": self.separation_year, "days": self.leave_days_taken_assumed}
        if self.leave_year_named is not None:
            return gettext("含未休年休假工资：本估算假设您离职当年（%(year)s年）已休年休假 %(days)s 天（系统中没有您该年的休假"
                           "记录）；已休的每一天都会使这一项减少，以HR核对的天数为准。") % {
                "year": self.leave_year_named, "days": self.leave_days_taken_assumed}
        return gettext("含未休年休假工资：本估算假设您今年已休年休假 %(days)s 天（系统中没有您今年的休假记录）；"
                       "已休的每一天都会使这一项减少，以HR核对的天数为准。") % {"days": self.leave_days_taken_assumed}


def estimate(employee: Employee, case: SeparationCase | None, *, ground: str, separation_date) -> Estimate:
    """What the law would give on `ground` ending on `separation_date` (labour contracts only)."""
    if employee.rule_pack != "CN":
        return Estimate()
    # With an open case, the earlier years whose leave is still open are the case's (from the day it was planned).
    data = services.engine_input_for(employee, ground=ground, separation_date=separation_date,
                                     planned_on=services.planned_on(case) if is_open(case) else None)
    assumed_years = None  # the earlier years whose days are assumed all untaken (None: as in the input)
    if is_open(case):
        # Earlier years' leave HR recorded on the case (prc_rules §5: the total, or each open year's days taken,
        # cases/leave_years.py) replaces the days assumed: the sentence under the figure no longer assumes them.
        # The years HR left blank are still counted fully untaken, and the sentence still says so.
        leave_years.apply_to_input(data, case.facts or {})
        taken = data.pop(engine_calls.OPEN_LEAVE_TAKEN_KEY, None)
        if taken is not None:
            years = data.pop(engine_calls.OPEN_LEAVE_YEARS_KEY, None) or {}
            assumed_years = {year: days for year, days in years.items() if year not in taken}
        if ground == case.ground:
            # The written notice the case records (HR's days, else from its 书面通知日 to this last day), as the
            # company's figure counts it: no 代通知金 once 30 days' notice was given.
            given = services.notice_given_days(case, separation_date=separation_date)
            if given is not None:
                data["notice_given_days"] = given
    outcome = services.calculate(data)
    if engine_calls.wages_missing(data, outcome.result, outcome.error):
        return Estimate(wages_missing=engine_calls.wages_message(employee_side=True))
    if outcome.error is not None:
        return Estimate(error=outcome.error)
    result = present(outcome.result, services.figure_checks(data, outcome.result) or None)
    counted = leave_days_counted(data, result)
    return Estimate(result=result, leave_days_taken_assumed=counted,
                    leave_open_years=(data.get(engine_calls.OPEN_LEAVE_YEARS_KEY) if assumed_years is None
                                      else assumed_years or None) if counted is not None else None,
                    separation_year=separation_date.year)


@dataclass
class Summary:
    """The portal home's facts about the employee and their case (never the case row itself)."""

    employee: Employee
    case_row: SeparationCase | None
    case: EmployeeCase | None
    case_open: bool
    tenure: object
    work_years: object
    wage_months: int
    average_wage: Decimal | None
    ended_message: str
    next_step: str | None
    confirmation: CaseStep | None
    can_demand: bool
    has_receipt: bool


def summary(employee: Employee) -> Summary:
    today = timezone.localdate()
    case = own_case(employee)
    open_ = is_open(case)
    confirmation = confirmation_step(case)
    wages = services.wage_months_before(employee, today)
    return Summary(
        employee=employee,
        case_row=case,
        # The template and the API never get the case row (policy cap, internal notes): only the projection.
        case=case_for_employee(case, awaiting_confirmation=confirmation is not None),
        case_open=open_,
        tenure=tenure(employee.hire_date, as_of=today, separation_date=employee.separation_date),
        work_years=cumulative_work_years(employee.first_work_date, as_of=today),
        wage_months=len(wages),
        average_wage=sum(w.total for w in wages) / len(wages) if wages else None,
        # A closed case ended (or ends) the employment: no second notice (services.employment_end_refusal).
        ended_message="" if open_ else services.employment_end_refusal(employee),
        next_step=(civil_service.portal_next_step(case) or NEXT_STEPS.get(case.status)) if case else None,
        confirmation=confirmation,
        can_demand=case is not None and case.status in services.DEMAND_STATUSES and not case.is_civil_service,
        # 辞职回执: offered once the notice is on record (given in the portal, or recorded by HR on paper).
        has_receipt=receipts.receipt_available(case),
    )


def signed_documents(case: SeparationCase | None) -> list[former.Offer]:
    """The signed documents (the agreement once both sides signed it; never its unsigned draft)."""
    return former.offers(case, signed_only=True) if case else []


def require_case(employee: Employee) -> SeparationCase:
    case = own_case(employee)
    if case is None:
        raise Http404
    return case



def explanations(employee: Employee, *, actor) -> tuple[list[ExplanationRequest], list[dict]]:
    """关于我的自动化评估 (PIPL Art. 24 ¶3): my requests with HR's answers; reading an answer marks it read."""
    items = list(ExplanationRequest.objects.filter(employee=employee).select_related("answered_by"))
    for item in items:
        if item.status == ExplanationStatus.ANSWERED and item.read_at is None:
            insight_explanations.mark_read(item, acting_user=actor)
    shown = [{"item": item, "factors": factor_rows(employee, item.assessment.get("factors", [])),
              "assessment": item.assessment,
              "percent": round(item.assessment["probability"] * 100) if item.assessment else None} for item in items]
    return items, shown
