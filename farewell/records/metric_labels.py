"""The seeded metrics' names and units in the page's language. The catalogue is data HR extends
(records.Metric, seeded in Chinese by migration 0002): a seeded name or unit is shown translated, one HR
wrote is shown as written (an English page read 迟到次数 2026-11: 5)."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext
from django.utils.translation import gettext_noop as N_

# As migration 0002_default_metrics seeds them.
SEEDED_NAMES = frozenset({
    N_("迟到次数"), N_("早退次数"), N_("旷工天数"), N_("请假天数"), N_("加班时长"), N_("销售额"), N_("完成工单数"),
    N_("客户投诉"), N_("内部招聘岗位浏览次数"), N_("非工作应用时长"),
})
SEEDED_UNITS = frozenset({N_("次"), N_("天"), N_("小时"), N_("元"), N_("件"), N_("分钟")})


def metric_name(name: str, translate: Callable[[str], str] | None = None) -> str:
    """`translate`: the page's gettext when it is not the active language's (insights.present.page_gettext)."""
    return (translate or gettext)(name) if name in SEEDED_NAMES else name


def metric_unit(unit: str, translate: Callable[[str], str] | None = None) -> str:
    return (translate or gettext)(unit) if unit in SEEDED_UNITS else unit
