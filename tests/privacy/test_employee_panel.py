"""The employee page's consents panel (SQL compiled once, the scope decided from the grants where they can,
issue 14) shows whom and what the scope query did."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.utils import timezone

from farewell.accounts import policy
from farewell.org.models import Employee
from farewell.privacy.models import Consent, Purpose
from farewell.privacy.panels import employee_consents
from tests.factories import Role, make_user
from tests.panels import built


def _request(user):
    request = RequestFactory().get("/")
    request.user = type(user).objects.get(pk=user.pk)  # a new request: nothing remembered
    return request


def _expected(user, employee):
    """What the panel showed before: None outside the scope, else the standing purposes."""
    if not policy.allows(user, "privacy.consents"):
        return None
    rows = list(policy.employees_for(user, "privacy.consents", Employee.objects.filter(pk=employee.pk))
                .values_list("consents__purpose", "consents__withdrawn_at"))
    if not rows:
        return None
    labels = dict(Purpose.choices)
    return [labels[p] for p in sorted({purpose for purpose, withdrawn in rows if purpose and withdrawn is None})]


@pytest.mark.parametrize("persona", ["hr_admin", "hrbp_sales", "hrbp_rnd", "legal", "manager", "employee"])
def test_the_consents_panel_shows_what_the_scope_query_gave(world, persona):
    world.users["hrbp_rnd"] = make_user("hrbprnd", Role.HRBP, company=world.company, unit=world.rnd)
    now = timezone.now()
    fields = {"purpose_text": "…", "scope": "…", "method": "portal", "given_at": now}
    Consent.objects.create(employee=world.lisi, purpose=Purpose.HEALTH_DETAILS, **fields)
    Consent.objects.create(employee=world.lisi, purpose=Purpose.TALK_RECORDING, withdrawn_at=now, **fields)
    Consent.objects.create(employee=world.zhaoliu, purpose=Purpose.TALK_RECORDING, **fields)
    user = world.users[persona]
    for person in Employee.objects.all():
        panel = built(employee_consents(_request(user), person))
        shown = None if panel is None else panel.context["standing"]
        assert shown == _expected(user, person), (persona, person.name)
