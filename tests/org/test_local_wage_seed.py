"""The seeded local wage figures (org migration 0004): each with its source, editable by HR admins, and the
corrected Shanghai minimum-wage dates (2,590 from 2021-07-01, 2,690 from 2023-07-01)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from farewell.ledger.models import LedgerEntry
from farewell.org import wages
from farewell.org.models import LocalWageFigure


def test_every_seeded_figure_names_its_source(db):
    seeded = LocalWageFigure.objects.all()
    assert seeded.count() >= 3
    assert all(len(f.source) > 20 for f in seeded)


@pytest.mark.parametrize(("day", "amount"), [
    (dt.date(2021, 7, 1), "2590"),
    (dt.date(2023, 6, 30), "2590"),  # the shipped table said 2,590 only from 2023-07-01
    (dt.date(2023, 7, 1), "2690"),  # … and 2,690 only from 2024-07-01
    (dt.date(2024, 3, 1), "2690"),
])
def test_the_shanghai_minimum_wage_follows_the_bureaus_dates(db, day, amount):
    assert wages.figures_for("上海", day).local_min_wage.amount == Decimal(amount)


def test_hr_admin_corrects_a_seeded_figure_and_the_ledger_keeps_the_old_one(client, world):
    figure = LocalWageFigure.objects.get(city="上海", effective_from=dt.date(2023, 7, 1))
    client.force_login(world.users["hr_admin"])
    url = f"/settings/wages/{figure.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"city": "上海", "kind": "minimum", "effective_from": "2023-07-01",
                                 "amount": "2690", "source": "上海市人力资源和社会保障局通知（核对原文后更正）"})
    assert response.status_code == 302
    figure.refresh_from_db()
    assert figure.source.startswith("上海市人力资源和社会保障局通知")
    entry = LedgerEntry.objects.get(object_type="org.localwagefigure", event="local_wage_changed")
    payload = json.loads(entry.payload)
    assert "北京日报" in payload["before"]["source"] and payload["after"]["source"] == figure.source


def test_a_correction_is_checked_like_a_new_figure(client, world):
    figure = LocalWageFigure.objects.get(city="上海", effective_from=dt.date(2023, 7, 1))
    client.force_login(world.users["hr_admin"])
    response = client.post(f"/settings/wages/{figure.pk}/", {"city": "上海", "kind": "minimum", "amount": "0",
                                                             "source": "x"})
    assert response.status_code == 400
    assert {"effective_from", "amount"} <= set(response.context["form"].errors)


@pytest.mark.parametrize("persona", ["hrbp_sales", "legal", "approver", "employee", "auditor", "outsider"])
def test_only_hr_admins_may_correct_one(client, world, persona):
    figure = LocalWageFigure.objects.first()
    client.force_login(world.users[persona])
    assert client.get(f"/settings/wages/{figure.pk}/").status_code == 403
    assert client.post(f"/settings/wages/{figure.pk}/", {"city": "x"}).status_code == 403


def test_an_unknown_figure_is_404(client, world):
    client.force_login(world.users["hr_admin"])
    assert client.get("/settings/wages/99999/").status_code == 404


def test_the_page_links_each_figure_to_its_correction(client, world):
    client.force_login(world.users["hr_admin"])
    page = client.get("/settings/wages/").content.decode()
    for figure in LocalWageFigure.objects.all():
        assert f"/settings/wages/{figure.pk}/" in page
