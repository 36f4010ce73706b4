"""The layoff batch's ledger events (layoffs.py) → what HR reads on the batch's timeline."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

LAYOFF_EVENT_LABELS = {
    "layoff.created": _("创建裁员批次"),
    "layoff.updated": _("修改裁员批次"),
    "layoff.members_added": _("裁员批次加入成员"),
    "layoff.member_removed": _("成员移出裁员批次"),
    "layoff.members_answered": _("记录成员的优先留用情况"),
    "layoff.filing_recorded": _("记录第四十一条程序（说明情况/报告）"),
    "layoff.submitted": _("裁员批次提交时的规模与优先留用情况"),
    "layoff.submit": _("裁员批次提交审批"),
    "layoff.approve": _("裁员批次批准"),
    "layoff.reject": _("裁员批次驳回"),
    "layoff.return": _("裁员批次退回修改"),
    "layoff.withdraw": _("裁员批次撤回"),
    "layoff.step.activated": _("批次审批步骤开始办理（分派办理人）"),
    "layoff.step.rerouted": _("批次审批步骤重新分派"),
    "layoff.step.approve": _("批次审批步骤通过"),
    "layoff.step.reject": _("批次审批步骤驳回"),
    "layoff.step.return": _("批次审批步骤退回"),
    "layoff.step.reopened": _("批次审批步骤重新打开"),
}
