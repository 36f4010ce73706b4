"""New-user check, layout: the money card's title stays on one line beside the summary, the turnover filter's
查看 sits on the row of its fields, and the open-case form shows the resignation-notice upload only for a
resignation (a mutual agreement has no notice to upload)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from farewell.cases import services
from farewell.cases.models import CaseType
from tests.browser.test_smoke import company, log_in  # noqa: F401  (the fixture)
from tests.factories import restore_seeded_rows

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def hr_page(page, live_server, company):  # noqa: F811
    restore_seeded_rows()  # an earlier browser test flushed what migrations seeded (the ledger's head)
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server, "hradmin")
    return page


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_money_title_keeps_one_line(hr_page, live_server, company, language):  # noqa: F811
    case = services.open_case(company.lisi, CaseType.MUTUAL_EMPLOYER, actor=company.users["hr_admin"],
                              separation_date=timezone.localdate().replace(day=1) + timezone.timedelta(days=40),
                              extra_compensation=Decimal(8000))
    hr_page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    hr_page.goto(f"{live_server.url}/cases/{case.code}/")
    lines, wrap = hr_page.eval_on_selector("#money-title", "t => [t.getClientRects().length, getComputedStyle(t).whiteSpace]")
    # 应付款项 broke as 应付款 / 项 beside a long summary (the demo's, with its practice named): it never wraps
    assert lines == 1 and wrap == "nowrap"


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_turnover_filters_view_button_sits_beside_the_fields(hr_page, live_server, language):
    hr_page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    hr_page.goto(f"{live_server.url}/exits/report/")
    button = hr_page.locator("#report-view").bounding_box()
    field = hr_page.locator("#report-filters select").first.bounding_box()
    assert abs((button["y"] + button["height"]) - (field["y"] + field["height"])) < 4  # one row
    assert button["height"] < 2 * field["height"]  # its label on one line


def test_the_notice_upload_shows_for_a_resignation_only(hr_page, live_server, company):  # noqa: F811
    hr_page.goto(f"{live_server.url}/cases/open/{company.lisi.code}/")
    upload = hr_page.locator("#id_notice_evidence")
    hr_page.locator("#id_case_type").select_option("mutual_employer")
    assert not upload.is_visible()
    hr_page.locator("#id_case_type").select_option("resignation")
    assert upload.is_visible()


def test_the_separation_date_hint_shows_for_a_resignation_only(hr_page, live_server, company):  # noqa: F811
    """辞职可留空：按通知日起30日… under 劳动合同解除/终止日 was shown for a mutual agreement too (new-user check),
    where the date is required."""
    hr_page.goto(f"{live_server.url}/cases/open/{company.lisi.code}/")
    hint = hr_page.locator("#id_separation_date").locator("xpath=..").locator(".form-text")
    hr_page.locator("#id_case_type").select_option("mutual_employer")
    assert not hint.is_visible()
    hr_page.locator("#id_case_type").select_option("resignation")
    assert hint.is_visible() and "辞职可留空" in hint.inner_text()
