"""Civil servants are not labour-contract staff: no LCL warning, negotiation cap or ceiling, union step or
compensation line on a civil-service case — not on HR's case page, not on the approver's decision page,
not in the step's e-mail, not in the portal."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from farewell.cases import services
from farewell.cases.models import CaseStatus
from farewell.common.notifications import Notification
from farewell.records.models import TrainingRecord
from tests.cases import civil_service_helpers
from tests.cases.civil_service_helpers import answer_all, open_dismissal, open_resignation

# Words that belong to the Labour Contract Law's money and procedure, never to a civil servant's case.
LCL_WORDS = ("劳动合同法", "第四十七条", "经济补偿", "协商额外补偿", "额外补偿上限", "公司政策上限", "HR当场可承诺",
             "拟支付总额", "拟支付合计", "法定金额", "员工诉求", "通知工会", "劳动争议", "应付款项")

servant = civil_service_helpers.servant  # the fixture (孙九, a civil servant)


def _lcl_words_in(text: str) -> list[str]:
    return [w for w in LCL_WORDS if w in text]


def _at_leadership(world, employee):
    hr = world.users["hrbp_sales"]
    case = open_dismissal(world, employee, ground="cs_dismissal_refuses_other_post")
    answer_all(case, hr)
    services.submit_case(case, actor=hr)
    services.decide_step(case.steps.get(kind="hr_review"), "approve", actor=world.users["hr_reviewer"])
    services.decide_step(case.steps.get(kind="legal_review"), "approve", actor=world.users["legal"], comment="同意")
    case.refresh_from_db()
    return case


def test_the_case_page_of_a_dismissal_has_no_lcl_text_cap_or_compensation(client, staffed, servant):
    world = staffed
    # Even with a wage history and no training record (an LCL 40(2) warning for labour-contract staff).
    assert not TrainingRecord.objects.filter(employee=servant).exists()
    case = open_dismissal(world, servant, ground="cs_dismissal_two_years_incompetent")
    client.force_login(world.users["hrbp_sales"])
    page = client.get(reverse("cases:case_detail", args=[case.code])).content.decode()
    assert _lcl_words_in(page) == []
    assert 'id="proposal"' not in page and 'id="money"' not in page and 'id="over-cap"' not in page
    assert 'id="civil-service"' in page and 'id="cs-checklist"' in page and 'id="cs-ground"' in page
    assert "missing_training_evidence" not in page and "wage_months_missing" not in page
    case.refresh_from_db()
    assert case.extra_cap is None


def test_the_case_page_of_a_resignation_has_no_lcl_text(client, staffed, servant):
    world = staffed
    case = open_resignation(world, servant)
    client.force_login(world.users["hrbp_sales"])
    page = client.get(reverse("cases:case_detail", args=[case.code])).content.decode()
    assert _lcl_words_in(page) == []
    assert 'id="cs-approval"' in page and 'id="proposal"' not in page
    # The facts form offers no LCL facts or money.
    form = page[page.index('id="facts-form"'):]
    form = form[:form.index("</form>")]
    for name in ("union_notified", "extra_compensation", "employee_demand", "days_taken_this_year"):
        assert f'name="{name}"' not in form, name


def test_the_approver_sees_the_checklist_not_money_on_the_decision_page(client, staffed, servant):
    world = staffed
    case = _at_leadership(world, servant)
    client.force_login(world.users["approver"])
    page = client.get(reverse("cases:case_detail", args=[case.code])).content.decode()
    assert 'id="decide-leadership_approval"' in page
    assert 'id="cs-checklist"' in page and "不得辞退的情形" in page
    assert _lcl_words_in(page) == []


def test_the_approvers_mail_has_the_verdict_the_checklist_and_no_money_lines(staffed, servant):
    world = staffed
    _at_leadership(world, servant)
    note = Notification.objects.filter(user=world.users["approver"], subject__contains="领导审批").latest("id")
    assert "法律检查：合法" in note.body
    assert "《公务员法》第八十九条所列情形" in note.body and "因公致残" in note.body
    assert "辞退事由：不胜任现职工作，又不接受其他安排的（《公务员法》第八十八条第二项）" in note.body
    assert "第九十条第二款" in note.body
    assert _lcl_words_in(note.body) == []


def test_the_mail_of_a_blocked_resignation_names_the_article(staffed, servant):
    world = staffed
    case = open_resignation(world, servant)
    answer_all(case, world.users["hrbp_sales"], yes={"min_service"})
    summary = services.decision_summary(case)
    assert "存在违法风险" in summary and "《公务员法》第八十六条第一项" in summary
    assert "审批期限：" in summary
    assert _lcl_words_in(summary) == []


def test_the_portal_of_a_civil_servant_has_no_lcl_notice_demand_or_offer(client, staffed, servant):
    world = staffed
    client.force_login(world.users["servant"])
    page = client.get(reverse("portal:home")).content.decode()
    assert "第三十七条" not in page and 'id="negotiate"' not in page and 'id="average"' not in page
    assert 'id="cs-rules"' in page and "第八十五条" in page
    case = open_resignation(world, servant)
    answer_all(case, world.users["hrbp_sales"])
    services.submit_case(case, actor=world.users["hrbp_sales"])
    page = client.get(reverse("portal:home")).content.decode()
    assert 'id="my-demand"' not in page and 'id="my-offer"' not in page
    assert "任免机关审批中" in page
    due = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    assert 'id="cs-portal-due"' in page and due in page
    response = client.post(reverse("portal:demand"), {"amount": "100000", "reason": "补偿"}, follow=True)
    assert "第九十条第二款" in response.content.decode()
    assert not case.demands.exists()


def test_an_approved_dismissal_shows_no_offer_in_the_portal(client, staffed, servant):
    world = staffed
    case = _at_leadership(world, servant)
    services.decide_step(case.steps.get(kind="leadership_approval"), "approve", actor=world.users["approver"])
    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED
    client.force_login(world.users["servant"])
    page = client.get(reverse("portal:home")).content.decode()
    assert 'id="my-offer"' not in page and "公司方案金额" not in page
    assert "辞退决定将以书面形式通知您" in page


def test_a_labour_contract_case_still_shows_its_money(client, staffed):
    world = staffed
    case = services.open_case(world.lisi, "mutual_employer", actor=world.users["hrbp_sales"],
                              separation_date=timezone.localdate() + dt.timedelta(days=40),
                              extra_compensation=Decimal(1000))
    client.force_login(world.users["hrbp_sales"])
    page = client.get(reverse("cases:case_detail", args=[case.code])).content.decode()
    assert 'id="proposal"' in page and 'id="money"' in page and "经济补偿" in page
    assert 'id="civil-service"' not in page


def test_the_open_case_form_of_a_civil_servant_offers_the_civil_service_types_only(client, staffed, servant):
    world = staffed
    client.force_login(world.users["hrbp_sales"])
    url = reverse("cases:case_open", args=[servant.code])
    page = client.get(url).content.decode()
    assert 'value="cs_resignation"' in page and 'value="cs_dismissal"' in page
    assert 'value="mutual_employer"' not in page and 'name="extra_compensation"' not in page
    assert "劳动合同" not in page and "协商额外补偿" not in page
    assert "旷工或者因公外出、请假期满无正当理由逾期不归" in page  # the CSL 88 ground in the statute's words
    response = client.post(url, {"case_type": "cs_dismissal", "ground": "cs_dismissal_absence",
                                 "separation_date": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
                                 "reason": "旷工累计超过三十天"})
    case = servant.separation_cases.get()
    assert response.status_code == 302 and case.case_type == "cs_dismissal" and case.ground == "cs_dismissal_absence"


def test_a_civil_servant_who_has_left_is_not_told_of_a_labour_contract(staffed, servant):
    servant.status = "separated"
    servant.separation_date = timezone.localdate()
    servant.save(update_fields=["status", "separation_date"])
    message = services.employment_end_refusal(servant)
    assert "辞去公职" in message and "劳动合同" not in message


def test_the_case_page_query_count_does_not_grow_with_the_answers(client, staffed, servant):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    world = staffed
    hr = world.users["hrbp_sales"]
    case = open_resignation(world, servant)
    answer_all(case, hr)
    client.force_login(hr)
    url = reverse("cases:case_detail", args=[case.code])
    client.get(url)
    with CaptureQueriesContext(connection) as once:
        client.get(url)
    for _round in range(3):  # every item answered three more times: the history grows, the queries do not
        answer_all(case, hr)
    client.get(url)
    with CaptureQueriesContext(connection) as four_times:
        client.get(url)
    assert len(four_times.captured_queries) == len(once.captured_queries)


def test_the_case_list_shows_no_amount_for_a_civil_service_case(client, staffed, servant):
    world = staffed
    case = open_dismissal(world, servant)
    client.force_login(world.users["hrbp_sales"])
    page = client.get(reverse("cases:case_list")).content.decode()
    row = page[page.index(f'data-case="{case.code}"'):]
    row = row[:row.index("</tr>")]
    assert "0.00" not in row and "—" in row
