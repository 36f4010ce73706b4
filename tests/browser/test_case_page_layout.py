"""The case page's amounts table fits its column on a laptop screen, in Chinese and in English."""

from __future__ import annotations

import os
from decimal import Decimal

import pytest
from django.utils import timezone

from farewell.cases import services
from farewell.cases.models import CaseType
from tests.browser.test_smoke import company, log_in  # noqa: F401  (the fixture)
from tests.factories import restore_seeded_rows

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_amounts_table_fits_the_case_column_at_1280(page, live_server, company, screenshot_dir,  # noqa: F811
                                                       language):
    restore_seeded_rows()  # an earlier browser test flushed what migrations seeded (the ledger's head)
    case = services.open_case(company.lisi, CaseType.MUTUAL_EMPLOYER, actor=company.users["hr_admin"],
                              separation_date=timezone.localdate().replace(day=1) + timezone.timedelta(days=40),
                              extra_compensation=Decimal(8000))
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server, "hradmin")
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page.goto(f"{live_server.url}/cases/{case.code}/")
    widths = page.eval_on_selector(".law-lines", "t => [t.scrollWidth, t.parentElement.clientWidth]")
    page.locator(".law-lines").screenshot(path=os.path.join(screenshot_dir, f"case_amounts_{language}.png"))
    assert widths[0] <= widths[1], widths  # no sideways scrolling to read the legal basis
