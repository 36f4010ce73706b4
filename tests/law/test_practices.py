"""Local variants: the configurable points as options, each changing the result and its explanation;
the provincial practices named with their source, picked from the company's city."""

from __future__ import annotations

import pytest

from farewell.law import PRACTICES, Options, compute, compute_json, options_for_city, practice_for_city
from farewell.law.explain import explain

from .support import BASE


def line(out: dict, item: str) -> dict:
    return next(x for x in out["lines"] if x["item"] == item)


class TestPoints:
    def test_overtime_left_out_of_the_average(self):
        # 12000 with 2000 overtime: N 3 × 12000 = 36000.00 (default, Reg. 27: wages due);
        # without overtime 3 × 10000 = 30000.00
        data = {**BASE, "monthly_wages": [12000], "overtime_pay_included": [2000]}
        assert compute_json(data)["economic_compensation"] == 36000
        out = compute_json(data, Options(average_overtime="excluded"))
        assert out["economic_compensation"] == 30000
        assert "平均工资不含加班工资 2000.00" in line(out, "economic_compensation")["formula"]

    def test_notice_pay_from_the_average(self):
        # Reg. 20: the previous month's wage 11000.00; the 12-month average (9000 + 11000) / 2 = 10000.00
        data = {**BASE, "ground": "incompetence", "monthly_wages": [9000, 11000], "union_notified": True}
        assert compute_json(data)["notice_pay"] == 11000
        out = compute_json(data, Options(notice_pay_base="average"))
        assert out["notice_pay"] == 10000
        assert "前十二个月平均工资（当地做法）20000.00 ÷ 2" in line(out, "notice_pay")["formula"]

    def test_the_leap_year_divisor(self):
        # 2024-01-01..03-13 = 73 days, 15 days a year: 73 / 365 × 15 = 3.0 → 3; 73 / 366 × 15 = 2.99 → 2;
        # 21750 a month → 1000 a day → 2000 per untaken day: 6000.00 and 4000.00
        data = {**BASE, "hire_date": "2000-01-01", "separation_date": "2024-03-13", "monthly_wages": [21750],
                "annual_leave": {"cumulative_work_years": 20, "days_taken_this_year": 0}}
        assert compute_json(data)["annual_leave_pay"] == 6000
        out = compute_json(data, Options(leave_year_days="actual"))
        assert out["annual_leave_pay"] == 4000
        formula = line(out, "annual_leave_pay")["formula"]
        assert "⌊73 ÷ 366 × 15 − 0⌋ = 2天" in formula and "按当地做法除以366" in formula

    def test_one_span_for_pre2008_service(self):
        # §2 configurable: 2005-03-01..2024-06-30 as one LCL 47 span: 19 y 4 m → 19.5 (segmented: 3 + 17 = 20)
        data = {**BASE, "hire_date": "2005-03-01", "separation_date": "2024-06-30"}
        out = compute_json(data, Options(pre2008_counting="one_span"))
        assert out["compensation_months"] == 19.5 and out["economic_compensation"] == 195000
        assert "工作年限连续计算（不分2008年前后）" in line(out, "economic_compensation")["formula"]

    def test_segmented_damages(self):
        data = {**BASE, "ground": "unlawful_termination", "hire_date": "2005-03-01", "separation_date": "2024-06-30"}
        out = compute_json(data, Options(damages_counting="segmented"))
        assert out["unlawful_termination_damages"] == 400000  # 2 × (3 + 17) × 10000
        assert out["summary"].startswith("赔偿金 = 2 × (N前 3 × 2008年前基数 10000.00 + N后 17")

    def test_an_unknown_value_is_refused(self):
        with pytest.raises(ValueError):
            Options(notice_pay_base="last_year")


class TestPractices:
    @pytest.mark.parametrize(("city", "code"), [("北京", "beijing"), ("北京市", "beijing"), ("上海市", "shanghai"),
                                                ("深圳", "guangdong"), ("广州市", "guangdong"), ("苏州", "jiangsu"),
                                                ("杭州市", "zhejiang"), ("Hangzhou", "zhejiang")])
    def test_the_companys_city_picks_the_practice(self, city, code):
        assert practice_for_city(city).code == code
        assert options_for_city(city).practice == code

    def test_other_cities_keep_the_contract_defaults(self):
        assert options_for_city("成都") == Options() and options_for_city(None) == Options()

    @pytest.mark.parametrize("code", sorted(PRACTICES))
    def test_each_practice_is_named_with_its_source_in_the_explanation(self, code):
        practice = PRACTICES[code]
        options = options_for_city(practice.cities[0])
        out = compute_json(BASE, options)
        assert out["practice"]["source"] == practice.source and out["practice"]["date"]
        assert out["summary"].endswith(f"（按{practice.name[0]}）")
        text = explain(compute(BASE, options))
        assert f"地方做法：{practice.name[0]} —— {practice.source}" in text
        english = compute_json(BASE, options, lang="en")
        assert english["summary"].endswith(f"(under {practice.name[1]})") and english["practice"]["note"]
        # the engine states no local rule it could not confirm: where unconfirmed, the note says so
        if not practice.settings:
            assert "未能核对" in out["practice"]["note"] and "could not check" in english["practice"]["note"]
            assert out["economic_compensation"] == compute_json(BASE)["economic_compensation"]

    def test_a_practice_can_be_overridden_point_by_point(self):
        from dataclasses import replace

        options = replace(options_for_city("北京"), average_overtime="excluded")
        out = compute_json({**BASE, "monthly_wages": [12000], "overtime_pay_included": [2000]}, options)
        assert out["economic_compensation"] == 30000 and out["practice"]["code"] == "beijing"

    def test_the_cli_default_names_no_practice(self):
        assert "practice" not in compute_json(BASE)


class TestBeijing:
    """京高法发〔2024〕534号 解答（一）, answers 55(4) and 66: worked examples of what each sentence settles.

    The separation: hired 2005-03-01, separated 2024-06-30 (19 y 4 m), 10,000 a month (BASE's wage)."""

    PRE2008 = {**BASE, "hire_date": "2005-03-01", "separation_date": "2024-06-30"}

    def test_the_practice_states_its_points(self):
        practice = PRACTICES["beijing"]
        assert practice.settings == {"pre2008_counting": "segmented", "damages_counting": "whole_service",
                                     "average_overtime": "included"}
        assert "京高法发〔2024〕534号" in practice.source and practice.date == "2024-04-30"
        note = practice.note[0]
        assert "第66问" in note and "第55问第(4)项" in note and "代通知金" in note and "第62问" in note

    def test_answer_66_damages_count_the_whole_service_times_two(self):
        # “自用工之日起依照《劳动合同法》第四十七条的规定计算出经济补偿，再乘以2，即为赔偿金，不再分段计算”:
        # 19 y 4 m from the first day under LCL 47 → 19.5; 2 × 19.5 × 10,000 = 390,000.00 — not the
        # segmented 2 × (3 + 17) × 10,000 = 400,000.00 a company could choose as its own option.
        data = {**self.PRE2008, "ground": "unlawful_termination"}
        out = compute_json(data, options_for_city("北京"))
        assert out["unlawful_termination_damages"] == 390000 and out["compensation_months"] == 19.5
        assert compute_json(data, Options(damages_counting="segmented"))["unlawful_termination_damages"] == 400000
        assert "第66问" in explain(compute(data, options_for_city("北京")))

    def test_answer_66_compensation_is_counted_in_two_segments(self):
        # “2007年12月31日前的经济补偿依照《劳动法》及其配套规定计算，2008年1月1日后……依照《劳动合同法》”:
        # 2005-03-01..2007-12-31 under the 1994 Measures (a part of a year a full year) → 3;
        # 2008-01-01..2024-06-30 under LCL 47 → 16 y 6 m → 17; (3 + 17) × 10,000 = 200,000.00, both segments on the
        # 12-month average (“经济补偿的基数为……前十二个月的平均工资，不再分段计算”). Counted as one span: 195,000.00.
        out = compute_json(self.PRE2008, options_for_city("北京"))
        assert out["economic_compensation"] == 200000 and out["compensation_months"] == 20
        assert out["summary"].startswith("经济补偿 = N前 3 × 2008年前基数 10000.00 + N后 17")
        assert compute_json(self.PRE2008, Options(pre2008_counting="one_span"))["economic_compensation"] == 195000

    def test_answer_55_4_the_average_includes_overtime(self):
        # “其中包括正常工作时间的工资，还包括劳动者的加班费”: 12,000 of which 2,000 overtime → 3 × 12,000 =
        # 36,000.00 (2 y 6 m → N 3); a practice that left overtime out would give 3 × 10,000 = 30,000.00.
        data = {**BASE, "monthly_wages": [12000], "overtime_pay_included": [2000]}
        assert compute_json(data, options_for_city("北京"))["economic_compensation"] == 36000
        assert compute_json(data, Options(average_overtime="excluded"))["economic_compensation"] == 30000

    def test_the_explanation_names_the_answers_in_both_languages(self):
        text = explain(compute(BASE, options_for_city("北京")))
        assert "京高法发〔2024〕534号" in text and "第55问第(4)项" in text
        english = compute_json(BASE, options_for_city("北京"), lang="en")["practice"]["note"]
        assert "answers 55(4) and 66" in english and "annual-leave divisor" in english
