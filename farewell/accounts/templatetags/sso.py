"""The login page's single sign-on buttons: shown only for a way in that is configured."""

from __future__ import annotations

from django import template

from farewell.common import wecom_app

from .. import sso

register = template.Library()


@register.inclusion_tag("accounts/_sso_buttons.html")
def sso_buttons(next_url: str = ""):
    return {"oidc": sso.oidc_enabled(), "wecom": wecom_app.config() is not None, "next": next_url}
