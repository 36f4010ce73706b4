"""The record kinds the profile shows as tables, and where each record can be found.

The profile shows the latest `SHOWN` rows of each kind (issue 14: rendering every row of eight
tables was ~45 % of the page's CPU at 100,000 employees × 60 months) with the kind's count and a
link to the whole list, paginated (`insights:records`). A record's own address
(`insights:record`) sends the reader to its row: on the profile when the row is among the
latest, otherwise to the list page that holds it. Flags, charts, talk plans, exit verifications
and the risk panel link there, so every link reaches its row whatever the number of records.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy

from farewell.common.links import code_url
from farewell.org.models import Employee, JobChange
from farewell.records import models as records
from farewell.records import periods

# Rows of each kind on the profile; the rest one click away (the list pages).
SHOWN = 10
LIST_PAGE_SIZE = 50


@dataclass(frozen=True)
class RecordKind:
    slug: str  # the model name, as in the rows' anchors ("rec-performancereview-12")
    title: object
    rows: Callable[[Employee], QuerySet]  # every record of the kind
    template: str  # the table partial, shared by the profile and the list page
    order: tuple[str, ...]  # newest first: the date, then ascending tie-breakers (then the newest pk)

    def anchor(self, pk: int) -> str:
        return f"rec-{self.slug}-{pk}"

    def newest_first(self, rows) -> list:
        """The rows in the order of the profile's table and the list pages, sorted here (not by the
        database's collation) so the profile, the list and the record's address always agree."""
        date, *then = self.order
        rows = sorted(rows, key=attrgetter("pk"), reverse=True)
        if then:
            rows = sorted(rows, key=attrgetter(*then))
        return sorted(rows, key=attrgetter(date), reverse=True)


def _metric_values(employee: Employee) -> QuerySet:
    return records.MetricValue.objects.filter(employee=employee).select_related("metric")


KINDS: dict[str, RecordKind] = {kind.slug: kind for kind in (
    RecordKind("performancereview", gettext_lazy("绩效考核"), lambda e: records.PerformanceReview.objects.filter(employee=e),
               "insights/records/_performancereview.html", ("period_start", "period_kind")),
    RecordKind("feedback360", gettext_lazy("360评估"), lambda e: records.Feedback360.objects.filter(employee=e),
               "insights/records/_feedback360.html", ("period_start", "dimension", "rater_relation", "rater_key")),
    RecordKind("valuesassessment", gettext_lazy("价值观评估"), lambda e: records.ValuesAssessment.objects.filter(employee=e),
               "insights/records/_valuesassessment.html", ("period_start", "dimension")),
    RecordKind("surveyresponse", gettext_lazy("调查问卷"), lambda e: records.SurveyResponse.objects.filter(employee=e),
               "insights/records/_surveyresponse.html", ("period_start", "survey", "dimension")),
    RecordKind("metricvalue", gettext_lazy("指标数据"), _metric_values, "insights/records/_metricvalue.html",
               ("period_start", "metric.code")),
    RecordKind("trainingrecord", gettext_lazy("培训与考试"), lambda e: records.TrainingRecord.objects.filter(employee=e),
               "insights/records/_trainingrecord.html", ("course_date", "course")),
    RecordKind("rewardpenalty", gettext_lazy("奖惩"), lambda e: records.RewardPenalty.objects.filter(employee=e),
               "insights/records/_rewardpenalty.html", ("date",)),
    RecordKind("contribution", gettext_lazy("贡献"), lambda e: records.Contribution.objects.filter(employee=e),
               "insights/records/_contribution.html", ("date",)),
    RecordKind("commitment", gettext_lazy("招聘/入职承诺"), lambda e: records.Commitment.objects.filter(employee=e),
               "insights/records/_commitment.html", ("said_on",)),
    RecordKind("jobchange", gettext_lazy("任职变动"), lambda e: JobChange.objects.filter(employee=e).select_related(
        "old_manager", "new_manager", "old_position", "new_position").only(
        "kind", "effective_date", "old_grade", "new_grade", "promotion", "source", "old_manager__name",
        "new_manager__name", "old_position__name", "new_position__name"),
        "insights/records/_jobchange.html", ("effective_date",)),
)}


def attendance(rows) -> list:
    """The profile's attendance table and chart: monthly attendance metrics only."""
    return [m for m in rows if m.metric.category == records.MetricCategory.ATTENDANCE
            and m.period_kind == periods.MONTH]


def shown_on_profile(kind: RecordKind, employee: Employee) -> list[int]:
    """The pks of the kind's rows the profile shows (the rows build_profile picks, in one query)."""
    rows = list(kind.rows(employee))
    if kind.slug == "metricvalue":
        rows = attendance(rows)
    return [r.pk for r in kind.newest_first(rows)[:SHOWN]]


def list_url(employee_code, kind: str) -> str:
    """The kind's list (`kind`: one of KINDS: a reverse() per kind and process, common/links.py)."""
    return code_url("insights:records", employee_code, kind)


def record_url_for(employee_code, kind: str, pk: int) -> str:
    """The record's own address, with its row's anchor (kept through the redirect)."""
    return f"{reverse('insights:record', args=[employee_code, kind, pk])}#rec-{kind}-{pk}"


def record_urls(employee_code) -> Callable[[str, int], str]:
    """record_url_for for one employee's many records with one reverse(): the kind (a model name) and
    the id are the path's last segments, which reverse() leaves as they are (the profile links a few
    dozen records; a reverse() each was ~0.5 ms of the employee page, issue 14)."""
    sample = code_url("insights:record", employee_code, "kind", "1")
    if not sample.endswith("/kind/1/"):
        raise ImproperlyConfigured(f"insights:record changed: {sample}")
    head = sample.removesuffix("kind/1/")
    return lambda kind, pk: f"{head}{kind}/{pk}/#rec-{kind}-{pk}"
