"""Numbers typed into a query string or a form that str.isdigit() accepts and int() does not ('²', '٣' is read,
'²' raises) or that no column holds: each place answers as for any other value it cannot use, never 500.
(common/numbers.whole_number; 08e1d6e moved most readers to it, these were left on isdigit().)"""

from __future__ import annotations

import pytest

from farewell.offboarding.models import HandoverTemplate

SUPERSCRIPT = "²"
HUGE = "99999999999999999999"


@pytest.fixture
def odd_client(client):
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize("url", ["/api/settings/flag-rules/", "/api/insights/risk/", "/api/privacy/retention/"])
@pytest.mark.parametrize("value", [SUPERSCRIPT, HUGE])
def test_a_company_that_is_no_number_is_not_found(odd_client, world, url, value):
    """The settings APIs' ?company= (company_settings.settings_company_for_api and its copies): another company's
    id is 404, and so is a value that is no id."""
    odd_client.force_login(world.users["hr_admin"])
    assert odd_client.get(url).status_code == 200
    assert odd_client.get(url, {"company": value}).status_code == 404


@pytest.mark.parametrize("value", [SUPERSCRIPT, HUGE])
def test_the_ledger_search_takes_any_text(odd_client, world, value):
    odd_client.force_login(world.users["auditor"])
    assert odd_client.get("/ledger/", {"q": value}).status_code == 200


@pytest.mark.parametrize("value", [SUPERSCRIPT, HUGE])
def test_a_new_action_for_a_reason_that_is_no_number_starts_blank(odd_client, world, value):
    odd_client.force_login(world.users["hr_admin"])
    assert odd_client.get("/exits/actions/new/", {"reason": value}).status_code == 200


@pytest.mark.parametrize("days", [SUPERSCRIPT, HUGE, "40000"])
def test_a_handover_item_needs_working_days_a_column_holds(odd_client, world, days):
    """working_days_before is a PositiveSmallIntegerField (≤ 32767): a bigger number failed in the database."""
    odd_client.force_login(world.users["hr_admin"])
    response = odd_client.post("/offboarding/settings/handover/new/", {
        "name": "交接清单", "case_type": "", "org_unit": "", "items": f"assets|归还电脑|{days}|manager|是"})
    assert response.status_code == 200
    assert "第 1 行：工作日数须为整数" in response.content.decode()
    assert not HandoverTemplate.objects.filter(company=world.company).exists()


def test_a_handover_item_with_working_days_is_saved(client, world):
    client.force_login(world.users["hr_admin"])
    response = client.post("/offboarding/settings/handover/new/", {
        "name": "交接清单", "case_type": "", "org_unit": "", "items": "assets|归还电脑|3|manager|是"})
    assert response.status_code == 302
    assert HandoverTemplate.objects.get(company=world.company).items.get().working_days_before == 3
