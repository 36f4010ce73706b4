"""The talks pages take the same number of queries for few rows as for many (no N+1)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from farewell.accounts.models import User
from farewell.talks import services
from farewell.talks.panels import case_talks

from .conftest import TRANSCRIPT


def count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


def more_records(world, plan, n: int) -> None:
    """n more plans and records for 李四 and for 赵六 (another employee, another org path)."""
    hr = world.users["hrbp_sales"]
    for i in range(n):
        for employee, case in ((world.lisi, plan.case), (world.zhaoliu, None)):
            other = services.generate_plan(employee, actor=hr, case=case, situation="mutual_agreement")
            services.start_conversation(other, actor=hr, held_at=timezone.now() - dt.timedelta(days=i + 1),
                                        place=f"会议室{i}")


@pytest.mark.parametrize("persona", ["hrbp_sales", "legal", "manager"])
def test_the_index_is_flat(client, world, plan, conversation, persona):
    client.force_login(world.users[persona])
    few = count(client, "/talks/")
    more_records(world, plan, 4)
    assert count(client, "/talks/") == few


def test_the_plan_page_is_flat(client, world, plan, conversation):
    client.force_login(world.users["hrbp_sales"])
    few = count(client, f"/talks/plans/{plan.code}/")
    for i in range(4):
        services.start_conversation(plan, actor=world.users["hrbp_sales"],
                                    held_at=timezone.now() - dt.timedelta(days=i + 1), place=f"会议室{i}")
    assert count(client, f"/talks/plans/{plan.code}/") == few


def _fill(conversation, world, n: int) -> None:
    hr = world.users["hrbp_sales"]
    services.update_conversation(conversation, actor=hr, fields={}, participants=[
        {"name": f"见证人{i}", "role": "witness", "employee": world.chenqi} for i in range(n)] + [
        {"name": "王经理", "role": "manager", "employee": world.boss}],
        next_steps=[{"action": f"事项{i}", "owner": "HR", "due_date": None} for i in range(n)])
    for i in range(n):
        services.add_attachment(conversation, SimpleUploadedFile(f"f{i}.pdf", b"%PDF-" + bytes([i])), actor=hr)
        services.add_transcript(conversation, "HR：你好\n员工：好的", actor=hr)


@pytest.mark.parametrize("persona", ["hrbp_sales", "manager"])
def test_the_record_page_is_flat(client, world, conversation, persona):
    _fill(conversation, world, 1)
    client.force_login(world.users[persona])
    few = count(client, f"/talks/records/{conversation.code}/")
    _fill(conversation, world, 5)
    assert count(client, f"/talks/records/{conversation.code}/") == few


def test_the_record_page_is_flat_across_versions(client, world, conversation):
    hr = world.users["hrbp_sales"]
    client.force_login(hr)
    services.sign_conversation(conversation, actor=hr)
    second = services.correct_conversation(conversation, actor=hr, reason="补正一")
    few = count(client, f"/talks/records/{second.code}/")
    latest = second
    for i in range(4):
        services.sign_conversation(latest, actor=hr)
        latest = services.correct_conversation(latest, actor=hr, reason=f"补正{i}")
    assert latest.version == 6
    assert count(client, f"/talks/records/{latest.code}/") == few
    page = client.get(f"/talks/records/{latest.code}/").content.decode()
    assert all(f"第 {n} 版" in page for n in range(1, 7))


@pytest.mark.parametrize("persona", ["hrbp_sales", "manager"])
def test_the_timeline_is_flat(client, world, conversation, persona):
    hr = world.users["hrbp_sales"]
    # Both escalated (TRANSCRIPT says 仲裁): the banner's "whom it notified" is one constant lookup.
    short = services.add_transcript(conversation, "HR：你好\n员工：我要去仲裁", actor=hr)
    long = services.add_transcript(conversation, TRANSCRIPT * 4, actor=hr)
    client.force_login(world.users[persona])
    assert count(client, f"/talks/transcripts/{short.code}/") == count(client, f"/talks/transcripts/{long.code}/")


def _panel_queries(rf, user, case) -> int:
    """The talks panel of the case page, built and rendered (the page's own parts are the cases app's)."""
    request = rf.get(f"/cases/{case.code}/")
    request.user = user
    with CaptureQueriesContext(connection) as queries:
        panel = case_talks(request, case)
        render_to_string(panel.template, panel.context, request=request)
    return len(queries)


@pytest.mark.parametrize("persona", ["hrbp_sales", "manager"])
def test_the_case_pages_talks_panel_is_flat(rf, client, world, case, plan, conversation, persona):
    hr = world.users["hrbp_sales"]
    services.add_transcript(conversation, TRANSCRIPT, actor=hr)
    user = User.objects.get(pk=world.users[persona].pk)
    few = _panel_queries(rf, user, case)
    for i in range(4):
        other = services.start_conversation(plan, actor=hr, held_at=timezone.now() - dt.timedelta(days=i + 1),
                                            place=f"会议室{i}")
        services.update_conversation(other, actor=hr, fields={"agreed": "同意", "employee_statements": "问补偿"},
                                     next_steps=[{"action": "发送协议", "owner": "HR", "due_date": None}])
        services.add_transcript(other, TRANSCRIPT, actor=hr)
        services.generate_plan(world.lisi, actor=hr, case=case)
    user = User.objects.get(pk=world.users[persona].pk)
    assert _panel_queries(rf, user, case) == few
    client.force_login(user)
    assert client.get(f"/cases/{case.code}/").status_code == 200
