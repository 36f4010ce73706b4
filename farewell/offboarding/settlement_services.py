"""The final settlement's operations: draft, freeze on approval, new version with a reason, payment.

Frozen on approval: the sheet's canonical JSON is hashed into the ledger (ledger.canonical); a later
change is a new version with a reason and a new approval. Wages are due in full at separation
(工资支付暂行规定 第九条): a payment dated after the last day is flagged.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from functools import cache

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from farewell.cases import engine_calls
from farewell.cases.models import CaseStatus, SeparationCase
from farewell.cases.presentation import readable
from farewell.cases.services import latest_run
from farewell.law.i18n import ZH, norm
from farewell.ledger.canonical import canonical_json, sha256_hex
from farewell.ledger.services import record
from farewell.org.holidays import work_calendar
from farewell.org.models import WageMonth
from farewell.org.wages import figures_for

from . import handover
from .models import OffboardingSettings, Payment, Settlement, SettlementStatus
from .settlement import (
    EXEMPT_MULTIPLE,
    MONTHS_IN_YEAR,
    Deduction,
    SettlementInputError,
    SheetInputs,
    check_sheet,
    compute_sheet,
    is_engine_line,
    shown_line_basis,
    shown_line_formula,
)

LEDGER_TYPE = "offboarding.settlement"
ENGINE_MONEY_ITEMS = ("economic_compensation", "notice_pay", "annual_leave_pay", "double_wage",
                      "unlawful_termination_damages")
# A settlement is prepared once the separation is decided (approved, a notice acknowledged, in handover).
SETTLEMENT_STATUSES = (CaseStatus.APPROVED, CaseStatus.IN_HANDOVER)


class SettlementError(Exception):
    """A refused settlement operation, with a message for HR."""


def _dec(value, default: Decimal | None = None) -> Decimal | None:
    if value in (None, ""):
        return default
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise SettlementError(_("金额格式不正确：%(v)s") % {"v": value}) from None


# Where the sheet's default exempt ceiling comes from: the form's initial text, worded in the reader's
# language; HR may change it, and the sheet keeps what was saved. The city and the figure's source are
# recorded data (the source a citation), shown as they are.
EXEMPT_SOURCE = gettext_noop("%(city)s %(year)s 年职工月平均工资 %(amount)s 元 × 12 × 3（%(source)s）")


def exempt_source(city: str, year, amount, source: str) -> str:
    """The default exempt ceiling's source in the active language."""
    return _(EXEMPT_SOURCE) % {"city": city, "year": year, "amount": amount, "source": source}


@cache
def _exempt_source_patterns() -> tuple[re.Pattern, ...]:
    """EXEMPT_SOURCE as worded in each language of the site, its placeholders as groups."""
    patterns = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            worded = _(EXEMPT_SOURCE)
        parts = re.split(r"%\((\w+)\)s", worded)
        patterns.append(re.compile("".join(
            re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)" for i, part in enumerate(parts)), re.S))
    return tuple(patterns)


def shown_exempt_source(text: str) -> str:
    """A saved sheet's exempt-ceiling source in the reader's language while it is still the default text
    (saved from a page in any language); a text HR wrote or changed is shown as written."""
    for pattern in _exempt_source_patterns():
        match = pattern.fullmatch(text or "")
        if match:
            parts = match.groupdict()
            return exempt_source(**{**parts, "amount": readable(parts["amount"])})  # grouped, as the page's money
    return text


# 财税〔2018〕164号 第五条(一) exempts one-off severance income up to 3× the local average wage of the year before
# (当地上年职工平均工资). The default ceiling takes the latest figure on file; one of an older year than the year
# before the last day is provisional, and says so with the year it used (the figure itself is not changed).
EXEMPT_PROVISIONAL = gettext_noop("暂定：按%(used)s年度当地职工平均工资计算，应为%(needed)s年度（当地上年职工平均工资）")


def exempt_year_used(source: str) -> int | None:
    """The statistical year of the figure a default exempt-ceiling source names (in any language); None for a
    text HR wrote or changed (its year is not known)."""
    for pattern in _exempt_source_patterns():
        match = pattern.fullmatch(source or "")
        if match:
            try:
                return int(match["year"])
            except ValueError:
                return None
    return None


def exempt_provisional(source: str, last_day) -> dict | None:
    """{"year_used", "year_needed"} when the ceiling was computed on an average older than the year before
    `last_day` (a date or its ISO text); None when it is that year's or its year is not known."""
    used = exempt_year_used(source)
    try:
        needed = (last_day if isinstance(last_day, dt.date) else dt.date.fromisoformat(str(last_day))).year - 1
    except ValueError:
        return None
    return {"year_used": used, "year_needed": needed} if used is not None and used < needed else None


def shown_exempt_provisional(source: str, last_day) -> str:
    """The provisional mark of an exempt ceiling in the active language, "" when it is not provisional."""
    mark = exempt_provisional(source, last_day)
    return _(EXEMPT_PROVISIONAL) % {"used": mark["year_used"], "needed": mark["year_needed"]} if mark else ""


def default_inputs(case: SeparationCase) -> dict:
    """What the sheet starts from: the last wage on file, the last month's paid days from the calendar,
    the exempt ceiling from the city's prior-year average wage (HR corrects any of them)."""
    employee = case.employee
    last = case.separation_date
    month_start = last.replace(day=1)
    first = max(month_start, employee.hire_date)
    wage = WageMonth.objects.filter(employee=employee, month__lt=month_start).order_by("-month").first()
    monthly = (wage.base + wage.allowances) if wage is not None and (wage.base or wage.allowances) else (
        wage.total if wage is not None else Decimal(0))
    next_month = (month_start + dt.timedelta(days=32)).replace(day=1)
    figures = figures_for(employee.company.city, last)
    ceiling, source = "", ""
    if figures is not None and figures.local_avg_monthly_wage is not None:
        avg = figures.local_avg_monthly_wage
        ceiling = f"{avg.amount * MONTHS_IN_YEAR * EXEMPT_MULTIPLE:.2f}"
        source = exempt_source(employee.company.city, avg.year, avg.amount, avg.source)
    # The calendar the engine computes the case on (cases/engine_calls.py): chinesecalendar's notices and the
    # table HR keeps (设置 › 节假日), so a 2027 holiday HR entered is not counted as a working day and an
    # adjusted working day is; the engine's calendar alone (law.DEFAULT_CALENDAR) counted every 2027 weekday.
    # Paid days, not working days (劳社部发〔2008〕3号: the statutory holidays are paid, 劳动法 51): a weekday
    # holiday counts, a weekend and an in-lieu day (调休放假) do not (WorkCalendar.paid_days_between).
    calendar = work_calendar()
    return {
        "monthly_wage": f"{monthly:.2f}",
        "paid_days_worked": str(calendar.paid_days_between(first, last)),
        "month_paid_days": str(calendar.paid_days_between(month_start, next_month - dt.timedelta(days=1))),
        "unused_leave_days": "0",
        "exempt_ceiling": ceiling,
        "exempt_ceiling_source": source,
        "deductions": [],
    }


def proration(case: SeparationCase) -> str:
    """How the company prorates the last month's wage (设置 › 离职办理: 21.75 or the month's own paid days)."""
    return OffboardingSettings.for_company(case.company_id).wage_proration


def sheet_inputs(case: SeparationCase, inputs: dict) -> SheetInputs:
    settings_row = OffboardingSettings.for_company(case.company_id)
    run = latest_run(case)
    engine_lines = [ln for ln in (run.output.get("lines", []) if run else []) if ln.get("item") in ENGINE_MONEY_ITEMS]
    ceiling = _dec(inputs.get("exempt_ceiling"))
    if ceiling is None:
        raise SettlementError(_("请填写一次性补偿收入免税额（当地上年职工平均工资的3倍）及其来源"))
    return SheetInputs(
        last_day=case.separation_date,
        monthly_wage=_dec(inputs.get("monthly_wage"), Decimal(0)),
        proration=settings_row.wage_proration,
        paid_days_worked=_dec(inputs.get("paid_days_worked"), Decimal(0)),
        month_paid_days=_dec(inputs.get("month_paid_days"), Decimal(0)),
        engine_lines=engine_lines,
        extra_compensation=case.extra_compensation or Decimal(0),
        exempt_ceiling=ceiling,
        exempt_ceiling_source=inputs.get("exempt_ceiling_source", ""),
        severance_scope=settings_row.severance_scope,
        unused_leave_days=_dec(inputs.get("unused_leave_days"), Decimal(0)),
        deductions=[Deduction(d["kind"], _dec(d["amount"], Decimal(0)), d.get("basis", ""))
                    for d in inputs.get("deductions", [])],
    )


def compute(case: SeparationCase, inputs: dict) -> dict:
    try:
        return compute_sheet(sheet_inputs(case, inputs))
    except SettlementInputError as exc:
        raise SettlementError(str(exc)) from None


# How many of a case's runs, newest first, are searched for the one a sheet's engine lines were copied from.
WORDING_RUNS = 20


def engine_wordings(case: SeparationCase, sheet: dict, lang: str | None = None) -> dict:
    """{(item, recorded formula): the formula worded in `lang` (the active language by default)} for the sheet's
    engine lines. The sheet copied them, in the engine's Chinese, from a run of the case: that run (the newest
    whose line has the same item and formula) is worded again (engine_calls.run_in_language, which gives its
    texts only when every figure comes out as stored). A line no run words again is shown as recorded."""
    lang = norm(lang or translation.get_language())
    wanted = {(ln["code"], ln.get("formula")) for ln in sheet.get("lines", []) if is_engine_line(ln) and ln.get("formula")}
    worded: dict = {}
    if lang == ZH or not wanted:
        return worded
    for run in case.engine_runs.order_by("-created_at", "-id")[:WORDING_RUNS]:
        stored = [ln for ln in run.output.get("lines", []) if isinstance(ln, dict)]
        if not any((ln.get("item"), ln.get("formula")) in wanted - worded.keys() for ln in stored):
            continue
        output = engine_calls.run_in_language(run.input, run.output, lang)
        if output.get("as_recorded"):
            continue
        for old, new in zip(stored, output.get("lines", []), strict=False):
            key = (old.get("item"), old.get("formula"))
            if key in wanted and key not in worded and new.get("item") == old.get("item"):
                worded[key] = new.get("formula", "")
        if wanted <= worded.keys():
            break
    return worded


def shown_formula(line: dict, sheet: dict, wordings: dict) -> str:
    """A sheet line's formula as the case page shows the engine's (cases.presentation.readable): in the active
    language, amounts grouped (121,108.90), a base that is not a whole fen rounded with a note."""
    return readable(shown_line_formula(line, sheet, wordings)) or ""


def shown_lines(case: SeparationCase, sheet: dict) -> list[dict]:
    """The sheet's lines with their formula and citation in the active language (`shown_formula`, `shown_basis`);
    the sheet itself is not changed (the record)."""
    wordings = engine_wordings(case, sheet)
    return [{**ln, "shown_formula": shown_formula(ln, sheet, wordings), "shown_basis": shown_line_basis(ln)}
            for ln in sheet.get("lines", [])]


def current(case: SeparationCase) -> Settlement | None:
    return case.settlements.order_by("-version").first()


def frozen(case: SeparationCase) -> Settlement | None:
    return case.settlements.filter(status=SettlementStatus.FROZEN).order_by("-version").first()


def _payload(s: Settlement, **extra) -> dict:
    return {"case": s.case.code, "settlement": s.code, "version": s.version, "status": s.status,
            "sheet_sha256": s.sheet_sha256, **extra}


def save_draft(case: SeparationCase, inputs: dict, *, acting_user) -> Settlement:
    """Create the first version, or change the current draft (a frozen one changes only by `revise`)."""
    if case.status not in SETTLEMENT_STATUSES:
        raise SettlementError(_("案件批准后才能编制离职结算单"))
    sheet = compute(case, inputs)
    with transaction.atomic():
        latest = current(case)
        if latest is not None and latest.status != SettlementStatus.DRAFT:
            raise SettlementError(_("结算单已批准冻结：修改请新建版本并说明原因"))
        if latest is None:
            try:
                with transaction.atomic():
                    latest = Settlement.objects.create(case=case, version=1, inputs=inputs, sheet=sheet,
                                                       prepared_by=acting_user)
            except IntegrityError:
                raise SettlementError(_("结算单已被他人创建，请刷新后再试")) from None
        else:
            updated = Settlement.objects.filter(pk=latest.pk, status=SettlementStatus.DRAFT).update(
                inputs=inputs, sheet=sheet, prepared_by=acting_user)
            if not updated:
                raise SettlementError(_("结算单状态已变化，请刷新后再试"))
            latest.inputs, latest.sheet, latest.prepared_by = inputs, sheet, acting_user
        record(LEDGER_TYPE, latest.code, _payload(latest, sheet=sheet), actor=acting_user, event="settlement.drafted")
    return latest


def approve(settlement: Settlement, *, acting_user) -> Settlement:
    """Freeze a draft: the lines must add up; whoever prepared it does not approve it (four eyes)."""
    if settlement.status != SettlementStatus.DRAFT:
        raise SettlementError(_("只能批准草稿状态的结算单"))
    case_status = SeparationCase.objects.filter(pk=settlement.case_id).values_list("status", flat=True).first()
    if case_status not in SETTLEMENT_STATUSES:  # read now: the page's copy of the case may be older
        # A case taken back into review (重新提交审批) is approved again first: its draft waits for the new figures.
        raise SettlementError(_("案件不在已批准或交接中状态（可能已重新提交审批）：结算单暂不能批准"))
    if settlement.prepared_by_id == acting_user.pk:
        raise SettlementError(_("编制人不能批准自己编制的结算单（四眼原则）"))
    problems = check_sheet(settlement.sheet)
    if problems:
        raise SettlementError(_("结算单各项不平：%(p)s") % {"p": "；".join(problems)})
    digest = sha256_hex(canonical_json(settlement.sheet))
    with transaction.atomic():
        now = timezone.now()
        updated = Settlement.objects.filter(pk=settlement.pk, status=SettlementStatus.DRAFT).update(
            status=SettlementStatus.FROZEN, approved_by=acting_user, approved_at=now, sheet_sha256=digest)
        if not updated:
            raise SettlementError(_("结算单状态已变化，请刷新后再试"))
        Settlement.objects.filter(case=settlement.case, status=SettlementStatus.FROZEN).exclude(
            pk=settlement.pk).update(status=SettlementStatus.SUPERSEDED)
        settlement.status, settlement.approved_by, settlement.approved_at = SettlementStatus.FROZEN, acting_user, now
        settlement.sheet_sha256 = digest
        record(LEDGER_TYPE, settlement.code, _payload(settlement, sheet=settlement.sheet, reason=settlement.reason),
               actor=acting_user, event="settlement.frozen")
    return settlement


def revise(settlement: Settlement, *, acting_user, reason: str) -> Settlement:
    """A frozen sheet changes only as the next version: a reason, the same inputs to edit, a new approval."""
    reason = (reason or "").strip()
    if not reason:
        raise SettlementError(_("新建版本须写明变更原因"))
    if settlement.status != SettlementStatus.FROZEN:
        raise SettlementError(_("只有已批准的结算单需要新建版本"))
    with transaction.atomic():
        if current(settlement.case).pk != settlement.pk:
            raise SettlementError(_("已有更新的版本"))
        try:
            with transaction.atomic():
                new = Settlement.objects.create(
                    case=settlement.case, version=settlement.version + 1, reason=reason, inputs=settlement.inputs,
                    sheet=settlement.sheet, prepared_by=acting_user)
        except IntegrityError:
            raise SettlementError(_("已有更新的版本")) from None
        record(LEDGER_TYPE, new.code, _payload(new, previous=settlement.code, reason=reason), actor=acting_user,
               event="settlement.revised")
    return new


def record_payment(settlement: Settlement, *, acting_user, paid_on: dt.date, amount: Decimal, reference: str,
                   includes_compensation: bool = True) -> Payment:
    """Record a payment on the frozen sheet. LCL 50 ¶2: compensation is paid when the handover is done;
    a payment after the last day is recorded and flagged (工资支付暂行规定 第九条)."""
    if settlement.status != SettlementStatus.FROZEN:
        raise SettlementError(_("结算单未批准，不能记录付款"))
    if amount is None or amount <= 0:
        raise SettlementError(_("付款金额必须大于0"))
    if not (reference or "").strip():
        raise SettlementError(_("请填写付款凭证号或流水号"))
    case = settlement.case
    if includes_compensation and Decimal(settlement.sheet.get("compensation_total", "0")) > 0 \
            and not handover.handover_complete(case):
        raise SettlementError(_("工作交接尚未完成：经济补偿在办结工作交接时支付（《劳动合同法》第五十条第二款）"))
    paid = sum((p.amount for p in settlement.payments.all()), Decimal(0))
    if paid + amount > Decimal(settlement.sheet["net"]):
        raise SettlementError(_("累计付款 %(total)s 超过实发金额 %(net)s") % {
            "total": paid + amount, "net": settlement.sheet["net"]})
    with transaction.atomic():
        payment = Payment.objects.create(
            settlement=settlement, paid_on=paid_on, amount=amount, reference=reference.strip(),
            includes_compensation=includes_compensation, late=paid_on > case.separation_date,
            recorded_by=acting_user)
        record(LEDGER_TYPE, settlement.code, _payload(
            settlement, payment=payment.code, paid_on=paid_on, amount=amount, reference=payment.reference,
            late=payment.late), actor=acting_user, event="settlement.paid")
    return payment


def save_settings(row: OffboardingSettings, *, acting_user) -> OffboardingSettings:
    with transaction.atomic():
        row.updated_by = acting_user
        row.save()
        record("offboarding.settings", row.company.code, {
            "company": row.company.code, "wage_proration": row.wage_proration,
            "severance_scope": row.severance_scope, "former_access_days": row.former_access_days,
            "document_language": row.document_language},
            actor=acting_user, event="offboarding_settings.saved")
    return row
