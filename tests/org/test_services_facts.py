"""org.services for contracts, wage months and protected-status periods."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.utils import timezone

from farewell.common import consent
from farewell.ledger.models import LedgerEntry
from farewell.org import services
from farewell.org.models import Contract, StatusKind, StatusPeriod, WageMonth
from farewell.org.signals import employee_facts_changed
from tests.factories import give_consent, make_contract, make_wages

D = dt.date


def hr(world):
    return world.users["hr_admin"]


def fields(excinfo) -> set[str]:
    return set(excinfo.value.message_dict)


# ---------------------------------------------------------------- contracts


def test_it_adds_contracts_numbered_in_date_order(world):
    later = services.add_contract(world.lisi, acting_user=hr(world), kind="fixed_term",
                                  start_date=D(2023, 3, 1), end_date=D(2026, 2, 28))
    earlier = services.add_contract(world.lisi, acting_user=hr(world), kind="fixed_term",
                                    start_date=D(2020, 3, 1), end_date=D(2023, 2, 28),
                                    probation_end_date=D(2020, 5, 31), signed_date=D(2020, 2, 20))
    later.refresh_from_db()
    earlier.refresh_from_db()
    assert (earlier.sequence, later.sequence) == (1, 2)
    assert LedgerEntry.objects.filter(event="contract_added").count() == 2


def test_it_renews_a_contract_from_the_day_after_it_ends(world):
    first = make_contract(world.lisi, start_date=D(2020, 3, 1), end_date=D(2023, 2, 28))
    renewal = services.renew_contract(first, acting_user=hr(world), kind="fixed_term", end_date=D(2026, 2, 28))
    assert renewal.start_date == D(2023, 3, 1)
    assert renewal.renewal_of == first and renewal.sequence == 2
    assert LedgerEntry.objects.filter(event="contract_renewed").count() == 1


def test_it_refuses_renewing_an_open_ended_contract(world):
    open_ended = make_contract(world.lisi, kind="open_ended", start_date=D(2020, 3, 1), end_date=None)
    with pytest.raises(ValidationError) as excinfo:
        services.renew_contract(open_ended, acting_user=hr(world), kind="fixed_term", end_date=D(2030, 1, 1))
    assert fields(excinfo) == {"kind"}


def test_it_refuses_overlapping_contracts(world):
    make_contract(world.lisi, start_date=D(2020, 3, 1), end_date=D(2023, 2, 28))
    with pytest.raises(ValidationError) as excinfo:
        services.add_contract(world.lisi, acting_user=hr(world), kind="fixed_term",
                              start_date=D(2023, 2, 28), end_date=D(2026, 2, 27))
    assert fields(excinfo) == {"start_date"}
    assert "第 1 份合同" in excinfo.value.message_dict["start_date"][0]
    assert Contract.objects.filter(employee=world.lisi).count() == 1


def test_an_open_ended_contract_overlaps_everything_after_it(world):
    make_contract(world.lisi, kind="open_ended", start_date=D(2020, 3, 1), end_date=None)
    with pytest.raises(ValidationError) as excinfo:
        services.add_contract(world.lisi, acting_user=hr(world), kind="fixed_term",
                              start_date=D(2030, 1, 1), end_date=D(2031, 1, 1))
    assert fields(excinfo) == {"start_date"}


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"kind": "fixed_term", "start_date": D(2024, 1, 1), "end_date": D(2023, 12, 31)}, "end_date"),
        ({"kind": "fixed_term", "start_date": D(2024, 1, 1), "end_date": None}, "end_date"),
        ({"kind": "open_ended", "start_date": D(2024, 1, 1), "probation_end_date": D(2023, 1, 1)},
         "probation_end_date"),
        ({"kind": "weekly", "start_date": D(2024, 1, 1)}, "kind"),
        ({"kind": "open_ended", "start_date": D(2024, 1, 1), "signed_date": D(2999, 1, 1)}, "signed_date"),
    ],
)
def test_it_names_the_field_of_a_bad_contract(world, kwargs, field):
    with pytest.raises(ValidationError) as excinfo:
        services.add_contract(world.lisi, acting_user=hr(world), **kwargs)
    assert fields(excinfo) == {field}


def test_ending_a_contract_writes_the_old_end_date_first(world):
    contract = make_contract(world.lisi, start_date=D(2020, 3, 1), end_date=D(2026, 2, 28))
    services.end_contract(contract, D(2025, 6, 30), acting_user=hr(world))
    assert Contract.objects.get(pk=contract.pk).end_date == D(2025, 6, 30)
    payload = json.loads(LedgerEntry.objects.get(event="fact_changed").payload)
    assert payload["changes"] == {"end_date": {"before": "2026-02-28", "after": "2025-06-30"}}
    assert payload["employee"] == str(world.lisi.code)


def test_it_refuses_an_end_before_the_start(world):
    contract = make_contract(world.lisi, start_date=D(2020, 3, 1), end_date=D(2026, 2, 28))
    with pytest.raises(ValidationError) as excinfo:
        services.end_contract(contract, D(2020, 2, 1), acting_user=hr(world))
    assert fields(excinfo) == {"end_date"}


def test_it_refuses_extending_a_contract_into_the_next(world):
    first = make_contract(world.lisi, start_date=D(2020, 3, 1), end_date=D(2023, 2, 28))
    make_contract(world.lisi, sequence=2, start_date=D(2023, 3, 1), end_date=D(2026, 2, 28))
    with pytest.raises(ValidationError) as excinfo:
        services.end_contract(first, D(2023, 6, 30), acting_user=hr(world))
    assert fields(excinfo) == {"end_date"}


def test_a_contract_change_signals_on_commit(world, django_capture_on_commit_callbacks):
    got = []
    employee_facts_changed.connect(lambda sender, **kw: got.append(kw["facts"]), weak=False, dispatch_uid="t")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.add_contract(world.lisi, acting_user=hr(world), kind="open_ended", start_date=D(2020, 3, 1))
        assert got == [frozenset({"contracts"})]
    finally:
        employee_facts_changed.disconnect(dispatch_uid="t")


# ---------------------------------------------------------------- wages


def this_month() -> dt.date:
    return timezone.localdate().replace(day=1)


def test_it_adds_a_month_with_the_total_as_the_sum(world):
    wage = services.save_wage_month(world.lisi, acting_user=hr(world), month=this_month() - relativedelta(months=1),
                                    base=Decimal("8000"), bonus=Decimal("1000"), allowances=Decimal("500"),
                                    overtime=Decimal("250.50"))
    assert wage.total == Decimal("9750.50")
    assert LedgerEntry.objects.filter(event="wage_month_added").count() == 1


def test_it_accepts_a_total_that_matches_and_a_total_alone(world):
    month = this_month() - relativedelta(months=2)
    services.save_wage_month(world.lisi, acting_user=hr(world), month=month, base=Decimal("100"),
                             bonus=Decimal("1"), total=Decimal("101"))
    other = services.save_wage_month(world.boss, acting_user=hr(world), month=month, total=Decimal("12000"))
    assert other.total == Decimal("12000") and other.base == 0


def test_it_refuses_a_total_that_does_not_add_up(world):
    with pytest.raises(ValidationError) as excinfo:
        services.save_wage_month(world.lisi, acting_user=hr(world), month=this_month(),
                                 base=Decimal("8000"), total=Decimal("9000"))
    assert fields(excinfo) == {"total"}
    # the amounts grouped as the pages print them (new-user check: 应发合计 9000 与各项之和 8000)
    assert "应发合计 9,000.00 与各项之和 8,000.00 不符" in excinfo.value.message_dict["total"][0]


def test_it_refuses_a_month_in_the_future(world):
    with pytest.raises(ValidationError) as excinfo:
        services.save_wage_month(world.lisi, acting_user=hr(world), month=this_month() + relativedelta(months=1),
                                 base=Decimal("8000"))
    assert fields(excinfo) == {"month"}
    assert not WageMonth.objects.exists()


def test_it_refuses_negative_amounts(world):
    with pytest.raises(ValidationError) as excinfo:
        services.save_wage_month(world.lisi, acting_user=hr(world), month=this_month(), bonus=Decimal("-1"))
    assert fields(excinfo) == {"bonus"}


def test_a_correction_writes_the_old_values_first(world):
    month = this_month() - relativedelta(months=3)
    [wage] = make_wages(world.lisi, month, [8000])
    services.save_wage_month(world.lisi, acting_user=hr(world), month=month + relativedelta(days=14),
                             base=Decimal("8000"), bonus=Decimal("2000"))
    wage.refresh_from_db()
    assert (wage.bonus, wage.total) == (Decimal("2000"), Decimal("10000"))
    assert WageMonth.objects.filter(employee=world.lisi).count() == 1
    payload = json.loads(LedgerEntry.objects.get(event="fact_changed").payload)
    assert payload["changes"]["total"] == {"before": "8000.00", "after": "10000"}
    assert payload["changes"]["bonus"] == {"before": "0.00", "after": "2000"}
    assert payload["changes"]["month"]["before"] == month.isoformat()
    assert "base" not in payload["changes"]


# ---------------------------------------------------------------- protected-status periods


def test_it_starts_and_ends_a_period_keeping_the_kind_out_of_the_ledger(world):
    give_consent(world.lisi, consent.HEALTH_DETAILS)  # the notes are health details (docs/privacy.md)
    period = services.start_status_period(world.lisi, acting_user=hr(world), kind=StatusKind.PREGNANCY,
                                          start_date=D(2025, 1, 10), notes="预产期 2025-09")
    stored = StatusPeriod.objects.get(pk=period.pk)
    assert stored.kind == "pregnancy" and stored.protected
    services.end_status_period(stored, D(2025, 9, 1), acting_user=hr(world))
    assert StatusPeriod.objects.get(pk=period.pk).end_date == D(2025, 9, 1)
    ledger = list(LedgerEntry.objects.filter(object_type="org.statusperiod").order_by("seq"))
    assert [e.event for e in ledger] == ["status_period_started", "fact_changed"]
    for entry in ledger:
        assert "pregnancy" not in entry.payload and "预产期" not in entry.payload and "孕" not in entry.payload
    assert json.loads(ledger[0].payload) == {
        "employee": str(world.lisi.code), "period": period.pk, "start_date": "2025-01-10", "end_date": None,
    }
    assert json.loads(ledger[1].payload)["changes"]["end_date"] == {"before": None, "after": "2025-09-01"}


def test_it_names_the_field_of_a_bad_period(world):
    with pytest.raises(ValidationError) as excinfo:
        services.start_status_period(world.lisi, acting_user=hr(world), kind="holiday", start_date=D(2025, 1, 1))
    assert fields(excinfo) == {"kind"}
    with pytest.raises(ValidationError) as excinfo:
        services.start_status_period(world.lisi, acting_user=hr(world), kind="nursing",
                                     start_date=D(2025, 1, 1), end_date=D(2024, 1, 1))
    assert fields(excinfo) == {"end_date"}
    period = services.start_status_period(world.lisi, acting_user=hr(world), kind="nursing", start_date=D(2025, 1, 1))
    with pytest.raises(ValidationError) as excinfo:
        services.end_status_period(period, D(2024, 12, 31), acting_user=hr(world))
    assert fields(excinfo) == {"end_date"}
