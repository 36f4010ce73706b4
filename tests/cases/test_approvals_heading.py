"""审批流程 names two things: the case page's panel of approval steps and, in settings, the workflow templates.
Each place has its own context (pgettext), so the English can differ ("Approvals" / "Approval workflows");
the panel said "Workflows" (reviewer's check)."""

from __future__ import annotations

import re

import pytest

from farewell.cases import services


@pytest.fixture
def case(staffed, soon):
    return services.open_case(staffed.lisi, "mutual_employer", actor=staffed.users["hrbp_sales"],
                              separation_date=soon)


def _panel_heading(html: str) -> str:
    return re.search(r'<section class="card mb-3" id="approvals">\s*<div class="card-header">([^<]*)<', html).group(1)


def _page(client, user, url, language):
    client.force_login(user)
    client.cookies["django_language"] = language
    return client.get(url).content.decode()


def test_the_chinese_pages_keep_their_words(client, case, world):
    assert _panel_heading(_page(client, world.users["hrbp_sales"], f"/cases/{case.code}/", "zh-hans")) == "审批流程"
    settings_page = _page(client, world.users["hr_admin"], "/cases/workflows/", "zh-hans")
    assert '<h1 class="h4 mb-0">审批流程</h1>' in settings_page


def test_the_case_panel_is_not_called_workflows(client, case, world):
    assert _panel_heading(_page(client, world.users["hrbp_sales"], f"/cases/{case.code}/", "en")) != "Workflows"


def test_each_place_has_its_english(client, case, world):
    assert _panel_heading(_page(client, world.users["hrbp_sales"], f"/cases/{case.code}/", "en")) == "Approvals"
    admin = world.users["hr_admin"]
    assert '<h1 class="h4 mb-0">Approval workflows</h1>' in _page(client, admin, "/cases/workflows/", "en")
    assert "Approval workflows" in _page(client, admin, "/settings/", "en")
    assert ">Approval workflows</a>" in _page(client, admin, "/cases/settings/", "en")
