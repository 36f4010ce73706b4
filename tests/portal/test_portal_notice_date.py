"""A notice of resignation from the portal is dated today: the form has no date, and a posted past
(or future) date is refused with a clear message, never back-dated."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from farewell.cases.models import SeparationCase


@pytest.fixture
def lisi(client, staffed):
    client.force_login(staffed.users["employee"])
    return client


def test_the_notice_form_has_no_date_and_says_it_is_today(lisi):
    page = lisi.get("/me/").content.decode()
    assert 'name="notice_date"' not in page
    assert f"通知日期：{timezone.localdate():%Y-%m-%d}（今天" in page


def test_a_notice_is_dated_today(lisi, staffed):
    lisi.post("/me/resign/", {"reason": "家庭原因", "confirm": "on"})
    case = SeparationCase.objects.get(employee=staffed.lisi)
    assert case.notice_date == timezone.localdate()


@pytest.mark.parametrize("days", [-40, -1, 1])
def test_a_notice_naming_another_day_is_refused_with_a_clear_message(lisi, staffed, days):
    day = timezone.localdate() + dt.timedelta(days=days)
    page = lisi.post("/me/resign/", {"notice_date": day.isoformat(), "confirm": "on"}, follow=True).content.decode()
    assert "以提交当天" in page and "不能填写其他日期" in page and "请联系HR登记" in page
    assert not SeparationCase.objects.filter(employee=staffed.lisi).exists()


def test_the_resign_view_rejects_get_and_other_roles(client, staffed):
    client.force_login(staffed.users["employee"])
    assert client.get("/me/resign/").status_code == 405
    client.force_login(staffed.users["hrbp_sales"])
    assert client.post("/me/resign/", {"confirm": "on"}).status_code in (403, 404)
    assert not SeparationCase.objects.exists()
