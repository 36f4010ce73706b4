"""A reproducible batch of random separations for `farewell law compute` (speed and golden checks).

    .venv/bin/python benchmarks/law_batch.py --count 10000 --seed 15 > /tmp/batch.json

Every input is one the contract accepts (README, Input): all `CN` and civil-service grounds,
pre-2008 service, the 3× cap, the minimum-wage floor, probation, protected statuses, the
union, annual leave (with earlier years' days), double wages, layoffs and extra amounts.
The same seed always gives the same bytes.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from datetime import date, timedelta

CN_GROUNDS = [
    "resignation", "employer_fault_resignation", "mutual_employer_initiated", "mutual_employee_initiated",
    "probation_rejection", "misconduct", "illness_incapacity", "incompetence", "objective_change",
    "economic_layoff", "expiry_employer_not_renewing", "expiry_employee_declines_same_or_better",
    "expiry_employee_declines_worse_terms", "employer_closure", "retirement", "unlawful_termination",
]
CS_GROUNDS = [
    "cs_resignation", "cs_dismissal_two_years_incompetent", "cs_dismissal_refuses_other_post",
    "cs_dismissal_refuses_restructuring", "cs_dismissal_discipline", "cs_dismissal_absence",
]
STATUSES = ["pregnancy", "maternity", "nursing", "medical_period", "work_injury",
            "occupational_disease_exam_pending", "long_service_near_retirement"]


def _money(rng: random.Random, low: int, high: int) -> float | int:
    value = rng.randint(low * 100, high * 100)
    return value // 100 if value % 100 == 0 else value / 100


def separation(rng: random.Random, *, previous_years: bool = True) -> dict:
    """One random input the contract accepts; `previous_years=False` leaves out the newer field."""
    civil = rng.random() < 0.06
    ground = rng.choice(CS_GROUNDS if civil else CN_GROUNDS)
    hire = date(1990, 1, 1) + timedelta(days=rng.randint(0, 12_800))
    if rng.random() < 0.15:  # short service, probation territory
        sep = max(hire, date(2008, 1, 1)) + timedelta(days=rng.randint(0, 200))
    else:
        sep = max(hire, date(2008, 1, 1)) + timedelta(days=rng.randint(0, 6_500))
    data: dict = {"ground": ground, "hire_date": hire.isoformat(), "separation_date": sep.isoformat()}
    if civil:
        data["jurisdiction"] = "CN-civil-service"
    months = rng.randint(1, 12)
    wage = rng.randint(2_000, 60_000)
    data["monthly_wages"] = [_money(rng, int(wage * 0.8), int(wage * 1.2)) for _ in range(months)]
    if rng.random() < 0.3:
        data["overtime_pay_included"] = [_money(rng, 0, int(w * 0.2)) for w in data["monthly_wages"]]
    if rng.random() < 0.7:
        data["local_avg_monthly_wage"] = rng.choice([5_000, 8_000, 10_000, 12_434, 11_937, 13_000])
    if rng.random() < 0.5:
        data["local_min_wage"] = rng.choice([1_900, 2_320, 2_420, 2_690, 3_000])
    if rng.random() < 0.2:
        data["enterprise_avg_monthly_wage"] = rng.randint(4_000, 20_000)
    if rng.random() < 0.5:
        data["notice_given_days"] = rng.choice([0, 3, 10, 29, 30, 31, 45])
    if rng.random() < 0.2:
        data["last_month_wage"] = _money(rng, 2_000, 60_000)
    if rng.random() < 0.5:
        leave = {"cumulative_work_years": rng.randint(0, 30), "days_taken_this_year": rng.choice([0, 0.5, 1, 3, 5, 12])}
        if previous_years and rng.random() < 0.2:
            leave["untaken_days_previous_years"] = rng.choice([1, 2.5, 5])
        data["annual_leave"] = leave
    if rng.random() < 0.15:
        data["no_written_contract_months"] = rng.randint(0, 20)
    if rng.random() < 0.2:
        data["protected_status"] = rng.sample(STATUSES, rng.randint(1, 2))
    if rng.random() < 0.6:
        data["union_notified"] = rng.random() < 0.7
    if rng.random() < 0.2:
        data["extra_compensation"] = _money(rng, 0, 100_000)
    if rng.random() < 0.35:
        data["probation_end_date"] = (hire + timedelta(days=rng.randint(0, 250))).isoformat()
    if rng.random() < 0.5:
        data["contract_term_months"] = rng.choice([2, 3, 6, 11, 12, 24, 35, 36, 60])
    if ground == "economic_layoff" and rng.random() < 0.7:
        data["employer_headcount"] = rng.randint(20, 500)
        data["layoff_headcount"] = rng.randint(1, 40)
    return data


def batch(count: int, seed: int, *, previous_years: bool = True) -> list[dict]:
    rng = random.Random(seed)
    return [separation(rng, previous_years=previous_years) for _ in range(count)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--no-previous-years", action="store_true",
                        help="leave out annual_leave.untaken_days_previous_years (for an older engine)")
    args = parser.parse_args()
    json.dump(batch(args.count, args.seed, previous_years=not args.no_previous_years), sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
