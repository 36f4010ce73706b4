"""The survival view: time to exit by cohort (hire year, first-level unit, position), HR roles only."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from farewell.accounts import policy

from . import survival
from .riskviews import _company


@require_GET
def survival_view(request: HttpRequest) -> HttpResponse:
    company = _company(request, "insights.survival")
    dimension = request.GET.get("by", "hire_year")
    if dimension not in survival.DIMENSIONS:
        dimension = "hire_year"
    unit_paths = policy.unit_scope(request.user, "insights.survival", company.pk)
    cohorts = survival.survival_by_cohort(company, dimension, today=timezone.localdate(), unit_paths=unit_paths)
    shown = [c for c in cohorts if not c.suppressed]
    return render(request, "insights/survival.html", {
        "company": company, "dimension": dimension, "dimensions": survival.DIMENSIONS.items(),
        "dimension_label": survival.DIMENSIONS[dimension], "cohorts": shown,
        "suppressed": len(cohorts) - len(shown), "years": survival.YEARS, "min_group": survival.MIN_GROUP,
        "charts": [survival.step_chart("chart-survival", cohorts)] if shown else [],
        "chart_cohorts": survival.CHART_COHORTS,
    })
