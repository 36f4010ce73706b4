"""Issue 15: the engine's texts follow the page's language where a result is shown and not kept (the
calculator, the API); a case's stored runs stay in the engine's Chinese, the record. The summary
that multiplies out is shown above the money lines."""

from __future__ import annotations

import html
import re
from decimal import Decimal

import pytest
from django.utils import translation

from farewell.cases import services
from farewell.cases.models import CaseType
from farewell.cases.presentation import readable

FORM = {"jurisdiction": "CN", "ground": "mutual_employer_initiated", "hire_date": "2005-03-01",
        "separation_date": "2026-08-31", "monthly_wages": "30000", "local_avg_monthly_wage": "12000"}
HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def hr(client, world):
    client.force_login(world.users["hr_admin"])
    return client


def _summary(page: str) -> str:
    match = re.search(r'id="result-summary">([^<]*)<', page)
    assert match, "no summary on the page"
    return match.group(1)


def test_the_calculator_in_english_explains_in_english(hr):
    hr.cookies["django_language"] = "en"  # the language menu's choice
    page = hr.post("/cases/calculator/", FORM).content.decode()
    summary = _summary(page)
    assert summary.startswith("Economic compensation") and not HAN.search(summary)
    assert "N before 2008 (3)" in summary  # the count named (presentation.readable)


def test_the_calculator_in_chinese_explains_in_chinese_whatever_the_browser_asks(hr):
    page = hr.post("/cases/calculator/", FORM, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert _summary(page).startswith("经济补偿 = N前（3）")


def test_the_api_answers_in_the_requests_language(hr):
    data = {k: v for k, v in FORM.items()}
    data["monthly_wages"] = [30000]
    data["local_avg_monthly_wage"] = 12000
    english = hr.post("/api/law/compute", data, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en").json()
    assert not HAN.search(english["summary"]) and float(english["total"]) == 660000


def test_a_cases_stored_run_stays_in_chinese_whatever_the_language(staffed, soon):
    world = staffed
    with translation.override("en"):
        case = services.open_case(world.lisi, CaseType.MUTUAL_EMPLOYER, actor=world.users["hr_admin"],
                                  separation_date=soon)
    run = services.latest_run(case)
    assert HAN.search(run.output["summary"])


# --- the case page words a stored run in the reader's language (its figures as recorded) -------------

def _page(client, case, language):
    client.cookies["django_language"] = language
    return client.get(f"/cases/{case.code}/").content.decode()


def _total(page: str) -> str:
    match = re.search(r'id="total">([^<]*)<', page)
    assert match, "no total on the page"
    return match.group(1)


@pytest.fixture
def stored_case(staffed, soon):
    world = staffed
    case = services.open_case(world.lisi, CaseType.MUTUAL_EMPLOYER, actor=world.users["hr_admin"],
                              separation_date=soon)
    return world, case


def test_an_english_reader_reads_a_stored_run_in_english_with_the_recorded_figures(client, stored_case):
    world, case = stored_case
    client.force_login(world.users["hr_admin"])
    run = services.latest_run(case)
    english, chinese = _page(client, case, "en"), _page(client, case, "zh-hans")
    summary = _summary(english)
    assert summary.startswith("Economic compensation") and not HAN.search(summary)
    assert _summary(chinese) == readable(run.output["summary"], note=False)  # the record, as stored (money grouped)
    assert _total(english) == _total(chinese)
    for line in run.output["lines"]:  # each formula worded in English, none left in Chinese
        assert line["formula"] not in english
    assert 'id="as-recorded"' not in english
    # The run itself is not rewritten by reading it.
    run.refresh_from_db()
    assert HAN.search(run.output["summary"])


def test_a_run_the_engine_would_now_compute_differently_is_shown_as_recorded(client, stored_case):
    world, case = stored_case
    client.force_login(world.users["hr_admin"])
    run = services.latest_run(case)
    run.output = {**run.output, "total": run.output["total"] + 1}  # an older engine's figure
    run.save(update_fields=["output"])
    english = _page(client, case, "en")
    assert _summary(english) == readable(run.output["summary"], note=False)  # never a recomputed figure beside the stored total
    assert 'id="as-recorded"' in english


def test_the_cases_own_figure_checks_are_worded_in_the_readers_language(client, stored_case):
    """A check stored in Chinese (the run was made on a Chinese page) is worded again from the values kept
    with it; which checks there are stays as recorded."""
    world, case = stored_case
    client.force_login(world.users["hr_admin"])
    run = services.latest_run(case)
    run.checks = [
        {"code": "local_average_provisional", "severity": "warning", "article": "《劳动合同法》第四十七条第二款",
         "year_used": 2023, "year_needed": 2025, "message": "暂定结果：封顶所需的是2025年度……"},
        {"code": "wage_months_missing", "severity": "warning", "article": "《劳动合同法》第四十七条",
         "months": ["2025-11", "2025-12"], "used": 10, "message": "离职前12个月中有 2 个月没有工资记录……"},
        {"code": "dispute_risk", "severity": "warning", "article": "公司补偿政策", "message": "争议风险：员工诉求……"},
    ]
    run.save(update_fields=["checks"])
    english = _page(client, case, "en")
    assert "暂定结果" not in english and "离职前12个月中有" not in english
    assert "2025-11, 2025-12" in english  # the months joined with the page's punctuation
    assert "争议风险：员工诉求……" in english  # a check without its values kept: as stored
    chinese = _page(client, case, "zh-hans")
    assert "封顶所需的是2025年度当地职工月平均工资" in chinese and "2025-11、2025-12" in chinese


def test_a_wage_months_check_stored_before_its_months_were_kept_is_worded_from_its_text(client, stored_case):
    world, case = stored_case
    client.force_login(world.users["hr_admin"])
    run = services.latest_run(case)
    run.checks = [{"code": "wage_months_missing", "severity": "warning", "article": "《劳动合同法》第四十七条",
                   "message": "离职前12个月中有 2 个月没有工资记录（2025-11、2025-12），月平均工资按 10 个月计算。"
                              "这些月份如有出勤，请在工资入账后重新计算。"}]
    run.save(update_fields=["checks"])
    english = _page(client, case, "en")
    assert "离职前12个月中有" not in english and "2025-11, 2025-12" in english


def _dispute(page: str) -> str:
    match = re.search(r'id="dispute-risk">([^<]*)<', page)
    assert match, "no dispute note on the page"
    return match.group(1)


def test_the_policy_notes_are_worded_in_the_readers_language_whoever_computed_them(client, staffed, soon):
    """The money policy's notes (extra over the cap, the dispute risk) of a run computed on an English page read
    in Chinese on a Chinese page and the other way round: their amounts are kept with them."""
    world = staffed
    with translation.override("en"):
        case = services.open_case(world.lisi, CaseType.MUTUAL_EMPLOYER, actor=world.users["hr_admin"],
                                  separation_date=soon, extra_compensation=Decimal("900000"))
        services.update_case(case, actor=world.users["hr_admin"], employee_demand=Decimal("9000000"))
    run = services.latest_run(case)
    assert {c["code"] for c in run.checks} >= {"extra_over_cap", "dispute_risk"}
    stored = {c["code"]: c["message"] for c in run.checks}
    assert not HAN.search(stored["dispute_risk"].replace("《劳动合同法》", ""))  # computed in English
    client.force_login(world.users["hr_admin"])
    chinese, english = _page(client, case, "zh-hans"), _page(client, case, "en")
    assert _dispute(chinese).startswith("争议风险：员工诉求 9,000,000.00 元高于法定金额 ") and "不得当场承诺" in _dispute(chinese)
    assert "协商额外补偿 900,000.00 元超出公司政策上限" in chinese and "公司补偿政策" in chinese
    assert _dispute(english) == stored["dispute_risk"] and not HAN.search(_dispute(english).replace("《劳动合同法》", ""))
    assert stored["extra_over_cap"] in html.unescape(english)


def test_the_procedure_steps_begin_with_a_capital_on_the_english_page(client, stored_case):
    # The engine words its steps as phrases ("issue the certificate of …"); the key dates and the procedure list
    # of an English page begin each with a capital as their neighbours do ("Planned last working day").
    world, case = stored_case
    client.force_login(world.users["hr_admin"])
    english = _page(client, case, "en")
    assert "Issue the certificate of termination of the labour contract" in english
    assert ">issue the certificate" not in english
    assert "出具解除或者终止劳动合同的证明" in _page(client, case, "zh-hans")
