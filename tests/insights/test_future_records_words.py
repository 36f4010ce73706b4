"""The model's refusal to train on records dated after today names them in the reader's language: the list
was worded when the job ran (a Chinese worker's 绩效考核 1 条 on an English page)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from farewell.common.wording import word
from farewell.insights import risk
from farewell.records.models import PerformanceReview


def test_the_future_records_are_kept_as_words(world):
    today = dt.date(2026, 3, 1)
    PerformanceReview.objects.create(employee=world.lisi, period_kind="month", period_start=dt.date(2026, 4, 1),
                                     score=80)
    with pytest.raises(risk.RiskDataError) as raised:
        risk.evaluate_time_split(world.company, cutoff=dt.date(2025, 9, 1), today=today)
    kept = raised.value.words.as_json()
    with translation.override("en"):
        english = word(kept)
    with translation.override("zh-hans"):
        chinese = word(kept)
    assert "Performance reviews: 1 (earliest 2026-04-01)" in english and "绩效考核" not in english
    assert "绩效考核 1 条（最早 2026-04-01）" in chinese
