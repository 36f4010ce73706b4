"""Exact arithmetic (prc_rules §7): an item worth exactly x.xx5 rounds up, however the fraction was reached.

The three separations below come from a random batch on which the first edition, dividing the
average first in 28-digit Decimal, rounded one fen down; each is an exact tie.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from farewell.law import compute
from farewell.law.money import round_ratio

TIES = [
    # illness_incapacity, 6 months, N 20 (pre-2008 3 + post 17): 20 × 82833.18 / 6 = 276499.425 exactly
    ({"ground": "illness_incapacity", "hire_date": "2002-12-28", "separation_date": "2024-06-13",
      "monthly_wages": [13068.96, 13499.84, 14454.69, 11515.05, 11072.47, 10122.17], "union_notified": True,
      "notice_given_days": 30}, "economic_compensation", "276499.43"),
    # double wages: 3 extra months × 12848.87 / 6 = 6424.435 exactly
    ({"ground": "misconduct", "hire_date": "2022-05-07", "separation_date": "2022-08-19",
      "monthly_wages": [2371.82, 1943.28, 1726.15, 2375.59, 2455.54, 1976.49], "no_written_contract_months": 4,
      "union_notified": True}, "double_wage", "6424.44"),
    # 2N under LCL 42 (nursing): 2 × 13.5 × 423633.34 / 12 = 953175.015 exactly
    ({"ground": "incompetence", "hire_date": "2000-04-27", "separation_date": "2013-09-03",
      "monthly_wages": [36345.09, 40053.23, 39289.96, 29837.12, 32267.8, 35068.6, 39314.04, 39034.35, 33944.96,
                        29652.42, 33361.55, 35464.22], "protected_status": ["nursing"], "union_notified": True},
     "unlawful_termination_damages", "953175.02"),
]


@pytest.mark.parametrize(("data", "item", "amount"), TIES)
def test_an_exact_tie_rounds_half_up(data, item, amount):
    assert getattr(compute(data), item) == Decimal(amount)


def test_the_rules_example_195108_875_gives_195108_88():
    assert round_ratio(Decimal("195108.875"), 1) == Decimal("195108.88")
    # as an item: 3 × (11 × 65036.29 + 65036.31) / 12 = 195108.875 (double wages, 3 extra months)
    wages = [65036.29] * 11 + [65036.31]
    r = compute({"ground": "resignation", "hire_date": "2020-01-01", "separation_date": "2022-08-31",
                 "monthly_wages": wages, "no_written_contract_months": 4})
    assert r.double_wage == Decimal("195108.88")


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 10**14), st.integers(1, 10**6))
def test_round_ratio_is_round_half_up_of_the_exact_fraction(numerator_fen, denominator):
    value = Fraction(numerator_fen, 100 * denominator)
    expected = (value * 100 + Fraction(1, 2)).__floor__()
    assert round_ratio(Decimal(numerator_fen) / 100, denominator) == Decimal(expected) / 100


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(100_000, 5_000_000), min_size=1, max_size=12), st.integers(0, 40))
def test_compensation_is_n_times_the_exact_average_rounded_once(wages_fen, days):
    # 2021-01-01 through a day in 2023: N 2.5 or 3; amount = round_half_up(N × Σ / n) exactly
    from datetime import date, timedelta

    wages = [Decimal(w) / 100 for w in wages_fen]
    separation = date(2023, 6, 20) + timedelta(days=days)
    r = compute({"ground": "mutual_employer_initiated", "hire_date": "2021-01-01",
                 "separation_date": separation.isoformat(), "monthly_wages": wages})
    exact = Fraction(r.compensation_months) * Fraction(sum(wages_fen), 100 * len(wages))
    assert r.economic_compensation == Decimal((exact * 100 + Fraction(1, 2)).__floor__()) / 100


def test_round_ratio_gives_two_decimals_as_scaleb_gave_them():
    """money.round_ratio multiplies the fen by 0.01: the same Decimal, exponent and all, as
    Decimal(fen).scaleb(-2) (a JSON amount is written from its text: 0.00, not 0)."""
    import random
    from decimal import Decimal, localcontext

    from farewell.law.money import EXACT, round_ratio

    rng = random.Random(15)
    with localcontext(EXACT):
        for _ in range(5000):
            numerator = Decimal(rng.randint(0, 10**12)).scaleb(-rng.randint(0, 6))
            denominator = rng.choice([1, 3, 7, 12, Decimal("21.75") * rng.randint(1, 12)])
            top, bottom = (numerator / 1).as_integer_ratio()
            d, d_den = (denominator, 1) if type(denominator) is int else denominator.as_integer_ratio()
            fen = (200 * top * d_den + bottom * d) // (2 * bottom * d)
            assert repr(round_ratio(numerator, denominator)) == repr(Decimal(fen).scaleb(-2))
        assert repr(round_ratio(Decimal(0), 3)) == "Decimal('0.00')"
