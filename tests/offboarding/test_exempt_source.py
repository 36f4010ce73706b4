"""New-user check: the settlement's default source of the tax-exempt amount (where the 3× average wage comes
from) was Chinese on English pages. It is worded in the reader's language when shown: in the form's initial
text, and on a saved sheet while the text is still the default (saved from a page in either language); a
source HR wrote is shown as written."""

from __future__ import annotations

import re
from decimal import Decimal as D

from django.utils import translation

from farewell.offboarding import settlement_services

from .conftest import in_handover

EN = "average monthly wage of employees in"




def _source_field(page: str) -> str:
    return re.search(r'name="exempt_ceiling_source" value="([^"]*)"', page)[1]


def _page(client, case, language: str) -> str:
    client.cookies["django_language"] = language
    return client.get(f"/offboarding/cases/{case.code}/settlement/").content.decode()


def test_the_default_source_is_worded_in_the_readers_language(client, staffed):
    case = in_handover(staffed)
    client.force_login(staffed.users["hrbp_sales"])
    english = _source_field(_page(client, case, "en"))
    assert EN in english and "年职工月平均工资" not in english and "× 12 × 3" in english
    chinese = _source_field(_page(client, case, "zh-hans"))
    assert "年职工月平均工资" in chinese and EN not in chinese


def test_a_saved_default_reads_in_the_readers_language_and_hrs_own_text_as_written(client, staffed):
    case = in_handover(staffed)
    with translation.override("zh-hans"):
        inputs = settlement_services.default_inputs(case)
    settlement_services.save_draft(case, inputs, acting_user=staffed.users["hrbp_sales"])
    client.force_login(staffed.users["hrbp_sales"])
    sheet = _page(client, case, "en").split('id="sheet"')[1]
    assert EN in sheet and "年职工月平均工资" not in sheet
    assert "年职工月平均工资" in _page(client, case, "zh-hans").split('id="sheet"')[1]
    settlement_services.save_draft(case, {**inputs, "exempt_ceiling": "447624.00",
                                          "exempt_ceiling_source": "上海 2023 年职工平均工资 × 3（HR 核对）"},
                                   acting_user=staffed.users["hrbp_sales"])
    assert "上海 2023 年职工平均工资 × 3（HR 核对）" in _page(client, case, "en")


def test_a_source_that_is_not_the_default_is_shown_as_written():
    for text in ("", "上海 2023 年职工平均工资 × 3", "see the 2024 notice"):
        with translation.override("en"):
            assert settlement_services.shown_exempt_source(text) == text
    with translation.override("zh-hans"):
        worded = settlement_services.exempt_source("上海", 2023, D("12307"), "上海市人社局（2024年7月31日）")
        assert worded == "上海 2023 年职工月平均工资 12307 元 × 12 × 3（上海市人社局（2024年7月31日））"
        assert settlement_services.shown_exempt_source(worded) == worded
