"""The HTML report of `farewell risk evaluate`: one self-contained file (ECharts and the data
inline, no network), with the ROC curve, the calibration plot and how each column was read.

No Django: the command runs without settings, so the page is built with html.escape here
rather than a template.
"""

from __future__ import annotations

import html
import json
import math
from pathlib import Path

from .riskmodel import Evaluation

ECHARTS = Path(__file__).resolve().parents[2] / "static" / "vendor" / "echarts-6.1.0" / "echarts.min.js"


def _esc(value) -> str:
    return html.escape(str(value))


def _rows(pairs) -> str:
    return "".join(f"<tr><th>{_esc(k)}</th><td>{_esc(v)}</td></tr>" for k, v in pairs)


def roc_option(evaluation: Evaluation) -> dict:
    return {
        "animation": False,
        "title": {"text": f"ROC（AUC {evaluation.roc_auc:.3f}）", "left": "center"},
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 56, "right": 24, "top": 48, "bottom": 48},
        "xAxis": {"type": "value", "min": 0, "max": 1, "name": "假阳性率 FPR", "nameLocation": "middle", "nameGap": 28},
        "yAxis": {"type": "value", "min": 0, "max": 1, "name": "真阳性率 TPR"},
        "series": [
            {"name": "out-of-fold", "type": "line", "showSymbol": False, "data": evaluation.roc_points(),
             "lineStyle": {"width": 2}, "areaStyle": {"opacity": 0.08}},
            {"name": "chance", "type": "line", "showSymbol": False, "data": [[0, 0], [1, 1]],
             "lineStyle": {"type": "dashed", "color": "#999"}},
        ],
    }


def calibration_option(evaluation: Evaluation) -> dict:
    bins = evaluation.calibration_bins()
    top = max([1e-3] + [max(b["predicted"], b["observed"]) for b in bins])
    limit = min(1.0, math.ceil(top * 1.1 * 10) / 10)
    return {
        "animation": False,
        "title": {"text": f"校准（Brier {evaluation.brier:.3f}）", "left": "center"},
        "tooltip": {"trigger": "item"},
        "grid": {"left": 56, "right": 24, "top": 48, "bottom": 48},
        "xAxis": {"type": "value", "min": 0, "max": limit, "name": "预测概率 predicted", "nameLocation": "middle",
                  "nameGap": 28},
        "yAxis": {"type": "value", "min": 0, "max": limit, "name": "实际比例 observed"},
        "series": [
            {"name": "bins", "type": "line", "symbolSize": 9,
             "data": [[b["predicted"], b["observed"], b["n"]] for b in bins]},
            {"name": "perfect", "type": "line", "showSymbol": False, "data": [[0, 0], [limit, limit]],
             "lineStyle": {"type": "dashed", "color": "#999"}},
        ],
    }


def render(result: dict, evaluation: Evaluation) -> str:
    script = ECHARTS.read_text(encoding="utf-8") if ECHARTS.exists() else ""
    options = json.dumps({"roc": roc_option(evaluation), "calibration": calibration_option(evaluation)},
                         ensure_ascii=False).replace("</", "<\\/")
    columns = result["columns"]
    column_rows = [("数值列 numeric", ", ".join(columns["numeric"]) or "—"),
                   ("类别列 categorical", ", ".join(columns["categorical"]) or "—"),
                   ("小整数编码也按类别 codes also one-hot", ", ".join(columns["also_as_categories"]) or "—"),
                   ("日期列 dates (days)", ", ".join(columns["dates"]) or "—")]
    dropped = "".join(f"<li><code>{_esc(k)}</code>: {_esc(v)}</li>" for k, v in columns["dropped"].items())
    folds = "".join(f"<tr><td>{i}</td><td>{_esc(s.label)}</td><td>{auc:.3f}</td><td>{_esc(_inner(s))}</td></tr>"
                    for i, (s, auc) in enumerate(zip(evaluation.selections, evaluation.roc_auc_folds,
                                                     strict=True), start=1))
    notes = "".join(f"<li>{_esc(n)}</li>" for n in [*result["warnings"], *result["notes"]])
    bins = "".join(f"<tr><td>{b['predicted']:.3f}</td><td>{b['observed']:.3f}</td><td>{b['n']}</td></tr>"
                   for b in evaluation.calibration_bins())
    summary = _rows([
        ("ROC AUC", f"{result['roc_auc']:.4f}（各折 folds: {', '.join(f'{a:.3f}' for a in result['roc_auc_folds'])}）"),
        ("PR AUC (average precision)", f"{result['pr_auc']:.4f}（基准 base rate {result['base_rate']:.3f}）"),
        ("Brier", f"{result['brier']:.4f}"),
        ("log loss", f"{result['log_loss']:.4f}"),
        ("n", f"{result['n']}（{result['target']} = {result['positive']}: {result['positives']}）"),
        ("模型 model", result["model"]),
        ("方法 method", result["cross_validation"]),
        ("文件 file", f"{result['file']['encoding']}, delimiter {result['file']['delimiter']!r}, "
                      f"{result['file']['rows']} rows × {result['file']['columns']} columns"),
    ])
    charts = ('<div class="charts"><div id="roc" class="chart"></div><div id="calibration" class="chart"></div></div>'
              if script else "<p>ECharts was not found beside the code: the charts are left out; the tables follow.</p>")
    return f"""<!doctype html>
<html lang="zh-Hans"><head><meta charset="utf-8">
<title>离职风险模型评估 · {_esc(result['target'])}</title>
<style>
body{{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:2rem auto;max-width:1100px;color:#222;padding:0 1rem}}
table{{border-collapse:collapse;margin:.5rem 0 1.5rem}}th,td{{border:1px solid #ddd;padding:.3rem .6rem;text-align:left;
vertical-align:top}}th{{background:#f6f6f6;font-weight:600}}.charts{{display:flex;flex-wrap:wrap;gap:1rem}}
.chart{{width:520px;height:400px}}.muted{{color:#666;font-size:.9rem}}code{{background:#f3f3f3;padding:0 .2rem}}
</style></head><body>
<h1>离职风险模型评估 <span class="muted">Attrition-risk model evaluation</span></h1>
<p class="muted">每个数字都来自模型（及其选择和校准）训练时没有见过的行；没有做任何重采样。
Every figure comes from rows the model, its selection and its calibration never saw; nothing was resampled.</p>
<table>{summary}</table>
{charts}
<h2>各折 Folds</h2>
<table><tr><th>#</th><th>选中的模型 chosen by inner CV</th><th>ROC AUC</th><th>内层 inner ROC AUC</th></tr>{folds}</table>
<h2>校准分箱 Calibration bins</h2>
<table><tr><th>预测 predicted</th><th>实际 observed</th><th>n</th></tr>{bins}</table>
<h2>列 Columns</h2>
<table>{_rows(column_rows)}</table>
<p>未使用 Left out:</p><ul>{dropped or "<li>—</li>"}</ul>
<h2>说明 Notes</h2><ul>{notes or "<li>—</li>"}</ul>
<script>{script}</script>
<script>
(function () {{
  if (!window.echarts) return;
  var options = {options};
  ["roc", "calibration"].forEach(function (id) {{
    echarts.init(document.getElementById(id), null, {{renderer: "svg"}}).setOption(options[id]);
  }});
}})();
</script>
</body></html>
"""


def _inner(selection) -> str:
    return "; ".join(f"{k} {v:.3f}" for k, v in selection.inner_auc.items()) or "—"


def write_report(path: Path, result: dict, evaluation: Evaluation) -> str | None:
    """Write the report; its path, or None (with a note in the result) when it cannot be written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(result, evaluation), encoding="utf-8")
    except OSError as error:
        result["warnings"].append(f"the report could not be written to {path}: {error.strerror or error}")
        return None
    return str(path.resolve())
