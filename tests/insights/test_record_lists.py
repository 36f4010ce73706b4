"""The profile's record tables: the latest rows of each kind, the whole list one click away, and a
record's own address that finds its row (issue 14: the page no longer renders every record)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from farewell.insights import recordlists
from farewell.insights.present import record_url
from farewell.records.models import Feedback360, PerformanceReview, RewardPenalty, TrainingRecord

from .history import rich_history
from .records import review, training

SHOWN = recordlists.SHOWN


def profile(client, user, employee) -> str:
    client.force_login(user)
    response = client.get(reverse("org:employee_detail", args=[employee.code]))
    assert response.status_code == 200
    return response.content.decode()


def rows_of(html: str, kind: str) -> list[int]:
    return [int(pk) for pk in re.findall(rf'id="rec-{kind}-(\d+)"', html)]


def test_the_profile_shows_the_latest_rows_of_each_kind_and_links_to_the_rest(client, world):
    rich_history(world, world.lisi, scale=4)
    html = profile(client, world.users["hr_admin"], world.lisi)
    feedback = Feedback360.objects.filter(employee=world.lisi)
    assert feedback.count() > SHOWN
    shown = rows_of(html, "feedback360")
    assert len(shown) == SHOWN
    oldest_shown = min(feedback.filter(pk__in=shown).values_list("period_start", flat=True))
    assert all(start <= oldest_shown for start in feedback.exclude(pk__in=shown).values_list("period_start", flat=True))
    assert f"共 {feedback.count()} 条" in html
    assert recordlists.list_url(world.lisi.code, "feedback360") in html
    # A kind with fewer rows than the table holds shows them all, without a link.
    assert len(rows_of(html, "commitment")) == 2
    assert recordlists.list_url(world.lisi.code, "commitment") not in html


def test_the_list_shows_every_record_page_by_page(client, world):
    rich_history(world, world.lisi, scale=4)
    client.force_login(world.users["hr_admin"])
    url = recordlists.list_url(world.lisi.code, "feedback360")
    first = client.get(url)
    assert first.status_code == 200
    pks = rows_of(first.content.decode(), "feedback360")
    page = 2
    while len(pks) < Feedback360.objects.filter(employee=world.lisi).count():
        more = rows_of(client.get(url, {"page": page}).content.decode(), "feedback360")
        assert more
        pks += more
        page += 1
    assert sorted(pks) == sorted(Feedback360.objects.filter(employee=world.lisi).values_list("pk", flat=True))
    # Newest first, as on the profile.
    assert pks[:SHOWN] == rows_of(profile(client, world.users["hr_admin"], world.lisi), "feedback360")


def test_a_records_address_finds_its_row_on_the_profile_or_on_its_list_page(client, world):
    for i in range(recordlists.LIST_PAGE_SIZE + 5):
        review(world.lisi, dt.date(2010, 1, 1) + dt.timedelta(days=92 * i), 70)
    oldest = PerformanceReview.objects.filter(employee=world.lisi).order_by("period_start").first()
    newest = PerformanceReview.objects.filter(employee=world.lisi).order_by("period_start").last()
    client.force_login(world.users["hr_admin"])
    to_profile = client.get(record_url(world.lisi, newest).split("#")[0])
    assert to_profile.status_code == 302
    assert to_profile["Location"] == f"/employees/{world.lisi.code}/#rec-performancereview-{newest.pk}"
    to_list = client.get(record_url(world.lisi, oldest).split("#")[0])
    assert to_list.status_code == 302
    target = to_list["Location"]
    assert target.endswith(f"?page=2#rec-performancereview-{oldest.pk}")
    assert f'id="rec-performancereview-{oldest.pk}"' in client.get(target.split("#")[0]).content.decode()


def test_flag_evidence_beyond_the_table_still_links_to_its_row(client, world):
    """A declined course years ago is the evidence; ten newer courses fill the profile's table."""
    from farewell.insights.services import recompute_flags

    from .records import TODAY, Q

    declined = training(world.lisi, "旧课程", dt.date(2025, 2, 1), "declined")
    for i in range(SHOWN):
        training(world.lisi, f"新课程{i}", dt.date(2025, 6, 1 + i), "attended", exam_score=80, passed=True)
    for start, score in zip(Q, (85, 80, 60), strict=True):
        review(world.lisi, start, score)
    recompute_flags(world.company, today=TODAY)
    html = profile(client, world.users["hr_admin"], world.lisi)
    assert declined.pk not in rows_of(html, "trainingrecord")
    href = record_url(world.lisi, declined)
    if "培训" in html and href in html:  # the rule fired: its evidence link reaches the old row
        target = client.get(href.split("#")[0])["Location"]
        assert f'id="rec-trainingrecord-{declined.pk}"' in client.get(target.split("#")[0]).content.decode()
    # Whatever the rules say, the record's address finds it.
    target = client.get(href.split("#")[0])["Location"]
    assert target.startswith(recordlists.list_url(world.lisi.code, "trainingrecord"))


def test_the_page_makes_as_many_queries_for_many_records_of_every_kind_as_for_a_few(client, world):
    """Bounded tables: fifty records of every kind cost no more queries than one of each."""
    from tests.org.test_employee_detail import _page_queries

    rich_history(world, world.lisi, scale=1)
    rich_history(world, world.zhaoliu, scale=8, peers=False)
    for i in range(50):
        RewardPenalty.objects.create(employee=world.zhaoliu, kind="reward", title=f"表彰{i}",
                                     date=dt.date(2020, 1, 1) + dt.timedelta(days=7 * i))
        TrainingRecord.objects.create(employee=world.zhaoliu, course=f"课{i}", course_date=dt.date(2021, 1, 1)
                                      + dt.timedelta(days=7 * i), status="attended")
    hr = world.users["hr_admin"]
    _page_queries(client, hr, world.lisi)  # warm the content types
    few = _page_queries(client, hr, world.lisi)
    many = _page_queries(client, hr, world.zhaoliu)
    assert many == few, (few, many)
    html = profile(client, hr, world.zhaoliu)
    for kind in ("feedback360", "rewardpenalty", "trainingrecord", "surveyresponse", "metricvalue"):
        assert len(rows_of(html, kind)) == SHOWN, kind


@pytest.mark.parametrize("persona, employee, status", [
    ("hrbp_sales", "lisi", 200),
    ("manager", "lisi", 200),
    ("approver", "lisi", 403),  # in scope, but the profile is not theirs to read
    ("employee", "lisi", 403),  # not even their own records' list
    ("hrbp_sales", "chenqi", 404),  # outside the grant
    ("outsider", "lisi", 404),
])
def test_the_list_and_the_records_address_follow_the_profiles_access(client, world, persona, employee, status):
    person = getattr(world, employee)
    rich_history(world, person)
    record = PerformanceReview.objects.filter(employee=person).first()
    client.force_login(world.users[persona])
    assert client.get(recordlists.list_url(person.code, "performancereview")).status_code == status
    located = client.get(reverse("insights:record", args=[person.code, "performancereview", record.pk]))
    assert located.status_code == (302 if status == 200 else status)


def test_an_unknown_kind_or_someone_elses_record_is_404(client, world):
    rich_history(world, world.lisi)
    theirs = PerformanceReview.objects.create(employee=world.boss, period_kind="quarter",
                                              period_start=dt.date(2010, 1, 1))
    client.force_login(world.users["hr_admin"])
    assert client.get(recordlists.list_url(world.lisi.code, "ledgerentry")).status_code == 404
    assert client.get(reverse("insights:record", args=[world.lisi.code, "performancereview", theirs.pk])
                      ).status_code == 404


def test_the_records_read_no_more_queries_for_more_pages(client, world):
    rich_history(world, world.lisi, scale=8)
    client.force_login(world.users["hr_admin"])
    url = recordlists.list_url(world.lisi.code, "feedback360")
    client.get(url)
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    with CaptureQueriesContext(connection) as second:
        client.get(url, {"page": 2})
    assert len(first) == len(second) <= 8


def test_one_employees_record_addresses_are_the_ones_reverse_gives(world):
    """The profile builds its many record links from one reverse() (recordlists.record_urls)."""
    url = recordlists.record_urls(world.lisi.code)
    for kind in [*recordlists.KINDS, "metricvalue"]:
        for pk in (1, 42, 10**12):
            assert url(kind, pk) == recordlists.record_url_for(world.lisi.code, kind, pk)
