"""`farewell law explain`: the result as a readable Chinese derivation, one line per item."""

from __future__ import annotations

from .grounds import GROUNDS
from .money import fmt, fmt_number, to_chinese_capital
from .result import ITEM_LABELS, Result

SEVERITY_LABELS = {"violation": "违法", "warning": "提示"}


def explain(result: Result) -> str:
    """Ground, each money line (label: formula —— citation), total, verdict, violations, procedure."""
    ground = GROUNDS[result.ground]
    out = [f"离职事由：{ground.title}（{ground.citation}）"]
    if result.compensation_months is not None:
        base = "—" if result.monthly_base is None else fmt(result.monthly_base)
        out.append(f"补偿年限 N = {fmt_number(result.compensation_months)}；月工资基数 = {base}")
    out.append("金额：")
    if not result.lines:
        out.append("  （无）")
    for line in result.lines:
        out.append(f"  {ITEM_LABELS[line.item]}：{line.formula} —— {line.citation}")
    out.append(f"合计：{fmt(result.total)} 元（{to_chinese_capital(result.total)}）")
    out.append("结论：合法" if result.lawful else "结论：不合法")
    for v in result.violations:
        out.append(f"  [{SEVERITY_LABELS[v.severity]}] {v.code}：{v.message} —— {v.article}")
    out.append("程序：")
    for step in result.procedure:
        due = f"最迟 {step.due_date.isoformat()}（日历日）" if step.due_date else "法律未规定具体日期"
        condition = "（以裁员人数达到法定标准为前提）" if step.conditional else ""
        out.append(f"  □ {step.title}{condition} —— {due} —— {step.article}")
    out.append(f"规则版本：{result.engine_version}")
    return "\n".join(out)
