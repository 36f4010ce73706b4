"""What `compute` returns: the README's output, with Decimal money and the lines that explain it."""

from __future__ import annotations

from decimal import Decimal

from .citations import CSL, LCL
from .grounds import CS_DISMISSAL, CS_RESIGNATION, MUTUAL, Ground
from .i18n import EN, cite, texts
from .money import fmt, round_ratio
from .procedure import Step
from .records import Record
from .violations import Violation

TYPE_CHECKING = False  # typing is not imported at run time (13M instructions of every CLI run)
if TYPE_CHECKING:
    from typing import Any

ENGINE_VERSION = "cn-2026.12.1"

EXTRA_COMPENSATION_CITATION = LCL + "第三十六条（协商一致，高于法定标准的部分）"
MONEY_ITEMS = ("economic_compensation", "notice_pay", "annual_leave_pay", "double_wage", "unlawful_termination_damages")
ITEM_LABELS = {
    "economic_compensation": "经济补偿",
    "notice_pay": "代通知金（额外支付一个月工资）",
    "annual_leave_pay": "未休年休假工资报酬",
    "double_wage": "未订立书面劳动合同的二倍工资差额",
    "unlawful_termination_damages": "违法解除或者终止劳动合同的赔偿金",
    "extra_compensation": "协商增加的补偿",
}
ITEM_LABELS_EN = {
    "economic_compensation": "economic compensation",
    "notice_pay": "pay in lieu of notice (one extra month's wage)",
    "annual_leave_pay": "pay for untaken annual leave",
    "double_wage": "double wages for months without a written contract",
    "unlawful_termination_damages": "damages for unlawful termination",
    "extra_compensation": "extra compensation",
}

TEXTS = texts({
    "extra": ("协商增加 {amount}", "extra amount {amount}"),
    "extra_policy": ("用人单位另行支付 {amount}", "paid by the employer in addition {amount}"),
    "extra_cs": ("人事部门录入 {amount}", "entered by HR {amount}"),
    # the basis of an amount above the statutory one: what it rests on, by ground (README: extra_compensation)
    "basis_mutual": (EXTRA_COMPENSATION_CITATION, "Labour Contract Law Art. 36 (agreement, above the statutory amount)"),
    "basis_unilateral": (
        "双方约定或者用人单位补偿政策（法定标准以外的部分，非法定义务）",
        "the parties' agreement or the employer's compensation policy (beyond the statutory amount; not a "
        "statutory duty)",
    ),
    "basis_cs_dismissal": (
        CSL + "第九十条（辞退费按国家规定，由人事部门录入）",
        "Civil Servant Law Art. 90 (dismissal pay under state rules, entered by HR)",
    ),
    "basis_cs": (
        "人事部门录入的金额（按国家或者本机关规定）",
        "an amount entered by HR (under state or the organ's own rules)",
    ),
})


def item_label(item: str, lang: str) -> str:
    return ITEM_LABELS_EN[item] if lang == EN else ITEM_LABELS[item]


class Line(Record):  # not frozen: frozen records are slow to build (batch budget)
    __slots__ = _fields = ("item", "amount", "formula", "citation")

    def __init__(self, item: str, amount: Decimal, formula: str, citation: str) -> None:
        self.item = item
        self.amount = amount
        self.formula = formula
        self.citation = citation

    def as_dict(self) -> dict[str, Any]:
        return {"item": self.item, "amount": float(self.amount), "formula": self.formula, "citation": self.citation}


class Result(Record):  # not frozen: frozen records are slow to build (batch budget)
    """The answer for one input; `as_dict()` is the README's JSON output (plus `summary`, `practice`).

    The engine passes the fields by position (faster in a batch): a new field goes at the end."""

    __slots__ = _fields = (
        "lawful", "violations", "compensation_months", "monthly_base", "economic_compensation", "notice_pay",
        "annual_leave_pay", "double_wage", "unlawful_termination_damages", "total", "lines", "procedure",
        "ground", "engine_version", "summary", "lang", "practice", "assumptions",
    )

    def __init__(
        self,
        lawful: bool,
        violations: tuple[Violation, ...],
        compensation_months: Decimal | None,
        monthly_base: Decimal | None,
        economic_compensation: Decimal | None,
        notice_pay: Decimal | None,
        annual_leave_pay: Decimal | None,
        double_wage: Decimal | None,
        unlawful_termination_damages: Decimal | None,
        total: Decimal,
        lines: tuple[Line, ...],
        procedure: tuple[Step, ...],
        ground: str,
        engine_version: str = ENGINE_VERSION,
        # N × base multiplied out, both segments when segmented (explain.py, the case page); None without N
        summary: str | None = None,
        lang: str = "zh",
        # the provincial practice the options came from: {"code", "name", "source", "date", "note"}
        practice: dict[str, str] | None = None,
        # the facts a civil-service result assumed and could not check (CSL 88)
        assumptions: tuple[str, ...] = (),
    ) -> None:
        self.lawful = lawful
        self.violations = violations
        self.compensation_months = compensation_months
        self.monthly_base = monthly_base
        self.economic_compensation = economic_compensation
        self.notice_pay = notice_pay
        self.annual_leave_pay = annual_leave_pay
        self.double_wage = double_wage
        self.unlawful_termination_damages = unlawful_termination_damages
        self.total = total
        self.lines = lines
        self.procedure = procedure
        self.ground = ground
        self.engine_version = engine_version
        self.summary = summary
        self.lang = lang
        self.practice = practice
        self.assumptions = assumptions

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: money as numbers (floats of the rounded Decimals), N as 3 or 3.5."""
        n = self.compensation_months
        lang = self.lang
        out = {
            "lawful": self.lawful,
            "violations": [v.as_dict() for v in self.violations],
            "compensation_months": None if n is None else (int(n) if n == n.to_integral_value() else float(n)),
            "monthly_base": _number(self.monthly_base),
            "economic_compensation": _number(self.economic_compensation),
            "notice_pay": _number(self.notice_pay),
            "annual_leave_pay": _number(self.annual_leave_pay),
            "double_wage": _number(self.double_wage),
            "unlawful_termination_damages": _number(self.unlawful_termination_damages),
            "total": float(self.total),
            "lines": [line.as_dict() for line in self.lines],
            "procedure": [step.as_dict(lang) for step in self.procedure],
            "ground": self.ground,
            "engine_version": self.engine_version,
            "summary": self.summary,
        }
        if self.practice is not None:
            out["practice"] = self.practice
        if self.assumptions:
            out["assumptions"] = list(self.assumptions)
        return out


def _number(amount: Decimal | None) -> float | None:
    return None if amount is None else float(amount)


def extra_line(amount: Decimal, ground: Ground, lang: str = "zh") -> Line:
    """`extra_compensation` as a line, cited as what it rests on: the agreement (LCL 36) on a mutual
    ground; on any other ground the parties' agreement or the company's policy (it is no statutory
    item); for a civil servant the amount HR entered (辞退费 under CSL 90 on a dismissal)."""
    rounded = round_ratio(amount, 1)
    if ground.chapter == MUTUAL:
        text, basis = "extra", "basis_mutual"
    elif ground.chapter == CS_DISMISSAL:
        text, basis = "extra_cs", "basis_cs_dismissal"
    elif ground.chapter == CS_RESIGNATION:
        text, basis = "extra_cs", "basis_cs"
    else:
        text, basis = "extra_policy", "basis_unilateral"
    return Line("extra_compensation", rounded, TEXTS[lang][text](amount=fmt(rounded)), TEXTS[lang][basis]())


__all__ = ["ENGINE_VERSION", "Line", "Result", "cite", "extra_line", "item_label"]
