"""The link `farewell setup` prints when nobody said where the site is: its path, how to open it and a warning,
not http://127.0.0.1:8000/… (a link to the server's own port that opens on no other computer). --base-url, or
FAREWELL_BASE_URL as for every e-mail, gives a whole link; the e-mail the command sends carries the same one."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from farewell.accounts.models import User

GOOD_CODE = "91310000MA1FL4TX2B"


def _setup(*extra) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("setup", "--company-name=远航科技有限公司", f"--credit-code={GOOD_CODE}", "--city=上海",
                 "--username=admin", "--email=admin@example.cn", *extra, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def unset(settings):
    settings.FAREWELL_BASE_URL, settings.FAREWELL_BASE_URL_SET = "http://127.0.0.1:8000", False
    return settings


def test_without_a_base_url_it_prints_the_path_and_says_how_to_open_it(client, db, unset,
                                                                      django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        out, err = _setup()
    assert "127.0.0.1:8000" not in out and "http" not in out
    path = re.search(r"^/accounts/set-password/\S+$", out, re.MULTILINE).group(0)
    assert "FAREWELL_BASE_URL" in err and "--base-url" in err
    assert "admin@example.cn" in err  # the e-mail's link starts with the local address: said too
    response = client.get(path)  # the path is the real one-time link's
    assert response.status_code == 302 and reverse("accounts:password_reset_complete") not in response["Location"]


def test_base_url_gives_the_whole_link_and_the_same_in_the_mail(db, unset, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        out, err = _setup("--base-url=https://hr.example.cn/")
    link = re.search(r"https://hr\.example\.cn/accounts/set-password/\S+", out).group(0)
    assert err == ""
    assert len(mail.outbox) == 1 and link in mail.outbox[0].body


def test_farewell_base_url_gives_the_whole_link(db, settings):
    settings.FAREWELL_BASE_URL, settings.FAREWELL_BASE_URL_SET = "https://farewell.example.cn", True
    out, err = _setup()
    assert re.search(r"^https://farewell\.example\.cn/accounts/set-password/\S+$", out, re.MULTILINE)
    assert err == ""


def test_a_base_url_that_is_no_address_is_refused(db, unset):
    with pytest.raises(CommandError, match="--base-url"):
        _setup("--base-url=hr.example.cn")
    assert not User.objects.exists()


def test_admin_role_prints_the_same_way(world, unset):
    out, err = StringIO(), StringIO()
    call_command("admin_role", "grant", "ciso", "security_admin", "--company", world.company.credit_code,
                 stdout=out, stderr=err)
    assert re.search(r"^/accounts/set-password/\S+$", out.getvalue(), re.MULTILINE)
    assert "FAREWELL_BASE_URL" in err.getvalue()
