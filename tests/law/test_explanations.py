"""Explanations HR can follow: `law explain`, the lines' formulas, the summary — in Chinese and in English."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from farewell.law import compute, compute_json
from farewell.law.explain import explain

from .support import BASE

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from law_batch import batch  # noqa: E402

SAMPLE = batch(1500, seed=2026)
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef《》]")
ENGLISH_WORD = re.compile(r"[A-Za-z_]{2,}")


def texts(out: dict) -> list[str]:
    """Every text of an output: formulas, citations, messages, articles, titles, the summary."""
    found = [out.get("summary") or ""]
    found += [x for line in out["lines"] for x in (line["formula"], line["citation"])]
    found += [x for v in out["violations"] for x in (v["message"], v["article"])]
    found += [x for s in out["procedure"] for x in (s["title"], s["article"])]
    found += out.get("assumptions", [])
    return found


def without_version(text: str) -> str:
    """The explanation without its last line, the rule version (an identifier such as cn-2026.12.1)."""
    return text.rsplit("\n", 1)[0]


def test_no_english_codes_inside_the_chinese_texts():
    for data in SAMPLE:
        out = compute(data)
        for text in [*texts(out.as_dict()), without_version(explain(out))]:
            assert not ENGLISH_WORD.search(text), text


def test_the_english_output_is_complete():
    for data in SAMPLE:
        out = compute(data, lang="en")
        for text in [*texts(out.as_dict()), explain(out)]:
            assert not CJK.search(text), text


def test_the_chinese_default_is_unchanged_by_the_language_parameter():
    assert compute_json(BASE) == compute_json(BASE, lang="zh-hans") == compute_json(BASE, lang=None)


class TestSummary:
    def test_it_multiplies_out(self):
        out = compute_json(BASE)
        assert out["summary"] == "经济补偿 = N 3 × 月工资基数 10000.00 = 30000.00 元"

    def test_the_pre2008_segment_is_shown_with_its_own_base(self):
        # pre: 3 × 40000 (uncapped); post: 17 → 12 × 30000 (3 × 10000 cap) = 480000.00
        out = compute_json({**BASE, "hire_date": "2005-03-01", "separation_date": "2024-06-30",
                            "monthly_wages": [40000], "local_avg_monthly_wage": 10000})
        assert out["summary"] == ("经济补偿 = N前 3 × 2008年前基数 40000.00 + N后 12 × 月工资基数 30000.00 = 480000.00 元"
                                  "（N = 3 + 12 = 15）")
        assert 3 * 40000 + 12 * out["monthly_base"] == out["economic_compensation"]
        text = explain(compute({**BASE, "hire_date": "2005-03-01", "separation_date": "2024-06-30",
                                "monthly_wages": [40000], "local_avg_monthly_wage": 10000}))
        assert "计算：经济补偿 = N前 3 × 2008年前基数 40000.00" in text

    def test_damages_show_the_factor_two(self):
        out = compute_json({**BASE, "ground": "unlawful_termination"})
        assert out["summary"] == "赔偿金 = 2 × N 3 × 月工资基数 10000.00 = 60000.00 元"

    def test_an_unrounded_average_is_shown_as_such(self):
        out = compute_json({**BASE, "monthly_wages": [15000] * 11 + [16000], "hire_date": "2018-01-01",
                            "separation_date": "2022-03-31"})
        assert out["summary"] == "经济补偿 = N 4.5 × 月工资基数 15083.3333… = 67875.00 元"

    def test_no_summary_without_n(self):
        assert compute_json({**BASE, "ground": "resignation"})["summary"] is None


class TestRulesNamedWhereTheyAct:
    def formula(self, item="economic_compensation", **fields):
        out = compute_json({**BASE, **fields})
        return next(line["formula"] for line in out["lines"] if line["item"] == item)

    def test_the_half_year_rule(self):
        assert "不满一年的部分满六个月，按一年计 → N = 3" in self.formula()
        assert "不满六个月的部分，按半个月计 → N = 2.5" in self.formula(separation_date="2022-08-30")
        assert "按一年计" not in self.formula(separation_date="2022-02-28")  # exactly 2 years

    def test_the_cap_and_the_twelve_year_limit(self):
        capped = self.formula(monthly_wages=[40000], local_avg_monthly_wage=10000, hire_date="2008-01-01",
                              separation_date="2020-12-31")
        assert "高于上年度当地职工月平均工资 10000.00 的三倍，基数按三倍 30000.00 计" in capped
        assert "年限最高十二年：N 13 → 12" in capped
        not_capped = self.formula(monthly_wages=[30000], local_avg_monthly_wage=10000)
        assert "三倍" not in not_capped and "十二年" not in not_capped

    def test_the_leap_year_divisor(self):
        leave = {"cumulative_work_years": 12, "days_taken_this_year": 0}
        leap = self.formula("annual_leave_pay", hire_date="2015-01-01", separation_date="2024-06-30",
                            annual_leave=leave)
        assert "2024年为闰年，已过日历天数仍除以365" in leap and "÷ 365" in leap
        common = self.formula("annual_leave_pay", hire_date="2015-01-01", separation_date="2023-06-30",
                              annual_leave=leave)
        assert "闰年" not in common

    def test_the_contract_text_is_kept_at_least_until(self):
        text = explain(compute(BASE))
        assert "保存至少至 2024-08-31" in text and "最迟 2024-08-31" not in text
        assert "keep at least until 2024-08-31" in explain(compute(BASE, lang="en"))


class TestExtraCompensationBasis:
    def citation(self, ground):
        out = compute_json({**BASE, "ground": ground, "extra_compensation": 5000, "union_notified": True})
        return next(line["citation"] for line in out["lines"] if line["item"] == "extra_compensation")

    @pytest.mark.parametrize("ground", ["incompetence", "objective_change", "economic_layoff", "misconduct",
                                        "expiry_employer_not_renewing", "unlawful_termination", "resignation"])
    def test_on_other_grounds_it_rests_on_the_agreement_or_company_policy(self, ground):
        citation = self.citation(ground)
        assert "第三十六条" not in citation and "用人单位补偿政策" in citation

    @pytest.mark.parametrize("ground", ["mutual_employer_initiated", "mutual_employee_initiated"])
    def test_on_mutual_agreement_it_rests_on_lcl_36(self, ground):
        assert self.citation(ground).startswith("《劳动合同法》第三十六条")

    def test_a_civil_service_dismissal_cites_the_dismissal_pay_rule(self):
        out = compute_json({"jurisdiction": "CN-civil-service", "ground": "cs_dismissal_absence",
                            "hire_date": "2010-01-01", "separation_date": "2024-06-30", "extra_compensation": 8000})
        assert out["lines"][0]["citation"].startswith("《公务员法》第九十条")


class TestCivilServiceAssumptions:
    def test_the_result_states_the_facts_it_assumed(self):
        data = {"jurisdiction": "CN-civil-service", "ground": "cs_dismissal_absence", "hire_date": "2010-01-01",
                "separation_date": "2024-06-30"}
        out = compute_json(data)
        assert any("连续超过十五天" in text for text in out["assumptions"])
        assert "本结论假定以下事实成立" in explain(compute(data))
        english = compute_json(data, lang="en")
        assert any("more than 15 consecutive days" in text for text in english["assumptions"])

    @pytest.mark.parametrize("ground", ["cs_resignation", "cs_dismissal_two_years_incompetent",
                                        "cs_dismissal_refuses_other_post", "cs_dismissal_refuses_restructuring",
                                        "cs_dismissal_discipline", "cs_dismissal_absence"])
    def test_every_civil_service_ground_states_its_facts(self, ground):
        out = compute_json({"jurisdiction": "CN-civil-service", "ground": ground, "hire_date": "2010-01-01",
                            "separation_date": "2024-06-30"})
        assert out["assumptions"] and all("《公务员法》" in text for text in out["assumptions"])


class TestEnglish:
    def test_formulas_titles_and_citations(self):
        out = compute_json({**BASE, "ground": "incompetence", "union_notified": False}, lang="en")
        formula = out["lines"][0]["formula"]
        assert "a remainder of six months or more counts as a full year → N = 3" in formula
        assert out["lines"][0]["citation"].startswith("Labour Contract Law Art. 40(2)")
        assert out["procedure"][0]["title"].startswith("30 days' written notice")
        assert out["summary"] == "Economic compensation = N 3 × monthly base 10000.00 = 30000.00"
        assert out["violations"][0]["article"].startswith("Labour Contract Law Art. 43")

    def test_explain_in_english(self):
        text = explain(compute({**BASE, "ground": "incompetence", "union_notified": True}, lang="en"))
        assert text.startswith("Ground: incompetent, still so after training or a changed post")
        assert "Total: CNY 40000.00" in text and "Verdict: lawful" in text
