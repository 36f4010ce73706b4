"""grouped_formatter prints amounts as the `amount` filter does, in each language: thousands grouped with a
comma (Chinese tables too: 11,800.00, not floatformat's 11800.00), two decimals, half up."""

from __future__ import annotations

from decimal import Decimal

from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from farewell.common.money import grouped_formatter
from farewell.common.templatetags.money import amount

AMOUNTS = st.decimals(min_value=Decimal("0"), max_value=Decimal("99999999.999"), places=3,
                      allow_nan=False, allow_infinity=False)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(AMOUNTS)
def test_it_prints_what_the_amount_filter_prints(value):
    for language in ("zh-hans", "en"):
        with translation.override(language):
            assert grouped_formatter(2)(value) == amount(value)


def test_the_edges():
    for language in ("zh-hans", "en"):
        with translation.override(language):
            format_ = grouped_formatter(2)
            assert format_(Decimal("11800")) == "11,800.00"
            assert format_(Decimal("-0.004")) == "0.00"
            assert format_(Decimal("0.005")) == "0.01"  # half up
            assert format_(None) == ""
            assert grouped_formatter(0)(Decimal("1234567.5")) == "1,234,568"
