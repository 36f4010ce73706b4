"""The final settlement sheet (离职结算单), computed from plain inputs — no database here.

Lines: wages to the last day (the last month pro-rated: 劳社部发〔2008〕3号), unused annual leave pay,
every money line of the approved case's engine run, the negotiated extra, deductions each with its
basis, and individual income tax on the one-off severance income (财税〔2018〕164号 第五条(一)).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

# Labels and citations are stored in the frozen sheet as these Chinese strings (the record does not depend
# on who drew it up in which language); gettext_noop marks them for the catalogue, and the pages show them
# through gettext (templatetags/settlement_labels.py: `recorded`), so each reader sees their own language.
from django.utils.translation import get_language, gettext, gettext_noop

from farewell.law.i18n import cite, norm

CENT = Decimal("0.01")
ZERO = Decimal(0)
MONTHLY_PAID_DAYS = Decimal("21.75")  # 劳社部发〔2008〕3号: 月计薪天数 = (365 − 104) ÷ 12
UNTAKEN_DAY_EXTRA_RATE = Decimal(2)   # 企业职工带薪年休假实施办法 第十条: 300%, 100% of it already paid as wages
EXEMPT_MULTIPLE = 3                   # 财税〔2018〕164号 第五条(一): 当地上年职工平均工资3倍数额以内的部分，免征
MONTHS_IN_YEAR = 12
DAMAGES_OFFSET_SHARE = Decimal("0.20")  # 工资支付暂行规定 第十六条: 每月扣除部分不得超过当月工资的20%

WAGE_CITATION = gettext_noop("《工资支付暂行规定》第九条；劳社部发〔2008〕3号（月计薪天数21.75天）")
# The month's own paid days are the company's choice (设置 › 离职办理), not 劳社部发〔2008〕3号's 21.75: cited as such.
ACTUAL_DAYS_WAGE_CITATION = gettext_noop("《工资支付暂行规定》第九条；本单位规定的折算方法：按当月实际计薪天数（设置 › 离职办理）")
LEAVE_CITATION = gettext_noop("《职工带薪年休假条例》第五条；《企业职工带薪年休假实施办法》第十条、第十二条")
EXTRA_CITATION = gettext_noop("《劳动合同法》第三十六条（协商一致，高于法定标准的部分）")
TAX_CITATION = gettext_noop("财税〔2018〕164号 第五条(一)；《个人所得税法》综合所得税率表")
SEVERANCE_SOURCE = "财税〔2018〕164号 第五条(一)：个人与用人单位解除劳动关系取得一次性补偿收入（包括用人单位发放的经济补偿金、生活补助费和其他补助费）"

# 《个人所得税法》附表一（综合所得适用）: (upper bound of the band, rate, quick deduction).
ANNUAL_TAX_TABLE: tuple[tuple[Decimal | None, Decimal, Decimal], ...] = (
    (Decimal(36000), Decimal("0.03"), Decimal(0)),
    (Decimal(144000), Decimal("0.10"), Decimal(2520)),
    (Decimal(300000), Decimal("0.20"), Decimal(16920)),
    (Decimal(420000), Decimal("0.25"), Decimal(31920)),
    (Decimal(660000), Decimal("0.30"), Decimal(52920)),
    (Decimal(960000), Decimal("0.35"), Decimal(85920)),
    (None, Decimal("0.45"), Decimal(181920)),
)

# Which engine items and lines count as one-off severance income, per named option (SeveranceScope).
SEVERANCE_ITEMS = {
    "compensation": {"economic_compensation", "unlawful_termination_damages", "extra_compensation"},
    "with_notice_pay": {"economic_compensation", "unlawful_termination_damages", "extra_compensation", "notice_pay"},
}
# Recorded in the sheet in Chinese (the record); the page shows them through gettext (shown_scope_source).
SEVERANCE_SCOPE_SOURCES = {
    "compensation": gettext_noop(
        "财税〔2018〕164号 第五条(一)：个人与用人单位解除劳动关系取得一次性补偿收入（包括用人单位发放的经济补偿金、"
        "生活补助费和其他补助费）；代通知金按工资薪金所得"),
    "with_notice_pay": gettext_noop(
        "财税〔2018〕164号 第五条(一)：个人与用人单位解除劳动关系取得一次性补偿收入（包括用人单位发放的经济补偿金、"
        "生活补助费和其他补助费）；代通知金并入一次性补偿收入（部分地方税务机关口径）"),
}

DEDUCTION_KINDS = {
    "social_insurance": gettext_noop("个人应缴社会保险费"),
    "housing_fund": gettext_noop("个人应缴住房公积金"),
    "damages_offset": gettext_noop("因本人原因造成经济损失的赔偿（工资支付暂行规定第十六条）"),
    "other_offset": gettext_noop("其他依法可扣除的款项"),
}


class SettlementInputError(ValueError):
    """Inputs that cannot make a lawful sheet, with a message for HR."""


def money(value) -> Decimal:
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


# The tax's formula. The frozen sheet keeps it in Chinese (the msgid with its values: the record, hashed with
# the sheet); a page or a document words it again in its reader's language from the sheet's own figures
# (shown_tax_formula), the record's text when those do not give it back.
TAX_NOT_DUE = gettext_noop("%(income)s ≤ 免税额 %(ceiling)s，不征税")
TAX_DUE = gettext_noop("(%(income)s − %(ceiling)s) = %(taxable)s；%(taxable)s × %(rate)s%% − %(quick)s = %(tax)s")


def _severance_tax(income: Decimal, exempt_ceiling: Decimal) -> tuple[Decimal, Decimal, str, dict]:
    """(taxable part, tax, the formula's msgid, its values)."""
    taxable = max(income - exempt_ceiling, ZERO)
    if taxable == 0:
        return ZERO, ZERO, TAX_NOT_DUE, {"income": f"{income:.2f}", "ceiling": f"{exempt_ceiling:.2f}"}
    for upper, rate, quick in ANNUAL_TAX_TABLE:
        if upper is None or taxable <= upper:
            tax = money(taxable * rate - quick)
            return money(taxable), tax, TAX_DUE, {
                "income": f"{income:.2f}", "ceiling": f"{exempt_ceiling:.2f}", "taxable": f"{taxable:.2f}",
                "rate": f"{rate * 100:.0f}", "quick": f"{quick:,.0f}", "tax": f"{tax:.2f}"}
    raise AssertionError("unreachable: the last band has no upper bound")


def severance_tax(income: Decimal, exempt_ceiling: Decimal) -> tuple[Decimal, Decimal, str]:
    """(taxable part, tax, formula) of one-off severance income: the part above the ceiling taxed alone on
    the annual comprehensive-income table. 600,000.00 over 447,624.00 → 152,376.00 × 20% − 16,920 = 13,555.20.
    The formula in Chinese, whoever draws the sheet up (the record)."""
    taxable, tax, msgid, values = _severance_tax(income, exempt_ceiling)
    return taxable, tax, msgid % values


# The last month's wage and the untaken leave's pay, stored in Chinese like the tax's formula (the record);
# shown_line_formula words them again in the reader's language when the recorded text has exactly one of these
# shapes (its figures read back from it), the recorded text otherwise.
FINAL_WAGE = gettext_noop("月工资 %(wage)s ÷ 月计薪天数 21.75 × 出勤计薪天数 %(days)s = %(amount)s")
FINAL_WAGE_ACTUAL = gettext_noop("月工资 %(wage)s ÷ 当月实际计薪天数 %(base)s × 出勤计薪天数 %(days)s = %(amount)s")
CAPPED = gettext_noop("（不超过月工资）")
LEAVE_PAY = gettext_noop("200%% × %(wage)s ÷ 21.75 × %(days)s 天 = %(amount)s")
_NUMBER = r"-?[0-9]+(?:\.[0-9]+)?"


def _shape(msgid: str, *, capped: bool = False) -> re.Pattern:
    """The recorded text of `msgid` as a pattern: its literal parts, a number for each value."""
    parts = re.split(r"%\((\w+)\)s", msgid.replace("%%", "%"))
    pattern = "".join(re.escape(part) if i % 2 == 0 else f"(?P<{part}>{_NUMBER})" for i, part in enumerate(parts))
    return re.compile(pattern + (f"(?P<capped>{re.escape(CAPPED)})?" if capped else ""))


_LINE_SHAPES = {
    "final_wage": ((FINAL_WAGE, _shape(FINAL_WAGE, capped=True)),
                   (FINAL_WAGE_ACTUAL, _shape(FINAL_WAGE_ACTUAL, capped=True))),
    "annual_leave_pay": ((LEAVE_PAY, _shape(LEAVE_PAY)),),
}


def shown_line_formula(line: dict, sheet: dict, engine_wordings: dict | None = None) -> str:
    """A frozen sheet line's formula in the active language: the tax line's from the sheet's figures
    (shown_tax_formula), the last month's wage and the leave pay read back from their recorded text; an engine
    line's as the engine words it in that language (`engine_wordings`: {(item, recorded formula): worded},
    settlement_services.engine_wordings, from the run the sheet copied it from); any other as recorded."""
    recorded = line.get("formula", "") or ""
    if line.get("code") == "severance_iit" and recorded == sheet.get("severance_tax_formula"):
        return shown_tax_formula(sheet)
    for msgid, pattern in _LINE_SHAPES.get(line.get("code"), ()):
        match = pattern.fullmatch(recorded)
        if match:
            values = {name: value for name, value in match.groupdict().items() if name != "capped"}
            capped = "capped" in pattern.groupindex and match.group("capped")
            return gettext(msgid) % values + (gettext(CAPPED) if capped else "")
    if engine_wordings and recorded:
        return engine_wordings.get((line.get("code"), recorded), recorded)
    return recorded


def is_engine_line(line: dict) -> bool:
    """A line the sheet copied from the case's engine run (its formula and citation the engine's texts)."""
    return line.get("code") in ENGINE_LABELS and line.get("basis") != LEAVE_CITATION


def shown_line_basis(line: dict) -> str:
    """A sheet line's citation in the active language: the sheet's own through the catalogue, an engine line's
    as the engine cites in that language (law.i18n.cite, which the engine's English output uses), HR's basis for
    a deduction as written."""
    recorded = line.get("basis", "") or ""
    if not recorded:
        return recorded
    if is_engine_line(line):
        return cite(recorded, norm(get_language()))
    if line.get("kind") == "deduction":
        return recorded
    return gettext(recorded)


def shown_scope_source(sheet: dict) -> str:
    """The sheet's severance scope source in the active language while it is the scope's own text."""
    recorded = sheet.get("severance_scope_source", "") or ""
    if recorded and recorded == SEVERANCE_SCOPE_SOURCES.get(sheet.get("severance_scope")):
        return gettext(recorded)
    return recorded


def shown_tax_formula(sheet: dict) -> str:
    """A frozen sheet's tax formula in the active language, worded from the sheet's own figures when they give
    back the recorded formula exactly (same figures, same table); otherwise the recorded text."""
    recorded = sheet.get("severance_tax_formula", "")
    try:
        _taxable, _tax, msgid, values = _severance_tax(Decimal(str(sheet["severance_income"])),
                                                       Decimal(str(sheet["exempt_ceiling"])))
    except (KeyError, ArithmeticError, ValueError, TypeError):
        return recorded
    if msgid % values != recorded:
        return recorded
    return gettext(msgid) % values


@dataclass
class Deduction:
    kind: str
    amount: Decimal
    basis: str


@dataclass
class SheetInputs:
    last_day: dt.date
    monthly_wage: Decimal
    proration: str                   # "standard" (21.75) or "actual"
    paid_days_worked: Decimal        # paid days in the last month up to the last day
    month_paid_days: Decimal         # the month's actual paid days (for "actual")
    engine_lines: list[dict]         # {"item", "amount", "formula", "citation"} from the engine run
    extra_compensation: Decimal
    exempt_ceiling: Decimal
    exempt_ceiling_source: str
    severance_scope: str = "compensation"
    unused_leave_days: Decimal = ZERO  # only when the engine gave no annual leave line
    deductions: list[Deduction] = field(default_factory=list)


def compute_sheet(inp: SheetInputs) -> dict:
    """The sheet as plain JSON-ready data (Decimals as strings): lines, totals, tax."""
    if inp.monthly_wage < 0 or inp.paid_days_worked < 0:
        raise SettlementInputError(gettext("工资和计薪天数不能为负数"))
    lines: list[dict] = []
    if inp.proration == "actual":
        if inp.month_paid_days <= 0:
            raise SettlementInputError(gettext("当月实际计薪天数必须大于0"))
        days_base, formula, citation = inp.month_paid_days, FINAL_WAGE_ACTUAL, ACTUAL_DAYS_WAGE_CITATION
    else:
        days_base, formula, citation = MONTHLY_PAID_DAYS, FINAL_WAGE, WAGE_CITATION
    wage = min(money(inp.monthly_wage * inp.paid_days_worked / days_base), money(inp.monthly_wage))
    capped = CAPPED if wage == money(inp.monthly_wage) and inp.paid_days_worked > days_base else ""
    lines.append({
        "code": "final_wage", "kind": "income", "label": gettext_noop("最后一个月工资（至最后一天）"), "amount": wage,
        "formula": formula % {"wage": f"{inp.monthly_wage:.2f}", "base": f"{inp.month_paid_days}",
                              "days": f"{inp.paid_days_worked}", "amount": f"{wage:.2f}"} + capped,
        "basis": citation, "severance": False,
    })
    engine_items = {line["item"] for line in inp.engine_lines}
    if "annual_leave_pay" not in engine_items and inp.unused_leave_days > 0:
        daily = inp.monthly_wage / MONTHLY_PAID_DAYS
        pay = money(UNTAKEN_DAY_EXTRA_RATE * daily * inp.unused_leave_days)
        lines.append({
            "code": "annual_leave_pay", "kind": "income", "label": gettext_noop("未休年休假工资报酬"), "amount": pay,
            "formula": LEAVE_PAY % {"wage": f"{inp.monthly_wage:.2f}", "days": f"{inp.unused_leave_days}",
                                    "amount": f"{pay:.2f}"},
            "basis": LEAVE_CITATION, "severance": False,
        })
    severance_items = SEVERANCE_ITEMS[inp.severance_scope]
    for line in inp.engine_lines:
        amount = money(line["amount"])
        if amount == 0:
            continue
        lines.append({
            "code": line["item"], "kind": "income", "label": ENGINE_LABELS.get(line["item"], line["item"]),
            "amount": amount, "formula": line.get("formula", ""), "basis": line.get("citation", ""),
            "severance": line["item"] in severance_items,
        })
    if inp.extra_compensation > 0:
        lines.append({
            "code": "extra_compensation", "kind": "income", "label": gettext_noop("协商额外补偿"), "amount": money(inp.extra_compensation),
            "formula": "", "basis": EXTRA_CITATION, "severance": "extra_compensation" in severance_items,
        })
    for d in inp.deductions:
        if d.kind not in DEDUCTION_KINDS:
            raise SettlementInputError(gettext("不能扣除的款项类型：%(kind)s") % {"kind": d.kind})
        if d.amount <= 0:
            raise SettlementInputError(gettext("扣除金额必须大于0"))
        if not d.basis.strip():
            raise SettlementInputError(gettext("扣除“%(kind)s”需写明依据") % {"kind": gettext(DEDUCTION_KINDS[d.kind])})
        if d.kind == "damages_offset" and money(d.amount) > money(wage * DAMAGES_OFFSET_SHARE):
            raise SettlementInputError(
                gettext("赔偿扣除 %(amount)s 超过当月工资的20%%（%(limit)s），《工资支付暂行规定》第十六条不允许")
                % {"amount": f"{money(d.amount):.2f}", "limit": f"{money(wage * DAMAGES_OFFSET_SHARE):.2f}"})
        lines.append({
            "code": f"deduction_{d.kind}", "kind": "deduction", "label": DEDUCTION_KINDS[d.kind],
            "amount": money(d.amount), "formula": "", "basis": d.basis.strip(), "severance": False,
        })
    severance_income = sum((ln["amount"] for ln in lines if ln["severance"]), ZERO)
    taxable, tax, tax_formula = severance_tax(severance_income, money(inp.exempt_ceiling))
    if tax > 0:
        lines.append({
            "code": "severance_iit", "kind": "tax", "label": gettext_noop("一次性补偿收入个人所得税（代扣）"), "amount": tax,
            "formula": tax_formula, "basis": TAX_CITATION, "severance": False,
        })
    gross = sum((ln["amount"] for ln in lines if ln["kind"] == "income"), ZERO)
    deducted = sum((ln["amount"] for ln in lines if ln["kind"] in ("deduction", "tax")), ZERO)
    return _jsonable({
        "last_day": inp.last_day,
        "lines": lines,
        "gross": gross,
        "deductions": deducted,
        "net": gross - deducted,
        "severance_income": severance_income,
        "exempt_ceiling": money(inp.exempt_ceiling),
        "exempt_ceiling_source": inp.exempt_ceiling_source,
        "severance_taxable": taxable,
        "severance_tax": tax,
        "severance_tax_formula": tax_formula,
        "severance_scope": inp.severance_scope,
        "severance_scope_source": SEVERANCE_SCOPE_SOURCES[inp.severance_scope],
        "compensation_total": sum((ln["amount"] for ln in lines if ln["severance"]), ZERO),
    })


ENGINE_LABELS = {
    "economic_compensation": gettext_noop("经济补偿"),
    "notice_pay": gettext_noop("代通知金（额外支付一个月工资）"),
    "annual_leave_pay": gettext_noop("未休年休假工资报酬"),
    "double_wage": gettext_noop("未订立书面劳动合同的二倍工资差额"),
    "unlawful_termination_damages": gettext_noop("违法解除或者终止劳动合同的赔偿金"),
}


def _jsonable(value):
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def check_sheet(sheet: dict) -> list[str]:
    """Whether a recorded sheet adds up: the totals are the sums of its lines; [] when it does."""
    problems = []
    lines = sheet.get("lines", [])
    income = sum((Decimal(ln["amount"]) for ln in lines if ln["kind"] == "income"), ZERO)
    out = sum((Decimal(ln["amount"]) for ln in lines if ln["kind"] in ("deduction", "tax")), ZERO)
    if Decimal(sheet.get("gross", "0")) != income:
        problems.append(gettext("应发合计 %(total)s 与各项之和 %(sum)s 不符") % {
            "total": sheet.get("gross"), "sum": f"{income:.2f}"})
    if Decimal(sheet.get("deductions", "0")) != out:
        problems.append(gettext("扣除合计 %(total)s 与各项之和 %(sum)s 不符") % {
            "total": sheet.get("deductions"), "sum": f"{out:.2f}"})
    if Decimal(sheet.get("net", "0")) != income - out:
        problems.append(gettext("实发 %(net)s 不等于应发减扣除 %(diff)s") % {
            "net": sheet.get("net"), "diff": f"{income - out:.2f}"})
    return problems
