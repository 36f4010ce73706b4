"""The turnover report's filter row at 1280 px: the department box is whole, inside the window and its card
(new-user check: it was cut at the right edge), in Chinese and in English."""

from __future__ import annotations

import os

import pytest

from tests.browser.test_smoke import company, log_in  # noqa: F401  (the fixture)
from tests.factories import make_unit, restore_seeded_rows

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_department_box_is_whole_at_1280(page, live_server, company, screenshot_dir, language):  # noqa: F811
    restore_seeded_rows()  # an earlier browser test flushed what migrations seeded (the ledger's head)
    east = make_unit(company.company, "华东大区销售管理中心", parent=company.sales)
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server, "hradmin")
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    deepest = make_unit(company.company, "上海浦东新区重点客户销售二部", parent=east)
    for chosen in ("", deepest.code):  # the default (全部（权限范围内）) and the deepest unit's indented name
        page.goto(f"{live_server.url}/exits/report/?unit={chosen}")
        name = "default" if not chosen else "deepest"
        page.locator("#report-filters").screenshot(path=os.path.join(screenshot_dir,
                                                                     f"report_filters_{language}_{name}.png"))
        box = page.locator("#id_unit").bounding_box()
        card = page.locator("#report-filters").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"]
        assert card["x"] <= box["x"] and box["x"] + box["width"] <= card["x"] + card["width"]
        # the chosen option's text fits inside the box, beside its arrow (the text box minus the padding)
        text, room = page.eval_on_selector("#id_unit", FITS)
        assert text <= room, (name, text, room)
        # and the boxes beside it, which give it room, still show theirs
        for other in ("#id_granularity", "#id_dimension", "#id_kind"):
            text, room = page.eval_on_selector(other, FITS)
            assert text <= room, (other, text, room)


# The width of the selected option's text in the select's font, and the width the select gives it.
FITS = """e => {
  const style = getComputedStyle(e);
  const context = document.createElement("canvas").getContext("2d");
  context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const room = e.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return [context.measureText(e.options[e.selectedIndex].text).width, room];
}"""
