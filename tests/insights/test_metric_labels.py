"""A seeded metric's name follows the page's language in a flag's facts and the profile (an English page read
迟到次数 2026-11: 5); a metric HR named is shown as written."""

from __future__ import annotations

from farewell.insights.present import Labels
from farewell.records.metric_labels import metric_name, metric_unit

ENGLISH = {"迟到次数": "Times late", "次": "times", "%(metric)s %(period)s：%(value)s": "%(metric)s %(period)s: %(value)s"}


def english(text: str) -> str:
    return ENGLISH.get(text, text)


def test_a_seeded_metric_is_named_in_the_pages_language():
    facts = {"metric": "迟到次数", "period": "2026-11", "value": "5"}
    assert Labels(english)("metricvalue", facts) == "Times late 2026-11: 5"


def test_a_metric_hr_named_is_shown_as_written():
    facts = {"metric": "迟到次数（含外勤）", "period": "2026-11", "value": "5"}
    assert Labels(english)("metricvalue", facts) == "迟到次数（含外勤） 2026-11: 5"
    assert metric_name("客户满意度", english) == "客户满意度" and metric_unit("次", english) == "times"
