"""How exits' ledger events read on timelines (labels registered in AppConfig.ready())."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

EVENT_LABELS = {
    "exits.departure.opened": _("建立离职记录"),
    "exits.departure.classified": _("离职分类"),
    "exits.rehire.confirmed": _("确认再录用资格"),
    "exits.reason.verified": _("核实离职原因"),
    "exits.manager_feedback": _("向直接上级反馈"),
    "exits.summary.saved": _("保存职业总结"),
    "exits.interview.opened": _("开始离职面谈记录"),
    "exits.interview.edited": _("修改离职面谈记录"),
    "exits.interview.signed": _("签署离职面谈记录"),
    "exits.interview.correction_opened": _("更正离职面谈记录"),
    "exits.survey.sent": _("发送离职问卷"),
    "exits.survey.answered": _("离职问卷已回答"),
    "exits.reason.saved": _("保存离职原因"),
    "exits.questions.saved": _("保存离职问卷"),
    "exits.replacement_cost.saved": _("保存替换成本"),
    "exits.action.created": _("创建改进措施"),
    "exits.action.updated": _("更新改进措施"),
    "exits.alumni.joined": _("加入离职校友名单"),
    "exits.alumni.withdrawn": _("退出离职校友名单"),
    "exits.alumni.erased": _("删除离职校友联系方式"),
}
