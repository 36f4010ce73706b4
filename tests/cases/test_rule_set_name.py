"""The case page said 规则版本 cn-2026.12.1 under the result — the engine's version code, on a civil servant's case
the labour pack's code at that. The page names the rule set and its edition (公务员法规则（2026年12月版）); the
code stays with the stored run (EngineRun.engine_version)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from farewell.cases.presentation import rule_set_name
from farewell.law.result import ENGINE_VERSION
from tests.cases import civil_service_helpers
from tests.cases.civil_service_helpers import open_dismissal

servant = civil_service_helpers.servant  # the fixture (孙九, a civil servant)


def test_the_civil_service_case_page_names_the_rule_set_not_the_code(client, staffed, servant):
    case = open_dismissal(staffed, servant, ground="cs_dismissal_two_years_incompetent")
    assert case.engine_runs.get().engine_version == ENGINE_VERSION  # the record keeps the code
    client.force_login(staffed.users["hrbp_sales"])
    page = client.get(reverse("cases:case_detail", args=[case.code])).content.decode()
    assert ENGINE_VERSION not in page
    assert "公务员法规则（2026年12月版）" in page


def test_a_labour_case_page_names_its_rule_set(client, staffed, soon):
    from farewell.cases import services

    case = services.open_case(staffed.lisi, "mutual_employer", actor=staffed.users["hrbp_sales"], separation_date=soon)
    client.force_login(staffed.users["hrbp_sales"])
    page = client.get(reverse("cases:case_detail", args=[case.code])).content.decode()
    assert ENGINE_VERSION not in page and "劳动合同法规则（2026年12月版）" in page


@pytest.mark.parametrize(("version", "ground", "chinese"), [
    ("cn-2026.12.1", "cs_dismissal_discipline", "公务员法规则（2026年12月版）"),
    ("cn-2026.12.1", "incompetence", "劳动合同法规则（2026年12月版）"),
    ("cn-2027.3", None, "劳动合同法规则（2027年3月版）"),
    ("t", "incompetence", "劳动合同法规则"),  # no edition in the code: the name alone, never the code
    (None, "cs_resignation", "公务员法规则"),
])
def test_the_name_of_each_code(version, ground, chinese):
    with translation.override("zh-hans"):
        assert rule_set_name(version, ground) == chinese


def test_the_name_reads_english():
    with translation.override("en"):
        assert rule_set_name("cn-2026.12.1", "cs_dismissal_discipline") == "Civil Servant Law rules (December 2026 edition)"
