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

    @pytest.mark.parametrize("code", sorted(PRACTICES))
    def test_the_note_names_no_program_identifier(self, code):
        # HR reads the note on the calculator and the case: an option's code name (pre2008_local_rule)
        # or a source file (prc_rules.md) means nothing there and is no setting they can find
        import re

        for note in PRACTICES[code].note:
            assert not re.search(r"[A-Za-z0-9]+_[A-Za-z0-9_]+|\.md\b", note), note

    def test_a_practice_can_be_overridden_point_by_point(self):
        from farewell.law.records import replace

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


class TestFromHire:
    """`pre2008_counting="from_hire"`: one LCL 47 span from hire where the ground gave compensation in both
    periods, the 1994 Measures' 12-year cap on pre-2008 years kept, a high earner's 12 years counted from 2008."""

    FROM_HIRE = Options(pre2008_counting="from_hire")

    def test_one_span_from_the_first_day(self):
        # 2005-03-01..2024-06-30 = 19 y 4 m → 19.5 (segmented: 3 + 17 = 20)
        data = {**BASE, "hire_date": "2005-03-01", "separation_date": "2024-06-30"}
        out = compute_json(data, self.FROM_HIRE)
        assert out["compensation_months"] == 19.5 and out["economic_compensation"] == 195000
        assert "工作年限自用工之日起连续计算" in line(out, "economic_compensation")["formula"]
        assert out["summary"] == "经济补偿 = N 19.5 × 月工资基数 10000.00 = 195000.00 元"

    def test_pre2008_years_capped_at_twelve_from_the_day_before(self):
        # mutual (1994 Measures Art. 5: at most 12): hired 1995-12-31, the 13th year before 2008 begins that
        # day → counted from 1996-01-01: 1996-01-01..2024-06-29 = 28 y 5 m 29 d → 28.5 (uncapped: 28 y 6 m → 29)
        data = {**BASE, "hire_date": "1995-12-31", "separation_date": "2024-06-29"}
        out = compute_json(data, self.FROM_HIRE)
        assert out["compensation_months"] == 28.5 and out["economic_compensation"] == 285000
        assert "2008年前的工作年限最多十二年，自1996-01-01起计" in line(out, "economic_compensation")["formula"]
        assert compute_json(data, Options(pre2008_counting="one_span"))["compensation_months"] == 29

    def test_pre2008_years_not_capped_at_exactly_twelve(self):
        data = {**BASE, "hire_date": "1996-01-01", "separation_date": "2024-06-29"}
        out = compute_json(data, self.FROM_HIRE)
        assert out["compensation_months"] == 28.5
        assert "最多十二年" not in line(out, "economic_compensation")["formula"]

    def test_uncapped_grounds_keep_every_pre2008_year(self):
        # objective_change (1994 Measures Art. 8: no cap): 1990-03-01..2024-03-31 = 34 y 1 m → 34.5
        data = {**BASE, "ground": "objective_change", "union_notified": True, "hire_date": "1990-03-01",
                "separation_date": "2024-03-31"}
        assert compute_json(data, self.FROM_HIRE)["compensation_months"] == 34.5

    def test_a_high_earner_counts_twelve_years_from_2008(self):
        # base 10000 > 3 × 3000: capped at 9000; the years from 2008 end on 2019-12-31:
        # 2005-03-01..2019-12-31 = 14 y 10 m → 15 × 9000 = 135000.00 (one span: N 19.5 → 12 × 9000 = 108000.00)
        data = {**BASE, "hire_date": "2005-03-01", "separation_date": "2024-06-30", "local_avg_monthly_wage": 3000}
        out = compute_json(data, self.FROM_HIRE)
        assert out["compensation_months"] == 15 and out["economic_compensation"] == 135000
        assert "计至2019-12-31" in line(out, "economic_compensation")["formula"]
        assert compute_json(data, Options(pre2008_counting="one_span"))["economic_compensation"] == 108000

    def test_a_high_earner_separated_on_the_last_counted_day(self):
        # 2005-03-01..2019-12-31: nothing cut; one day later the span stops there
        data = {**BASE, "hire_date": "2005-03-01", "separation_date": "2019-12-31", "local_avg_monthly_wage": 3000}
        out = compute_json(data, self.FROM_HIRE)
        assert out["compensation_months"] == 15 and "计至" not in line(out, "economic_compensation")["formula"]
        later = compute_json({**data, "separation_date": "2020-01-01"}, self.FROM_HIRE)
        assert later["compensation_months"] == 15 and "计至2019-12-31" in line(later, "economic_compensation")["formula"]

    def test_no_pre2008_compensation_counts_from_2008(self):
        # expiry gave nothing before 2008: 2008-01-01..2024-06-30 = 16 y 6 m → 17, as segmented
        data = {**BASE, "ground": "expiry_employer_not_renewing", "hire_date": "2005-03-01",
                "separation_date": "2024-06-30"}
        assert compute_json(data, self.FROM_HIRE)["economic_compensation"] == 170000 == compute_json(data)[
            "economic_compensation"]

    def test_english(self):
        data = {**BASE, "hire_date": "1990-03-01", "separation_date": "2024-03-31"}
        formula = line(compute_json(data, self.FROM_HIRE, lang="en"), "economic_compensation")["formula"]
        assert "service counted from the first day of employment" in formula and "from 1996-01-01" in formula


class TestNoticePayFloor:
    """`notice_pay_floor="minimum_wage"`: the previous month's wage raised to `local_min_wage` when below it."""

    FLOOR = Options(notice_pay_floor="minimum_wage")
    DATA = {**BASE, "ground": "incompetence", "union_notified": True, "monthly_wages": [9000, 1800],
            "local_min_wage": 2490}

    def test_a_month_below_the_minimum_is_raised(self):
        out = compute_json(self.DATA, self.FLOOR)
        assert out["notice_pay"] == 2490 and compute_json(self.DATA)["notice_pay"] == 1800
        assert "1800.00 低于当地最低工资标准，按最低工资（当地做法）2490.00 = 2490.00" in line(out, "notice_pay")["formula"]

    def test_a_month_at_the_minimum_stays(self):
        out = compute_json({**self.DATA, "monthly_wages": [9000, 2490]}, self.FLOOR)
        assert out["notice_pay"] == 2490 and "低于" not in line(out, "notice_pay")["formula"]

    def test_last_month_wage_is_floored_too(self):
        assert compute_json({**self.DATA, "last_month_wage": 2489.99}, self.FLOOR)["notice_pay"] == 2490

    def test_without_a_minimum_wage_nothing_is_raised(self):
        data = {k: v for k, v in self.DATA.items() if k != "local_min_wage"}
        assert compute_json(data, self.FLOOR)["notice_pay"] == 1800

    def test_notice_given_owes_nothing(self):
        assert compute_json({**self.DATA, "notice_given_days": 30}, self.FLOOR)["notice_pay"] == 0

    def test_english(self):
        formula = line(compute_json(self.DATA, self.FLOOR, lang="en"), "notice_pay")["formula"]
        assert "is below the local minimum wage, so the minimum wage (local practice) 2490.00 = 2490.00" in formula


class TestGuangdong:
    """粤高法〔2012〕284号 纪要, Arts. 31–33: worked examples of what each article settles.

    The separation: hired 2005-03-01, separated 2024-06-30 (19 y 4 m), 10,000 a month, mutual (BASE)."""

    PRE2008 = {**BASE, "hire_date": "2005-03-01", "separation_date": "2024-06-30"}

    def test_the_practice_states_its_points(self):
        practice = PRACTICES["guangdong"]
        assert practice.settings == {"pre2008_counting": "from_hire", "damages_counting": "whole_service"}
        assert "粤高法〔2012〕284号" in practice.source and practice.date == "2012-07-23"
        note = practice.note[0]
        assert "第31、32、33条" in note and "代通知金" in note and "年休假" in note and "加班" in note

    def test_art_32_2_service_counts_from_hire(self):
        # “用人单位均需支付经济补偿的，劳动者的工作年限自用工之日起计算”: 19 y 4 m → 19.5 × 10,000 = 195,000.00
        # — not the national segments 3 + 17 = 20 (200,000.00)
        out = compute_json(self.PRE2008, options_for_city("广州"))
        assert out["economic_compensation"] == 195000 and out["compensation_months"] == 19.5
        assert compute_json(self.PRE2008)["economic_compensation"] == 200000
        assert out["summary"].endswith("（按广东省裁判口径）")

    def test_art_32_2_mutual_counts_at_most_12_years_before_2008(self):
        # “协商一致解除……劳动者在《劳动合同法》实施以前计发经济补偿的工作年限最多不超过12年”:
        # hired 1990-03-01: 17 y 10 m before 2008 → 12 (from 1996-01-01); 1996-01-01..2024-03-31 = 28 y 3 m → 28.5
        data = {**BASE, "hire_date": "1990-03-01", "separation_date": "2024-03-31"}
        out = compute_json(data, options_for_city("深圳"))
        assert out["compensation_months"] == 28.5 and out["economic_compensation"] == 285000

    def test_art_32_1_no_pre2008_compensation_counts_from_2008(self):
        # “用人单位无需支付经济补偿的，劳动者工作年限自《劳动合同法》实施之日起计算”: expiry, 16 y 6 m → 17
        data = {**self.PRE2008, "ground": "expiry_employer_not_renewing"}
        assert compute_json(data, options_for_city("东莞"))["economic_compensation"] == 170000

    def test_art_31_one_base_capped_at_three_times(self):
        # “经济补偿或赔偿金的基数按……职工月平均工资的三倍计算”: 3 × 3,000 = 9,000 for the whole span; a high
        # earner's pre-2008 years are not cut (Art. 32), the 12 years count from 2008: 2005-03-01..2019-12-31 =
        # 14 y 10 m → 15 × 9,000 = 135,000.00 (national segments: 3 × 10,000 + 12 × 9,000 = 138,000.00)
        data = {**self.PRE2008, "local_avg_monthly_wage": 3000}
        assert compute_json(data, options_for_city("佛山"))["economic_compensation"] == 135000
        assert compute_json(data)["economic_compensation"] == 138000

    def test_art_33_damages_include_pre2008_service(self):
        # “赔偿金的计算年限自实际用工之日起计算，应包括劳动者在《劳动合同法》实施前的工作年限”:
        # 2 × 19.5 × 10,000 = 390,000.00
        data = {**self.PRE2008, "ground": "unlawful_termination"}
        assert compute_json(data, options_for_city("珠海"))["unlawful_termination_damages"] == 390000

    def test_the_explanation_names_the_articles_in_both_languages(self):
        text = explain(compute(self.PRE2008, options_for_city("广州")))
        assert "粤高法〔2012〕284号" in text and "第32条" in text
        english = compute_json(self.PRE2008, options_for_city("广州"), lang="en")["practice"]["note"]
        assert "Arts. 31, 32 and 33" in english and "annual-leave divisor" in english


class TestJiangsu:
    """苏高法审委〔2009〕47号 指导意见, Art. 20: the wage in lieu of notice, worked from its three sentences.

    The separation: incompetence (LCL 40(2)), no notice given, hired 2020-03-01, separated 2024-06-30."""

    DATA = {**BASE, "ground": "incompetence", "union_notified": True, "separation_date": "2024-06-30",
            "monthly_wages": [9000] * 11 + [1800], "local_min_wage": 2490}

    def test_the_practice_states_its_points(self):
        practice = PRACTICES["jiangsu"]
        assert practice.settings == {"notice_pay_base": "previous_month", "notice_pay_floor": "minimum_wage"}
        assert "苏高法审委〔2009〕47号" in practice.source and practice.date == "2009-12-14"
        assert "第二十条" in practice.note[0] and "2008年前" in practice.note[0]

    def test_art_20_the_previous_month_below_the_minimum_wage(self):
        # “上月工资低于当地最低工资标准的，按最低工资标准确定”: 1,800 < 2,490 (苏州 2024) → 2,490.00;
        # the national rule (Reg. 20) pays the previous month's 1,800.00
        out = compute_json(self.DATA, options_for_city("苏州"))
        assert out["notice_pay"] == 2490 and compute_json(self.DATA)["notice_pay"] == 1800

    def test_art_20_the_previous_months_gross_wage(self):
        # “应按劳动者上一个月的应发工资标准予以确定”: 9,000 last month → 9,000.00
        data = {**self.DATA, "monthly_wages": [9000] * 12}
        assert compute_json(data, options_for_city("南京"))["notice_pay"] == 9000

    def test_art_20_an_unrepresentative_month_may_take_the_average(self):
        # “上月工资不能反映正常工资水平的，可按……十二个月的平均工资确定”: a case's choice —
        # (11 × 9,000 + 1,800) / 12 = 8,400.00
        from farewell.law.records import replace

        options = replace(options_for_city("无锡"), notice_pay_base="average")
        assert compute_json(self.DATA, options)["notice_pay"] == 8400

    def test_compensation_keeps_the_national_rules(self):
        # unread points keep the defaults: N the same as with no practice
        data = {**BASE, "hire_date": "2005-03-01", "separation_date": "2024-06-30"}
        assert compute_json(data, options_for_city("南通"))["economic_compensation"] == compute_json(data)[
            "economic_compensation"]


class TestUnreadPractices:
    @pytest.mark.parametrize(("code", "number", "date"), [("shanghai", "沪高法〔2009〕73号", "2009-03-03"),
                                                           ("zhejiang", "浙法民一〔2009〕3号", "2009-04-16")])
    def test_number_and_date_checked_the_points_not(self, code, number, date):
        practice = PRACTICES[code]
        assert number in practice.source and practice.date == date and practice.settings == {}
        assert "未能核对" in practice.note[0] and "待核" not in practice.note[0]
