"""The import framework: every kind from CSV and XLSX, every kind of bad row, idempotence."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from farewell.records import models as m
from farewell.records.importers import RECORD_SPECS as SPECS
from farewell.records.importers import import_file

# One good row per kind (besides 工号), headers as HR writes them.
GOOD = {
    "reviews": (["工号", "周期", "周期类型", "分数", "等级", "KPI完成率", "考核人", "评语"],
                ["2025-Q1", "季度", "86.5", "B", "95%", "王经理", "按期完成"]),
    "metrics": (["工号", "指标", "周期", "数值"], ["2025-03", "迟到次数", "3"]),
    "training": (["工号", "课程", "日期", "状态", "考试分数", "是否通过", "学时"],
                 ["客户沟通技巧", "2025-03-12", "已参加", "88", "是", "8"]),
    "rewards": (["工号", "类型", "级别", "名称", "日期", "事由", "依据条款"],
                ["处分", "一般", "书面警告", "2025/4/2", "连续迟到", "员工手册第5.3条"]),
    "feedback360": (["工号", "周期", "维度", "评价人关系", "评价人编号", "分数", "评语"],
                    ["2025", "团队协作", "同事", "R07", "4", "乐于分享"]),
    "values": (["工号", "周期", "价值观维度", "分数", "行为事例"], ["2025年第一季度", "客户第一", "4", "主动跟进"]),
    "surveys": (["工号", "问卷", "维度", "周期", "分数"], ["离职倾向", "", "2025年3月", "3.5"]),
    "commitments": (["工号", "阶段", "承诺方", "日期", "主题", "内容", "记录人"],
                    ["面试", "候选人", "2024-06-18", "出差", "可接受每月一周出差", "HR 张敏"]),
    "contributions": (["工号", "类型", "名称", "日期", "结束日期", "角色"],
                      ["重点项目", "华东区渠道改造", "2024-01-08", "2024-09-30", "项目经理"]),
}


def _rows(kind, *employees):
    headers, row = GOOD[kind]
    # The metric row puts 指标 before 周期 in the header: reorder the sample to match.
    if kind == "metrics":
        row = [row[1], row[0], row[2]]
    return [headers] + [[e.employee_number, *row] for e in employees]


def test_every_kind_has_a_sample():
    assert set(GOOD) == set(SPECS)


@pytest.mark.parametrize("kind", sorted(SPECS))
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_it_imports_a_good_file(world, files, kind, fmt):
    path = getattr(files, fmt)(_rows(kind, world.lisi, world.chenqi))
    report = import_file(kind, path, company=world.company)
    assert report.errors == []
    assert (report.total, report.created, report.updated, report.unchanged) == (2, 2, 0, 0)
    assert report.committed
    model = SPECS[kind].model
    assert model.objects.filter(employee=world.lisi).count() == 1


@pytest.mark.parametrize("kind", sorted(SPECS))
def test_reimporting_the_same_file_changes_nothing(world, files, kind):
    path = files.csv(_rows(kind, world.lisi))
    import_file(kind, path, company=world.company)
    model = SPECS[kind].model
    before = list(model.objects.values())
    again = import_file(kind, path, company=world.company)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert list(model.objects.values()) == before


@pytest.mark.parametrize("kind", sorted(SPECS))
def test_an_exported_xlsx_reimports_unchanged(world, files, kind, tmp_path):
    from farewell.records.exports import write_export

    import_file(kind, files.csv(_rows(kind, world.lisi)), company=world.company)
    out = tmp_path / "export.xlsx"
    with out.open("wb") as fh:
        write_export(SPECS[kind], SPECS[kind].model.objects.all(), fh)
    again = import_file(kind, out, company=world.company)
    assert again.errors == []
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)


def test_it_stores_the_review_fields(world, files):
    import_file("reviews", files.csv(_rows("reviews", world.lisi)), company=world.company)
    review = m.PerformanceReview.objects.get()
    assert review.period_kind == "quarter" and review.period_start == dt.date(2025, 1, 1)
    assert review.score == Decimal("86.5") and review.rating == "B" and review.kpi_completion == Decimal("95")
    assert review.reviewer_name == "王经理"


def test_it_updates_a_changed_row_and_only_the_mapped_columns(world, files):
    import_file("reviews", files.csv(_rows("reviews", world.lisi)), company=world.company)
    report = import_file("reviews", files.csv([["工号", "周期", "分数"], [world.lisi.employee_number, "2025-Q1", "90"]],
                                              name="b.csv"), company=world.company)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 0)
    review = m.PerformanceReview.objects.get()
    assert review.score == Decimal("90") and review.comment == "按期完成"


def test_it_reads_utf8_without_bom_and_gb18030(world, files):
    for encoding in ("utf-8", "gb18030"):
        path = files.csv(_rows("values", world.lisi), name=f"{encoding}.csv", encoding=encoding)
        report = import_file("values", path, company=world.company)
        assert report.errors == [], encoding
    assert m.ValuesAssessment.objects.get().dimension == "客户第一"


def test_it_accepts_a_metric_by_code_and_by_name(world, files):
    rows = [["工号", "指标", "周期", "数值"],
            [world.lisi.employee_number, "late_count", "2025-03", "1"],
            [world.lisi.employee_number, "加班时长", "2025-03", "12.5"]]
    report = import_file("metrics", files.csv(rows), company=world.company)
    assert report.errors == [] and report.created == 2
    assert m.MetricValue.objects.get(metric__code="overtime_hours").value == Decimal("12.5")


# --- bad rows: each named by row and field, and nothing written --------------------------------


def _bad(world, files, kind, rows):
    report = import_file(kind, files.csv(rows), company=world.company)
    assert not report.committed
    assert SPECS[kind].model.objects.count() == 0
    return report.errors


def test_a_missing_required_cell_is_named(world, files):
    errors = _bad(world, files, "reviews", [["工号", "周期", "分数"],
                                            [world.lisi.employee_number, "2025-03", "80"],
                                            [world.chenqi.employee_number, "", "80"]])
    assert errors == ["第 3 行 · 周期：必填"]


def test_a_missing_required_column_is_named(world, files):
    assert _bad(world, files, "metrics", [["工号", "周期"], [world.lisi.employee_number, "2025-03"]]) == [
        "缺少必填列：指标、数值"
    ]


def test_not_a_number_is_named(world, files):
    errors = _bad(world, files, "reviews", [["工号", "周期", "分数"],
                                            [world.lisi.employee_number, "2025-03", "80"],
                                            [world.lisi.employee_number, "2025-04", "80"],
                                            [world.lisi.employee_number, "2025-05", "80"],
                                            [world.chenqi.employee_number, "2025-03", "abc"]])
    assert errors == ["第 5 行 · 分数：“abc” 不是数字"]


def test_an_out_of_range_score_is_named(world, files):
    errors = _bad(world, files, "values", [["工号", "周期", "价值观维度", "分数"],
                                           [world.lisi.employee_number, "2025", "诚信", "6"]])
    assert errors == ["第 2 行 · 分数：“6” 超出范围 1–5"]


def test_a_value_outside_the_metric_range_is_named(world, files):
    errors = _bad(world, files, "metrics", [["工号", "指标", "周期", "数值"],
                                            [world.lisi.employee_number, "迟到次数", "2025-03", "-1"]])
    assert errors == ["第 2 行 · 数值：“-1” 超出指标“迟到次数”的范围 0–"]


def test_an_unknown_metric_is_named(world, files):
    errors = _bad(world, files, "metrics", [["工号", "指标", "周期", "数值"],
                                            [world.lisi.employee_number, "摸鱼指数", "2025-03", "1"]])
    assert errors == ["第 2 行 · 指标：“摸鱼指数” 不在指标目录中"]


def test_an_unknown_employee_number_is_named(world, files):
    errors = _bad(world, files, "reviews", [["工号", "周期", "分数"], ["NOPE", "2025-03", "80"]])
    assert errors == ["第 2 行 · 工号：工号不存在或不在您的权限范围内"]


def test_an_employee_of_another_company_is_unknown(world, files):
    from tests.factories import make_company, make_employee, make_unit

    foreign = make_employee(make_unit(make_company(), "总部"), "外人")
    errors = _bad(world, files, "reviews", [["工号", "周期", "分数"], [foreign.employee_number, "2025-03", "80"]])
    assert errors == ["第 2 行 · 工号：工号不存在或不在您的权限范围内"]


def test_an_employee_outside_the_hrbps_scope_is_rejected(world, files):
    rows = [["工号", "周期", "分数"],
            [world.lisi.employee_number, "2025-03", "80"],
            [world.chenqi.employee_number, "2025-03", "80"]]  # 研发部: outside the sales HRBP's scope
    report = import_file("reviews", files.csv(rows), company=world.company, user=world.users["hrbp_sales"])
    assert report.errors == ["第 3 行 · 工号：工号不存在或不在您的权限范围内"]
    assert m.PerformanceReview.objects.count() == 0
    ok = import_file("reviews", files.csv(rows[:2], name="ok.csv"), company=world.company,
                     user=world.users["hrbp_sales"])
    assert ok.committed and ok.created == 1


def test_a_bad_date_is_named(world, files):
    errors = _bad(world, files, "training", [["工号", "课程", "日期", "状态"],
                                             [world.lisi.employee_number, "安全培训", "2025-02-30", "已参加"]])
    assert errors == ["第 2 行 · 日期：“2025-02-30” 不是有效日期（例如 2025-03-31）"]


def test_a_bad_period_and_choice_are_named(world, files):
    errors = _bad(world, files, "training", [["工号", "课程", "日期", "状态"],
                                             [world.lisi.employee_number, "安全培训", "2025-02-03", "也许"]])
    assert errors == ["第 2 行 · 状态：“也许” 不是可选值（已邀请、已参加、已拒绝、未到）"]
    errors = _bad(world, files, "reviews", [["工号", "周期", "分数"], [world.lisi.employee_number, "上个月", "80"]])
    assert errors == ["第 2 行 · 周期：“上个月” 不是有效周期（例如 2025-03、2025-Q1、2025）"]


def test_a_duplicate_natural_key_within_the_file_is_named(world, files):
    errors = _bad(world, files, "reviews", [["工号", "周期", "分数"],
                                            [world.lisi.employee_number, "2025-03", "80"],
                                            [world.chenqi.employee_number, "2025-03", "80"],
                                            [world.lisi.employee_number, "2025-03-15", "70"]])
    assert errors == ["第 4 行 · 工号+周期：与第 2 行重复"]


def test_every_bad_row_is_reported_and_good_chunks_are_rolled_back(world, files):
    rows = [["工号", "指标", "周期", "数值"]]
    rows += [[world.lisi.employee_number, "迟到次数", f"20{y:02d}-01", "1"] for y in range(10, 40)]
    rows.append([world.lisi.employee_number, "迟到次数", "2099-01", "x"])
    rows.append(["NOPE", "迟到次数", "2099-02", "1"])
    # Chunks of 10: the first three chunks are good and written, then rolled back.
    report = import_file("metrics", files.csv(rows), company=world.company, chunk_size=10)
    assert report.errors == ["第 32 行 · 数值：“x” 不是数字", "第 33 行 · 工号：工号不存在或不在您的权限范围内"]
    assert report.bad_rows == 2 and report.total == 32
    assert m.MetricValue.objects.count() == 0


def test_a_dry_run_writes_nothing_but_counts(world, files):
    report = import_file("reviews", files.csv(_rows("reviews", world.lisi, world.chenqi)), company=world.company,
                         dry_run=True)
    assert report.errors == [] and report.created == 2 and not report.committed
    assert m.PerformanceReview.objects.count() == 0


def test_an_unreadable_file_is_one_error(world, tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"not a zip")
    report = import_file("reviews", path, company=world.company)
    assert len(report.errors) == 1 and report.errors[0].startswith("无法读取 Excel 文件")
