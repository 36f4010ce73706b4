"""GET /api/employees/?company= beyond the database's integers is a 400 that names the parameter, not a 500:
django-filter's NumberFilter took any decimal, and `company_id = <a Decimal>` then failed in the database
(OverflowError on SQLite, bigint out of range on PostgreSQL). The ?org_unit= filters look the unit up with an int,
which Django answers with no row: 200, an empty list."""

from __future__ import annotations

import pytest

HUGE = "99999999999999999999"


@pytest.mark.parametrize("value", [HUGE, f"-{HUGE}"])
def test_a_company_past_the_databases_integers_is_a_400(client, world, value):
    client.raise_request_exception = False
    client.force_login(world.users["hr_admin"])
    response = client.get("/api/employees/", {"company": value})
    assert response.status_code == 400
    assert "company" in response.json()


@pytest.mark.parametrize("url", ["/api/flags/", "/api/records/reviews/", "/api/exits/departures/"])
def test_a_unit_past_the_databases_integers_filters_to_nothing(client, world, url):
    client.raise_request_exception = False
    client.force_login(world.users["hr_admin"])
    response = client.get(url, {"org_unit": HUGE})
    assert response.status_code == 200 and response.json()["results"] == []


def test_an_id_in_range_still_filters(client, world):
    client.force_login(world.users["hr_admin"])
    assert client.get("/api/employees/", {"company": world.company.pk}).json()["count"] == 4
    assert client.get("/api/employees/", {"company": 2147483647}).json()["count"] == 0
    assert client.get("/api/flags/", {"org_unit": world.sales.pk}).status_code == 200
