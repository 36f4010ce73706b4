"""The final settlement (离职结算单): lines and tax on hand-derived cases, freezing and versions, payments."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal as D

import pytest
from django.utils import timezone

from farewell.cases.services import latest_run
from farewell.ledger.canonical import canonical_json, sha256_hex
from farewell.ledger.models import LedgerEntry
from farewell.offboarding import handover, settlement_services
from farewell.offboarding.models import ItemStatus, OffboardingSettings, SettlementStatus
from farewell.offboarding.settlement import (
    Deduction,
    SettlementInputError,
    SheetInputs,
    check_sheet,
    compute_sheet,
    severance_tax,
)

from .conftest import in_handover


def _inputs(**kw) -> SheetInputs:
    values = dict(last_day=dt.date(2026, 6, 12), monthly_wage=D("21750.00"), proration="standard",
                  paid_days_worked=D(10), month_paid_days=D(22), engine_lines=[], extra_compensation=D(0),
                  exempt_ceiling=D("447624.00"), exempt_ceiling_source="北京 2023 年职工平均工资 × 3")
    values.update(kw)
    return SheetInputs(**values)


def _line(sheet, code):
    return next(ln for ln in sheet["lines"] if ln["code"] == code)


def test_the_worked_check_of_the_issue():
    """exempt ceiling 447,624.00, severance 600,000.00 → taxable 152,376.00 → 20% − 16,920 → 13,555.20."""
    taxable, tax, formula = severance_tax(D("600000.00"), D("447624.00"))
    assert (taxable, tax) == (D("152376.00"), D("13555.20"))
    assert "20%" in formula and "16,920" in formula
    sheet = compute_sheet(_inputs(engine_lines=[
        {"item": "economic_compensation", "amount": 600000.0, "formula": "N × 月工资", "citation": "《劳动合同法》第四十七条"}]))
    assert sheet["severance_income"] == "600000.00" and sheet["severance_taxable"] == "152376.00"
    assert _line(sheet, "severance_iit")["amount"] == "13555.20"
    # net = wage 10,000.00 + 600,000.00 − 13,555.20
    assert sheet["net"] == "596444.80"


@pytest.mark.parametrize(("taxable", "tax"), [
    (D("36000"), D("1080.00")),       # 3%
    (D("36000.01"), D("1080.00")),    # 10% − 2,520 = 1,080.001 → 1,080.00
    (D("144000"), D("11880.00")),     # 10% − 2,520
    (D("300000"), D("43080.00")),     # 20% − 16,920
    (D("420000"), D("73080.00")),     # 25% − 31,920
    (D("660000"), D("145080.00")),    # 30% − 52,920
    (D("960000"), D("250080.00")),    # 35% − 85,920
    (D("1000000"), D("268080.00")),   # 45% − 181,920
])
def test_the_excess_is_taxed_on_the_annual_table(taxable, tax):
    assert severance_tax(taxable + D(100000), D(100000))[1] == tax


def test_severance_within_the_ceiling_is_not_taxed():
    sheet = compute_sheet(_inputs(engine_lines=[{"item": "economic_compensation", "amount": 100000.0}]))
    assert sheet["severance_tax"] == "0.00" and not any(ln["code"] == "severance_iit" for ln in sheet["lines"])


def test_the_last_month_is_pro_rated_on_21_75_or_on_the_actual_paid_days():
    standard = compute_sheet(_inputs())
    assert _line(standard, "final_wage")["amount"] == "10000.00"  # 21,750 ÷ 21.75 × 10
    actual = compute_sheet(_inputs(proration="actual", paid_days_worked=D(11), month_paid_days=D(22)))
    assert _line(actual, "final_wage")["amount"] == "10875.00"  # 21,750 ÷ 22 × 11
    capped = compute_sheet(_inputs(paid_days_worked=D(23)))  # never more than the month's wage
    assert _line(capped, "final_wage")["amount"] == "21750.00"


def test_unused_leave_is_paid_at_200_percent_unless_the_engine_counted_it():
    sheet = compute_sheet(_inputs(unused_leave_days=D(3)))
    assert _line(sheet, "annual_leave_pay")["amount"] == "6000.00"  # 2 × 21,750 ÷ 21.75 × 3
    engine = compute_sheet(_inputs(unused_leave_days=D(3), engine_lines=[
        {"item": "annual_leave_pay", "amount": 1234.56, "formula": "engine", "citation": "条例第五条"}]))
    assert [ln["amount"] for ln in engine["lines"] if ln["code"] == "annual_leave_pay"] == ["1234.56"]


def test_every_engine_line_and_the_extra_are_on_the_sheet_and_notice_pay_follows_the_option():
    lines = [{"item": "economic_compensation", "amount": 500000.0}, {"item": "notice_pay", "amount": 21750.0}]
    sheet = compute_sheet(_inputs(engine_lines=lines, extra_compensation=D(50000)))
    codes = [ln["code"] for ln in sheet["lines"]]
    assert codes[:4] == ["final_wage", "economic_compensation", "notice_pay", "extra_compensation"]
    assert sheet["severance_income"] == "550000.00"  # notice pay taxed as wages by default
    with_notice = compute_sheet(_inputs(engine_lines=lines, extra_compensation=D(50000),
                                        severance_scope="with_notice_pay"))
    assert with_notice["severance_income"] == "571750.00"
    assert "代通知金并入" in with_notice["severance_scope_source"]


def test_deductions_need_a_basis_and_lawful_limits():
    sheet = compute_sheet(_inputs(deductions=[Deduction("social_insurance", D("800.50"), "个人缴费部分 2026年6月"),
                                              Deduction("housing_fund", D("600"), "个人缴存 7%")]))
    assert sheet["deductions"] == "1400.50" and sheet["net"] == "8599.50"
    with pytest.raises(SettlementInputError, match="依据"):
        compute_sheet(_inputs(deductions=[Deduction("social_insurance", D(800), " ")]))
    with pytest.raises(SettlementInputError, match="20%"):  # 工资支付暂行规定 第十六条
        compute_sheet(_inputs(deductions=[Deduction("damages_offset", D("2000.01"), "损坏设备")]))
    with pytest.raises(SettlementInputError):
        compute_sheet(_inputs(deductions=[Deduction("training_fee", D(100), "培训")]))


def test_a_sheet_whose_lines_do_not_add_up_is_detected():
    sheet = compute_sheet(_inputs())
    assert check_sheet(sheet) == []
    sheet["lines"][0]["amount"] = "9999.00"
    assert len(check_sheet(sheet)) == 2  # the gross and the net no longer follow from the lines


def test_approval_refuses_a_sheet_that_does_not_add_up(staffed):
    from farewell.offboarding.models import Settlement

    case = in_handover(staffed)
    draft = settlement_services.save_draft(case, INPUTS, acting_user=staffed.users["hrbp_sales"])
    sheet = dict(draft.sheet, net="99999.00")
    Settlement.objects.filter(pk=draft.pk).update(sheet=sheet)
    draft.refresh_from_db()
    with pytest.raises(settlement_services.SettlementError, match="不平"):
        settlement_services.approve(draft, acting_user=staffed.users["approver"])


# --- on a case -------------------------------------------------------------------------------------

INPUTS = {"monthly_wage": "12000.00", "paid_days_worked": "10", "month_paid_days": "22", "unused_leave_days": "0",
          "exempt_ceiling": "447624.00", "exempt_ceiling_source": "测试：当地上年平均工资 × 3", "deductions": [
              {"kind": "social_insurance", "amount": "1000.00", "basis": "个人缴费部分"}]}


def test_the_case_sheet_carries_the_engine_run_and_the_extra(staffed):
    case = in_handover(staffed, extra=D(5000))
    draft = settlement_services.save_draft(case, INPUTS, acting_user=staffed.users["hrbp_sales"])
    run_lines = {ln["item"]: D(str(ln["amount"])) for ln in latest_run(case).output["lines"]
                 if ln["item"] != "extra_compensation" and ln["amount"]}
    sheet_lines = {ln["code"]: D(ln["amount"]) for ln in draft.sheet["lines"]}
    for item, amount in run_lines.items():
        assert sheet_lines[item] == amount
    assert sheet_lines["extra_compensation"] == D(5000)
    assert sheet_lines["final_wage"] == D("5517.24")  # 12,000 ÷ 21.75 × 10
    assert draft.status == SettlementStatus.DRAFT and draft.version == 1


def test_approval_freezes_the_sheet_with_its_hash_in_the_ledger(staffed):
    case = in_handover(staffed)
    draft = settlement_services.save_draft(case, INPUTS, acting_user=staffed.users["hrbp_sales"])
    with pytest.raises(settlement_services.SettlementError, match="四眼"):
        settlement_services.approve(draft, acting_user=staffed.users["hrbp_sales"])
    frozen = settlement_services.approve(draft, acting_user=staffed.users["approver"])
    assert frozen.status == SettlementStatus.FROZEN
    assert frozen.sheet_sha256 == sha256_hex(canonical_json(frozen.sheet))
    entry = LedgerEntry.objects.get(event="settlement.frozen")
    assert json.loads(entry.payload)["sheet_sha256"] == frozen.sheet_sha256
    with pytest.raises(settlement_services.SettlementError, match="新建版本"):
        settlement_services.save_draft(case, INPUTS, acting_user=staffed.users["hrbp_sales"])


def test_a_change_after_approval_is_a_new_version_with_a_reason_and_a_new_approval(staffed):
    case = in_handover(staffed)
    hr, approver = staffed.users["hrbp_sales"], staffed.users["approver"]
    v1 = settlement_services.approve(settlement_services.save_draft(case, INPUTS, acting_user=hr), acting_user=approver)
    with pytest.raises(settlement_services.SettlementError, match="原因"):
        settlement_services.revise(v1, acting_user=hr, reason="")
    v2 = settlement_services.revise(v1, acting_user=hr, reason="社保个人部分更正")
    assert v2.version == 2 and v2.status == SettlementStatus.DRAFT
    assert settlement_services.frozen(case) == v1  # still the frozen one until v2 is approved
    settlement_services.save_draft(case, {**INPUTS, "deductions": []}, acting_user=hr)
    v2.refresh_from_db()
    settlement_services.approve(v2, acting_user=approver)
    v1.refresh_from_db()
    assert v1.status == SettlementStatus.SUPERSEDED and settlement_services.frozen(case).version == 2
    assert [e.event for e in LedgerEntry.objects.filter(object_type="offboarding.settlement").order_by("seq")] == [
        "settlement.drafted", "settlement.frozen", "settlement.revised", "settlement.drafted", "settlement.frozen"]


def test_payments_before_approval_before_the_handover_or_over_the_net_are_refused(staffed):
    case = in_handover(staffed, separation_date=timezone.localdate() + dt.timedelta(days=40))
    hr, approver = staffed.users["hrbp_sales"], staffed.users["approver"]
    draft = settlement_services.save_draft(case, INPUTS, acting_user=hr)
    with pytest.raises(settlement_services.SettlementError, match="未批准"):
        settlement_services.record_payment(draft, acting_user=hr, paid_on=case.separation_date, amount=D(100),
                                           reference="X1")
    frozen = settlement_services.approve(draft, acting_user=approver)
    # LCL 50 ¶2: compensation is paid when the handover is done
    with pytest.raises(settlement_services.SettlementError, match="第五十条"):
        settlement_services.record_payment(frozen, acting_user=hr, paid_on=case.separation_date, amount=D(100),
                                           reference="X1")
    # wages alone may be paid before
    settlement_services.record_payment(frozen, acting_user=hr, paid_on=case.separation_date, amount=D(100),
                                       reference="X1", includes_compensation=False)
    for item in case.handover_items.all():
        handover.confirm_item(item, acting_user=item.receiver)
    assert case.handover_items.exclude(status=ItemStatus.CONFIRMED).count() == 0
    with pytest.raises(settlement_services.SettlementError, match="超过"):
        settlement_services.record_payment(frozen, acting_user=hr, paid_on=case.separation_date,
                                           amount=D(frozen.sheet["net"]), reference="X2")
    rest = D(frozen.sheet["net"]) - D(100)
    paid = settlement_services.record_payment(frozen, acting_user=hr, paid_on=case.separation_date, amount=rest,
                                              reference="X2")
    assert not paid.late


def test_a_payment_after_the_last_day_is_flagged(staffed):
    case = in_handover(staffed)
    for item in case.handover_items.all():
        handover.confirm_item(item, acting_user=item.receiver)
    frozen = settlement_services.approve(
        settlement_services.save_draft(case, INPUTS, acting_user=staffed.users["hrbp_sales"]),
        acting_user=staffed.users["approver"])
    payment = settlement_services.record_payment(
        frozen, acting_user=staffed.users["hrbp_sales"], paid_on=case.separation_date + dt.timedelta(days=1),
        amount=D(1000), reference="B-7")
    assert payment.late
    assert json.loads(LedgerEntry.objects.get(event="settlement.paid").payload)["late"] is True


def test_the_company_setting_switches_the_proration(staffed):
    case = in_handover(staffed)
    OffboardingSettings.objects.create(company=staffed.company, wage_proration="actual")
    draft = settlement_services.save_draft(case, INPUTS, acting_user=staffed.users["hrbp_sales"])
    assert next(ln for ln in draft.sheet["lines"] if ln["code"] == "final_wage")["amount"] == "5454.55"  # 12,000 ÷ 22 × 10


def test_a_settlement_waits_for_the_approval_of_the_case(staffed, soon):
    from farewell.cases import services

    case = services.open_case(staffed.lisi, "mutual_employer", actor=staffed.users["hrbp_sales"], separation_date=soon)
    with pytest.raises(settlement_services.SettlementError, match="批准后"):
        settlement_services.save_draft(case, INPUTS, acting_user=staffed.users["hrbp_sales"])


def test_the_wage_line_names_the_divisor_it_used_and_its_source():
    """The new-user check: the form asked 当月实际计薪天数 and the line divided by 21.75 citing 劳社部发〔2008〕3号
    whatever the company chose; each way now shows its own formula and basis."""
    standard = _line(compute_sheet(_inputs(month_paid_days=D(23))), "final_wage")
    assert standard["formula"] == "月工资 21750.00 ÷ 月计薪天数 21.75 × 出勤计薪天数 10 = 10000.00"
    assert "劳社部发〔2008〕3号" in standard["basis"]
    actual = _line(compute_sheet(_inputs(proration="actual", paid_days_worked=D(11), month_paid_days=D(22))),
                   "final_wage")
    assert actual["formula"] == "月工资 21750.00 ÷ 当月实际计薪天数 22 × 出勤计薪天数 11 = 10875.00"
    assert "21.75" not in actual["basis"] and "劳社部发" not in actual["basis"] and "当月实际计薪天数" in actual["basis"]


def test_the_form_asks_the_months_paid_days_only_when_the_company_prorates_by_them(client, staffed):
    case = in_handover(staffed)
    client.force_login(staffed.users["hrbp_sales"])
    page = client.get(f"/offboarding/cases/{case.code}/settlement/").content.decode()
    assert 'name="paid_days_worked"' in page and 'name="month_paid_days"' not in page
    OffboardingSettings.objects.create(company=staffed.company, wage_proration="actual")
    page = client.get(f"/offboarding/cases/{case.code}/settlement/").content.decode()
    assert 'name="month_paid_days"' in page


# The sheet's prefilled day counts (default_inputs) are paid days (计薪天数, 劳社部发〔2008〕3号) of the calendar
# the engine uses: working days, adjusted working days in, and the weekday statutory holidays (paid, 劳动法 51), not
# the in-lieu days (调休放假) nor the weekends; the holiday table HR keeps (设置 › 节假日) included (new-user check).


def _prefilled_days(staffed, last_day: dt.date, case=None) -> tuple[str, str]:
    case = case or in_handover(staffed)
    case.separation_date = last_day  # only the day matters here; nothing is saved
    inputs = settlement_services.default_inputs(case)
    return inputs["paid_days_worked"], inputs["month_paid_days"]


def test_the_prefilled_days_count_national_day_and_the_adjusted_working_day_but_not_the_days_in_lieu(staffed):
    # October 2025 (chinesecalendar's data): 1–8 October off (国庆 and 中秋), 7 and 8 October in lieu of Sunday
    # 28 September and Saturday 11 October (worked). 23 weekdays − 2 in lieu + 1 Saturday = 22 (working days
    # alone: 18); through the 15th: 1–3, 6, 9, 10, 11, 13–15 = 10.
    assert _prefilled_days(staffed, dt.date(2025, 10, 15)) == ("10", "22")


def test_the_prefilled_days_count_the_spring_festival(staffed):
    # February 2026: 15–23 February off (春节), 20 and 23 in lieu of Saturdays 14 and 28 February (worked):
    # 20 weekdays − 2 + 2 = 20 (working days alone: 16); through the 27th the Saturday 28th is not yet worked.
    assert _prefilled_days(staffed, dt.date(2026, 2, 27)) == ("19", "20")


def test_a_month_without_a_holiday_is_prefilled_with_its_working_days(staffed):
    assert _prefilled_days(staffed, dt.date(2025, 3, 31)) == ("21", "21")


def test_the_prefilled_days_count_the_holiday_table_hr_keeps(staffed):
    from farewell.org.models import Holiday

    notice = "国务院办公厅关于2027年部分节假日安排的通知"
    for day in range(1, 8):  # 国庆 2027: 1–7 October off, Saturday 9 October worked
        Holiday.objects.create(day=dt.date(2027, 10, day), kind="holiday", notice=notice)
    Holiday.objects.create(day=dt.date(2027, 10, 9), kind="workday", notice=notice)
    # Only "holiday" rows: every weekday holiday is paid. 21 weekdays + Saturday 9 = 22; through the 15th: 1,
    # 4–9, 11–15 = 12 (working days alone: 17 and 7).
    case = in_handover(staffed)
    assert _prefilled_days(staffed, dt.date(2027, 10, 15), case) == ("12", "22")
    # HR marks 6 and 7 October in lieu (调休放假): a day off, not paid
    Holiday.objects.filter(day__in=[dt.date(2027, 10, 6), dt.date(2027, 10, 7)]).update(kind="inlieu")
    from farewell.org import cached

    cached.changed("work_calendar")  # a queryset update sends no signal: say the table changed, as a save does
    assert _prefilled_days(staffed, dt.date(2027, 10, 15), case) == ("10", "20")


def test_the_prefilled_sheet_over_http_counts_paid_days(client, staffed):
    case = in_handover(staffed)
    case.separation_date = dt.date(2025, 10, 15)
    case.save(update_fields=["separation_date"])
    OffboardingSettings.objects.create(company=staffed.company, wage_proration="actual")
    client.force_login(staffed.users["hrbp_sales"])
    page = client.get(f"/offboarding/cases/{case.code}/settlement/").content.decode()
    assert 'name="paid_days_worked" value="10"' in page and 'name="month_paid_days" value="22"' in page
    assert "调休放假" in page  # the hint: in-lieu days in the holiday table
