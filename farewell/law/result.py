"""What `compute` returns: the README's output, with Decimal money and the lines that explain it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .citations import LCL
from .money import fmt, round_half_up
from .procedure import Step
from .violations import Violation

ENGINE_VERSION = "cn-2026.11.1"

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


@dataclass(slots=True)  # not frozen: frozen dataclasses are slow to build (batch budget)
class Line:
    item: str
    amount: Decimal
    formula: str
    citation: str

    def as_dict(self) -> dict[str, Any]:
        return {"item": self.item, "amount": float(self.amount), "formula": self.formula, "citation": self.citation}


@dataclass(slots=True)  # not frozen: frozen dataclasses are slow to build (batch budget)
class Result:
    """The answer for one input; `as_dict()` is the README's JSON output."""

    lawful: bool
    violations: tuple[Violation, ...]
    compensation_months: Decimal | None
    monthly_base: Decimal | None
    economic_compensation: Decimal | None
    notice_pay: Decimal | None
    annual_leave_pay: Decimal | None
    double_wage: Decimal | None
    unlawful_termination_damages: Decimal | None
    total: Decimal
    lines: tuple[Line, ...]
    procedure: tuple[Step, ...]
    ground: str
    engine_version: str = ENGINE_VERSION

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: money as numbers (floats of the rounded Decimals), N as 3 or 3.5."""
        n = self.compensation_months
        return {
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
            "procedure": [step.as_dict() for step in self.procedure],
            "ground": self.ground,
            "engine_version": self.engine_version,
        }


def _number(amount: Decimal | None) -> float | None:
    return None if amount is None else float(amount)


def extra_line(amount: Decimal) -> Line:
    rounded = round_half_up(amount)
    return Line("extra_compensation", rounded, f"协商增加 {fmt(rounded)}", EXTRA_COMPENSATION_CITATION)


