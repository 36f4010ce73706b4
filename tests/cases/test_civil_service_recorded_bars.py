"""Walkthrough finding: a 辞退 case showed the engine's "孕期不得辞退" beside HR's "否" to the same Art. 89
bar. A bar the records show (a protected period on file) cannot be answered "no"."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from farewell.cases import civil_service_actions
from farewell.cases.workflow import CaseError
from farewell.org.models import StatusPeriod
from tests.cases import civil_service_helpers
from tests.cases.civil_service_helpers import open_dismissal

servant = civil_service_helpers.servant


def test_no_is_refused_for_a_bar_the_records_show(staffed, servant):
    world = staffed
    StatusPeriod.objects.create(employee=servant, kind="pregnancy", start_date=timezone.localdate() - dt.timedelta(days=60))
    case = open_dismissal(world, servant)
    with pytest.raises(CaseError, match="孕期"):
        civil_service_actions.answer_item(case, "pregnancy_maternity_nursing", False, actor=world.users["hrbp_sales"])
    # "yes" is accepted (and blocks), and the other bars can still be answered "no".
    civil_service_actions.answer_item(case, "pregnancy_maternity_nursing", True, actor=world.users["hrbp_sales"])
    civil_service_actions.answer_item(case, "medical_period", False, actor=world.users["hrbp_sales"])


def test_no_is_accepted_when_the_period_has_ended(staffed, servant):
    world = staffed
    StatusPeriod.objects.create(employee=servant, kind="medical_period",
                                start_date=timezone.localdate() - dt.timedelta(days=300),
                                end_date=timezone.localdate() - dt.timedelta(days=100))
    case = open_dismissal(world, servant)
    civil_service_actions.answer_item(case, "medical_period", False, actor=world.users["hrbp_sales"])
