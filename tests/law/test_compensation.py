"""Economic compensation: N, base, floor, cap, pre-2008 segmentation (prc_rules §2, §7)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from farewell.law import LawInputError, LocalPre2008Rule, Options

from .support import codes, compute_with, result, run

ELEVEN_AT_15000_ONE_AT_16000 = [15000] * 11 + [16000]


@pytest.mark.parametrize(
    ("hire", "separation", "n", "amount"),
    [
        # 2 y 6 m: remainder ≥ 6 m counts a full year → N = 3; 3 × 10000 = 30000.00
        ("2020-03-01", "2022-08-31", 3, "30000.00"),
        # 2 y 5 m 30 d: remainder < 6 m → half a month → N = 2.5; 25000.00
        ("2020-03-01", "2022-08-30", 2.5, "25000.00"),
        # leap years: 2019-03-01 through 2024-02-29 is exactly 5 y → N = 5; 50000.00
        ("2019-03-01", "2024-02-29", 5, "50000.00"),
        # 3 y 5 m 29 d (day after S is 2021-06-30) → 3.5; 35000.00
        ("2018-01-01", "2021-06-29", 3.5, "35000.00"),
        # 3 y 6 m → 4; 40000.00
        ("2018-01-01", "2021-06-30", 4, "40000.00"),
        # 4 m → 0.5; 5000.00
        ("2021-01-01", "2021-04-30", 0.5, "5000.00"),
        # 5 m 29 d → 0.5 (under six months); 6 m → 1
        ("2021-01-01", "2021-06-29", 0.5, "5000.00"),
        ("2021-01-01", "2021-06-30", 1, "10000.00"),
        # one day worked → a remainder under six months → 0.5
        ("2021-05-05", "2021-05-05", 0.5, "5000.00"),
        # exactly one year → 1
        ("2021-01-01", "2021-12-31", 1, "10000.00"),
    ],
)
def test_it_counts_years_of_service(hire, separation, n, amount):
    out = run(hire_date=hire, separation_date=separation)
    assert out["compensation_months"] == n
    assert Decimal(str(out["economic_compensation"])) == Decimal(amount)
    assert out["monthly_base"] == 10000


def test_it_averages_over_the_months_worked_when_fewer_than_twelve():
    # Reg. 27: (9000 + 12000 + 15000) / 3 = 12000; N = 3 → 36000.00
    out = run(monthly_wages=[9000, 12000, 15000])
    assert out["monthly_base"] == 12000
    assert out["economic_compensation"] == 36000


def test_it_rounds_once_at_the_end_of_the_item():
    # §7: 181000 / 12 = 15083.333…; 2018-01-01..2022-03-31 is 4 y 3 m → N = 4.5;
    # 4.5 × 15083.333… = 67875.00 (not 4.5 × 15083.33 = 67874.985 → 67874.99)
    r = result(monthly_wages=ELEVEN_AT_15000_ONE_AT_16000, hire_date="2018-01-01", separation_date="2022-03-31")
    assert r.compensation_months == Decimal("4.5")
    assert r.economic_compensation == Decimal("67875.00")
    assert r.monthly_base == Decimal("15083.33")


def test_it_raises_an_average_below_the_minimum_wage():
    # Reg. 27: average 2000 < minimum 2590 → base 2590; N = 3 → 7770.00
    out = run(monthly_wages=[2000], local_min_wage=2590)
    assert out["monthly_base"] == 2590
    assert out["economic_compensation"] == 7770


@pytest.mark.parametrize(
    ("wage", "hire", "separation", "n", "base", "amount"),
    [
        # 40000 > 3 × 10000 → base 30000; 2 y 6 m → N = 3 (under 12) → 90000.00
        (40000, "2020-03-01", "2022-08-31", 3, 30000, 90000),
        # capped and 13 y (2008-01-01..2020-12-31) → N limited to 12 → 12 × 30000 = 360000.00
        (40000, "2008-01-01", "2020-12-31", 12, 30000, 360000),
        # capped and 12 y 6 m → N 13 → limited to 12
        (40000, "2008-01-01", "2020-06-30", 12, 30000, 360000),
        # exactly 3 × 10000 is not "exceeds": no cap, and no 12-year limit → 13 × 30000 = 390000.00
        (30000, "2008-01-01", "2020-12-31", 13, 30000, 390000),
        # just above: 30000.01 > 30000 → capped: 12 × 30000
        (30000.01, "2008-01-01", "2020-12-31", 12, 30000, 360000),
    ],
)
def test_it_caps_high_earners(wage, hire, separation, n, base, amount):
    out = run(monthly_wages=[wage], hire_date=hire, separation_date=separation, local_avg_monthly_wage=10000)
    assert out["compensation_months"] == n
    assert out["monthly_base"] == base
    assert out["economic_compensation"] == amount


# 2005-03-01 .. 2024-06-30: pre-2008 segment 2005-03-01..2007-12-31 = 2 y 10 m → a part of a year
# counts full (1994 Measures Art. 5) → N_pre = 3; post-2008 2008-01-01..2024-06-30 = 16 y 6 m → N_post = 17.
# 1990-01-01 hire: pre-2008 = 18 y exactly → 18 months, 12 under the caps of Arts. 5 and 7.
@pytest.mark.parametrize(
    ("ground", "hire", "n", "amount"),
    [
        ("mutual_employer_initiated", "2005-03-01", 20, 200000),  # 3 + 17
        ("mutual_employer_initiated", "1990-01-01", 29, 290000),  # Art. 5 cap: 12 + 17 (> 12 in total)
        ("incompetence", "1990-01-01", 29, 290000),  # Art. 7 cap: 12 + 17
        ("illness_incapacity", "1990-01-01", 35, 350000),  # Art. 6, no cap: 18 + 17
        ("objective_change", "1990-01-01", 35, 350000),  # Art. 8, no cap
        ("economic_layoff", "1990-01-01", 35, 350000),  # Art. 9, no cap
        ("employer_fault_resignation", "1990-01-01", 35, 350000),  # 法释〔2001〕14号 Art. 15, no cap
        ("expiry_employer_not_renewing", "1990-01-01", 17, 170000),  # no pre-2008 rule → 0 + 17
        ("expiry_employee_declines_worse_terms", "2005-03-01", 17, 170000),  # 0 + 17
        ("employer_closure", "2005-03-01", 17, 170000),  # 0 + 17
    ],
)
def test_it_segments_service_before_2008_per_ground(ground, hire, n, amount):
    out = run(ground=ground, hire_date=hire, separation_date="2024-06-30", notice_given_days=30, union_notified=True)
    assert out["compensation_months"] == n
    assert out["economic_compensation"] == amount
    line = next(line for line in out["lines"] if line["item"] == "economic_compensation")
    assert "2008年前" in line["formula"] and "《劳动合同法》第九十七条第三款" in line["citation"]


@pytest.mark.parametrize("ground", ["resignation", "mutual_employee_initiated", "retirement", "misconduct"])
def test_grounds_without_compensation_give_none_before_or_after_2008(ground):
    out = run(ground=ground, hire_date="1990-01-01", separation_date="2024-06-30")
    assert out["compensation_months"] is None
    assert out["monthly_base"] is None
    assert out["economic_compensation"] is None


@pytest.mark.parametrize(
    ("ground", "amount"),
    [
        # Art. 11 floor on the pre-2008 segment: 3 × 8000 + 17 × 6000 = 24000 + 102000 = 126000.00
        ("illness_incapacity", 126000),
        ("objective_change", 126000),
        ("economic_layoff", 126000),
        # no Art. 11 floor for incompetence (Art. 7): 20 × 6000 = 120000.00
        ("incompetence", 120000),
        ("mutual_employer_initiated", 120000),
    ],
)
def test_it_raises_the_pre2008_base_to_the_enterprise_average(ground, amount):
    out = run(
        ground=ground,
        hire_date="2005-03-01",
        separation_date="2024-06-30",
        monthly_wages=[6000],
        enterprise_avg_monthly_wage=8000,
        notice_given_days=30,
        union_notified=True,
    )
    assert out["compensation_months"] == 20
    assert out["monthly_base"] == 6000  # the post-2008 base
    assert out["economic_compensation"] == amount


def test_without_the_enterprise_average_the_floor_is_not_applied():
    # 20 × 6000 = 120000.00
    out = run(ground="illness_incapacity", hire_date="2005-03-01", separation_date="2024-06-30", monthly_wages=[6000])
    assert out["economic_compensation"] == 120000


def test_the_cap_binds_the_post2008_segment_only():
    # pre: 3 × 40000 = 120000 (no cap before 2008); post: base 3 × 10000 = 30000, N_post 17 → 12 → 360000;
    # total 480000.00, N = 3 + 12 = 15, monthly_base 30000 (the post-2008 base)
    out = run(hire_date="2005-03-01", separation_date="2024-06-30", monthly_wages=[40000], local_avg_monthly_wage=10000)
    assert out["compensation_months"] == 15
    assert out["monthly_base"] == 30000
    assert out["economic_compensation"] == 480000


def test_one_span_option_counts_the_whole_service_under_lcl_47():
    # configurable §2: 2005-03-01..2024-06-30 = 19 y 4 m → 19.5 × 10000 = 195000.00
    r = result(hire_date="2005-03-01", separation_date="2024-06-30")
    assert r.compensation_months == 20
    r = compute_with(Options(pre2008_counting="one_span"), hire_date="2005-03-01", separation_date="2024-06-30")
    assert r.compensation_months == Decimal("19.5")
    assert r.economic_compensation == Decimal("195000.00")


def test_a_provincial_rule_gives_pre2008_compensation_on_expiry():
    # configurable §2: a province that paid on expiry before 2008: N_pre 3 (2 y 10 m, part year full) + 17
    rule = LocalPre2008Rule("某省", frozenset({"expiry_employer_not_renewing"}), "《某省劳动合同条例》")
    r = compute_with(
        Options(pre2008_local_rule=rule),
        ground="expiry_employer_not_renewing",
        hire_date="2005-03-01",
        separation_date="2024-06-30",
    )
    assert r.compensation_months == 20
    assert r.economic_compensation == Decimal("200000.00")


def test_employer_fault_with_pre2008_service_warns_about_social_insurance():
    out = run(ground="employer_fault_resignation", hire_date="2005-03-01", separation_date="2024-06-30")
    assert "pre2008_social_insurance_fault" in codes(out, "warning")
    assert out["lawful"] is True
    out = run(ground="employer_fault_resignation")
    assert "pre2008_social_insurance_fault" not in codes(out)


class TestDamages:
    def test_they_are_twice_n_over_the_whole_service(self):
        # Reg. 25: 2005-03-01..2024-06-30 = 19 y 4 m → N = 19.5 (no segmentation); 2 × 19.5 × 10000 = 390000.00
        out = run(ground="unlawful_termination", hire_date="2005-03-01", separation_date="2024-06-30")
        assert out["lawful"] is False
        assert out["compensation_months"] == 19.5
        assert out["unlawful_termination_damages"] == 390000
        assert out["economic_compensation"] is None and out["notice_pay"] is None

    def test_they_follow_the_cap(self):
        # base 3 × 10000 = 30000, N 19.5 → 12; 2 × 12 × 30000 = 720000.00
        out = run(
            ground="unlawful_termination",
            hire_date="2005-03-01",
            separation_date="2024-06-30",
            monthly_wages=[40000],
            local_avg_monthly_wage=10000,
        )
        assert out["compensation_months"] == 12
        assert out["unlawful_termination_damages"] == 720000

    def test_they_are_rounded_once(self):
        # average (10000.01 + 10000) / 2 = 10000.005; 4 months → N = 0.5;
        # 2 × 0.5 × 10000.005 = 10000.005 → 10000.01 (twice the rounded N = 5000.00 would be 10000.00)
        out = run(
            ground="unlawful_termination",
            hire_date="2021-01-01",
            separation_date="2021-04-30",
            monthly_wages=[10000.01, 10000],
        )
        assert Decimal(str(out["unlawful_termination_damages"])) == Decimal("10000.01")
        assert out["monthly_base"] == 10000.01  # 10000.005 reported rounded half up

    def test_segmented_option_counts_pre2008_under_the_1994_measures(self):
        # configurable §5: N_pre 3 (2 y 10 m, part year full) + N_post 17 → 2 × 20 × 10000 = 400000.00
        r = compute_with(
            Options(damages_counting="segmented"),
            ground="unlawful_termination",
            hire_date="2005-03-01",
            separation_date="2024-06-30",
        )
        assert r.compensation_months == 20
        assert r.unlawful_termination_damages == Decimal("400000.00")


def test_without_wages_compensation_is_an_input_error_not_nothing_owed():
    # README: monthly_wages is required where the result needs the wage base (a 26-year agreement once exited 0)
    with pytest.raises(LawInputError) as caught:
        run(monthly_wages=None, hire_date="1998-01-01", separation_date="2024-06-30")
    assert caught.value.field == "monthly_wages"
    with pytest.raises(LawInputError):
        run(monthly_wages=[])
