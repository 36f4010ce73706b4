"""The reason taxonomy HR admins edit, each departure classified voluntary/involuntary, and rehire
eligibility proposed from the ground and the reason, confirmed by HR with a reason."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from farewell.cases import services as case_services
from farewell.exits import services
from farewell.exits.classify import kind_for_ground, rehire_proposal
from farewell.exits.models import ExitReason, Kind, Rehire
from farewell.ledger.models import LedgerEntry
from tests.exits.conftest import leave

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 6, 30)


def test_the_seeded_taxonomy_has_the_primary_reasons_the_issue_lists(world):
    primary = set(ExitReason.objects.filter(company=world.company, parent__isnull=True)
                  .values_list("code", flat=True))
    assert {"pay", "manager", "workload", "development", "training", "appraisal", "conditions", "relocation",
            "family", "health", "study", "another_offer"} <= primary
    assert ExitReason.objects.get(code="pay_below_market").parent.code == "pay"
    assert ExitReason.objects.get(code="pay").evidence == "pay"


@pytest.mark.parametrize(("ground", "kind"), [
    ("resignation", Kind.VOLUNTARY), ("mutual_employee_initiated", Kind.VOLUNTARY),
    ("expiry_employee_declines_worse_terms", Kind.VOLUNTARY), ("cs_resignation", Kind.VOLUNTARY),
    ("mutual_employer_initiated", Kind.INVOLUNTARY), ("misconduct", Kind.INVOLUNTARY),
    ("economic_layoff", Kind.INVOLUNTARY), ("expiry_employer_not_renewing", Kind.INVOLUNTARY),
    ("retirement", Kind.INVOLUNTARY), ("", Kind.INVOLUNTARY),
])
def test_it_classifies_the_ground(ground, kind):
    assert kind_for_ground(ground) == kind


def test_it_proposes_rehire_from_the_ground():
    assert rehire_proposal("resignation").rehire == Rehire.ELIGIBLE
    assert rehire_proposal("incompetence").rehire == Rehire.CONDITIONAL
    proposal = rehire_proposal("misconduct")
    assert proposal.rehire == Rehire.NOT_ELIGIBLE and "第三十九条" in proposal.basis


def test_a_reason_with_a_limit_makes_the_proposal_stricter_never_looser(world):
    misconduct = ExitReason.objects.get(code="company_misconduct")
    performance = ExitReason.objects.get(code="company_performance")
    assert rehire_proposal("mutual_employer_initiated", misconduct).rehire == Rehire.NOT_ELIGIBLE
    assert rehire_proposal("mutual_employer_initiated", performance).rehire == Rehire.CONDITIONAL
    assert rehire_proposal("misconduct", performance).rehire == Rehire.NOT_ELIGIBLE  # not loosened
    # a primary reason's limit reaches its secondary reasons
    parent = ExitReason.objects.get(code="pay")
    parent.rehire_limit = Rehire.CONDITIONAL
    parent.save()
    child = ExitReason.objects.select_related("parent").get(code="pay_bonus")
    assert rehire_proposal("resignation", child).rehire == Rehire.CONDITIONAL


def test_a_departure_from_a_case_takes_its_ground_kind_and_settlement(world, hr):
    case = case_services.open_case(world.lisi, "misconduct", actor=hr, separation_date=DAY)
    departure = leave(world.lisi, DAY, actor=hr, case=case)
    assert departure.ground == "misconduct"
    assert departure.kind == Kind.INVOLUNTARY
    assert departure.rehire_proposal == Rehire.NOT_ELIGIBLE
    assert departure.org_unit == world.sales
    assert departure.tenure_months == 76  # 2020-03-01 through 2026-06-30: 6 years 4 months
    entry = LedgerEntry.objects.get(event="exits.departure.opened")
    assert json.loads(entry.payload)["case"] == str(case.code)


def test_opening_twice_returns_the_same_departure(world, hr):
    first = leave(world.lisi, DAY, actor=hr)
    assert services.open_departure(world.lisi, acting_user=hr, separation_date=DAY) == first


def test_it_refuses_a_departure_without_a_date(world, hr):
    with pytest.raises(services.ExitError):
        services.open_departure(world.chenqi, acting_user=hr)


def test_hr_confirms_rehire_with_a_reason_recorded(world, hr):
    departure = leave(world.lisi, DAY, actor=hr)
    with pytest.raises(services.ExitError):
        services.confirm_rehire(departure, acting_user=hr, rehire=Rehire.NOT_ELIGIBLE, reason="  ")
    services.confirm_rehire(departure, acting_user=hr, rehire=Rehire.CONDITIONAL, reason="离职前拒绝交接")
    departure.refresh_from_db()
    assert departure.rehire == Rehire.CONDITIONAL and departure.rehire_confirmed_by == hr
    payload = json.loads(LedgerEntry.objects.get(event="exits.rehire.confirmed").payload)
    assert payload["proposal"] == Rehire.ELIGIBLE and payload["differs_from_proposal"] is True
    assert payload["reason"] == "离职前拒绝交接"


def test_hr_classifies_regrettable(world, hr):
    departure = leave(world.lisi, DAY, actor=hr)
    services.classify(departure, acting_user=hr, kind=Kind.VOLUNTARY, regrettable=True)
    departure.refresh_from_db()
    assert departure.regrettable is True and departure.kind == Kind.VOLUNTARY
    with pytest.raises(services.ExitError):
        services.classify(departure, acting_user=hr, kind="fired", regrettable=None)


def test_the_sweep_opens_departures_for_leavers_without_one(world):
    from farewell.org.models import Employee, EmployeeStatus

    Employee.objects.filter(pk=world.chenqi.pk).update(status=EmployeeStatus.SEPARATED, separation_date=DAY)
    assert services.ensure_departures(today=DAY + dt.timedelta(days=1)) == 1
    assert services.ensure_departures(today=DAY + dt.timedelta(days=1)) == 0
    assert world.chenqi.departures.get().separation_date == DAY


# --- the taxonomy pages ----------------------------------------------------------------------


def test_the_hr_admin_adds_a_secondary_reason(client, world):
    client.force_login(world.users["hr_admin"])
    pay = ExitReason.objects.get(code="pay")
    response = client.post("/exits/settings/reasons/", {
        "code": "pay_equity", "name": "薪酬不公平", "parent": pay.pk, "evidence": "pay", "rehire_limit": "",
        "order": 5, "active": "on"})
    assert response.status_code == 302
    reason = ExitReason.objects.get(code="pay_equity")
    assert reason.parent == pay
    assert LedgerEntry.objects.filter(event="exits.reason.saved").exists()


def test_a_reason_cannot_sit_under_a_secondary_reason(world):
    child = ExitReason.objects.get(code="pay_bonus")
    with pytest.raises(services.ExitError):
        services.save_reason(ExitReason(company=world.company, code="x", name="x", parent=child),
                             acting_user=world.users["hr_admin"])


def test_the_hr_admin_switches_a_reason_off_and_it_leaves_the_forms(client, world):
    client.force_login(world.users["hr_admin"])
    reason = ExitReason.objects.get(code="study")
    response = client.post(f"/exits/settings/reasons/{reason.pk}/", {
        "name": reason.name, "parent": "", "evidence": "none", "rehire_limit": "", "order": reason.order})
    assert response.status_code == 302
    reason.refresh_from_db()
    assert reason.active is False and reason.code == "study"
    from farewell.exits.forms import VerifyForm

    assert reason not in VerifyForm(company_id=world.company.pk).fields["reason"].queryset


@pytest.mark.parametrize("persona", ["hrbp_sales", "legal", "manager", "approver", "employee"])
def test_only_the_hr_admin_edits_the_taxonomy(client, world, persona):
    client.force_login(world.users[persona])
    assert client.get("/exits/settings/reasons/").status_code == 403
    assert client.post("/exits/settings/reasons/", {"code": "x", "name": "x"}).status_code == 403
    assert not ExitReason.objects.filter(code="x").exists()


def test_the_employee_page_offers_a_departure_record_for_a_leaver_only(client, world, hr):
    from farewell.org.models import Employee, EmployeeStatus

    client.force_login(hr)
    assert 'id="open-departure"' not in client.get(f"/employees/{world.lisi.code}/").content.decode()
    Employee.objects.filter(pk=world.lisi.pk).update(status=EmployeeStatus.SEPARATED, separation_date=DAY)
    page = client.get(f"/employees/{world.lisi.code}/").content.decode()
    assert 'id="open-departure"' in page
    response = client.post(f"/exits/employees/{world.lisi.code}/open/")
    departure = world.lisi.departures.get()
    assert response["Location"] == f"/exits/departures/{departure.code}/"
    assert f"/exits/departures/{departure.code}/" in client.get(f"/employees/{world.lisi.code}/").content.decode()
