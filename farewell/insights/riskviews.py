"""The attrition-risk pages: the overview (unit aggregates, training, the setting), the model card,
and the per-employee panel on the employee page (registered in InsightsConfig.ready).

PIPL Art. 24: the score is a prompt to talk, never a decision; HR roles only, and a line manager
for their own reports only when the company's setting allows it.
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import JSONField, OuterRef, Q, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from farewell.accounts import policy
from farewell.accounts.company_settings import settings_company_ids
from farewell.accounts.models import Role
from farewell.common.models import Job
from farewell.common.panels import Panel, Reads
from farewell.common.prepared import INT_MARKS, Prepared
from farewell.org.models import Company, Employee, OrgUnit

from . import recordlists, risk, riskfeatures, services
from .models import RiskModel, RiskScore, RiskSettings


def _company(request: HttpRequest, action: str) -> Company:
    """The one access helper of the company-wide risk pages: 403 without the action, 404 without a company."""
    policy.require(request.user, action)
    ids = sorted(policy.company_ids(request.user))
    company = Company.objects.filter(pk__in=ids).order_by("pk").first()
    if company is None:
        raise Http404
    return company


def settings_for(company_id: int) -> RiskSettings:
    return RiskSettings.objects.filter(company_id=company_id).first() or RiskSettings(company_id=company_id)


def may_see_risk(user, employee: Employee) -> bool:
    """HR whose grants cover the employee's unit; a manager for their own reports when the company
    allows it; nobody else. (HR's check reads the cached grants: no query on the employee page.)"""
    roles = policy.roles_of(user)
    if roles & policy.HR:
        paths = policy.unit_scope(user, "insights.risk_report", employee.company_id)
        if paths is None or any(employee.org_unit.path.startswith(p) for p in paths):
            return True
    if Role.MANAGER not in roles or not settings_for(employee.company_id).managers_see_own_reports:
        return False
    return policy.employees_for(user, "insights.risk", Employee.objects.filter(pk=employee.pk)).exists()


def _value(feature: str, value) -> str:
    if value is None:
        return "—"
    spec = riskfeatures.BY_NAME[feature]
    return f"{value:.{spec.digits}f}{spec.unit}"


def factor_rows(employee: Employee, factors: list[dict]) -> list[dict]:
    """The factors in words: the person's value, the unit's, and links to the records behind it."""
    rows = []
    for factor in factors:
        spec = riskfeatures.BY_NAME.get(factor["feature"])
        if spec is None:
            continue
        reference = _("公司中位数") if factor.get("unit_is_company") else _("本部门中位数")
        rows.append({
            "label": str(spec.label), "value": _value(factor["feature"], factor["value"]),
            "reference_label": reference, "reference": _value(factor["feature"], factor["unit_value"]),
            "effect": round(factor["effect"] * 100, 1),
            "evidence": [recordlists.record_url_for(employee.code, kind, pk) for kind, pk in factor.get("evidence", [])],
        })
    return rows


def _latest_model_and_score(company_id: int, employee_id: int):
    scores = RiskScore.objects.filter(model=OuterRef("pk"), employee_id=employee_id)
    return (RiskModel.objects.filter(company_id=company_id).defer("pipeline").order_by("-created_at", "-id")
            .annotate(score_probability=Subquery(scores.values("probability")[:1]),
                      score_factors=Subquery(scores.values("factors")[:1], output_field=JSONField()))[:1])


# Compiled once per process (common/prepared.py): the subqueries made it the page's costliest compile.
_LATEST_MODEL_AND_SCORE = Prepared(_latest_model_and_score, marks=INT_MARKS[:2])


def employee_risk(request, employee):
    """The employee page's panel: the latest model's probability and factors, or nothing (one query)."""
    if not may_see_risk(request.user, employee):
        return None
    can_report = policy.allows(request.user, "insights.risk_report")
    return Reads(((_LATEST_MODEL_AND_SCORE, (employee.company_id, employee.pk)),),
                 lambda rows: _risk_panel(employee, rows[0], can_report))


def _risk_panel(employee, rows: list, can_report: bool) -> Panel:
    model = next(iter(rows), None)
    scored = model is not None and model.score_probability is not None
    context = {"employee": employee, "model": model, "score": scored,
               "factors": factor_rows(employee, model.score_factors or []) if scored else [],
               "percent": round(model.score_probability * 100) if scored else None,
               "can_report": can_report}
    return Panel(_("离职风险提示"), "insights/_risk_panel.html", context)


def _units(company: Company, user) -> dict[int, str]:
    """Units of the company the user's HR grants cover (names for the aggregates)."""
    paths = policy.unit_scope(user, "insights.risk_report", company.pk)
    units = OrgUnit.objects.filter(company=company)
    if paths is not None:
        units = units.filter(reduce(or_, (Q(path__startswith=p) for p in paths))) if paths else units.none()
    return dict(units.values_list("pk", "name"))


@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    company = _company(request, "insights.risk_report")
    model = risk.latest_model(company.pk)
    names = _units(company, request.user)
    rows = [r for r in risk.unit_aggregates(model, names) if r["unit_id"] in names] if model else []
    # The company's own latest training job (risk.schedule_training notes the company), not another's.
    job = Job.objects.filter(kind=risk.JOB_KIND, result__company=company.pk).order_by("-created_at", "-id").first()
    return render(request, "insights/risk_overview.html", {
        "company": company, "model": model, "rows": rows, "job": job, "min_group": risk.MIN_GROUP,
        "settings": settings_for(company.pk), "can_manage": policy.allows(request.user, "insights.risk_manage"),
    })


@require_GET
def model_card(request: HttpRequest) -> HttpResponse:
    company = _company(request, "insights.risk_report")
    model = risk.latest_model(company.pk)
    used = set(model.features) if model else set()
    features = [{"label": f.label, "used": f.name in used, "kind": riskfeatures.EVIDENCE_KIND.get(f.name, "employee")}
                for f in riskfeatures.FEATURES]
    return render(request, "insights/risk_model_card.html", {
        "company": company, "model": model, "features": features, "horizon": risk.HORIZON_MONTHS,
        "min_group": risk.MIN_GROUP, "min_exits": risk.MIN_EXITS, "evaluation": model.evaluation if model else {},
    })


@require_POST
def train(request: HttpRequest) -> HttpResponse:
    company = _company(request, "insights.risk_manage")
    risk.schedule_training(company, acting_user=request.user)
    messages.info(request, _("已开始训练离职风险模型；完成后本页显示新的结果。"))
    return redirect("insights:risk")


@require_POST
def change_settings(request: HttpRequest) -> HttpResponse:
    company = _company(request, "insights.risk_manage")
    # A company's setting: its whole-company HR admin changes it (accounts/company_settings.py), as the API.
    if company.pk not in settings_company_ids(request.user, "insights.risk_manage"):
        raise PermissionDenied("insights.risk_manage")
    services.save_risk_settings(company, managers_see_own_reports=request.POST.get("managers_see_own_reports") == "on",
                                acting_user=request.user)
    messages.success(request, _("已保存离职风险设置。"))
    return redirect("insights:risk")

