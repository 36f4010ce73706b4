"""The employee's own estimate (/me/) counts the written notice their open case records, as the company's figure
does (cases.services.notice_given_days): 30+ days from the case's 书面通知日 → no 代通知金 (new-user F2: the
portal added the month "未提前书面通知" under the company's figure that did not)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from farewell.cases import services


@pytest.fixture
def lisi(client, staffed):
    client.force_login(staffed.users["employee"])
    return client


def _case(staffed, *, days_before: int | None, facts: dict | None = None):
    last_day = timezone.localdate() + dt.timedelta(days=40)
    notice_date = last_day - dt.timedelta(days=days_before) if days_before is not None else None
    return services.open_case(staffed.lisi, "incompetence", actor=staffed.users["hrbp_sales"],
                              separation_date=last_day, notice_date=notice_date, reason="考核不合格",
                              facts=facts)


def test_the_case_s_thirty_six_days_notice_means_no_month_in_lieu(lisi, staffed):
    _case(staffed, days_before=36)
    page = lisi.get("/me/").content.decode()
    assert "已提前36日书面通知（≥30日），无需额外支付" in page, page
    assert "未提前书面通知" not in page and "仅提前" not in page


def test_exactly_thirty_days_is_enough_and_twenty_nine_is_not(lisi, staffed):
    case = _case(staffed, days_before=30)
    assert "已提前30日书面通知（≥30日）" in lisi.get("/me/").content.decode()
    type(case).objects.filter(pk=case.pk).update(notice_date=case.separation_date - dt.timedelta(days=29))
    page = lisi.get("/me/").content.decode()
    assert "仅提前29日通知（不足30日），额外支付一个月工资" in page and "无需额外支付" not in page


def test_the_notice_is_counted_to_the_last_day_the_employee_asks_about(lisi, staffed):
    """The same case and ground with an earlier last day: fewer days from the same 书面通知日."""
    case = _case(staffed, days_before=36)
    earlier = case.separation_date - dt.timedelta(days=10)
    page = lisi.get("/me/", {"ground": "incompetence", "separation_date": earlier.isoformat()}).content.decode()
    assert "仅提前26日通知（不足30日）" in page


def test_hr_s_own_count_is_the_one_counted(lisi, staffed):
    _case(staffed, days_before=None, facts={"notice_given_days": 45})
    assert "已提前45日书面通知（≥30日）" in lisi.get("/me/").content.decode()


def test_without_a_case_nothing_is_assumed_given(lisi, staffed):
    page = lisi.get("/me/", {"ground": "incompetence",
                             "separation_date": (timezone.localdate() + dt.timedelta(days=40)).isoformat()})
    assert "未提前书面通知，额外支付一个月工资" in page.content.decode()
