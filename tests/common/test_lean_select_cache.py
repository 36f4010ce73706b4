"""LeanSelect keeps the options' HTML per language, choice and options (common/widgets._OPTIONS): least
recently used out past OPTIONS_MAX entries or OPTIONS_MAX_CHARS characters, so a busy select stays kept."""

from __future__ import annotations

import pytest

from farewell.common import widgets


@pytest.fixture(autouse=True)
def _empty():
    widgets.clear_options()
    yield
    widgets.clear_options()


def render(name: str, options: int = 3, selected: str = "") -> str:
    select = widgets.LeanSelect(choices=[(f"{name}{n}", f"{name} 选项 {n}") for n in range(options)])
    return select.render("f", selected)


def keys() -> list[str]:
    return [key[2][0][:-1] for key in widgets._OPTIONS]


def test_the_least_recently_used_goes_first(monkeypatch):
    monkeypatch.setattr(widgets, "OPTIONS_MAX", 3)
    for name in ("a", "b", "c"):
        render(name)
    assert render("a") == render("a")  # used again: now the most recent
    render("d")
    assert keys() == ["c", "a", "d"]  # b, the least recently used, went; a busy one stays
    assert len(widgets._OPTIONS) == 3


def test_many_selects_never_grow_past_the_cap():
    for n in range(widgets.OPTIONS_MAX + 50):
        render(f"s{n}-")
    assert len(widgets._OPTIONS) == widgets.OPTIONS_MAX


def test_the_kept_html_is_capped_by_its_size(monkeypatch):
    monkeypatch.setattr(widgets, "OPTIONS_MAX_CHARS", 1000)
    for name in "abcdefgh":
        render(name, options=5)  # ~250 characters each
    assert 0 < widgets._options_chars <= 1000
    assert widgets._options_chars == sum(len(html) for html, _labels in widgets._OPTIONS.values())
    assert keys()[-1] == "h"
    big = render("z", options=100)  # larger than the cap alone: printed, never kept
    assert "z 选项 99" in big and "z" not in keys()


def test_a_kept_select_prints_the_same_html():
    first = render("a", selected="a1")
    assert first == render("a", selected="a1") and '<option value="a1" selected>' in first
