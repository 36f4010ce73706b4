"""Plan generation for each situation: facts from the crafted records, each linked to its record;
the template's framing rendered with plain strings; the compliance items at the end."""

from __future__ import annotations

import pytest
from django.utils import timezone

from farewell.talks import services
from farewell.talks.models import PlanTemplate, Situation
from farewell.talks.placeholders import render, unknown_placeholders


def _plan(world, situation, case=None, employee=None):
    return services.generate_plan(employee or world.lisi, actor=world.users["hrbp_sales"], case=case,
                                  situation=situation)


def _refs(plan):
    return {f["ref"] for f in plan.facts}


def _texts(plan):
    return " ".join(f["text"] for f in plan.facts)


def test_every_fact_links_to_a_record(world, case):
    for situation in Situation.values:
        plan = _plan(world, situation, case)
        for fact in plan.facts:
            assert fact["url"], (situation, fact)
            assert fact["ref"], (situation, fact)


def test_low_performer_plan_states_trend_kpi_and_declined_training(world, records, case):
    plan = _plan(world, Situation.LOW_PERFORMER, case)
    text = _texts(plan)
    assert "55.00" in text and "部门平均" in text  # the trend against the department
    assert "KPI完成率 65.00%" in text
    assert f"records.trainingrecord:{records['training'].pk}" in _refs(plan)
    assert any("已拒绝" in f["text"] and f["section"] == "拒绝的培训" for f in plan.facts)
    assert f"#rec-trainingrecord-{records['training'].pk}" in next(
        f["url"] for f in plan.facts if f["ref"].startswith("records.trainingrecord"))
    assert plan.question_list and "调整" in plan.options
    assert "劳动争议仲裁" in plan.compliance


def test_likely_leaver_plan_says_what_they_miss_and_cites_the_signal(world, records):
    plan = _plan(world, Situation.LIKELY_LEAVER)  # a retention talk: no case
    assert plan.case is None
    assert f"records.surveyresponse:{records['survey'].pk}" in _refs(plan)
    assert "成长与发展" in plan.questions  # {missed_areas} from the survey dimension 成长机会
    assert any(f["section"] == "公司曾作出的承诺" and "晋升" in f["text"] for f in plan.facts)
    assert plan.compliance_list


def test_long_tenure_plan_puts_contributions_first(world, records, case):
    plan = _plan(world, Situation.LONG_TENURE, case)
    assert plan.facts[0]["ref"] == f"records.contribution:{records['project'].pk}"
    assert "华东渠道拓展" in plan.facts[0]["text"]
    assert "2 项" in plan.facts_intro  # {contribution_count}
    assert "工作年限" in plan.options


def test_probation_plan_sets_records_against_written_criteria(world, records, case):
    plan = _plan(world, Situation.PROBATION, case)
    sections = {f["section"] for f in plan.facts}
    assert "书面录用条件" in sections
    assert any("30万元" in f["text"] for f in plan.facts)


def test_misconduct_plan_names_the_rule_and_the_right_to_explain(world, records, case):
    plan = _plan(world, Situation.MISCONDUCT, case)
    assert "《员工手册》第5.3条" in plan.facts_intro  # {rule_broken}
    assert f"records.rewardpenalty:{records['penalty'].pk}" in _refs(plan)
    assert "伪造客户拜访记录" in _texts(plan)
    assert "陈述和申辩" in plan.compliance


def test_mutual_agreement_plan_has_the_engines_amount_offer_cap_and_answer(world, case):
    case.employee_demand = case.statutory_amount + 50000
    case.save()
    plan = _plan(world, Situation.MUTUAL_AGREEMENT, case)
    statutory = f"{case.statutory_amount:,.2f}"
    assert statutory in plan.options
    assert f"{case.offered_amount:,.2f}" in plan.options
    assert f"{case.extra_cap:,.2f}" in plan.options
    assert "不得当场承诺" in plan.options  # the answer to a higher demand
    assert any(f["ref"].startswith("cases.enginerun:") and "第四十七条" in f["text"] for f in plan.facts)
    # The compliance items carry the procedure's deadlines and the engine's formula.
    certificate = next(s for s in case.engine_runs.first().output["procedure"] if s["step"] == "separation_certificate")
    assert certificate["due_date"] in plan.compliance
    assert "N = " in plan.compliance


def test_civil_servant_plan_follows_the_civil_service_steps(world, records, civil_servant):
    plan = _plan(world, Situation.CIVIL_SERVANT, employee=world.lisi)
    for item in ("考核结果", "陈述和申辩", "复核", "申诉", "辞退费"):
        assert item in plan.compliance, item
    assert any(f["section"] == "年度考核结果" for f in plan.facts)


def test_the_situation_follows_the_case(world, case, civil_servant):
    plan = services.generate_plan(world.lisi, actor=world.users["hrbp_sales"], case=case)
    assert plan.situation == Situation.MUTUAL_AGREEMENT
    plan = services.generate_plan(civil_servant, actor=world.users["hrbp_sales"])
    # No case: a civil servant hears the rules of 辞去公职 (公务员法 85–86), not an LCL 37 retention talk.
    assert plan.situation == Situation.CS_RESIGNATION


def test_generation_is_in_the_ledger(world, plan):
    from farewell.ledger.models import LedgerEntry

    entry = LedgerEntry.objects.get(object_type="talks.talkplan", object_id=str(plan.code))
    assert entry.event == "talks.plan.generated"


def test_templates_are_seeded_data_with_known_placeholders_only(world):
    templates = PlanTemplate.objects.filter(company=world.company)
    assert set(templates.values_list("situation", flat=True)) == set(Situation.values)
    for template in templates:
        for field in ("title", "opening", "facts_intro", "questions", "options", "closing", "compliance"):
            assert unknown_placeholders(getattr(template, field)) == [], (template.situation, field)


def test_render_replaces_only_listed_plain_names():
    assert render("{name}，{unknown} {name.__class__}", {"name": "李四"}) == "李四，{unknown} {name.__class__}"
    assert render("{statutory_amount}", {}) == "—"


@pytest.mark.parametrize("situation", Situation.values)
def test_an_edited_template_is_used_for_the_next_plan(world, case, situation):
    template = PlanTemplate.objects.get(company=world.company, situation=situation)
    template.opening = "您好 {name}，{department}"
    services.save_template(template, actor=world.users["hr_admin"])
    plan = _plan(world, situation, case)
    assert plan.opening == "您好 李四，销售部"


def test_with_no_demand_recorded_the_plan_says_it_without_an_amount(world, case):
    assert case.employee_demand is None
    plan = _plan(world, Situation.MUTUAL_AGREEMENT, case)
    assert "员工提出更高要求时" in plan.options
    assert "— 元" not in plan.options and "员工诉求（" not in plan.options
    assert "不得当场承诺" in plan.options


def test_with_a_demand_recorded_the_plan_names_the_amount(world, case):
    case.employee_demand = case.statutory_amount + 50000
    case.save()
    plan = _plan(world, Situation.MUTUAL_AGREEMENT, case)
    assert f"如员工诉求（{case.employee_demand:,.2f} 元）高于上述金额" in plan.options


def test_without_demand_rewrites_any_phrasing():
    from farewell.talks.plans import without_demand

    assert without_demand("如员工诉求（{employee_demand} 元）高于上述金额：先说明") == "员工提出更高要求时：先说明"
    assert without_demand("员工的要求({employee_demand}元)较高") == "员工的要求较高"
    assert without_demand("诉求 {employee_demand} 元") == "诉求 员工提出更高要求时"
    assert without_demand("无占位符") == "无占位符"


def test_the_engines_formulas_show_money_as_the_case_page_does(world, case):
    """New-user check: the plan printed "206301.32 ÷ 11 = 18754.6655…" where the case page shows
    206,301.32 ÷ 11 ≈ 18,754.67 (cases/presentation.readable)."""
    import re

    plan = _plan(world, Situation.MUTUAL_AGREEMENT, case)
    engine = " ".join(f["text"] for f in plan.facts if f["ref"].startswith("cases.enginerun:"))
    assert engine and re.search(r"\d,\d{3}\.\d\d", engine)
    for text in (engine, plan.compliance):
        assert not re.search(r"(?<![\d,])\d{4,}\.\d\d", text), text  # an amount ≥ 1,000 without its separator
        assert not re.search(r"\d\.\d{3,}…", text), text


def _compensation_line(plan):
    return next(line for line in plan.options.split("\n") if line.startswith("法定经济补偿"))


def _case_with_leave_pay(world, case):
    """The fixture's case, with a first work date so that the untaken-leave pay is a second statutory line."""
    import datetime as dt

    from farewell.cases import services as case_services

    world.lisi.first_work_date = dt.date(2010, 7, 1)
    world.lisi.save(update_fields=["first_work_date"])
    case_services.run_engine(case, actor=world.users["hrbp_sales"])
    case.refresh_from_db()
    return case


def test_mutual_agreement_plan_says_n_times_the_base_equals_the_compensation_not_the_statutory_total(world, case):
    """The line HR reads out multiplies out: N × base = the economic compensation; the statutory total (with
    the untaken-leave pay) is named apart (it said "14 × 30,666.67 = 457,532.68", the total)."""
    case = _case_with_leave_pay(world, case)
    output = case.engine_runs.first().output
    assert output["annual_leave_pay"], "the fixture needs a second statutory line for the test to mean anything"
    line = _compensation_line(_plan(world, Situation.MUTUAL_AGREEMENT, case))
    product = line.split("=")[1].split("元")[0].strip()
    assert product == f"{output['economic_compensation']:,.2f}"
    assert f"法定金额合计 {case.statutory_amount:,.2f} 元" in line


def test_a_company_still_holding_the_shipped_line_gets_the_corrected_one(world, case):
    from farewell.talks.defaults import SHIPPED_MUTUAL_LINE

    case = _case_with_leave_pay(world, case)
    template = PlanTemplate.objects.get(company=world.company, situation=Situation.MUTUAL_AGREEMENT)
    template.options = SHIPPED_MUTUAL_LINE + "\n公司方案：合计 {offered_amount} 元"
    template.save()
    output = case.engine_runs.first().output
    assert output["annual_leave_pay"]
    line = _compensation_line(_plan(world, Situation.MUTUAL_AGREEMENT, case))
    assert line.split("=")[1].split("元")[0].strip() == f"{output['economic_compensation']:,.2f}"


def test_a_line_hr_wrote_differently_is_left_as_written(world, case):
    template = PlanTemplate.objects.get(company=world.company, situation=Situation.MUTUAL_AGREEMENT)
    template.options = "法定经济补偿：按法律计算，合计 {statutory_amount} 元"
    template.save()
    assert _plan(world, Situation.MUTUAL_AGREEMENT, case).options == f"法定经济补偿：按法律计算，合计 {case.statutory_amount:,.2f} 元"


@pytest.mark.parametrize("held", ["seeded", "FIRST_MUTUAL_LINE", "SHIPPED_MUTUAL_LINE"])
def test_a_high_earner_hired_before_2008_hears_the_two_segments_that_give_the_amount(world, case, held):
    """Service before 2008 counts on the wage, from 2008 on at most 3× the local average (LCL 47 ¶2, 97 ¶3): the
    engine pays n_pre × base_pre + n_post × base_post, so "N 个月 × 月工资基数 B 元 = amount" did not multiply out
    (17 × 6,000.00 "= 114,000.00"). The line names both segments; they add up to the compensation. A company
    holding the shipped line or the first correction (seeded since) gets it too."""
    import datetime as dt
    import re
    from decimal import Decimal

    from farewell.cases import services as case_services
    from farewell.org.models import LocalWageFigure
    from farewell.talks import defaults

    world.lisi.hire_date = dt.date(2003, 3, 1)
    world.lisi.save(update_fields=["hire_date"])
    LocalWageFigure.objects.create(city=world.company.city, kind="average", year=case.separation_date.year - 1,
                                   amount=Decimal(2000), source="测试")
    case_services.run_engine(case, actor=world.users["hrbp_sales"])
    output = case.engine_runs.order_by("-created_at", "-id").first().output
    assert "（2008年前基数）" in next(ln["formula"] for ln in output["lines"] if ln["item"] == "economic_compensation")
    if held != "seeded":
        template = PlanTemplate.objects.get(company=world.company, situation=Situation.MUTUAL_AGREEMENT)
        template.options = getattr(defaults, held) + "\n公司方案：合计 {offered_amount} 元"
        template.save()
    line = _compensation_line(_plan(world, Situation.MUTUAL_AGREEMENT, case))
    product, amount = line.split("=")[0], line.split("=")[1].split("元")[0].strip()
    assert amount == f"{output['economic_compensation']:,.2f}", line
    pairs = re.findall(r"([0-9.]+) 个月 × (?:月工资基数 )?([0-9,]+\.[0-9]{2}) 元", product)
    assert len(pairs) == 2, line
    assert sum(Decimal(n) * Decimal(base.replace(",", "")) for n, base in pairs) == Decimal(str(output["economic_compensation"]))


def test_the_opening_states_the_service_up_to_today_not_the_separation_date(world, case):
    # The talk happens now: 你在…工作了{tenure} is the service so far; the separation date is 40 days away.
    from farewell.org.tenure import span

    today = timezone.localdate()
    plan = _plan(world, Situation.LOW_PERFORMER, case)
    assert str(span(world.lisi.hire_date, today)) in plan.opening
    assert str(span(world.lisi.hire_date, case.separation_date)) not in plan.opening
