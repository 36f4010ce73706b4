"""The list pages' filter rows: every label on one line (the unit picker's too)."""

from __future__ import annotations

import os

import pytest

from tests.browser.test_smoke import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 800])
@pytest.mark.parametrize(("path", "form"), [("/cases/", "#case-filters"), ("/employees/", "form[role=search]")])
def test_the_unit_label_sits_on_the_line_of_the_other_filter_labels(page, live_server, world, screenshot_dir,
                                                                   width, path, form):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, "hradmin")
    page.goto(f"{live_server.url}{path}")
    tops = page.eval_on_selector_all(
        f"{form} label.form-label",
        "labels => labels.map(l => [l.textContent.trim(), l.getBoundingClientRect().top])")
    page.screenshot(path=os.path.join(screenshot_dir, f"filters{path.replace('/', '_')}{width}.png"))
    assert "部门" in dict(tops)
    rows: dict[float, list[str]] = {}
    for text, top in tops:  # labels wrap onto rows on a narrow screen; each row must be level
        rows.setdefault(min((t for t in rows if abs(t - top) < 20), default=top), []).append(text)
    for texts in rows.values():
        level = [top for text, top in tops if text in texts]
        assert max(level) - min(level) < 0.5, (width, tops)
