"""The {placeholders} HR-editable plan templates may use: plain strings only (DESIGN: never model
objects, so no template can read a field around the access log).

Rendering replaces `{name}` for the names listed here and leaves anything else as typed; the
settings form refuses unknown names, so a typo is caught when the template is saved.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

# name → what it holds (shown on the settings page).
PLACEHOLDERS: dict[str, str] = {
    "name": _("员工姓名"),
    "company": _("公司名称"),
    "department": _("部门"),
    "position": _("岗位"),
    "hire_date": _("入职日期"),
    "tenure": _("在本单位工作年限（如：6年4个月）"),
    "tenure_years": _("整年数"),
    "case_type": _("离职类型"),
    "separation_date": _("劳动合同解除/终止日"),
    "last_working_day": _("最后工作日"),
    "monthly_base": _("月工资基数（元）"),
    "compensation_months": _("经济补偿月数 N"),
    "economic_compensation": _("经济补偿金额（元，N × 月工资基数）"),
    "compensation_product": _("经济补偿的算式（N 个月 × 月工资基数；2008年前后基数不同的分段列出）"),
    "statutory_amount": _("法定金额（元）"),
    "extra_compensation": _("协商额外补偿（元）"),
    "offered_amount": _("拟支付合计（元）"),
    "offered_amount_capital": _("拟支付合计（大写）"),
    "extra_cap": _("额外补偿上限（元）"),
    "max_amount": _("HR可承诺的最高金额（法定金额 + 上限）"),
    "employee_demand": _("员工诉求金额（元）"),
    "compensation_basis": _("补偿如何计算（引擎公式与法条）"),
    "certificate_due": _("出具离职证明的期限"),
    "transfer_due": _("档案和社保转移的期限"),
    "manager": _("直线经理姓名"),
    "hr_name": _("谈话HR姓名"),
    "rule_broken": _("违反的规章条款（处分记录的依据条款）"),
    "missed_areas": _("信号显示员工可能在意的方面（成长、团队、工作量……）"),
    "contribution_count": _("登记的关键贡献数"),
    "review_result": _("最近一次考核结果"),
    # Civil servants (公务员法).
    "annual_reviews": _("近年年度考核结果（公务员）"),
    "dismissal_ground": _("辞退事由及《公务员法》第八十八条所列项"),
    "approval_due": _("辞去公职的审批期限（《公务员法》第八十五条）"),
}

PATTERN = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def unknown_placeholders(text: str) -> list[str]:
    return sorted({name for name in PATTERN.findall(text or "") if name not in PLACEHOLDERS})


def render(text: str, values: dict[str, str]) -> str:
    """Replace known placeholders with their (string) values; a missing value reads "—"."""

    def sub(match: re.Match) -> str:
        name = match.group(1)
        if name not in PLACEHOLDERS:
            return match.group(0)
        value = values.get(name)
        return "—" if value in (None, "") else str(value)

    return PATTERN.sub(sub, text or "")
