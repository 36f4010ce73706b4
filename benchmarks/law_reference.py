"""An independent pure-Python reading of shared/law (prc_rules.md §1–§5): the yardstick `law_speed.py` runs
beside `farewell law compute` on the same batch, in the same run, as a whole process of its own.

    .venv/bin/python benchmarks/law_reference.py FILE      # JSON list in, JSON list out

Written from the contract's text alone (it imports nothing of `farewell`), for the money and the verdict:
`lawful`, `compensation_months`, `monthly_base`, the six money items and `total`, with the national defaults
(prc_rules.md as written). It leaves out what only explains (formulas, messages, procedure dates): so it is a
lower bound of the work an implementation must do, and a second opinion on every amount. Valid input is
assumed (the batch is generated valid); no input checking.
"""

from __future__ import annotations

import json
import sys
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

LCL_DAY = date(2008, 1, 1)
PRE_END = date(2007, 12, 31)
N_GROUNDS = {"employer_fault_resignation", "mutual_employer_initiated", "illness_incapacity", "incompetence",
             "objective_change", "economic_layoff", "expiry_employer_not_renewing",
             "expiry_employee_declines_worse_terms", "employer_closure"}
LCL40 = {"illness_incapacity", "incompetence", "objective_change"}
LCL39 = {"probation_rejection", "misconduct"}
BARRED = LCL40 | {"economic_layoff"}  # LCL 42
PRE2008 = {"mutual_employer_initiated": 12, "illness_incapacity": None, "incompetence": 12,
           "objective_change": None, "economic_layoff": None, "employer_fault_resignation": None}
ENTERPRISE_FLOOR = {"illness_incapacity", "objective_change", "economic_layoff"}
CS_BARRED = {"work_injury", "medical_period", "pregnancy", "maternity", "nursing"}
CENT = Decimal("0.01")


def _d(text: str) -> date:
    return date.fromisoformat(text)


def _ymd(start: date, end_inclusive: date) -> tuple[int, int, int]:
    """Whole years, months and days from `start` to the day after `end_inclusive` (calendar counting)."""
    end = end_inclusive + timedelta(days=1)
    months = (end.year - start.year) * 12 + end.month - start.month
    anchor = _plus_months(start, months)
    if anchor > end:
        months -= 1
        anchor = _plus_months(start, months)
    return months // 12, months % 12, (end - anchor).days


def _plus_months(day: date, months: int) -> date:
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    last = (date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(day.day, last))


def _n_lcl47(start: date, end: date) -> Fraction:
    years, months, days = _ymd(start, end)
    return Fraction(years) + (1 if months >= 6 else Fraction(1, 2) if (months or days) else 0)


def _n_1994(start: date, end: date) -> int:
    years, months, days = _ymd(start, end)
    return years + (1 if (months or days) else 0)


def _money(value: Fraction | None) -> float | None:
    if value is None:
        return None
    return float((Decimal(value.numerator) / Decimal(value.denominator)).quantize(CENT, ROUND_HALF_UP)) \
        if value.denominator != 1 else float(Decimal(value.numerator).quantize(CENT))


def _round(value: Fraction) -> Fraction:
    """Half up to the fen, exactly."""
    cents = value * 100
    whole = cents.numerator // cents.denominator
    if cents - whole >= Fraction(1, 2):
        whole += 1
    return Fraction(whole, 100)


def _frac(value) -> Fraction:
    return Fraction(str(value))


def _probation_max_months(term: int | None) -> int:
    if term is None or term >= 36:
        return 6
    if term >= 12:
        return 2
    if term >= 3:
        return 1
    return 0


def assess(x: dict) -> dict:
    ground = x["ground"]
    hire, sep = _d(x["hire_date"]), _d(x["separation_date"])
    statuses = set(x.get("protected_status") or ())
    extra = _frac(x["extra_compensation"]) if "extra_compensation" in x else None
    out = dict.fromkeys(("compensation_months", "monthly_base", "economic_compensation", "notice_pay",
                         "annual_leave_pay", "double_wage", "unlawful_termination_damages"))
    if ground.startswith("cs_"):  # 公务员法: no money computed here
        out["lawful"] = not (ground != "cs_resignation" and statuses & CS_BARRED)
        out["total"] = _money(extra or Fraction(0))
        return out

    lawful = True
    damages = ground == "unlawful_termination"
    if ground in BARRED and statuses:
        damages = True
    if ground == "expiry_employer_not_renewing" and statuses - {"work_injury"}:
        damages = True
    end = _d(x["probation_end_date"]) if "probation_end_date" in x else None
    if end is not None:
        allowed = _probation_max_months(x.get("contract_term_months"))
        last_lawful = _plus_months(hire, allowed) - timedelta(days=1)
        if ground == "probation_rejection":
            years, months, days = _ymd(hire, end)
            if years * 12 + months > allowed or (years * 12 + months == allowed and days):
                lawful = False  # probation_too_long (LCL 19, 83)
            if sep > end or sep > last_lawful:
                damages = True
        elif ground in ("objective_change", "economic_layoff") and sep <= end and sep <= last_lawful:
            damages = True  # LCL 21
    if ground in LCL39 | LCL40 and x.get("union_notified") is False:
        lawful = False
    if ground == "resignation" and "notice_given_days" in x:
        needed = 3 if end is not None and sep <= end else 30
        if x["notice_given_days"] < needed:
            lawful = False
    lawful = lawful and not damages

    wages = [_frac(w) for w in x.get("monthly_wages") or ()]
    overtime = [_frac(w) for w in x.get("overtime_pay_included") or ()]
    items = []
    if damages or ground in N_GROUNDS:
        average = sum(wages) / len(wages)
        if "local_min_wage" in x:
            average = max(average, _frac(x["local_min_wage"]))
        capped = "local_avg_monthly_wage" in x and average > 3 * _frac(x["local_avg_monthly_wage"])
        base = 3 * _frac(x["local_avg_monthly_wage"]) if capped else average
        if damages:
            n = _n_lcl47(hire, sep)  # Reg. 25: the whole service, LCL 47
            n = min(n, 12) if capped else n
            amount = _round(2 * n * base)
            out["unlawful_termination_damages"] = _money(amount)
        else:
            n_pre, base_pre = Fraction(0), average
            if hire < LCL_DAY:
                if ground in PRE2008:
                    n_pre = Fraction(_n_1994(hire, PRE_END))
                    if PRE2008[ground] is not None:
                        n_pre = min(n_pre, PRE2008[ground])
                    if ground in ENTERPRISE_FLOOR and "enterprise_avg_monthly_wage" in x:
                        base_pre = max(base_pre, _frac(x["enterprise_avg_monthly_wage"]))
                n_post = _n_lcl47(LCL_DAY, sep)
            else:
                n_post = _n_lcl47(hire, sep)
            if capped:
                n_post = min(n_post, 12)
            n = n_pre + n_post
            amount = _round(n_pre * base_pre + n_post * base)
            out["economic_compensation"] = _money(amount)
            if ground in LCL40:
                owed = x.get("notice_given_days", 0) < 30
                last = _frac(x["last_month_wage"]) if "last_month_wage" in x else (wages[-1] if owed else 0)
                notice = _round(last) if owed else Fraction(0)
                out["notice_pay"] = _money(notice)
                items.append(notice)
        items.append(amount)
        out["compensation_months"] = float(n)
        out["monthly_base"] = _money(base)

    leave = x.get("annual_leave")
    if leave is not None:
        years = leave["cumulative_work_years"]
        entitled = 15 if years >= 20 else 10 if years >= 10 else 5 if years >= 1 else 0
        first = max(date(sep.year, 1, 1), hire)
        passed = (sep - first).days + 1
        raw = Fraction(passed, 365) * entitled - _frac(leave["days_taken_this_year"])
        days = max(raw.numerator // raw.denominator, 0) + _frac(leave.get("untaken_days_previous_years", 0))
        if days:
            net = sum(wages) - sum(overtime)
            pay = _round(2 * net / len(wages) / Fraction("21.75") * days)
        else:
            pay = Fraction(0)
        out["annual_leave_pay"] = _money(pay)
        items.append(pay)
    if "no_written_contract_months" in x:
        extra_months = min(max(x["no_written_contract_months"] - 1, 0), 11)
        pay = _round(sum(wages) / len(wages) * extra_months) if extra_months else Fraction(0)
        out["double_wage"] = _money(pay)
        items.append(pay)
    if extra is not None:
        items.append(extra)
    out["lawful"] = lawful
    out["total"] = _money(sum(items, Fraction(0)))
    return out


FIELDS = ("lawful", "compensation_months", "monthly_base", "economic_compensation", "notice_pay", "annual_leave_pay",
          "double_wage", "unlawful_termination_damages", "total")


def main(argv: list[str]) -> int:
    with open(argv[1], "rb") as handle:
        items = json.load(handle)
    sys.stdout.write(json.dumps([assess(x) for x in items], ensure_ascii=False))
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
