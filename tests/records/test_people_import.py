"""Imports of the people facts: org units, positions, employees, contracts, wages, protected periods."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal

import openpyxl
import pytest

from farewell.common import consent
from farewell.common.fields import blind_index
from farewell.common.identifiers import id_number
from farewell.ledger.models import LedgerEntry
from farewell.org.models import Contract, Employee, OrgUnit, Position, StatusPeriod, WageMonth
from farewell.records.exports import write_export
from farewell.records.importers import SPECS, import_file
from tests.factories import Role, give_consent, make_company, make_user

UNITS = [["部门路径", "部门编码"],
         ["总部/销售部/华东区", "EC"],  # a child before its parent: rows may come in any order
         ["总部", "HQ"],
         ["总部/销售部", "SALES"],
         ["总部/研发部", "RND"]]
ID_1 = id_number("310101", dt.date(1988, 4, 2), 17)   # a man (odd sequence)
ID_2 = id_number("310101", dt.date(1992, 11, 20), 24)  # a woman


def _employees_rows():
    return [
        ["员工编号", "员工姓名", "证件号码", "入职时间", "所属部门", "直接上级工号", "岗位", "手机号码"],
        ["Ｅ００２", "李娜", ID_2, "2021年3月1日", "华东区", "E001", "销售代表", "138 0000 0002"],
        ["E001", "王强", ID_1, 43891, "总部/销售部", "", "销售经理", "13800000001"],  # 43891 = 2020-03-01
    ]


@pytest.fixture
def company(db):
    return make_company(name="新客户有限公司")


def _import(kind, path, company, **kw):
    return import_file(kind, path, company=company, **kw)


def _load(files, company):
    assert _import("org_units", files.csv(UNITS, "units.csv"), company).ok
    assert _import("positions", files.csv([["岗位名称", "薪档下限", "薪档上限"], ["销售代表", "6000", "12000"],
                                           ["销售经理", "15000", "30000"]], "pos.csv"), company).ok
    report = _import("employees", files.csv(_employees_rows(), "emp.csv"), company)
    assert report.ok, report.errors
    return report


def test_units_build_a_tree_from_paths_in_any_order(company, files):
    report = _import("org_units", files.csv(UNITS), company)
    assert report.ok, report.errors
    assert report.created == 4
    units = {u.code: u for u in OrgUnit.objects.filter(company=company)}
    assert units["EC"].parent == units["SALES"] and units["SALES"].parent == units["HQ"]
    assert units["EC"].path.startswith(units["SALES"].path) and units["EC"].depth == 2
    again = _import("org_units", files.csv(UNITS), company)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)


def test_units_by_parent_code_and_an_unknown_parent_is_named(company, files):
    report = _import("org_units", files.csv([["部门名称", "部门编码", "上级部门编码"], ["华南区", "SC", "SALES"],
                                             ["销售部", "SALES", ""]]), company)
    assert report.ok, report.errors
    bad = _import("org_units", files.csv([["部门名称", "部门编码", "上级部门编码"], ["西北区", "NW", "NOPE"]]), company)
    assert bad.errors == ["第 2 行 · 上级部门编码：上级部门编码“NOPE”不存在"]
    unknown_path = _import("org_units", files.csv([["部门路径"], ["总部/不存在/某组"]]), company)
    assert "上级部门“总部/不存在”不存在" in unknown_path.errors[0]
    assert not OrgUnit.objects.filter(code="NW").exists()


def test_a_changed_parent_moves_the_unit_with_its_subtree(company, files):
    _import("org_units", files.csv(UNITS), company)
    report = _import("org_units", files.csv([["部门路径", "部门编码"], ["总部/研发部/华东区", "EC"]]), company)
    assert report.ok and report.updated == 1, report.errors
    units = {u.code: u for u in OrgUnit.objects.filter(company=company)}
    assert units["EC"].parent == units["RND"] and units["EC"].path.startswith(units["RND"].path)
    cycle = _import("org_units", files.csv([["部门名称", "部门编码", "上级部门编码"], ["总部", "HQ", "EC"]]), company)
    assert cycle.errors and "自己的下级" in cycle.errors[0]


def test_employees_import_with_the_forms_hr_files_use(company, files):
    report = _load(files, company)
    assert report.created == 2
    li = Employee.objects.get(company=company, employee_number="E002")  # 全角 工号 folded
    wang = Employee.objects.get(company=company, employee_number="E001")
    assert li.manager == wang  # the manager is a later row of the same file
    assert li.hire_date == dt.date(2021, 3, 1) and wang.hire_date == dt.date(2020, 3, 1)  # Excel serial date
    assert li.birth_date == dt.date(1992, 11, 20) and li.gender == "female"  # from the ID number
    assert li.org_unit.code == "EC" and li.position.name == "销售代表"
    assert li.phone == "13800000002"
    assert li.id_number == ID_2 and li.id_number_index == blind_index(ID_2)
    raw = Employee.objects.filter(pk=li.pk).values_list("id_number", flat=True)
    assert ID_2 not in str(list(raw.query.sql_with_params()))  # the query does not carry it
    again = _import("employees", files.csv(_employees_rows(), "emp2.csv"), company)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_employee_bad_rows_name_the_row_and_field_and_write_nothing(company, files):
    _import("org_units", files.csv(UNITS, "units.csv"), company)
    bad_id = ID_1[:-1] + ("0" if ID_1[-1] != "0" else "1")
    rows = [
        ["工号", "姓名", "性别", "出生日期", "身份证号", "入职日期", "部门", "离职日期"],
        ["E010", "甲", "男", "1990-01-01", bad_id, "2020-01-01", "总部", ""],
        ["E011", "乙", "男", "1990-01-01", "", "2020-01-01", "总部/不存在", ""],
        ["E012", "丙", "男", "1990-01-01", "", "2023-01-01", "总部", "2022-12-31"],
        ["E013", "丁", "男", "1990-01-01", "", "2020-01-01", "总部", ""],
        ["E013", "丁二", "男", "1990-01-01", "", "2020-01-01", "总部", ""],
        ["E014", "", "", "", "", "", "", ""][:1] + ["戊", "男", "1990-01-01", "", "2020-01-01", "", ""],
    ]
    report = _import("employees", files.csv(rows), company)
    assert not report.ok
    text = "\n".join(report.errors)
    assert "第 2 行 · 身份证号：" in text and "校验位不正确" in text
    assert "第 3 行 · 部门：部门路径“总部/不存在”不存在" in text
    assert "第 4 行 · 离职日期：2022-12-31 早于入职日期 2023-01-01" in text
    assert "第 6 行 · 工号：与第 5 行重复" in text
    assert "第 7 行 · 部门：新员工必填" in text
    assert not Employee.objects.filter(company=company).exists()


def test_a_birth_before_1900_and_a_hire_before_sixteen_are_refused_with_row_and_field(company, files):
    _import("org_units", files.csv(UNITS, "units.csv"), company)
    rows = [
        ["工号", "姓名", "性别", "出生日期", "入职日期", "部门"],
        ["E040", "甲", "男", "1880-05-01", "2020-01-01", "总部"],
        ["E041", "乙", "男", "2017-01-10", "2020-01-01", "总部"],  # three years old at hire
        ["E042", "丙", "男", "2004-01-02", "2020-01-01", "总部"],  # the day before the 16th birthday
    ]
    report = _import("employees", files.csv(rows), company)
    assert report.errors == [
        "第 2 行 · 出生日期：1880-05-01 早于 1900 年，不是在职人员可能的出生日期，请核对",
        "第 3 行 · 入职日期：2020-01-01 入职时未满十六周岁（出生日期 2017-01-10）：禁止用人单位招用未满十六周岁的"
        "未成年人（《劳动法》第十五条），请核对出生日期和入职日期",
        "第 4 行 · 入职日期：2020-01-01 入职时未满十六周岁（出生日期 2004-01-02）：禁止用人单位招用未满十六周岁的"
        "未成年人（《劳动法》第十五条），请核对出生日期和入职日期",
    ]
    assert not Employee.objects.filter(company=company).exists()


def test_the_first_day_of_1900_and_a_hire_on_the_sixteenth_birthday_are_accepted(company, files):
    _import("org_units", files.csv(UNITS, "units.csv"), company)
    rows = [
        ["工号", "姓名", "性别", "出生日期", "入职日期", "部门"],
        ["E043", "甲", "男", "1900-01-01", "1950-01-01", "总部"],
        ["E044", "乙", "男", "2004-01-01", "2020-01-01", "总部"],
    ]
    report = _import("employees", files.csv(rows), company)
    assert report.ok, report.errors


@pytest.mark.parametrize(("rows", "error"), [
    # E001 (王强) was born 1988-04-02 (his ID number) and hired 2020-03-01.
    ([["工号", "入职日期"], ["E001", "2004-04-01"]],
     "第 2 行 · 入职日期：2004-04-01 入职时未满十六周岁（出生日期 1988-04-02）"),
    ([["工号", "出生日期"], ["E001", "2005-01-01"]],
     "第 2 行 · 入职日期：2020-03-01 入职时未满十六周岁（出生日期 2005-01-01）"),
    ([["工号", "出生日期", "入职日期"], ["E001", "", "2004-04-01"]],  # a blank cell keeps the date on file
     "第 2 行 · 入职日期：2004-04-01 入职时未满十六周岁（出生日期 1988-04-02）"),
])
def test_a_row_changing_one_date_of_someone_on_file_is_checked_against_the_other(company, files, rows, error):
    _load(files, company)
    report = _import("employees", files.csv(rows, "one_date.csv"), company)
    assert len(report.errors) == 1 and report.errors[0].startswith(error), report.errors
    person = Employee.objects.get(company=company, employee_number="E001")
    assert (person.birth_date, person.hire_date) == (dt.date(1988, 4, 2), dt.date(2020, 3, 1))


def test_a_row_leaving_both_dates_alone_is_not_refused_for_them(company, files):
    _load(files, company)
    Employee.objects.filter(company=company, employee_number="E001").update(birth_date=dt.date(1880, 5, 1))
    report = _import("employees", files.csv([["工号", "手机号码"], ["E001", "13900000001"]], "phone.csv"), company)
    assert report.ok and report.updated == 1, report.errors


def test_a_manager_cycle_is_refused(company, files):
    _load(files, company)
    rows = [["工号", "直接上级工号"], ["E001", "E002"]]  # E002 already reports to E001
    report = _import("employees", files.csv(rows, "cycle.csv"), company)
    assert report.errors and "上级关系构成循环" in report.errors[0] and report.errors[0].startswith("第 2 行")


def test_a_birth_date_disagreeing_with_the_id_number_is_a_warning(company, files):
    _import("org_units", files.csv(UNITS, "units.csv"), company)
    rows = [["工号", "姓名", "性别", "出生日期", "身份证号", "入职日期", "部门"],
            ["E020", "甲", "男", "1988-04-03", ID_1, "2020-01-01", "总部"]]
    report = _import("employees", files.csv(rows), company)
    assert report.ok and report.warnings == ["第 2 行 · 出生日期：1988-04-03 与身份证号中的出生日期 1988-04-02 不一致"]


def test_a_changed_hire_date_goes_to_the_ledger_with_its_old_value(company, files):
    _load(files, company)
    rows = [["工号", "入职日期"], ["E001", "2019-03-01"]]
    report = _import("employees", files.csv(rows, "fix.csv"), company)
    assert report.ok and report.updated == 1
    wang = Employee.objects.get(company=company, employee_number="E001")
    entry = LedgerEntry.objects.get(object_type="org.employee", object_id=str(wang.pk), event="fact_changed")
    payload = json.loads(entry.payload)
    assert payload["before"] == {"hire_date": "2020-03-01"} and payload["after"] == {"hire_date": "2019-03-01"}
    assert wang.hire_date == dt.date(2019, 3, 1)
    assert wang.name == "王强"  # columns not in the file are left alone


def test_an_hrbp_cannot_create_people_outside_their_units(company, files):
    _import("org_units", files.csv(UNITS, "units.csv"), company)
    hrbp = make_user("hrbp-ec", Role.HRBP, company=company, unit=OrgUnit.objects.get(company=company, code="EC"))
    rows = [["工号", "姓名", "性别", "出生日期", "入职日期", "部门"],
            ["E030", "甲", "男", "1990-01-01", "2020-01-01", "华东区"],
            ["E031", "乙", "男", "1990-01-01", "2020-01-01", "研发部"]]
    report = _import("employees", files.csv(rows), company, user=hrbp)
    assert report.errors == ["第 3 行 · 部门：“总部/研发部”不在您的权限范围内"]


def test_contracts_get_sequences_and_renewals_by_date_and_overlaps_are_refused(company, files):
    _load(files, company)
    rows = [["工号", "合同类型", "起始日", "终止日"],
            ["E001", "固定期限", "2023-03-01", "2026-02-28"],
            ["E001", "固定期限", "2020-03-01", "2023-02-28"]]
    report = _import("contracts", files.csv(rows), company)
    assert report.ok and report.created == 2, report.errors
    first, second = Contract.objects.filter(employee__employee_number="E001").order_by("sequence")
    assert (first.start_date, second.start_date) == (dt.date(2020, 3, 1), dt.date(2023, 3, 1))
    assert second.renewal_of == first
    assert _import("contracts", files.csv(rows, "again.csv"), company).unchanged == 2
    overlap = [["工号", "合同类型", "起始日", "终止日"], ["E001", "无固定期限", "2026-01-01", ""]]
    report = _import("contracts", files.csv(overlap, "overlap.csv"), company)
    assert report.errors == ["第 2 行 · 起始日：与 2023-03-01 起的合同重叠（该合同至 2026-02-28）"]


def test_wages_total_from_parts_no_future_month_and_changes_on_the_ledger(company, files):
    _load(files, company)
    rows = [["工号", "工资月份", "基本工资", "奖金", "应发合计"],
            ["E001", "2025年3月", "１５，０００．００", "2000", ""],
            ["E001", "202504", "15000", "", "16000"]]
    report = _import("wages", files.csv(rows), company)
    assert report.ok and report.created == 2, report.errors
    march = WageMonth.objects.get(employee__employee_number="E001", month=dt.date(2025, 3, 1))
    assert march.total == Decimal("17000.00") and march.base == Decimal("15000.00")
    future = [["工号", "月份", "应发合计"], ["E001", "2099-01", "1"]]
    assert _import("wages", files.csv(future, "f.csv"), company).errors == ["第 2 行 · 月份：“2099-01” 在未来"]
    change = [["工号", "月份", "应发合计"], ["E001", "2025-04", "16500"]]
    assert _import("wages", files.csv(change, "c.csv"), company).updated == 1
    entry = LedgerEntry.objects.get(object_type="org.wagemonth", event="fact_changed")
    payload = json.loads(entry.payload)
    assert payload["before"]["total"] == "16000.00" and payload["after"]["total"] == "16500.00"


def test_protected_periods_are_encrypted_and_re_import_changes_nothing(company, files):
    _load(files, company)
    rows = [["工号", "类型", "开始日期", "结束日期"], ["E002", "孕期", "2025-06-01", ""]]
    report = _import("status_periods", files.csv(rows), company)
    assert report.ok and report.created == 1, report.errors
    period = StatusPeriod.objects.get(employee__employee_number="E002")
    assert period.kind == "pregnancy" and period.protected
    assert "pregnancy" not in str(StatusPeriod.objects.filter(pk=period.pk).values_list("kind").query)
    assert _import("status_periods", files.csv(rows, "a.csv"), company).unchanged == 1
    ended = [["工号", "类型", "开始日期", "结束日期"], ["E002", "孕期", "2025-06-01", "2026-02-01"]]
    assert _import("status_periods", files.csv(ended, "b.csv"), company).updated == 1
    entry = LedgerEntry.objects.get(object_type="org.statusperiod", event="fact_changed")
    assert "pregnancy" not in str(entry.payload)  # health data stays out of the ledger


@pytest.mark.parametrize("kind", ["org_units", "positions", "employees", "contracts", "wages", "status_periods"])
def test_the_export_re_imports_unchanged(company, files, tmp_path, kind):
    _load(files, company)
    _import("contracts", files.csv([["工号", "合同类型", "起始日", "终止日"], ["E001", "固定期限", "2020-03-01",
                                                                        "2023-02-28"]], "c.csv"), company)
    _import("wages", files.csv([["工号", "月份", "基本工资", "应发合计"], ["E001", "2025-03", "100.5", "200"]], "w.csv"),
            company)
    _import("status_periods", files.csv([["工号", "类型", "开始日期"], ["E002", "医疗期", "2025-01-02"]], "s.csv"), company)
    admin = make_user("admin-x", Role.HR_ADMIN, company=company)
    spec = SPECS[kind]
    buffer = io.BytesIO()
    count = write_export(spec, None, buffer, rows=spec.exporter(admin, [company.pk]))
    assert count > 0
    path = tmp_path / f"{kind}-export.xlsx"
    path.write_bytes(buffer.getvalue())
    ws = openpyxl.load_workbook(path).active
    assert [c.rstrip("*") for c in next(ws.iter_rows(values_only=True))] == spec.headers
    report = _import(kind, path, company)
    assert report.ok, report.errors
    assert report.created == report.updated == 0 and report.unchanged == count


def test_the_command_line_imports_people(company, files):
    from django.core.management import call_command

    out = io.StringIO()
    call_command("import", "org_units", str(files.csv(UNITS)), "--company", company.credit_code, "--no-progress",
                 stdout=out)
    assert "新增 4" in out.getvalue()
    assert Position.objects.count() == 0


def test_the_current_month_is_accepted_and_the_next_refused(company, files):
    from django.utils import timezone

    _load(files, company)
    this_month = timezone.localdate().replace(day=1)
    next_month = (this_month + dt.timedelta(days=32)).replace(day=1)
    rows = [["工号", "月份", "应发合计"], ["E001", this_month.strftime("%Y-%m"), "1"]]
    assert _import("wages", files.csv(rows, "now.csv"), company).ok
    rows = [["工号", "月份", "应发合计"], ["E001", next_month.strftime("%Y-%m"), "1"]]
    assert _import("wages", files.csv(rows, "next.csv"), company).errors == [
        f"第 2 行 · 月份：“{next_month:%Y-%m}” 在未来"]


def test_a_re_import_never_deletes_someone_left_out(company, files):
    _load(files, company)
    rows = [["工号", "姓名"], ["E001", "王强"]]
    report = _import("employees", files.csv(rows, "one.csv"), company)
    assert report.ok and report.unchanged == 1
    assert Employee.objects.filter(company=company).count() == 2
    li = Employee.objects.get(company=company, employee_number="E002")
    assert li.manager.employee_number == "E001" and li.id_number == ID_2  # untouched


def test_a_big_import_refreshes_the_statistics_and_can_leave_the_flags_to_its_caller(company, files, monkeypatch,
                                                                                     django_capture_on_commit_callbacks):
    from farewell.records import importers

    analyzed, scheduled = [], []
    monkeypatch.setattr(importers, "ANALYZE_AFTER_ROWS", 2)
    monkeypatch.setattr(importers, "analyze", lambda *models: analyzed.extend(models))
    monkeypatch.setattr("farewell.insights.services.schedule_recompute",
                        lambda company, acting_user: scheduled.append(company))
    with django_capture_on_commit_callbacks(execute=True):
        report = _load(files, company)
    assert report.created == 2 and Employee in analyzed and scheduled == [company]
    with django_capture_on_commit_callbacks(execute=True):
        _import("employees", files.csv([["工号", "姓名"], ["E001", "王强二"], ["E002", "李娜二"]], "f.csv"), company,
                recompute_flags=False)
    assert scheduled == [company]  # the caller recomputes itself


def test_period_notes_need_the_persons_separate_consent(company, files):
    """The fact and dates are imported for anyone (LCL 42); notes only for who consented (PIPL Art. 29)."""
    _load(files, company)
    rows = [["工号", "类型", "开始日期", "结束日期", "备注"], ["E002", "医疗期", "2025-06-01", "", "腰椎手术"]]
    report = _import("status_periods", files.csv(rows), company)
    assert not report.ok and "备注" in report.errors[0] and not StatusPeriod.objects.exists()
    without_notes = [["工号", "类型", "开始日期", "结束日期", "备注"], ["E002", "医疗期", "2025-06-01", "", ""]]
    assert _import("status_periods", files.csv(without_notes, "a.csv"), company).created == 1
    give_consent(Employee.objects.get(employee_number="E002"), consent.HEALTH_DETAILS)
    rows[1][2] = "2025-09-01"
    assert _import("status_periods", files.csv(rows, "b.csv"), company).created == 1
    assert StatusPeriod.objects.get(start_date=dt.date(2025, 9, 1)).notes == "腰椎手术"


def test_a_big_import_runs_analyze_on_postgresql(company, files, monkeypatch, django_capture_on_commit_callbacks):
    """The statement itself, on the real database (the test above replaces `analyze`)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from farewell.records import importers

    if connection.vendor != "postgresql":
        pytest.skip("ANALYZE is PostgreSQL's (SQLite keeps no planner statistics to refresh)")
    monkeypatch.setattr(importers, "ANALYZE_AFTER_ROWS", 2)
    monkeypatch.setattr("farewell.insights.services.schedule_recompute", lambda company, acting_user: None)
    with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks(execute=True):
        _load(files, company)
    assert 'ANALYZE "org_employee"' in [q["sql"] for q in queries.captured_queries]
