"""The seeded metrics' names and units in the page's language. The catalogue is data HR extends
(records.Metric, seeded in Chinese by migration 0002): a seeded name or unit is shown translated, one HR
wrote is shown as written (an English page read 迟到次数 2026-11: 5)."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext, gettext_noop

# As migration 0002_default_metrics seeds them.
SEEDED_NAMES = frozenset({
    gettext_noop("迟到次数"), gettext_noop("早退次数"), gettext_noop("旷工天数"), gettext_noop("请假天数"), gettext_noop("加班时长"), gettext_noop("销售额"), gettext_noop("完成工单数"),
    gettext_noop("客户投诉"), gettext_noop("内部招聘岗位浏览次数"), gettext_noop("非工作应用时长"),
})
SEEDED_UNITS = frozenset({gettext_noop("次"), gettext_noop("天"), gettext_noop("小时"), gettext_noop("元"), gettext_noop("件"), gettext_noop("分钟")})


def metric_name(name: str, translate: Callable[[str], str] | None = None) -> str:
    """`translate`: the page's gettext when it is not the active language's (insights.present.page_gettext)."""
    return (translate or gettext)(name) if name in SEEDED_NAMES else name


def metric_unit(unit: str, translate: Callable[[str], str] | None = None) -> str:
    return (translate or gettext)(unit) if unit in SEEDED_UNITS else unit
