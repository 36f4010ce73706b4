"""The profile panel on the employee page: charts and their numbers, bounded queries, scoping."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse

from farewell.insights.models import Flag
from farewell.insights.rules import unit_review_averages

from .history import rich_history
from .records import Q, review


def page(client, user, employee):
    client.force_login(user)
    return client.get(reverse("org:employee_detail", args=[employee.code]))


def charts_of(response) -> list[dict]:
    match = re.search(r'<script id="profile-charts" type="application/json">(.*?)</script>', response.content.decode(),
                      re.S)
    return json.loads(match.group(1)) if match else []


def test_hr_sees_every_chart_with_its_records(client, world):
    rich_history(world, world.lisi)
    response = page(client, world.users["hr_admin"], world.lisi)
    assert response.status_code == 200
    html = response.content.decode()
    assert "员工画像" in html
    ids = {c["id"] for c in charts_of(response)}
    assert ids == {"chart-performance", "chart-360", "chart-values", "chart-surveys", "chart-attendance",
                   "chart-training", "chart-sanctions"}
    # Every linked point is a row on the page, or the record's own address, which finds its row.
    for chart in charts_of(response):
        for series in chart["links"]:
            for target in series:
                if target:
                    assert_reaches_its_row(client, html, target)
    # Flags show with their evidence, linking to the rows (on the page or through the record's address).
    assert Flag.objects.filter(employee=world.lisi).exists()
    evidence = re.findall(r'<div class="small evidence">(.*?)</div>', html, re.S)
    assert evidence
    for href in re.findall(r'href="([^"]+)"', "".join(evidence)):
        assert_reaches_its_row(client, html, href)
    assert "static/vendor/echarts-6.1.0/echarts.min.js" in html
    assert "onclick" not in html


def assert_reaches_its_row(client, html: str, href: str) -> None:
    """`href` is a row of `html` ("#rec-...") or an address that redirects to the page holding the row."""
    row = href.rsplit("#", 1)[1]
    if href.startswith("#"):
        assert f'id="{row}"' in html, href
        return
    response = client.get(href.split("#")[0])
    assert response.status_code == 302, href
    target = response["Location"]
    assert target.endswith(f"#{row}"), (href, target)
    assert f'id="{row}"' in client.get(target.split("#")[0]).content.decode(), target


def test_performance_chart_has_the_department_average(client, world):
    for start, score in zip(Q, (60, 70, 80), strict=True):
        review(world.lisi, start, score)
        review(world.boss, start, 90)
        review(world.zhaoliu, start, 90)
    chart = next(c for c in charts_of(page(client, world.users["hr_admin"], world.lisi)) if c["id"] == "chart-performance")
    mine, department, _kpi = chart["option"]["series"]
    assert mine["data"] == [60.0, 70.0, 80.0]
    # (60+90+90)/3, (70+90+90)/3, (80+90+90)/3: the person is part of their department's average.
    assert department["data"] == [80.0, 83.33, 86.67]


def test_department_average_includes_the_person_and_only_their_unit(world):
    # Including the person is typical HR practice (and what rules.py documents): the team's
    # average is everyone's; excluding them would make each of two people "below the other".
    review(world.lisi, Q[0], 60)
    review(world.boss, Q[0], 90)
    review(world.chenqi, Q[0], 10)  # another unit: not part of sales' average
    review(world.zhaoliu, Q[0], None)  # no score: not counted
    averages = unit_review_averages([world.sales.pk], world.company.pk, "quarter")
    assert averages[(world.sales.pk, Q[0])] == {"score": 75, "kpi": None, "count": 2}


@pytest.mark.parametrize("scale", [1, 4])
def test_profile_queries_are_bounded(client, world, django_assert_max_num_queries, scale):
    rich_history(world, world.lisi, scale=scale)
    client.force_login(world.users["hr_admin"])
    url = reverse("org:employee_detail", args=[world.lisi.code])
    client.get(url)  # warm the content-type cache
    # 35 after issue 14, the privacy panel's one query and the job history's one (profile.job_changes)
    with django_assert_max_num_queries(37):
        assert client.get(url).status_code == 200


def test_profile_query_count_does_not_grow_with_records(client, world, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.users["hr_admin"])
    url = reverse("org:employee_detail", args=[world.lisi.code])
    rich_history(world, world.lisi, scale=1)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    rich_history(world, world.zhaoliu, scale=5, peers=False)
    url = reverse("org:employee_detail", args=[world.zhaoliu.code])
    client.get(url)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


@pytest.mark.parametrize("persona, employee, shown", [
    ("hr_admin", "chenqi", True),
    ("hrbp_sales", "lisi", True),
    ("legal", "chenqi", True),
    ("manager", "lisi", True),
    ("manager", "zhaoliu", True),
    ("approver", "lisi", False),   # the approver reads the employee page, not the profile
    ("employee", "lisi", False),   # not even their own flags
])
def test_who_sees_the_profile(client, world, persona, employee, shown):
    person = getattr(world, employee)
    rich_history(world, person)
    response = page(client, world.users[persona], person)
    assert response.status_code == 200
    html = response.content.decode()
    assert ("员工画像" in html) is shown
    assert ("预警信号" in html) is shown
