"""辞退 (公务员法 第八十八至九十条): an Art. 88 ground only; the Art. 89 bars a checklist that blocks like
a protected status; the written decision to the person recorded with its proof before the case closes;
what the person receives stated with citations and no amount."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from farewell.cases import civil_service, civil_service_actions, services
from farewell.cases.civil_service_models import DecisionDelivery
from farewell.cases.models import CASE_GROUNDS, CaseStatus, CaseType, Risk
from farewell.ledger.services import entries_for
from farewell.org.models import StatusPeriod
from farewell.records.models import PerformanceReview
from tests.cases import civil_service_helpers
from tests.cases.civil_service_helpers import answer_all, open_dismissal, proof
from tests.cases.conftest import walk

# 《公务员法》(2018) 第八十八条 and 第八十九条, as the statute states their items.
ARTICLE_88 = {
    "cs_dismissal_two_years_incompetent": ("《公务员法》第八十八条第一项", "在年度考核中，连续两年被确定为不称职的"),
    "cs_dismissal_refuses_other_post": ("《公务员法》第八十八条第二项", "不胜任现职工作，又不接受其他安排的"),
    "cs_dismissal_refuses_restructuring": (
        "《公务员法》第八十八条第三项", "因所在机关调整、撤销、合并或者缩减编制员额需要调整工作，本人拒绝合理安排的"),
    "cs_dismissal_discipline": (
        "《公务员法》第八十八条第四项",
        "不履行公务员义务，不遵守法律和公务员纪律，经教育仍无转变，不适合继续在机关工作，又不宜给予开除处分的"),
    "cs_dismissal_absence": (
        "《公务员法》第八十八条第五项",
        "旷工或者因公外出、请假期满无正当理由逾期不归连续超过十五天，或者一年内累计超过三十天的"),
}
ARTICLE_89 = [
    ("《公务员法》第八十九条第一项", "因公致残，被确认丧失或者部分丧失工作能力的"),
    ("《公务员法》第八十九条第二项", "患病或者负伤，在规定的医疗期内的"),
    ("《公务员法》第八十九条第三项", "女性公务员在孕期、产假、哺乳期内的"),
    ("《公务员法》第八十九条第四项", "法律、行政法规规定的其他不得辞退的情形"),
]

servant = civil_service_helpers.servant  # the fixture (孙九, a civil servant)


def _payloads(case, event):
    return [json.loads(e.payload) for e in entries_for("cases.separationcase", case.code) if e.event == event]


def _approved(world, employee):
    case = open_dismissal(world, employee)
    answer_all(case, world.users["hrbp_sales"])
    services.submit_case(case, actor=world.users["hrbp_sales"])
    walk(case, world)
    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED
    return case


def test_the_grounds_are_article_88_quoted_item_by_item():
    assert set(CASE_GROUNDS[CaseType.CS_DISMISSAL]) == set(ARTICLE_88)
    assert {code: (i.article, str(i.text)) for code, i in civil_service.DISMISSAL_GROUNDS.items()} == ARTICLE_88


def test_the_bars_are_article_89_quoted_item_by_item():
    assert [(i.article, str(i.text)) for i in civil_service.DISMISSAL_BARS] == ARTICLE_89


def test_a_ground_outside_article_88_is_refused(staffed, servant):
    world = staffed
    with pytest.raises(services.CaseError, match="事由与案件类型不符"):
        open_dismissal(world, servant, ground="misconduct")
    case = open_dismissal(world, servant)
    with pytest.raises(services.CaseError, match="事由与案件类型不符"):
        services.update_case(case, actor=world.users["hrbp_sales"], ground="incompetence")


def test_a_yes_on_an_article_89_bar_refuses_the_submission(staffed, servant):
    world = staffed
    case = open_dismissal(world, servant)
    answer_all(case, world.users["hrbp_sales"], yes={"medical_period"})
    case.refresh_from_db()
    assert case.risk == Risk.BLOCKED
    with pytest.raises(services.CaseError, match="不得辞退.*第八十九条第二项"):
        services.submit_case(case, actor=world.users["hrbp_sales"])


def test_a_bar_answered_during_review_blocks_every_later_approval(staffed, servant):
    world = staffed
    hr = world.users["hrbp_sales"]
    case = open_dismissal(world, servant)
    answer_all(case, hr)
    services.submit_case(case, actor=hr)
    services.decide_step(case.steps.get(kind="hr_review"), "approve", actor=world.users["hr_reviewer"])
    civil_service_actions.answer_item(case, "pregnancy_maternity_nursing", True, actor=hr, note="已确认怀孕")
    case.refresh_from_db()
    with pytest.raises(services.CaseError, match="第八十九条第三项"):
        services.decide_step(case.steps.get(kind="legal_review"), "approve", actor=world.users["legal"],
                             comment="同意")


def test_a_barred_status_on_record_blocks_as_before(staffed, servant):
    world = staffed
    StatusPeriod.objects.create(employee=servant, kind="medical_period", start_date=timezone.localdate(),
                                protected=True)
    case = open_dismissal(world, servant)
    with pytest.raises(services.CaseError, match="医疗期"):
        answer_all(case, world.users["hrbp_sales"])  # a "no" to the bar the records show is refused
    with pytest.raises(services.CaseError):
        services.submit_case(case, actor=world.users["hrbp_sales"])


def test_the_dismissal_states_its_basis_and_reasons_before_submission(staffed, servant):
    world = staffed
    case = open_dismissal(world, servant, reason="")
    answer_all(case, world.users["hrbp_sales"])
    with pytest.raises(services.CaseError, match="第九十条"):
        services.submit_case(case, actor=world.users["hrbp_sales"])


def test_the_written_decision_is_recorded_with_its_proof_before_the_case_closes(staffed, servant):
    world = staffed
    hr = world.users["hrbp_sales"]
    case = _approved(world, servant)
    services.start_handover(case, actor=hr)
    with pytest.raises(services.CaseError, match="辞退决定尚未书面送达"):
        services.close_case(case, actor=hr)
    today = timezone.localdate()
    with pytest.raises(services.CaseError, match="不能早于"):
        civil_service_actions.record_delivery(case, actor=hr, decided_on=today, delivered_on=today - dt.timedelta(1),
                                              method="in_person", document_file=proof())
    with pytest.raises(services.CaseError, match="不能晚于今天"):
        civil_service_actions.record_delivery(case, actor=hr, decided_on=today, delivered_on=today + dt.timedelta(1),
                                              method="in_person", document_file=proof())
    with pytest.raises(services.CaseError, match="送达凭证"):
        civil_service_actions.record_delivery(case, actor=hr, decided_on=today, delivered_on=today,
                                              method="in_person", document_file=None)
    row = civil_service_actions.record_delivery(case, actor=hr, decided_on=today, delivered_on=today,
                                                method="in_person", document_file=proof(), note="本人签收")
    assert row.document_sha256 and DecisionDelivery.objects.filter(case=case).count() == 1
    entry = _payloads(case, "case.cs_decision_delivered")[-1]
    assert entry["document_sha256"] == row.document_sha256 and entry["method"] == "in_person"
    assert entry["article"] == "《公务员法》第九十条"
    case.refresh_from_db()
    # Delivered: this reason not to close is gone (offboarding's own duties may still hold the close).
    assert civil_service.close_refusal(case) == ""
    try:
        services.close_case(case, actor=hr)
    except services.CaseError as exc:
        assert "辞退决定" not in str(exc)


def test_the_decision_cannot_be_recorded_before_approval(staffed, servant):
    world = staffed
    case = open_dismissal(world, servant)
    today = timezone.localdate()
    with pytest.raises(services.CaseError, match="经批准后"):
        civil_service_actions.record_delivery(case, actor=world.users["hrbp_sales"], decided_on=today,
                                              delivered_on=today, method="mail", document_file=proof())


def test_the_delivery_form_records_it_from_the_page(client, staffed, servant):
    world = staffed
    case = _approved(world, servant)
    client.force_login(world.users["hrbp_sales"])
    page = client.get(reverse("cases:case_detail", args=[case.code])).content.decode()
    assert 'id="cs-delivery-form"' in page
    today = timezone.localdate().isoformat()
    client.post(reverse("cases:cs_delivery", args=[case.code]), {
        "decided_on": today, "delivered_on": today, "method": "mail", "document_file": proof("邮寄凭证.pdf")})
    assert DecisionDelivery.objects.get(case=case).method == "mail"
    page = client.get(reverse("cases:case_detail", args=[case.code])).content.decode()
    assert "邮寄凭证.pdf" in page and "邮寄送达" in page


def test_what_the_person_receives_is_stated_with_citations_and_no_amount(client, staffed, servant):
    world = staffed
    case = open_dismissal(world, servant)
    lines = civil_service.receives(case)
    assert {"text": "被辞退的公务员，可以领取辞退费或者根据国家有关规定享受失业保险。",
            "article": "《公务员法》第九十条第二款"} in lines
    assert any("由本地规定决定" in line["text"] for line in lines)
    client.force_login(world.users["hrbp_sales"])
    page = client.get(reverse("cases:case_detail", args=[case.code])).content.decode()
    section = page[page.index('id="cs-receives"'):]
    section = section[:section.index("</section>")]
    assert "第九十条第二款" in section and "第九十五条" in section and "第九十一条" in section
    assert "¥" not in section and "元" not in section


def test_no_money_is_negotiated_on_a_civil_service_case(staffed, servant):
    world = staffed
    hr = world.users["hrbp_sales"]
    with pytest.raises(services.CaseError, match="第九十条第二款"):
        services.open_case(servant, CaseType.CS_DISMISSAL, actor=hr, separation_date=timezone.localdate(),
                           extra_compensation=Decimal(10000))
    case = open_dismissal(world, servant)
    with pytest.raises(services.CaseError, match="第九十条第二款"):
        services.update_case(case, actor=hr, extra_compensation=Decimal(5000))
    with pytest.raises(services.CaseError, match="第九十条第二款"):
        services.record_demand(case, Decimal(100000), "补偿", actor=world.users["servant"])
    case.refresh_from_db()
    assert case.extra_cap is None and case.statutory_amount == 0


def test_two_years_incompetent_needs_two_consecutive_annual_assessments(staffed, servant):
    world = staffed
    case = open_dismissal(world, servant, ground="cs_dismissal_two_years_incompetent")
    codes = [c["code"] for c in services.latest_run(case).checks]
    assert "cs_annual_reviews_do_not_show_two_years" in codes
    for year in (2024, 2025):
        PerformanceReview.objects.create(employee=servant, period_kind="year", period_start=dt.date(year, 1, 1),
                                         rating="D")
    services.run_engine(case, actor=world.users["hrbp_sales"])
    assert "cs_annual_reviews_do_not_show_two_years" not in [c["code"] for c in services.latest_run(case).checks]
    PerformanceReview.objects.filter(employee=servant, period_start__year=2024).update(rating="C")
    services.run_engine(case, actor=world.users["hrbp_sales"])
    assert "cs_annual_reviews_do_not_show_two_years" in [c["code"] for c in services.latest_run(case).checks]
