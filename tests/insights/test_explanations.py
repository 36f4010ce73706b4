"""The employee's request for an explanation of automated assessments (PIPL Art. 24 ¶3): asked in the
portal, HR in scope notified and answering from the same factors with a deadline, the answer shown
to the employee, every step in the ledger; nobody else's requests are reachable."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from farewell.common.notifications import Notification
from farewell.insights import explanations
from farewell.insights.models import ExplanationRequest, RiskModel, RiskScore
from farewell.ledger.models import LedgerEntry
from tests.factories import Role, make_company, make_employee, make_unit, make_user

FACTORS = [{"feature": "survey_score", "value": 3.2, "unit_value": 7.1, "effect": 0.12, "unit_is_company": False,
            "evidence": [["surveyresponse", 1]]},
           {"feature": "pay_vs_peers", "value": 0.81, "unit_value": 1.0, "effect": 0.05, "unit_is_company": True,
            "evidence": []}]


@pytest.fixture
def scored(world):
    model = RiskModel.objects.create(company=world.company, trained_until=dt.date(2025, 11, 1), family="logistic",
                                     features=["survey_score", "pay_vs_peers"], pipeline=b"")
    RiskScore.objects.create(model=model, employee=world.lisi, org_unit_id=world.sales.pk, probability=0.34,
                             factors=FACTORS)
    return world


def ask(client, world, question="为什么我被评为高风险？"):
    client.force_login(world.users["employee"])
    return client.post(reverse("portal:request_explanation"), {"question": question})


def events(code):
    return list(LedgerEntry.objects.filter(object_id=str(code)).order_by("seq").values_list("event", flat=True))


def test_the_employee_asks_and_hr_covering_them_is_notified_with_a_deadline(scored, client):
    other = make_company(name="别家公司")
    make_user("other_hr", Role.HR_ADMIN, company=other)
    assert ask(client, scored).status_code == 302
    item = ExplanationRequest.objects.get()
    assert item.employee == scored.lisi and item.question == "为什么我被评为高风险？"
    assert item.due_date == timezone.localdate() + dt.timedelta(days=explanations.ANSWER_DAYS)
    notified = set(Notification.objects.filter(subject__contains="说明自动化评估").values_list("user__username", flat=True))
    assert notified == {"hradmin", "hrbp"}  # not legal, not the manager, not another company's HR
    assert events(item.code) == ["explanation_requested"]
    assert "为什么" not in LedgerEntry.objects.get(object_id=str(item.code)).payload  # a hash, not the text


def test_a_second_request_waits_for_the_answer_to_the_first(scored, client):
    ask(client, scored)
    response = client.post(reverse("portal:request_explanation"), {"question": "再问一次"}, follow=True)
    assert ExplanationRequest.objects.count() == 1 and "尚未答复" in response.content.decode()


def test_hr_answers_from_the_same_factors_and_the_employee_reads_it(scored, client):
    ask(client, scored)
    item = ExplanationRequest.objects.get()
    client.force_login(scored.users["hrbp_sales"])
    url = reverse("insights:explanation", args=[item.code])
    html = client.get(url).content.decode()
    assert "近6个月敬业度与满意度平均分" in html and "3.2分" in html and "本部门中位数 7.1分" in html
    assert "公司中位数 1.00" in html and "34%" in html
    assert client.post(url, {"answer": "主要因为近期调查得分低于部门。"}).status_code == 302
    item.refresh_from_db()
    assert item.status == "answered" and item.assessment["factors"] == FACTORS and item.answered_by.username == "hrbp"
    assert Notification.objects.filter(user=scored.users["employee"], subject__contains="已答复").exists()
    RiskScore.objects.all().delete()  # retraining later changes nothing the employee was told

    client.force_login(scored.users["employee"])
    html = client.get(reverse("portal:explanations")).content.decode()
    assert "主要因为近期调查得分低于部门。" in html and "近6个月敬业度与满意度平均分" in html and "34%" in html
    client.get(reverse("portal:explanations"))
    assert events(item.code) == ["explanation_requested", "explanation_answered", "explanation_read"]
    assert client.post(url, {"answer": "改写"}).status_code == 403  # the employee cannot answer


def test_an_answer_is_given_once(scored, client):
    ask(client, scored)
    item = ExplanationRequest.objects.get()
    explanations.answer_explanation(item, acting_user=scored.users["hr_admin"], answer="第一次")
    client.force_login(scored.users["hrbp_sales"])
    client.post(reverse("insights:explanation", args=[item.code]), {"answer": "第二次"})
    item.refresh_from_db()
    assert item.answer == "第一次" and events(item.code).count("explanation_answered") == 1


def test_without_a_score_the_answer_says_so(world, client):
    ask(client, world)
    item = ExplanationRequest.objects.get()
    explanations.answer_explanation(item, acting_user=world.users["hr_admin"], answer="没有评分。")
    html = client.get(reverse("portal:explanations")).content.decode()
    assert 'id="explanation-no-score"' in html


def test_hr_sees_only_the_requests_of_the_people_they_cover(scored, client):
    ask(client, scored)
    theirs = ExplanationRequest.objects.get()
    chenqi_request = explanations.request_explanation(scored.chenqi, acting_user=None, question="研发的")
    other = make_company(name="别家公司")
    outsider_hr = make_user("other_hr", Role.HR_ADMIN, company=other)
    stranger = make_employee(make_unit(other, "总部"), "外人")
    foreign = explanations.request_explanation(stranger, acting_user=None)

    hrbp = scored.users["hrbp_sales"]
    assert not Notification.objects.filter(user=hrbp, subject__contains="陈七").exists()  # not theirs to answer
    assert Notification.objects.filter(user=scored.users["hr_admin"], subject__contains="陈七").exists()
    client.force_login(hrbp)
    html = client.get(reverse("insights:explanations")).content.decode()
    assert "李四" in html and "陈七" not in html and "外人" not in html
    assert client.get(reverse("insights:explanation", args=[chenqi_request.code])).status_code == 404
    assert client.get(reverse("insights:explanation", args=[foreign.code])).status_code == 404
    client.force_login(outsider_hr)
    assert client.get(reverse("insights:explanation", args=[theirs.code])).status_code == 404
    html = client.get(reverse("insights:explanations")).content.decode()
    assert "外人" in html and "李四" not in html
    for persona in ("legal", "manager", "approver", "auditor"):
        client.force_login(scored.users[persona])
        assert client.get(reverse("insights:explanation", args=[theirs.code])).status_code == 403


def test_an_employee_sees_only_their_own_requests(scored, client):
    explanations.request_explanation(scored.zhaoliu, acting_user=None, question="赵六的问题")
    ask(client, scored, question="李四的问题")
    html = client.get(reverse("portal:explanations")).content.decode()
    assert "李四的问题" in html and "赵六的问题" not in html


def test_the_list_reads_a_fixed_number_of_queries(scored, client, django_assert_max_num_queries):
    for person in (scored.lisi, scored.zhaoliu, scored.boss):
        explanations.request_explanation(person, acting_user=None)
    client.force_login(scored.users["hr_admin"])
    client.get(reverse("insights:explanations"))
    with django_assert_max_num_queries(8):
        assert client.get(reverse("insights:explanations")).status_code == 200


def _reminders():
    return sorted(Notification.objects.filter(subject__startswith="说明请求").values_list("user__username", "subject"))


def test_the_sweep_reminds_hr_from_three_days_before_the_deadline_once_a_day(scored, client):
    from django.core.management import call_command

    ask(client, scored)
    item = ExplanationRequest.objects.get()
    due = item.due_date

    def sweep(day):
        call_command("sweep", today=day.isoformat(), stdout=__import__("io").StringIO())

    sweep(due - dt.timedelta(days=explanations.REMIND_DAYS + 1))
    assert _reminders() == []  # not yet
    sweep(due - dt.timedelta(days=explanations.REMIND_DAYS))
    first = _reminders()
    assert {u for u, _s in first} == {"hradmin", "hrbp"} and all("将到期" in s for _u, s in first)
    sweep(due - dt.timedelta(days=explanations.REMIND_DAYS))  # the same day again: nothing more
    assert _reminders() == first
    sweep(due + dt.timedelta(days=1))
    overdue = [s for _u, s in _reminders() if "已逾期" in s]
    assert len(overdue) == 2
    # answered: no more reminders
    explanations.answer_explanation(item, acting_user=scored.users["hr_admin"], answer="说明")
    sweep(due + dt.timedelta(days=2))
    assert len(_reminders()) == 4
