"""The dismissal notice (LCL 40) reads the written notice the case records as the engine does
(cases.services.notice_given_days): HR's 书面通知日 alone — the ordinary path — counts, so a case with 30+ days'
notice is not promised 代通知金 (new-user F1: the letter offered the month the case page said was not owed)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document

from farewell.cases import services
from farewell.cases.models import CaseType
from farewell.common.documents import render_docx
from farewell.offboarding import document_services
from farewell.offboarding.models import OffboardingSettings

from .conftest import in_handover

pytestmark = pytest.mark.django_db

NOTICE_PAY = "代通知金"


def _incompetence(case, *, days_before: int | None, given: int | None = None):
    """The case as 不能胜任工作 with its 书面通知日 `days_before` its last day (None: no date) and, if given,
    HR's own count of days (facts["notice_given_days"])."""
    facts = {k: v for k, v in case.facts.items() if k != "notice_given_days"}
    if given is not None:
        facts["notice_given_days"] = given
    notice_date = case.separation_date - dt.timedelta(days=days_before) if days_before is not None else None
    type(case).objects.filter(pk=case.pk).update(case_type=CaseType.INCOMPETENCE, ground="incompetence",
                                                 notice_date=notice_date, facts=facts)
    case.refresh_from_db()
    return case


def _docx_text(case) -> str:
    """The notice's DOCX as generated (template filled with the document's context), as text."""
    context, template, _version = document_services.prepare(case, "dismissal_notice")
    document = Document(io.BytesIO(render_docx(template, context)))
    return "\n".join(p.text for p in document.paragraphs) + "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells)


def _long_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@pytest.mark.parametrize("days", [36, 30])
def test_thirty_days_or_more_from_the_notice_date_is_written_notice_not_notice_pay(staffed, days):
    case = _incompetence(in_handover(staffed), days_before=days)
    assert services.case_engine_input(case)["notice_given_days"] == days  # the engine's count, the same one
    text = _docx_text(case)
    assert f"本单位已于{_long_date(case.notice_date)}以书面形式通知您，提前{days}日（《劳动合同法》第四十条）" in text, text
    assert NOTICE_PAY not in text


@pytest.mark.parametrize("days_before", [29, None])
def test_under_thirty_days_or_no_notice_date_is_the_month_in_lieu(staffed, days_before):
    case = _incompetence(in_handover(staffed), days_before=days_before)
    text = _docx_text(case)
    assert "本单位额外支付您一个月工资作为代通知金" in text, text
    assert "以书面形式通知您" not in text


def test_hr_s_own_count_of_days_is_the_one_the_notice_states(staffed):
    """HR's 已提前书面通知天数 (a fact) rules over the date, as in the engine: 32 given, no date or a later one."""
    case = _incompetence(in_handover(staffed), days_before=None, given=32)
    text = _docx_text(case)
    assert "本单位已提前32日以书面形式通知您" in text and NOTICE_PAY not in text, text
    case = _incompetence(case, days_before=40, given=10)
    assert services.case_engine_input(case)["notice_given_days"] == 10
    assert "本单位额外支付您一个月工资作为代通知金" in _docx_text(case)


def test_the_english_notice_states_the_same_notice(staffed):
    OffboardingSettings.objects.create(company=staffed.company, document_language="en")
    case = _incompetence(in_handover(staffed), days_before=36)
    text = _docx_text(case)
    assert "days in advance" in text and "36 days" in text and "in lieu of notice" not in text, text
    case = _incompetence(case, days_before=29)
    assert "in lieu of notice" in _docx_text(case)
