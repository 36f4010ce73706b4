"""The user name django-axes counts failures for: what was typed, cut to the longest user name
there can be (150). An overlong name is no user's, and its full length would not fit the
attempt log's column (a 20,000-character name crashed the login on PostgreSQL)."""

from __future__ import annotations

USERNAME_MAX = 150


def lockout_username(request, credentials: dict | None = None) -> str | None:
    if credentials:
        username = credentials.get("username")
    else:
        username = getattr(request, "POST", {}).get("username") if request is not None else None
    return username[:USERNAME_MAX] if isinstance(username, str) else username
