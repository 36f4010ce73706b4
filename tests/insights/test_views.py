"""The brief (HTML and PDF), the flags list (预警) and the thresholds page: results and scoping."""

from __future__ import annotations

import re
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse

from farewell.common.models import Job
from farewell.insights.models import Flag, FlagRule, RuleCode
from farewell.insights.services import recompute_flags, schedule_recompute

from .history import rich_history
from .records import TODAY, Q, review


def _below_average(world):
    """lisi (sales) and chenqi (R&D, alone with a colleague) below their units' averages."""
    from tests.factories import make_employee

    colleague = make_employee(world.rnd, "周研")
    for start in Q:
        review(world.lisi, start, 70)
        review(world.boss, start, 80)
        review(world.zhaoliu, start, 90)
        review(world.chenqi, start, 60)
        review(colleague, start, 90)
    recompute_flags(world.company, today=TODAY)


# --- the flags list ----------------------------------------------------------------------------


def flag_names(client, user, **params) -> set[str]:
    client.force_login(user)
    response = client.get(reverse("insights:flags"), params)
    assert response.status_code == 200
    return {f.employee.name for f in response.context["page_obj"]}


def test_hr_admin_sees_every_flag_with_its_evidence(client, world):
    _below_average(world)
    assert flag_names(client, world.users["hr_admin"]) == {"李四", "陈七"}
    html = client.get(reverse("insights:flags")).content.decode()
    # The evidence links to the record's own address, which finds its row (insights/recordlists.py).
    assert f"/insights/employees/{world.lisi.code}/records/performancereview/" in html
    assert "#rec-performancereview-" in html


def test_flags_list_filters_by_unit_and_rule(client, world):
    _below_average(world)
    hr = world.users["hr_admin"]
    assert flag_names(client, hr, unit=world.rnd.pk) == {"陈七"}
    assert flag_names(client, hr, unit=world.root.pk) == {"李四", "陈七"}
    assert flag_names(client, hr, rule=RuleCode.KEY_CONTRIBUTOR) == set()
    assert flag_names(client, hr, rule=RuleCode.PERFORMANCE_BELOW_AVERAGE) == {"李四", "陈七"}


@pytest.mark.parametrize("persona, expected", [
    ("hrbp_sales", {"李四"}),
    ("manager", {"李四"}),
    ("legal", {"李四", "陈七"}),
])
def test_flags_list_is_scoped(client, world, persona, expected):
    _below_average(world)
    assert flag_names(client, world.users[persona]) == expected


@pytest.mark.parametrize("persona", ["employee", "approver", "auditor", "outsider"])
def test_flags_list_is_refused(client, world, persona):
    _below_average(world)
    client.force_login(world.users[persona])
    assert client.get(reverse("insights:flags")).status_code == 403


def test_the_employee_never_sees_their_own_flags(client, world):
    _below_average(world)
    client.force_login(world.users["employee"])  # lisi, who has a flag
    assert client.get(reverse("insights:brief", args=[world.lisi.code])).status_code == 403
    assert client.get(reverse("insights:flags")).status_code == 403
    html = client.get(reverse("org:employee_detail", args=[world.lisi.code])).content.decode()
    assert "低于部门平均" not in html


def test_flags_list_query_count_is_bounded(client, world, django_assert_max_num_queries):
    _below_average(world)
    client.force_login(world.users["hr_admin"])
    with django_assert_max_num_queries(20):
        client.get(reverse("insights:flags"))


# --- the thresholds page -------------------------------------------------------------------------


def _formset_data(company, **changes) -> dict:
    rules = list(FlagRule.objects.filter(company=company).order_by("pk"))
    data = {"form-TOTAL_FORMS": len(rules), "form-INITIAL_FORMS": len(rules), "form-MIN_NUM_FORMS": 0,
            "form-MAX_NUM_FORMS": 1000}
    for i, rule in enumerate(rules):
        values = {"id": rule.pk, "enabled": "on" if rule.enabled else "", "count": rule.count,
                  "threshold": rule.threshold, "dimension": rule.dimension, "window_months": rule.window_months,
                  "period_kind": rule.period_kind}
        values.update(changes.get(rule.code, {}))
        for key, value in values.items():
            if key == "enabled" and not value:
                continue
            data[f"form-{i}-{key}"] = value
    return data


def test_hr_admin_edits_a_threshold_and_the_flags_follow(client, world):
    _below_average(world)
    assert Flag.objects.filter(employee=world.lisi).exists()  # 70 vs average 80
    client.force_login(world.users["hr_admin"])
    assert client.get(reverse("insights:rules")).status_code == 200
    response = client.post(reverse("insights:rules"),
                           _formset_data(world.company, **{RuleCode.PERFORMANCE_BELOW_AVERAGE: {"threshold": "10"}}))
    assert response.status_code == 302
    assert FlagRule.objects.get(company=world.company, code=RuleCode.PERFORMANCE_BELOW_AVERAGE).threshold == Decimal("10")
    recompute_flags(world.company, today=TODAY)
    assert not Flag.objects.filter(employee=world.lisi).exists()  # 70 is not below 80 - 10
    assert Flag.objects.filter(employee=world.chenqi).exists()    # 60 is below 75 - 10


def test_save_and_recompute_schedules_a_job(client, world):
    client.force_login(world.users["hr_admin"])
    client.post(reverse("insights:rules"), {**_formset_data(world.company), "recompute": "1"})
    job = Job.objects.get(kind="insights.recompute_flags")
    assert job.status == Job.Status.DONE  # the test settings run tasks immediately
    assert job.created_by == world.users["hr_admin"]


@pytest.mark.parametrize("persona", ["hrbp_sales", "legal", "manager", "approver", "employee", "auditor"])
def test_thresholds_are_for_hr_admins_only(client, world, persona):
    before = FlagRule.objects.get(company=world.company, code=RuleCode.PERFORMANCE_BELOW_AVERAGE).threshold
    client.force_login(world.users[persona])
    assert client.get(reverse("insights:rules")).status_code == 403
    response = client.post(reverse("insights:rules"),
                           _formset_data(world.company, **{RuleCode.PERFORMANCE_BELOW_AVERAGE: {"threshold": "50"}}))
    assert response.status_code == 403
    assert FlagRule.objects.get(company=world.company, code=RuleCode.PERFORMANCE_BELOW_AVERAGE).threshold == before


def test_schedule_recompute_runs_the_task_with_a_job(world):
    _below_average(world)
    Flag.objects.all().delete()
    job = schedule_recompute(world.company, acting_user=None)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert job.result["flags"] >= 1


# --- the brief ---------------------------------------------------------------------------------


@pytest.mark.parametrize("persona, employee, status", [
    ("hr_admin", "lisi", 200), ("manager", "zhaoliu", 200), ("manager", "chenqi", 404),
    ("hrbp_sales", "chenqi", 404), ("approver", "lisi", 403), ("employee", "lisi", 403), ("auditor", "lisi", 404),
])
def test_brief_is_scoped(client, world, persona, employee, status):
    client.force_login(world.users[persona])
    assert client.get(reverse("insights:brief", args=[getattr(world, employee).code])).status_code == status


def test_brief_html_is_factual_and_needs_no_script(client, world):
    rich_history(world, world.lisi)
    client.force_login(world.users["hr_admin"])
    html = client.get(reverse("insights:brief", args=[world.lisi.code])).content.decode()
    assert "李四" in html and "<svg" in html
    assert "<script" not in html
    assert "部门平均" in html


def test_brief_pdf(client, world, tmp_path):
    rich_history(world, world.lisi)
    client.force_login(world.users["hr_admin"])
    response = client.get(reverse("insights:brief_pdf", args=[world.lisi.code]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    pdf = tmp_path / "brief.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True).stdout.decode()
    assert "李四" in text
    assert "绩效与部门平均" in text
    pages = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, check=True).stdout.decode()
    assert re.search(r"^Pages:\s+1$", pages, re.M)


# --- the flags export ----------------------------------------------------------------------------


def _flag_export(client, user, **params):
    import io

    import openpyxl

    client.force_login(user)
    response = client.get(reverse("insights:flag_export"), params)
    assert response.status_code == 200
    rows = list(openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    return rows[0], rows[1:]


def test_the_flags_export_has_the_facts(client, world):
    _below_average(world)
    header, rows = _flag_export(client, world.users["hr_admin"])
    assert header == ("工号", "姓名", "部门", "预警", "事实", "计算时间")
    assert {r[1] for r in rows} == {"李四", "陈七"}
    assert all("低于部门平均" in r[4] for r in rows)


def test_the_flags_export_is_scoped_and_filtered(client, world):
    _below_average(world)
    _header, rows = _flag_export(client, world.users["hrbp_sales"])
    assert {r[2] for r in rows} == {"销售部"} and {r[1] for r in rows} == {"李四"}
    _header, rows = _flag_export(client, world.users["hr_admin"], unit=world.rnd.pk)
    assert {r[1] for r in rows} == {"陈七"}
    _header, rows = _flag_export(client, world.users["hr_admin"], rule=RuleCode.KEY_CONTRIBUTOR)
    assert rows == []


@pytest.mark.parametrize("persona", ["employee", "approver", "auditor", "outsider"])
def test_the_flags_export_is_refused(client, world, persona):
    client.force_login(world.users[persona])
    assert client.get(reverse("insights:flag_export")).status_code == 403


@pytest.mark.parametrize("persona, expected", [
    # HR sees the three analyses; a manager sees flags but none of them (risk and explanations are HR's).
    ("hr_admin", {"insights:risk", "insights:survival", "insights:explanations"}),
    ("manager", set()),
])
def test_the_flags_page_links_the_analyses_the_user_may_open(client, world, persona, expected):
    client.force_login(world.users[persona])
    html = client.get(reverse("insights:flags")).content.decode()
    linked = {name for name in ("insights:risk", "insights:survival", "insights:explanations")
              if f'href="{reverse(name)}" data-analysis' in html}
    assert linked == expected
    for name in linked:  # and each opens for them
        assert client.get(reverse(name)).status_code == 200
