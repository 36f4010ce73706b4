"""`farewell setup`: the company and its first HR admin, from an empty install."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from farewell.accounts import services
from farewell.accounts.console_links import add_base_url_argument, use_base_url, write_set_password_link
from farewell.org.models import Jurisdiction

FIELD_NAMES = {
    "name": "--company-name", "credit_code": "--credit-code（统一社会信用代码）",
    "jurisdiction": "--jurisdiction", "city": "--city", "username": "--username", "email": "--email",
}


class Command(BaseCommand):
    help = (
        "Create a company (统一社会信用代码 checked) and its first HR admin. No password is asked "
        "for or generated: the command prints a one-time link on which the admin sets one."
    )

    def add_arguments(self, parser):
        parser.add_argument("--company-name", required=True, help="公司名称")
        parser.add_argument("--credit-code", required=True, help="统一社会信用代码 (GB 32100, 18 characters)")
        parser.add_argument("--jurisdiction", choices=Jurisdiction.values, default=Jurisdiction.CN,
                            help="CN (劳动合同法) or CN-civil-service (公务员法)")
        parser.add_argument("--city", required=True, help="所在城市 (local average and minimum wage)")
        parser.add_argument("--username", required=True, help="the first HR admin's login name")
        parser.add_argument("--email", default="", help="the admin's e-mail: the link is also sent there")
        add_base_url_argument(parser)

    def handle(self, *args, **options):
        use_base_url(options["base_url"])
        try:
            company, user = services.setup_company(
                name=options["company_name"], credit_code=options["credit_code"],
                jurisdiction=options["jurisdiction"], city=options["city"],
                username=options["username"], email=options["email"],
            )
        except ValidationError as exc:
            lines = []
            for field, messages in getattr(exc, "message_dict", {"": exc.messages}).items():
                label = FIELD_NAMES.get(field, field)
                lines.extend(f"{label}: {message}" if label else message for message in messages)
            raise CommandError("\n".join(lines)) from None
        self.stdout.write(_("已创建公司 %(company)s，HR管理员 %(username)s。") % {
            "company": company.name, "username": user.username,
        })
        self.stdout.write(_("请在 %(days)d 天内用下面的一次性链接设置密码：") % {"days": services.link_valid_days()})
        write_set_password_link(self, user, emailed=bool(user.email))
