"""Login throttling (django-axes) that an outsider cannot turn against a named account (issue 13).

Three counts of failed logins within AXES_COOLOFF_TIME, each on the trusted client address
(common/client_address.py — X-Forwarded-For only from the proxy):
- one user name from one address: AXES_FAILURE_LIMIT (5) locks that pair (axes' own count);
- one address across every user name: FAREWELL_LOGIN_ADDRESS_LIMIT (20) locks the address, so
  trying 50 names one guess each is stopped as surely as 50 guesses at one name;
- one account from every address: FAREWELL_LOGIN_ACCOUNT_LIMIT (50) locks the account itself
  (distributed guessing). That lock has reset paths, because anyone can trigger it: the person
  sets a new password through the e-mailed link (SetPasswordView calls reset_account), or an HR
  admin unlocks the login on 设置 › 用户与权限 (accounts:user_unlock); either is in the ledger.

The user name counted is what was typed, cut to the longest user name there can be (150): an
overlong name is no user's, and its full length would not fit the attempt log's column (a
20,000-character name crashed the login on PostgreSQL).
"""

from __future__ import annotations

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone

USERNAME_MAX = 150


def lockout_username(request, credentials: dict | None = None) -> str | None:
    if credentials:
        username = credentials.get("username")
    else:
        username = getattr(request, "POST", {}).get("username") if request is not None else None
    return username[:USERNAME_MAX] if isinstance(username, str) else username


def _since(request):
    """The start of the cool-off window (axes counts from the request's attempt time when it has one)."""
    attempt_time = getattr(request, "axes_attempt_time", None) or timezone.now()
    return attempt_time - get_cool_off(request)


def _failures(attempts) -> int:
    return attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0


def address_failures(address: str, request=None) -> int:
    """Failed logins from one client address within the cool-off, whatever the user name."""
    since = _since(request)
    return _failures(AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=since))


def account_failures(username: str, request=None) -> int:
    """Failed logins for one user name within the cool-off, whatever the address."""
    since = _since(request)
    return _failures(AccessAttempt.objects.filter(username=username[:USERNAME_MAX], attempt_time__gte=since))


def account_locked(username: str) -> bool:
    return account_failures(username) >= settings.FAREWELL_LOGIN_ACCOUNT_LIMIT


def reset_account(username: str) -> int:
    """Clear an account's failed logins from every address (its reset path); the number cleared."""
    count, _ = AccessAttempt.objects.filter(username=username[:USERNAME_MAX]).delete()
    return count


class LockoutHandler(AxesDatabaseHandler):
    """axes' database handler plus the per-address and per-account limits above."""

    def is_locked(self, request, credentials: dict | None = None) -> bool:
        return super().is_locked(request, credentials) or self._over_limits(request, credentials)

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        """axes answers with its lockout page (429) only for its own pair count; a failure refused or
        recorded under the address or account limit gets the same page."""
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is not None and not getattr(request, "axes_locked_out", False):
            if self._over_limits(request, credentials):
                request.axes_locked_out = True

    @staticmethod
    def _over_limits(request, credentials: dict | None) -> bool:
        address = getattr(request, "axes_ip_address", None)
        if address and address_failures(address, request) >= settings.FAREWELL_LOGIN_ADDRESS_LIMIT:
            return True
        username = lockout_username(request, credentials)
        return bool(username) and account_failures(username, request) >= settings.FAREWELL_LOGIN_ACCOUNT_LIMIT
