"""The data-import page at 1366 px: the templates table stays inside its card, beside the upload card, in Chinese
and in English (new-user check: in English a kind's name kept on one line widened the table under the upload
card and squeezed the column list to a few characters a line)."""

from __future__ import annotations

import os

import pytest

from tests.browser.test_smoke import company, log_in  # noqa: F401  (the fixture)
from tests.factories import restore_seeded_rows

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_templates_table_stays_in_its_card(page, live_server, company, screenshot_dir, language):  # noqa: F811
    restore_seeded_rows()
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, live_server, "hradmin")
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page.goto(f"{live_server.url}/records/")
    page.screenshot(path=os.path.join(screenshot_dir, f"records_{language}.png"))
    table = page.locator("table").first.bounding_box()
    card = page.locator(".card").first.bounding_box()
    upload = page.locator("form.card").bounding_box()
    assert table["x"] + table["width"] <= card["x"] + card["width"] + 1
    assert card["x"] + card["width"] <= upload["x"]
    # the column list is readable: its cell is at least a third of the table
    columns = page.locator("table").first.locator("tbody tr td:nth-child(2)").first.bounding_box()
    assert columns["width"] >= table["width"] / 3
