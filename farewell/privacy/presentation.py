"""Readable names of privacy's ledger events (registered in PrivacyConfig.ready)."""

from django.utils.translation import gettext_lazy as _

EVENT_LABELS = {
    "privacy.consent.given": _("记录单独同意"),
    "privacy.consent.withdrawn": _("撤回单独同意"),
    "privacy.hold.set": _("设置诉讼保全（暂停删除）"),
    "privacy.hold.released": _("解除诉讼保全"),
    "privacy.hold.read": _("调阅诉讼保全中保留的资料（同意已撤回）"),
    "privacy.retention.changed": _("修改个人信息保存期限"),
    "privacy.purged": _("到期删除个人信息"),
}
