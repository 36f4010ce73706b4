"""The law engine as the cases, the calculator and the portal call it: on the company's working
calendar (the holiday table HR keeps, org/holidays.py), and what a result cannot say by itself
(the wage base missing, a local average older than the year the rule needs)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from farewell import law
from farewell.law.i18n import ZH, norm
from farewell.law.inputs import LawInputError
from farewell.law.options import Options
from farewell.law.practices import PRACTICES, options_for_practice, practice_for_city
from farewell.org.holidays import work_calendar

from .workflow import CaseError

# The engine input key beside `local_avg_monthly_wage`: the statistical year of that figure, so that a
# result computed with an older year than LCL 47 ¶2 needs (the year before separation) is marked
# provisional (services.cap_unknown_check). The engine ignores keys it does not know.
AVERAGE_YEAR_KEY = "local_avg_monthly_wage_year"
# The first day of the minimum wage the input carries (the engine ignores the key): a figure older than the
# law's adjustment period may have been replaced by one nobody entered (services.minimum_wage_check).
MIN_WAGE_FROM_KEY = "local_min_wage_from"
PROVISIONAL_CODE = "local_average_provisional"
# The years before the year of separation whose untaken annual leave the input counts, by year ({"2026": 15}):
# years not over on the day the separation was planned (services.open_leave_years), so the days can be named
# beside the figure and HR asked to check them (services.open_leave_check). The engine ignores the key.
OPEN_LEAVE_YEARS_KEY = "annual_leave_open_years"
# Beside it, the days of each of those years HR recorded as taken ({"2026": "4"}; cases/leave_years.py): the
# input's untaken days of earlier years are then Σ max(entitlement − taken, 0). The engine ignores the key.
OPEN_LEAVE_TAKEN_KEY = "annual_leave_open_years_taken"


# --- the local practice (law/practices.py): the company city's default, or a case's override -------

# The engine input key that carries the practice a result is computed under, so that a stored run says
# which options it used and is recomputed the same way (the engine ignores keys it does not know):
# {"practice": a code of law.PRACTICES or None (the national rules), "chosen_by": "city" | "case" | "calculator",
#  "city_default": the city's code or None, "reason": the case's reason for an override}.
OPTIONS_KEY = "practice_options"
# What a case stores in its facts to override the city's default; NATIONAL = the national rules.
OVERRIDE_KEY = "practice_override"
NATIONAL = "national"
CHOSEN_BY_CITY = "city"
CHOSEN_BY_CASE = "case"
CHOSEN_IN_CALCULATOR = "calculator"  # picked on the calculator page for one computation (nothing is kept)


def practice_choice(city: str | None, override: dict | None = None) -> dict:
    """The `OPTIONS_KEY` value for a company in `city`, with a case's override ({"practice", "reason"})."""
    default = practice_for_city(city)
    choice = {"practice": default.code if default else None, "chosen_by": CHOSEN_BY_CITY,
              "city_default": default.code if default else None, "reason": ""}
    if override and override.get("practice"):
        code = override["practice"]
        choice.update(practice=None if code == NATIONAL else code, chosen_by=CHOSEN_BY_CASE,
                      reason=str(override.get("reason") or ""))
    return choice


def options_for(data: Any) -> Options | None:
    """The engine options an input carries under `OPTIONS_KEY`; None (the national defaults) without it.
    An unknown code is an error of the caller's data, not of the law: the national rules apply and the
    result names no practice."""
    if not isinstance(data, dict):
        return None
    choice = data.get(OPTIONS_KEY)
    if not isinstance(choice, dict):
        return None
    code = choice.get("practice")
    return options_for_practice(code) if code in PRACTICES else Options()


def without_options(data: Any) -> Any:
    """`data` without `OPTIONS_KEY` (in an object, or in each object of a list): for input from outside
    (the API), where the contract ignores keys it does not name."""
    if isinstance(data, dict) and OPTIONS_KEY in data:
        return {key: value for key, value in data.items() if key != OPTIONS_KEY}
    if isinstance(data, list):
        return [without_options(item) if isinstance(item, dict) else item for item in data]
    return data


def _with_choice(output: dict, data: Any) -> dict:
    """The result with `practice_choice` (extra output field): who chose the practice and why, shown
    with the explanation (the engine's `practice` names the practice and its source)."""
    if isinstance(data, dict) and isinstance(data.get(OPTIONS_KEY), dict):
        choice = data[OPTIONS_KEY]
        output["practice_choice"] = {key: choice.get(key) for key in ("practice", "chosen_by", "city_default", "reason")}
    return output


def compute_json(data: Any, *, lang: str | None = None) -> dict | list:
    """`law.compute_json` counted on the holiday table as well as the engine's own calendar data, under
    the practice the input carries (`OPTIONS_KEY`: the company city's, or the case's override).
    `lang`: the language of the result's texts — the page's for what is shown and not kept (the
    calculator, the estimates); a case's stored runs stay in the engine's Chinese (the record)."""
    calendar = work_calendar()
    if type(data) is not list:
        return _with_choice(law.compute(data, options_for(data), calendar=calendar, lang=lang).as_dict(), data)
    out = []
    for index, item in enumerate(data):
        try:
            out.append(_with_choice(law.compute(item, options_for(item), calendar=calendar, lang=lang).as_dict(), item))
        except LawInputError as error:
            raise error.within(f"[{index}]") from None
    return out


# --- a stored run in the reader's language ---------------------------------------------------------

# The texts of a result (README, Output): what a language changes. Everything else — the verdict, the codes,
# N, the money, the dates — is the record and must read the same in both languages.
_TEXT_KEYS = frozenset({"message", "article", "formula", "citation", "title", "summary", "practice", "assumptions"})


def _record_part(value: Any) -> Any:
    """`value` without its texts: what must not change when a result is re-worded."""
    if isinstance(value, dict):
        return {key: _record_part(item) for key, item in value.items() if key not in _TEXT_KEYS}
    if isinstance(value, list):
        return [_record_part(item) for item in value]
    return value


_STORED_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def _as_given(value: Any) -> Any:
    """A stored engine input as the engine was given it: EngineRun.input keeps Decimals as strings
    (DjangoJSONEncoder); the engine takes numbers. The practice choice (free text) is left as stored."""
    if isinstance(value, dict):
        return {key: item if key == OPTIONS_KEY else _as_given(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_given(item) for item in value]
    if isinstance(value, str) and _STORED_NUMBER.fullmatch(value):
        return Decimal(value)
    return value


def run_in_language(data: Any, output: dict, lang: str | None) -> dict:
    """A stored run's output worded in `lang`. Runs are stored in the engine's Chinese (the record); another
    language recomputes the texts from the stored input and uses them only when every figure, code and date
    comes out as stored (the same engine version on the same calendar): money is never recomputed for a reader.
    When anything differs (a newer engine, a holiday entered since) the run is shown as stored, marked
    `as_recorded` so the page says why its texts are Chinese."""
    if norm(lang) == ZH or not isinstance(data, dict):
        return output
    try:
        worded = compute_json(_as_given(data), lang=lang)
    except (LawInputError, ArithmeticError):
        worded = None
    if isinstance(worded, dict) and _record_part(worded) == _record_part(output):
        return worded
    return {**output, "as_recorded": True}


def year_needed(data: dict) -> int | None:
    """The statistical year of the local average the rule needs: the year before separation (LCL 47 ¶2)."""
    try:
        return dt.date.fromisoformat(str(data.get("separation_date"))).year - 1
    except ValueError:
        return None


def average_year_used(data: dict) -> int | None:
    value = data.get(AVERAGE_YEAR_KEY)
    try:
        return None if value in (None, "") else int(value)
    except (TypeError, ValueError):
        return None


def provisional(checks: list | None) -> dict | None:
    """The provisional mark of a result (its years), from the checks shown with it; None when final."""
    for check in checks or []:
        if check.get("code") == PROVISIONAL_CODE:
            return {"year_used": check.get("year_used"), "year_needed": check.get("year_needed")}
    return None


# --- monthly_wages: never "nothing is owed" without them ------------------------------------------

WAGES_REQUIRED = "monthly_wages"


def _wages_given(data: dict) -> bool:
    return bool(data.get("monthly_wages")) if isinstance(data, dict) else True


def wages_missing(data: Any, result: dict | None, error: LawInputError | None) -> bool:
    """The wage base is missing where the result needs it: the engine says so (an input error on
    `monthly_wages`), or, from an engine that does not check it yet, a result with N or annual leave or
    double wages to pay and no money for them."""
    if not isinstance(data, dict) or _wages_given(data):
        return False
    if error is not None:
        return (error.field or "").split(".")[-1] == WAGES_REQUIRED
    if not result:
        return False
    if result.get("compensation_months") and result.get("economic_compensation") is None \
            and result.get("unlawful_termination_damages") is None:
        return True
    if data.get("annual_leave") and result.get("annual_leave_pay") is None:
        return True
    return bool((data.get("no_written_contract_months") or 0) > 1 and result.get("double_wage") is None)


def wages_message(*, employee_side: bool = False) -> str:
    """What each page says instead of a result when the wages are missing (the field named)."""
    if employee_side:
        return _("档案中没有您离职前12个月的月工资记录，暂时无法估算补偿金额。请联系HR补充工资记录。")
    return _("请填写月工资（离职前十二个月的应发工资）：没有月工资无法计算经济补偿、年休假工资等应付款项，不能视为无需支付。")


class WagesMissing(CaseError):
    """A case's engine run needs the monthly wages the records do not have (nothing is stored as a result)."""


def case_wages_message() -> str:
    return _("请填写月工资：该员工离职前十二个月没有月工资记录，无法计算经济补偿、年休假工资等应付款项。"
             "请在员工档案中录入或导入月工资后重新计算。")
