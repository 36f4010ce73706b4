"""The engine's output as HR reads it: Chinese labels, amounts in figures and in capitals."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from farewell.common import labels as common_labels
from farewell.common.money import chinese_capital, round_money
from farewell.law.i18n import EN, cite, norm
from farewell.law.money import fmt_number

from .layoff_labels import LAYOFF_EVENT_LABELS

ITEM_LABELS = {
    "economic_compensation": _("经济补偿"),
    "notice_pay": _("代通知金（额外一个月工资）"),
    "annual_leave_pay": _("未休年休假工资"),
    "double_wage": _("未订立书面劳动合同的二倍工资差额"),
    "unlawful_termination_damages": _("违法解除/终止赔偿金（2N）"),
    "extra_compensation": _("协商额外补偿"),
}


# The case's line of the ledger (entries_for(LEDGER_TYPE, case.code)): event code → what HR reads.
EVENT_LABELS = {
    "case.opened": _("案件创建"),
    "case.engine_run": _("法律引擎计算"),
    "case.no_engine": _("不适用法律引擎：记录法律依据"),
    "case.updated": _("修改事实与金额"),
    "case.submit": _("提交审批"),
    "case.approve": _("案件批准"),
    "case.reject": _("案件驳回"),
    "case.return": _("退回修改"),
    "case.withdraw": _("撤回案件"),
    "case.acknowledge": _("确认收到辞职通知"),
    "case.start_handover": _("开始交接"),
    "case.reopen": _("重新提交审批（此前的审批失效）"),
    "case.close": _("结案"),
    "case.step.approve": _("审批步骤通过"),
    "case.step.reject": _("审批步骤驳回"),
    "case.step.return": _("审批步骤退回"),
    "case.step.skipped": _("审批步骤跳过（不再需要）"),
    "case.step.added": _("新增审批步骤"),
    "case.step.reopened": _("审批步骤重新打开（事实或金额已变化）"),
    "case.reference_drift": _("参考数据变更后结果与已批准的不同（已批准的结果未改动）"),
    "case.reference_drift_gone": _("参考数据变更后结果与已批准的重新一致"),
    "case.step.activated": _("审批步骤开始办理（分派办理人）"),
    "case.step.rerouted": _("审批步骤重新分派"),
    "case.message": _("员工与HR的消息"),
    "case.demand": _("员工提出诉求"),
    # Civil-service cases (cases/civil_service_actions.py).
    "case.cs_answer": _("回答公务员法所列情形（辞职/辞退核查）"),
    "case.cs_leading_member": _("登记是否领导成员（审批期限）"),
    "case.cs_decision_delivered": _("辞退决定书面送达本人"),
    "talks.escalation_detected": _("谈话中出现升级风险"),
    # Layoff batches (cases/layoffs.py).
    **LAYOFF_EVENT_LABELS,
    # Settings rows written by farewell/cases (not on a case's line, shown in the general ledger).
    "workflow.saved": _("保存审批流程模板"),
    "compensation_policy.saved": _("保存补偿政策"),
    "case_settings.saved": _("保存审批设置"),
    # Closing a case ends the employment (farewell/cases services.close_case and the sweep).
    "employee.separation_scheduled": _("离职生效已排期（最后一天之后）"),
    "employee.separated": _("员工已离职"),
    "contract.ended": _("劳动合同终止"),
    # farewell/talks: plans, conversation records, transcripts, evidence packages.
    "talks.plan.generated": _("生成谈话方案"),
    "talks.plan.edited": _("修改谈话方案"),
    "talks.conversation.opened": _("创建谈话记录"),
    "talks.conversation.edited": _("修改谈话记录"),
    "talks.checklist.ticked": _("勾选告知事项"),
    "talks.attachment.added": _("上传谈话附件"),
    "talks.conversation.signed": _("签署谈话记录"),
    "talks.conversation.correction_opened": _("发起谈话记录更正"),
    "talks.conversation.acknowledged": _("确认谈话记录"),
    "talks.transcript.added": _("添加谈话转写"),
    "talks.template.saved": _("保存谈话方案模板"),
    "talks.phrases.saved": _("保存风险词列表"),
    "talks.evidence_package.exported": _("导出证据包"),
    "portal.employee_copy.exported": _("导出员工版资料包"),
}


def event_label(code: str) -> str:
    """The readable label for a ledger event code: the cases app's, else one another app registered in
    common.labels (offboarding's events on the case's line); the code itself when there is none."""
    label = EVENT_LABELS.get(code)
    return str(label) if label is not None else common_labels.event_label(code)


# Engine warnings that inform rather than warn: shown as a note, never a risk on the case (services.run_engine).
# calendar_year_unknown: no holiday data for the year a deadline falls in yet (Monday–Friday assumed).
# local_average_provisional: the local average of an older year than the rule needs; the result is marked
# provisional wherever it is shown ("provisional" below), but it is data to complete, not a legal risk.
NOTICE_CODES = frozenset({"calendar_year_unknown", "wage_months_missing", "local_average_provisional",
                          "annual_leave_open_years"})
# Where HR completes what a note asks for (a URL name; the note links to it).
NOTE_LINKS = {"calendar_year_unknown": ("settings:holidays", _("打开节假日表")),
              "local_average_provisional": ("settings:local_wages", _("打开当地工资标准"))}


def _with_link(item: dict) -> dict:
    """A note with the settings page where HR completes it (none when that page is not installed), its
    article in the page's language (the app's own checks carry it in Chinese, as the engine writes it)."""
    if item.get("article"):
        item = {**item, "article": cite(item["article"], norm(get_language()))}
    target = NOTE_LINKS.get(item.get("code"))
    if target is None:
        return item
    try:
        return {**item, "link": reverse(target[0]), "link_label": target[1]}
    except NoReverseMatch:
        return item


# The engine writes amounts as 121108.90 and a base that is not a whole fen as 17301.2718… (its contract,
# tests/law). The pages show money one way: two decimals, thousands grouped (the `amount` filter).
_AMOUNT = re.compile(r"(?<![\d.,])(\d+)\.(\d{2})(?![\d…])")
_INEXACT = re.compile(r"(=\s*)?(?<![\d.])(\d+\.\d{4})…")
# The summary's "N 7 × 月工资基数 …": the count in brackets after its name, so it does not read as "N times 7".
_HAN = re.compile(r"[\u4e00-\u9fff]")
_N_COUNT = re.compile(r"\b(N(?:前|后| before 2008| from 2008)?) (\d+(?:\.\d+)?)(?= ×)")


def _grouped(text: str) -> str:
    return f"{round_money(text):,.2f}"


def readable(text: str | None, *, note: bool = True) -> str | None:
    """An engine formula or summary as the page shows money: 190,313.99 ÷ 11 ≈ 17,301.27 (a base that is not a
    whole fen rounded for the reader, with a note that the amount uses the exact one; `note=False` for the
    summary above the lines, which carry it), N（7）in the summary."""
    if not text:
        return text
    inexact = False

    def rounded(match: re.Match) -> str:
        nonlocal inexact
        inexact = True
        return ("≈ " if match.group(1) else "") + _grouped(match.group(2))

    shown = _INEXACT.sub(rounded, text)
    shown = _AMOUNT.sub(lambda m: _grouped(m.group(0)), shown)
    chinese = _HAN.search(text) is not None  # a stored run is Chinese on every page (engine_calls.run_in_language)
    shown = _N_COUNT.sub(lambda m: f"{m.group(1)}（{m.group(2)}）" if chinese else f"{m.group(1)} ({m.group(2)})",
                         shown)
    if inexact and note:
        english = norm(get_language()) == EN
        shown += (" " if english else "") + gettext("（金额按未舍入的月工资基数计算）")
    return shown


# The engine's version code (law/result.py ENGINE_VERSION, "cn-2026.12.1": the rule set and its edition, year and
# month) is stored with every run; a page names the rule set and its edition instead of showing the code.
_ENGINE_VERSION = re.compile(r"[A-Za-z-]+-(?P<year>\d{4})\.(?P<month>\d{1,2})(?:\.\d+)*")


def rule_set_name(engine_version: str | None, ground: str | None) -> str:
    """The rule set a result was computed under, as a reader names it: 公务员法规则（2026年12月版） for a civil
    servant's ground (CN-civil-service), 劳动合同法规则（…版） otherwise; without the edition when the code does not
    give it."""
    civil = bool(ground) and str(ground).startswith("cs_")
    match = _ENGINE_VERSION.fullmatch(engine_version or "")
    month = int(match["month"]) if match else 0
    if not 1 <= month <= 12:
        return gettext("公务员法规则") if civil else gettext("劳动合同法规则")
    edition = date_format(dt.date(int(match["year"]), month, 1), "YEAR_MONTH_FORMAT")
    return (gettext("公务员法规则（%(edition)s版）") if civil else gettext("劳动合同法规则（%(edition)s版）")) % {
        "edition": edition}


def present(result: dict, extra: list | None = None) -> dict:
    """Add labels and Chinese capitals to a contract-shaped result (a copy; the stored one stays as is).

    `extra`: the case's own checks (evidence, money policy), shown with the engine's warnings.
    Warnings in NOTICE_CODES go to "notes": information, not a risk."""
    lines = [
        {**line, "label": ITEM_LABELS.get(line["item"], line["item"]), "formula": readable(line.get("formula")),
         "capital": chinese_capital(line["amount"])}
        for line in result.get("lines", [])
    ]
    total = Decimal(str(result.get("total") or 0))
    # A blocking check of the case's own (a civil servant's CSL 86/89 "yes") blocks like the engine's.
    violations = [_with_link(v) for v in result.get("violations", []) + list(extra or [])
                  if v.get("severity") == "violation"]
    others = [_with_link(v) for v in result.get("violations", []) if v.get("severity") != "violation"]
    others += [_with_link(v) for v in extra or [] if v.get("severity") != "violation"]
    return {
        # A result computed with an older local average than the rule needs (services.cap_unknown_check).
        "provisional": next(({"year_used": v.get("year_used"), "year_needed": v.get("year_needed")}
                             for v in others if v.get("code") == "local_average_provisional"), None),
        **result,
        "summary": readable(result.get("summary"), note=False),
        "rule_set": rule_set_name(result.get("engine_version"), result.get("ground")),
        "lawful": bool(result.get("lawful", True)) and not violations,
        "lines": lines,
        "total_capital": chinese_capital(total),
        "blocking": violations,
        "warnings": [v for v in others if v.get("code") not in NOTICE_CODES],
        "notes": [v for v in others if v.get("code") in NOTICE_CODES],
    }


def leave_days_counted(data: dict, presented: dict) -> str | None:
    """The days of this year's annual leave the engine input counts as taken, as HR writes a day count ("0",
    "2.5"), when the result has annual-leave pay; None otherwise (the employee page and the portal say it)."""
    leave = data.get("annual_leave")
    if not leave or not any(line["item"] == "annual_leave_pay" for line in presented["lines"]):
        return None
    return fmt_number(Decimal(str(leave["days_taken_this_year"])))


def present_case(case, run, checks: list[dict] | None = None, *, sees_cap: bool = True) -> dict:
    """The money proposal: statutory amount, negotiated extra within the cap, offered, demanded.
    `checks`: the run's checks as the page words them (services.checks_as_worded); the run's own by default.
    `sees_cap`: False for a reader who may not see the company's cap (the manager: no figure of it)."""
    statutory = case.statutory_amount or Decimal(0)
    offered = statutory + (case.extra_compensation or Decimal(0))
    cap = case.extra_cap if sees_cap else None
    checks = {c["code"]: c for c in (checks if checks is not None else run.checks if run else [])}
    return {
        "statutory": statutory,
        "extra": case.extra_compensation,
        "cap": cap,
        "offered": offered,
        "offered_capital": chinese_capital(offered),
        "demand": case.employee_demand,
        "over_cap": case.extra_cap is not None and case.extra_compensation > case.extra_cap,
        "dispute": checks.get("dispute_risk"),
    }
