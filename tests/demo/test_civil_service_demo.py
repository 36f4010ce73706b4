"""The demo bureau's civil-service cases build through the cases services: a 辞去公职 application inside
its approval period and a 辞退 for absence, both answered and in review, with no labour-law money."""

from __future__ import annotations

import datetime as dt

from farewell.cases import civil_service
from farewell.cases.models import CaseStatus, CaseType, SeparationCase
from farewell.demo import services

TODAY = dt.date(2025, 11, 20)


def test_the_demo_bureau_has_a_resignation_and_a_dismissal_in_review(db):
    result = services.build_demo_company(employees=60, seed=11, today=TODAY, talks=True)
    cases = {c.case_type: c for c in SeparationCase.objects.filter(company=result.bureau)}
    assert set(cases) == {CaseType.CS_RESIGNATION, CaseType.CS_DISMISSAL}
    resignation, dismissal = cases[CaseType.CS_RESIGNATION], cases[CaseType.CS_DISMISSAL]
    assert resignation.status == dismissal.status == CaseStatus.IN_REVIEW
    assert civil_service.approval_due(resignation) == TODAY + dt.timedelta(days=6)
    assert dismissal.ground == "cs_dismissal_absence" and dismissal.reason
    for case in cases.values():
        assert civil_service.unanswered(case) == []
        assert case.extra_cap is None and case.statutory_amount == 0 and case.lawful is True
        # Someone can decide the active step (the opener is the bureau's HR admin, so its HRBP may review).
        from farewell.cases import workflow
        step = case.steps.get(status="active")
        assert [u for u in workflow.users_for_step(step) if u.pk != case.opened_by_id], step.kind
