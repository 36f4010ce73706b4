"""离职补偿计算器 (HR page) and POST /api/law/compute."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from farewell.cases import services
from tests.factories import make_contract, make_wages

EXAMPLE = {
    "ground": "mutual_employer_initiated",
    "hire_date": "2020-03-01",
    "separation_date": "2022-08-31",
    "monthly_wages": [10000],
}


def _form(**overrides):
    data = {
        "jurisdiction": "CN",
        "ground": "mutual_employer_initiated",
        "hire_date": "2020-03-01",
        "separation_date": "2022-08-31",
        "monthly_wages": "10000",
    }
    data.update(overrides)
    return data


@pytest.fixture
def hr(client, world):
    client.force_login(world.users["hr_admin"])
    return client


class TestCalculatorPage:
    def test_it_shows_the_form_to_hr(self, hr):
        response = hr.get("/cases/calculator/")
        assert response.status_code == 200
        assert "离职补偿计算器" in response.content.decode()

    @pytest.mark.parametrize("persona", ["manager", "employee", "auditor", "approver", "outsider"])
    def test_it_forbids_other_roles(self, client, world, persona):
        client.force_login(world.users[persona])
        assert client.get("/cases/calculator/").status_code == 403

    def test_it_sends_anonymous_users_to_login(self, client, db):
        response = client.get("/cases/calculator/")
        assert response.status_code == 302 and "login" in response["Location"]

    def test_it_computes_the_contract_example(self, hr):
        # 2020-03-01 through 2022-08-31 is 2 years 6 months → N = 3 (LCL 47: a remainder of
        # 6 months or more counts as a full year); 3 × 10,000 = 30,000.00 = 叁万元整.
        page = hr.post("/cases/calculator/", _form()).content.decode()
        assert "30,000.00" in page
        assert "叁万元整" in page
        assert "第四十七条" in page
        assert "separation_certificate" not in page  # codes stay out; the Chinese title shows
        assert "出具解除或者终止劳动合同的证明" in page

    def test_it_flags_an_unlawful_dismissal_during_pregnancy(self, hr):
        # LCL 42(4): no LCL 40 termination of a pregnant employee → unlawful, 2N (LCL 87):
        # 2 × 3 × 10,000 = 60,000.00.
        page = hr.post(
            "/cases/calculator/", _form(ground="incompetence", protected_status=["pregnancy"])
        ).content.decode()
        assert "存在违法风险" in page
        assert "60,000.00" in page

    def test_it_names_the_field_when_separation_precedes_hire(self, hr):
        response = hr.post("/cases/calculator/", _form(separation_date="2019-01-01"))
        form = response.context["form"]
        assert "separation_date" in form.errors
        assert response.context["result"] is None

    def test_it_names_the_wage_that_is_not_a_number(self, hr):
        response = hr.post("/cases/calculator/", _form(monthly_wages="10000, abc"))
        errors = response.context["form"].errors["monthly_wages"]
        assert "abc" in errors[0] and "2" in errors[0]

    def test_it_refuses_more_than_twelve_wages_on_that_field(self, hr):
        response = hr.post("/cases/calculator/", _form(monthly_wages=",".join(["10000"] * 13)))
        assert "monthly_wages" in response.context["form"].errors

    def test_it_prefills_from_an_employee_in_scope(self, hr, world):
        make_wages(world.lisi, dt.date(2025, 1, 1), [8000] * 12)
        make_contract(world.lisi, start_date=world.lisi.hire_date, end_date=dt.date(2026, 2, 28),
                      probation_end_date=dt.date(2020, 8, 31))
        response = hr.get(f"/cases/calculator/?employee={world.lisi.code}&separation_date=2026-01-31")
        initial = response.context["form"].initial
        assert initial["hire_date"] == world.lisi.hire_date.isoformat()
        assert initial["monthly_wages"] == ", ".join(["8000.00"] * 12)
        assert initial["probation_end_date"] == "2020-08-31"

    def test_it_hides_employees_outside_the_hrbp_scope(self, client, world):
        client.force_login(world.users["hrbp_sales"])
        response = client.get(f"/cases/calculator/?employee={world.chenqi.code}")
        assert response.status_code == 404


class TestEngineInputFromRecords:
    def test_it_takes_the_twelve_months_before_the_month_of_separation(self, world):
        # Wages Jan 2025 .. Mar 2026 (15 months); separation 2026-03-15 → Mar 2025 .. Feb 2026.
        make_wages(world.lisi, dt.date(2025, 1, 1), [1000 + i for i in range(15)])
        data = services.engine_input_for(world.lisi, ground="incompetence", separation_date=dt.date(2026, 3, 15))
        assert data["monthly_wages"] == [Decimal(1002 + i) for i in range(12)]
        assert data["last_month_wage"] == Decimal(1013)  # February 2026

    def test_it_leaves_out_months_not_worked(self, world):
        make_wages(world.lisi, dt.date(2025, 9, 1), [5000] * 4)  # Sep .. Dec 2025
        data = services.engine_input_for(world.lisi, ground="incompetence", separation_date=dt.date(2026, 1, 31))
        assert len(data["monthly_wages"]) == 4


class TestComputeApi:
    def test_it_answers_the_contract_example(self, hr):
        response = hr.post("/api/law/compute", EXAMPLE, content_type="application/json")
        assert response.status_code == 200
        body = response.json()
        assert body["compensation_months"] == 3
        assert Decimal(str(body["economic_compensation"])) == Decimal("30000")
        assert body["lawful"] is True

    def test_it_answers_a_list_in_order(self, hr):
        second = {**EXAMPLE, "separation_date": "2022-08-30"}  # 2 y 5 m 30 d → N = 2.5
        response = hr.post("/api/law/compute", [EXAMPLE, second], content_type="application/json")
        assert [r["compensation_months"] for r in response.json()] == [3, 2.5]

    def test_it_ignores_the_apps_own_practice_key(self, hr):
        # The contract ignores unknown keys: the app's `practice_options` (a case's stored input) is one of them.
        sent = [EXAMPLE, {**EXAMPLE, "practice_options": {"practice": "beijing", "chosen_by": "case", "reason": "x"}}]
        plain, with_key = hr.post("/api/law/compute", sent, content_type="application/json").json()
        assert with_key == plain and "practice" not in with_key and "practice_choice" not in with_key

    def test_it_names_the_bad_field(self, hr):
        bad = [EXAMPLE, EXAMPLE, EXAMPLE, {**EXAMPLE, "hire_date": "2020-13-01"}]
        response = hr.post("/api/law/compute", bad, content_type="application/json")
        assert response.status_code == 400
        assert response.json()["field"] == "[3].hire_date"

    def test_it_rejects_a_ground_of_the_other_rule_pack(self, hr):
        response = hr.post(
            "/api/law/compute", {**EXAMPLE, "ground": "cs_resignation"}, content_type="application/json"
        )
        assert response.status_code == 400 and response.json()["field"] == "ground"

    def test_it_rejects_malformed_json(self, hr):
        response = hr.post("/api/law/compute", "{not json", content_type="application/json")
        assert response.status_code == 400

    @pytest.mark.parametrize("persona", ["employee", "manager", "auditor"])
    def test_it_forbids_other_roles(self, client, world, persona):
        client.force_login(world.users[persona])
        response = client.post("/api/law/compute", json.dumps(EXAMPLE), content_type="application/json")
        assert response.status_code == 403

    def test_it_refuses_anonymous_callers(self, client, db):
        response = client.post("/api/law/compute", json.dumps(EXAMPLE), content_type="application/json")
        assert response.status_code in (401, 403)


def test_the_engine_input_uses_the_local_wage_figures_hr_added(world):
    from farewell.org.models import LocalWageFigure

    # The company is in 上海; a corrected 2025 average applies to a 2026 separation (prior year).
    LocalWageFigure.objects.create(city="上海", kind="average", year=2025, amount=Decimal("13000"), source="更正")
    data = services.engine_input_for(world.lisi, ground="incompetence", separation_date=dt.date(2026, 6, 30))
    assert data["local_avg_monthly_wage"] == Decimal("13000")


def test_the_form_errors_are_in_chinese_on_the_field(client, world):
    client.force_login(world.users["hr_admin"])
    form = client.post("/cases/calculator/", _form(separation_date="2019-01-01")).context["form"]
    assert form.errors["separation_date"] == ["2019-01-01 早于入职日期 2020-03-01"]
    form = client.post("/cases/calculator/", _form(monthly_wages=",".join(["10000"] * 13))).context["form"]
    assert "最多填写12个月" in form.errors["monthly_wages"][0]
    form = client.post("/cases/calculator/", _form(monthly_wages="1,2", overtime_pay_included="1")).context["form"]
    assert "逐月对应" in form.errors["overtime_pay_included"][0]
    form = client.post("/cases/calculator/", _form(hire_date="2000-01-01", separation_date="2007-06-30")).context["form"]
    assert "2008年1月1日" in form.errors["separation_date"][0]


class TestCalculatorAmounts:
    """Amounts as people type them; no wages is a missing input, never "nothing is owed"."""

    @pytest.mark.parametrize("typed", ["15,000", "15000.00", "￥15,000", "¥15,000元", "１５，０００"])
    def test_one_month_of_fifteen_thousand_however_typed(self, hr, typed):
        page = hr.post("/cases/calculator/", _form(monthly_wages=typed)).content.decode()
        assert "45,000.00" in page  # N = 3 × 15,000

    def test_two_months_separated_by_a_comma(self, hr):
        page = hr.post("/cases/calculator/", _form(monthly_wages="10000,12000")).content.decode()
        assert "33,000.00" in page  # N = 3 × 11,000

    def test_no_wages_asks_for_them(self, hr):
        page = hr.post("/cases/calculator/", _form(monthly_wages="")).content.decode()
        assert "请填写月工资" in page
        assert "无法定应付款项" not in page


class TestCalculatorPractice:
    """The local practice (law/practices.py): the HR user's company city by default, any named one, or the
    national rules; the explanation names it."""

    def test_the_form_offers_the_city_default_the_national_rules_and_each_practice(self, hr):
        form = hr.get("/cases/calculator/").context["form"]
        codes = [code for code, _label in form.fields["practice"].choices]
        assert codes == ["", "national", "beijing", "shanghai", "guangdong", "jiangsu", "zhejiang"]
        assert "上海市裁判口径" in dict(form.fields["practice"].choices)[""]  # the world's company is in 上海

    def test_by_default_the_result_is_under_the_company_citys_practice(self, hr):
        page = hr.post("/cases/calculator/", _form()).content.decode()
        assert 'data-practice="shanghai"' in page
        assert "（按上海市裁判口径）" in page  # the summary N × base says under which practice
        assert 'id="practice-chosen"' not in page

    def test_a_chosen_practice_is_named_with_its_source(self, hr):
        page = hr.post("/cases/calculator/", _form(practice="beijing")).content.decode()
        assert 'data-practice="beijing"' in page
        assert "京高法发〔2024〕534号" in page
        assert "（按北京市裁判口径）" in page and "（按上海市裁判口径）" not in page
        assert 'id="practice-chosen"' in page
        assert "30,000.00" in page

    def test_the_national_rules_can_be_chosen(self, hr):
        page = hr.post("/cases/calculator/", _form(practice="national")).content.decode()
        assert 'data-practice="national"' in page
        assert "裁判口径）" not in page.split('id="practice"')[0]  # no practice in the summary
        assert 'id="practice-chosen"' in page

    def test_choosing_the_citys_own_practice_is_no_change(self, hr):
        page = hr.post("/cases/calculator/", _form(practice="shanghai")).content.decode()
        assert 'data-practice="shanghai"' in page and 'id="practice-chosen"' not in page

    def test_an_unknown_practice_is_a_field_error(self, hr):
        response = hr.post("/cases/calculator/", _form(practice="atlantis"))
        assert "practice" in response.context["form"].errors
        assert 'data-practice=' not in response.content.decode()

    def test_a_company_in_a_city_without_a_named_practice_defaults_to_the_national_rules(self, hr, world):
        world.company.city = "成都"
        world.company.save(update_fields=["city"])
        form = hr.get("/cases/calculator/").context["form"]
        assert "全国通行规则" in dict(form.fields["practice"].choices)[""]
        page = hr.post("/cases/calculator/", _form()).content.decode()
        assert 'data-practice="national"' in page and 'id="practice-chosen"' not in page
        page = hr.post("/cases/calculator/", _form(practice="guangdong")).content.decode()
        assert 'data-practice="guangdong"' in page and "（按广东省裁判口径）" in page

    def test_prefilled_from_an_employee_of_the_company_it_keeps_the_default(self, hr, world):
        form = hr.get(f"/cases/calculator/?employee={world.lisi.code}").context["form"]
        assert form.initial.get("practice", "") == ""


@pytest.mark.parametrize(("overrides", "field", "words"), [
    ({"monthly_wages": "10000", "overtime_pay_included": "20000"}, "overtime_pay_included", "超过当月工资"),
    ({"probation_end_date": "2019-01-01"}, "probation_end_date", "2019-01-01 早于入职日期 2020-03-01"),
    ({"ground": "cs_resignation"}, "ground", "公务员法"),
    ({"local_avg_monthly_wage": "99999999999"}, "local_avg_monthly_wage", "当地上年度职工月平均工资不能超过 99,999,999.99 元"),
    ({"extra_compensation": "99999999999"}, "extra_compensation", "协商额外补偿不能超过 9,999,999,999.99 元"),
    ({"notice_given_days": "9" * 20}, "notice_given_days", "9999999999"),
    ({"monthly_wages": "99999999999"}, "monthly_wages", "过大"),
])
def test_what_the_engine_refuses_in_english_the_form_says_in_chinese_on_the_field(client, world, overrides, field,
                                                                                   words):
    # the engine's own messages ("overtime exceeds the month's wage", "probation ends before hire_date",
    # "ground \"cs_resignation\" belongs to CN-civil-service, not CN", "must be below 10^10") are English
    # with code names: HR reads the field's own message instead, and no engine run
    client.force_login(world.users["hr_admin"])
    response = client.post("/cases/calculator/", _form(**overrides))
    errors = response.context["form"].errors
    assert list(errors) == [field] and words in errors[field][0], errors
    assert response.context["result"] is None
