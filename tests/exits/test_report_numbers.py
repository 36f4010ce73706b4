"""The turnover tables: an average headcount is a whole number when it is one (370, not 370.0; 92.5 stays), and
costs are grouped in Chinese as in English (12,346, not 12346)."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.utils import translation


def _row(start: int, end: int) -> SimpleNamespace:
    return SimpleNamespace(suppressed=False, headcount_start=start, headcount_end=end,
                           average_headcount=(Decimal(start + end) / 2).quantize(Decimal("0.1")), leavers=8,
                           turnover_rate=Decimal("2.2"), voluntary=7, involuntary=1, regrettable=5, first_year=5,
                           cost=Decimal("12345.60"))


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_row_shows_whole_headcounts_and_grouped_costs(language):
    with translation.override(language):
        whole = render_to_string("exits/_row_cells.html", {"row": _row(368, 372)})
        half = render_to_string("exits/_row_cells.html", {"row": _row(90, 95)})
    assert '<td class="num">370</td>' in whole and "370.0" not in whole
    assert '<td class="num">92.5</td>' in half
    assert '<td class="num">12,346</td>' in whole
