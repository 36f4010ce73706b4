"""`farewell admin_role grant|revoke USERNAME ROLE --company CODE`: the operator's 三员分立 roles."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils.translation import gettext as _

from farewell.accounts import policy, services
from farewell.accounts.console_links import add_base_url_argument, use_base_url, write_set_password_link
from farewell.org.models import Company


class Command(BaseCommand):
    help = (
        "Give or take a system_admin, security_admin or auditor (audit admin) role, as the operator on the "
        "server: how the first security admin comes to be (三员分立). A missing login is created without a "
        "password; the command prints its one-time set-password link."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["grant", "revoke"])
        parser.add_argument("username")
        parser.add_argument("role", choices=sorted(policy.ADMIN_ROLES))
        parser.add_argument("--company", required=True,
                            help="the company's 统一社会信用代码, code (UUID) or exact name")
        parser.add_argument("--email", default="", help="a new login's e-mail address")
        add_base_url_argument(parser)

    def handle(self, *args, action: str, username: str, role: str, company: str, email: str, **options):
        use_base_url(options["base_url"])
        lookup = Q(credit_code=company.strip().upper()) | Q(name=company.strip())
        try:
            lookup |= Q(code=company.strip())
            found = list(Company.objects.filter(lookup)[:2])
        except ValidationError:
            found = list(Company.objects.filter(Q(credit_code=company.strip().upper()) | Q(name=company.strip()))[:2])
        if len(found) != 1:
            raise CommandError(_("找不到唯一的公司：%(company)s") % {"company": company})
        try:
            user, created = services.operator_admin_role(username, role, found[0], grant=action == "grant",
                                                         email=email)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from None
        verb = _("已授予") if action == "grant" else _("已撤销")
        self.stdout.write(f"{verb}: {user.username} · {role} · {found[0].name}")
        if created:
            self.stdout.write(_("新账号：请在 %(days)d 天内用下面的一次性链接设置密码：") % {"days": services.link_valid_days()})
            write_set_password_link(self, user, emailed=bool(user.email))
