"""The career summary for a leaver: tenure, unit and position, training taken, contributions and
rewards from the records, and the lines of advice HR writes (shown in the portal if HR chooses)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Sum

from farewell.org.tenure import span
from farewell.records.models import Contribution, RewardPenalty, SanctionKind, TrainingRecord, TrainingStatus

from .models import Departure


def career_summary(departure: Departure) -> dict:
    """Four queries: training totals, the latest courses, contributions and rewards."""
    employee = departure.employee
    attended = TrainingRecord.objects.filter(employee=employee, status=TrainingStatus.ATTENDED,
                                             course_date__lte=departure.separation_date)
    totals = attended.aggregate(n=Count("id"), hours=Sum("hours"))
    return {
        "departure": departure,
        "tenure": span(departure.hire_date, departure.separation_date),
        "unit": departure.org_unit.name,
        "position": departure.position.name if departure.position_id else "",
        "training_count": totals["n"],
        "training_hours": format((totals["hours"] or Decimal(0)).normalize(), "f"),
        "courses": list(attended.order_by("-course_date")[:8]),
        "contributions": list(Contribution.objects.filter(employee=employee).order_by("-date")[:10]),
        "rewards": list(RewardPenalty.objects.filter(employee=employee, kind=SanctionKind.REWARD).order_by("-date")[:10]),
        "advice": departure.advice,
    }
