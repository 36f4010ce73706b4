"""Settings that hold for every company of an installation (the metric catalogue) may be changed
only by an HR admin whose whole-company grants cover every company: an HR admin of one company
must not change what another company's imports run on. Per-company settings (workflows,
compensation policies, flag rules, talk templates, escalation phrases) belong to each company and
its HR admin: accounts/company_settings.py.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from farewell.org.models import Company

from . import policy


def is_installation_admin(user) -> bool:
    whole_companies = {company_id for company_id, path in policy.admin_scopes(user) if path is None}
    if not whole_companies:
        return False
    return not Company.objects.exclude(pk__in=whole_companies).exists()


def require_installation_admin(user) -> None:
    """403 unless the user is the HR admin of every company (a single-company install's HR admin is)."""
    if not is_installation_admin(user):
        raise PermissionDenied(_("此设置对本系统的所有公司生效：只有对所有公司都有管理权限的HR管理员可以修改。"))
