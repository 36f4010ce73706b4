"""The navigation shell: each entry appears when its part of the flow works and the user may use it.
It needs the policy, so it lives in accounts (DESIGN: pages of a lower room that need the policy)."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from . import policy

# (label, url name, policy action). An app's entry is listed here when the app lands.
NAVIGATION = [
    (_("员工档案"), "org:employee_list", "employee.list"),
    (_("预警"), "insights:flags", "insights.view"),
    (_("离职案件"), "cases:case_list", "case.view"),
    (_("待办"), "cases:inbox", "case.view"),
    (_("谈话"), "talks:index", "talks.view"),
    # 交接 for HR, managers, legal and approvers; the leaver reaches it from 我的离职信息 and notifications.
    (_("交接"), "offboarding:index", "offboarding.view"),
    (_("离职分析"), "exits:report", "exits.report"),
    (_("离职补偿计算器"), "cases:calculator", "law.calculate"),
    (_("数据导入"), "records:import_index", "records.import"),
    (_("设置"), "settings:index", "settings.index"),
    (_("我的离职信息"), "portal:home", "law.estimate_self"),
    (_("证据链"), "ledger:entries", "ledger.view"),
    (_("访问日志"), "accounts:access_log", "accesslog.view"),
]


def navigation(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for label, url_name, action in NAVIGATION:
        if not policy.allows(user, action):
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue  # that part of the flow is not installed
        items.append({"label": label, "url": url, "active": False})
    # Only the most specific entry is active (/cases/calculator/ is not also /cases/).
    matching = [item for item in items if request.path.startswith(item["url"])]
    if matching:
        max(matching, key=lambda item: len(item["url"]))["active"] = True
    return {"nav_items": items}
