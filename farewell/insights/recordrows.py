"""The profile's record tables written in Python: the HTML of `insights/records/_table.html` with each
kind's partial (`insights/records/_<kind>.html`), character for character.

On the employee page the template loop over the record tables (ten kinds, up to ten rows each, a
`|date`, `get_FOO_display` and `|default` per cell) was the largest single cost of the render
(3.5 ms of ~25 ms CPU at 100,000 employees, issue 14). Here each row is one `str.format` with its cells
escaped as the template's autoescaping escapes them, and the labels, headers and number format read
once per table. The partials stay: the record list pages render them, and
tests/insights/test_record_rows.py pins these rows against them.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from decimal import Decimal

from django.utils import numberformat
from django.utils.formats import get_format, localize
from django.utils.safestring import SafeData, SafeString
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from farewell.common import language_caches
from farewell.common.templatetags.punct import colon, lparen, rparen
from farewell.org.models import JobChangeKind, JobChangeSource
from farewell.records.metric_labels import metric_name, metric_unit
from farewell.records.models import (
    CommitmentParty,
    CommitmentStage,
    ContributionKind,
    RaterRelation,
    SanctionKind,
    SanctionLevel,
    SurveyKind,
    TrainingStatus,
)

DASH = "—"
# `{% translate %}` escapes what it prints (an English label may hold "&").
escape = html.escape


class _Cells:
    """A template's `{{ value }}` for one table: escaped text, the language's numbers, `|date`."""

    def __init__(self):
        self.decimal_sep = get_format("DECIMAL_SEPARATOR")

    def __call__(self, value) -> str:
        """`{{ value }}`: localized (numbers, dates) and escaped unless already safe HTML."""
        if isinstance(value, str):
            return value if isinstance(value, SafeData) else html.escape(value)
        if isinstance(value, bool):
            return str(value)
        if isinstance(value, int):
            return str(value)
        if isinstance(value, Decimal):
            return numberformat.format(value, self.decimal_sep)
        if value is None:
            return "None"
        return html.escape(str(localize(value)))

    def default(self, value) -> str:
        """`{{ value|default:"—" }}`."""
        return self(value) if value else DASH


_LABELS: dict[tuple[str | None, type], dict] = {}
language_caches.register(_LABELS.clear)


def _labels(choices: type) -> dict:
    """value → label of a TextChoices in the active language, worked out once per process and language."""
    key = (get_language(), choices)
    if key not in _LABELS:
        _LABELS[key] = {value: str(label) for value, label in choices.choices}
    return _LABELS[key]


def _display(labels: dict, value) -> str:
    """`get_FOO_display`: the choice's label, or the value itself."""
    return labels.get(value, value)


def _month(day) -> str:
    """`|date:"Y-m"` ("" for no date)."""
    return f"{day.year:04d}-{day.month:02d}" if day else ""


def _day(day) -> str:
    """`|date:"Y-m-d"` ("" for no date)."""
    return f"{day.year:04d}-{day.month:02d}-{day.day:02d}" if day else ""


class Num(str):
    """A number column's header (`<th class="num">`)."""


def _head(*labels: str, css: str = "table table-sm mb-0") -> str:
    """A record table's opening and header row, each label escaped as `{% translate %}` prints it."""
    cells = "".join(f'<th class="num">{escape(label)}</th>' if isinstance(label, Num) else f"<th>{escape(label)}</th>"
                    for label in labels)
    return f'<table class="{css}"><thead><tr>{cells}</tr></thead>\n'


def _performancereview(rows, cell: _Cells) -> str:
    # A template's {% translate %} looks its text up with "%" doubled, then prints it with "%%" as "%".
    head = _head(_("周期"), Num(_("分数")), _("等级"), Num(_("部门平均")), Num(_("KPI完成率(%%)").replace("%%", "%")), _("评语"))
    body = "".join(
        f'<tr id="rec-performancereview-{r.pk}"><td class="nowrap">{cell(r.label)}</td>'
        f'<td class="num">{cell.default(r.score)}</td><td>{cell.default(r.rating)}</td>'
        f'<td class="num">{cell.default(r.average)}'
        f'{f""" <small class="text-body-secondary">({cell(r.average_count)})</small>""" if r.average_count else ""}'
        f'</td><td class="num">{cell.default(r.kpi_completion)}</td><td class="small">{cell(r.comment)}</td></tr>'
        for r in rows)
    return f"{head}<tbody>{body}</tbody></table>\n"


def _feedback360(rows, cell: _Cells) -> str:
    relation = _labels(RaterRelation)
    head = _head(_("周期"), _("维度"), _("评价人关系"), Num(_("分数")), _("评语"))
    body = "".join(
        f'<tr id="rec-feedback360-{r.pk}"><td class="nowrap">{_month(r.period_start)}</td><td>{cell(r.dimension)}</td>'
        f'<td>{cell(_display(relation, r.rater_relation))}</td><td class="num">{cell(r.score)}</td>'
        f'<td class="small">{cell(r.comment)}</td></tr>'
        for r in rows)
    return f"{head}<tbody>{body}</tbody></table>\n"


def _valuesassessment(rows, cell: _Cells) -> str:
    head = _head(_("周期"), _("维度"), Num(_("分数")), _("行为事例"))
    body = "".join(
        f'<tr id="rec-valuesassessment-{r.pk}"><td class="nowrap">{_month(r.period_start)}</td>'
        f'<td>{cell(r.dimension)}</td><td class="num">{cell(r.score)}</td><td class="small">{cell(r.examples)}</td></tr>'
        for r in rows)
    return f"{head}<tbody>{body}</tbody></table>\n"


def _surveyresponse(rows, cell: _Cells) -> str:
    survey = _labels(SurveyKind)
    head = _head(_("周期"), _("问卷"), _("维度"), Num(_("分数")), _("意见"))
    body = "".join(
        f'<tr id="rec-surveyresponse-{r.pk}"><td class="nowrap">{_month(r.period_start)}</td>'
        f'<td>{cell(_display(survey, r.survey))}</td><td>{cell.default(r.dimension)}</td>'
        f'<td class="num">{cell(r.score)}</td><td class="small">{cell(r.comment)}</td></tr>'
        for r in rows)
    return f"{head}<tbody>{body}</tbody></table>\n"


def _metricvalue(rows, cell: _Cells) -> str:
    head = _head(_("月份"), _("指标"), Num(_("数值")))
    body = "".join(
        f'<tr id="rec-metricvalue-{r.pk}"><td class="nowrap">{_month(r.period_start)}</td><td>{cell(metric_name(r.metric.name))}</td>'
        f'<td class="num">{cell(r.value.normalize())} {cell(metric_unit(r.metric.unit))}</td></tr>'
        for r in rows)
    return f"{head}<tbody>{body}</tbody></table>\n"


def _trainingrecord(rows, cell: _Cells) -> str:
    status = _labels(TrainingStatus)
    passed = {None: DASH, True: escape(_("是")), False: escape(_("否"))}
    head = _head(_("日期"), _("课程"), _("状态"), Num(_("考试分数")), _("是否通过"))
    body = "".join(
        f'<tr id="rec-trainingrecord-{r.pk}"><td class="nowrap">{_day(r.course_date)}</td><td>{cell(r.course)}</td>'
        f'<td>{cell(_display(status, r.status))}</td><td class="num">{cell.default(r.exam_score)}</td>'
        f'<td>{passed[None if r.passed is None else bool(r.passed)]}</td></tr>'
        for r in rows)
    return f"{head}<tbody>{body}</tbody></table>\n"


def _rewardpenalty(rows, cell: _Cells) -> str:
    kind, level = _labels(SanctionKind), _labels(SanctionLevel)
    head = _head(_("日期"), _("类型"), _("级别"), _("名称"), _("事由"), _("依据条款"))
    body = "".join(
        f'<tr id="rec-rewardpenalty-{r.pk}"><td class="nowrap">{_day(r.date)}</td>'
        f'<td>{cell(_display(kind, r.kind))}</td><td>{cell(_display(level, r.level))}</td><td>{cell(r.title)}</td>'
        f'<td class="small">{cell(r.reason)}</td><td class="small">{cell(r.policy_clause)}</td></tr>'
        for r in rows)
    return f"{head}<tbody>{body}</tbody></table>\n"


def _contribution(rows, cell: _Cells) -> str:
    kind = _labels(ContributionKind)
    head = _head(_("日期"), _("类型"), _("名称"), _("角色"))
    body = "".join(
        f'<tr id="rec-contribution-{r.pk}"><td class="nowrap">{_month(r.date)}'
        f'{f"–{_month(r.end_date)}" if r.end_date else ""}</td><td>{cell(_display(kind, r.kind))}</td>'
        f'<td>{cell(r.title)}'
        f'{f"""<div class="small text-body-secondary">{cell(r.description)}</div>""" if r.description else ""}</td>'
        f'<td>{cell.default(r.role)}</td></tr>'
        for r in rows)
    return f"{head}<tbody>{body}</tbody></table>\n"


def _commitment(rows, cell: _Cells) -> str:
    stage, party = _labels(CommitmentStage), _labels(CommitmentParty)
    recorder, separator, none = escape(_("记录人")), escape(colon()), escape(_("没有可对照的记录"))
    head = _head(_("承诺"), _("相关的现有记录"), css="table table-sm mb-0 commitments")

    def related(pairs) -> str:
        if not pairs:
            return f'<span class="text-body-secondary">{none}</span>'
        return "".join(f'<div><a href="{cell(href)}">{cell(label)}</a></div>' for label, href in pairs)

    body = "".join(
        f'<tr id="rec-commitment-{r.pk}">\n'
        f'  <td><div class="small text-body-secondary">{_day(r.said_on)} · {cell(_display(stage, r.stage))} · '
        f'{cell(_display(party, r.party))}{f" · {recorder} {cell(r.recorded_by)}" if r.recorded_by else ""}</div>'
        f'<strong>{cell(r.topic)}</strong>{separator}{cell(r.content)}</td>\n'
        f'  <td class="small">{related(r.related)}</td>\n'
        f'</tr>'
        for r in rows)
    return f"{head}<tbody>{body}</tbody></table>\n"


def _jobchange(rows, cell: _Cells) -> str:
    kind, source = _labels(JobChangeKind), _labels(JobChangeSource)
    promotion = escape(_("晋升"))
    promotion = f' <span class="badge text-bg-success">{promotion}</span>'
    left, right = escape(lparen()), escape(rparen())

    def name(related) -> str:
        return cell.default(related.name if related is not None else "")

    def grade(value) -> str:
        return f"{left}{cell(value)}{right}" if value else ""

    def change(c) -> str:
        if c.kind == "manager":
            return f"{name(c.old_manager)} → {name(c.new_manager)}"
        if c.kind == "position":
            return f"{name(c.old_position)}{grade(c.old_grade)} → {name(c.new_position)}{grade(c.new_grade)}"
        return f"{cell.default(c.old_grade)} → {cell.default(c.new_grade)}"

    head = _head(_("生效日期"), _("变更类型"), _("变更"), _("来源"))
    body = "".join(
        f'<tr id="rec-jobchange-{c.pk}"><td class="nowrap">{_day(c.effective_date)}</td>'
        f'<td>{cell(_display(kind, c.kind))}{promotion if c.promotion else ""}</td>\n'
        f'  <td>{change(c)}</td><td>{cell(_display(source, c.source))}</td></tr>'
        for c in rows)
    return f"{head}<tbody>{body}</tbody></table>\n"


def feedback_rows_html(rows: list[dict]) -> SafeString:
    """The 360 section's rows by dimension (first, latest, the department), as `insights/_profile.html`'s loop
    printed them."""
    cell = _Cells()
    return SafeString("".join(
        f'<tr><td>{cell(r["dimension"])}</td><td class="num">{cell.default(r["first"])}</td>'
        f'<td class="num">{cell.default(r["latest"])}</td><td class="num">{cell.default(r["department"])}</td></tr>'
        for r in rows))


KINDS: dict[str, Callable[[list, _Cells], str]] = {
    "performancereview": _performancereview, "feedback360": _feedback360, "valuesassessment": _valuesassessment,
    "surveyresponse": _surveyresponse, "metricvalue": _metricvalue, "trainingrecord": _trainingrecord,
    "rewardpenalty": _rewardpenalty, "contribution": _contribution, "commitment": _commitment,
    "jobchange": _jobchange,
}


def table_html(slug: str, rows: list, *, count: int, more: str | None) -> SafeString:
    """What `{% include "insights/records/_table.html" with table=... %}` prints for the kind's rows."""
    cell = _Cells()
    html_ = KINDS[slug](rows, cell)
    if more:
        shown = ngettext("最近 %(shown)s 条，共 %(count)s 条", "最近 %(shown)s 条，共 %(count)s 条", count) % {
            "shown": len(rows), "count": count}
        everything = escape(_("查看全部"))
        html_ += (f'\n<p class="small text-body-secondary mt-1 mb-0">{shown} · <a href="{cell(more)}">'
                  f'{everything}</a></p>\n')
    else:
        html_ += "\n\n"
    return SafeString(html_)
