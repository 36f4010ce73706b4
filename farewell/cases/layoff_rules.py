"""What the law says about a layoff batch, read from the records (LCL 41): who may be a member (not a
dispatched worker), the ¶2 priority-retention groups, the ¶1 procedure checked against the planned date,
the ¶3 rehiring priority's last day. Nothing here changes state (layoffs.py does)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db.models import OuterRef, Subquery
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from farewell.law.i18n import ZH, norm
from farewell.org import cached
from farewell.org.models import ContractKind, Employee, EmployeeStatus, EmploymentType

from . import engine_calls
from .layoff_choices import FilingKind
from .layoff_models import LayoffFiling, LayoffMember
from .layoff_size import LayoffSize
from .models import CaseFamily, EngineRun, SeparationCase
from .presentation import NOTICE_CODES
from .services import checks_as_worded

EXPLANATION_DAYS = 30  # LCL 41 ¶1: 提前三十日向工会或者全体职工说明情况


REHIRE_MONTHS = 6  # LCL 41 ¶3: 在六个月内重新招用人员的……优先招用被裁减的人员


# Only the employer's own labour-contract staff can be laid off under LCL 41.
OWN_STAFF = (EmploymentType.LABOUR_CONTRACT, EmploymentType.PUBLIC_INSTITUTION)


# Stored and shown through gettext: the rule for dispatched workers (checked against the texts:
# LCL 58 ¶1, LCL 65 ¶2, 劳务派遣暂行规定 (人社部令第22号) Art. 12 ¶1(1) and ¶2, Art. 13).
DISPATCH_RULE = gettext_noop(
    "劳务派遣人员的用人单位是劳务派遣单位（《劳动合同法》第五十八条第一款），不是本单位的职工：不能列入裁员批次，"
    "也不计入企业职工总数。用工单位有《劳动合同法》第四十一条规定情形的，可以将被派遣劳动者退回劳务派遣单位"
    "（《劳务派遣暂行规定》第十二条第一款第一项；《劳动合同法》第六十五条第二款只规定第三十九条和第四十条第一项、"
    "第二项情形下的退回），退回后无工作期间由劳务派遣单位按不低于当地最低工资标准按月支付报酬（同条第二款）。"
    "被派遣劳动者有《劳动合同法》第四十二条规定情形的，派遣期限届满前不得因此退回；期限届满的，应当延续至相应情形"
    "消失时方可退回（《劳务派遣暂行规定》第十三条）。"
)


REHIRE_RULE = gettext_noop(
    "用人单位依照《劳动合同法》第四十一条第一款裁减人员，在六个月内重新招用人员的，应当通知被裁减的人员，"
    "并在同等条件下优先招用被裁减的人员（第四十一条第三款）。"
)


PRIORITY_RULE = gettext_noop(
    "裁减人员时，应当优先留用下列人员：（一）与本单位订立较长期限的固定期限劳动合同的；（二）与本单位订立无固定期限"
    "劳动合同的；（三）家庭无其他就业人员，有需要扶养的老人或者未成年人的（《劳动合同法》第四十一条第二款）。"
)


def member_refusal(employee: Employee, family_company_id: int) -> str:
    """Why `employee` cannot be a member of a layoff batch ("" = they can)."""
    who = f"{employee.name}（{employee.employee_number}）"
    if employee.company_id != family_company_id:
        return _("%(who)s：不是本公司的员工") % {"who": who}
    if employee.employment_type == EmploymentType.DISPATCH:
        return _("%(who)s：劳务派遣人员不能列入裁员批次，应退回劳务派遣单位。") % {"who": who} + _(DISPATCH_RULE)
    if employee.employment_type not in OWN_STAFF:
        return _("%(who)s：%(type)s人员不适用经济性裁员（《劳动合同法》第四十一条适用于与本单位订立劳动合同的职工）") % {
            "who": who, "type": employee.get_employment_type_display()}
    if employee.status == EmployeeStatus.SEPARATED:
        return _("%(who)s：已离职") % {"who": who}
    return ""


@dataclass(frozen=True)
class Priority:
    """The LCL 41 ¶2 groups a member falls in: (1) and (2) from the contract on file, (3) from HR's answer."""

    long_fixed_term: bool
    open_ended: bool
    sole_earner: bool | None  # None: HR has not answered
    term_months: int | None = None

    @property
    def flagged(self) -> bool:
        return self.long_fixed_term or self.open_ended or bool(self.sole_earner)

    @property
    def labels(self) -> list[str]:
        out = []
        if self.long_fixed_term:
            out.append(_("较长期限的固定期限劳动合同（%(m)s个月）") % {"m": self.term_months})
        if self.open_ended:
            out.append(_("无固定期限劳动合同"))
        if self.sole_earner:
            out.append(_("家庭无其他就业人员，有需要扶养的老人或者未成年人"))
        return out


def priority_for(case: SeparationCase, member: LayoffMember | None, long_term_months: int) -> Priority:
    """Uses `case.employee.contracts.all()` (prefetch it for lists): the latest contract counts."""
    contracts = sorted(case.employee.contracts.all(), key=lambda c: c.sequence)
    contract = contracts[-1] if contracts else None
    term = contract.term_months if contract is not None and contract.kind == ContractKind.FIXED_TERM else None
    return Priority(
        long_fixed_term=term is not None and term >= long_term_months,
        open_ended=contract is not None and contract.kind == ContractKind.OPEN_ENDED,
        sole_earner=member.sole_earner if member is not None else None,
        term_months=term,
    )


def member_of(case: SeparationCase) -> LayoffMember | None:
    try:
        return case.layoff_member
    except LayoffMember.DoesNotExist:
        return None


def filing_label(kind: str) -> str:
    return str(FilingKind(kind).label)


def current_filings(family: CaseFamily) -> dict[str, LayoffFiling]:
    """The filing of each kind in force: the latest (a correction follows the row it corrects)."""
    current: dict[str, LayoffFiling] = {}
    for filing in family.filings.select_related("recorded_by").order_by("id"):
        current[filing.kind] = filing
    return current


def explanation_due(family: CaseFamily) -> dt.date | None:
    """The last day to explain to the union or staff: 30 days before the planned date (民法典 201)."""
    return family.planned_date - dt.timedelta(days=EXPLANATION_DAYS) if family.planned_date else None


def procedure_problems(family: CaseFamily, size: LayoffSize, filings: dict[str, LayoffFiling]) -> list[str]:
    """What the LCL 41 ¶1 procedure still lacks, checked against the planned date ([] = complete, or
    the procedure does not apply)."""
    if not size.required:
        return []
    problems = []
    due = explanation_due(family)
    explanation = filings.get(FilingKind.EXPLANATION)
    report = filings.get(FilingKind.REPORT)
    if explanation is None:
        problems.append(_("尚未记录向工会或者全体职工说明情况、听取意见（须不晚于 %(due)s）") % {"due": due})
    elif explanation.done_on > due:
        problems.append(_("向工会或者全体职工说明情况的日期 %(day)s 晚于 %(due)s（计划解除日 %(planned)s 前三十日）："
                          "请推迟计划解除日，或重新说明后更正记录") % {
            "day": explanation.done_on, "due": due, "planned": family.planned_date})
    if report is None:
        problems.append(_("尚未记录向劳动行政部门报告裁减人员方案"))
    else:
        if report.done_on > family.planned_date:
            problems.append(_("向劳动行政部门报告的日期 %(day)s 晚于计划解除日 %(planned)s") % {
                "day": report.done_on, "planned": family.planned_date})
        if explanation is not None and report.done_on < explanation.done_on:
            problems.append(_("向劳动行政部门报告的日期 %(day)s 早于说明情况的日期 %(exp)s：应在听取工会或职工意见后报告") % {
                "day": report.done_on, "exp": explanation.done_on})
    return problems


def rehire_deadline(family: CaseFamily) -> dt.date | None:
    """LCL 41 ¶3: the rehiring priority runs six months from the separation date (stored on approval)."""
    if family.rehire_until:
        return family.rehire_until
    return family.planned_date + relativedelta(months=REHIRE_MONTHS) if family.planned_date else None


# A stored run's engine messages worded in another language than the record's Chinese, by run and language. A
# run is never changed once stored (it is the record), so its words in a language are computed once per process
# (engine_calls.run_in_language runs the engine again on its input, ~0.2 ms) and reused by every later view of
# the batch page (500 members: ~85 ms of engine work per English view before). Keyed by the run's id and its
# creation time (a test's rolled-back run may leave its id to another) and the holiday table's version (the
# wording is used only when the engine, on today's table, gives the stored dates); at most WORDED_RUNS_KEPT runs.
WORDED_RUNS_KEPT = 4096
_worded_runs: dict[tuple, list[dict]] = {}


def _violations_in(run: EngineRun, language: str) -> list[dict]:
    """The engine's violations and warnings of `run`, worded in `language` (engine_calls.run_in_language)."""
    stored = run.output.get("violations", []) if isinstance(run.output, dict) else []
    if not stored or norm(language) == ZH:
        return list(stored)  # nothing to word, or the record's own words
    key = (run.pk, run.created_at, norm(language), cached.version("work_calendar"))
    worded = _worded_runs.get(key)
    if worded is None:
        worded = list(engine_calls.run_in_language(run.input, run.output, language).get("violations", []))
        if len(_worded_runs) >= WORDED_RUNS_KEPT:
            _worded_runs.clear()
        _worded_runs[key] = worded
    return worded


def latest_checks(cases: list[SeparationCase]) -> dict[int, list[dict]]:
    """Each case's violations and warnings from its latest engine run (information notices left out), in
    two queries whatever the number of members: what the batch page and the step mail show per member, worded
    in the active language (a run stored in Chinese reads English on an English page: the engine's messages
    worded once per run, `_violations_in`; the run's own checks from their values)."""
    latest = EngineRun.objects.filter(case=OuterRef("pk")).order_by("-created_at", "-id").values("pk")[:1]
    ids = SeparationCase.objects.filter(pk__in=[c.pk for c in cases]).annotate(run=Subquery(latest)).values_list(
        "run", flat=True)
    checks: dict[int, list[dict]] = {}
    language = get_language()
    for run in EngineRun.objects.filter(pk__in=[i for i in ids if i]).only("case_id", "created_at", "input",
                                                                           "output", "checks"):
        items = _violations_in(run, language) + checks_as_worded(run)
        checks[run.case_id] = [v for v in items if v.get("code") not in NOTICE_CODES]
    return checks
