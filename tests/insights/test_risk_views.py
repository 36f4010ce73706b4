"""The attrition-risk pages: the employee panel (HR only; managers for their reports when the
company allows), the overview with small units suppressed, the model card, training as a job."""

from __future__ import annotations

import pytest
from django.urls import reverse

from farewell.common.models import Job
from farewell.insights import risk
from farewell.insights.models import RiskModel, RiskScore, RiskSettings
from farewell.org.models import Employee

from .riskhistory import TODAY, build

PANEL = "离职风险提示"


@pytest.fixture
def trained(world):
    build(world)
    risk.train(world.company, today=TODAY)
    return world


def page(client, user, employee) -> str:
    client.force_login(user)
    response = client.get(reverse("org:employee_detail", args=[employee.code]))
    assert response.status_code == 200
    return response.content.decode()


def test_hr_sees_the_probability_the_factors_in_words_and_the_records_behind_them(trained, client):
    score = RiskScore.objects.filter(employee__org_unit=trained.sales).exclude(factors=[]).select_related(
        "employee").first()
    html = page(client, trained.users["hrbp_sales"], score.employee)
    assert PANEL in html and f"{round(score.probability * 100)}%" in html
    assert "本部门中位数" in html or "公司中位数" in html
    kind, pk = next(f["evidence"][0] for f in score.factors if f["evidence"])
    assert f"#rec-{kind}-{pk}" in html
    assert "不能单独作为任何决定的依据" in html


def test_managers_see_it_for_their_reports_only_when_the_company_allows(trained, client):
    manager, lisi, chenqi = trained.users["manager"], trained.lisi, trained.chenqi
    assert PANEL not in page(client, manager, lisi)
    RiskSettings.objects.create(company=trained.company, managers_see_own_reports=True)
    assert PANEL in page(client, manager, lisi)
    client.force_login(manager)
    assert client.get(reverse("org:employee_detail", args=[chenqi.code])).status_code == 404  # not a report


def test_the_employee_and_legal_never_see_it(trained, client):
    RiskSettings.objects.create(company=trained.company, managers_see_own_reports=True)
    assert PANEL not in page(client, trained.users["employee"], trained.lisi)
    assert PANEL not in page(client, trained.users["legal"], trained.lisi)


def test_the_overview_shows_units_and_hides_those_under_five(trained, client):
    client.force_login(trained.users["hr_admin"])
    model = RiskModel.objects.get()
    RiskScore.objects.filter(model=model, org_unit_id=trained.sales.pk).update(org_unit_id=trained.rnd.pk)
    RiskScore.objects.filter(model=model, employee=trained.boss).update(org_unit_id=trained.sales.pk)
    html = client.get(reverse("insights:risk")).content.decode()
    assert "研发部" in html and "不足 5 人，不显示" in html
    sales_row = html[html.index("销售部"):html.index("</tr>", html.index("销售部"))]
    assert "%" not in sales_row


def test_the_model_card_says_what_it_uses_how_it_was_tested_and_its_limits(trained, client):
    client.force_login(trained.users["hrbp_sales"])
    html = client.get(reverse("insights:risk_model")).content.decode()
    model = RiskModel.objects.get()
    assert "ROC AUC" in html and str(model.evaluation["roc_auc"]) in html
    assert "从不使用" in html and "性别" in html and "按时间切分" in html and "局限" in html


def test_training_runs_as_a_background_job_with_progress(world, client, django_capture_on_commit_callbacks):
    build(world)
    client.force_login(world.users["hrbp_sales"])
    assert client.post(reverse("insights:risk_train")).status_code == 403  # HR admin only
    client.force_login(world.users["hr_admin"])
    assert client.get(reverse("insights:risk_train")).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("insights:risk_train"))
    assert response.status_code == 302
    job = Job.objects.get(kind=risk.JOB_KIND)
    assert job.status == Job.Status.DONE and job.percent == 100 and job.result["model"]
    today = RiskModel.objects.get().trained_until
    assert RiskScore.objects.filter(model_id=job.result["model"]).count() == Employee.objects.filter(
        company=world.company).exclude(separation_date__lte=today).filter(hire_date__lte=today).count()


def test_only_the_hr_admin_changes_the_setting(world, client):
    client.force_login(world.users["hrbp_sales"])
    assert client.post(reverse("insights:risk_settings"), {"managers_see_own_reports": "on"}).status_code == 403
    client.force_login(world.users["hr_admin"])
    client.post(reverse("insights:risk_settings"), {"managers_see_own_reports": "on"})
    assert RiskSettings.objects.get(company=world.company).managers_see_own_reports


def test_the_command_trains_now_with_wait_and_says_why_it_cannot(world):
    import io
    import json

    from django.core.management import call_command

    out, err = io.StringIO(), io.StringIO()
    call_command("risk", "train", "--wait", stdout=out, stderr=err)  # no history yet
    assert "离职" in err.getvalue() and not RiskModel.objects.exists()
    assert Job.objects.get(kind=risk.JOB_KIND).status == Job.Status.FAILED
    build(world)
    call_command("risk", "train", "--wait", "--company", str(world.company.pk), stdout=out, stderr=err)
    result = json.loads(out.getvalue().strip().splitlines()[-1])
    assert result["model"] == RiskModel.objects.get().pk and "cutoff" in result
