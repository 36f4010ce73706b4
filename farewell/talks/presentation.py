"""How plans, records and transcripts read on a page (no business logic, no HTML)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .analysis import EMOTIONS
from .models import Conversation, Transcript
from .parsing import FORMATS, Format, format_stamp, parse

# Transcript formats (parsing.FORMATS) as the upload form and the transcript page name them.
FORMAT_LABELS = {
    Format.PLAIN: gettext_lazy("纯文本"),
    Format.SPEAKER: gettext_lazy("发言人标注"),
    Format.TIMESTAMPED: gettext_lazy("带时间戳"),
    Format.VTT: gettext_lazy("WebVTT 字幕"),
    Format.SRT: gettext_lazy("SRT 字幕"),
}


def format_label(code: str) -> str:
    label = FORMAT_LABELS.get(code)
    return str(label) if label is not None else code


def format_choices() -> list[tuple[str, object]]:
    return [(f, FORMAT_LABELS.get(f, f)) for f in FORMATS]

# The classifier's emotions (analysis.EMOTIONS), then cnsenti's categories that transcripts analysed
# before the classifier still hold.
EMOTION_LABELS = {"anger": gettext_lazy("愤怒"), "grievance": gettext_lazy("委屈"), "anxiety": gettext_lazy("焦虑"),
                  "sadness": gettext_lazy("难过"), "calm": gettext_lazy("平静"), "relief": gettext_lazy("释然"),
                  "gratitude": gettext_lazy("感激"),
                  "好": gettext_lazy("喜爱"), "乐": gettext_lazy("快乐"), "哀": gettext_lazy("悲伤"), "怒": gettext_lazy("愤怒"),
                  "惧": gettext_lazy("恐惧"), "恶": gettext_lazy("厌恶"), "惊": gettext_lazy("惊讶")}
SENTIMENT_LABELS = {"negative": gettext_lazy("消极"), "neutral": gettext_lazy("中性"), "positive": gettext_lazy("积极")}


def group_facts(facts: list[dict]) -> list[dict]:
    """[{"section", "items": [...]}] in the order the sections first appear."""
    groups: dict[str, list] = {}
    for fact in facts:
        groups.setdefault(fact["section"], []).append(fact)
    return [{"section": section, "items": items} for section, items in groups.items()]


def versions(conversation: Conversation) -> list[Conversation]:
    """Every version of this record, oldest first (one query for any number of versions).

    A correction copies its record's employee, case and plan, so those select every version;
    the chain is then followed through `previous` in Python."""
    siblings = list(Conversation.objects.filter(
        employee_id=conversation.employee_id, case_id=conversation.case_id, plan_id=conversation.plan_id,
    ).only("id", "code", "version", "previous_id", "status", "signed_at"))
    by_previous = {c.previous_id: c for c in siblings if c.previous_id is not None}
    by_id = {c.pk: c for c in siblings}
    first = by_id.get(conversation.pk, conversation)
    while first.previous_id in by_id:
        first = by_id[first.previous_id]
    chain = [first]
    while chain[-1].pk in by_previous:
        chain.append(by_previous[chain[-1].pk])
    return chain


def timeline_rows(transcript: Transcript, text: str | None) -> list[dict]:
    """The utterances' analysis, with their words when `text` (already read and logged) is given."""
    utterances = list(transcript.utterances.defer("text").order_by("seq"))
    words = [line.text for line in parse(text, transcript.format)] if text is not None else []
    rows = []
    for u in utterances:
        rows.append({
            "seq": u.seq, "speaker": u.speaker, "start_seconds": u.start_seconds,
            "stamp": format_stamp(u.start_seconds),
            "text": words[u.seq] if u.seq < len(words) else None,
            "sentiment": u.sentiment, "sentiment_label": str(SENTIMENT_LABELS.get(u.sentiment_label, "")),
            "emotion": u.emotion, "emotion_label": str(EMOTION_LABELS.get(u.emotion, "")),
            "emotions": u.emotions, "phrases": u.escalation_phrases,
            "turn": u.seq in (transcript.turns or []) or transcript.turning_point == u.seq,
        })
    return rows


def timeline_chart(transcript: Transcript, rows: list[dict]) -> dict:
    """An ECharts option: sentiment per utterance, escalations and the turning point marked."""
    categories = [r["stamp"] or f"#{r['seq'] + 1}" for r in rows]
    speakers = sorted({r["speaker"] for r in rows}) or [""]
    series = []
    for speaker in speakers:
        series.append({
            "name": speaker or _("发言"), "type": "line", "connectNulls": True, "symbolSize": 8,
            "data": [r["sentiment"] if r["speaker"] == speaker else None for r in rows],
        })
    mark_points = [{"coord": [i, r["sentiment"] if r["sentiment"] is not None else 0.5], "value": "⚠",
                    "name": "、".join(r["phrases"])} for i, r in enumerate(rows) if r["phrases"]]
    overall = {
        "name": _("整体"), "type": "line", "smooth": True, "showSymbol": False, "lineStyle": {"width": 3},
        "data": [r["sentiment"] for r in rows], "connectNulls": True,
        "markPoint": {"symbol": "pin", "symbolSize": 42, "itemStyle": {"color": "#c23b3b"}, "data": mark_points},
    }
    turn_lines = [{"xAxis": categories[i]} for i, r in enumerate(rows) if r["turn"]]
    if turn_lines:
        overall["markLine"] = {"symbol": "none", "lineStyle": {"color": "#d9822b", "type": "dashed"},
                               "label": {"formatter": _("转折点")}, "data": turn_lines}
    return {
        "color": ["#2f6fb0", "#3c9d5d", "#8e5ea2", "#6c757d", "#1b998b"],
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 48, "right": 24, "top": 40, "bottom": 36},
        "xAxis": {"type": "category", "data": categories, "name": _("时间")},
        "yAxis": {"type": "value", "min": 0, "max": 1, "name": _("情感（0 消极 – 1 积极）")},
        "series": [*series, overall],
    }


def emotion_totals(rows: list[dict]) -> list[tuple[str, int]]:
    counts = {name: 0 for name in EMOTIONS}
    for r in rows:
        if r["emotion"]:
            counts[r["emotion"]] = counts.get(r["emotion"], 0) + 1
    return [(str(EMOTION_LABELS.get(name, name)), n) for name, n in counts.items() if n]


def case_summary(conversations: list[Conversation]) -> dict:
    """Positions and open points for the case page: the latest signed (or draft) version of each record."""
    latest = [c for c in conversations if not any(o.previous_id == c.pk for o in conversations)]
    agreed = [(c, c.agreed) for c in latest if c.agreed.strip()]
    said = [(c, c.employee_statements) for c in latest if c.employee_statements.strip()]
    open_steps = [s for c in latest for s in c.next_steps.all()]
    # An item is still to be told when no record of the case ticked it, and is listed once: each record
    # carries the plan's items, so two talks listed every one twice, and one told in the second talk
    # stayed red from the first.
    told = {i.text for c in latest for i in c.checklist.all() if i.done}
    unticked, listed = [], set()
    for c in latest:
        for i in c.checklist.all():
            if not i.done and i.text not in told and i.text not in listed:
                listed.add(i.text)
                unticked.append((c, i))
    return {"latest": latest, "agreed": agreed, "said": said, "open_steps": open_steps, "unticked": unticked}


def escalation_sentence(notice: dict | None) -> str:
    """Whom an escalation told, in words; never says legal was notified when no one was."""
    if notice is None:
        return _("此次风险词没有记录通知了谁；请直接联系法务。")
    parts = []
    if notice["legal"]:
        parts.append(_("已通知法务：%(names)s。") % {"names": "、".join(notice["legal"])})
    else:
        parts.append(_("没有找到负责该员工的法务账号，未通知法务；请直接联系法务，或请系统管理员为法务授予覆盖该员工的范围。"))
    if notice["hr"]:
        parts.append(_("已通知HR：%(names)s。") % {"names": "、".join(notice["hr"])})
    return "".join(parts)
