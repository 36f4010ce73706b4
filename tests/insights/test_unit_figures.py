"""Department figures computed with the flags (UnitAverage), read by the profile in one query."""

from __future__ import annotations

import json
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from farewell.insights.models import UnitAverage
from farewell.insights.services import recompute_flags

from .records import TODAY, Q, feedback, review


def performance_chart(client, user, employee) -> tuple[dict, list[str]]:
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("org:employee_detail", args=[employee.code]))
    charts = json.loads(re.search(r'<script id="profile-charts" type="application/json">(.*?)</script>',
                                  response.content.decode(), re.S).group(1))
    return next(c for c in charts if c["id"] == "chart-performance"), [q["sql"] for q in queries.captured_queries]


def _team(world):
    for start, score in zip(Q, (60, 70, 80), strict=True):
        review(world.lisi, start, score)
        review(world.boss, start, 90)
        review(world.zhaoliu, start, 90)
        for person, value in ((world.lisi, 3), (world.boss, 5)):
            feedback(person, start, "沟通", [value])


def test_the_recompute_stores_the_units_figures_and_the_profile_reads_them(client, world):
    _team(world)
    recompute_flags(world.company, today=TODAY)
    stored = UnitAverage.objects.get(org_unit=world.sales, source="review", period_start=Q[0])
    assert round(stored.score, 2) == 80 and stored.count == 3  # (60 + 90 + 90) / 3, the person included
    assert round(UnitAverage.objects.get(org_unit=world.sales, source="feedback360", period_start=Q[2]).score, 2) == 4
    chart, sql = performance_chart(client, world.users["hr_admin"], world.lisi)
    assert chart["option"]["series"][1]["data"] == [80.0, 83.33, 86.67]
    # Read, not aggregated: no AVG over the records on the view.
    assert any("insights_unitaverage" in q for q in sql)
    assert not any("AVG(" in q.upper() for q in sql), [q for q in sql if "AVG(" in q.upper()]


def test_the_figures_stay_as_computed_until_the_next_recompute(client, world):
    """Once per import: a review entered since shows in the person's line, the average follows at the
    next recompute (the flags' numbers are as stored at the recompute too)."""
    _team(world)
    recompute_flags(world.company, today=TODAY)
    review(world.chenqi, Q[0], 10)  # another unit: never part of sales' figures
    UnitAverage.objects.filter(org_unit=world.sales, source="review", period_start=Q[0]).update(score=50)
    chart, _sql = performance_chart(client, world.users["hr_admin"], world.lisi)
    assert chart["option"]["series"][1]["data"][0] == 50.0
    recompute_flags(world.company, today=TODAY)
    chart, _sql = performance_chart(client, world.users["hr_admin"], world.lisi)
    assert chart["option"]["series"][1]["data"][0] == 80.0


def test_a_period_the_figures_do_not_cover_is_aggregated_live(client, world):
    _team(world)  # no recompute yet: nothing stored
    assert not UnitAverage.objects.exists()
    chart, sql = performance_chart(client, world.users["hr_admin"], world.lisi)
    assert chart["option"]["series"][1]["data"] == [80.0, 83.33, 86.67]
    assert any("AVG(" in q.upper() for q in sql)


def test_the_recompute_refreshes_the_planners_statistics(world):
    """Every row of the flags, their evidence and the figures was replaced: PostgreSQL gets fresh
    statistics for them (on never-analyzed tables it planned the page's flag query as huge, JIT and all)."""
    _team(world)
    with CaptureQueriesContext(connection) as queries:
        recompute_flags(world.company, today=TODAY)
    analyzed = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("ANALYZE")]
    if connection.vendor == "postgresql":
        assert analyzed and all(t in analyzed[0] for t in ("insights_flag", "insights_flagevidence",
                                                            "insights_unitaverage"))
    else:
        assert not analyzed
