"""The profile's record tables written in Python (insights/recordrows.py) print what the partials
(insights/records/_<kind>.html through _table.html, which the record list pages still render) print."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from farewell.insights import recordlists, recordrows
from farewell.org.models import Employee, JobChange, Position
from farewell.records.models import (
    Commitment,
    Contribution,
    Feedback360,
    Metric,
    MetricValue,
    PerformanceReview,
    RewardPenalty,
    SurveyResponse,
    TrainingRecord,
    ValuesAssessment,
)

NASTY = """<b>&"'评语</b>"""
D1, D2 = dt.date(2024, 1, 1), dt.date(2024, 4, 1)


def _reviews():
    a = PerformanceReview(pk=1, period_kind="quarter", period_start=D1, score=Decimal("85.50"), rating="A",
                          kpi_completion=Decimal("101.25"), comment=NASTY)
    a.label, a.average, a.average_count = "2024Q1 <年度>", Decimal("80.33"), 3
    b = PerformanceReview(pk=2, period_kind="year", period_start=D2, score=Decimal("0.00"), rating="",
                          kpi_completion=None, comment="")
    b.label, b.average, b.average_count = "2024", None, 0
    return [a, b]


def _commitments():
    a = Commitment(pk=5, stage="interview", party="company", said_on=D1, topic="晋升 & <加薪>", content=NASTY,
                   recorded_by="王&五")
    a.related = [("绩效 <A>", "#rec-performancereview-1"), ("培训", '/x/?a=1&b="2"')]
    b = Commitment(pk=6, stage="onboarding", party="candidate", said_on=D2, topic="出差", content="每月一次",
                   recorded_by="")
    b.related = []
    return [a, b]


def _job_changes():
    boss, other = Employee(pk=7, name="张<三>"), Employee(pk=8, name='李"四')
    clerk, lead = Position(pk=3, name="专员&"), Position(pk=4, name="主管")
    return [
        JobChange(pk=1, kind="manager", effective_date=D1, old_manager=boss, new_manager=None, source="import"),
        JobChange(pk=2, kind="manager", effective_date=D1, old_manager=None, new_manager=other, source="edit"),
        JobChange(pk=3, kind="position", effective_date=D2, old_position=clerk, new_position=lead, old_grade="P<5",
                  new_grade="", promotion=True, source="import"),
        JobChange(pk=4, kind="position", effective_date=D2, old_position=None, new_position=lead, old_grade="",
                  new_grade="M1", source="import"),
        JobChange(pk=5, kind="grade", effective_date=D2, old_grade="", new_grade="P6&", source="import"),
    ]


def _metric_values():
    metric = Metric(pk=1, code="late", name="迟到<次数>", unit="次&")
    values = [MetricValue(pk=pk, period_kind="month", period_start=D1, value=value)
              for pk, value in ((1, Decimal("10.0000")), (2, Decimal("2.5000")), (3, Decimal("0.0000")))]
    for v in values:
        v.metric = metric
    return values


ROWS = {
    "performancereview": _reviews,
    "feedback360": lambda: [
        Feedback360(pk=1, period_kind="year", period_start=D1, dimension="协作<&>", rater_relation="peer",
                    score=Decimal("4.50"), comment=NASTY),
        Feedback360(pk=2, period_kind="year", period_start=D2, dimension="沟通", rater_relation="self",
                    score=Decimal("3.00"), comment=""),
    ],
    "valuesassessment": lambda: [
        ValuesAssessment(pk=1, period_kind="year", period_start=D1, dimension="诚信&", score=4, examples=NASTY),
    ],
    "surveyresponse": lambda: [
        SurveyResponse(pk=1, period_kind="quarter", period_start=D1, survey="engagement", dimension="",
                       score=Decimal("7.5"), comment=NASTY),
        SurveyResponse(pk=2, period_kind="quarter", period_start=D2, survey="intent_to_leave", dimension="成长<>",
                       score=Decimal("10"), comment=""),
    ],
    "metricvalue": _metric_values,
    "trainingrecord": lambda: [
        TrainingRecord(pk=1, course="安全<培训>&", course_date=D1, status="attended", exam_score=Decimal("92.5"),
                       passed=True),
        TrainingRecord(pk=2, course="合规", course_date=D2, status="absent", exam_score=Decimal("0"), passed=False),
        TrainingRecord(pk=3, course="领导力", course_date=D2, status="invented-status", exam_score=None, passed=None),
    ],
    "rewardpenalty": lambda: [
        RewardPenalty(pk=1, kind="penalty", level="severe", title="警告<书面>", date=D1, reason=NASTY,
                      policy_clause='第"3"条'),
        RewardPenalty(pk=2, kind="reward", level="general", title="优秀", date=D2, reason="", policy_clause=""),
    ],
    "contribution": lambda: [
        Contribution(pk=1, kind="project", title="项目<甲>", date=D1, end_date=D2, role="", description=NASTY),
        Contribution(pk=2, kind="patent", title="专利", date=D2, end_date=None, role="负责人&", description=""),
    ],
    "commitment": _commitments,
    "jobchange": _job_changes,
}


def test_every_kind_is_pinned():
    assert set(ROWS) == set(recordlists.KINDS) == set(recordrows.KINDS)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("more", [None, "/employees/x/records/kind/?a=1&b=2"])
@pytest.mark.parametrize("slug", sorted(ROWS))
def test_the_rows_are_the_partials_rows(slug, more, language):
    rows = ROWS[slug]()
    table = {"rows": rows, "count": 23, "template": recordlists.KINDS[slug].template, "more": more}
    with translation.override(language):
        expected = render_to_string("insights/records/_table.html", {"table": table})
        written = recordrows.table_html(slug, rows, count=23, more=more)
    assert written == expected
    assert "&lt;" in written or slug == "valuesassessment" and "&amp;" in written


def test_an_empty_table_is_the_partials():
    for slug in ROWS:
        table = {"rows": [], "count": 0, "template": recordlists.KINDS[slug].template, "more": None}
        assert recordrows.table_html(slug, [], count=0, more=None) == render_to_string(
            "insights/records/_table.html", {"table": table})


# The 360 section's loop as insights/_profile.html had it (issue 14: the rows are now written in Python).
FEEDBACK_LOOP = ('{% for row in rows %}<tr><td>{{ row.dimension }}</td><td class="num">{{ row.first|default:"—" }}</td>'
                 '<td class="num">{{ row.latest|default:"—" }}</td><td class="num">{{ row.department|default:"—" }}'
                 '</td></tr>{% endfor %}')


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_feedback_rows_are_the_templates(language):
    from django.template import Context, Template

    from farewell.insights.recordrows import feedback_rows_html

    rows = [{"dimension": "协作<&>\"'", "first": Decimal("3.50"), "latest": Decimal("0.00"), "department": None},
            {"dimension": "沟通", "first": None, "latest": Decimal("4.25"), "department": Decimal("1234.5")}]
    with translation.override(language):
        assert feedback_rows_html(rows) == Template(FEEDBACK_LOOP).render(Context({"rows": rows}))


@pytest.mark.parametrize("language, name, unit", [("en", "Times late", "times"), ("zh-hans", "迟到次数", "次")])
def test_a_seeded_metric_reads_in_the_pages_language(language, name, unit):
    """An English employee page read 迟到次数 … 1 次 in its records table; a name HR wrote stays as written."""
    seeded, own = Metric(pk=1, code="late", name="迟到次数", unit="次"), Metric(pk=2, code="x", name="自定义指标", unit="次")
    rows = [MetricValue(pk=1, period_kind="month", period_start=D1, value=Decimal("1"), metric=seeded),
            MetricValue(pk=2, period_kind="month", period_start=D1, value=Decimal("2"), metric=own)]
    table = {"rows": rows, "count": 2, "template": recordlists.KINDS["metricvalue"].template, "more": None}
    with translation.override(language):
        written = recordrows.table_html("metricvalue", rows, count=2, more=None)
        assert written == render_to_string("insights/records/_table.html", {"table": table})
    assert f"<td>{name}</td>" in written and f"1 {unit}</td>" in written
    assert "<td>自定义指标</td>" in written
