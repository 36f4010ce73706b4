"""A stored run the English page cannot word again because the holiday table changed after it (a deadline of
the run falls on a day entered since) was shown 'as recorded' in Chinese with a vague note about a rule
version or the holiday table. The page now says plainly that the run predates a change of the holiday table
and offers the re-run: saving the case's facts again (services.update_case runs the engine), the same form
and the same permission (case.edit) as any change of the facts."""

from __future__ import annotations

import datetime as dt

import pytest

from farewell.cases import services
from farewell.cases.forms import CaseFactsForm
from farewell.cases.models import CaseType
from farewell.org import holidays

PREDATES = "这次计算早于节假日表的变动：其中的期限按变动前的节假日计算，所以按当时的记录原样显示（中文）。重新计算后按现在的节假日表计算，并以当前语言显示。"


@pytest.fixture
def run_before_a_holiday(staffed, soon):
    """A case whose stored run counted the file-transfer deadline on a working day the table now makes a holiday."""
    world = staffed
    case = services.open_case(world.lisi, CaseType.MUTUAL_EMPLOYER, actor=world.users["hr_admin"],
                              separation_date=soon)
    run = services.latest_run(case)
    due = next(s["due_date"] for s in run.output["procedure"] if s["step"] == "file_and_social_insurance_transfer")
    holidays.add_holiday(day=dt.date.fromisoformat(due), kind="holiday", notice="测试通知", acting_user=None)
    return world, case


def _page(client, case, language):
    client.cookies["django_language"] = language
    return client.get(f"/cases/{case.code}/").content.decode()


def _unchanged_facts(case) -> dict:
    """The facts form as the page fills it in: what the re-run button submits."""
    form = CaseFactsForm(initial=CaseFactsForm.initial_for(case), case=case)
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value in (None, "", False) or name == "notice_evidence":
            continue
        data[name] = "on" if value is True else (value.isoformat() if hasattr(value, "isoformat") else str(value))
    return data


def test_the_english_page_says_the_run_predates_the_holiday_change_and_offers_the_re_run(client, run_before_a_holiday):
    world, case = run_before_a_holiday
    client.force_login(world.users["hr_admin"])
    english = _page(client, case, "en")
    assert 'data-reason="holidays"' in english
    assert 'id="rerun"' in english and 'form="facts-form"' in english and 'id="facts-form"' in english
    # The Chinese page reads the record as it is: nothing to re-word.
    assert 'id="as-recorded"' not in _page(client, case, "zh-hans")

    before = services.latest_run(case).pk
    response = client.post(f"/cases/{case.code}/update/", _unchanged_facts(case))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert services.latest_run(case).pk != before
    english = _page(client, case, "en")
    assert 'id="as-recorded"' not in english


def test_a_reader_who_may_not_edit_is_told_without_the_button(client, run_before_a_holiday):
    world, case = run_before_a_holiday
    client.force_login(world.users["approver"])
    english = _page(client, case, "en")
    assert 'data-reason="holidays"' in english and 'id="rerun"' not in english


def test_a_run_recorded_differently_for_another_reason_keeps_the_general_note(client, staffed, soon):
    world = staffed
    case = services.open_case(world.lisi, CaseType.MUTUAL_EMPLOYER, actor=world.users["hr_admin"],
                              separation_date=soon)
    run = services.latest_run(case)
    run.output = {**run.output, "total": run.output["total"] + 1}  # an older engine's figure
    run.save(update_fields=["output"])
    client.force_login(world.users["hr_admin"])
    english = _page(client, case, "en")
    assert 'id="as-recorded"' in english and 'data-reason="holidays"' not in english


def test_the_sentence_is_english_on_the_english_page(client, run_before_a_holiday):
    world, case = run_before_a_holiday
    client.force_login(world.users["hr_admin"])
    english = _page(client, case, "en")
    assert "computed before the holiday table changed" in english and PREDATES not in english
    assert "Re-run the check" in english
