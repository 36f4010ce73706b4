"""设置 › 离职问卷 (and its sibling exit settings pages) read like the other settings pages: a
breadcrumb back to 设置, and the question rows under column headers."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse


def _page(client, world, url) -> str:
    client.force_login(world.users["hr_admin"])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_survey_settings_have_column_headers(client, world):
    html = _page(client, world, "/exits/settings/questions/")
    headers = re.findall(r"<th[^>]*>([^<]+)</th>", html)
    assert headers[:3] == ["问题", "类型", "顺序"], headers


@pytest.mark.parametrize(("url", "title"), [("/exits/settings/questions/", "离职问卷"),
                                            ("/exits/settings/reasons/", "离职原因"),
                                            ("/exits/settings/replacement-costs/", "替换成本")])
def test_the_exit_settings_pages_have_the_settings_breadcrumb(client, world, url, title):
    html = _page(client, world, url)
    crumbs = html[html.index('aria-label="breadcrumb"'):]
    crumbs = crumbs[:crumbs.index("</nav>")]
    assert 'href="/settings/"' in crumbs and "设置" in crumbs
    assert f'aria-current="page">{title}</li>' in crumbs


def test_the_headers_follow_the_language(client, world):
    client.force_login(world.users["hr_admin"])
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get("/exits/settings/questions/").content.decode()
    headers = re.findall(r"<th[^>]*>([^<]+)</th>", html)
    assert headers[:3] == ["Question", "Kind", "Order"], headers
