"""The one-page meeting brief: the profile's facts as tables and small server-side SVG lines."""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe


def sparkline(values: list, reference: list | None = None, *, width: int = 150, height: int = 32,
              low: float | None = None, high: float | None = None) -> SafeString:
    """An inline SVG polyline of `values` (None gaps skipped), with `reference` dashed behind it."""
    numbers = [float(v) for v in (values + (reference or [])) if v is not None]
    if len(numbers) < 1:
        return mark_safe("")
    lo = min(numbers) if low is None else low
    hi = max(numbers) if high is None else high
    if hi == lo:
        hi, lo = hi + 1, lo - 1
    n = max(len(values), 2)

    def points(series):
        pts = []
        for i, v in enumerate(series):
            if v is None:
                continue
            x = 2 + (width - 4) * i / (n - 1)
            y = 2 + (height - 4) * (1 - (float(v) - lo) / (hi - lo))
            pts.append(f"{x:.1f},{y:.1f}")
        return " ".join(pts)

    ref = ""
    if reference:
        ref = format_html('<polyline points="{}" fill="none" stroke="#9aa5b1" stroke-width="1.2" '
                          'stroke-dasharray="3 2"/>', points(reference))
    return format_html(
        '<svg class="spark" width="{}" height="{}" viewBox="0 0 {} {}" role="img">{}'
        '<polyline points="{}" fill="none" stroke="#2f6fb0" stroke-width="1.6"/></svg>',
        width, height, width, height, ref, points(values),
    )


def attendance_by_month(metric_values: list) -> list[tuple[str, Decimal]]:
    totals: dict[str, Decimal] = {}
    for m in metric_values:
        if m.metric.direction == "lower":
            key = m.period_start.strftime("%Y-%m")
            totals[key] = totals.get(key, Decimal(0)) + m.value
    return sorted(totals.items())
