"""Texts in the reader's language and words (new-user check, English): the talk plan's money facts state the
engine's formula as the case page does (worded in each language from the stored run, amounts grouped), and the
evidence summary names the rule set and its edition (cases.presentation.rule_set_name) instead of the engine's
version code."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import zipfile
from decimal import Decimal

import pytest
from django.utils import timezone

from farewell.cases import services as case_services
from farewell.talks import services

CHINESE_FORMULA = "前十二个月平均工资"  # the engine's economic compensation, in Chinese


@pytest.fixture
def plan(world):
    from tests.cases.conftest import give_wages
    from tests.factories import make_contract

    give_wages(world.lisi)
    make_contract(world.lisi, kind="open_ended", end_date=None)
    hr = world.users["hrbp_sales"]
    case = case_services.open_case(world.lisi, "mutual_employer", actor=hr,
                                   separation_date=timezone.localdate() + dt.timedelta(days=40),
                                   extra_compensation=Decimal(5000))
    run = case_services.latest_run(case)
    assert CHINESE_FORMULA in str(run.output["lines"])
    return services.generate_plan(world.lisi, actor=hr, case=case, situation="mutual_agreement")


def _money_facts(page: str) -> str:
    return " ".join(re.findall(r'<li data-ref="cases\.enginerun:\d+">(.*?)</li>', page, re.S))


def test_the_plans_money_facts_read_in_english_on_the_english_page(client, world, plan):
    client.force_login(world.users["hrbp_sales"])
    client.cookies["django_language"] = "en"
    facts = _money_facts(client.get(f"/talks/plans/{plan.code}/").content.decode())
    assert "12-month average wage" in facts and CHINESE_FORMULA not in facts, facts
    assert "Labour Contract Law" in facts and "劳动合同法" not in facts, facts
    assert not re.search(r"(?<![\d,.])\d{4,}\.\d{2}", facts), facts  # amounts grouped, as the case page


def test_the_plans_money_facts_stay_chinese_on_the_chinese_page(client, world, plan):
    client.force_login(world.users["hrbp_sales"])
    client.cookies["django_language"] = "zh-hans"
    facts = _money_facts(client.get(f"/talks/plans/{plan.code}/").content.decode())
    assert CHINESE_FORMULA in facts and "《劳动合同法》" in facts, facts
    del client.cookies["django_language"]  # the API reads Accept-Language
    api = client.get(f"/api/talks/plans/{plan.code}/", HTTP_ACCEPT_LANGUAGE="en").json()
    texts = " ".join(f["text"] for f in api["facts"] if f["ref"].startswith("cases.enginerun:"))
    assert "12-month average wage" in texts and CHINESE_FORMULA not in texts, texts


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is needed")
def test_the_evidence_summary_names_the_rule_set_not_the_engine_code(client, world, plan):
    run = case_services.latest_run(plan.case)
    client.force_login(world.users["hrbp_sales"])
    client.cookies["django_language"] = "zh-hans"
    response = client.post(f"/talks/cases/{plan.case.code}/package/")
    assert response.status_code == 200
    pdf = zipfile.ZipFile(io.BytesIO(response.content)).read("summary.pdf")
    text = " ".join(subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True,
                                   check=True).stdout.decode().split())
    assert run.engine_version not in text.replace(" ", ""), text
    assert re.search(r"计算规则 ?劳动合同法规则（\d{4} ?年 ?\d{1,2} ?月版）", text), text
