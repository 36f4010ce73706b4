"""The PRC labour-law engine: is a separation lawful, what is owed, and why — pure Python.

`compute(data, options=None, *, calendar=None, lang=None) -> Result` takes the README's input
object (shared/law/README.md) or a parsed `Input`; `Result.as_dict()` is the README's output
(plus `summary`: N × base multiplied out; `practice`; `assumptions` for civil servants).
`lang="en"` gives every text (formulas, messages, titles, citations) in English (i18n.py).
`LawInputError(field, message)` is raised for input it does not understand. No Django here:
`farewell law compute` (cli.py) runs with an empty environment.

Modules read like the statute: grounds.py (the grounds table), service.py (years of
service), compensation.py (LCL 46, 47, 87, 97; Reg. 25, 27; 1994 Measures), protections.py
(LCL 42, 45; CSL 89), probation.py (LCL 19, 21), notice.py (LCL 37, 40), union.py
(LCL 43), annual_leave.py, double_wage.py (LCL 82), overtime.py (劳动法 44), procedure.py
(LCL 41, 50; 民法典 201–203), calendar.py (working days), retirement.py, civil_service.py,
wage_tables.py (local wage figures), money.py (Decimal, 大写), options.py.

Grounds (`CN`): resignation (LCL 37), employer_fault_resignation (38),
mutual_employer_initiated, mutual_employee_initiated (36), probation_rejection (39(1)),
misconduct (39(2)–(6)), illness_incapacity, incompetence, objective_change (40(1)–(3)),
economic_layoff (41), expiry_employer_not_renewing, expiry_employee_declines_same_or_better,
expiry_employee_declines_worse_terms (44(1), 46(5)), employer_closure (44(4)(5)),
retirement (44(2)), unlawful_termination (48, 87).
Grounds (`CN-civil-service`): cs_resignation (CSL 85–86), cs_dismissal_two_years_incompetent,
cs_dismissal_refuses_other_post, cs_dismissal_refuses_restructuring,
cs_dismissal_discipline, cs_dismissal_absence (CSL 88(1)–(5)).

Violation codes (severity; article):
- unlawful_termination (violation; LCL 48, 87) — 2N
- protected_status_bars_termination (violation; LCL 42, 48, 87) — LCL 40/41 during a status: 2N
- protected_status_extends_contract (violation; LCL 45, 48, 87) — non-renewal during a status
  other than work injury: 2N
- protected_status_waived (warning; LCL 45) — the employee declines renewal during a status
- work_injury_review_required (warning; 工伤保险条例 35–37) — expiry with work_injury among the statuses
- termination_in_probation (violation; LCL 21, 48, 87) — LCL 40(3) or 41 in lawful probation: 2N
- annual_leave_previous_years_limitation (warning; 劳动争议调解仲裁法 27) — earlier years' leave included
- rejection_after_probation (violation; LCL 21, 39(1)) — 2N
- rejection_after_lawful_probation (violation; LCL 19, 21, 39(1)) — 2N
- probation_too_long (violation; LCL 19, 83) — money unchanged
- union_not_notified (violation, configurable; LCL 43) — money unchanged
- union_notification_unconfirmed (warning; LCL 43) — `union_notified` absent
- resignation_short_notice (violation; LCL 37, 90)
- pre2008_social_insurance_fault (warning; 法释〔2001〕14号 15) — LCL 38 with pre-2008 service
- cs_dismissal_barred (violation; CSL 89)
- calendar_year_unknown (warning; 民法典 203) — no holiday data: Monday–Friday assumed

Options (options.Options; the CLI uses the defaults):
- pre2008_counting = "segmented" (MOHRSS) | "one_span"
- union_notification_severity = "violation" | "warning"
- day_off_reading = "broad" (weekends and holiday spans) | "narrow" (holiday spans only)
- damages_counting = "whole_service" (Reg. 25) | "segmented"
- pre2008_local_rule = None | LocalPre2008Rule(province, grounds, citation, year_cap)
- average_overtime = "included" | "excluded"; notice_pay_base = "previous_month" | "average";
  leave_year_days = "365" | "actual"; practice = None | a code of practices.PRACTICES
  (practices.options_for_city(city) gives a company's default; docs/law/choices.md)
"""

from __future__ import annotations

# Everything is imported on first use (PEP 562): `farewell law compute` starts its worker process
# before the engine is imported, so that both import it at once (issue 15: 20,000 separations a
# second as a whole process), and `from farewell import law` costs nothing until used.
_LAZY = {
    "DEFAULT_CALENDAR": ("calendar", "DEFAULT_CALENDAR"),
    "HolidayEntry": ("calendar", "HolidayEntry"),
    "WorkCalendar": ("calendar", "WorkCalendar"),
    "add_working_days": ("calendar", "add_working_days"),
    "is_day_off": ("calendar", "is_day_off"),
    "is_working_day": ("calendar", "is_working_day"),
    "next_working_day": ("calendar", "next_working_day"),
    "year_known": ("calendar", "year_known"),
    "compute": ("engine", "compute"),
    "compute_json": ("engine", "compute_json"),
    "Input": ("inputs", "Input"),
    "LawInputError": ("errors", "LawInputError"),
    "parse_input": ("inputs", "parse_input"),
    "round_half_up": ("money", "round_half_up"),
    "to_chinese_capital": ("money", "to_chinese_capital"),
    "DEFAULT_OPTIONS": ("options", "DEFAULT_OPTIONS"),
    "LocalPre2008Rule": ("options", "LocalPre2008Rule"),
    "Options": ("options", "Options"),
    "PRACTICES": ("practices", "PRACTICES"),
    "options_for_city": ("practices", "options_for_city"),
    "options_for_practice": ("practices", "options_for_practice"),
    "practice_for_city": ("practices", "practice_for_city"),
    "ENGINE_VERSION": ("result", "ENGINE_VERSION"),
    "Line": ("result", "Line"),
    "Result": ("result", "Result"),
    "long_service_near_retirement": ("retirement", "long_service_near_retirement"),
    "retirement_near_long_service": ("retirement", "retirement_near_long_service"),
    "statutory_retirement_age": ("retirement", "statutory_retirement_age"),
    "statutory_retirement_date": ("retirement", "statutory_retirement_date"),
    "wage_table_lookup": ("wage_tables", "lookup"),
    "wage_tables_for": ("wage_tables", "wage_tables_for"),
}


def __getattr__(name: str):
    if name in _LAZY:
        from importlib import import_module

        module, attribute = _LAZY[name]
        value = getattr(import_module(f"{__name__}.{module}"), attribute)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


__all__ = [
    "DEFAULT_CALENDAR",
    "DEFAULT_OPTIONS",
    "HolidayEntry",
    "WorkCalendar",
    "add_working_days",
    "compute_json",
    "is_day_off",
    "is_working_day",
    "long_service_near_retirement",
    "next_working_day",
    "retirement_near_long_service",
    "statutory_retirement_age",
    "statutory_retirement_date",
    "wage_table_lookup",
    "wage_tables_for",
    "year_known",
    "ENGINE_VERSION",
    "Input",
    "LawInputError",
    "Line",
    "LocalPre2008Rule",
    "Options",
    "PRACTICES",
    "options_for_city",
    "options_for_practice",
    "practice_for_city",
    "Result",
    "compute",
    "parse_input",
    "round_half_up",
    "to_chinese_capital",
]
