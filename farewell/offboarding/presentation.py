"""Readable names for the ledger events offboarding writes (registered in OffboardingConfig.ready)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

EVENT_LABELS = {
    "offboarding.prepared": _("生成交接清单与离职后事项"),
    "handover.item_added": _("新增交接事项"),
    "handover.item_changed": _("修改交接事项"),
    "handover.item_ticked": _("员工完成交接事项"),
    "handover.item_confirmed": _("接收人确认交接事项"),
    "handover.item_returned": _("接收人退回交接事项"),
    "handover.wecom_transferred": _("企业微信客户与客户群离职继承"),
    "handover.template_saved": _("保存交接清单模板"),
    "settlement.drafted": _("编制离职结算单"),
    "settlement.frozen": _("离职结算单批准并冻结"),
    "settlement.revised": _("离职结算单新版本（变更）"),
    "settlement.paid": _("记录离职结算付款"),
    "offboarding_settings.saved": _("保存离职办理设置"),
    "document.template_uploaded": _("上传文书模板"),
    "document.generated": _("生成离职文书"),
    "signature.requested": _("发起电子签署"),
    "signature.completed": _("电子签署完成（签署文件哈希）"),
    "signature.rejected": _("员工拒绝电子签署"),
    "signature.wet_uploaded": _("上传纸质签字扫描件"),
    "former_access.granted": _("开通离职人员下载权限"),
    "former_access.download": _("离职人员下载本人文书"),
    "former_access.revoked": _("停用离职人员下载权限"),
    "duty.done": _("离职后事项完成"),
    "duty.waived": _("离职后事项不适用（说明理由）"),
}
