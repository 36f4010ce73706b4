"""What a document is filled with: plain strings (and lists of dicts of strings) built from the case.
Nothing here hands a template a model object (DESIGN, documents)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from farewell.cases.ground_labels import ground_label
from farewell.cases.models import CaseType, SeparationCase
from farewell.cases.services import latest_run
from farewell.common.money import chinese_capital
from farewell.org.models import ContractKind
from farewell.org.tenure import span

from . import duties, settlement_services
from .models import ItemStatus
from .settlement import ENGINE_LABELS, money

# The article a notice cites, by engine ground.
ARTICLES = {
    "mutual_employer_initiated": "《劳动合同法》第三十六条",
    "mutual_employee_initiated": "《劳动合同法》第三十六条",
    "probation_rejection": "《劳动合同法》第三十九条第（一）项",
    "misconduct": "《劳动合同法》第三十九条",
    "illness_incapacity": "《劳动合同法》第四十条第（一）项",
    "incompetence": "《劳动合同法》第四十条第（二）项",
    "objective_change": "《劳动合同法》第四十条第（三）项",
    "economic_layoff": "《劳动合同法》第四十一条",
    "expiry_employer_not_renewing": "《劳动合同法》第四十四条第（一）项",
    "expiry_employee_declines_same_or_better": "《劳动合同法》第四十四条第（一）项",
    "expiry_employee_declines_worse_terms": "《劳动合同法》第四十四条第（一）项",
    "retirement": "《劳动合同法》第四十四条第（二）项",
    "resignation": "《劳动合同法》第三十七条",
    "cs_dismissal_two_years_incompetent": "《中华人民共和国公务员法》第八十八条第（一）项",
    "cs_dismissal_refuses_other_post": "《中华人民共和国公务员法》第八十八条第（二）项",
    "cs_dismissal_refuses_restructuring": "《中华人民共和国公务员法》第八十八条第（三）项",
    "cs_dismissal_discipline": "《中华人民共和国公务员法》第八十八条第（四）项",
    "cs_dismissal_absence": "《中华人民共和国公务员法》第八十八条第（五）项",
}
# 公务员法 第八十八条: the ground as the decision states it ("你……").
CS_GROUND_TEXT = {
    "cs_dismissal_two_years_incompetent": "在年度考核中，连续两年被确定为不称职",
    "cs_dismissal_refuses_other_post": "不胜任现职工作，又不接受其他安排",
    "cs_dismissal_refuses_restructuring": "因所在机关调整、撤销、合并或者缩减编制员额需要调整工作，本人拒绝合理安排",
    "cs_dismissal_discipline": "不履行公务员义务，不遵守法律和公务员纪律，经教育仍无转变，不适合继续在机关工作，又不宜给予开除处分",
    "cs_dismissal_absence": "旷工或者因公外出、请假期满无正当理由逾期不归连续超过十五天，或者一年内累计超过三十天",
}
TERMINATION_TYPES = {CaseType.EXPIRY, CaseType.RETIREMENT}
NOTICE_PAY_GROUNDS = {"illness_incapacity", "incompetence", "objective_change"}


def cn_date(day: dt.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def amount(value) -> str:
    return f"{money(value):,.2f}"


def contract_term(case: SeparationCase) -> str:
    contract = case.employee.contracts.filter(start_date__lte=case.separation_date).order_by("-sequence").first()
    if contract is None:
        return f"自{cn_date(case.employee.hire_date)}起"
    if contract.kind == ContractKind.OPEN_ENDED:
        return f"无固定期限劳动合同，自{cn_date(contract.start_date)}起"
    if contract.kind == ContractKind.TASK_BASED:
        return f"以完成一定工作任务为期限的劳动合同，自{cn_date(contract.start_date)}起"
    end = contract.end_date or case.separation_date
    return f"固定期限劳动合同，{cn_date(contract.start_date)}至{cn_date(end)}"


def service_years(case: SeparationCase) -> str:
    s = span(case.employee.hire_date, case.separation_date)
    return f"{s.years}年{s.months}个月"


def base(case: SeparationCase) -> dict:
    employee = case.employee
    return {
        "company_name": case.company.name,
        "company_credit_code": case.company.credit_code,
        "employee_name": employee.name,
        "employee_number": employee.employee_number,
        "department": employee.org_unit.name,
        "position": employee.position.name if employee.position_id else "",
        "hire_date": cn_date(employee.hire_date),
        "last_day": cn_date(case.separation_date),
        "end_kind": "终止" if case.case_type in TERMINATION_TYPES else "解除",
        "issue_date": cn_date(timezone.localdate()),
    }


def amount_lines(case: SeparationCase) -> tuple[list[dict], Decimal]:
    """Every amount owed: the frozen settlement's income lines when there is one, else the engine run's
    money lines and the negotiated extra. Each in figures and in capitals (cn2an)."""
    frozen = settlement_services.frozen(case)
    rows: list[tuple[str, Decimal]] = []
    if frozen is not None:
        rows = [(ln["label"], Decimal(ln["amount"])) for ln in frozen.sheet["lines"] if ln["kind"] == "income"]
    else:
        run = latest_run(case)
        for ln in (run.output.get("lines", []) if run else []):
            if ln.get("item") in settlement_services.ENGINE_MONEY_ITEMS and Decimal(str(ln["amount"])) > 0:
                rows.append((ENGINE_LABELS[ln["item"]], Decimal(str(ln["amount"]))))
        if case.extra_compensation:
            rows.append(("协商额外补偿", case.extra_compensation))
    lines = [{"label": label, "amount": amount(value), "capital": chinese_capital(value)} for label, value in rows]
    return lines, sum((value for _label, value in rows), Decimal(0))


def transfer_due(case: SeparationCase) -> str:
    due = case.post_exit_duties.filter(kind="file_transfer").values_list("due_date", flat=True).first()
    return cn_date(due or duties.plan(case)[1][1])


def context_for(case: SeparationCase, kind: str, options: dict | None = None) -> dict:
    """The placeholders of `kind` for `case`; `options` are HR's answers for the agreement (payment date and
    method, non-compete), already validated."""
    options = options or {}
    ctx = base(case)
    if kind == "certificate":
        ctx.update(contract_term=contract_term(case), service_years=service_years(case))
        return ctx
    lines, total = amount_lines(case)
    article = ARTICLES.get(case.ground, "")
    ctx["transfer_due"] = transfer_due(case)
    if kind == "mutual_agreement":
        from .handover import last_day

        initiator = "经甲方提出" if case.ground == "mutual_employer_initiated" else "经乙方提出"
        ctx.update(
            ground_text=f"{initiator}解除劳动合同", amount_lines=lines, total_amount=amount(total),
            total_capital=chinese_capital(total),
            payment_date=cn_date(options.get("payment_date") or case.separation_date),
            payment_method=options.get("payment_method") or "银行转账至乙方工资账户",
            handover_due=cn_date(last_day(case)),
            si_stop_month=f"{case.separation_date.year}年{case.separation_date.month}月",
        )
        monthly = options.get("non_compete_monthly")
        if options.get("non_compete_months"):
            ctx.update(non_compete="是", non_compete_months=str(options["non_compete_months"]),
                       non_compete_monthly=amount(monthly), non_compete_monthly_capital=chinese_capital(monthly))
        else:
            ctx.update(non_compete="", non_compete_months="", non_compete_monthly="", non_compete_monthly_capital="")
        return ctx
    if kind in ("dismissal_notice", "union_letter"):
        ctx.update(article_text=article, ground_text=ground_label(case.ground), facts=(case.reason or "").strip())
        if kind == "dismissal_notice":
            ctx.update(
                amount_lines=lines, total_amount=amount(total), total_capital=chinese_capital(total),
                union_text="已事先将理由通知工会（《劳动合同法》第四十三条）。" if case.facts.get("union_notified") else "",
                notice_text=("本单位已提前三十日书面通知您，或额外支付一个月工资（代通知金）（《劳动合同法》第四十条）。"
                             if case.ground in NOTICE_PAY_GROUNDS else ""),
            )
        return ctx
    if kind == "termination_notice":
        ctx.update(contract_term=contract_term(case), ground_text=ground_label(case.ground), amount_lines=lines,
                   total_amount=amount(total), total_capital=chinese_capital(total))
        return ctx
    if kind == "handover_confirmation":
        ctx["handover_items"] = [{
            "number": str(n), "title": item.title,
            "receiver": str(item.receiver) if item.receiver_id else "",
            "status": item.get_status_display(),
            "confirmed_at": timezone.localtime(item.decided_at).strftime("%Y-%m-%d %H:%M")
            if item.status == ItemStatus.CONFIRMED and item.decided_at else "",
        } for n, item in enumerate(case.handover_items.select_related("receiver").order_by("order"), start=1)]
        return ctx
    if kind == "cs_resignation_approval":
        ctx["application_date"] = cn_date(case.notice_date or case.created_at.date())
        return ctx
    if kind == "cs_dismissal_decision":
        ctx.update(article_text=article, ground_text=CS_GROUND_TEXT.get(case.ground, ""),
                   facts=(case.reason or "").strip())
        return ctx
    if kind == "resignation_receipt":
        ctx["notice_date"] = cn_date(case.notice_date)
        return ctx
    if kind == "settlement_sheet":
        frozen = settlement_services.frozen(case)
        sheet = frozen.sheet
        signs = {"income": "", "deduction": "扣除：", "tax": "代扣："}
        ctx.update(
            version=str(frozen.version),
            settlement_lines=[{"sign": signs[ln["kind"]], "label": ln["label"], "amount": amount(ln["amount"]),
                               "capital": chinese_capital(ln["amount"]), "formula": ln.get("formula", ""),
                               "basis": ln.get("basis", "")} for ln in sheet["lines"]],
            gross=amount(sheet["gross"]), gross_capital=chinese_capital(sheet["gross"]),
            deductions_total=amount(sheet["deductions"]), net=amount(sheet["net"]),
            net_capital=chinese_capital(sheet["net"]),
            tax_formula=sheet["severance_tax_formula"] if Decimal(sheet["severance_tax"]) > 0 else "",
            exempt_source=sheet.get("exempt_ceiling_source", ""), sheet_sha256=frozen.sheet_sha256,
            approved_at=timezone.localtime(frozen.approved_at).strftime("%Y-%m-%d %H:%M") if frozen.approved_at else "",
            approved_by=str(frozen.approved_by) if frozen.approved_by_id else "",
        )
        return ctx
    raise KeyError(kind)
