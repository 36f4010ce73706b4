"""How a flag and a record read on a page: one sentence of facts, an anchor, a short label."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db.models import Prefetch, QuerySet, TextField
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.translation import gettext as _

from farewell.common.prepared import Prepared, PreparedShapes
from farewell.common.templatetags.punct import marks
from farewell.records import models as records
from farewell.records import periods
from farewell.records.metric_labels import metric_name

from .models import Flag, FlagEvidence, RuleCode

EVIDENCE_MODELS = (
    records.PerformanceReview, records.Feedback360, records.ValuesAssessment, records.SurveyResponse,
    records.TrainingRecord, records.RewardPenalty, records.Contribution, records.Commitment,
)


def evidence_prefetch(prefix: str = "evidence") -> Prefetch:
    """Flags' evidence with each record: one query per record kind (metric names joined in)."""
    querysets = [model.objects.all() for model in EVIDENCE_MODELS]
    querysets.append(records.MetricValue.objects.select_related("metric"))
    return Prefetch(
        prefix, queryset=FlagEvidence.objects.order_by("pk").prefetch_related(GenericPrefetch("record", querysets))
    )


def anchor(record) -> str:
    """The id of the record's row in the profile's data tables ("rec-performancereview-12")."""
    return f"rec-{record._meta.model_name}-{record.pk}"


def anchor_for(model_name: str, pk: int) -> str:
    return f"rec-{model_name}-{pk}"


def record_url(employee, record) -> str:
    """The record's own address (recordlists.py): it finds the row on the profile or on its kind's list."""
    return reverse("insights:record", args=[employee.code, record._meta.model_name, record.pk]) + f"#{anchor(record)}"


# Records per `pk IN (...)` when the recompute reads the facts of its evidence.
FACTS_CHUNK = 2000
# The fields of each kind of record its label shows (`metric__name`: the metric's name), in the order
# record_facts reads them. A label is built from these facts, so the same words come from a record
# (record_label) or from the facts stored with a flag's evidence at the recompute (FlagEvidence.facts).
LABEL_FIELDS: dict[str, tuple[str, ...]] = {
    "performancereview": ("period_kind", "period_start", "score", "kpi_completion"),
    "feedback360": ("period_kind", "period_start", "dimension", "rater_relation", "score"),
    "valuesassessment": ("period_kind", "period_start", "dimension", "score"),
    "surveyresponse": ("period_kind", "period_start", "dimension", "survey", "score"),
    "metricvalue": ("metric__name", "period_kind", "period_start", "value"),
    "trainingrecord": ("course_date", "course", "status"),
    "contribution": ("kind", "date", "title"),
    "commitment": ("stage", "said_on", "topic"),
    "rewardpenalty": ("kind", "date", "title"),
}
# The choices whose names a label shows, by kind and field (translated when the label is written).
LABEL_CHOICES = {
    ("feedback360", "rater_relation"): records.RaterRelation,
    ("surveyresponse", "survey"): records.SurveyKind,
    ("trainingrecord", "status"): records.TrainingStatus,
    ("contribution", "kind"): records.ContributionKind,
    ("commitment", "stage"): records.CommitmentStage,
    ("rewardpenalty", "kind"): records.SanctionKind,
}


def _plain(value):
    """A field's value as its label prints it, in JSON: dates ISO, decimals as they print, codes as they are."""
    if value is None or isinstance(value, str | int):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _facts(kind: str, values: tuple) -> dict:
    row = dict(zip(LABEL_FIELDS[kind], values, strict=True))
    facts = {}
    if "period_kind" in row:
        facts["period"] = periods.label(row.pop("period_kind"), row.pop("period_start"))
    if kind == "metricvalue":
        # Without its trailing zeros, in plain notation: normalize() alone printed 10 as "1E+1".
        row["value"] = format(row["value"].normalize(), "f")
    for name, value in row.items():
        facts["metric" if name == "metric__name" else name] = _plain(value)
    return facts


def record_facts(record) -> dict:
    """The language-neutral facts a record's label shows ({} for a kind no flag cites)."""
    kind = record._meta.model_name
    if kind not in LABEL_FIELDS:
        return {}
    return _facts(kind, tuple(record.metric.name if name == "metric__name" else getattr(record, name)
                              for name in LABEL_FIELDS[kind]))


def facts_by_pk(model, pks) -> dict[int, dict]:
    """{pk: facts} of many records of one kind: a query per FACTS_CHUNK keys, values only (the recompute)."""
    kind = model._meta.model_name
    if kind not in LABEL_FIELDS:
        return {}
    pks = sorted(set(pks))
    found = {}
    for i in range(0, len(pks), FACTS_CHUNK):
        rows = model._base_manager.filter(pk__in=pks[i:i + FACTS_CHUNK]).order_by().values_list(
            "pk", *LABEL_FIELDS[kind])
        found.update((row[0], _facts(kind, row[1:])) for row in rows)
    return found


class PageGettext:
    """`gettext` that remembers its answers, and the page's punctuation (common/templatetags/punct.py), for one
    page's many labels and summaries: each `gettext` or `get_language` looks up the request's language through a
    context-local (a few µs), and a page of flags made hundreds. Made by page_gettext()."""

    def __init__(self):
        self._memo: dict[str, str] = {}
        self.marks = marks()

    def __call__(self, message: str) -> str:
        text = self._memo.get(message)
        if text is None:
            text = self._memo[message] = _(message)
        return text


def page_gettext() -> PageGettext:
    """One per request (the language is the request's); pass it as `_` so makemessages still finds the strings."""
    return PageGettext()


class Labels:
    """Record labels in the current language, each format and choice name translated once for all
    the labels of a page (a `gettext` and a `get_FOO_display` per label were most of the flags
    page's time, issue 14). Make one per request: the language is the request's."""

    def __init__(self, gettext: Callable[[str], str] | None = None):
        self._ = gettext or page_gettext()
        self._choices: dict[tuple[str, str], dict[str, str]] = {}

    def _choice(self, kind: str, field: str, value) -> str:
        key = (kind, field)
        if key not in self._choices:
            self._choices[key] = {v: str(label) for v, label in LABEL_CHOICES[key].choices}
        return self._choices[key].get(value, value)

    def __call__(self, kind: str, f: dict) -> str:
        """The label of a record of `kind` from its facts (record_facts)."""
        _ = self._
        if kind == "performancereview":
            return _("绩效 %(period)s：%(score)s 分") % {
                "period": f["period"], "score": f["score"] if f["score"] is not None else "—",
            } + (_("，KPI %(kpi)s%%") % {"kpi": f["kpi_completion"]} if f["kpi_completion"] is not None else "")
        if kind == "feedback360":
            return _("360 %(period)s %(dimension)s（%(relation)s）：%(score)s") % {
                "period": f["period"], "dimension": f["dimension"],
                "relation": self._choice(kind, "rater_relation", f["rater_relation"]), "score": f["score"],
            }
        if kind == "valuesassessment":
            return _("价值观 %(period)s %(dimension)s：%(score)s 分") % {
                "period": f["period"], "dimension": f["dimension"], "score": f["score"],
            }
        if kind == "surveyresponse":
            return _("调查 %(period)s %(dimension)s：%(score)s") % {
                "period": f["period"], "dimension": f["dimension"] or self._choice(kind, "survey", f["survey"]),
                "score": f["score"],
            }
        if kind == "metricvalue":
            return _("%(metric)s %(period)s：%(value)s") % {
                "metric": metric_name(f["metric"], _), "period": f["period"], "value": f["value"],
            }
        if kind == "trainingrecord":
            return _("培训 %(date)s %(course)s：%(status)s") % {
                "date": f["course_date"], "course": f["course"], "status": self._choice(kind, "status", f["status"]),
            }
        if kind in ("contribution", "rewardpenalty"):
            return f"{self._choice(kind, 'kind', f['kind'])} {f['date']} {f['title']}"
        if kind == "commitment":
            return _("%(stage)s承诺 %(date)s %(topic)s") % {
                "stage": self._choice(kind, "stage", f["stage"]), "date": f["said_on"], "topic": f["topic"],
            }
        raise ValueError(f"no label for {kind}")


def record_label(record) -> str:
    """A short, factual label of any record a flag can cite."""
    kind = record._meta.model_name
    if kind not in LABEL_FIELDS:
        return str(record)
    return Labels(_)(kind, record_facts(record))


def json_values(texts: list[str]) -> list:
    """JSON texts decoded in one call: Django's JSONField decodes each value with its own json.loads, and a
    page's ~150 facts cost ~2.5× the CPU that way (issue 14). Read the column as text (Cast) to use it."""
    return json.loads(f"[{','.join(texts)}]")


def evidence_rows(evidence: QuerySet) -> QuerySet:
    """A flag's evidence as cited_records reads it: (flag id, content type id, record id, facts as JSON text)."""
    return evidence.annotate(facts_json=Cast("facts", TextField())).values_list(
        "flag_id", "content_type_id", "object_id", "facts_json")


class Cited(NamedTuple):
    """A record a flag cites, as a page or the API shows it."""

    kind: str  # the record's model name
    pk: int
    label: str


# The flags' evidence, compiled once per number of flags (common/prepared.py): building and compiling the
# query was a quarter of the flags page's CPU (issue 14).
_EVIDENCE = PreparedShapes()


def _evidence(*flag_ids):
    return evidence_rows(FlagEvidence.objects.filter(flag_id__in=flag_ids).order_by("pk"))


def evidence_read(flag_ids: list[int]) -> tuple[Prepared, tuple]:
    """The query cited_records runs for these flags (at least one), for a page that runs it with its other
    queries (prepared.run_together) and hands its rows to cited_records."""
    return _EVIDENCE.prepared(len(flag_ids), _evidence, flag_ids), tuple(flag_ids)


def cited_records(flag_ids: Iterable[int], label: Labels, *, rows: list | None = None) -> dict[int, list[Cited]]:
    """{flag id: its evidence in order}, labelled from the facts stored with it (FlagEvidence.facts), no
    record read: one query for all the flags, plus one per kind of record cited without its facts (none
    after a recompute), whose label is then read from the record; a record that is gone is left out.
    `rows`: those flags' evidence already read (evidence_rows, in pk order: evidence_read, or a page's own
    query), for no query of its own."""
    flag_ids = list(flag_ids)
    if not flag_ids:
        return {}
    if rows is None:
        prepared, values = evidence_read(flag_ids)
        rows = prepared(*values)
    stored = json_values([row[3] for row in rows])
    kinds = {ct: ContentType.objects.get_for_id(ct) for ct in {row[1] for row in rows}}  # cached by Django
    missing: dict[int, list[int]] = {}
    for row, facts in zip(rows, stored, strict=True):
        if not facts:
            missing.setdefault(row[1], []).append(row[2])
    looked_up = {}
    for ct, pks in missing.items():
        model = kinds[ct].model_class()
        looked_up[ct] = facts_by_pk(model, pks) if model else {}
    cited: dict[int, list[Cited]] = {}
    for (flag_id, ct, pk, _text), facts in zip(rows, stored, strict=True):
        facts = facts or looked_up[ct].get(pk)
        if facts:
            kind = kinds[ct].model
            cited.setdefault(flag_id, []).append(Cited(kind, pk, label(kind, facts)))
    return cited


def flag_summary(flag: Flag, _: PageGettext | None = None) -> str:
    """The facts the rule compared, in one sentence (numbers as stored at the recompute); a list passes
    its page_gettext() as `_`."""
    _ = _ or page_gettext()
    semicolon, enumeration_comma = _.marks["semicolon"], _.marks["enumeration"]
    f = flag.facts
    if flag.rule == RuleCode.PERFORMANCE_BELOW_AVERAGE:
        parts = semicolon.join(
            _("%(label)s 本人 %(value)s / 部门平均 %(reference)s（%(count)s 人）") % p for p in f["points"]
        )
        return _("连续 %(n)s 期绩效低于部门平均：%(parts)s") % {"n": len(f["points"]), "parts": parts}
    if flag.rule == RuleCode.FEEDBACK360_BOTTOM:
        parts = semicolon.join(
            _("%(dimension)s 本人 %(value)s，部门平均 %(reference)s，最高 %(highest)s（%(count)s 人）") % p
            for p in f["points"]
        )
        # The period as its kind writes it ("2026-Q3"); flags stored before the label was kept show the month.
        period = f.get("period_label") or f["period"][:7]
        return _("%(period)s 360评估部门最低：%(parts)s") % {"period": period, "parts": parts}
    if flag.rule == RuleCode.VALUES_LOW:
        parts = semicolon.join(_("%(label)s %(dimension)s %(value)s 分") % p for p in f["points"])
        return _("价值观评估低分：%(parts)s") % {"parts": parts}
    if flag.rule == RuleCode.SURVEY_LOW:
        parts = enumeration_comma.join(f"{p['label']} {p['dimension']} {p['value']}" for p in f["points"])
        text = _("调查维度连续偏低（≤%(threshold)s）：%(parts)s") % {"threshold": f["threshold"], "parts": parts}
        if f.get("same_unit", 0) > 1:
            text += _("；同部门共 %(n)s 人同样偏低") % {"n": f["same_unit"]}
        return text
    if flag.rule == RuleCode.ATTENDANCE_RISING:
        return _("最近 %(months)s 个月考勤异常 %(recent)s 次（%(start)s 起），此前同期 %(previous)s 次；建议关怀") % {
            "months": f["months"], "recent": f["recent"], "previous": f["previous"], "start": f["recent_from"][:7],
        }
    if flag.rule == RuleCode.TRAINING_DECLINED:
        courses = enumeration_comma.join(f"{d['date']} {d['course']}" for d in f["declined"])
        before, now = f["reviews"]
        return _("拒绝培训：%(courses)s；绩效 %(b_label)s %(b)s → %(n_label)s %(n)s") % {
            "courses": courses, "b_label": before["label"], "b": before["value"],
            "n_label": now["label"], "n": now["value"],
        }
    if flag.rule == RuleCode.KEY_CONTRIBUTOR:
        return _("司龄 %(years)s 年，登记关键贡献 %(count)s 项") % {"years": f["years"], "count": f["count"]}
    if flag.rule == RuleCode.PROBATION_UNMET:
        topics = enumeration_comma.join(c["topic"] for c in f["criteria"])
        parts = enumeration_comma.join(f"{p['label']} {p['value']}%" for p in f["points"])
        return _("试用期标准（%(topics)s）：KPI完成率低于 %(threshold)s%% 的考核 %(parts)s") % {
            "topics": topics, "threshold": f["threshold"], "parts": parts,
        }
    return flag.get_rule_display()
