"""Texts kept per language (escaped labels, option lists, page headers, templates) are forgotten when the
catalogue (.mo) changes under runserver's autoreloader, as Django forgets its own translations."""

from __future__ import annotations

from pathlib import Path

from django.utils.autoreload import file_changed

from farewell.common import widgets
from farewell.insights import flagrows, recordrows
from farewell.org import views as org_views


def _fill():
    widgets.LeanSelect(choices=[("a", "甲"), ("b", "乙")]).render("f", "a")
    org_views._choice_html("zh-hans")
    flagrows._choice_html("zh-hans")
    recordrows._LABELS[("zh-hans", object)] = {}


def test_a_changed_catalogue_forgets_what_is_kept_per_language():
    _fill()
    assert widgets._OPTIONS and org_views._choice_html.cache_info().currsize
    file_changed.send(sender=None, file_path=Path("/x/locale/en/LC_MESSAGES/django.mo"))
    assert not widgets._OPTIONS and widgets._options_chars == 0
    assert org_views._choice_html.cache_info().currsize == 0
    assert flagrows._choice_html.cache_info().currsize == 0
    assert not recordrows._LABELS


def test_another_changed_file_leaves_them():
    _fill()
    file_changed.send(sender=None, file_path=Path("/x/farewell/org/views.py"))
    assert widgets._OPTIONS and org_views._choice_html.cache_info().currsize
