"""The batch pages over HTTP: who may reach each page and action (404 outside every scope, 403 in scope
but not allowed or not covering every member), the member list and the headcount only within the
viewer's scope, creating, answering, recording, submitting and deciding, and bounded query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from farewell.cases import layoff_rules, layoffs
from farewell.cases.layoff_choices import BatchStatus, FilingKind
from farewell.cases.models import CaseFamily, CaseStatus, StepStatus
from tests.cases.layoff_support import answer_all, make_staff, new_batch, pdf
from tests.factories import make_company, make_employee, make_unit

PERSONAS = ("hr_admin", "hrbp_sales", "legal", "manager", "approver", "employee", "auditor", "outsider", "anonymous")
LOGIN = "login"

# Columns: hr_admin, hrbp_sales, legal, manager, approver, employee, auditor, outsider, anonymous.
# {sales}: a batch of 销售部 staff (the sales HRBP's scope, not the manager's reports, not 李四);
# {mixed}: one of 销售部 and one of 研发部; {foreign}: another company's.
GET_MATRIX: dict[str, tuple] = {
    "/cases/layoffs/":             (200, 200, 200, 200, 200, 403, 403, 403, LOGIN),
    "/cases/layoff/":              (200, 200, 403, 403, 403, 403, 403, 403, LOGIN),
    "/cases/layoff/{sales}/":      (200, 200, 200, 404, 200, 404, 404, 404, LOGIN),
    "/cases/layoff/{mixed}/":      (200, 200, 200, 404, 200, 404, 404, 404, LOGIN),
    "/cases/layoff/{foreign}/":    (404, 404, 404, 404, 404, 404, 404, 404, LOGIN),
}  # fmt: skip
# 三员分立: every write by the audit admin is refused before the view (AuditReadOnlyMiddleware).
AUDIT_ADMIN_WRITES = 403
# POSTs with an empty body: 302 = past the access check; 400 = allowed, the body invalid.
POST_MATRIX: dict[str, tuple] = {
    "/cases/layoff/{sales}/update/":              (400, 400, 403, 404, 403, 404, 404, 404, LOGIN),
    "/cases/layoff/{mixed}/update/":              (400, 403, 403, 404, 403, 404, 404, 404, LOGIN),
    "/cases/layoff/{sales}/members/":             (400, 400, 403, 404, 403, 404, 404, 404, LOGIN),
    "/cases/layoff/{sales}/answers/":             (302, 302, 403, 404, 403, 404, 404, 404, LOGIN),
    "/cases/layoff/{sales}/filings/explanation/": (400, 400, 403, 404, 403, 404, 404, 404, LOGIN),
    "/cases/layoff/{sales}/action/":              (302, 302, 403, 404, 403, 404, 404, 404, LOGIN),
    "/cases/layoff/{mixed}/action/":              (302, 403, 403, 404, 403, 404, 404, 404, LOGIN),
    "/cases/layoff/{sales}/members/{member}/remove/": (302, 302, 403, 404, 403, 404, 404, 404, LOGIN),
    "/cases/layoff/{foreign}/action/":            (404, 404, 404, 404, 404, 404, 404, 404, LOGIN),
}  # fmt: skip


@pytest.fixture
def urls(world):
    sales = new_batch(world, make_staff(world.sales, 2))
    mixed = new_batch(world, make_staff(world.sales, 1, prefix="销售") + make_staff(world.rnd, 1, prefix="研发"),
                      actor=world.users["hr_admin"], title="跨部门")
    other = make_company(name="别家公司")
    outsider_staff = make_staff(make_unit(other, "总部"), 1, prefix="外人")
    foreign = layoffs.create_batch(other, outsider_staff, acting_user=None, title="别家",
                                   planned_date=timezone.localdate() + dt.timedelta(days=40), reason_code="difficulty")
    return {"sales": sales.code, "mixed": mixed.code, "foreign": foreign.code,
            "member": sales.cases.first().code}


def _check(client, world, persona, method, url, expected):
    if persona != "anonymous":
        client.force_login(world.users[persona])
    response = getattr(client, method)(url)
    if expected == LOGIN:
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), (
            f"{persona} {method} {url}: {response.status_code}")
    else:
        assert response.status_code == expected, f"{persona} {method.upper()} {url}: {response.status_code}"


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url", list(GET_MATRIX))
def test_get(client, world, urls, persona, url):
    _check(client, world, persona, "get", url.format(**urls), GET_MATRIX[url][PERSONAS.index(persona)])


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url", list(POST_MATRIX))
def test_post(client, world, urls, persona, url):
    expected = AUDIT_ADMIN_WRITES if persona == "auditor" else POST_MATRIX[url][PERSONAS.index(persona)]
    _check(client, world, persona, "post", url.format(**urls), expected)


def test_a_step_decision_needs_the_step_and_the_whole_batch(client, world):
    hr = world.users["hrbp_sales"]
    family = new_batch(world, make_staff(world.sales, 2))
    answer_all(family, hr)
    layoffs.submit_batch(family, acting_user=hr)
    step = family.steps.get(status=StepStatus.ACTIVE)
    url = f"/cases/layoff/steps/{step.code}/decide/"
    for persona, expected in [("legal", 403), ("approver", 403), ("outsider", 404), ("manager", 404)]:
        client.force_login(world.users[persona])
        assert client.post(url, {"decision": "approve"}).status_code == expected, persona
    client.force_login(hr)  # the creator: told why (four eyes), nothing decided
    response = client.post(url, {"decision": "approve"}, follow=True)
    assert "四眼原则" in response.content.decode()
    client.force_login(world.users["hr_reviewer"])
    assert client.post(url, {"decision": "approve", "comment": "同意"}).status_code == 302
    step.refresh_from_db()
    assert step.status == StepStatus.DONE


class TestScope:
    def test_the_member_list_and_headcount_stay_within_the_viewers_scope(self, client, world):
        sales = make_staff(world.sales, 1, prefix="销售员")
        rnd = make_staff(world.rnd, 1, prefix="研发员")
        family = new_batch(world, sales + rnd, actor=world.users["hr_admin"])
        url = f"/cases/layoff/{family.code}/"
        client.force_login(world.users["hrbp_sales"])
        page = client.get(url).content.decode()
        assert "销售员0" in page and "研发员0" not in page
        assert 'id="scoped-count"' in page and 'id="layoff-headcount"' not in page
        assert 'id="employer-headcount"' not in page and 'id="consultation"' in page
        assert 'data-event=' not in page  # the batch's ledger line names every member: full view only
        client.force_login(world.users["hr_admin"])
        page = client.get(url).content.decode()
        assert "销售员0" in page and "研发员0" in page and 'id="layoff-headcount">2<' in page

    def test_a_members_case_page_shows_the_headcount_only_to_a_viewer_covering_the_batch(self, client, world):
        """The batch panel on a member's case and the case API: the batch's size and the employer's
        headcount for viewers whose scope covers every member; the LCL 41 verdict for everyone (issue 13)."""
        sales = make_staff(world.sales, 1, prefix="销售员")
        rnd = make_staff(world.rnd, 1, prefix="研发员")
        family = new_batch(world, sales + rnd, actor=world.users["hr_admin"])
        case = family.cases.get(employee=sales[0])
        client.force_login(world.users["hrbp_sales"])
        page = client.get(f"/cases/{case.code}/").content.decode()
        assert 'id="case-layoff"' in page and 'id="case-layoff-threshold"' in page
        assert 'id="case-layoff-size"' not in page and "企业职工总数" not in page
        api = client.get(f"/api/cases/{case.code}/").content.decode()
        assert "headcount" not in api
        client.force_login(world.users["hr_admin"])
        page = client.get(f"/cases/{case.code}/").content.decode()
        assert 'id="case-layoff-size"' in page and "裁减 2 人" in page

    def test_the_list_shows_batches_with_a_member_in_scope(self, client, world):
        mine = new_batch(world, make_staff(world.sales, 1), title="销售批次")
        theirs = new_batch(world, make_staff(world.rnd, 1), actor=world.users["hr_admin"], title="研发批次")
        client.force_login(world.users["hrbp_sales"])
        page = client.get("/cases/layoffs/").content.decode()
        assert str(mine.code) in page and str(theirs.code) not in page


class TestOverHttp:
    def test_hr_creates_answers_records_and_submits_a_batch(self, client, world):
        staff = make_staff(world.sales, 2)
        client.force_login(world.users["hrbp_sales"])
        planned = timezone.localdate() + dt.timedelta(days=45)
        response = client.post("/cases/layoff/", {
            "title": "销售部调整", "planned_date": planned.isoformat(), "reason_code": "change_of_production",
            "reason": "产线关停", "long_term_months": "36",
            "employee_numbers": "\n".join(e.employee_number for e in staff),
        })
        assert response.status_code == 302
        family = CaseFamily.objects.get(title="销售部调整")
        assert family.reason_code == "change_of_production" and family.planned_date == planned
        assert {c.separation_date for c in family.cases.all()} == {planned}
        url = f"/cases/layoff/{family.code}/"
        ids = list(family.cases.values_list("pk", flat=True))
        data = {"member": [str(i) for i in ids], f"sole_{ids[0]}": "1", f"basis_{ids[0]}": "配偶无业",
                f"retain_{ids[0]}": "岗位整体撤销"}
        assert client.post(url + "answers/", data).status_code == 302
        assert family.members.filter(answered_at__isnull=False).count() == 2
        assert family.members.get(case_id=ids[0]).sole_earner is True
        today = timezone.localdate().isoformat()
        response = client.post(url + "filings/explanation/", {
            "explanation-done_on": today, "explanation-addressee": "公司工会", "explanation-summary": "无异议",
            "explanation-document_file": pdf()})
        assert response.status_code == 302
        assert layoff_rules.current_filings(family)[FilingKind.EXPLANATION].addressee == "公司工会"
        filing = layoff_rules.current_filings(family)[FilingKind.EXPLANATION]
        document = client.get(f"/cases/layoff/filings/{filing.code}/document/")
        assert document.status_code == 200 and b"".join(document.streaming_content).startswith(b"%PDF")
        assert client.post(url + "action/", {"action": "submit"}).status_code == 302
        family.refresh_from_db()
        assert family.status == BatchStatus.IN_REVIEW
        assert set(family.cases.values_list("status", flat=True)) == {CaseStatus.IN_REVIEW}
        page = client.get(url).content.decode()
        assert 'id="batch-status" data-status="in_review"' in page and 'data-step="hr_review"' in page

    def test_a_dispatched_number_is_refused_with_the_rule(self, client, world):
        dispatched = make_employee(world.sales, "派遣员", employment_type="dispatch")
        client.force_login(world.users["hrbp_sales"])
        response = client.post("/cases/layoff/", {
            "title": "x", "planned_date": (timezone.localdate() + dt.timedelta(days=40)).isoformat(),
            "reason_code": "difficulty", "long_term_months": "36", "employee_numbers": dispatched.employee_number,
        })
        page = response.content.decode()
        assert response.status_code == 200 and "派遣员" in page and "《劳务派遣暂行规定》第十二条第一款第一项" in page
        assert not CaseFamily.objects.exists()

    def test_the_batch_page_says_dispatched_workers_go_back_to_the_agency(self, client, world):
        family = new_batch(world, make_staff(world.sales, 1))
        client.force_login(world.users["hrbp_sales"])
        page = client.get(f"/cases/layoff/{family.code}/").content.decode()
        assert 'id="dispatch"' in page and "退回劳务派遣单位" in page and "第五十八条" in page

    def test_the_member_case_page_offers_no_submit_of_its_own(self, client, world):
        family = new_batch(world, make_staff(world.sales, 1))
        client.force_login(world.users["hrbp_sales"])
        page = client.get(f"/cases/{family.cases.first().code}/").content.decode()
        assert 'data-action="submit"' not in page and 'id="case-layoff"' in page
        assert "本案件随裁员批次整批审批" in page

    def test_the_inbox_lists_the_batch_step_for_whoever_decides_it(self, client, world):
        hr = world.users["hrbp_sales"]
        family = new_batch(world, make_staff(world.sales, 2))
        answer_all(family, hr)
        layoffs.submit_batch(family, acting_user=hr)
        step = family.steps.get(status=StepStatus.ACTIVE)
        client.force_login(world.users["hr_reviewer"])
        assert f'data-batch-step="{step.code}"' in client.get("/cases/inbox/").content.decode()
        client.force_login(hr)  # the creator does not decide it (four eyes)
        assert f'data-batch-step="{step.code}"' not in client.get("/cases/inbox/").content.decode()


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_batch_page_and_list_do_not_grow_with_the_members(client, world):
    client.force_login(world.users["hr_admin"])
    small = new_batch(world, make_staff(world.sales, 2, prefix="甲"))
    big = new_batch(world, make_staff(world.sales, 12, prefix="乙"), title="大批次")
    few, many = _count(client, f"/cases/layoff/{small.code}/"), _count(client, f"/cases/layoff/{big.code}/")
    assert many == few, f"{few} queries for 2 members, {many} for 12"
    assert _count(client, "/cases/layoffs/") <= 12


def test_the_page_and_the_step_mail_show_each_members_checks(client, world, city_average):
    """The one deciding sees what HR sees: each member's violations and warnings, on the page and in the mail."""
    from farewell.cases import services
    from farewell.common.notifications import Notification
    from farewell.org.models import StatusPeriod

    hr = world.users["hrbp_sales"]
    family = new_batch(world, make_staff(world.sales, 3))
    generous, pregnant, plain = family.cases.select_related("employee", "family").order_by("id")
    services.update_case(generous, actor=hr, extra_compensation=50000)  # over the policy cap: a warning
    StatusPeriod.objects.create(employee=pregnant.employee, kind="pregnancy", start_date=timezone.localdate())
    services.run_engine(pregnant, actor=hr)
    blocking = [v["message"] for v in services.latest_run(pregnant).output["violations"]
                if v["severity"] == "violation"]
    assert blocking
    client.force_login(world.users["approver"])
    page = client.get(f"/cases/layoff/{family.code}/").content.decode()
    assert blocking[0] in page and "超出公司政策上限" in page

    layoffs.remove_member(family, pregnant, acting_user=hr)
    answer_all(family, hr)
    layoffs.submit_batch(family, acting_user=hr)
    mail = Notification.objects.filter(user=world.users["hr_reviewer"], subject__contains="待办").get().body
    assert generous.employee.name in mail and "超出公司政策上限" in mail
    assert "其余 1 人：合法，无风险提示" in mail and plain.employee.name not in mail
