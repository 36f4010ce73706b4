"""Issue 12: the approver sees everything HR sees — on the decision page and in the step's e-mail (the
legality verdict, every warning with the dispute risk, every money line and the total); the case list
shows the risk."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from farewell.cases import services
from farewell.cases.models import CaseType, Risk
from farewell.common.notifications import Notification


def _at_leadership(world, soon):
    hr = world.users["hr_admin"]
    case = services.open_case(world.lisi, CaseType.MUTUAL_EMPLOYER, actor=hr, separation_date=soon,
                              extra_compensation=Decimal(60000))
    services.record_demand(case, Decimal(300000), "工作多年", actor=world.users["employee"])
    services.submit_case(case, actor=hr)
    case.refresh_from_db()
    services.decide_step(case.steps.get(kind="hr_review"), "approve", actor=world.users["hrbp_sales"])
    services.decide_step(case.steps.get(kind="legal_review"), "approve", actor=world.users["legal"],
                         comment="诉求过高，按60,000协商")
    case.refresh_from_db()
    return case


def test_the_approvers_mail_lists_the_verdict_the_warnings_and_the_total(staffed, soon):
    world = staffed
    case = _at_leadership(world, soon)
    note = Notification.objects.filter(user=world.users["approver"], subject__contains="领导审批").latest("id")
    assert "法律检查：合法" in note.body
    assert "争议风险" in note.body and "300,000.00" in note.body  # the dispute warning with the demand
    assert "协商额外补偿 60,000.00 元超出公司政策上限" in note.body
    assert "经济补偿：" in note.body
    assert f"拟支付总额：{case.offered_amount:,.2f} 元" in note.body


def test_the_mail_says_when_the_case_is_unlawful(staffed, soon):
    world = staffed
    case = services.open_case(world.lisi, CaseType.MISCONDUCT, actor=world.users["hr_admin"], separation_date=soon,
                              facts={"union_notified": False})
    assert "存在违法风险" in services.decision_summary(case)
    assert "工会" in services.decision_summary(case)


def test_the_approver_sees_the_dispute_risk_and_every_line_on_the_decision_page(client, staffed, soon):
    world = staffed
    case = _at_leadership(world, soon)
    client.force_login(world.users["approver"])
    page = client.get(reverse("cases:case_detail", args=[case.code])).content.decode()
    assert 'id="dispute-risk"' in page and "争议风险" in page
    assert 'id="over-cap"' in page
    assert "经济补偿" in page and 'id="demand"' in page
    assert 'id="decide-leadership_approval"' in page


def test_the_case_list_shows_the_risk_of_a_case_with_a_dispute_warning(client, staffed, soon):
    world = staffed
    case = _at_leadership(world, soon)
    assert case.risk == Risk.WARNING
    client.force_login(world.users["hr_admin"])
    page = client.get(reverse("cases:case_list")).content.decode()
    row = page[page.index(str(case.code)):]
    row = row[:row.index("</tr>")]
    assert "有风险提示" in row
