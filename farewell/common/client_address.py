"""The client's address: REMOTE_ADDR, or what a trusted reverse proxy says it is.

X-Forwarded-For is written by anyone; it is believed only when the request comes from an
address in FAREWELL_TRUSTED_PROXIES (nginx on the same machine by default), and then only
its right-most entry — the one that proxy itself added (deploy/nginx/farewell.conf).
Login throttling (django-axes) keys on this address.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


def client_address(request: HttpRequest) -> str:
    remote = request.META.get("REMOTE_ADDR", "") or ""
    if remote in getattr(settings, "FAREWELL_TRUSTED_PROXIES", ()):
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [hop for hop in hops if hop]
        if hops and _valid(hops[-1]):
            return hops[-1]
    return remote
