"""The demo's exit data, made through the exits services on a small demo company."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from farewell.accounts.models import User
from farewell.exits import demo
from farewell.exits.models import Departure, ExitInterview, InterviewStatus
from farewell.ledger.models import LedgerEntry

TODAY = dt.date(2025, 11, 20)


@pytest.mark.django_db
def test_it_builds_exit_data_through_the_services(client):
    from farewell.demo import services as demo_services

    built = demo_services.build_demo_company(employees=120, seed=11, today=TODAY, talks=False)
    counts = demo.build_exits_demo(built.company, random.Random(11), today=TODAY)
    assert counts["departures"] >= 5 and counts["interviews"] >= 1
    assert Departure.objects.count() == counts["departures"]
    assert LedgerEntry.objects.filter(event="exits.departure.opened").count() == counts["departures"]
    assert ExitInterview.objects.filter(status=InterviewStatus.SIGNED).count() == counts["interviews"]
    client.force_login(User.objects.get(username="hradmin"))
    year = TODAY.year
    assert client.get(f"/exits/report/?granularity=year&year={year}").status_code == 200
    departure = Departure.objects.filter(stated_reason__isnull=False).first()
    assert client.get(f"/exits/departures/{departure.code}/").status_code == 200
