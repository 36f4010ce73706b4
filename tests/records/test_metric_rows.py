"""The metrics kind's specialised row pipeline says the same things as the generic one."""

from __future__ import annotations

from decimal import Decimal

import pytest

from farewell.records import metric_rows
from farewell.records import models as m
from farewell.records.importers import import_file

HEADER = ["工号", "指标", "周期", "数值"]


@pytest.mark.parametrize("preload", [False, True], ids=["per-chunk", "preloaded"])
def test_cached_cells_and_odd_forms_import_alike(world, files, monkeypatch, preload):
    monkeypatch.setattr(metric_rows, "PRELOAD_ROWS", 0 if preload else 10**9)
    n = world.lisi.employee_number
    rows = [HEADER, [n, "迟到次数", "2025-03", "2"], [n, "late_count", "2025年4月", " 2 "], [],
            [n, "加班时长", "2025-03", "1,234.5"], [world.chenqi.employee_number, "迟到次数", "2025-03", "2"]]
    report = import_file("metrics", files.csv(rows), company=world.company)
    assert report.errors == [] and (report.total, report.created) == (4, 4)
    assert m.MetricValue.objects.get(metric__code="overtime_hours").value == Decimal("1234.5")
    again = import_file("metrics", files.csv(rows), company=world.company)
    assert (again.unchanged, again.created, again.updated) == (4, 0, 0)
    rows[1][3] = "3"
    changed = import_file("metrics", files.csv(rows), company=world.company)
    assert (changed.unchanged, changed.updated) == (3, 1)
    assert m.MetricValue.objects.get(employee=world.lisi, metric__code="late_count",
                                     period_start="2025-03-01").value == 3


@pytest.mark.parametrize("preload", [False, True], ids=["per-chunk", "preloaded"])
def test_every_bad_row_is_named_in_order_and_nothing_is_written(world, files, monkeypatch, preload):
    # Big files read every 工号 in scope up front (and resolve them in the parse thread).
    monkeypatch.setattr(metric_rows, "PRELOAD_ROWS", 0 if preload else 10**9)
    n = world.lisi.employee_number
    rows = [HEADER, [n, "迟到次数", "2025-03", "2"], [n, "迟到次数", "2025-03", "2"], ["NOPE", "迟到次数", "2025-03", "1"],
            [n, "迟到次数", "2025-13", "1"], [n, "迟到次数", "2025-05", "-1"], [n, "迟到次数", "2025-06", ""]]
    report = import_file("metrics", files.csv(rows), company=world.company, chunk_size=3)
    assert report.errors == [
        "第 3 行 · 工号+指标+周期：与第 2 行重复",
        "第 4 行 · 工号：工号不存在或不在您的权限范围内",
        "第 5 行 · 周期：“2025-13” 不是有效周期（例如 2025-03、2025-Q1、2025）",
        "第 6 行 · 数值：“-1” 超出指标“迟到次数”的范围 0–",
        "第 7 行 · 数值：必填",
    ]
    assert not m.MetricValue.objects.exists()
