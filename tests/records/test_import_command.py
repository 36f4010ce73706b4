"""`farewell import KIND FILE [--dry-run] [--company]`."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from farewell.records.models import PerformanceReview


def _file(files, world, score="80"):
    return files.csv([["工号", "周期", "分数"], [world.lisi.employee_number, "2025-03", score]])


def _run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_imports_and_reports_counts(world, files):
    out, err = _run("reviews", str(_file(files, world)), "--company", world.company.credit_code)
    assert "新增 1" in out and "行/秒" in out
    assert "1/1 行" in err  # the progress bar
    assert PerformanceReview.objects.count() == 1
    out, _err = _run("reviews", str(_file(files, world)), "--company", str(world.company.code))
    assert "未变 1" in out


def test_a_dry_run_writes_nothing(world, files):
    out, _err = _run("reviews", str(_file(files, world)), "--dry-run")
    assert "试运行" in out and "新增 1" in out
    assert not PerformanceReview.objects.exists()


def test_bad_rows_exit_non_zero_with_the_report(world, files):
    err = io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("import", "reviews", str(_file(files, world, "abc")), stdout=io.StringIO(), stderr=err)
    assert exc.value.returncode == 2
    assert "第 2 行 · 分数：“abc” 不是数字" in err.getvalue()
    assert "未写入任何数据" in str(exc.value)
    assert not PerformanceReview.objects.exists()


def test_an_unknown_company_is_an_error(world, files):
    with pytest.raises(CommandError, match="找不到公司"):
        _run("reviews", str(_file(files, world)), "--company", "nope")


def test_it_needs_a_company_when_there_are_several(world, files):
    from tests.factories import make_company

    make_company()
    with pytest.raises(CommandError, match="--company"):
        _run("reviews", str(_file(files, world)))
