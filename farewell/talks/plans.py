"""Generating a talk plan: the situation's template rendered with plain-string values, and the
facts drawn from the records, each with a link to the record it states.

Every factual statement in a plan comes from `facts_for()`; the template supplies only the
framing (opening, questions, options, compliance items), never a fact.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from farewell.cases import civil_service, engine_calls
from farewell.cases import services as case_services
from farewell.cases.models import CaseType, SeparationCase
from farewell.cases.presentation import readable
from farewell.common.money import chinese_capital
from farewell.insights.models import Flag, RuleCode
from farewell.insights.present import evidence_prefetch, flag_summary, record_label, record_url
from farewell.insights.rules import unit_review_averages
from farewell.law.i18n import cite, norm
from farewell.org.models import Employee
from farewell.org.tenure import tenure as tenure_until
from farewell.records import periods
from farewell.records.models import (
    Commitment,
    CommitmentParty,
    CommitmentStage,
    ContributionKind,
    PerformanceReview,
    RewardPenalty,
    SanctionKind,
    TrainingRecord,
    TrainingStatus,
)

from .defaults import corrected
from .models import CIVIL_SERVICE_SITUATIONS, Situation

REVIEWS_SHOWN = 6
KPI_TARGET = Decimal(100)

CASE_SITUATIONS = {
    CaseType.INCOMPETENCE: Situation.LOW_PERFORMER,
    CaseType.MISCONDUCT: Situation.MISCONDUCT,
    CaseType.PROBATION_REJECTION: Situation.PROBATION,
    CaseType.RETIREMENT: Situation.LONG_TENURE,
    CaseType.RESIGNATION: Situation.LIKELY_LEAVER,
    CaseType.CS_DISMISSAL: Situation.CIVIL_SERVANT,
    CaseType.CS_RESIGNATION: Situation.CS_RESIGNATION,
}
CIVIL_SERVICE = "CN-civil-service"

# What a low survey/360 dimension suggests the employee misses (keywords in the dimension).
MISSED_AREAS = [
    (("成长", "发展", "晋升", "学习", "培训"), _("成长与发展")),
    (("团队", "协作", "同事", "上级", "沟通", "关系"), _("团队与关系")),
    (("工作量", "压力", "加班", "负荷", "平衡"), _("工作量与平衡")),
    (("薪酬", "收入", "待遇", "福利"), _("薪酬待遇")),
]


def situations_for(employee: Employee) -> list[tuple[str, str]]:
    """The situations a plan for this person may use: a civil servant's are the 公务员法 ones only (the
    labour-contract templates speak of LCL notice, compensation and arbitration), and the reverse."""
    civil = employee.rule_pack == CIVIL_SERVICE
    return [(value, label) for value, label in Situation.choices if (value in CIVIL_SERVICE_SITUATIONS) == civil]


def suggested_situation(employee: Employee, case: SeparationCase | None) -> str:
    if employee.rule_pack == CIVIL_SERVICE:
        # No case yet: a civil servant thinking of leaving hears the rules of 辞去公职 (CSL 85–86), not LCL 37.
        if case is not None and case.case_type == CaseType.CS_DISMISSAL:
            return Situation.CIVIL_SERVANT
        return Situation.CS_RESIGNATION
    if case is None:
        return Situation.LIKELY_LEAVER
    return CASE_SITUATIONS.get(case.case_type, Situation.MUTUAL_AGREEMENT)


def _fact(section: str, text: str, employee: Employee | None = None, record=None, url: str = "") -> dict:
    ref = f"{record._meta.label_lower}:{record.pk}" if record is not None else ""
    if record is not None and not url:
        url = record_url(employee, record)
    return {"section": section, "text": text, "url": url, "ref": ref}


def _money(value) -> str:
    return "" if value is None else f"{Decimal(str(value)):,.2f}"


# --- facts per situation ---------------------------------------------------------------------


def _performance_facts(employee: Employee) -> list[dict]:
    reviews = list(PerformanceReview.objects.filter(employee=employee).order_by("-period_start")[:REVIEWS_SHOWN])
    facts = []
    if reviews:
        kind = reviews[0].period_kind
        same = [r for r in reviews if r.period_kind == kind]
        averages = unit_review_averages([employee.org_unit_id], employee.company_id, kind,
                                        [r.period_start for r in same])
        for r in reversed(same):
            avg = averages.get((employee.org_unit_id, r.period_start), {})
            text = record_label(r)
            if avg.get("score") is not None:
                text += _("；部门平均 %(avg)s 分（%(n)s 人）") % {"avg": avg["score"], "n": avg["count"]}
            facts.append(_fact(_("绩效趋势"), text, employee, r))
    for r in PerformanceReview.objects.filter(employee=employee, kpi_completion__lt=KPI_TARGET).order_by(
            "-period_start")[:REVIEWS_SHOWN]:
        facts.append(_fact(_("KPI未达成"), _("%(period)s KPI完成率 %(kpi)s%%") % {
            "period": periods.label(r.period_kind, r.period_start), "kpi": r.kpi_completion}, employee, r))
    for t in TrainingRecord.objects.filter(employee=employee).order_by("-course_date")[:REVIEWS_SHOWN]:
        section = _("拒绝的培训") if t.status == TrainingStatus.DECLINED else _("培训记录")
        facts.append(_fact(section, record_label(t), employee, t))
    return facts


def _flag_facts(employee: Employee) -> tuple[list[dict], list[str]]:
    facts, missed = [], []
    flags = Flag.objects.filter(employee=employee).prefetch_related(evidence_prefetch())
    for flag in flags:
        if flag.rule == RuleCode.KEY_CONTRIBUTOR:
            continue
        url = reverse("org:employee_detail", args=[employee.code])
        first = next((e.record for e in flag.evidence.all() if e.record is not None), None)
        facts.append(_fact(_("风险信号"), f"{flag.get_rule_display()}：{flag_summary(flag)}", employee, first,
                           url="" if first else url))
        for point in (flag.facts or {}).get("points", []):
            dimension = str(point.get("dimension", ""))
            for keywords, area in MISSED_AREAS:
                if any(k in dimension for k in keywords) and area not in missed:
                    missed.append(str(area))
        if flag.rule == RuleCode.ATTENDANCE_RISING and str(_("工作量与平衡")) not in missed:
            missed.append(str(_("工作量与平衡")))
        if flag.rule == RuleCode.TRAINING_DECLINED and str(_("成长与发展")) not in missed:
            missed.append(str(_("成长与发展")))
    for c in Commitment.objects.filter(employee=employee, party=CommitmentParty.COMPANY).order_by("said_on"):
        facts.append(_fact(_("公司曾作出的承诺"), f"{record_label(c)}：{c.content}", employee, c))
    return facts, missed


def _contribution_facts(employee: Employee) -> list[dict]:
    facts = []
    sections = {ContributionKind.PROJECT: _("重点项目"), ContributionKind.AWARD: _("获奖"),
                ContributionKind.MENTORING: _("带教"), ContributionKind.PATENT: _("专利/成果")}
    order = list(sections)
    contributions = sorted(employee.contribution_set.all(),
                           key=lambda c: (order.index(c.kind) if c.kind in order else len(order), -c.date.toordinal()))
    for c in contributions:
        text = record_label(c) + (f"（{c.role}）" if c.role else "")
        facts.append(_fact(sections.get(c.kind, _("其他贡献")), text, employee, c))
    for r in RewardPenalty.objects.filter(employee=employee, kind=SanctionKind.REWARD).order_by("-date"):
        facts.append(_fact(_("获奖"), record_label(r), employee, r))
    return facts


def _probation_facts(employee: Employee) -> list[dict]:
    facts = []
    criteria = Commitment.objects.filter(
        employee=employee, stage__in=[CommitmentStage.OFFER, CommitmentStage.PROBATION]
    ).order_by("said_on")
    for c in criteria:
        facts.append(_fact(_("书面录用条件"), f"{record_label(c)}：{c.content}", employee, c))
    contract = employee.contracts.order_by("-sequence").first()
    end = contract.probation_end_date if contract and contract.probation_end_date else None
    reviews = PerformanceReview.objects.filter(employee=employee, period_start__gte=employee.hire_date.replace(day=1))
    if end:
        reviews = reviews.filter(period_start__lte=end)
    for r in reviews.order_by("period_start"):
        facts.append(_fact(_("试用期考核记录"), record_label(r), employee, r))
    return facts


def _misconduct_facts(employee: Employee) -> tuple[list[dict], str]:
    facts, clauses = [], []
    for r in RewardPenalty.objects.filter(employee=employee, kind=SanctionKind.PENALTY).order_by("date"):
        text = f"{record_label(r)}（{r.get_level_display()}）"
        if r.reason:
            text += f"：{r.reason}"
        if r.policy_clause:
            text += _("；依据：%(clause)s") % {"clause": r.policy_clause}
            if r.policy_clause not in clauses:
                clauses.append(r.policy_clause)
        facts.append(_fact(_("有记录的违纪事实"), text, employee, r))
    return facts, "、".join(clauses)


def _money_facts(case: SeparationCase | None, run) -> list[dict]:
    if case is None or run is None:
        return []
    url = reverse("cases:case_detail", args=[case.code]) + "#legality"
    facts = []
    # The stored run (the engine's Chinese) worded in the active language as the case page words it
    # (engine_calls.run_in_language; worded_facts draws the facts once per language), its formula as the case page
    # shows it (190,313.99 ÷ 11 ≈ 17,301.27: cases/presentation.readable). A run that cannot be worded again keeps
    # its formula as recorded; its citation is cited in the active language all the same.
    language = translation.get_language()
    output = engine_calls.run_in_language(run.input, run.output, language)
    for line in output.get("lines", []):
        facts.append({"section": _("补偿的计算"), "text": _("%(formula)s（%(citation)s）") % {
            "formula": readable(line.get("formula", "")), "citation": cite(line.get("citation", ""), norm(language))},
            "url": url, "ref": f"cases.enginerun:{run.pk}"})
    money_url = reverse("cases:case_detail", args=[case.code]) + "#proposal"
    ref = f"cases.separationcase:{case.code}"
    facts.append({"section": _("补偿方案"), "text": _("法定金额 %(s)s 元；协商额外补偿 %(e)s 元；拟支付合计 %(o)s 元") % {
        "s": _money(case.statutory_amount), "e": _money(case.extra_compensation), "o": _money(case.offered_amount)},
        "url": money_url, "ref": ref})
    if case.extra_cap is not None:
        facts.append({"section": _("补偿方案"), "text": _("公司政策额外补偿上限 %(cap)s 元：HR至多可承诺 %(max)s 元") % {
            "cap": _money(case.extra_cap), "max": _money((case.statutory_amount or 0) + case.extra_cap)},
            "url": money_url, "ref": ref})
    if case.employee_demand is not None:
        facts.append({"section": _("补偿方案"), "text": _("员工诉求 %(d)s 元") % {"d": _money(case.employee_demand)},
                      "url": money_url, "ref": ref})
    return facts


def _civil_service_facts(employee: Employee, case: SeparationCase | None) -> tuple[list[dict], dict]:
    """A civil servant's facts: the annual assessments (年度考核), the CSL 88 ground or the CSL 85 period,
    HR's answers to the CSL 86 / CSL 89 checklist, the sanctions — no labour-law text, no money."""
    facts, extra = [], {}
    reviews = civil_service.annual_reviews(employee)
    for r in reviews:
        facts.append(_fact(_("年度考核结果"), civil_service.annual_review_text(r), employee, r))
    if reviews:
        extra["review_result"] = civil_service.annual_review_text(reviews[0])
        extra["annual_reviews"] = "；".join(civil_service.annual_review_text(r) for r in reviews)
    else:
        extra["annual_reviews"] = _("没有年度考核记录")
    if case is not None and case.is_civil_service:
        url = reverse("cases:case_detail", args=[case.code]) + "#civil-service"
        ref = f"cases.separationcase:{case.code}"
        ground = civil_service.DISMISSAL_GROUNDS.get(case.ground)
        if ground is not None:
            extra["dismissal_ground"] = f"{ground.text}（{ground.article}）"
            facts.append({"section": _("辞退事由"), "text": extra["dismissal_ground"]
                          + (f"。{case.reason}" if case.reason else ""), "url": url, "ref": ref})
        due = civil_service.approval_due(case)
        if due is not None:
            extra["approval_due"] = due.isoformat()
            facts.append({"section": _("审批期限"), "text": _(
                "收到申请之日 %(received)s；任免机关应当在 %(due)s 前予以审批（《公务员法》第八十五条）") % {
                "received": case.notice_date, "due": due}, "url": url, "ref": ref})
        answers = civil_service.latest_answers(case)
        section = _("不得辞去公职的情形") if case.case_type == CaseType.CS_RESIGNATION else _("不得辞退的情形")
        for item in civil_service.checklist_for(case):
            row = answers.get(item.code)
            answer = _("未回答") if row is None else (_("是") if row.answer else _("否"))
            facts.append({"section": section, "text": f"{item.text}：{answer}（{item.article}）", "url": url,
                          "ref": f"cases.civilserviceanswer:{row.code}" if row is not None else ref})
    for p in RewardPenalty.objects.filter(employee=employee, kind=SanctionKind.PENALTY).order_by("date"):
        facts.append(_fact(_("处分记录"), record_label(p), employee, p))
    return facts, extra


def facts_for(situation: str, employee: Employee, case: SeparationCase | None, run) -> tuple[list[dict], dict]:
    """The facts (with links) and the extra placeholder values the situation needs."""
    extra: dict[str, str] = {}
    if situation == Situation.LOW_PERFORMER:
        facts = _performance_facts(employee)
    elif situation == Situation.LIKELY_LEAVER:
        facts, missed = _flag_facts(employee)
        extra["missed_areas"] = "、".join(missed)
    elif situation == Situation.LONG_TENURE:
        facts = _contribution_facts(employee)
        extra["contribution_count"] = str(len(facts))
    elif situation == Situation.PROBATION:
        facts = _probation_facts(employee)
    elif situation == Situation.MISCONDUCT:
        facts, extra["rule_broken"] = _misconduct_facts(employee)
    elif situation in CIVIL_SERVICE_SITUATIONS:
        facts, civil_extra = _civil_service_facts(employee, case)
        extra.update(civil_extra)
    else:
        facts = []
    if situation in (Situation.MUTUAL_AGREEMENT, Situation.LONG_TENURE, Situation.LOW_PERFORMER,
                     Situation.PROBATION, Situation.MISCONDUCT):
        facts += _money_facts(case, run)
    return facts, extra


def worded_facts(facts: list[dict], again) -> list[dict]:
    """`facts` with each one's section and text worded in every language (common.wording's per-language part,
    shown by TalkPlan.shown_facts in the reader's): `again()` draws them again in the active language. A fact
    states records through many labels and formats, so it is worded here, once per language, when the plan is
    generated. When a language's facts do not line up (the records changed in between) they stay as worded."""
    active = translation.get_language()
    drawn = {}
    for code, _name in settings.LANGUAGES:
        if code == active:
            drawn[code] = facts
            continue
        with translation.override(code):
            drawn[code] = again()
    refs = [(f.get("ref"), f.get("url")) for f in facts]
    if any([(f.get("ref"), f.get("url")) for f in other] != refs for other in drawn.values()):
        return facts
    return [{**fact, "words": {key: {"l": {code: str(other[i][key]) for code, other in drawn.items()}}
                               for key in ("section", "text")}}
            for i, fact in enumerate(facts)]


# --- placeholder values ----------------------------------------------------------------------


# The labour-contract values a civil servant's plan never states (they read "—" if a template names them).
CIVIL_SERVICE_SILENT = ("statutory_amount", "extra_compensation", "offered_amount", "offered_amount_capital",
                        "extra_cap", "max_amount", "employee_demand")


# The engine's last step of the economic compensation when the service before 2008 and from 2008 have their own
# bases (law/compensation.py "segments"): n_pre × base_pre（2008年前基数）+ n_post × base_post（2008年起基数）= amount.
_NUMBER = r"[0-9]+(?:\.[0-9]+)?"
_SEGMENTS = re.compile(rf"(?P<n_pre>{_NUMBER}) × (?P<base_pre>{_NUMBER})（2008年前基数）"
                       rf"\+ (?P<n_post>{_NUMBER}) × (?P<base_post>{_NUMBER})（2008年起基数）= {_NUMBER}")


def compensation_product(output: dict) -> str:
    """The product that gives the run's economic compensation, as the plan reads it out: N 个月 × 月工资基数 B 元, or
    each segment when the years before 2008 and from 2008 have different bases (then N × B is not the amount);
    "" without a compensation."""
    months, base = output.get("compensation_months"), output.get("monthly_base")
    if months is None or base is None or output.get("economic_compensation") is None:
        return ""
    line = next((ln for ln in output.get("lines", []) if ln.get("item") == "economic_compensation"), {})
    match = _SEGMENTS.search(str(line.get("formula", "")))
    if match:
        return (f"{match['n_pre']} 个月 × {_money(match['base_pre'])} 元（2008年前基数）+ "
                f"{match['n_post']} 个月 × {_money(match['base_post'])} 元（2008年起基数）")
    return f"{months} 个月 × 月工资基数 {_money(base)} 元"


def values_for(employee: Employee, case: SeparationCase | None, run, *, actor, today: dt.date) -> dict[str, str]:
    """Every placeholder as a plain string (never a model object)."""
    # The opening says 你在…工作了{tenure} on the day of the talk: the service up to today, not up to a
    # separation date still weeks away (which the compensation lines count, with their own dates).
    tenure = tenure_until(employee.hire_date, as_of=today, separation_date=case.separation_date if case else None)
    values = {
        "name": employee.name,
        "company": employee.company.name,
        "department": employee.org_unit.name,
        "position": employee.position.name if employee.position_id else "",
        "hire_date": employee.hire_date.isoformat(),
        "tenure": str(tenure),
        "tenure_years": str(getattr(tenure, "years", "")),
        "manager": employee.manager.name if employee.manager_id else "",
        "hr_name": str(actor) if actor else "",
    }
    if case is not None:
        values.update({
            "case_type": case.get_case_type_display(),
            "separation_date": case.separation_date.isoformat(),
            "last_working_day": case.last_working_day.isoformat() if case.last_working_day else "",
            "statutory_amount": _money(case.statutory_amount),
            "extra_compensation": _money(case.extra_compensation),
            "offered_amount": _money(case.offered_amount),
            "offered_amount_capital": chinese_capital(case.offered_amount),
            "extra_cap": _money(case.extra_cap),
            "max_amount": _money((case.statutory_amount or 0) + (case.extra_cap or 0)),
            "employee_demand": _money(case.employee_demand),
        })
    if employee.rule_pack == CIVIL_SERVICE:
        # 公务员法: no compensation, cap, demand, LCL certificate or transfer deadlines to speak of.
        for key in CIVIL_SERVICE_SILENT:
            values.pop(key, None)
        return values
    if run is not None:
        output = run.output
        if output.get("monthly_base") is not None:
            values["monthly_base"] = _money(output["monthly_base"])
        if output.get("compensation_months") is not None:
            values["compensation_months"] = str(output["compensation_months"])
        if output.get("economic_compensation") is not None:
            values["economic_compensation"] = _money(output["economic_compensation"])
        values["compensation_product"] = compensation_product(output)
        values["compensation_basis"] = "；".join(
            f"{readable(line.get('formula', ''))}（{line.get('citation', '')}）" for line in output.get("lines", [])
        )
        for step in output.get("procedure", []):
            if step.get("step") == "separation_certificate":
                values["certificate_due"] = f"{step.get('due_date')}（{step.get('article')}）"
            elif step.get("step") == "file_and_social_insurance_transfer":
                values["transfer_due"] = f"{step.get('due_date')}（{step.get('article')}）"
    return values


# With no demand recorded, a sentence about "the demand (N 元)" is said without the amount:
# "如员工诉求（{employee_demand} 元）高于上述金额" → "员工提出更高要求时"; any other "{employee_demand} 元" reads the same.
_DEMAND_SENTENCE = re.compile(r"如?员工(?:的)?诉求\s*[（(]\s*\{employee_demand\}\s*元?\s*[）)]\s*高于上述金额")
_DEMAND_BRACKETS = re.compile(r"\s*[（(]\s*\{employee_demand\}\s*元?\s*[）)]")
_DEMAND_AMOUNT = re.compile(r"\{employee_demand\}\s*元?")


def no_demand_phrase() -> str:
    return _("员工提出更高要求时")


def without_demand(text: str) -> str:
    """The template text for a case with no demand recorded: no amount placeholder left to read "—"."""
    if not text or "{employee_demand}" not in text:
        return text
    phrase = no_demand_phrase()
    text = _DEMAND_SENTENCE.sub(phrase, text)
    text = _DEMAND_BRACKETS.sub("", text)
    return _DEMAND_AMOUNT.sub(phrase, text)


def build(template, employee: Employee, case: SeparationCase | None, *, actor, today: dt.date | None = None) -> dict:
    """The plan's fields: the template rendered, the facts from the records."""
    from .placeholders import render as render_text

    today = today or timezone.localdate()
    run = case_services.latest_run(case) if case is not None else None
    facts, extra = facts_for(template.situation, employee, case, run)
    facts = worded_facts(facts, lambda: facts_for(template.situation, employee, case, run)[0])
    values = {**values_for(employee, case, run, actor=actor, today=today), **extra}
    no_demand = case is None or case.employee_demand is None

    def render(text: str, values: dict[str, str]) -> str:
        text = corrected(text)
        return render_text(without_demand(text) if no_demand else text, values)

    return {
        "situation": template.situation,
        "title": render(template.title, values),
        "opening": render(template.opening, values),
        "facts_intro": render(template.facts_intro, values),
        "facts": facts,
        "questions": render(template.questions, values),
        "options": render(template.options, values),
        "closing": render(template.closing, values),
        "compliance": render(template.compliance, values),
    }
