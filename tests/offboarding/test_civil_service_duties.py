"""A civil servant has no labour contract: their case's post-exit duties carry no LCL 50 certificate or
contract retention and cite no Labour Contract Law (the civil-service helper's finding, issue 12)."""

from __future__ import annotations

from farewell.offboarding import duties
from farewell.offboarding.models import DutyKind
from tests.cases import civil_service_helpers
from tests.cases.civil_service_helpers import open_dismissal

servant = civil_service_helpers.servant


def test_a_civil_servants_duties_cite_no_labour_contract_law(staffed, servant):
    case = open_dismissal(staffed, servant)
    planned = duties.build_duties(case)
    kinds = {d.kind for d in planned}
    assert kinds == {DutyKind.FILE_TRANSFER, DutyKind.SI_TRANSFER, DutyKind.SI_STOP, DutyKind.HOUSING_FUND_STOP}
    assert not any("劳动合同法" in d.citation for d in planned)


def test_an_employees_duties_keep_the_lcl_50_certificate(staffed, soon):
    from farewell.cases import services
    from farewell.cases.models import CaseType

    case = services.open_case(staffed.lisi, CaseType.MUTUAL_EMPLOYER, actor=staffed.users["hr_admin"],
                              separation_date=soon)
    kinds = {d.kind for d in duties.build_duties(case)}
    assert {DutyKind.CERTIFICATE, DutyKind.CONTRACT_RETENTION} <= kinds
