"""Properties that hold for every input (hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from farewell.law import compute
from farewell.law.grounds import CN, GROUNDS

N_GROUNDS = [code for code, g in GROUNDS.items() if g.gives_compensation]
CN_GROUNDS = [code for code, g in GROUNDS.items() if g.jurisdiction == CN]
hires = st.dates(min_value=date(1990, 1, 1), max_value=date(2025, 12, 31))
wages = st.decimals(min_value=Decimal("1000"), max_value=Decimal("200000"), places=2)
LOCAL_AVG = Decimal("10000")


def separation_after(hire: date, days: int) -> date:
    return max(hire, date(2008, 1, 1)) + timedelta(days=days)


def comp(ground, hire, separation, wage, local_avg=None):
    data = {"ground": ground, "hire_date": hire.isoformat(), "separation_date": separation.isoformat(),
            "monthly_wages": [wage], "notice_given_days": 30, "union_notified": True}
    if local_avg is not None:
        data["local_avg_monthly_wage"] = local_avg
    return compute(data)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(N_GROUNDS), hires, st.integers(0, 8000), st.integers(0, 800), wages)
def test_longer_service_never_gives_less(ground, hire, days, more, wage):
    separation = separation_after(hire, days)
    shorter = comp(ground, hire, separation, wage, LOCAL_AVG)
    longer = comp(ground, hire, separation + timedelta(days=more), wage, LOCAL_AVG)
    assert longer.economic_compensation >= shorter.economic_compensation


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(N_GROUNDS), hires, st.integers(0, 8000), wages, wages)
def test_a_higher_wage_below_the_cap_never_gives_less(ground, hire, days, a, b):
    low, high = sorted((min(a, 3 * LOCAL_AVG), min(b, 3 * LOCAL_AVG)))
    separation = separation_after(hire, days)
    assert comp(ground, hire, separation, high, LOCAL_AVG).economic_compensation >= comp(
        ground, hire, separation, low, LOCAL_AVG
    ).economic_compensation


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(N_GROUNDS), st.dates(min_value=date(2008, 1, 1), max_value=date(2025, 1, 1)),
       st.integers(0, 9000), wages, st.decimals(min_value=Decimal("2000"), max_value=Decimal("20000"), places=2))
def test_the_cap_binds_exactly_at_three_times(ground, hire, days, wage, local_avg):
    r = comp(ground, hire, hire + timedelta(days=days), wage, local_avg)
    assert r.monthly_base <= 3 * local_avg
    if wage > 3 * local_avg:
        assert r.monthly_base == 3 * local_avg
        assert r.compensation_months <= 12  # all service after 2008: N ≤ 12 when capped
    else:
        assert r.monthly_base == wage


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(CN_GROUNDS),
    hires,
    st.integers(0, 8000),
    st.lists(wages, min_size=1, max_size=12),
    st.none() | st.integers(0, 40),
    st.none() | st.integers(0, 30),
    st.none() | st.decimals(min_value=0, max_value=100000, places=2),
    st.none() | st.sampled_from([[], ["pregnancy"], ["work_injury"]]),
    st.none() | st.booleans(),
    st.none() | st.tuples(st.integers(0, 40), st.decimals(min_value=0, max_value=15, places=1)),
)
def test_total_is_the_sum_of_the_lines(ground, hire, days, ws, notice, no_contract, extra, statuses, union, leave):
    data = {"ground": ground, "hire_date": hire.isoformat(),
            "separation_date": separation_after(hire, days).isoformat(), "monthly_wages": ws}
    for key, value in (("notice_given_days", notice), ("no_written_contract_months", no_contract),
                       ("extra_compensation", extra), ("protected_status", statuses), ("union_notified", union)):
        if value is not None:
            data[key] = value
    if leave is not None:
        data["annual_leave"] = {"cumulative_work_years": leave[0], "days_taken_this_year": leave[1]}
    r = compute(data)
    assert r.total == sum(line.amount for line in r.lines)
    out = r.as_dict()
    items = [line["item"] for line in out["lines"]]
    assert len(items) == len(set(items))
    for item in ("economic_compensation", "notice_pay", "annual_leave_pay", "double_wage", "unlawful_termination_damages"):
        assert (item in items) is (out[item] is not None)
    assert ("extra_compensation" in items) is (extra is not None)
    assert all(line.amount == line.amount.quantize(Decimal("0.01")) for line in r.lines)
    assert r.lawful is (not any(v.severity == "violation" for v in r.violations))
