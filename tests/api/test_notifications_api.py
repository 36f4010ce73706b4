"""/api/notifications/: one's own notifications only."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from farewell.common.notifications import Notification


def _note(user, subject="有新的审批"):
    return Notification.objects.create(user=user, subject=subject, link="/cases/")


def test_a_user_sees_and_marks_only_their_own(client, world):
    mine = _note(world.users["hrbp_sales"])
    theirs = _note(world.users["legal"])
    client.force_login(world.users["hrbp_sales"])
    assert [n["id"] for n in client.get("/api/notifications/").json()["results"]] == [mine.pk]
    assert client.get("/api/notifications/unread/").json() == {"unread": 1}
    assert client.post(f"/api/notifications/{theirs.pk}/read/").status_code == 404
    assert client.post(f"/api/notifications/{mine.pk}/read/").json() == {"unread": 0}
    _note(world.users["hrbp_sales"], "另一条")
    assert client.post("/api/notifications/read-all/").json() == {"unread": 0}
    theirs.refresh_from_db()
    assert theirs.read_at is None
    client.force_login(world.users["outsider"])
    assert client.get("/api/notifications/").status_code == 403


def test_the_list_reads_a_fixed_number_of_queries(client, world):
    user = world.users["employee"]
    client.force_login(user)
    _note(user)
    with CaptureQueriesContext(connection) as few:
        client.get("/api/notifications/")
    for i in range(10):
        _note(user, f"第{i}条")
    with CaptureQueriesContext(connection) as many:
        assert client.get("/api/notifications/").json()["count"] == 11
    assert len(many) == len(few)
