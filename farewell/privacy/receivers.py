"""What privacy does when other apps signal (connected in PrivacyConfig.ready)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from . import retention


def sweep(sender, today, **kwargs) -> list[str]:
    """`farewell sweep`: purge what the retention schedule says is due today (holds respected)."""
    result = retention.purge(today)
    if result.entry is None:
        return []
    return [_("个人信息到期删除：%(count)s 项，账本条目 #%(seq)s（清空 %(redacted)s 条内容）") % {
        "count": len(result.items), "seq": result.entry.seq, "redacted": result.redacted}]
