"""Chart options for ECharts (vendored): plain JSON built on the server, rendered by
static/farewell/charts.js from a `json_script` named "page-charts". Every chart on a page has its
numbers in a data table under it (the page's job), so a chart is never the only place a figure is.

A chart is {"id": the element id, "option": the ECharts option, "links": per series, per point, an
anchor or URL (or null)} — the same shape as the profile's charts.
"""

from __future__ import annotations

PALETTE = ["#2f6fb0", "#d9822b", "#3c9d5d", "#9aa5b1", "#8e5ea2", "#c23b3b", "#1b998b", "#6c757d"]


def chart(chart_id: str, option: dict, links: list | None = None) -> dict:
    return {"id": chart_id, "option": {"color": PALETTE, "animation": False, **option}, "links": links or []}


def bar_line(chart_id: str, categories: list[str], bars: list[tuple[str, list]],
             line: tuple[str, list] | None = None, *, stacked: bool = False, joined: bool = True) -> dict:
    """Bars (counts) on the left axis and an optional rate in % on the right one: a line over time, or with
    `joined=False` a dot per category (a line from one department to the next would draw a trend that is not
    there)."""
    series = [{"name": name, "type": "bar", "data": values, **({"stack": "total"} if stacked else {}),
               "barMaxWidth": 36} for name, values in bars]
    y_axes = [{"type": "value", "minInterval": 1}]
    if line is not None:
        y_axes.append({"type": "value", "name": "%", "axisLabel": {"formatter": "{value}%"}})
        rate = {"type": "line", "connectNulls": False, "symbolSize": 7} if joined else {"type": "scatter", "symbolSize": 10}
        series.append({"name": line[0], "yAxisIndex": 1, "data": line[1], **rate})
    return chart(chart_id, {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 48, "right": 52 if line is not None else 16, "top": 36, "bottom": 56},
        "xAxis": {"type": "category", "data": categories, "axisLabel": {"interval": 0, "rotate": 30 if len(categories) > 6 else 0}},
        "yAxis": y_axes,
        "series": series,
    })


def grouped_bars(chart_id: str, categories: list[str], bars: list[tuple[str, list]], *,
                 horizontal: bool = False) -> dict:
    """Side-by-side bars per category (e.g. stated and verified reasons)."""
    category_axis = {"type": "category", "data": categories}
    value_axis = {"type": "value", "minInterval": 1}
    if horizontal:
        category_axis["inverse"] = True
    return chart(chart_id, {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 110 if horizontal else 48, "right": 24, "top": 36, "bottom": 28},
        "xAxis": value_axis if horizontal else category_axis,
        "yAxis": category_axis if horizontal else value_axis,
        "series": [{"name": name, "type": "bar", "data": values, "barMaxWidth": 24} for name, values in bars],
    })


def step_lines(chart_id: str, lines: list[tuple[str, list[list[float]]]], *, x_name: str, y_name: str) -> dict:
    """Step curves on two value axes (a Kaplan–Meier survival curve: [[years, %], ...] per line)."""
    return chart(chart_id, {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0, "type": "scroll"},
        "grid": {"left": 52, "right": 24, "top": 40, "bottom": 44},
        "xAxis": {"type": "value", "name": x_name, "nameLocation": "middle", "nameGap": 28, "min": 0},
        "yAxis": {"type": "value", "name": y_name, "min": 0, "max": 100},
        "series": [{"name": name, "type": "line", "step": "end", "showSymbol": False, "data": points}
                   for name, points in lines],
    })
