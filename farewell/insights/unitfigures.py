"""Department figures (UnitAverage): computed with the flags for the whole company, read by the profile.

`refresh` replaces a company's figures with two INSERT … SELECT … GROUP BY statements (set-based, in
the recompute's transaction). `for_profile` reads one unit's figures in one query; a period the
stored figures do not cover yet (records added since the last recompute, or no recompute ever) is
aggregated live, as every view did before issue 14.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.db.models import Avg, Count, Q

from farewell.org.models import Company, Employee
from farewell.records.models import Feedback360, PerformanceReview, RaterRelation

from .models import UnitAverage
from .rules import CENT, unit_review_averages

_REVIEWS = """
INSERT INTO {table} (company_id, org_unit_id, source, period_kind, period_start, dimension, score, kpi, count)
SELECT e.company_id, e.org_unit_id, %s, r.period_kind, r.period_start, '', AVG(r.score), AVG(r.kpi_completion),
       COUNT(r.score)
FROM {reviews} r JOIN {employees} e ON e.id = r.employee_id
WHERE e.company_id = %s
GROUP BY e.company_id, e.org_unit_id, r.period_kind, r.period_start"""

_FEEDBACK = """
INSERT INTO {table} (company_id, org_unit_id, source, period_kind, period_start, dimension, score, kpi, count)
SELECT e.company_id, e.org_unit_id, %s, MIN(f.period_kind), f.period_start, f.dimension, AVG(f.score), NULL,
       COUNT(*)
FROM {feedback} f JOIN {employees} e ON e.id = f.employee_id
WHERE e.company_id = %s AND f.rater_relation <> %s
GROUP BY e.company_id, e.org_unit_id, f.period_start, f.dimension"""


def refresh(company: Company) -> None:
    """Replace the company's figures (call inside the recompute's transaction)."""
    UnitAverage.objects.filter(company=company).delete()
    tables = {"table": UnitAverage._meta.db_table, "reviews": PerformanceReview._meta.db_table,
              "feedback": Feedback360._meta.db_table, "employees": Employee._meta.db_table}
    with connection.cursor() as cursor:
        cursor.execute(_REVIEWS.format(**tables), [UnitAverage.Source.REVIEW, company.pk])
        cursor.execute(_FEEDBACK.format(**tables), [UnitAverage.Source.FEEDBACK, company.pk, RaterRelation.SELF])


def _cent(value) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(CENT)


def for_profile(unit_id: int, company_id: int, review_kind: str, review_starts: list[dt.date],
                feedback_starts: list[dt.date]) -> tuple[dict, dict]:
    """({(unit, start): {"score", "kpi", "count"}}, {(start, dimension): average}) for one unit: one query,
    plus a live aggregate for a kind whose periods the stored figures miss."""
    reviews: dict = {}
    feedback: dict = {}
    if not review_starts and not feedback_starts:
        return reviews, feedback
    wanted = Q(source=UnitAverage.Source.REVIEW, period_kind=review_kind, period_start__in=review_starts)
    wanted |= Q(source=UnitAverage.Source.FEEDBACK, period_start__in=feedback_starts)
    rows = UnitAverage.objects.filter(wanted, org_unit_id=unit_id).values_list(
        "source", "period_start", "dimension", "score", "kpi", "count")
    for source, start, dimension, score, kpi, count in rows:
        if source == UnitAverage.Source.REVIEW:
            reviews[(unit_id, start)] = {"score": _cent(score), "kpi": _cent(kpi), "count": count}
        else:
            feedback[(start, dimension)] = _cent(score)
    if {start for _unit, start in reviews} != set(review_starts):
        reviews = unit_review_averages([unit_id], company_id, review_kind, review_starts)
    if {start for start, _dimension in feedback} != set(feedback_starts):
        feedback = {
            (row["period_start"], row["dimension"]): _cent(row["avg"])
            for row in Feedback360.objects.filter(
                employee_id__in=Employee.objects.filter(org_unit_id=unit_id).values("pk"),
                period_start__in=feedback_starts,
            ).exclude(rater_relation=RaterRelation.SELF).values("period_start", "dimension").annotate(
                avg=Avg("score"), n=Count("employee_id", distinct=True)).order_by()
        }
    return reviews, feedback
