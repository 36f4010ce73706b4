"""The flags list's rows (预警, issue 14): values from three queries (two round trips on PostgreSQL),
written as HTML in Python.

A page of 50 flags cited ~100 records. Reading those records as model instances (a GenericPrefetch,
a query per kind), labelling each with a `gettext` and a `get_FOO_display`, and printing the rows
through the template engine took ~45 ms of CPU per request. Now the labels' facts come stored with
the evidence (FlagEvidence.facts, written by the recompute), every string is translated once per
page, and the rows are one string: each value from the database goes through html.escape (what
Django's escape() calls).
"""

from __future__ import annotations

from functools import lru_cache
from html import escape
from typing import NamedTuple

from django.core.exceptions import ImproperlyConfigured
from django.db.models import OuterRef, QuerySet, Subquery, TextField
from django.db.models.functions import Cast
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext

from farewell.common import language_caches
from farewell.common.links import code_url_shape
from farewell.common.prepared import PreparedShapes, run_together
from farewell.common.rows import escape_all, labels
from farewell.common.templatetags.punct import colon
from farewell.org.models import Employee, OrgUnit

from .models import FlagTone, RuleCode
from .present import Cited, Labels, PageGettext, cited_records, evidence_read, flag_summary, json_values


def flag_values(flags: QuerySet) -> QuerySet:
    """What the page reads of each flag (views narrows and orders them), the facts as JSON text: page_rows
    decodes the page's at once (present.json_values)."""
    return flags.annotate(facts_json=Cast("facts", TextField())).values_list(
        "pk", "employee_id", "rule", "tone", "facts_json")


class EmployeeRow(NamedTuple):
    pk: int
    code: object
    name: str
    employee_number: str
    unit: str | None


class FlagRow(NamedTuple):
    pk: int
    rule: str
    tone: str
    facts: dict
    employee: EmployeeRow
    evidence: list[Cited]

    def get_rule_display(self) -> str:  # flag_summary's fallback for a rule it does not know
        return str(dict(RuleCode.choices).get(self.rule, self.rule))


# The page's employees, compiled once per number of employees (common/prepared.py).
_EMPLOYEES = PreparedShapes()


def _employees(*ids):
    # Each unit's name looked up by its key (a subquery per employee) rather than joined: for a join PostgreSQL
    # read and hashed all 2,535 units of the 100,000-employee demo for 50 employees (~1.0 ms against ~0.35 ms).
    unit = OrgUnit.objects.filter(pk=OuterRef("org_unit_id")).order_by().values("name")[:1]
    return Employee.objects.filter(pk__in=ids).order_by().annotate(unit_name=Subquery(unit)).values_list(
        "pk", "code", "name", "employee_number", "unit_name")


def page_rows(flags, _: PageGettext) -> list[FlagRow]:
    """The page's flags (flag_values) with their employees and evidence: one round trip for both
    on PostgreSQL (common/prepared.run_together), plus a query per kind of record for evidence stored
    without its facts (none after a recompute)."""
    flags = list(flags)
    if not flags:
        return []
    # The employees apart from the flags: joined into the flags query, a page deep in the list made
    # PostgreSQL hash every employee and sort every flag before its OFFSET (370 ms at 100k).
    ids = sorted({f[1] for f in flags})
    flag_ids = [f[0] for f in flags]
    employee_rows, evidence = run_together((_EMPLOYEES.prepared(len(ids), _employees, ids), tuple(ids)),
                                           evidence_read(flag_ids))
    employees = {row[0]: EmployeeRow(*row) for row in employee_rows}
    by_flag = cited_records(flag_ids, Labels(_), rows=evidence)
    # A row may end with the list's capped count (CappedPaginator's rows), which is not the flag's.
    return [FlagRow(pk, rule, tone, facts, employees[employee_id], by_flag.get(pk, []))
            for (pk, employee_id, rule, tone, _text, *_total), facts in zip(
                flags, json_values([f[4] for f in flags]), strict=True)]


@language_caches.register_cache
@lru_cache(maxsize=8)
def _choice_html(language: str) -> tuple[dict[str, str], dict[str, str], str]:
    """The tones' badges, the rules' names and the evidence's lead-in, escaped, once per language (code and
    the catalogue's translations: nothing to go stale)."""
    return ({value: _badge(value, label) for value, label in labels(FlagTone.choices).items()},
            {value: escape(label) for value, label in labels(RuleCode.choices).items()},
            escape(gettext("依据记录") + colon()))


def _badge(tone: str, label: str) -> str:
    return f'<span class="badge tone-{escape(tone)}">{escape(label)}</span>'


def rows_html(rows: list[FlagRow], _: PageGettext) -> SafeString:
    """The table body's rows as the template wrote them. Every value from the database is escaped as
    html.escape escapes it, the function Django's escape() and autoescaping call (escape_all: the page's
    values at once); ids are numbers, and a UUID's text is hex digits and hyphens."""
    employee_head, employee_tail = map(escape, code_url_shape("org:employee_detail"))
    # insights:record is /…/<code>/records/<kind>/<pk>/ (recordlists.record_url_for), with the row's anchor.
    record_head, record_tail = code_url_shape("insights:record", "kind", "1")
    if record_tail != "/records/kind/1/":
        raise ImproperlyConfigured(f"insights:record changed: {record_tail}")
    record_head = escape(record_head)
    tones, rules, basis = _choice_html(get_language())
    kinds: dict[str, str] = {}
    values = []  # each row's name, number, unit, summary and its evidence's labels, escaped together
    for row in rows:
        e = row.employee
        values += (e.name, e.employee_number, e.unit or "", flag_summary(row, _))
        values += (ev.label for ev in row.evidence)
    escaped = iter(escape_all(values))
    out = []
    for row in rows:
        e = row.employee
        code = str(e.code)
        name, number, unit, summary = next(escaped), next(escaped), next(escaped), next(escaped)
        links = []
        for ev in row.evidence:
            kind = kinds.get(ev.kind) or kinds.setdefault(ev.kind, escape(ev.kind))
            links.append(f'<a href="{record_head}{code}/records/{kind}/{ev.pk}/#rec-{kind}-{ev.pk}">'
                         f'{next(escaped)}</a>')
        out.append(
            f'\n        <tr>\n          <td class="nowrap"><a href="{employee_head}{code}{employee_tail}">{name}</a>'
            f'<div class="small text-body-secondary">{number}</div></td>\n'
            f'          <td>{unit}</td>\n'
            f'          <td>{tones.get(row.tone) or _badge(row.tone, row.tone)} {rules.get(row.rule) or escape(row.rule)}</td>\n'
            f'          <td class="small">{summary}<div class="evidence">{basis}{" · ".join(links)}'
            f'</div></td>\n        </tr>\n        '
        )
    return SafeString("".join(out))
