"""How a flag and a record read on a page: one sentence of facts, an anchor, a short label."""

from __future__ import annotations

from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _

from farewell.records import models as records
from farewell.records import periods

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


def record_label(record) -> str:
    """A short, factual label of any record a flag can cite."""
    name = record._meta.model_name
    if name == "performancereview":
        return _("绩效 %(period)s：%(score)s 分") % {
            "period": periods.label(record.period_kind, record.period_start),
            "score": record.score if record.score is not None else "—",
        } + (_("，KPI %(kpi)s%%") % {"kpi": record.kpi_completion} if record.kpi_completion is not None else "")
    if name == "feedback360":
        return _("360 %(period)s %(dimension)s（%(relation)s）：%(score)s") % {
            "period": periods.label(record.period_kind, record.period_start), "dimension": record.dimension,
            "relation": record.get_rater_relation_display(), "score": record.score,
        }
    if name == "valuesassessment":
        return _("价值观 %(period)s %(dimension)s：%(score)s 分") % {
            "period": periods.label(record.period_kind, record.period_start), "dimension": record.dimension,
            "score": record.score,
        }
    if name == "surveyresponse":
        return _("调查 %(period)s %(dimension)s：%(score)s") % {
            "period": periods.label(record.period_kind, record.period_start),
            "dimension": record.dimension or record.get_survey_display(), "score": record.score,
        }
    if name == "metricvalue":
        return _("%(metric)s %(period)s：%(value)s") % {
            "metric": record.metric.name, "period": periods.label(record.period_kind, record.period_start),
            "value": record.value.normalize(),
        }
    if name == "trainingrecord":
        return _("培训 %(date)s %(course)s：%(status)s") % {
            "date": record.course_date.isoformat(), "course": record.course, "status": record.get_status_display(),
        }
    if name == "contribution":
        return f"{record.get_kind_display()} {record.date.isoformat()} {record.title}"
    if name == "commitment":
        return _("%(stage)s承诺 %(date)s %(topic)s") % {
            "stage": record.get_stage_display(), "date": record.said_on.isoformat(), "topic": record.topic,
        }
    if name == "rewardpenalty":
        return f"{record.get_kind_display()} {record.date.isoformat()} {record.title}"
    return str(record)


def flag_summary(flag: Flag) -> str:
    """The facts the rule compared, in one sentence (numbers as stored at the recompute)."""
    f = flag.facts
    if flag.rule == RuleCode.PERFORMANCE_BELOW_AVERAGE:
        parts = "；".join(
            _("%(label)s 本人 %(value)s / 部门平均 %(reference)s（%(count)s 人）") % p for p in f["points"]
        )
        return _("连续 %(n)s 期绩效低于部门平均：%(parts)s") % {"n": len(f["points"]), "parts": parts}
    if flag.rule == RuleCode.FEEDBACK360_BOTTOM:
        parts = "；".join(
            _("%(dimension)s 本人 %(value)s，部门平均 %(reference)s，最高 %(highest)s（%(count)s 人）") % p
            for p in f["points"]
        )
        return _("%(period)s 360评估部门最低：%(parts)s") % {"period": f["period"][:7], "parts": parts}
    if flag.rule == RuleCode.VALUES_LOW:
        parts = "；".join(_("%(label)s %(dimension)s %(value)s 分") % p for p in f["points"])
        return _("价值观评估低分：%(parts)s") % {"parts": parts}
    if flag.rule == RuleCode.SURVEY_LOW:
        parts = "、".join(f"{p['label']} {p['dimension']} {p['value']}" for p in f["points"])
        text = _("调查维度连续偏低（≤%(threshold)s）：%(parts)s") % {"threshold": f["threshold"], "parts": parts}
        if f.get("same_unit", 0) > 1:
            text += _("；同部门共 %(n)s 人同样偏低") % {"n": f["same_unit"]}
        return text
    if flag.rule == RuleCode.ATTENDANCE_RISING:
        return _("最近 %(months)s 个月考勤异常 %(recent)s 次（%(start)s 起），此前同期 %(previous)s 次；建议关怀") % {
            "months": f["months"], "recent": f["recent"], "previous": f["previous"], "start": f["recent_from"][:7],
        }
    if flag.rule == RuleCode.TRAINING_DECLINED:
        courses = "、".join(f"{d['date']} {d['course']}" for d in f["declined"])
        before, now = f["reviews"]
        return _("拒绝培训：%(courses)s；绩效 %(b_label)s %(b)s → %(n_label)s %(n)s") % {
            "courses": courses, "b_label": before["label"], "b": before["value"],
            "n_label": now["label"], "n": now["value"],
        }
    if flag.rule == RuleCode.KEY_CONTRIBUTOR:
        return _("司龄 %(years)s 年，登记关键贡献 %(count)s 项") % {"years": f["years"], "count": f["count"]}
    if flag.rule == RuleCode.PROBATION_UNMET:
        topics = "、".join(c["topic"] for c in f["criteria"])
        parts = "、".join(f"{p['label']} {p['value']}%" for p in f["points"])
        return _("试用期标准（%(topics)s）：KPI完成率低于 %(threshold)s%% 的考核 %(parts)s") % {
            "topics": topics, "threshold": f["threshold"], "parts": parts,
        }
    return flag.get_rule_display()
