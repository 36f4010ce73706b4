"""Case pages: open from the employee page, detail, facts, actions, decisions, messages, config."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from farewell.cases import services
from farewell.cases.models import CaseMessage, CaseStatus, SeparationCase, WorkflowTemplate
from farewell.ledger.services import entries_for
from tests.offboarding.helpers import finish_offboarding


@pytest.fixture
def case(staffed, soon):
    return services.open_case(staffed.lisi, "mutual_employer", actor=staffed.users["hrbp_sales"],
                              separation_date=soon)


def _login(client, world, persona):
    client.force_login(world.users[persona])
    return client


class TestOpen:
    def test_the_employee_page_offers_to_open_a_case(self, client, staffed):
        page = _login(client, staffed, "hrbp_sales").get(f"/employees/{staffed.lisi.code}/").content.decode()
        assert "发起离职案件" in page

    def test_hr_opens_a_case_and_lands_on_it(self, client, staffed, soon):
        response = _login(client, staffed, "hrbp_sales").post(f"/cases/open/{staffed.lisi.code}/", {
            "case_type": "mutual_employer", "separation_date": soon.isoformat(), "extra_compensation": "5000",
        })
        case = SeparationCase.objects.get(employee=staffed.lisi)
        assert response.status_code == 302 and response["Location"] == f"/cases/{case.code}/"
        assert case.extra_compensation == Decimal(5000)
        assert case.engine_runs.get().engine_version

    def test_a_manager_raises_a_performance_concern(self, client, staffed, soon):
        _login(client, staffed, "manager").post(f"/cases/open/{staffed.lisi.code}/", {
            "case_type": "incompetence", "separation_date": soon.isoformat(), "reason": "连续两个季度C",
        })
        assert SeparationCase.objects.get(employee=staffed.lisi).via == "manager"

    def test_it_refuses_a_ground_of_another_type(self, client, staffed, soon):
        response = _login(client, staffed, "hrbp_sales").post(f"/cases/open/{staffed.lisi.code}/", {
            "case_type": "mutual_employer", "ground": "misconduct", "separation_date": soon.isoformat(),
        })
        assert response.status_code == 200 and not SeparationCase.objects.exists()

    def test_it_rejects_get_mutations(self, client, case, staffed):
        client = _login(client, staffed, "hrbp_sales")
        for url in (f"/cases/{case.code}/action/", f"/cases/{case.code}/update/", f"/cases/{case.code}/messages/"):
            assert client.get(url).status_code == 405


class TestDetail:
    def test_it_shows_facts_law_money_steps_and_timeline(self, client, case, staffed):
        page = _login(client, staffed, "hrbp_sales").get(f"/cases/{case.code}/").content.decode()
        for part in ('id="facts"', 'id="verdict"', 'id="proposal"', 'id="procedure"', 'id="approvals"',
                     'id="timeline"', 'id="key-dates"', "case.opened", "出具解除或者终止劳动合同的证明"):
            assert part in page

    def test_changing_the_facts_runs_the_engine_again(self, client, case, staffed):
        _login(client, staffed, "hrbp_sales").post(f"/cases/{case.code}/update/", {
            "ground": "mutual_employer_initiated", "separation_date": case.separation_date.isoformat(),
            "extra_compensation": "30000", "employee_demand": "200000",
        })
        case.refresh_from_db()
        assert case.engine_runs.count() == 2
        assert case.extra_compensation == Decimal(30000)
        page = client.get(f"/cases/{case.code}/").content.decode()
        assert 'id="dispute-risk"' in page and 'id="over-cap"' in page

    def test_hr_submits_and_the_hrbp_approves_through_the_pages(self, client, case, staffed):
        client = _login(client, staffed, "hrbp_sales")
        client.post(f"/cases/{case.code}/action/", {"action": "submit"})
        case.refresh_from_db()
        assert case.status == CaseStatus.IN_REVIEW
        step = case.steps.get(status="active")
        # Four eyes: the opener's page has no decision form, and a POST is refused with the reason.
        page = client.get(f"/cases/{case.code}/").content.decode()
        assert 'id="decide-hr_review"' not in page and "data-four-eyes" in page
        refused = client.post(f"/cases/steps/{step.code}/decide/", {"decision": "approve", "comment": "ok"}, follow=True)
        assert "四眼原则" in refused.content.decode()
        step.refresh_from_db()
        assert step.status == "active"
        client = _login(client, staffed, "hr_reviewer")
        assert 'id="decide-hr_review"' in client.get(f"/cases/{case.code}/").content.decode()
        client.post(f"/cases/steps/{step.code}/decide/", {"decision": "approve", "comment": "ok"})
        step.refresh_from_db()
        assert step.status == "done"

    def test_a_decision_by_the_wrong_role_is_forbidden(self, client, case, staffed):
        services.submit_case(case, actor=staffed.users["hrbp_sales"])
        step = case.steps.get(status="active")
        response = _login(client, staffed, "approver").post(f"/cases/steps/{step.code}/decide/",
                                                            {"decision": "approve"})
        assert response.status_code == 403
        step.refresh_from_db()
        assert step.status == "active"

    def test_hr_replies_to_the_employee_and_the_ledger_has_it(self, client, case, staffed):
        _login(client, staffed, "hrbp_sales").post(f"/cases/{case.code}/messages/", {"body": "请周五来谈"})
        message = CaseMessage.objects.get()
        assert not message.from_employee
        assert "case.message" in [e.event for e in entries_for("cases.separationcase", case.code)]

    def test_a_registered_panel_shows_on_the_case_page(self, client, case, staffed):
        from farewell.common import panels
        from farewell.common.panels import Panel

        def build(request, obj):
            return Panel("谈话记录", "cases/_employee_cases.html", {"cases": [], "employee": obj.employee})

        panels.register("case_detail", 10, build)
        try:
            page = _login(client, staffed, "hrbp_sales").get(f"/cases/{case.code}/").content.decode()
        finally:
            panels._registry["case_detail"].remove((10, build))
        assert "谈话记录" in page


class TestListAndInbox:
    def test_the_list_filters(self, client, case, staffed):
        client = _login(client, staffed, "hrbp_sales")
        assert str(case.code) in client.get("/cases/?case_type=mutual_employer").content.decode()
        assert str(case.code) not in client.get("/cases/?case_type=layoff").content.decode()
        assert str(case.code) not in client.get("/cases/?overdue=on").content.decode()
        assert str(case.code) in client.get(f"/cases/?org_unit={staffed.sales.pk}").content.decode()
        assert str(case.code) not in client.get(f"/cases/?org_unit={staffed.rnd.pk}").content.decode()
        assert str(case.code) in client.get(f"/cases/?status=draft&risk={case.risk}").content.decode()

    def test_the_inbox_shows_my_approvals_and_overdue(self, client, case, staffed):
        services.submit_case(case, actor=staffed.users["hrbp_sales"])
        step = case.steps.get(status="active")
        step.due_date = timezone.localdate() - dt.timedelta(days=2)
        step.save()
        page = _login(client, staffed, "hr_reviewer").get("/cases/inbox/").content.decode()
        assert str(step.code) in page and "逾期" in page
        assert str(step.code) not in _login(client, staffed, "legal").get("/cases/inbox/").content.decode()
        # four eyes: the opener's inbox does not offer it
        assert str(step.code) not in _login(client, staffed, "hrbp_sales").get("/cases/inbox/").content.decode()


class TestConfiguration:
    def test_hr_admin_saves_a_new_version_of_a_used_workflow(self, client, case, staffed):
        client = _login(client, staffed, "hr_admin")
        assert client.get("/cases/workflows/").status_code == 200
        response = client.post("/cases/workflows/mutual_employer/", {
            "form-TOTAL_FORMS": "2", "form-INITIAL_FORMS": "0",
            "form-0-kind": "hr_review", "form-0-condition": "always", "form-0-due_working_days": "1",
            "form-1-kind": "leadership_approval", "form-1-condition": "total_over", "form-1-condition_amount": "1",
            "form-1-due_working_days": "2",
        })
        assert response.status_code == 302
        assert WorkflowTemplate.objects.filter(company=staffed.company, case_type="mutual_employer").count() == 2

    def test_hr_admin_sets_the_cap(self, client, staffed):
        client = _login(client, staffed, "hr_admin")
        client.post("/cases/policies/", {"case_type": "mutual_employer", "extra_cap_months": "2", "note": "x"})
        from farewell.cases.models import CompensationPolicy

        assert CompensationPolicy.objects.get(company=staffed.company, case_type="mutual_employer").extra_cap_months == 2


class TestLayoffPage:
    def test_hr_opens_a_layoff_batch_by_employee_numbers(self, client, staffed, soon):
        world = staffed
        client = _login(client, world, "hrbp_sales")
        response = client.post("/cases/layoff/", {
            "title": "销售部调整", "planned_date": soon.isoformat(), "reason_code": "difficulty",
            "long_term_months": "36",
            "employee_numbers": f"{world.lisi.employee_number}\n{world.zhaoliu.employee_number}",
        })
        assert response.status_code == 302
        cases = SeparationCase.objects.filter(case_type="layoff")
        assert cases.count() == 2 and len({c.family_id for c in cases}) == 1

    def test_it_refuses_numbers_outside_the_scope(self, client, staffed, soon):
        world = staffed
        response = _login(client, world, "hrbp_sales").post("/cases/layoff/", {
            "title": "x", "planned_date": soon.isoformat(), "reason_code": "difficulty", "long_term_months": "36",
            "employee_numbers": world.chenqi.employee_number,
        })
        assert response.status_code == 200 and world.chenqi.employee_number in response.content.decode()
        assert not SeparationCase.objects.exists()

    @pytest.mark.parametrize("persona", ["legal", "manager", "approver", "employee", "auditor", "outsider"])
    def test_only_hr_may_open_a_layoff(self, client, staffed, persona):
        assert _login(client, staffed, persona).get("/cases/layoff/").status_code == 403


class TestFactsFormOnlyWhileEditable:
    def test_a_draft_offers_the_form(self, client, case, staffed):
        page = _login(client, staffed, "hrbp_sales").get(f"/cases/{case.code}/").content.decode()
        assert 'id="facts-form"' in page and "修改事实与金额" in page

    def test_an_approved_or_closed_case_does_not(self, client, case, staffed):
        from tests.cases.conftest import walk

        hr = staffed.users["hrbp_sales"]
        services.submit_case(case, actor=hr)
        walk(case, staffed)
        case.refresh_from_db()
        assert case.status == CaseStatus.APPROVED
        client = _login(client, staffed, "hrbp_sales")
        page = client.get(f"/cases/{case.code}/").content.decode()
        assert 'id="facts-form"' not in page and "修改事实与金额" not in page.split('id="timeline"')[0]
        services.start_handover(case, actor=hr)
        finish_offboarding(case, hr)
        services.close_case(case, actor=hr)
        case.refresh_from_db()
        assert case.status == CaseStatus.CLOSED
        page = client.get(f"/cases/{case.code}/").content.decode()
        assert 'id="facts-form"' not in page


class TestListAndTableLayout:
    """The walkthrough's layout leftovers: the list's money column says its unit, the unit filter's
    placeholder fits its column, the engine table's legal basis has a minimum width."""

    def test_the_offered_column_names_its_currency(self, client, case, world):
        page = _login(client, world, "hrbp_sales").get("/cases/").content.decode()
        assert '<th class="text-end text-nowrap" id="offered-head">拟支付合计（元）</th>' in page
        client.cookies["django_language"] = "en"
        assert "Offered total (CNY)" in client.get("/cases/").content.decode()

    def test_the_unit_filter_has_a_short_placeholder_and_the_hint_on_hover(self, client, case, world):
        page = _login(client, world, "hrbp_sales").get("/cases/").content.decode()
        assert 'placeholder="全部部门" title="输入部门名称搜索；留空为全部部门"' in page
        assert '<div class="col-6 col-md-3"><label class="form-label small" for="id_org_unit">' in page

    def test_the_legal_basis_column_has_a_minimum_width(self, client, case, world):
        page = _login(client, world, "hrbp_sales").get(f"/cases/{case.code}/").content.decode()
        assert '<th class="law-basis">依据</th>' in page and '<td class="small law-basis">' in page
        from django.conf import settings

        css = (settings.BASE_DIR / "static" / "farewell" / "app.css").read_text(encoding="utf-8")
        assert ".law-lines .law-basis { min-width: 8em; }" in css  # the table fits at 1280 px: tests/browser/test_case_page_layout.py
