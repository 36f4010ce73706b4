"""The choices of a layoff batch (LCL 41), apart from the models so models.py can use them first."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class LayoffReason(models.TextChoices):
    """LCL 41 ¶1 (1)–(4): the four situations in which an employer may lay off staff."""

    REORGANISATION = "reorganisation", _("（一）依照企业破产法规定进行重整")
    DIFFICULTY = "difficulty", _("（二）生产经营发生严重困难")
    CHANGE_OF_PRODUCTION = "change_of_production", _(
        "（三）企业转产、重大技术革新或者经营方式调整，经变更劳动合同后，仍需裁减人员")
    OBJECTIVE_CHANGE = "objective_change", _(
        "（四）其他因劳动合同订立时所依据的客观经济情况发生重大变化，致使劳动合同无法履行")


class BatchStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    IN_REVIEW = "in_review", _("审批中")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("已驳回")
    WITHDRAWN = "withdrawn", _("已撤回")


class FilingKind(models.TextChoices):
    """The two LCL 41 ¶1 procedure acts, recorded once for the whole batch."""

    EXPLANATION = "explanation", _("向工会或者全体职工说明情况、听取意见")
    REPORT = "report", _("裁减人员方案向劳动行政部门报告")
