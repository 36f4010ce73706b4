"""The navigation shell: each entry appears when its part of the flow works and the user may use it.
It needs the policy, so it lives in accounts (DESIGN: pages of a lower room that need the policy)."""

from __future__ import annotations

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
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


# (URLconf, script prefix, roles) → the entries' (label, url): the same for everyone holding those roles, so it is
# worked out once per process instead of 13 policy checks and reverse() calls on every page (issue 14).
# It holds code, never data: the labels are lazy (translated when shown), the URLs come from the URLconf.
_ENTRIES: dict[tuple[str, str, frozenset[str]], tuple[tuple[object, str], ...]] = {}


def _entries(roles: frozenset[str]) -> tuple[tuple[object, str], ...]:
    key = (get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), roles)
    if key not in _ENTRIES:
        entries = []
        for label, url_name, action in NAVIGATION:
            if not roles & policy.ACTIONS.get(action, set()):
                continue
            try:
                entries.append((label, reverse(url_name)))
            except NoReverseMatch:
                continue  # that part of the flow is not installed
        _ENTRIES[key] = tuple(entries)
    return _ENTRIES[key]


def navigation(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {"nav_items": []}
    # The roles come from the grants the request reads anyway (policy._grants: one query per request),
    # so a role granted or revoked shows in the very next page.
    items = [{"label": label, "url": url, "active": False}
             for label, url in _entries(frozenset(policy.roles_of(user)))]
    # Only the most specific entry is active (/cases/calculator/ is not also /cases/).
    matching = [item for item in items if request.path.startswith(item["url"])]
    if matching:
        max(matching, key=lambda item: len(item["url"]))["active"] = True
    return {"nav_items": items}
