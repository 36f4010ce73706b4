"""The flags list's rows and header written in Python (insights/flagrows.py, views.header_html) print what the
template printed: every rule's summary, every kind of evidence, text holding <&"', every set of links, in
Chinese and in English."""

from __future__ import annotations

import itertools
import uuid
from html import escape

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from farewell.common.rows import escape_all
from farewell.insights import flagrows, views
from farewell.insights.models import FlagTone, RuleCode
from farewell.insights.present import Cited, Labels, flag_summary, page_gettext

NASTY = """<b>&"'甲</b>"""

# The loop of insights/flag_list.html before the rows were written in Python (89d3ce7^), with the lead-in
# it has since said (依据记录, "Records").
FLAG_LOOP = """{% load i18n %}{% for row in rows %}
        <tr>
          <td class="nowrap"><a href="{{ row.url }}">{{ row.flag.employee.name }}</a><div class="small text-body-secondary">{{ row.flag.employee.employee_number }}</div></td>
          <td>{{ row.flag.employee.org_unit.name }}</td>
          <td><span class="badge tone-{{ row.flag.tone }}">{{ row.tone }}</span> {{ row.rule }}</td>
          <td class="small">{{ row.summary }}<div class="evidence">{% translate "依据记录" %}{% colon %}{% for e in row.evidence %}<a href="{{ e.url }}">{{ e.label }}</a>{% if not forloop.last %} · {% endif %}{% endfor %}</div></td>
        </tr>
        {% endfor %}"""

# Facts of each rule as the recompute stores them, with text holding <&"'.
FACTS = {
    RuleCode.PERFORMANCE_BELOW_AVERAGE: {"margin": "5", "points": [
        {"label": "2025-Q4", "value": "60.00", "reference": "75.50", "count": 5},
        {"label": NASTY, "value": "61.00", "reference": "76.00", "count": 6}]},
    RuleCode.FEEDBACK360_BOTTOM: {"period": "2026-04-01", "period_label": "2026-Q2", "points": [
        {"dimension": NASTY, "value": "2.00", "reference": "3.50", "highest": "4.50", "count": 4}]},
    RuleCode.VALUES_LOW: {"points": [{"label": "2025-Q4", "dimension": NASTY, "value": 1}]},
    RuleCode.SURVEY_LOW: {"threshold": 2, "same_unit": 3, "points": [
        {"label": "2026-04", "dimension": NASTY, "value": "2.00"}, {"label": "2026-05", "dimension": "团队", "value": "1.00"}]},
    RuleCode.ATTENDANCE_RISING: {"months": 3, "recent": 5, "previous": 1, "recent_from": "2026-03-01"},
    RuleCode.TRAINING_DECLINED: {"declined": [{"date": "2026-03-02", "course": NASTY}],
                                 "reviews": [{"label": "2026-Q1", "value": "80.00"}, {"label": "2026-Q2", "value": "61.00"}]},
    RuleCode.KEY_CONTRIBUTOR: {"years": 6, "count": 2},
    RuleCode.PROBATION_UNMET: {"threshold": 80, "criteria": [{"topic": NASTY}, {"topic": "回款"}],
                               "points": [{"label": "2026-01", "value": 50}]},
}
# The facts of each kind of record a flag cites, as present.record_facts stores them.
EVIDENCE = {
    "performancereview": {"period": "2025-Q4", "score": "61.00", "kpi_completion": "85.50"},
    "feedback360": {"period": "2025-Q4", "dimension": NASTY, "rater_relation": "manager", "score": "2.50"},
    "valuesassessment": {"period": "2025-Q4", "dimension": NASTY, "score": 2},
    "surveyresponse": {"period": "2026-05", "dimension": "", "survey": "satisfaction", "score": "7.00"},
    "metricvalue": {"metric": "迟到次数", "period": "2026-05", "value": "3"},
    "trainingrecord": {"course_date": "2026-03-02", "course": NASTY, "status": "declined"},
    "contribution": {"kind": "award", "date": "2024-05-06", "title": NASTY},
    "commitment": {"stage": "offer", "said_on": "2020-02-01", "topic": NASTY},
    "rewardpenalty": {"kind": "penalty", "date": "2025-07-08", "title": NASTY},
}


def _rows() -> list[flagrows.FlagRow]:
    """A row of every rule, its tones in turn, citing nothing, one record or every kind of record."""
    label = Labels(page_gettext())
    kinds = list(EVIDENCE)
    rows = []
    for i, (rule, facts) in enumerate(FACTS.items()):
        employee = flagrows.EmployeeRow(i + 1, uuid.UUID(int=i + 7), f"{NASTY}{i}", f"E<&{i}>", None if i == 3 else NASTY)
        cited = kinds if i == 0 else kinds[i:i + 1] if i < 7 else []
        evidence = [Cited(kind, 100 + n, label(kind, EVIDENCE[kind])) for n, kind in enumerate(cited)]
        rows.append(flagrows.FlagRow(i + 10, rule, list(FlagTone)[i % 3], facts, employee, evidence))
    return rows


def _template_rows(rows: list[flagrows.FlagRow]) -> list[dict]:
    """The context the view gave the old loop."""
    tones, rules = dict(FlagTone.choices), dict(RuleCode.choices)
    return [{
        "flag": {"tone": row.tone, "employee": {
            "name": row.employee.name, "employee_number": row.employee.employee_number,
            "org_unit": {"name": row.employee.unit} if row.employee.unit is not None else None}},
        "url": reverse("org:employee_detail", args=[row.employee.code]),
        "tone": tones[row.tone], "rule": rules[row.rule], "summary": flag_summary(row),
        "evidence": [{"label": e.label, "url": reverse("insights:record", args=[row.employee.code, e.kind, e.pk])
                      + f"#rec-{e.kind}-{e.pk}"} for e in row.evidence],
    } for row in rows]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_rows_are_the_templates(language):
    with translation.override(language):
        rows = _rows()
        expected = Template(FLAG_LOOP).render(Context({"rows": _template_rows(rows)}))
        written = flagrows.rows_html(rows, page_gettext())
    assert written == expected
    assert written.count("<tr>") == len(FACTS) and written.count("<a href=") == len(FACTS) + 9 + 6
    assert "&lt;b&gt;&amp;&quot;&#x27;甲" in written and NASTY not in written


@pytest.mark.parametrize("text", ["甲\0乙", "plain 1.00"])
def test_the_rows_are_the_templates_whatever_the_text(text):
    """Text holding escape_all's separator, and a page with nothing to escape, print as the template did."""
    rows = [row._replace(employee=row.employee._replace(name=text, employee_number=text, unit=text),
                         evidence=[e._replace(label=text) for e in row.evidence])
            for row in _rows() if row.rule == RuleCode.KEY_CONTRIBUTOR or row.evidence]
    written = flagrows.rows_html(rows, page_gettext())
    assert written == Template(FLAG_LOOP).render(Context({"rows": _template_rows(rows)}))
    assert text in written


@pytest.mark.parametrize("values", [[], ["甲"], ["甲", "乙 1.00", ""], [NASTY, "乙"], ["a\0<b>", NASTY, ""],
                                    ["\0", "\0\0"], ["&amp;", "'", '"']])
def test_escape_all_escapes_each_value(values):
    assert escape_all(values) == [escape(value) for value in values]


# The header of insights/flag_list.html before it was written in Python.
HEADER = """{% load i18n %}<div class="d-flex flex-wrap align-items-center gap-2 mb-3">
  <h1 class="h3 mb-0">{% translate "预警" %}</h1>
  <span class="text-body-secondary small">{% translate "规则依据记录得出的信号，每条附产生它的记录；不是结论，也不是离职评分。" %}</span>
  <a class="btn btn-sm btn-outline-secondary ms-auto" href="{% url 'insights:flag_export' %}{% if export_query %}?{{ export_query }}{% endif %}">{% translate "导出 Excel" %}</a>
  {% for label, url in analyses %}<a class="btn btn-sm btn-outline-secondary" href="{{ url }}" data-analysis>{{ label }}</a>{% endfor %}
  {% if can_configure %}<a class="btn btn-sm btn-outline-secondary" href="{% url 'insights:rules' %}">{% translate "预警规则" %}</a>{% endif %}
</div>"""


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_header_is_the_templates(language):
    queries = ["", "unit=12&rule=values_low", "q=%3C%26%22%27", "x=<'\">&y"]
    with translation.override(language):
        for count in range(len(views.HEADER_ACTIONS) + 1):
            for actions in itertools.combinations(views.HEADER_ACTIONS, count):
                for query in queries:
                    expected = Template(HEADER).render(Context({
                        "export_query": query, "can_configure": "insights.configure" in actions,
                        "analyses": [(label, reverse(name)) for label, name, action in views.ANALYSES if action in actions],
                    }))
                    assert views.header_html(actions, query) == expected, (actions, query)
