"""`farewell law explain`: the result as a readable derivation, one line per item (Chinese or English)."""

from __future__ import annotations

from .grounds import GROUNDS, ground_title
from .i18n import EN, cite, say, texts
from .money import fmt, to_chinese_capital
from .procedure import title as step_title
from .result import Result, item_label

TEXTS = texts({
    "ground": ("离职事由：{title}（{citation}）", "Ground: {title} ({citation})"),
    "summary": ("计算：{summary}", "Calculation: {summary}"),
    "money": ("金额：", "Amounts:"),
    "none": ("  （无法定应付款项）", "  (nothing statutory is owed)"),
    "total": ("合计：{total} 元（{capital}）", "Total: CNY {total}"),
    "lawful": ("结论：合法", "Verdict: lawful"),
    "unlawful": ("结论：不合法", "Verdict: not lawful"),
    "violation": ("违法", "violation"),
    "warning": ("提示", "warning"),
    "assumed": ("本结论假定以下事实成立（输入中无从核对，须有证据）：",
                "This result assumes these facts, which the input cannot show (evidence is needed):"),
    "practice": ("地方做法：{name} —— {source}（{date}）。{note}", "Local practice: {name} — {source} ({date}). {note}"),
    "procedure": ("程序：", "Procedure:"),
    "due": ("最迟 {date}（日历日）", "by {date} (calendar days)"),
    "keep_until": ("保存至少至 {date}", "keep at least until {date}"),
    "no_date": ("法律未规定具体日期", "no date fixed by law"),
    "conditional": ("（以裁员人数达到法定标准为前提）", " (if the layoff reaches the statutory size)"),
    "version": ("规则版本：{version}", "Rule version: {version}"),
    "item": ("—— 第{number}项（[{index}]）——", "—— item {number} ([{index}]) ——"),
})


def explain_heading(index: int, lang: str | None) -> str:
    """The heading of one element of a list input."""
    return say(TEXTS, "item", EN if lang == EN else "zh", number=index + 1, index=index)


def explain(result: Result) -> str:
    """Ground, the summary (N × base multiplied out), each money line (label: formula —— citation),
    total, verdict, violations, assumptions, local practice, procedure."""
    lang = result.lang
    ground = GROUNDS[result.ground]
    out = [say(TEXTS, "ground", lang, title=ground_title(ground, lang), citation=cite(ground.citation, lang))]
    if result.summary:
        out.append(say(TEXTS, "summary", lang, summary=result.summary))
    out.append(say(TEXTS, "money", lang))
    if not result.lines:
        out.append(say(TEXTS, "none", lang))
    for line in result.lines:
        separator = ": " if lang == EN else "："
        out.append(f"  {item_label(line.item, lang)}{separator}{line.formula} —— {line.citation}")
    capital = "" if lang == EN else to_chinese_capital(result.total)
    out.append(say(TEXTS, "total", lang, total=fmt(result.total), capital=capital))
    out.append(say(TEXTS, "lawful" if result.lawful else "unlawful", lang))
    for v in result.violations:
        separator = ": " if lang == EN else "："
        out.append(f"  [{say(TEXTS, v.severity, lang)}]{separator if lang == EN else ''}{v.message} —— {v.article}")
    if result.assumptions:
        out.append(say(TEXTS, "assumed", lang))
        out += [f"  · {text}" for text in result.assumptions]
    if result.practice is not None:
        out.append(say(TEXTS, "practice", lang, **{k: v for k, v in result.practice.items() if k != "code"}))
    out.append(say(TEXTS, "procedure", lang))
    for step in result.procedure:
        if step.due_date is None:
            due = say(TEXTS, "no_date", lang)
        elif step.step == "keep_contract_text":  # a keeping period: the text is kept at least until then
            due = say(TEXTS, "keep_until", lang, date=step.due_date.isoformat())
        else:
            due = say(TEXTS, "due", lang, date=step.due_date.isoformat())
        condition = say(TEXTS, "conditional", lang) if step.conditional else ""
        out.append(f"  □ {step_title(step.step, lang)}{condition} —— {due} —— {cite(step.article, lang)}")
    out.append(say(TEXTS, "version", lang, version=result.engine_version))
    return "\n".join(out)
