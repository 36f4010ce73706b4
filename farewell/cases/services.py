"""The cases app's operations: from the records to the law engine (DESIGN: the table and the
inputs) and back, and the separation case's state changes (STYLE 2-3: keyword-only actor, one
transaction, the ledger row inside it, notifications on commit)."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from farewell import law
from farewell.accounts.models import User
from farewell.accounts.services import deactivate_user
from farewell.common.dates import EARLIEST_DATE, too_early_message
from farewell.common.money import round_money
from farewell.common.notifications import notify
from farewell.common.templatetags.punct import enumeration_comma, marks
from farewell.common.wording import Joined, Words, choice, in_each_language
from farewell.law.annual_leave import days_passed_this_year, entitlement_days, untaken_days
from farewell.law.compensation import HIGH_EARNER_MULTIPLE
from farewell.law.inputs import LawInputError
from farewell.law.money import fmt_number
from farewell.ledger.models import LedgerEntry
from farewell.ledger.services import record
from farewell.org import facts as page_facts
from farewell.org.models import (
    Contract,
    ContractKind,
    Employee,
    EmployeeStatus,
    JobChange,
    JobChangeKind,
    WageMonth,
)
from farewell.org.tenure import cumulative_work_years, span
from farewell.org.wages import figures_for
from farewell.records.models import TrainingRecord

from . import civil_service, engine_calls, leave_years, notices, workflow
from . import signals as case_signals
from .layoff_size import employer_headcount, layoff_size
from .models import (
    CASE_GROUNDS,
    DECIDED_STEP_STATUSES,
    OPEN_STATUSES,
    PENDING_STEP_STATUSES,
    BatchStatus,
    CaseFamily,
    CaseMessage,
    CaseSettings,
    CaseStatus,
    CaseStep,
    CaseType,
    CompensationPolicy,
    EmployeeDemand,
    EngineRun,
    Risk,
    SeparationCase,
    StepKind,
    StepReminder,
    StepStatus,
    Via,
)
from .presentation import ITEM_LABELS, NOTICE_CODES
from .uploads import DocumentError, check_document
from .workflow import CaseError, StaleState


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _months_back(month: dt.date, count: int) -> dt.date:
    index = month.year * 12 + month.month - 1 - count
    return dt.date(index // 12, index % 12 + 1, 1)


def wage_months_before(employee: Employee, separation_date: dt.date) -> list[WageMonth]:
    """The 12 calendar months before the month of separation, oldest first; months not worked
    are simply absent (实施条例第27条: fewer months → the months actually worked)."""
    end = _month_start(separation_date)
    return page_facts.wage_months(employee, _months_back(end, 12), end)


def missing_wage_months(employee: Employee, separation_date: dt.date) -> list[dt.date]:
    """Months of the 12-month window, after hire, that have no wage record: months not worked
    count for nothing (Reg. 27), but a month simply not paid or not imported yet shrinks the
    average's divisor silently — HR must be told."""
    end = _month_start(separation_date)
    start = max(_months_back(end, 12), _month_start(employee.hire_date))
    have = set(WageMonth.objects.filter(employee=employee, month__gte=start, month__lt=end)
               .values_list("month", flat=True))
    months, month = [], start
    while month < end:
        if month not in have:
            months.append(month)
        month = _months_back(month, -1)
    return months


def protected_statuses_on(employee: Employee, day: dt.date) -> list[str]:
    """Protected statuses holding on `day`; kinds are decrypted in Python (they are encrypted at rest)."""
    return page_facts.protected_kinds_on(employee, day)


def open_leave_years(employee: Employee, *, separation_date: dt.date, planned_on: dt.date) -> dict[str, int]:
    """The untaken annual-leave days of each year before the year of separation that was not over on
    `planned_on` (the day the separation was planned), by year: the employee was still working through it, so
    nobody had arranged or paid its leave yet. Each is counted as the year of separation is, none taken (the
    records hold no leave taken): that year's entitlement at this employer, floored (Leave Measures 10, 12).
    Without them a last day moved into January would lose the whole year before (prc_rules §5)."""
    years: dict[str, int] = {}
    for year in range(max(planned_on.year, employee.hire_date.year), separation_date.year):
        year_end = dt.date(year, 12, 31)
        work_years = cumulative_work_years(employee.first_work_date, as_of=year_end)
        if work_years is None:
            continue
        days = untaken_days(days_passed_this_year(employee.hire_date, year_end), entitlement_days(work_years), 0)
        if days:
            years[str(year)] = days
    return years


def engine_input_for(employee: Employee, *, ground: str, separation_date: dt.date,
                     planned_on: dt.date | None = None) -> dict:
    """The engine's JSON input for this employee, built from the records; `planned_on`: the day the separation
    was planned (default today), which decides the earlier years whose leave is still open (open_leave_years)."""
    wages = wage_months_before(employee, separation_date)
    data: dict = {
        "jurisdiction": str(employee.rule_pack or "CN"),  # a plain str: the engine checks JSON types
        "ground": ground,
        "hire_date": employee.hire_date.isoformat(),
        "separation_date": separation_date.isoformat(),
        "monthly_wages": [w.total for w in wages],
        "overtime_pay_included": [w.overtime for w in wages],
    }
    if wages and wages[-1].month == _months_back(_month_start(separation_date), 1):
        data["last_month_wage"] = wages[-1].total
    statuses = protected_statuses_on(employee, separation_date)
    # LCL 42(5); with no retirement category on file the law module's default for the gender applies.
    if law.retirement_near_long_service(employee, separation_date):
        statuses.append("long_service_near_retirement")
    if statuses:
        data["protected_status"] = statuses
    contract = page_facts.latest_contract(employee)
    if contract is not None:
        if contract.probation_end_date:
            data["probation_end_date"] = contract.probation_end_date.isoformat()
        if contract.kind == ContractKind.FIXED_TERM and contract.term_months is not None:
            data["contract_term_months"] = contract.term_months
    years = cumulative_work_years(employee.first_work_date, as_of=separation_date)
    # Civil servants' untaken leave follows the organ's own pay rules (prc_rules §6): no annual-leave input.
    if years is not None and data["jurisdiction"] == "CN":
        data["annual_leave"] = {"cumulative_work_years": years, "days_taken_this_year": 0}
        earlier = open_leave_years(employee, separation_date=separation_date,
                                   planned_on=planned_on or timezone.localdate())
        if earlier:
            data["annual_leave"]["untaken_days_previous_years"] = sum(earlier.values())
            data[engine_calls.OPEN_LEAVE_YEARS_KEY] = earlier
    # The local practice of the company's city (law/practices.py), named in the result; a case may override it.
    data[engine_calls.OPTIONS_KEY] = engine_calls.practice_choice(employee.company.city)
    figures = figures_for(employee.company.city, separation_date)
    if figures is not None:
        data.update(figures.as_input())
        if figures.local_avg_monthly_wage is not None:
            # Which year's average it is: an older one than LCL 47 ¶2 needs makes the result provisional.
            data[engine_calls.AVERAGE_YEAR_KEY] = figures.local_avg_monthly_wage.year
        if figures.local_min_wage is not None and figures.local_min_wage.effective_from is not None:
            data[engine_calls.MIN_WAGE_FROM_KEY] = figures.local_min_wage.effective_from.isoformat()
    return data


def tenure_text(employee: Employee, as_of: dt.date) -> str:
    return str(span(employee.hire_date, as_of))


def as_decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


@dataclass(frozen=True)
class Outcome:
    result: dict | list | None
    error: LawInputError | None = None


def calculate(data) -> Outcome:
    """Run the engine on one input object or a list, its texts in the page's language; input errors
    come back, never raise."""
    early = _date_before_1950(data)
    if early is not None:
        return Outcome(None, early)
    try:
        return Outcome(engine_calls.compute_json(data, lang=get_language()))
    except LawInputError as exc:
        return Outcome(None, exc)


CALCULATOR_DATES = ("hire_date", "separation_date", "probation_end_date")


def _date_before_1950(data) -> LawInputError | None:
    """The calculator refuses a date before 1950 like the forms do (common/dates.py), naming the field;
    anything else about the input is the engine's to judge."""
    items = data if isinstance(data, list) else [data]
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        for name in CALCULATOR_DATES:
            value = item.get(name)
            try:
                day = dt.date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
            except ValueError:
                day = None
            if day is not None and day < EARLIEST_DATE:
                error = LawInputError(name, too_early_message(day))
                return error.within(f"[{index}]") if isinstance(data, list) else error
    return None


def form_initial_for(employee: Employee, *, ground: str, separation_date: dt.date) -> dict:
    """The calculator form's initial values for an employee, from engine_input_for()."""
    data = engine_input_for(employee, ground=ground, separation_date=separation_date)
    initial = {k: v for k, v in data.items() if k not in ("monthly_wages", "overtime_pay_included", "annual_leave")}
    initial["monthly_wages"] = ", ".join(f"{w:.2f}" for w in data["monthly_wages"])
    if any(data["overtime_pay_included"]):
        initial["overtime_pay_included"] = ", ".join(f"{w:.2f}" for w in data["overtime_pay_included"])
    if "annual_leave" in data:
        initial["cumulative_work_years"] = data["annual_leave"]["cumulative_work_years"]
        initial["days_taken_this_year"] = data["annual_leave"]["days_taken_this_year"]
        initial["untaken_days_previous_years"] = data["annual_leave"].get("untaken_days_previous_years")
    return initial


# =============================================================================================
# Separation cases: every state change is a function with a keyword-only actor that runs in one
# transaction, writes its ledger row inside it and sends notifications on commit (STYLE 2-3).
# =============================================================================================

logger = logging.getLogger(__name__)
LEDGER_TYPE = "cases.separationcase"
# LCL 37: 30 days' written notice, 3 days in probation.
RESIGNATION_NOTICE_DAYS = 30
PROBATION_NOTICE_DAYS = 3
# LCL 40(2): training or a changed post must precede a dismissal for incompetence.
TRAINING_EVIDENCE_DAYS = 365
TRAINING_EVIDENCE_GROUNDS = {"incompetence", "cs_dismissal_two_years_incompetent"}
DEFAULT_CAP_MONTHS = Decimal(1)


def case_link(case: SeparationCase) -> str:
    return reverse("cases:case_detail", args=[case.code])


def _record(case: SeparationCase, event: str, payload: dict, *, actor) -> None:
    record(LEDGER_TYPE, case.code, {"case": case.code, "employee": case.employee.code, **payload},
           actor=actor, event=event)


def _notify_all(users, subject, body, *, link: str) -> int:
    """Notify each active user once; returns how many notifications were created. Subject and body are
    typed text or common.wording parts (worded in each reader's language when shown)."""
    seen = set()
    for user in users:
        if user is None or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        notify(user, subject, body, link=link)
    return len(seen)


# --- the engine and the checks ---------------------------------------------------------------


def resignation_last_day(employee: Employee, notice_date: dt.date) -> dt.date:
    """LCL 37: the contract ends 30 days after written notice, 3 days when given in probation."""
    contract = employee.contracts.order_by("-sequence").first()
    in_probation = bool(contract and contract.probation_end_date and notice_date <= contract.probation_end_date)
    return notice_date + timedelta(days=PROBATION_NOTICE_DAYS if in_probation else RESIGNATION_NOTICE_DAYS)


def compensation_policy_for(case: SeparationCase) -> CompensationPolicy | None:
    # The company's own policies only (issue 13); its policy for the case type before its default.
    candidates = CompensationPolicy.objects.filter(company=case.company_id, case_type__in=[case.case_type, ""])
    return min(candidates, key=lambda p: p.case_type == "", default=None)


def planned_on(case: SeparationCase) -> dt.date:
    """The day the separation was planned: the written notice's, or the day the case was recorded if earlier.
    Fixed for the case, so that its earlier leave years (open_leave_years) do not change when it runs again."""
    recorded = timezone.localdate(case.created_at) if case.created_at else timezone.localdate()
    return min(recorded, case.notice_date) if case.notice_date else recorded


def case_leave_years(case: SeparationCase, *, separation_date: dt.date | None = None) -> dict[str, int]:
    """The years before the case's year of separation whose leave is still open (open_leave_years), with each
    year's entitlement: the facts form asks for each one's days taken. None for a case without annual leave.
    `separation_date`: the date a save gives (the form lists the years for it), the case's by default."""
    separation_date = separation_date or case.separation_date
    if case.is_civil_service or case.employee.rule_pack != "CN" or not separation_date:
        return {}
    return open_leave_years(case.employee, separation_date=separation_date, planned_on=planned_on(case))


def notice_given_days(case: SeparationCase, *, separation_date: dt.date | None = None):
    """The days of written notice the case records (LCL 40: 30 or more, no 代通知金): HR's own count
    (facts["notice_given_days"]) when entered, else from its 书面通知日 to the last day (`separation_date`, the
    case's by default); None when neither is known. The engine's input, the dismissal notice and the employee's
    portal estimate all read it here, so they cannot disagree."""
    given = (case.facts or {}).get("notice_given_days")
    if given is not None and given != "":
        return given
    separation_date = separation_date or case.separation_date
    if case.notice_date and separation_date:
        return max((separation_date - case.notice_date).days, 0)
    return None


def case_engine_input(case: SeparationCase) -> dict:
    data = engine_input_for(case.employee, ground=case.ground, separation_date=case.separation_date,
                            planned_on=planned_on(case))
    facts = case.facts or {}
    if facts.get(engine_calls.OVERRIDE_KEY):
        # HR's choice of practice for this case, with its reason (recorded in the ledger by update_case).
        data[engine_calls.OPTIONS_KEY] = engine_calls.practice_choice(
            case.employee.company.city, facts[engine_calls.OVERRIDE_KEY])
    # The earlier years' leave (cases/leave_years.py): HR's total, else each open year's days taken.
    leave_years.apply_to_input(data, facts)
    for key, value in facts.items():
        if value is None or value == "" or key in (engine_calls.OVERRIDE_KEY, leave_years.TAKEN_BY_YEAR):
            continue
        if key in ("days_taken_this_year", "untaken_days_previous_years") and "annual_leave" in data:
            if key == "days_taken_this_year":  # the year of separation's (the form names it)
                data["annual_leave"][key] = Decimal(str(value))
            continue
        if key == "local_avg_monthly_wage":
            data.pop(engine_calls.AVERAGE_YEAR_KEY, None)  # HR's own figure for this case: its year is not known
        if key == "local_min_wage":
            data.pop(engine_calls.MIN_WAGE_FROM_KEY, None)  # HR's own figure for this case
        data[key] = value
    given = notice_given_days(case)
    if given is not None:
        data["notice_given_days"] = given
    if case.extra_compensation:
        data["extra_compensation"] = case.extra_compensation
    if case.ground == "economic_layoff":
        # LCL 41 ¶1: the batch's size and the headcount on its planned date, judged as on the batch page.
        if case.family_id:
            size = layoff_size(case.family)
            data["layoff_headcount"], data["employer_headcount"] = size.layoff_headcount, size.employer_headcount
        else:
            data["layoff_headcount"] = 1
            data["employer_headcount"] = employer_headcount(case.company_id, case.separation_date)
    return data


# The app's own checks (the local figures', the wage records', the policy's), worded from values kept with
# them (a stored run is worded again in the reader's language: checks_as_worded).
def _provisional_message(needed, used) -> str:
    return (_("暂定结果：封顶所需的是%(needed)s年度当地职工月平均工资，尚未录入（或尚未公布），"
              "本次按%(used)s年度的数据计算。公布后请在 设置 › 当地工资标准 中补充，并重新计算。")
            % {"needed": needed, "used": used})


def _missing_average_message() -> str:
    return _("缺少当地上年度职工月平均工资：无法判断月工资是否超过其三倍、工作年限是否应按最多十二年计算，"
             "金额可能偏高。请在 设置 › 当地工资标准 中补充本市数据后重新计算。")


def _min_wage_message(minimum: Decimal, since: str) -> str:
    return (_("本次使用的当地最低工资标准（%(amount)s 元）自 %(since)s 起执行，已超过两年；最低工资标准每两年至少调整一次，"
              "可能已有新标准。员工的平均工资接近该标准，新标准可能提高补偿基数（《劳动合同法实施条例》第二十七条）。"
              "请核对后在 设置 › 当地工资标准 中补充，并重新计算。") % {"amount": f"{minimum:,.2f}", "since": since})


def _wage_months_message(months: list[str], used: int) -> str:
    return (_("离职前12个月中有 %(n)s 个月没有工资记录（%(months)s），月平均工资按 %(used)s 个月计算。"
              "这些月份如有出勤，请在工资入账后重新计算。")
            % {"n": len(months), "months": enumeration_comma().join(months), "used": used})


# LCL 47 ¶2 caps only a monthly base above three times the local average. With the figure the rule needs
# missing or older than the year before separation, the result can change only where the base could exceed
# three times the figure that will apply, which nobody knows yet. A base below CAP_REACH_MARGIN of three times
# the older figure is taken as out of its reach (room for a later year's figure lower by up to a fifth: a change
# of statistical method, a fall; a choice, one constant). With no figure at all, a base of at most three times the
# minimum wage cannot reach it: a city's average wage is always above its minimum wage (《最低工资规定》 sets the
# minimum well below the average).
CAP_REACH_MARGIN = Decimal("0.8")


def _decimal_or_none(value) -> Decimal | None:
    try:
        return None if value in (None, "") else Decimal(str(value))
    except (ArithmeticError, ValueError, TypeError):
        return None


def cap_cannot_bind(data: dict, output: dict) -> bool:
    """The 3× cap cannot act on this result whatever the missing or newer local average turns out to be
    (CAP_REACH_MARGIN); False when the base or the figure to compare it with is not known."""
    base = _decimal_or_none(output.get("monthly_base"))
    if base is None:
        return False
    average = _decimal_or_none(data.get("local_avg_monthly_wage"))
    if average is not None:
        return base < HIGH_EARNER_MULTIPLE * average * CAP_REACH_MARGIN
    minimum = _decimal_or_none(data.get("local_min_wage"))
    return minimum is not None and base <= HIGH_EARNER_MULTIPLE * minimum


def cap_unknown_check(data: dict, output: dict | None) -> dict | None:
    """LCL 47 ¶2 caps the monthly base at 3× the local average wage and the years at 12 for high
    earners; with no local average the engine cannot apply the cap, and an uncapped amount must
    not read as settled. None when there is nothing to say (no compensation, or the figure given).

    A figure of an older year than the one the rule needs (the year before separation: not yet published
    or not yet entered) marks the result provisional, with both years (`local_average_provisional`)."""
    if not output or not isinstance(data, dict):
        return None
    if not output.get("economic_compensation") and not output.get("unlawful_termination_damages"):
        return None
    if cap_cannot_bind(data, output):  # the base is below the cap whichever figure applies: nothing provisional
        return None
    if data.get("local_avg_monthly_wage") is not None:
        used, needed = engine_calls.average_year_used(data), engine_calls.year_needed(data)
        if used is None or needed is None or used >= needed:
            return None
        return {
            "code": engine_calls.PROVISIONAL_CODE, "severity": "warning", "article": "《劳动合同法》第四十七条第二款",
            "year_used": used, "year_needed": needed,
            "message": _provisional_message(needed, used),
        }
    return {
        "code": "local_average_missing", "severity": "warning", "article": "《劳动合同法》第四十七条第二款",
        "message": _missing_average_message(),
    }


# 《最低工资规定》第十条第二款: "最低工资标准每两年至少调整一次". A figure in force for longer than that at the
# separation date may have been replaced by a newer one nobody entered. It only moves the money when the
# average wage is near it (Reg. 27 raises an average below it), so the warning is given when the average is
# below MIN_WAGE_MARGIN times the figure (an adjustment or two of 10–15 % each: a choice, one constant).
MIN_WAGE_ADJUSTMENT_YEARS = 2
MIN_WAGE_MARGIN = Decimal("1.3")


def minimum_wage_check(data: dict, output: dict | None) -> dict | None:
    """A warning when the minimum wage used may be out of date and could change the amount; None otherwise."""
    if not output or not isinstance(data, dict):
        return None
    if not output.get("economic_compensation") and not output.get("unlawful_termination_damages"):
        return None
    since, minimum, wages = data.get(engine_calls.MIN_WAGE_FROM_KEY), data.get("local_min_wage"), data.get("monthly_wages")
    try:
        since = dt.date.fromisoformat(str(since))
        separation = dt.date.fromisoformat(str(data.get("separation_date")))
        minimum = Decimal(str(minimum))
        average = sum(Decimal(str(w)) for w in wages) / len(wages)
    except (ValueError, TypeError, ArithmeticError, ZeroDivisionError):
        return None
    review_by = since.replace(year=since.year + MIN_WAGE_ADJUSTMENT_YEARS, day=min(since.day, 28))
    if separation <= review_by or average >= minimum * MIN_WAGE_MARGIN:
        return None
    return {
        "code": "local_min_wage_outdated", "severity": "warning", "article": "《最低工资规定》第十条第二款",
        "since": since.isoformat(),
        "message": _min_wage_message(minimum, since.isoformat()),
    }


OPEN_LEAVE_CODE = "annual_leave_open_years"


def open_leave_check(data: dict, output: dict | None) -> dict | None:
    """A note naming each earlier open year (open_leave_years) with its entitlement, days taken (HR's, or none
    recorded) and untaken days, so that the figure can be followed and checked against the leave records; None
    when the input counts none (or HR entered the total) or the result has no leave pay."""
    years = data.get(engine_calls.OPEN_LEAVE_YEARS_KEY) if isinstance(data, dict) else None
    if not output or not years or output.get("annual_leave_pay") is None:
        return None
    taken = data.get(engine_calls.OPEN_LEAVE_TAKEN_KEY) or {}
    return {"code": OPEN_LEAVE_CODE, "severity": "warning", "article": "《企业职工带薪年休假实施办法》第十条",
            "years": years, "taken": taken, "message": leave_years.note_message(years, taken)}


def figure_checks(data: dict, output: dict | None) -> list[dict]:
    """The records' figures' warnings for a result: the LCL 47 cap's average missing or provisional, the
    minimum wage possibly out of date, earlier years' leave counted without a record."""
    return [c for c in (cap_unknown_check(data, output), minimum_wage_check(data, output),
                        open_leave_check(data, output)) if c]


def checks_as_worded(run: EngineRun) -> list[dict]:
    """A stored run's own checks for the page, worded in the active language from the values kept with them
    (the local figures', the wage records' and the money policy's checks: their years, dates, months,
    amounts) and the stored input; the others (and a check stored before its values were kept) as stored. Which checks there are is the record:
    none is added or dropped here."""
    return [_reworded(check, run.input if isinstance(run.input, dict) else {}) for check in run.checks or []]


_STORED_WAGE_MONTHS = re.compile(r"没有工资记录（(?P<months>\d{4}-\d{2}(?:、\d{4}-\d{2})*)），月平均工资按 (?P<used>\d+) 个月计算")


def _reworded(check: dict, data: dict) -> dict:
    code = check.get("code")
    try:
        if code == engine_calls.PROVISIONAL_CODE and check.get("year_needed") and check.get("year_used"):
            message = _provisional_message(check["year_needed"], check["year_used"])
        elif code == "local_average_missing":
            message = _missing_average_message()
        elif code == "local_min_wage_outdated" and check.get("since") and data.get("local_min_wage") is not None:
            message = _min_wage_message(Decimal(str(data["local_min_wage"])), check["since"])
        elif code == "wage_months_missing" and isinstance(check.get("months"), list) and check.get("used") is not None:
            message = _wage_months_message(check["months"], check["used"])
        elif code == "wage_months_missing" and (old := _STORED_WAGE_MONTHS.search(check.get("message") or "")):
            # Stored before the months were kept beside the words: read from the Chinese it was written in.
            message = _wage_months_message(old["months"].split("、"), int(old["used"]))
        elif code == "missing_training_evidence":
            message = _training_evidence_message()
        elif code == OPEN_LEAVE_CODE and isinstance(check.get("years"), dict):
            # A run stored before the days taken were kept beside the years recorded none.
            taken = check.get("taken") if isinstance(check.get("taken"), dict) else {}
            message = leave_years.note_message(check["years"], taken)
        elif code == "extra_over_cap" and all(check.get(k) is not None for k in ("extra", "cap", "cap_months")):
            return {**check, "article": _policy_article(),
                    "message": _extra_over_cap_message(check["extra"], check["cap"], check["cap_months"])}
        elif code == "dispute_risk" and all(check.get(k) is not None for k in ("demand", "statutory", "cap")):
            return {**check, "article": _policy_article(), "message": _dispute_risk_message(
                check["demand"], check["statutory"], check["cap"], bool(check.get("over_cap")))}
        else:
            return check
    except (ArithmeticError, ValueError, TypeError):
        return check
    return {**check, "message": message}


def trained_or_reassigned(employee: Employee, today: dt.date | None = None) -> bool:
    """LCL 40(2) 经过培训或者调整工作岗位: a training record, or a recorded change of post (org.JobChange of kind
    position, from one position to another, written by the org services and the people imports), within the last
    TRAINING_EVIDENCE_DAYS. Either leg satisfies the prerequisite."""
    today = today or timezone.localdate()
    since = today - timedelta(days=TRAINING_EVIDENCE_DAYS)
    if TrainingRecord.objects.filter(employee=employee, course_date__gte=since).exists():
        return True
    return JobChange.objects.filter(
        employee=employee, kind=JobChangeKind.POSITION, effective_date__gte=since, effective_date__lte=today,
        old_position__isnull=False, new_position__isnull=False).exists()


def _training_evidence_message() -> str:
    return _("缺少培训或调岗证据：近12个月没有培训或调整工作岗位的记录，不能胜任解除前须先培训或调岗。")


def _policy_article() -> str:
    return _("公司补偿政策")


def _yuan(amount) -> str:
    """An amount in a sentence as HR writes it: 84,000.00 (never 84000.0)."""
    return f"{round_money(amount):,.2f}"


def _yuan_or_dash(amount) -> str:
    return "—" if amount is None else _yuan(amount)


def _extra_over_cap_message(extra, cap, months) -> str:
    return (_("协商额外补偿 %(extra)s 元超出公司政策上限 %(cap)s 元（%(months)s 个月工资）：须经法务审核和领导审批。")
            % {"extra": _yuan(extra), "cap": _yuan(cap), "months": fmt_number(Decimal(str(months)))})


def _dispute_risk_message(demand, statutory, cap, over_cap: bool) -> str:
    message = _(
        "争议风险：员工诉求 %(demand)s 元高于法定金额 %(statutory)s 元。"
        "沟通时先说明法定补偿的计算依据（工作年限、月工资基数和《劳动合同法》第四十七条），"
        "再说明公司可额外给予的范围（至多 %(cap)s 元）。"
    ) % {"demand": _yuan(demand), "statutory": _yuan(statutory), "cap": _yuan(cap)}
    if over_cap:
        return message + _("诉求超出公司政策上限，超出部分须经法务审核和领导审批，不得当场承诺。")
    return message + _("在上限以内的额外补偿由HR审核后可以提出。")


# The checks that state the company's extra-compensation cap (accounts.policy "case.extra_cap": not the manager).
CAP_CHECKS = ("extra_over_cap", "dispute_risk")


def checks_without_cap(checks: list[dict]) -> list[dict]:
    """`checks` as a reader who may not see the extra-compensation cap reads them (the line manager): the cap's
    figures left out and the two checks that state it worded without it. Which checks there are stays the same."""
    shown = []
    for check in checks:
        if check.get("code") not in CAP_CHECKS:
            shown.append(check)
            continue
        kept = {key: value for key, value in check.items() if key not in ("cap", "cap_months", "over_cap")}
        try:
            if check["code"] == "extra_over_cap":
                kept["message"] = _("协商额外补偿 %(extra)s 元超出公司政策上限：须经法务审核和领导审批。") % {
                    "extra": _yuan(check["extra"])}
            else:
                kept["message"] = _("争议风险：员工诉求 %(demand)s 元高于法定金额 %(statutory)s 元。") % {
                    "demand": _yuan(check["demand"]), "statutory": _yuan(check["statutory"])}
        except (KeyError, ArithmeticError, ValueError, TypeError):
            kept["message"] = ""  # stored before its figures were kept beside it: its words name the cap
        shown.append(kept)
    return shown


def _app_checks(case: SeparationCase, output: dict, data: dict) -> tuple[list[dict], Decimal]:
    """Warnings from the records and the money policy, shaped like the engine's violations."""
    if case.is_civil_service:
        # 公务员法: no LCL warning, no policy cap, no demand; the CSL 86/89 checklist and CSL 88(1) instead.
        return civil_service.checks(case), None
    checks: list[dict] = figure_checks(data, output)
    if case.ground in TRAINING_EVIDENCE_GROUNDS:
        if not trained_or_reassigned(case.employee):
            checks.append({
                "code": "missing_training_evidence", "severity": "warning",
                "article": "《劳动合同法》第四十条第二项", "message": _training_evidence_message(),
            })
    # Only where the engine averages wages (not for part-time staff and interns).
    missing = missing_wage_months(case.employee, case.separation_date) if case.employee.rule_pack else []
    if missing:
        months, used = [f"{m:%Y-%m}" for m in missing], len(data.get("monthly_wages") or [])
        checks.append({
            "code": "wage_months_missing", "severity": "warning",
            "article": "《劳动合同法》第四十七条；《劳动合同法实施条例》第二十七条",
            # The months and the count kept beside the words, so the page can word them in its language.
            "months": months, "used": used, "message": _wage_months_message(months, used),
        })
    base = output.get("monthly_base")
    if base is None:
        wages = data.get("monthly_wages") or []
        base = sum(Decimal(str(w)) for w in wages) / len(wages) if wages else 0
    policy_row = compensation_policy_for(case)
    months = policy_row.extra_cap_months if policy_row else DEFAULT_CAP_MONTHS
    cap = round_half(Decimal(str(base)) * months)
    statutory = Decimal(str(output.get("total") or 0)) - case.extra_compensation
    # The amounts kept beside the words (as text: the run is JSON), so the page words them in its language.
    if case.extra_compensation > cap:
        amounts = {"extra": str(case.extra_compensation), "cap": str(cap), "cap_months": str(months)}
        checks.append({
            "code": "extra_over_cap", "severity": "warning", "article": _policy_article(), **amounts,
            "message": _extra_over_cap_message(amounts["extra"], amounts["cap"], amounts["cap_months"]),
        })
    demand = case.employee_demand
    if demand is not None and (demand > statutory or demand > statutory + cap):
        amounts = {"demand": str(demand), "statutory": str(statutory), "cap": str(cap),
                   "over_cap": demand > statutory + cap}
        checks.append({"code": "dispute_risk", "severity": "warning", "article": _policy_article(), **amounts,
                       "message": _dispute_risk_message(**amounts)})
    return checks, cap


def round_half(value: Decimal) -> Decimal:
    return law.round_half_up(value)


# DESIGN, records to engine: part-time (LCL 68–72) and interns get no engine run. Stored as written
# (a legal citation); shown through gettext.
NO_ENGINE_BASIS = gettext_noop(
    "非全日制用工/实习：任何一方可随时通知终止，不支付经济补偿（《劳动合同法》第七十一条）"
)


def record_without_engine(case: SeparationCase, *, actor) -> None:
    """No rule pack for this employment type: record the basis, nothing statutory is owed (total 0);
    the money policy's checks (cap on the extra, the employee's demand) still apply."""
    wages = wage_months_before(case.employee, case.separation_date)
    checks, cap = _app_checks(case, {"total": case.extra_compensation}, {"monthly_wages": [w.total for w in wages]})
    case.legal_basis = NO_ENGINE_BASIS
    case.lawful = True
    case.risk = Risk.WARNING if checks else Risk.NONE
    case.statutory_amount = Decimal(0)
    case.extra_cap = cap
    case.save(update_fields=["legal_basis", "lawful", "risk", "statutory_amount", "extra_cap", "updated_at"])
    _record(case, "case.no_engine", {
        "employment_type": case.employee.employment_type, "legal_basis": NO_ENGINE_BASIS, "total": "0",
        "checks": [c["code"] for c in checks],
    }, actor=actor)


@dataclass(frozen=True)
class Evaluation:
    """The engine and the app's checks on the case's facts as they are now (nothing stored)."""

    data: dict
    output: dict
    checks: list
    cap: Decimal
    violations: list
    warnings: list

    @property
    def lawful(self) -> bool:
        # A blocking check of the app's own (a civil servant's CSL 86/89 "yes") makes the case unlawful too.
        return bool(self.output.get("lawful", True)) and not self.violations

    @property
    def risk(self) -> str:
        if self.violations or not self.lawful:
            return Risk.BLOCKED
        return Risk.WARNING if self.warnings else Risk.NONE


def evaluate(case: SeparationCase) -> Evaluation:
    """Run the engine on the case's facts now; CaseError when the engine cannot compute."""
    data = case_engine_input(case)
    try:
        output = engine_calls.compute_json(data)
    except LawInputError as exc:
        if engine_calls.wages_missing(data, None, exc):
            raise engine_calls.WagesMissing(engine_calls.case_wages_message()) from exc
        raise CaseError(_("法律引擎无法计算：%(field)s %(message)s") % {"field": exc.field, "message": exc.message}) from exc
    if engine_calls.wages_missing(data, output, None):
        raise engine_calls.WagesMissing(engine_calls.case_wages_message())
    checks, cap = _app_checks(case, output, data)
    violations = [v for v in output["violations"] + checks if v["severity"] == "violation"]
    # Information notices (presentation.NOTICE_CODES) are shown on the page but do not make a risk.
    warnings = [v for v in output["violations"]
                if v["severity"] != "violation" and v.get("code") not in NOTICE_CODES]
    warnings += [c for c in checks if c.get("code") not in NOTICE_CODES and c["severity"] != "violation"]
    return Evaluation(data, output, checks, cap, violations, warnings)


def run_engine(case: SeparationCase, *, actor, evaluation: Evaluation | None = None) -> EngineRun | None:
    """Run the engine on the case's facts; store the run and summarise it on the case.
    None when no rule pack applies (the basis is recorded instead)."""
    if case.employee.rule_pack is None:
        record_without_engine(case, actor=actor)
        return None
    try:
        ev = evaluation or evaluate(case)
    except engine_calls.WagesMissing as exc:
        # No result rather than one that reads "nothing is owed"; submission and approval refuse the case
        # (they evaluate again) until the wages are recorded.
        case.lawful, case.risk, case.statutory_amount = None, Risk.WARNING, None
        case.save(update_fields=["lawful", "risk", "statutory_amount", "updated_at"])
        _record(case, "case.engine_run", {"error": "monthly_wages", "message": str(exc)}, actor=actor)
        return None
    output, checks = ev.output, ev.checks
    run = EngineRun.objects.create(
        case=case, input=ev.data, output=output, checks=checks, engine_version=output["engine_version"], actor=actor
    )
    case.lawful = ev.lawful
    case.risk = ev.risk
    case.statutory_amount = Decimal(str(output.get("total") or 0)) - case.extra_compensation
    case.extra_cap = ev.cap
    case.save(update_fields=["lawful", "risk", "statutory_amount", "extra_cap", "updated_at"])
    _record(case, "case.engine_run", {
        "engine_version": run.engine_version, "lawful": ev.lawful, "total": str(output.get("total")),
        "violations": [v["code"] for v in output["violations"]], "checks": [c["code"] for c in checks],
    }, actor=actor)
    return run


def _same_as_stored(run: EngineRun | None, ev: Evaluation) -> bool:
    """The latest stored run says what the engine says now (same input, result and checks)."""
    if run is None:
        return False
    as_stored = json.loads(json.dumps(ev.data, cls=DjangoJSONEncoder))
    return (run.input == as_stored and run.output == json.loads(json.dumps(ev.output, cls=DjangoJSONEncoder))
            and [c.get("code") for c in run.checks] == [c.get("code") for c in ev.checks])


# What moved a result when the reference tables changed (named in the reopen reason, the ledger and the page);
# msgids, worded when shown.
REFERENCE_CAUSES = {
    "local_average": gettext_noop("当地社平工资"),
    "local_minimum": gettext_noop("当地最低工资"),
    "holidays": gettext_noop("节假日"),
    "engine": gettext_noop("规则版本"),
    "records": gettext_noop("员工档案数据"),
    "other": gettext_noop("参考数据"),
}
REFERENCE_DRIFT = "case.reference_drift"
REFERENCE_DRIFT_GONE = "case.reference_drift_gone"
# The ledger events that open or close a standing difference: a reopen (重新提交审批) takes the new run
# into review, so the difference is no longer one from an approved result.
CASE_REOPENED = "case.reopen"
DRIFT_EVENTS = (REFERENCE_DRIFT, REFERENCE_DRIFT_GONE, CASE_REOPENED)


def _as_stored(value):
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _procedure_dates(output: dict) -> dict:
    return {s["step"]: s["due_date"] for s in output.get("procedure") or [] if s.get("due_date")}


def reference_causes(run: EngineRun | None, ev: Evaluation) -> list[str]:
    """Which reference moved the result since `run` (REFERENCE_CAUSES' codes): the local figures read from the
    wage table differ in the input; the procedure dates moved on the same input (the holiday table); the rules."""
    old_in, new_in = (run.input if run else {}), _as_stored(ev.data)
    causes = []
    if any(old_in.get(k) != new_in.get(k) for k in ("local_avg_monthly_wage", engine_calls.AVERAGE_YEAR_KEY)):
        causes.append("local_average")
    if any(old_in.get(k) != new_in.get(k) for k in ("local_min_wage", engine_calls.MIN_WAGE_FROM_KEY)):
        causes.append("local_minimum")
    if run is not None and run.engine_version != ev.output.get("engine_version"):
        causes.append("engine")
    elif run is not None and _procedure_dates(run.output) != _procedure_dates(_as_stored(ev.output)):
        causes.append("holidays")
    return causes or ["other"]


def _approved_figures(statutory, lawful, output: dict) -> dict:
    """What an approval fixed that a reference change can move: the money, the lawfulness, the procedure dates."""
    return {"statutory_amount": None if statutory is None else str(round_money(statutory)),
            "lawful": lawful, "dates": _procedure_dates(_as_stored(output))}


def standing_reference_drift(entries) -> dict | None:
    """The case's recorded difference from its approved run (a REFERENCE_DRIFT entry's payload), unless a
    later re-run found none or the case was reopened since; `entries`: the case's ledger entries."""
    last = max((e for e in entries if e.event in DRIFT_EVENTS),
               key=lambda e: e.seq, default=None)
    if last is None or last.event != REFERENCE_DRIFT or not last.payload:
        return None
    return {**json.loads(last.payload), "timestamp": last.timestamp}


def hold_approved_run(case: SeparationCase, run: EngineRun | None, ev: Evaluation, *, actor,
                      causes: list[str] | None = None) -> bool:
    """An approved (or later) case whose result the reference tables moved keeps its approved run and amount
    (leadership approved them). When the money, the lawfulness or a procedure date differs, the difference is
    recorded once in the ledger and its HR told; the same difference found again is not repeated, and a
    difference that went away (the table corrected back) is closed in the ledger. True when one was recorded."""
    old = _approved_figures(case.statutory_amount, case.lawful, run.output if run else {})
    new = _approved_figures(Decimal(str(ev.output.get("total") or 0)) - case.extra_compensation, ev.lawful,
                            ev.output)
    standing = standing_reference_drift(
        LedgerEntry.objects.filter(object_type=LEDGER_TYPE, object_id=case.code,
                                   event__in=DRIFT_EVENTS))
    if old == new:
        if standing is not None:
            _record(case, REFERENCE_DRIFT_GONE, {"status": case.status}, actor=actor)
        return False
    if standing is not None and standing.get("new") == new:
        return False
    causes = causes or reference_causes(run, ev)
    _record(case, REFERENCE_DRIFT, {"status": case.status, "old": old, "new": new, "causes": causes,
                                    "engine_version": ev.output.get("engine_version")}, actor=actor)
    what = Joined([Words(REFERENCE_CAUSES[c]) for c in causes], mark="enumeration")
    _notify_opener(case, Words(gettext_noop("参考数据（%(what)s）变更后，已批准案件的计算结果不同"), what=what),
                   Words(gettext_noop("已批准的金额和日期未改动。差异（原 → 新）见案件页面。")))
    return True


def rerun_where_references_move(*, actor) -> int:
    """After a change of the holiday table or the local wage figures (org.signals.reference_changed): each open
    case the engine computes is evaluated on the new tables and run again when its result differs from the stored run
    (a procedure date moved, a year became known), so that no page keeps dates counted on the old table.
    A case that no longer computes (no wages) is left as it is: its page already says why. Returns the
    number of cases run again.

    Each case is read again, evaluated and stored under its row's lock, still open: it runs in the background
    while HR works, and a case read at the start of the pass whose facts HR saved since (update_case runs the
    engine on the new facts) would otherwise get a later run computed on the old facts, its money shown from
    it; a case closed since would get a run; two passes at once (two changes) would both store the same run.

    The status decides what a moved result does (review: approval integrity): while the facts are editable the
    run is stored, and in review the approvals it touches are reopened as a save of the facts reopens them; once
    approved the approved run and amount stand and the difference is recorded (hold_approved_run)."""
    ids = SeparationCase.objects.filter(status__in=OPEN_STATUSES).order_by("pk").values_list("pk", flat=True)
    return sum(rerun_one(pk, actor=actor) for pk in list(ids))


def rerun_one(pk: int, *, actor, causes: list[str] | None = None) -> bool:
    """Case `pk` evaluated again on what the tables and its employee's records say now, under its row's lock and
    while still open (rerun_where_references_move's reasons), stored by its status's rule: while the facts are
    editable the run is stored (in review the approvals it touches reopened), once approved the approved run and
    amount stand and the difference is recorded (hold_approved_run). True when a run was stored. Also what an
    employee's records changing upstream runs (receivers.rerun_open_cases: a wage import after approval), with
    `causes` ["records"]: what moved is then named as the records, not read off the tables."""
    with transaction.atomic():
        case = (SeparationCase.objects.select_for_update(of=("self",)).select_related("employee__company")
                .filter(pk=pk, status__in=OPEN_STATUSES).first())
        if case is None or case.employee.rule_pack is None:
            return False
        try:
            ev = evaluate(case)
        except (engine_calls.WagesMissing, CaseError) as exc:
            logger.info("case %s: not run again, its facts do not compute: %s", case.code, exc)
            return False
        run = latest_run(case)
        if _same_as_stored(run, ev):
            return False
        if not facts_editable(case):
            # Approved or later: what was approved stands; a difference is recorded once and shown.
            hold_approved_run(case, run, ev, actor=actor, causes=causes)
            return False
        causes = causes or reference_causes(run, ev)
        before = _approval_figures(case)
        run_engine(case, actor=actor, evaluation=ev)
        if not case.family_id:  # a layoff member is decided with its batch (rerun_family runs it likewise)
            _after_facts_change(case, before, actor=actor, reason=_("参考数据变更：%(what)s，需重新审批") % {
                "what": enumeration_comma().join(str(_(REFERENCE_CAUSES[c])) for c in causes)})
        return True


def latest_run(case: SeparationCase) -> EngineRun | None:
    return case.engine_runs.order_by("-created_at", "-id").first()


# --- opening and editing ---------------------------------------------------------------------


def open_case(
    employee: Employee,
    case_type: str,
    *,
    actor,
    separation_date: dt.date | None = None,
    ground: str | None = None,
    via: str = Via.HR,
    notice_date: dt.date | None = None,
    last_working_day: dt.date | None = None,
    reason: str = "",
    facts: dict | None = None,
    extra_compensation: Decimal | None = None,
    family: CaseFamily | None = None,
    notice_evidence=None,
) -> SeparationCase:
    """Open a case; a resignation starts as a notice received (LCL 37), anything else as a draft.
    A notice dated before today needs `notice_evidence`, the scan of the written notice (notices.py)."""
    grounds = CASE_GROUNDS[case_type]
    ground = ground or grounds[0]
    if ground not in grounds:
        raise CaseError(_("事由与案件类型不符"))
    refusal = civil_service.type_refusal(employee, case_type)  # 公务员法 types for civil servants only
    if refusal:
        error = CaseError(refusal)
        error.field = "case_type"  # the form and the API name the field
        raise error
    checked_notice = None
    if case_type == CaseType.RESIGNATION:
        notice_date = notice_date or timezone.localdate()
        checked_notice = notices.check_notice(notice_date, notice_evidence, recorded_on=timezone.localdate(),
                                              portal=via == Via.PORTAL)
        separation_date = separation_date or resignation_last_day(employee, notice_date)
    if separation_date is None:
        raise CaseError(_("请填写劳动合同解除/终止日"))
    if civil_service.money_refusal(case_type, extra=extra_compensation):
        raise CaseError(civil_service.money_refusal(case_type, extra=extra_compensation))
    if SeparationCase.objects.filter(employee=employee, status__in=list(OPEN_STATUSES)).exists():
        raise CaseError(_("该员工已有进行中的离职案件"))
    if employee.status == EmployeeStatus.SEPARATED:
        raise CaseError(_("该员工已于 %(day)s 离职，不能再发起离职案件") % {"day": employee.separation_date or "—"})
    with transaction.atomic():
        try:
            with transaction.atomic():
                case = SeparationCase.objects.create(
                    company=employee.company,
                    employee=employee,
                    family=family,
                    case_type=case_type,
                    ground=ground,
                    status=CaseStatus.NOTICE_RECEIVED if case_type == CaseType.RESIGNATION else CaseStatus.DRAFT,
                    via=via,
                    workflow=workflow.current_template(employee.company_id, case_type),
                    reason=reason,
                    separation_date=separation_date,
                    last_working_day=last_working_day or separation_date,
                    notice_date=notice_date,
                    facts=facts or {},
                    extra_compensation=extra_compensation or Decimal(0),
                    opened_by=actor,
                )
        except IntegrityError:
            # The partial unique constraint (one open case per employee): another request got there first.
            raise CaseError(_("该员工已有进行中的离职案件")) from None
        evidence = notices.store_evidence(case, notice_evidence, checked_notice) if checked_notice else {}
        _record(case, "case.opened", {
            "case_type": case_type, "ground": ground, "status": case.status, "via": via,
            "separation_date": separation_date, "notice_date": notice_date,
            "workflow": case.workflow_id, "workflow_version": case.workflow.version, **evidence,
        }, actor=actor)
        run_engine(case, actor=actor)
        link = case_link(case)
        if case.status == CaseStatus.NOTICE_RECEIVED:
            _notify_all(workflow.hr_users_for(case), Words(gettext_noop("收到辞职通知：%(name)s"), name=employee.name),
                        Words(gettext_noop("最后一天：%(day)s。请确认收到并安排交接。"), day=separation_date), link=link)
        elif via == Via.PORTAL:
            _notify_all(workflow.hr_users_for(case), Words(gettext_noop("公务员申请辞去公职：%(name)s")
                                                           if case.is_civil_service
                                                           else gettext_noop("员工申请协商：%(name)s"), name=employee.name),
                        reason, link=link)
    return case


EDITABLE_FACTS = ("union_notified", "notice_given_days", "no_written_contract_months", "days_taken_this_year",
                  "untaken_days_previous_years", leave_years.TAKEN_BY_YEAR, "local_avg_monthly_wage", "local_min_wage")


# The statuses in which the facts and the money may still change (the case page offers the form only then).
FACTS_EDITABLE_STATUSES = frozenset({CaseStatus.DRAFT, CaseStatus.NOTICE_RECEIVED, CaseStatus.IN_REVIEW})


def facts_editable(case: SeparationCase) -> bool:
    return case.status in FACTS_EDITABLE_STATUSES


def update_case(case: SeparationCase, *, actor, notice_evidence=None, **changes) -> SeparationCase:
    """Change the facts or the money of an open case; the engine runs again on the new facts.
    A resignation's notice date moved before the day the case was recorded needs the notice's scan."""
    if not facts_editable(case):
        raise CaseError(_("案件已结束审批，不能再修改事实"))
    if case.family_id and case.family.status != BatchStatus.DRAFT:
        raise CaseError(_("裁员批次已提交审批：成员的事实和金额随批次审批，请先退回批次再修改"))
    checked_notice = None
    if case.case_type == CaseType.RESIGNATION and (notice_evidence is not None or (
            changes.get("notice_date") and changes["notice_date"] != case.notice_date)):
        checked_notice = notices.check_notice(
            changes.get("notice_date") or case.notice_date, notice_evidence, recorded_on=notices.recorded_on(case),
            portal=False, has_evidence=bool(case.notice_evidence_sha256))
    allowed = {"ground", "separation_date", "last_working_day", "notice_date", "reason",
               "extra_compensation", "employee_demand"}
    facts = dict(case.facts or {})
    recorded = {}
    expected = case.status
    before = _approval_figures(case)
    with transaction.atomic():
        for key, value in changes.items():
            if key == engine_calls.OVERRIDE_KEY:
                value = _checked_override(value)
                if value != facts.get(key):  # the form sends it with every change: record only a new choice
                    if value is None:
                        facts.pop(key, None)
                    else:
                        facts[key] = value
                    recorded[key] = value
            elif key in EDITABLE_FACTS:
                if value is None or value == "":
                    facts.pop(key, None)
                else:
                    facts[key] = value
                recorded[key] = value
            elif key in allowed:
                if key == "ground" and value not in CASE_GROUNDS[case.case_type]:
                    raise CaseError(_("事由与案件类型不符"))
                if key in ("extra_compensation", "employee_demand") and civil_service.money_refusal(
                        case.case_type, extra=value):
                    raise CaseError(civil_service.money_refusal(case.case_type, extra=value))
                if key == "extra_compensation" and value is None:
                    value = Decimal(0)
                setattr(case, key, value)
                recorded[key] = value
            else:
                raise CaseError(f"unknown field {key}")
        case.facts = facts
        # Conditional on the status the page was loaded with: a case withdrawn (or decided) since stays so.
        saved = SeparationCase.objects.filter(pk=case.pk, status=expected).update(
            updated_at=timezone.now(), **{f: getattr(case, f) for f in _UPDATE_FIELDS})
        if not saved:
            raise StaleState(_("案件状态已变化（可能已被撤回或已审批），修改未保存。请刷新页面后再试。"))
        if checked_notice:
            recorded.update(notices.store_evidence(case, notice_evidence, checked_notice))
        _record(case, "case.updated", {"changes": recorded}, actor=actor)
        demand = recorded.get("employee_demand")
        if demand is not None and not case.demands.filter(amount=demand).exists():
            # HR writes down what the employee asked for: kept like a demand from the portal.
            EmployeeDemand.objects.create(case=case, amount=demand, from_employee=False, author=actor)
        run_engine(case, actor=actor)
        _after_facts_change(case, before, actor=actor, reason=_("已审批后事实或金额发生变化，需重新审批"))
    return case


def _approval_figures(case: SeparationCase) -> dict:
    """What the approval steps decided on (compared before and after a change: _reopen_touched)."""
    return {"extra_compensation": case.extra_compensation, "ground": case.ground, "total": case.offered_amount}


def _after_facts_change(case: SeparationCase, before: dict, *, actor, reason: str) -> None:
    """In review, a new result (facts saved, or the reference tables changed) reopens the decisions it touches
    and re-plans the steps not yet decided; `reason` goes to the ledger with each reopened step."""
    if case.status == CaseStatus.IN_REVIEW:
        _reopen_touched(case, before, _approval_figures(case), actor=actor, reason=reason)
        replan_steps(case, actor=actor)


def _checked_override(value: dict | None) -> dict | None:
    """A case's choice of local practice ({"practice": a code or "national", "reason"}), or None for the
    company city's default; an override without a reason is refused (the reason goes to the ledger)."""
    if not value or not value.get("practice"):
        return None
    code = value["practice"]
    if code != engine_calls.NATIONAL and code not in law.PRACTICES:
        raise CaseError(_("未知的地方裁判口径"))
    reason = str(value.get("reason") or "").strip()
    if not reason:
        raise CaseError(_("改选地方裁判口径须填写理由"))
    return {"practice": code, "reason": reason}


_UPDATE_FIELDS = ("facts", "ground", "separation_date", "last_working_day", "notice_date", "reason",
                  "extra_compensation", "employee_demand")


def _reopen_touched(case: SeparationCase, before: dict, after: dict, *, actor, reason: str) -> list[CaseStep]:
    """A change after a step was decided re-opens the decisions it touches: legal review when the extra
    rose or the ground changed, leadership approval when the total changed (old and new values in the ledger)."""
    kinds = {}
    # Legal approved an amount: a lower extra stays within what it approved (replan may skip the step).
    if after["extra_compensation"] > before["extra_compensation"]:
        kinds.setdefault(StepKind.LEGAL_REVIEW, {})["extra_compensation"] = {
            "old": before["extra_compensation"], "new": after["extra_compensation"]}
    if before["ground"] != after["ground"]:
        kinds.setdefault(StepKind.LEGAL_REVIEW, {})["ground"] = {"old": before["ground"], "new": after["ground"]}
    if before["total"] != after["total"]:
        kinds.setdefault(StepKind.LEADERSHIP_APPROVAL, {})["total"] = {"old": before["total"], "new": after["total"]}
    reopened = []
    for kind, changed in kinds.items():
        reopened += reopen_steps(case, kind, changed=changed, actor=actor, reason=reason)
    return reopened


def reopen_steps(case: SeparationCase, kind: str, *, changed: dict, reason: str, actor) -> list[CaseStep]:
    """Put this round's decided (approved) steps of `kind` back to waiting, in the ledger with the values
    that changed; steps after it that are active wait again (the workflow's order), the next one activates."""
    steps = list(case.steps.filter(round=case.round, kind=kind, status=StepStatus.DONE))
    reopened = []
    for step in steps:
        if CaseStep.objects.filter(pk=step.pk, status=StepStatus.DONE).update(
                status=StepStatus.WAITING, decided_by=None, decided_at=None, passed_warnings=[], due_date=None):
            step.status = StepStatus.WAITING
            reopened.append(step)
            _record(case, "case.step.reopened", {
                "step": step.code, "kind": step.kind, "round": step.round, "reason": reason,
                "decided_by": step.decided_by_id, "decided_comment": step.comment, "changes": changed,
            }, actor=actor)
    if reopened:
        first = min(s.order for s in reopened)
        case.steps.filter(round=case.round, status=StepStatus.ACTIVE, order__gt=first).update(
            status=StepStatus.WAITING, due_date=None)
        if not case.steps.filter(round=case.round, status=StepStatus.ACTIVE).exists():
            _activate_next(case, actor=actor)
    return reopened


def replan_steps(case: SeparationCase, *, actor) -> None:
    """The facts changed during review: re-evaluate the conditions (extra over the cap, LCL 39/40
    ground, total over an amount) for this round's steps not yet decided. A step no longer needed is
    skipped with the reason, a newly needed one is added (it waits its turn: a step in hand is not
    taken away); both go to the ledger. Decided steps are never touched."""
    steps = list(case.steps.filter(round=case.round))
    now = timezone.now()
    for template_step in case.workflow.steps.order_by("order"):
        applies = workflow.step_applies(template_step, case)
        rows = [s for s in steps if s.template_step_id == template_step.pk]
        pending = [s for s in rows if s.status in PENDING_STEP_STATUSES]
        facts = workflow.condition_facts(template_step, case, applies)
        reason = workflow.condition_reason(template_step, case, applies)  # the ledger's: auditors read it whole
        if not applies:
            for step in pending:
                # Conditional, like every claim: a step decided meanwhile stays decided. The reason is kept as
                # its facts, worded for each reader (workflow.shown_comment: the cap is not the manager's).
                if CaseStep.objects.filter(pk=step.pk, status=step.status).update(
                        status=StepStatus.SKIPPED, reason=facts, decided_at=now):
                    _record(case, "case.step.skipped", {
                        "step": step.code, "kind": step.kind, "round": step.round, "reason": reason,
                    }, actor=actor)
        elif not pending and not any(s.status in DECIDED_STEP_STATUSES for s in rows):
            step = CaseStep.objects.create(case=case, template_step=template_step, round=case.round,
                                           order=template_step.order, kind=template_step.kind, reason=facts)
            _record(case, "case.step.added", {
                "step": step.code, "kind": step.kind, "round": step.round, "reason": reason,
            }, actor=actor)
    if case.steps.filter(round=case.round, status=StepStatus.ACTIVE).exists():
        return
    if _activate_next(case, actor=actor) is None:  # every remaining step was skipped: review complete
        _transition(case, "approve", actor=actor, comment=_("其余步骤已不再需要"))
        _notify_opener(case, _("案件已批准"))


# --- transitions -----------------------------------------------------------------------------


def _transition(case: SeparationCase, action: str, *, actor, comment: str = "", details: dict | None = None,
                **fields) -> SeparationCase:
    """The guarded, conditional status change; StaleState when someone else moved the case first.
    `fields` are stored with the status (and recorded); `details` go to the ledger entry only."""
    new = workflow.next_status(case.status, action)
    if action == "approve":
        fields.update(civil_service.approval_fields(case, timezone.localdate()))  # 辞退: the delivery limit
    updated = SeparationCase.objects.filter(pk=case.pk, status=case.status).update(
        status=new, updated_at=timezone.now(), **fields
    )
    if updated == 0:
        raise StaleState(_("案件已被他人处理，请刷新后再试"))
    old = case.status
    case.status = new
    for key, value in fields.items():
        setattr(case, key, value)
    _record(case, f"case.{action}", {"from": old, "to": new, "comment": comment, **fields, **(details or {})},
            actor=actor)
    return case


def submit_case(case: SeparationCase, *, actor) -> SeparationCase:
    """Send a draft for review: the steps of its template version whose conditions hold. The engine runs
    again first when the records changed since the last run (a protected status recorded meanwhile)."""
    if case.family_id:
        raise CaseError(_("裁员批次的成员随批次一起提交和审批，请在批次页面提交"))
    if case.employee.rule_pack is not None:
        ev = evaluate(case)
        if not _same_as_stored(latest_run(case), ev):
            with transaction.atomic():
                run_engine(case, actor=actor, evaluation=ev)
    run = latest_run(case)
    if run is not None and not run.output.get("lawful", True):
        raise CaseError(_("法律检查存在阻断性问题，请先修正事实或更换事由"))
    refusal = civil_service.submit_refusal(case)
    if refusal:
        raise CaseError(refusal)
    with transaction.atomic():
        case.round = F("round") + 1
        case.save(update_fields=["round"])
        case.refresh_from_db(fields=["round"])
        _transition(case, "submit", actor=actor)
        steps = [
            CaseStep(case=case, template_step=t, round=case.round, order=t.order, kind=t.kind)
            for t in case.workflow.steps.order_by("order")
            if workflow.step_applies(t, case)
        ]
        CaseStep.objects.bulk_create(steps)
        if not steps:
            _transition(case, "approve", actor=actor, comment=_("流程无审批步骤"))
        else:
            _activate_next(case, actor=actor)
    return case


def _activate_next(case: SeparationCase, *, actor) -> CaseStep | None:
    step = case.steps.filter(round=case.round, status=StepStatus.WAITING).order_by("order").first()
    if step is None:
        return None
    step.status = StepStatus.ACTIVE
    step.due_date = workflow.due_date_for(step.template_step, timezone.localdate())
    step.save(update_fields=["status", "due_date"])
    step.case = case
    _route(step, actor=actor, event="case.step.activated")
    return step


def _route(step: CaseStep, *, actor, event: str, routing: workflow.Routing | None = None) -> int:
    """Resolve the active step to the people who may decide it (workflow.route_step), store them and the
    fallbacks used (or why no one can), write the ledger entry and notify: the assignees, or — when no
    one can decide — the company's HR admins. Returns how many notifications were created."""
    case = step.case
    routing = routing or workflow.route_step(step)
    step.assignees.set(routing.users)
    step.routing_note, step.routing_words = routing.note, routing.words
    step.unrouted = not routing.users
    step.save(update_fields=["routing_note", "routing_words", "unrouted"])
    _record(case, event, {
        "step": step.code, "kind": step.kind, "round": step.round, "due_date": step.due_date,
        "assignees": [u.pk for u in routing.users], "assignee_names": [str(u) for u in routing.users],
        "fallbacks": routing.notes, "unrouted": step.unrouted, "missing": routing.missing,
    }, actor=actor)
    link = case_link(case)
    if routing.users:
        # The summary reads many records: worded here in each language, shown in the reader's.
        body = (Words(gettext_noop("请在 %(due)s 前处理。"), due=step.due_date) + "\n\n"
                + in_each_language(lambda: decision_summary(case)))
        return _notify_all(routing.users, Words(gettext_noop("待办：%(step)s · %(name)s"),
                                                step=choice(StepKind, step.kind), name=case.employee.name),
                           body, link=link)
    return _notify_all(workflow.hr_admins_for(case), Words(
        gettext_noop("%(missing)s · %(step)s · %(name)s"), missing=routing.missing_words or routing.missing,
        step=choice(StepKind, step.kind), name=case.employee.name),
        Words(gettext_noop("授予角色后，下一次定时任务（farewell sweep）或打开案件页面时会重新分派。")), link=link)


def decision_summary(case: SeparationCase) -> str:
    """What the one deciding must see, as HR sees it on the case page: the legality verdict, every warning
    (the dispute risk with the employee's demand among them), every money line and the total. In the active
    language, the stored run's texts too, as the case page words them (run_in_language, checks_as_worded)."""
    run = latest_run(case)
    if run is not None:
        output = engine_calls.run_in_language(run.input, run.output, get_language())
        worded = checks_as_worded(run)
    lines = []
    if case.legal_basis:
        lines.append(_("法律检查：不适用法律引擎（%(basis)s）") % {"basis": _(case.legal_basis)})
    elif run is None:
        lines.append(_("法律检查：尚未计算"))
        if not wage_months_before(case.employee, case.separation_date):
            lines.append(engine_calls.case_wages_message())
    else:
        blocking = [v for v in output.get("violations", []) + worded if v.get("severity") == "violation"]
        if blocking or not output.get("lawful", True):
            lines.append(_("法律检查：存在违法风险（不能通过）"))
            punct = marks()
            lines += [f"  · {v.get('message') or v.get('code')}{punct['lparen']}{v.get('article', '')}{punct['rparen']}"
                      for v in blocking]
        else:
            lines.append(_("法律检查：合法"))
        warnings = [v for v in output.get("violations", []) + worded
                    if v.get("severity") != "violation" and v.get("code") not in NOTICE_CODES]
        if warnings:
            lines.append(_("风险提示："))
            lines += [f"  · {w.get('message') or w.get('code')}" for w in warnings]
        else:
            lines.append(_("风险提示：无"))
        mark = engine_calls.provisional(run.checks)
        if mark:
            lines.append(_("暂定结果：按%(used)s年度当地职工月平均工资计算（应为%(needed)s年度，尚未录入）") % {
                "used": mark["year_used"], "needed": mark["year_needed"]})
        if case.is_civil_service:  # 公务员法: no money lines, no total; the checklist and what the rules give
            return "\n".join(lines + civil_service.summary_lines(case))
        for line in output.get("lines", []):
            lines.append(_("%(item)s：%(amount)s 元") % {"item": ITEM_LABELS.get(line["item"], line["item"]),
                                                        "amount": f"{Decimal(str(line['amount'])):,.2f}"})
    if case.extra_compensation and not any("extra_compensation" == ln.get("item")
                                           for ln in (run.output.get("lines", []) if run else [])):
        lines.append(_("协商额外补偿：%(amount)s 元") % {"amount": f"{case.extra_compensation:,.2f}"})
    if case.employee_demand is not None:
        lines.append(_("员工诉求：%(amount)s 元") % {"amount": f"{case.employee_demand:,.2f}"})
    lines.append(_("拟支付总额：%(amount)s 元") % {"amount": f"{case.offered_amount:,.2f}"})
    return "\n".join(lines)


def steps_without_anyone():
    """Active steps of cases in review with no active assignee: never routed (no one could decide them,
    or they predate routing), or every person they went to has been deactivated since."""
    return CaseStep.objects.filter(status=StepStatus.ACTIVE, case__status=CaseStatus.IN_REVIEW).exclude(
        assignees__is_active=True)


def unrouted_steps():
    """Active steps no one can decide (the HR admins' inbox, the sweep's report)."""
    return CaseStep.objects.filter(status=StepStatus.ACTIVE, unrouted=True, case__status=CaseStatus.IN_REVIEW)


def reroute_steps(steps, *, actor=None) -> tuple[int, int]:
    """Route again the active steps nobody active holds (a grant may exist now, an assignee may have been
    deactivated); returns (steps now routed, notifications created). The sweep and the case page call it."""
    routed = notes = 0
    for step in steps:
        with transaction.atomic():
            # Re-checked in the transaction: a step decided or routed meanwhile is left alone.
            if not steps_without_anyone().filter(pk=step.pk).exists():
                continue
            routing = workflow.route_step(step)
            if not routing.users and step.unrouted:
                if (routing.words or routing.note) != (step.routing_words or step.routing_note):  # the reason changed
                    CaseStep.objects.filter(pk=step.pk).update(routing_note=routing.note, routing_words=routing.words)
                    step.routing_note, step.routing_words = routing.note, routing.words
                continue
            notes += _route(step, actor=actor, event="case.step.rerouted", routing=routing)
            routed += bool(routing.users)
    return routed, notes


def reroute_case(case: SeparationCase, *, actor=None) -> int:
    """The case page: re-resolve this case's steps nobody active holds. Returns how many got routed."""
    if case.status != CaseStatus.IN_REVIEW:
        return 0
    steps = list(steps_without_anyone().filter(case=case).select_related("template_step"))
    for step in steps:
        step.case = case
    return reroute_steps(steps, actor=actor)[0] if steps else 0


DECISIONS = ("approve", "reject", "return")


def union_document_label() -> str:
    return _("通知工会文书")


def decide_step(step: CaseStep, decision: str, *, actor, comment: str = "",
                document_date: dt.date | None = None, document_file=None) -> CaseStep:
    """Approve, reject or return the active step; two approvers at once cannot both win.

    The union notification (LCL 43) is approved with its date and the uploaded document: the file
    is kept under MEDIA_ROOT and its SHA-256 goes into the ledger entry."""
    if decision not in DECISIONS:
        raise CaseError(f"unknown decision {decision}")
    case = step.case
    if workflow.opener_refused(actor, step):
        raise CaseError(_("四眼原则：您是本案件的发起人，不能审批本案件的步骤（%(step)s）。请由其他有权限的人员办理。")
                        % {"step": step.get_kind_display()})
    if not workflow.can_act(actor, step):
        raise PermissionDenied("case.decide")
    if step.kind in (StepKind.UNION_NOTIFICATION, StepKind.EMPLOYEE_CONFIRMATION) and decision == "reject":
        raise CaseError(_("此步骤只能确认或退回"))
    checked = None
    if step.kind == StepKind.UNION_NOTIFICATION and decision == "approve":
        if not document_date:
            raise CaseError(_("请填写通知工会的日期"))
        try:
            checked = check_document(document_file, field=union_document_label())
        except DocumentError as exc:
            raise CaseError(str(exc)) from None
    if decision in ("reject", "return") and not comment.strip():
        raise CaseError(_("驳回或退回时请写明理由"))
    passed: list[str] = []
    if decision == "approve":
        # The engine again, on the facts as they are now (committed even when the decision is refused:
        # a change found here may re-open legal's decision).
        with transaction.atomic():
            refusal, passed = _recheck(case, step, actor=actor, comment=comment)
        if refusal:
            raise CaseError(refusal)
    status = {"approve": StepStatus.DONE, "reject": StepStatus.REJECTED, "return": StepStatus.RETURNED}[decision]
    now = timezone.now()
    stored = None
    try:
        with transaction.atomic():
            # The claim: only the request that still finds the step active wins. The condition stays on
            # the step's own row (a join becomes a subquery that PostgreSQL does not re-check after the lock).
            if case.status != CaseStatus.IN_REVIEW:
                raise StaleState(_("案件不在审批中"))
            won = CaseStep.objects.filter(pk=step.pk, status=StepStatus.ACTIVE).update(
                status=status, decided_by=actor, decided_at=now, comment=comment, document_date=document_date,
                passed_warnings=passed,
            )
            if won == 0:
                raise StaleState(_("此步骤已被他人处理，请刷新后再试"))
            document = {}
            if checked is not None:
                # Stored only by the winner; removed again below if the transaction does not commit.
                step.document_file.save(f"{step.code}{Path(checked.name).suffix.lower()}", document_file, save=False)
                stored = step.document_file.name
                CaseStep.objects.filter(pk=step.pk).update(
                    document=checked.name[:200], document_file=stored, document_sha256=checked.sha256)
                step.document, step.document_sha256 = checked.name[:200], checked.sha256
                document = {"document": checked.name, "document_sha256": checked.sha256,
                            "document_size": checked.size, "document_type": checked.content_type}
            case.refresh_from_db()
            step.status, step.decided_by, step.decided_at, step.comment = status, actor, now, comment
            _record(case, f"case.step.{decision}", {
                "step": step.code, "kind": step.kind, "round": step.round, "comment": comment,
                "document_date": document_date, **document,
                **({"passed_warnings": passed, "passed_reason": comment} if passed else {}),
            }, actor=actor)
            _after_decision(case, step, decision, actor=actor, comment=comment)
    except Exception:
        if stored:
            step.document_file.storage.delete(stored)
        raise
    return step


# Missing reference data (HR completes it; the amount may be too high): shown on the page and in every
# step's mail, but not a legal question for legal to pass.
DATA_WARNINGS = frozenset({"local_average_missing"})
# Warnings a step of the workflow itself settles when it is approved.
RESOLVED_BY_STEP = {"union_notification_unconfirmed": StepKind.UNION_NOTIFICATION}


def _warning_codes(ev: Evaluation) -> list[str]:
    return sorted({w.get("code") for w in ev.warnings})


def _recheck(case: SeparationCase, step: CaseStep, *, actor, comment: str) -> tuple[str, list[str]]:
    """The engine's result at the moment of an approval: (refusal or "", warning codes legal passes).

    A blocking result (a violation, not lawful) is never approved, at any step. A warning is passed only
    by legal review, with a written reason; the other steps are refused while a warning stands that legal
    has not passed in this round (steps before a pending legal review go on: legal will see it)."""
    if case.employee.rule_pack is None:
        return "", []
    gate = civil_service.approval_refusal(case)
    if gate:
        return gate, []
    probe = case
    if step.kind == StepKind.UNION_NOTIFICATION:
        # This approval records the union notification (LCL 43): judge the case with it.
        probe = SeparationCase.objects.select_related("employee__company", "family").get(pk=case.pk)
        probe.facts = {**(probe.facts or {}), "union_notified": True}
    ev = evaluate(probe)
    if probe is case and not _same_as_stored(latest_run(case), ev):
        # The facts or the records changed since the last run: store the run, re-open what it touches.
        before_total = case.offered_amount
        run_engine(case, actor=actor, evaluation=ev)
        if case.offered_amount != before_total:
            reopen_steps(case, StepKind.LEADERSHIP_APPROVAL, actor=actor, reason=_("拟支付总额已变化，需重新审批"),
                         changed={"total": {"old": before_total, "new": case.offered_amount}})
    if ev.risk == Risk.BLOCKED:
        names = "；".join(f"{v.get('message') or v.get('code')}（{v.get('article', '')}）" for v in ev.violations)
        return _("法律检查存在违法/阻断性问题，不能通过：%(names)s。请退回或驳回，修正事实后重新提交。") % {
            "names": names or _("结论为不合法")}, []
    pending_kinds = set(case.steps.filter(round=case.round, status__in=PENDING_STEP_STATUSES).exclude(
        pk=step.pk).values_list("kind", flat=True))
    # A warning a later step of this round settles (the union step records the notification) is not passed.
    codes = [c for c in _warning_codes(ev)
             if RESOLVED_BY_STEP.get(c) not in pending_kinds and c not in DATA_WARNINGS]
    if not codes:
        return "", []
    if step.kind == StepKind.LEGAL_REVIEW:
        if not comment.strip():
            return _("存在风险提示（%(names)s）：法务通过时须写明理由。") % {
                "names": "；".join(w.get("message", w.get("code")).rstrip("。")
                                  for w in ev.warnings if w.get("code") in codes)}, []
        return "", codes
    this_round = list(case.steps.filter(round=case.round, kind=StepKind.LEGAL_REVIEW))
    passed = {c for s in this_round if s.status == StepStatus.DONE for c in (s.passed_warnings or [])}
    open_codes = [c for c in codes if c not in passed]
    if not open_codes:
        return "", []
    if any(s.status in PENDING_STEP_STATUSES and s.order > step.order for s in this_round):
        return "", []  # legal review comes later in this round and will see the warning
    reopened = reopen_steps(case, StepKind.LEGAL_REVIEW, actor=actor, reason=_("出现法务尚未审核的风险提示"),
                            changed={"warnings": {"old": sorted(passed), "new": codes}})
    names = "；".join(w.get("message", w.get("code")).rstrip("。") for w in ev.warnings if w.get("code") in open_codes)
    message = _("存在法务尚未审核的风险提示，不能通过：%(names)s。风险提示只能由法务审核写明理由后通过。") % {"names": names}
    if reopened:
        message += _("法务审核已重新打开。")
    elif not this_round:
        message += _("本流程没有法务审核步骤：请退回修改，或由HR管理员在流程模板中加入法务审核。")
    return message, []


def _after_decision(case: SeparationCase, step: CaseStep, decision: str, *, actor, comment: str) -> None:
    """What a decision sets in motion: the union fact, the next step or the case's own transition."""
    if step.kind == StepKind.UNION_NOTIFICATION and decision == "approve":
        case.facts = {**(case.facts or {}), "union_notified": True}
        case.save(update_fields=["facts"])
        run_engine(case, actor=actor)
    if decision == "approve":
        if _activate_next(case, actor=actor) is None:
            _transition(case, "approve", actor=actor, comment=comment)
            _notify_opener(case, Words(gettext_noop("案件已批准")))
    else:
        case.steps.filter(round=case.round, status=StepStatus.WAITING).update(status=StepStatus.CANCELLED)
        _transition(case, decision, actor=actor, comment=comment)
        _notify_opener(case, Words(gettext_noop("案件被驳回") if decision == "reject" else gettext_noop("案件被退回修改")),
                       comment)
        if decision == "reject" and case.family_id:
            rerun_family(case.family, actor=actor)


def _notify_opener(case: SeparationCase, subject: Words, body: str = "") -> None:
    users = [case.opened_by] if case.opened_by else []
    users += workflow.hr_users_for(case)
    _notify_all(users, subject + " · " + case.employee.name, body, link=case_link(case))


def withdraw_case(case: SeparationCase, *, actor, comment: str = "") -> SeparationCase:
    if case.family_id and case.family.status != BatchStatus.DRAFT:
        raise CaseError(_("裁员批次已提交审批：请先退回批次，再从批次中移除该成员"))
    with transaction.atomic():
        case.steps.filter(status__in=[StepStatus.WAITING, StepStatus.ACTIVE]).update(status=StepStatus.CANCELLED)
        _transition(case, "withdraw", actor=actor, comment=comment)
        if case.family_id:
            rerun_family(case.family, actor=actor)
        return case


# A layoff member still being decided: its engine run follows the family's headcount.
FAMILY_RERUN_STATUSES = (CaseStatus.DRAFT, CaseStatus.IN_REVIEW)


def rerun_family(family: CaseFamily, *, actor) -> int:
    """A member left the layoff (withdrawn or rejected): the LCL 41 headcount changed, so the engine
    runs again for the members still being decided. Returns how many ran."""
    members = list(family.cases.filter(status__in=FAMILY_RERUN_STATUSES).select_related("employee__company", "family"))
    for member in members:
        run_engine(member, actor=actor)
    return len(members)


def acknowledge_notice(case: SeparationCase, *, actor, comment: str = "") -> SeparationCase:
    """HR acknowledges a resignation notice (LCL 37: received, not approved)."""
    with transaction.atomic():
        _transition(case, "acknowledge", actor=actor, comment=comment)
        case_signals.handover_started.send(sender=None, case=case, acting_user=actor)
        employee_user = workflow.users_for_role(case, "employee")
        _notify_all(employee_user, Words(gettext_noop("HR已确认收到您的辞职通知")),
                    Words(gettext_noop("最后一天：%(day)s。"), day=case.separation_date), link=reverse("portal:home"))
    return case


def start_handover(case: SeparationCase, *, actor, comment: str = "") -> SeparationCase:
    with transaction.atomic():
        _transition(case, "start_handover", actor=actor, comment=comment)
        case_signals.handover_started.send(sender=None, case=case, acting_user=actor)
        return case


# 重新提交审批: the statuses an approved case may be taken back into review from (workflow.TRANSITIONS).
REOPEN_STATUSES = frozenset(frm for (frm, action) in workflow.TRANSITIONS if action == "reopen")


def reopen_refusals(case: SeparationCase) -> list[str]:
    """Why `case` cannot be taken back into review: no approval to reopen (a resignation is received, not
    approved: LCL 37), a layoff member (decided with its batch), or something done that cannot be undone —
    a 辞退决定 delivered (CSL 90), and downstream (case_signals.reopen_refusals) a frozen settlement, a payment,
    a document sent for signature or signed."""
    reasons = []
    if case.case_type == CaseType.RESIGNATION:
        reasons.append(_("辞职是员工的通知（《劳动合同法》第三十七条），没有审批可以重新打开"))
    if case.family_id:
        reasons.append(_("裁员批次的成员随批次审批，不能单独重新提交审批"))
    if case.is_civil_service and case.decision_deliveries.exists():
        reasons.append(_("辞退决定已书面送达本人"))
    return reasons + case_signals.reopen_refusals_for(case)


def reopen_case(case: SeparationCase, *, actor, reason: str) -> SeparationCase:
    """重新提交审批: take an approved case (or one in handover) back into review, with HR's reason.

    The engine runs on the facts and the tables as they are now, and that run is the one under review (a
    reference change recorded as a difference — hold_approved_run — is taken over: the banner goes). The case
    starts a new round: every step of its workflow whose condition holds on the new figures is asked again,
    the first routed (its people notified in their language); the previous round's approvers and the case's HR
    are told why, with the old and new amounts. One conditional UPDATE claims the case (StaleState when
    someone acted first); what cannot be undone is checked again under it (reopen_refusals)."""
    reason = (reason or "").strip()
    if not reason:
        raise CaseError(_("重新提交审批须写明理由"))
    workflow.next_status(case.status, "reopen")  # the table's refusal, before anything is computed
    refusals = reopen_refusals(case)
    if refusals:
        raise CaseError(_("不能重新提交审批：%(reasons)s") % {"reasons": "；".join(refusals)})
    ev = None
    if case.employee.rule_pack is not None:
        ev = evaluate(case)  # CaseError (WagesMissing too) when the facts no longer compute: nothing to review
    old = {"statutory_amount": case.statutory_amount, "extra_compensation": case.extra_compensation,
           "offered_amount": case.offered_amount, "lawful": case.lawful}
    if ev is not None:
        statutory = Decimal(str(ev.output.get("total") or 0)) - case.extra_compensation
        lawful = ev.lawful
    else:
        statutory, lawful = case.statutory_amount, case.lawful
    new = {"statutory_amount": statutory, "extra_compensation": case.extra_compensation,
           "offered_amount": (statutory or 0) + (case.extra_compensation or 0), "lawful": lawful}
    # Who approved the round being reopened (not the employee's own confirmation: HR's reason is internal;
    # the employee is asked again by the new round's confirmation step).
    approvers = list(User.objects.filter(pk__in=case.steps.filter(round=case.round, status=StepStatus.DONE).exclude(
        kind=StepKind.EMPLOYEE_CONFIRMATION).values("decided_by")).order_by("pk"))
    with transaction.atomic():
        _transition(case, "reopen", actor=actor, comment=reason, round=case.round + 1,
                    details={"reason": reason, "old": old, "new": new, "previous_round": case.round})
        # Under the claim: a settlement frozen (or a document sent) since the check above refuses after all.
        refusals = reopen_refusals(case)
        if refusals:
            raise CaseError(_("不能重新提交审批：%(reasons)s") % {"reasons": "；".join(refusals)})
        if ev is not None:
            run_engine(case, actor=actor, evaluation=ev)
        else:
            run_engine(case, actor=actor)
        steps = [CaseStep(case=case, template_step=t, round=case.round, order=t.order, kind=t.kind)
                 for t in case.workflow.steps.order_by("order") if workflow.step_applies(t, case)]
        CaseStep.objects.bulk_create(steps)
        link = case_link(case)
        subject = Words(gettext_noop("案件已重新提交审批：%(name)s"), name=case.employee.name)
        body = Words(gettext_noop("%(who)s 重新提交审批，理由：%(reason)s\n法定金额：%(old)s → %(new)s 元；"
                                  "拟支付总额：%(old_total)s → %(new_total)s 元。此前的审批已失效，请重新审批。"),
                     who=str(actor) if actor else "—", reason=reason, old=_yuan_or_dash(old["statutory_amount"]),
                     new=_yuan_or_dash(new["statutory_amount"]), old_total=_yuan(old["offered_amount"]),
                     new_total=_yuan(new["offered_amount"]))
        hr = ([case.opened_by] if case.opened_by else []) + workflow.hr_users_for(case)
        _notify_all([u for u in approvers + hr if actor is None or u.pk != actor.pk], subject, body, link=link)
        if not steps:
            _transition(case, "approve", actor=actor, comment=_("流程无审批步骤"))
        else:
            _activate_next(case, actor=actor)
    return case


def close_case(case: SeparationCase, *, actor, closed_on: dt.date | None = None, comment: str = "",
               today: dt.date | None = None) -> SeparationCase:
    """HR closes a case in handover with a date (`closed_on`); closing ends the employment. The open
    contract ends on the case's last day (separation_date). The employee becomes 已离职 and the login is
    deactivated the day after the last day: now if that day has come, else the sweep does it then — the
    employment's end is never back- or forward-dated (a close before the last day is scheduled)."""
    today = today or timezone.localdate()
    # Offboarding's duties and blocking handover items (case_signals.close_refusals) must be done first.
    refusals = case_signals.refusals_for(case)
    refusals += [r for r in [civil_service.close_refusal(case)] if r]  # a 辞退决定 delivered first (CSL 90)
    if refusals:
        raise CaseError(_("尚不能结案：%(reasons)s") % {"reasons": "；".join(refusals)})
    with transaction.atomic():
        _transition(case, "close", actor=actor, comment=comment, closed_on=closed_on or today)
        _end_contracts(case, actor=actor)
        employee = case.employee
        if case.separation_date < today:
            _separate(case, actor=actor)
            _deactivate_logins(case, actor=actor)
        else:
            fields = {"separation_date": case.separation_date}
            if employee.status != EmployeeStatus.SEPARATED:
                fields["status"] = EmployeeStatus.SEPARATING
            Employee.objects.filter(pk=employee.pk).update(**fields)
            for key, value in fields.items():
                setattr(employee, key, value)
            record("org.employee", employee.code, {
                "employee": employee.code, "case": case.code, "status": fields.get("status", employee.status),
                "separation_date": case.separation_date, "scheduled_for": case.separation_date + timedelta(days=1),
            }, actor=actor, event="employee.separation_scheduled")
    return case


def _end_contracts(case: SeparationCase, *, actor) -> None:
    """The contract in force on the last day ends then (LCL 44-50): an open-ended one or one ending later
    gets end_date = separation_date; the old end date goes to the ledger."""
    last = case.separation_date
    contracts = Contract.objects.filter(employee=case.employee, start_date__lte=last).filter(
        Q(end_date__isnull=True) | Q(end_date__gt=last))
    for contract in contracts:
        old = contract.end_date
        Contract.objects.filter(pk=contract.pk).update(end_date=last)
        record("org.contract", contract.pk, {
            "employee": case.employee.code, "case": case.code, "sequence": contract.sequence,
            "old_end_date": old, "end_date": last,
        }, actor=actor, event="contract.ended")


def _separate(case: SeparationCase, *, actor) -> bool:
    """The day after the last day has come: the employee is 已离职 (separation_date = the last day).
    Conditional: False when someone else did it first."""
    employee = case.employee
    done = Employee.objects.filter(pk=employee.pk).exclude(status=EmployeeStatus.SEPARATED).update(
        status=EmployeeStatus.SEPARATED, separation_date=case.separation_date)
    employee.status, employee.separation_date = EmployeeStatus.SEPARATED, case.separation_date
    if done:
        record("org.employee", employee.code, {
            "employee": employee.code, "case": case.code, "status": EmployeeStatus.SEPARATED,
            "separation_date": case.separation_date,
        }, actor=actor, event="employee.separated")
    return bool(done)


def _deactivate_logins(case: SeparationCase, *, actor) -> int:
    """The employee's logins stop (accounts.services.deactivate_user). The system does it, on the case's
    behalf: whoever closed the case (an HRBP) need not manage users; the reason names the case."""
    reason = _("劳动关系已于 %(day)s 解除/终止（离职案件 %(case)s 结案%(by)s）") % {
        "day": case.separation_date, "case": case.code, "by": f"，{actor}" if actor is not None else ""}
    return sum(1 for user in User.objects.filter(employee=case.employee, is_active=True)
               if deactivate_user(user, acting_user=None, reason=reason))


def apply_separations(*, today: dt.date | None = None) -> tuple[int, int]:
    """The sweep: cases closed before their last day whose day after has now come. Returns (employees
    separated, logins deactivated)."""
    today = today or timezone.localdate()
    # A re-hired employee (hired after the case's last day) is left alone.
    due = SeparationCase.objects.filter(
        status=CaseStatus.CLOSED, separation_date__lt=today, employee__hire_date__lte=F("separation_date"),
    ).filter(
        ~Q(employee__status=EmployeeStatus.SEPARATED) | Q(employee__user__is_active=True)
    ).select_related("employee").order_by("pk")
    separated = deactivated = 0
    for case in due:
        with transaction.atomic():
            separated += _separate(case, actor=None)
            deactivated += _deactivate_logins(case, actor=None)
    return separated, deactivated


def perform(case: SeparationCase, action: str, *, actor, comment: str = "", closed_on=None) -> SeparationCase:
    """HR's case-level actions by name (views and the API)."""
    if action == "submit":
        return submit_case(case, actor=actor)
    if action == "withdraw":
        return withdraw_case(case, actor=actor, comment=comment)
    if action == "acknowledge":
        return acknowledge_notice(case, actor=actor, comment=comment)
    if action == "start_handover":
        return start_handover(case, actor=actor, comment=comment)
    if action == "close":
        return close_case(case, actor=actor, closed_on=closed_on, comment=comment)
    if action == "reopen":
        return reopen_case(case, actor=actor, reason=comment)
    raise CaseError(f"unknown action {action}")


# --- messages and the portal -----------------------------------------------------------------

DEMAND_STATUSES = (CaseStatus.DRAFT, CaseStatus.NOTICE_RECEIVED, CaseStatus.IN_REVIEW)


def record_demand(case: SeparationCase, amount: Decimal, reason: str, *, actor) -> EmployeeDemand:
    """The employee's own demand (amount and reason), from the portal: recorded once, never edited;
    the engine's checks run again so HR sees the dispute-risk warning; HR is notified."""
    if case.status not in DEMAND_STATUSES:
        raise CaseError(_("案件已结束审批，不能再提出诉求"))
    if amount is None or amount < 0:
        raise CaseError(_("请填写诉求金额"))
    if case.is_civil_service:
        raise CaseError(civil_service.money_refusal(case.case_type, demand=True))
    reason = (reason or "").strip()
    with transaction.atomic():
        demand = EmployeeDemand.objects.create(case=case, amount=amount, reason=reason, from_employee=True,
                                               author=actor)
        case.employee_demand = amount
        case.save(update_fields=["employee_demand", "updated_at"])
        _record(case, "case.demand", {"demand": demand.code, "amount": amount, "reason": reason,
                                      "from_employee": True}, actor=actor)
        run_engine(case, actor=actor)
        _notify_all(workflow.hr_users_for(case), Words(gettext_noop("员工提出诉求：%(name)s"), name=case.employee.name),
                    Words(gettext_noop("诉求金额 %(amount)s 元。%(reason)s"), amount=amount, reason=reason),
                    link=case_link(case))
    return demand



def post_message(case: SeparationCase, body: str, *, actor, from_employee: bool) -> CaseMessage:
    """A message between the employee and HR: stored once, in the ledger, the other side notified."""
    body = body.strip()
    if not body:
        raise CaseError(_("消息不能为空"))
    with transaction.atomic():
        message = CaseMessage.objects.create(case=case, author=actor, from_employee=from_employee, body=body)
        _record(case, "case.message", {"message": message.code, "from_employee": from_employee, "body": body},
                actor=actor)
        if from_employee:
            _notify_all(workflow.hr_users_for(case), Words(gettext_noop("员工留言：%(name)s"), name=case.employee.name),
                        body, link=case_link(case))
        else:
            _notify_all(workflow.users_for_role(case, "employee"), Words(gettext_noop("HR回复了您的消息")), body,
                        link=reverse("portal:home"))
    return message


def employment_end_refusal(employee: Employee) -> str:
    """Why the employee may not give notice or ask to negotiate from the portal ('' = they may): a case
    is open, or the employment has ended (or ends on a closed case's last day)."""
    open_case_row = SeparationCase.objects.filter(employee=employee, status__in=list(OPEN_STATUSES)).order_by(
        "-created_at").first()
    if open_case_row is not None:
        return _("您已有一个进行中的离职案件（%(type)s，%(status)s），不能再次提交。如需补充或更正，请在下方给HR留言。") % {
            "type": open_case_row.get_case_type_display(), "status": open_case_row.get_status_display()}
    ended = _ended_employment_case(employee)
    if employee.status == EmployeeStatus.SEPARATED or ended is not None:
        day = ended.separation_date if ended is not None else employee.separation_date
        if employee.rule_pack == "CN-civil-service":  # 公务员法: no labour contract to speak of
            return _("您已于 %(day)s 离职，不能再提交辞去公职申请。如有疑问，请联系人事部门。") % {"day": day or "—"}
        return _("您的劳动合同已于 %(day)s 解除/终止，不能再提交辞职通知或协商申请。如有疑问，请联系HR。") % {
            "day": day or "—"}
    return ""


def _ended_employment_case(employee: Employee) -> SeparationCase | None:
    """The closed case that ended (or ends) this employment; a re-hire (hired after its last day) is a new one."""
    return SeparationCase.objects.filter(
        employee=employee, status=CaseStatus.CLOSED, separation_date__gte=employee.hire_date,
    ).order_by("-separation_date").first()


def give_notice(employee: Employee, *, actor, notice_date: dt.date | None = None, reason: str = "") -> SeparationCase:
    """The employee's written notice of resignation (LCL 37), given in the portal."""
    refusal = employment_end_refusal(employee)
    if refusal:
        raise CaseError(refusal)
    return open_case(employee, CaseType.RESIGNATION, actor=actor, via=Via.PORTAL,
                     notice_date=notice_date or timezone.localdate(), reason=reason)


def request_negotiation(employee: Employee, *, actor, separation_date: dt.date, message: str) -> SeparationCase:
    """The employee asks to part by agreement (LCL 36, employee-initiated): a draft for HR."""
    refusal = employment_end_refusal(employee)
    if refusal:
        raise CaseError(refusal)
    case = open_case(employee, CaseType.MUTUAL_EMPLOYEE, actor=actor, via=Via.PORTAL,
                     separation_date=separation_date, reason=message)
    if message.strip():
        post_message(case, message, actor=actor, from_employee=True)
    return case


# --- reminders -------------------------------------------------------------------------------


def sweep_reminders(*, now: dt.datetime | None = None) -> int:
    """Remind whoever must act on an overdue step, once per step per day; returns how many
    notifications were created (a step no one can decide reminds no one: see unrouted_steps)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = 0
    overdue = CaseStep.objects.filter(
        status=StepStatus.ACTIVE, due_date__lt=today, case__status=CaseStatus.IN_REVIEW
    ).select_related("case__employee").prefetch_related("assignees")
    for step in overdue.iterator(chunk_size=500):
        try:
            with transaction.atomic():
                StepReminder.objects.create(step=step, day=today)  # unique (step, day): the idempotence
                sent += _notify_all(workflow.users_for_step(step), Words(
                    gettext_noop("已逾期：%(step)s · %(name)s"), step=choice(StepKind, step.kind),
                    name=step.case.employee.name),
                    Words(gettext_noop("办理期限为 %(due)s，请尽快处理。"), due=step.due_date), link=case_link(step.case))
        except IntegrityError:
            continue  # already reminded today (another sweep, or a re-run)
    return sent


@dataclass(frozen=True)
class SweepResult:
    notifications: int  # notifications really created (reminders and re-routed steps)
    rerouted: int       # steps no one could decide that now reach someone
    unrouted: int       # active steps no one can decide (after re-routing)
    separated: int      # employments ended on schedule (closed before the last day)
    deactivated: int    # logins deactivated (the day after the last day)


def sweep(*, today: dt.date | None = None, now: dt.datetime | None = None) -> SweepResult:
    """`farewell sweep`: re-route steps no one could decide, remind overdue steps, end the employments
    of cases closed before their last day once that day has passed, deactivate those logins."""
    if now is None:
        now = timezone.now() if today is None else timezone.make_aware(dt.datetime.combine(today, dt.time(9)))
    today = today or timezone.localdate(now)
    pending = list(steps_without_anyone().select_related(
        "case__employee__org_unit", "case__employee__manager", "case__company"))
    rerouted, notes = reroute_steps(pending)
    notes += sweep_reminders(now=now)
    notes += civil_service.remind_approval_periods(today=today)  # CSL 85: a resignation's approval period
    notes += civil_service.remind_deliveries(today=today)  # 公务员辞退规定 第十条: the decision's delivery
    separated, deactivated = apply_separations(today=today)
    return SweepResult(notifications=notes, rerouted=rerouted, unrouted=unrouted_steps().count(),
                       separated=separated, deactivated=deactivated)


# --- configuration (HR admin) ----------------------------------------------------------------


def save_workflow(company, case_type: str, steps: list[dict], *, actor, name: str | None = None):
    """Save the steps of a company's workflow for a case type: in place while no case used the
    current version, otherwise as the next version (running cases keep the version they started on).
    Only this company's versions are read or written (issue 13)."""
    from .models import WorkflowStepTemplate, WorkflowTemplate

    with transaction.atomic():
        current = (WorkflowTemplate.objects.select_for_update().filter(company=company, case_type=case_type)
                   .order_by("-version").first())
        if current is not None and not workflow.template_in_use(current):
            template = current
            template.steps.all().delete()
            if name:
                template.name = name
                template.save(update_fields=["name"])
        else:
            template = WorkflowTemplate.objects.create(
                company=company, case_type=case_type, version=(current.version + 1) if current else 1,
                name=name or (current.name if current else CaseType(case_type).label), created_by=actor,
            )
        WorkflowStepTemplate.objects.bulk_create([
            WorkflowStepTemplate(template=template, order=i, kind=s["kind"], condition=s["condition"],
                                 condition_amount=s.get("condition_amount"), due_working_days=s["due_working_days"])
            for i, s in enumerate(steps, start=1)
        ])
        record("cases.workflowtemplate", template.pk, {
            "company": company.pk, "case_type": case_type, "version": template.version,
            "steps": [{k: s.get(k) for k in ("kind", "condition", "condition_amount", "due_working_days")}
                      for s in steps],
        }, actor=actor, event="workflow.saved")
    return template


def save_policy(policy_row: CompensationPolicy, *, actor) -> CompensationPolicy:
    with transaction.atomic():
        policy_row.updated_by = actor
        policy_row.save()
        record("cases.compensationpolicy", policy_row.pk, {
            "company": policy_row.company_id, "case_type": policy_row.case_type,
            "extra_cap_months": policy_row.extra_cap_months, "note": policy_row.note,
        }, actor=actor, event="compensation_policy.saved")
    return policy_row


def save_case_settings(settings_row: CaseSettings, *, actor) -> CaseSettings:
    """An HR admin changes the company's case settings (four eyes for HR review); in the ledger."""
    with transaction.atomic():
        settings_row.updated_by = actor
        settings_row.save()
        record("cases.casesettings", settings_row.pk, {
            "company": settings_row.company_id, "opener_may_do_hr_review": settings_row.opener_may_do_hr_review,
        }, actor=actor, event="case_settings.saved")
    return settings_row
