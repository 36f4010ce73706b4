"""Double wages without a written contract (LCL 82; Reg. 6, 7; prc_rules §5)."""

from __future__ import annotations

import pytest

from .support import run


@pytest.mark.parametrize(
    ("months", "double_wage"),
    [
        (0, 0),  # no month without a contract → 0
        (1, 0),  # one month is the grace month → 0
        (2, 10000),  # from the second month: (2 − 1) × 10000
        (12, 110000),  # (12 − 1) = 11 × 10000
        (13, 110000),  # min(13 − 1, 11) = 11: after a year the contract is deemed open-ended
    ],
)
def test_double_wage(months, double_wage):
    out = run(no_written_contract_months=months)
    assert out["double_wage"] == double_wage
    assert out["total"] == 30000 + double_wage


def test_it_uses_the_average_wage():
    # (9000 + 11000) / 2 = 10000; 3 months → 2 × 10000 = 20000.00
    out = run(no_written_contract_months=3, monthly_wages=[9000, 11000])
    assert out["double_wage"] == 20000


def test_absent_months_is_null():
    assert run()["double_wage"] is None
