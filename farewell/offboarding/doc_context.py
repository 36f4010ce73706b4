"""What a document is filled with: plain strings (and lists of dicts of strings) built from the case.
Nothing here hands a template a model object (DESIGN, documents)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone, translation

from farewell.cases.ground_labels import ground_label
from farewell.cases.models import CaseType, SeparationCase
from farewell.cases.presentation import readable
from farewell.cases.services import latest_run, notice_given_days
from farewell.common.money import chinese_capital, english_words
from farewell.law.i18n import EN, cite
from farewell.org.models import ContractKind
from farewell.org.tenure import span

from . import duties, settlement_services
from .doc_kinds_en import CSL as CSL_EN
from .doc_kinds_en import LCL as LCL_EN
from .models import ItemStatus
from .settlement import (
    ACTUAL_DAYS_WAGE_CITATION,
    ENGINE_LABELS,
    is_engine_line,
    money,
    shown_line_formula,
    shown_tax_formula,
)

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

# --- English documents (OffboardingSettings.document_language = "en") ----------------------------
# Documents are records: their English is written here, not looked up in the UI catalogue (a document
# must not change with a catalogue edit, nor come out half Chinese where a msgid has no English yet).
ENGLISH = "en"
ARTICLES_EN = {
    "mutual_employer_initiated": f"Article 36 of {LCL_EN}",
    "mutual_employee_initiated": f"Article 36 of {LCL_EN}",
    "probation_rejection": f"Article 39(1) of {LCL_EN}",
    "misconduct": f"Article 39 of {LCL_EN}",
    "illness_incapacity": f"Article 40(1) of {LCL_EN}",
    "incompetence": f"Article 40(2) of {LCL_EN}",
    "objective_change": f"Article 40(3) of {LCL_EN}",
    "economic_layoff": f"Article 41 of {LCL_EN}",
    "expiry_employer_not_renewing": f"Article 44(1) of {LCL_EN}",
    "expiry_employee_declines_same_or_better": f"Article 44(1) of {LCL_EN}",
    "expiry_employee_declines_worse_terms": f"Article 44(1) of {LCL_EN}",
    "retirement": f"Article 44(2) of {LCL_EN}",
    "resignation": f"Article 37 of {LCL_EN}",
    "cs_dismissal_two_years_incompetent": f"Article 88(1) of {CSL_EN}",
    "cs_dismissal_refuses_other_post": f"Article 88(2) of {CSL_EN}",
    "cs_dismissal_refuses_restructuring": f"Article 88(3) of {CSL_EN}",
    "cs_dismissal_discipline": f"Article 88(4) of {CSL_EN}",
    "cs_dismissal_absence": f"Article 88(5) of {CSL_EN}",
}
# 公务员法 第八十八条 in the decision's words ("You ...").
CS_GROUND_TEXT_EN = {
    "cs_dismissal_two_years_incompetent": "were rated incompetent in the annual assessment two years in a row",
    "cs_dismissal_refuses_other_post": "are not competent for your present post and do not accept another arrangement",
    "cs_dismissal_refuses_restructuring": (
        "refused a reasonable arrangement when the restructuring, abolition, merger or staff reduction of your "
        "organ required a change of your work"),
    "cs_dismissal_discipline": (
        "did not fulfil the duties of a civil servant or observe the law and its discipline, did not change after "
        "education, are unfit to continue working in the organ, and expulsion is not appropriate"),
    "cs_dismissal_absence": (
        "were absent without leave, or overstayed business travel or leave without good reason, for more than "
        "fifteen consecutive days or more than thirty days in total within one year"),
}
# The settlement's and the engine's money lines, by code (settlement.compute_sheet; the engine's items).
LINE_LABELS_EN = {
    "final_wage": "Wages for the last month (up to the last day)",
    "annual_leave_pay": "Pay for untaken annual leave",
    "economic_compensation": "Economic compensation",
    "notice_pay": "Pay in lieu of notice (one extra month's wage)",
    "double_wage": "Double wages for the months without a written labour contract",
    "unlawful_termination_damages": "Damages for unlawful termination",
    "extra_compensation": "Negotiated extra compensation",
    "deduction_social_insurance": "Employee's share of social insurance",
    "deduction_housing_fund": "Employee's share of the housing fund",
    "deduction_damages_offset": "Compensation for losses the employee caused (Provisional Regulations on Wage Payment, Art. 16)",
    "deduction_other_offset": "Other lawful deductions",
    "severance_iit": "Individual income tax on one-off severance income (withheld)",
}
# The settlement's own citations (settlement.py), as the English sheet states them; an engine line's citation is
# the engine's English (law.i18n.cite), HR's basis for a deduction as written.
BASIS_EN = {
    ACTUAL_DAYS_WAGE_CITATION:
        "Provisional Regulations on Wage Payment, Art. 9; the employer's own rule: the month's actual paid days",
    "《工资支付暂行规定》第九条；劳社部发〔2008〕3号（月计薪天数21.75天）":
        "Provisional Regulations on Wage Payment, Art. 9; Laoshebufa [2008] No. 3 (21.75 paid days a month)",
    "《职工带薪年休假条例》第五条；《企业职工带薪年休假实施办法》第十条、第十二条":
        "Regulations on Paid Annual Leave, Art. 5; Implementing Measures, Arts. 10 and 12",
    "《劳动合同法》第三十六条（协商一致，高于法定标准的部分）":
        f"Article 36 of {LCL_EN} (agreed, above the statutory amount)",
    "财税〔2018〕164号 第五条(一)；《个人所得税法》综合所得税率表":
        "Caishui [2018] No. 164, Art. 5(1); the comprehensive income tax table of the Individual Income Tax Law",
}
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")


def cn_date(day: dt.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def en_date(day: dt.date | None) -> str:
    return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}" if day else ""


class Writer:
    """The document's language: dates, amounts in words (大写 in Chinese) and the fixed phrases."""

    def __init__(self, language: str):
        self.en = language == ENGLISH

    def date(self, day: dt.date | None) -> str:
        return en_date(day) if self.en else cn_date(day)

    def words(self, value) -> str:
        return english_words(value) if self.en else chinese_capital(value)

    def pick(self, chinese: str, english: str) -> str:
        return english if self.en else chinese


def amount(value) -> str:
    return f"{money(value):,.2f}"


def contract_term(case: SeparationCase, w: Writer | None = None) -> str:
    w = w or Writer("zh-hans")
    contract = case.employee.contracts.filter(start_date__lte=case.separation_date).order_by("-sequence").first()
    if contract is None:
        return w.pick(f"自{cn_date(case.employee.hire_date)}起", f"from {en_date(case.employee.hire_date)}")
    start = w.date(contract.start_date)
    if contract.kind == ContractKind.OPEN_ENDED:
        return w.pick(f"无固定期限劳动合同，自{start}起", f"open-ended labour contract from {start}")
    if contract.kind == ContractKind.TASK_BASED:
        return w.pick(f"以完成一定工作任务为期限的劳动合同，自{start}起",
                      f"labour contract for the completion of a task, from {start}")
    end = w.date(contract.end_date or case.separation_date)
    return w.pick(f"固定期限劳动合同，{start}至{end}", f"fixed-term labour contract from {start} to {end}")


def service_years(case: SeparationCase, w: Writer | None = None) -> str:
    s = span(case.employee.hire_date, case.separation_date)
    if w is not None and w.en:
        return f"{s.years} year{'s' if s.years != 1 else ''} and {s.months} month{'s' if s.months != 1 else ''}"
    return f"{s.years}年{s.months}个月"


def facts_text(case: SeparationCase) -> str:
    """The case's facts as the letters quote them: the template closes the sentence itself ("事实如下：{facts}。"),
    so a full stop HR typed at the end is left out (the notice read "…解除劳动合同。。依据")."""
    return (case.reason or "").strip().rstrip("。．.；;，,、 \u3000")


def certificate_date(case: SeparationCase) -> dt.date:
    """The separation certificate's date: today, or the separation date while the contract still runs."""
    return max(timezone.localdate(), case.separation_date)


def notice_letter_date(case: SeparationCase) -> dt.date:
    """The dismissal notice's date: the day it is served (the case's 书面通知日) when that is still ahead, so a
    letter prepared in advance bears the day it is handed over; never a day already past (no backdated letter)."""
    return max(timezone.localdate(), case.notice_date) if case.notice_date else timezone.localdate()


def notice_text(case: SeparationCase, w: Writer) -> str:
    """LCL 40's notice sentence as the case records it: the written notice given (30 days or more, from
    services.notice_given_days: HR's count, else from the 书面通知日) or the extra month's wage in lieu (代通知金, Reg. 20) — never both routes offered with
    "或", which leaves the employee and an arbitrator to guess which one the employer took."""
    days = notice_given_days(case)
    try:
        days = int(days) if days is not None else 0
    except (TypeError, ValueError):
        days = 0
    if days >= 30:
        if case.notice_date:
            return w.pick(
                f"本单位已于{w.date(case.notice_date)}以书面形式通知您，提前{days}日（《劳动合同法》第四十条）。",
                f"This employer gave you written notice on {w.date(case.notice_date)}, {days} days in advance "
                f"(Article 40 of {LCL_EN}).")
        return w.pick(f"本单位已提前{days}日以书面形式通知您（《劳动合同法》第四十条）。",
                      f"This employer has given you {days} days' written notice (Article 40 of {LCL_EN}).")
    return w.pick("本单位额外支付您一个月工资作为代通知金（《劳动合同法》第四十条，《劳动合同法实施条例》第二十条）。",
                  "This employer pays you one extra month's wage in lieu of notice (Article 40 of "
                  f"{LCL_EN}; Article 20 of its Implementing Regulations).")


def base(case: SeparationCase, w: Writer | None = None) -> dict:
    w = w or Writer("zh-hans")
    employee = case.employee
    termination = case.case_type in TERMINATION_TYPES
    return {
        "company_name": case.company.name,
        "company_credit_code": case.company.credit_code,
        "employee_name": employee.name,
        "employee_number": employee.employee_number,
        "department": employee.org_unit.name,
        "position": employee.position.name if employee.position_id else "",
        "hire_date": w.date(employee.hire_date),
        "last_day": w.date(case.separation_date),
        "end_kind": w.pick("终止" if termination else "解除", "Ending" if termination else "Termination"),
        "issue_date": w.date(timezone.localdate()),
    }


def _worded(w: Writer, show, *args) -> str:
    """A frozen sheet's formula in the document's language (settlement.shown_tax_formula, shown_line_formula),
    as the settlement page and the case page show it (cases.presentation.readable: amounts grouped)."""
    with translation.override("en" if w.en else "zh-hans"):
        return readable(show(*args)) or ""


def _exempt_source(sheet: dict, w: Writer) -> str:
    """The sheet's exempt-ceiling source in the document's language while it is the default text, marked
    provisional when its average is older than the year before the last day (settlement_services)."""
    recorded = sheet.get("exempt_ceiling_source", "")
    with translation.override("en" if w.en else "zh-hans"):
        shown = settlement_services.shown_exempt_source(recorded)
        mark = settlement_services.shown_exempt_provisional(recorded, sheet.get("last_day"))
    return f"{shown}{'; ' if w.en else '；'}{mark}" if mark else shown


def line_basis(line: dict, w: Writer) -> str:
    """A sheet line's citation in the document's language (settlement.shown_line_basis for the engine's)."""
    recorded = line.get("basis", "")
    if not w.en:
        return recorded
    if is_engine_line(line):
        return cite(recorded, EN)
    return BASIS_EN.get(recorded, recorded)


def line_label(code: str, recorded: str, w: Writer) -> str:
    return LINE_LABELS_EN.get(code, recorded) if w.en else recorded


def amount_lines(case: SeparationCase, w: Writer | None = None) -> tuple[list[dict], Decimal]:
    """Every amount owed: the frozen settlement's income lines when there is one, else the engine run's
    money lines and the negotiated extra. Each in figures and in words (大写 by cn2an in Chinese)."""
    w = w or Writer("zh-hans")
    frozen = settlement_services.frozen(case)
    rows: list[tuple[str, Decimal]] = []
    if frozen is not None:
        rows = [(line_label(ln["code"], ln["label"], w), Decimal(ln["amount"]))
                for ln in frozen.sheet["lines"] if ln["kind"] == "income"]
    else:
        run = latest_run(case)
        for ln in (run.output.get("lines", []) if run else []):
            if ln.get("item") in settlement_services.ENGINE_MONEY_ITEMS and Decimal(str(ln["amount"])) > 0:
                rows.append((line_label(ln["item"], ENGINE_LABELS[ln["item"]], w), Decimal(str(ln["amount"]))))
        if case.extra_compensation:
            rows.append((line_label("extra_compensation", "协商额外补偿", w), case.extra_compensation))
    lines = [{"label": label, "amount": amount(value), "capital": w.words(value)} for label, value in rows]
    return lines, sum((value for _label, value in rows), Decimal(0))


def transfer_due(case: SeparationCase, w: Writer | None = None) -> str:
    due = case.post_exit_duties.filter(kind="file_transfer").values_list("due_date", flat=True).first()
    return (w or Writer("zh-hans")).date(due or duties.plan(case)[1][1])


def context_for(case: SeparationCase, kind: str, options: dict | None = None, language: str = "zh-hans") -> dict:
    """The placeholders of `kind` for `case` in the document's `language` ("zh-hans" or "en"); `options` are
    HR's answers for the agreement (payment date and method, non-compete), already validated."""
    with translation.override(language):  # the statuses and grounds the UI catalogue names
        return _context(case, kind, options or {}, Writer(language))


def _context(case: SeparationCase, kind: str, options: dict, w: Writer) -> dict:
    ctx = base(case, w)
    if kind == "certificate":
        # LCL 50 ¶1: issued 在解除或者终止劳动合同时. One prepared before the contract ends is dated the day it ends
        # (the day it is handed over), never a day the contract was still running (generate asks HR to confirm).
        ctx.update(contract_term=contract_term(case, w), service_years=service_years(case, w),
                   issue_date=w.date(certificate_date(case)))
        return ctx
    lines, total = amount_lines(case, w)
    article = (ARTICLES_EN if w.en else ARTICLES).get(case.ground, "")
    ctx["transfer_due"] = transfer_due(case, w)
    if kind == "mutual_agreement":
        from .handover import last_day

        by_employer = case.ground == "mutual_employer_initiated"
        day = case.separation_date
        ctx.update(
            ground_text=w.pick(f"{'经甲方提出' if by_employer else '经乙方提出'}解除劳动合同",
                               f"Party {'A' if by_employer else 'B'} having proposed to end the labour contract"),
            amount_lines=lines, total_amount=amount(total), total_capital=w.words(total),
            payment_date=w.date(options.get("payment_date") or case.separation_date),
            payment_method=options.get("payment_method") or w.pick(
                "银行转账至乙方工资账户", "bank transfer to Party B's salary account"),
            handover_due=w.date(last_day(case)),
            si_stop_month=w.pick(f"{day.year}年{day.month}月", f"{MONTHS_EN[day.month - 1]} {day.year}"),
        )
        monthly = options.get("non_compete_monthly")
        if options.get("non_compete_months"):
            ctx.update(non_compete=w.pick("是", "yes"), non_compete_months=str(options["non_compete_months"]),
                       non_compete_monthly=amount(monthly), non_compete_monthly_capital=w.words(monthly))
        else:
            ctx.update(non_compete="", non_compete_months="", non_compete_monthly="", non_compete_monthly_capital="")
        return ctx
    if kind in ("dismissal_notice", "union_letter"):
        ctx.update(article_text=article, ground_text=str(ground_label(case.ground)), facts=facts_text(case))
        if kind == "dismissal_notice":
            ctx.update(
                amount_lines=lines, total_amount=amount(total), total_capital=w.words(total),
                union_text=w.pick("已事先将理由通知工会（《劳动合同法》第四十三条）。",
                                  f"The trade union was notified of the reasons in advance (Article 43 of {LCL_EN}).")
                if case.facts.get("union_notified") else "",
                notice_text=notice_text(case, w) if case.ground in NOTICE_PAY_GROUNDS else "",
                issue_date=w.date(notice_letter_date(case)),
            )
        return ctx
    if kind == "termination_notice":
        ctx.update(contract_term=contract_term(case, w), ground_text=str(ground_label(case.ground)), amount_lines=lines,
                   total_amount=amount(total), total_capital=w.words(total))
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
        ctx["application_date"] = w.date(case.notice_date or case.created_at.date())
        return ctx
    if kind == "cs_dismissal_decision":
        ctx.update(article_text=article, ground_text=(CS_GROUND_TEXT_EN if w.en else CS_GROUND_TEXT).get(case.ground, ""),
                   facts=facts_text(case))
        return ctx
    if kind == "resignation_receipt":
        ctx["notice_date"] = w.date(case.notice_date)
        return ctx
    if kind == "settlement_sheet":
        frozen = settlement_services.frozen(case)
        sheet = frozen.sheet
        signs = ({"income": "", "deduction": "Less: ", "tax": "Withheld: "} if w.en
                 else {"income": "", "deduction": "扣除：", "tax": "代扣："})
        wordings = settlement_services.engine_wordings(case, sheet, "en" if w.en else "zh-hans")
        ctx.update(
            version=str(frozen.version),
            settlement_lines=[{
                "sign": signs[ln["kind"]], "label": line_label(ln["code"], ln["label"], w),
                "amount": amount(ln["amount"]), "capital": w.words(ln["amount"]), "formula": _worded(w, shown_line_formula, ln, sheet, wordings),
                "basis": line_basis(ln, w),
            } for ln in sheet["lines"]],
            gross=amount(sheet["gross"]), gross_capital=w.words(sheet["gross"]),
            deductions_total=amount(sheet["deductions"]), net=amount(sheet["net"]),
            net_capital=w.words(sheet["net"]),
            tax_formula=_worded(w, shown_tax_formula, sheet) if Decimal(sheet["severance_tax"]) > 0 else "",
            exempt_source=_exempt_source(sheet, w),
            sheet_sha256=frozen.sheet_sha256,
            approved_at=timezone.localtime(frozen.approved_at).strftime("%Y-%m-%d %H:%M") if frozen.approved_at else "",
            approved_by=str(frozen.approved_by) if frozen.approved_by_id else "",
        )
        return ctx
    raise KeyError(kind)
