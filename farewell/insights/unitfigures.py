"""Department figures (UnitAverage): computed with the flags for the whole company, read by the profile.

`refresh` replaces a company's figures with two aggregates (GROUP BY, set-based, in the recompute's
transaction). `for_profile` reads one unit's figures in one query; a period the
stored figures do not cover yet (records added since the last recompute, or no recompute ever) is
aggregated live, as every view did before issue 14.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.db.models import Avg, Count

from farewell.common.prepared import Prepared
from farewell.org.models import Company, Employee
from farewell.records.models import Feedback360, PerformanceReview, RaterRelation

from .models import UnitAverage
from .rules import CENT, unit_review_averages

# The two aggregates, each one row per unit and period (and 360 dimension): the unit of a record is its
# employee's current unit.
_REVIEWS = """
SELECT e.org_unit_id, r.period_kind, r.period_start, '' AS dimension, AVG(r.score) AS score,
       AVG(r.kpi_completion) AS kpi, COUNT(r.score) AS n
FROM {reviews} r JOIN {employees} e ON e.id = r.employee_id
WHERE e.company_id = %s
GROUP BY e.org_unit_id, r.period_kind, r.period_start"""

_FEEDBACK = """
SELECT e.org_unit_id, MIN(f.period_kind) AS period_kind, f.period_start, f.dimension, AVG(f.score) AS score,
       CAST(NULL AS NUMERIC) AS kpi, COUNT(*) AS n
FROM {feedback} f JOIN {employees} e ON e.id = f.employee_id
WHERE e.company_id = %s AND f.rater_relation <> %s
GROUP BY e.org_unit_id, f.period_start, f.dimension"""

_INSERT = """
INSERT INTO {table} (company_id, org_unit_id, source, period_kind, period_start, dimension, score, kpi, count)
SELECT %s, org_unit_id, %s, period_kind, period_start, dimension, score, kpi, n FROM {figures}"""


def refresh(company: Company) -> None:
    """Replace the company's figures (call inside the recompute's transaction)."""
    UnitAverage.objects.filter(company=company).delete()
    tables = {"table": UnitAverage._meta.db_table, "reviews": PerformanceReview._meta.db_table,
              "feedback": Feedback360._meta.db_table, "employees": Employee._meta.db_table}
    aggregates = ((UnitAverage.Source.REVIEW, _REVIEWS.format(**tables), [company.pk]),
                  (UnitAverage.Source.FEEDBACK, _FEEDBACK.format(**tables), [company.pk, RaterRelation.SELF]))
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            for source, select, params in aggregates:
                cursor.execute(_INSERT.format(figures=f"({select}) figures", **tables), [company.pk, source, *params])
            return
        # For this transaction only: the GROUP BY (100,000 groups on the 100,000-employee demo) spills to
        # disk with the default 4 MB; compiling it (JIT) costs more than it saves here.
        cursor.execute("SET LOCAL work_mem = '64MB'")
        cursor.execute("SET LOCAL jit = off")
        for source, select, params in aggregates:
            # PostgreSQL runs an INSERT … SELECT on one core; CREATE TABLE … AS may use parallel workers
            # (11 s → 7 s for the 360 figures at load ~11 on the demo's 2.9 million rows).
            cursor.execute(f"CREATE TEMPORARY TABLE unit_figures ON COMMIT DROP AS {select}", params)
            cursor.execute(_INSERT.format(figures="unit_figures", **tables), [company.pk, source])
            cursor.execute("DROP TABLE unit_figures")


# The unit's figures, all periods (a unit has some 20 review periods and 100 360 figures): one query of
# a fixed shape, compiled once per process (common/prepared.py); the periods are picked in Python.
UNIT_FIGURES = Prepared(lambda unit_id: UnitAverage.objects.filter(org_unit_id=unit_id).values_list(
    "source", "period_kind", "period_start", "dimension", "score", "kpi", "count"))


def _cent(value) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(CENT)


def for_profile(unit_id: int, company_id: int, review_kind: str, review_starts: list[dt.date],
                feedback_starts: list[dt.date], *, figures: list | None = None) -> tuple[dict, dict]:
    """({(unit, start): {"score", "kpi", "count"}}, {(start, dimension): average}) for one unit: one query,
    plus a live aggregate for a kind whose periods the stored figures miss. `figures`: the unit's rows of
    UNIT_FIGURES already read (the profile reads them with its lists)."""
    reviews: dict = {}
    feedback: dict = {}
    if not review_starts and not feedback_starts:
        return reviews, feedback
    wanted_reviews, wanted_feedback = set(review_starts), set(feedback_starts)
    for source, kind, start, dimension, score, kpi, count in (UNIT_FIGURES(unit_id) if figures is None else figures):
        if source == UnitAverage.Source.REVIEW:
            if kind == review_kind and start in wanted_reviews:
                reviews[(unit_id, start)] = {"score": _cent(score), "kpi": _cent(kpi), "count": count}
        elif start in wanted_feedback:
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
