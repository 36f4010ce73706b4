"""grouped_formatter prints what the template filter floatformat:"2g" prints, in each language."""

from __future__ import annotations

from decimal import Decimal

from django.template.defaultfilters import floatformat
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from farewell.common.money import grouped_formatter

AMOUNTS = st.decimals(min_value=Decimal("-99999999.999"), max_value=Decimal("99999999.999"), places=3,
                      allow_nan=False, allow_infinity=False)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(AMOUNTS)
def test_it_prints_what_floatformat_prints(amount):
    for language in ("zh-hans", "en"):
        with translation.override(language):
            assert grouped_formatter(2)(amount) == str(floatformat(amount, "2g"))


def test_the_edges():
    with translation.override("en"):
        format_ = grouped_formatter(2)
        assert format_(Decimal("11800")) == "11,800.00"
        assert format_(Decimal("-0.004")) == str(floatformat(Decimal("-0.004"), "2g")) == "0.00"
        assert format_(Decimal("0.005")) == "0.01"  # half up, as the filter
        assert format_(None) == str(floatformat(None, "2g")) == ""
    with translation.override("zh-hans"):
        assert grouped_formatter(2)(Decimal("11800")) == "11800.00"
