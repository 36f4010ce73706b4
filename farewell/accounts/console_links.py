"""The one-time set-password link a command prints (`farewell setup`, `farewell admin_role`).

A link is the site's address (FAREWELL_BASE_URL, as in every e-mail: common/notifications.absolute_url) plus
the page's path. A command runs on the server, where nothing says how users reach the site: when the operator
has not set FAREWELL_BASE_URL nor given --base-url, the command prints the path alone with how to open it,
and warns, instead of a link to http://127.0.0.1:8000 that opens nowhere else. --base-url counts as
FAREWELL_BASE_URL for the run, so the e-mail the command sends carries the same link."""

from __future__ import annotations

from urllib.parse import urlparse

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from . import services


def add_base_url_argument(parser) -> None:
    parser.add_argument(
        "--base-url", default="",
        help="the site's address as users open it (https://hr.example.cn): the printed link and the e-mail "
             "start with it; default FAREWELL_BASE_URL",
    )


def use_base_url(base_url: str) -> None:
    """--base-url for this run: what FAREWELL_BASE_URL would have said."""
    base_url = (base_url or "").strip()
    if not base_url:
        return
    parsed = urlparse(base_url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise CommandError(_("--base-url 应为本站地址，如 https://hr.example.cn：%(value)s") % {"value": base_url})
    settings.FAREWELL_BASE_URL, settings.FAREWELL_BASE_URL_SET = base_url.rstrip("/"), True


def write_set_password_link(command: BaseCommand, user, *, emailed: bool) -> None:
    link = services.set_password_url(user)
    if settings.FAREWELL_BASE_URL_SET:
        command.stdout.write(link)
        return
    command.stdout.write(urlparse(link).path)
    command.stderr.write(_(
        "注意：未设置 FAREWELL_BASE_URL，不知道用户从哪个地址访问本站，上面只给出了链接的路径："
        "请在本站地址后接上它打开（如 https://hr.example.cn/accounts/set-password/…）。"
        "也可以加 --base-url https://本站地址 重新运行；部署时请设置 FAREWELL_BASE_URL，邮件中的链接都以它开头。"))
    if emailed:
        command.stderr.write(_("发给 %(email)s 的邮件中的链接以 %(base)s 开头，在其他电脑上可能打不开。") % {
            "email": user.email, "base": settings.FAREWELL_BASE_URL})
