"""The case types (and their grounds) follow the employee's kind (DESIGN: the rule pack follows the
employment type): an enterprise employee is not offered 公务员辞退/辞去公职, a civil servant not the
labour-contract types — in the form's choices, and refused by the service whatever is posted."""

from __future__ import annotations

import pytest

from farewell.cases import services
from farewell.cases.models import CaseType, SeparationCase
from tests.cases import civil_service_helpers

servant = civil_service_helpers.servant  # the fixture (孙九, a civil servant)


def _page(client, staffed, employee) -> str:
    client.force_login(staffed.users["hrbp_sales"])
    return client.get(f"/cases/open/{employee.code}/").content.decode()


def test_an_enterprise_employee_is_not_offered_the_civil_service_types(client, staffed):
    page = _page(client, staffed, staffed.lisi)
    assert f'value="{CaseType.MUTUAL_EMPLOYER}"' in page
    for case_type in (CaseType.CS_DISMISSAL, CaseType.CS_RESIGNATION):
        assert f'value="{case_type}"' not in page
        assert str(case_type.label) not in page
    assert 'value="cs_resignation"' not in page  # nor their grounds


def test_a_civil_servant_is_offered_only_the_civil_service_types(client, staffed, servant):
    page = _page(client, staffed, servant)
    assert f'value="{CaseType.CS_RESIGNATION}"' in page and f'value="{CaseType.CS_DISMISSAL}"' in page
    assert f'value="{CaseType.MUTUAL_EMPLOYER}"' not in page


def test_posting_a_civil_service_type_for_an_enterprise_employee_is_refused(client, staffed, soon):
    client.force_login(staffed.users["hrbp_sales"])
    response = client.post(f"/cases/open/{staffed.lisi.code}/", {
        "case_type": CaseType.CS_DISMISSAL, "separation_date": soon.isoformat(), "reason": "x"})
    assert response.status_code == 200 and not SeparationCase.objects.exists()


def test_the_service_refuses_a_type_of_the_other_kind(staffed, servant, soon):
    hr = staffed.users["hrbp_sales"]
    with pytest.raises(services.CaseError) as enterprise:
        services.open_case(staffed.lisi, CaseType.CS_RESIGNATION, actor=hr, separation_date=soon)
    assert "公务员" in str(enterprise.value)
    with pytest.raises(services.CaseError) as civil:
        services.open_case(servant, CaseType.MUTUAL_EMPLOYER, actor=hr, separation_date=soon)
    assert "公务员" in str(civil.value)
    assert not SeparationCase.objects.exists()


def test_the_api_refuses_it_naming_the_field(client, staffed, soon):
    client.force_login(staffed.users["hrbp_sales"])
    response = client.post(f"/api/employees/{staffed.lisi.code}/cases/", {
        "case_type": CaseType.CS_DISMISSAL, "separation_date": soon.isoformat()}, content_type="application/json")
    assert response.status_code == 400 and "case_type" in response.json(), response.content
