"""The case timeline reads in words: ledger event codes → labels (Chinese, English), the code as fallback."""

from __future__ import annotations

from django.utils import translation

from farewell.cases import services, workflow
from farewell.cases.presentation import EVENT_LABELS, event_label


def test_every_event_the_cases_app_writes_has_a_label():
    written = {f"case.{action}" for action in workflow.ACTIONS}
    written |= {f"case.step.{decision}" for decision in services.DECISIONS}
    written |= {"case.opened", "case.engine_run", "case.no_engine", "case.updated", "case.step.skipped",
                "case.step.added", "case.message", "case.demand"}
    assert written <= set(EVENT_LABELS)


def test_an_unknown_code_falls_back_to_itself():
    assert event_label("offboarding.something_new") == "offboarding.something_new"


def test_the_labels_are_translated():
    with translation.override("zh-hans"):
        assert event_label("case.opened") == "案件创建"
    with translation.override("en"):
        assert event_label("case.opened") == "Case opened"
        assert event_label("case.step.skipped") == "Approval step skipped (no longer needed)"


def test_the_case_page_shows_labels(client, staffed, soon):
    world = staffed
    case = services.open_case(world.lisi, "mutual_employer", actor=world.users["hrbp_sales"], separation_date=soon)
    services.submit_case(case, actor=world.users["hrbp_sales"])
    client.force_login(world.users["hrbp_sales"])
    page = client.get(f"/cases/{case.code}/").content.decode()
    assert 'data-event="case.opened"' in page and "案件创建" in page and "提交审批" in page
