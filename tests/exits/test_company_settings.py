"""Exit reasons and survey questions belong to a company (issue 13): they were one list for the whole
installation that any HR admin could edit. Company 1's HR admin can neither read nor change company
2's, by page or API; a unit-scoped HR admin does not change the company's (403); a departure, an
interview, a survey answer and an improvement action take only their own company's reasons."""

from __future__ import annotations

import datetime as dt

import pytest

from farewell.exits import actions, services
from farewell.exits.models import ExitReason, ReplacementCost, SurveyQuestion
from farewell.org.models import Position
from tests.exits.conftest import leave
from tests.factories import Role, make_company, make_employee, make_unit, make_user

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 6, 30)
PAGES = ["/exits/settings/reasons/", "/exits/settings/questions/", "/exits/settings/replacement-costs/"]
APIS = ["/api/exits/reasons/", "/api/exits/survey-questions/", "/api/exits/replacement-costs/"]


@pytest.fixture
def bureau(world):
    other = make_company(name="某某局")
    Position.objects.create(company=other, name="科员")
    return other, make_user("bureauadmin", Role.HR_ADMIN, company=other)


def snapshot(company):
    return (
        list(ExitReason.objects.filter(company=company).order_by("pk")
             .values_list("pk", "code", "name", "parent_id", "active", "order")),
        list(SurveyQuestion.objects.filter(company=company).order_by("pk")
             .values_list("pk", "text", "kind", "active", "order")),
        list(ReplacementCost.objects.filter(position__company=company).values_list("position_id", "amount")),
    )


def test_every_company_has_its_own_reasons_and_questions(world, bureau):
    other, _admin = bureau
    for company in (world.company, other):
        assert ExitReason.objects.filter(company=company, code="pay_below_market", parent__code="pay").exists()
        assert SurveyQuestion.objects.filter(company=company, active=True).count() == 7
    assert (ExitReason.objects.get(company=world.company, code="pay").pk
            != ExitReason.objects.get(company=other, code="pay").pk)


def test_company_1s_admin_can_neither_read_nor_change_company_2s_by_page(client, world, bureau):
    other, _admin = bureau
    before = snapshot(other)
    theirs = ExitReason.objects.get(company=other, code="pay")
    question = SurveyQuestion.objects.filter(company=other, active=True).first()
    client.force_login(world.users["hr_admin"])
    for url in PAGES:
        assert client.get(f"{url}?company={other.code}").status_code == 404
        assert client.post(f"{url}?company={other.code}", {}).status_code == 404
    assert client.get(f"/exits/settings/reasons/{theirs.pk}/").status_code == 404
    assert client.get(f"/exits/settings/reasons/{theirs.pk}/?company={other.code}").status_code == 404
    assert client.post(f"/exits/settings/reasons/{theirs.pk}/", {
        "name": "改掉了", "parent": "", "evidence": "none", "rehire_limit": "", "order": 1}).status_code == 404
    assert client.post("/exits/settings/reasons/", {
        "company": str(other.code), "code": "evil", "name": "恶意", "evidence": "none", "order": 1}).status_code == 404
    # A question id of company 2 posted on company 1's page is a new question of company 1, never theirs.
    response = client.post("/exits/settings/questions/", {
        "q-TOTAL_FORMS": "1", "q-INITIAL_FORMS": "0", "q-0-id": question.pk, "q-0-text": "改掉了",
        "q-0-kind": "text", "q-0-order": "1"})
    assert response.status_code == 302
    assert SurveyQuestion.objects.filter(company=world.company, text="改掉了", active=True).exists()
    # Company 1's own pages name none of company 2's rows.
    page = client.get("/exits/settings/reasons/").content.decode()
    assert f"/exits/settings/reasons/{theirs.pk}/" not in page
    assert snapshot(other) == before


def test_nor_through_the_api(client, world, bureau):
    other, _admin = bureau
    before = snapshot(other)
    theirs = ExitReason.objects.get(company=other, code="pay")
    position = Position.objects.get(company=other)
    client.force_login(world.users["hr_admin"])
    for url in APIS:
        assert client.get(f"{url}?company={other.pk}").status_code == 404
    assert client.get(f"/api/exits/reasons/{theirs.pk}/").status_code == 404
    assert client.patch(f"/api/exits/reasons/{theirs.pk}/", {"name": "改掉了"},
                        content_type="application/json").status_code == 404
    assert client.post(f"/api/exits/reasons/?company={other.pk}", {"code": "evil", "name": "恶意"},
                       content_type="application/json").status_code == 404
    assert client.put(f"/api/exits/survey-questions/?company={other.pk}", {"questions": [
        {"text": "改掉了", "kind": "text"}]}, content_type="application/json").status_code == 404
    assert client.put(f"/api/exits/replacement-costs/?company={other.pk}", {"position": position.pk, "amount": "1"},
                      content_type="application/json").status_code == 404
    # Company 2's position on company 1's list is not a choice.
    assert client.put("/api/exits/replacement-costs/", {"position": position.pk, "amount": "1"},
                      content_type="application/json").status_code == 400
    assert snapshot(other) == before
    # Company 1's own list: its reasons only.
    codes = [r["company"] for r in client.get("/api/exits/reasons/").json()]
    assert set(codes) == {world.company.pk}


def test_the_admin_changes_their_own_company_through_the_api(client, world, bureau):
    other, _admin = bureau
    before = snapshot(other)
    client.force_login(world.users["hr_admin"])
    response = client.post("/api/exits/reasons/", {"code": "pay_equity", "name": "薪酬不公平", "parent": "pay",
                                                    "evidence": "pay"}, content_type="application/json")
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["parent"] == "pay" and created["company"] == world.company.pk and created["active"] is True
    assert client.post("/api/exits/reasons/", {"code": "pay_equity", "name": "重复"},
                       content_type="application/json").status_code == 400  # a code once per company
    response = client.patch(f"/api/exits/reasons/{created['id']}/", {"active": False, "code": "renamed"},
                            content_type="application/json")
    assert response.status_code == 200
    assert response.json()["active"] is False and response.json()["code"] == "pay_equity"  # the code stays
    response = client.put("/api/exits/survey-questions/", {"questions": [
        {"text": "您对办公环境的满意程度", "kind": "scale", "order": 1}]}, content_type="application/json")
    assert response.status_code == 200 and [q["text"] for q in response.json()] == ["您对办公环境的满意程度"]
    position = Position.objects.create(company=world.company, name="销售代表")
    response = client.put("/api/exits/replacement-costs/", {"position": position.pk, "amount": "30000"},
                          content_type="application/json")
    assert response.status_code == 200 and response.json()[0]["amount"] == "30000.00"
    assert snapshot(other) == before
    # The same code in company 2 is its own reason.
    client.force_login(_admin)
    assert client.post("/api/exits/reasons/", {"code": "pay_equity", "name": "同工不同酬"},
                       content_type="application/json").status_code == 201


def test_a_unit_scoped_hr_admin_does_not_change_the_companys(client, world):
    unit_admin = make_user("unitadmin", Role.HR_ADMIN, company=world.company, unit=world.sales)
    reason = ExitReason.objects.get(company=world.company, code="pay")
    client.force_login(unit_admin)
    for url in [*PAGES, f"/exits/settings/reasons/{reason.pk}/"]:
        assert client.get(url).status_code == 403
        assert client.post(url, {}).status_code == 403
    for url in [*APIS, f"/api/exits/reasons/{reason.pk}/"]:
        assert client.get(url).status_code == 403


def test_an_admin_of_two_companies_switches_between_them(client, world, bureau):
    other, _admin = bureau
    group_admin = make_user("groupadmin", Role.HR_ADMIN, company=world.company)
    group_admin.grants.create(role=Role.HR_ADMIN, company=other)
    theirs = ExitReason.objects.get(company=other, code="study")
    client.force_login(group_admin)
    page = client.get(f"/exits/settings/reasons/?company={other.code}").content.decode()
    assert f"/exits/settings/reasons/{theirs.pk}/?company={other.code}" in page
    assert f"?company={world.company.code}" in page  # the switcher
    response = client.post(f"/exits/settings/reasons/{theirs.pk}/?company={other.code}", {
        "name": theirs.name, "parent": "", "evidence": "none", "rehire_limit": "", "order": theirs.order})
    assert response.status_code == 302 and response.url.endswith(f"?company={other.code}")
    theirs.refresh_from_db()
    assert theirs.active is False
    assert ExitReason.objects.get(company=world.company, code="study").active is True
    assert client.get(f"/api/exits/reasons/?company={other.pk}").status_code == 200


def test_a_departure_takes_only_its_own_companys_reasons(world, hr, bureau):
    other, _admin = bureau
    departure = leave(world.lisi, DAY, actor=hr)
    foreign = ExitReason.objects.get(company=other, code="pay")
    with pytest.raises(services.ExitError):
        services.verify_reason(departure, acting_user=hr, reason=foreign, note="x")
    interview = services.start_interview(departure, acting_user=hr, held_at=dt.datetime(2026, 6, 28, 10, tzinfo=dt.UTC))
    with pytest.raises(services.ExitError):
        services.update_interview(interview, acting_user=hr, fields={},
                                  reasons=[{"reason": foreign, "primary": True}])
    with pytest.raises(services.ExitError):
        actions.create_action(acting_user=hr, company=world.company, title="x", reason=foreign, org_unit=None,
                              cluster_start=DAY, cluster_end=DAY, owner=hr, due_date=DAY)
    departure.refresh_from_db()
    assert departure.verified_reason is None and not interview.reasons.exists()


def test_the_api_names_reasons_by_the_departures_company(client, world, hr, bureau):
    other, _admin = bureau
    ExitReason.objects.filter(company=world.company, code="pay").update(code="pay_renamed")
    departure = leave(world.lisi, DAY, actor=hr)
    client.force_login(hr)
    # "pay" exists only in company 2 now: not a reason of this departure.
    response = client.post(f"/api/exits/departures/{departure.code}/verify/", {"reason": "pay", "note": "x"},
                           content_type="application/json")
    assert response.status_code == 400
    response = client.post(f"/api/exits/departures/{departure.code}/verify/", {"reason": "pay_renamed", "note": "x"},
                           content_type="application/json")
    assert response.status_code == 200 and response.json()["verified_reason"] == "pay_renamed"


def test_a_new_company_gets_the_default_reasons_and_questions(db):
    company = make_company(name="新公司")
    make_employee(make_unit(company, "总部"), "员工")
    assert ExitReason.objects.filter(company=company, parent__isnull=True).count() == 13
    assert SurveyQuestion.objects.filter(company=company).count() == 7
