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


def _written_event_codes() -> set[str]:
    """Every literal event code the cases and talks apps write (event="…" and _record(case, "…"))."""
    import re
    from pathlib import Path

    import farewell

    root = Path(farewell.__file__).parent
    codes = set()
    for app in ("cases", "talks"):
        for path in (root / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            text = path.read_text(encoding="utf-8")
            codes |= set(re.findall(r'event="([a-z_.]+)"', text))
            codes |= set(re.findall(r'_record\(case, "([a-z_.]+)"', text))
            codes |= set(re.findall(r'^[A-Z_]*EVENT = "([a-z_.]+)"', text, re.M))  # a named event code
    return codes


def test_every_event_code_written_by_cases_and_talks_has_a_chinese_label():
    codes = _written_event_codes()
    assert {"case.opened", "talks.escalation_detected", "talks.plan.generated", "workflow.saved"} <= codes
    missing = sorted(c for c in codes if c not in EVENT_LABELS)
    assert missing == []
    with translation.override("zh-hans"):
        assert all(event_label(c) != c for c in codes)


def test_ledger_local_shows_a_utc_ledger_timestamp_in_shanghai_time():
    from farewell.cases.templatetags.case_tags import ledger_local

    assert ledger_local("2026-11-26T06:24:38.294401Z") == "2026-11-26 14:24"
    assert ledger_local("2026-12-31T17:00:00Z") == "2027-01-01 01:00"
    assert ledger_local("") == "—"
    assert ledger_local("not a time") == "not a time"


def test_the_case_page_timeline_shows_no_codes_and_local_times(client, staffed, soon):
    world = staffed
    case = services.open_case(world.lisi, "mutual_employer", actor=world.users["hrbp_sales"], separation_date=soon)
    services.submit_case(case, actor=world.users["hrbp_sales"])
    client.force_login(world.users["hrbp_sales"])
    page = client.get(f"/cases/{case.code}/").content.decode()
    timeline = page[page.index('id="timeline"'):]
    assert "案件创建" in timeline and "法律引擎计算" in timeline
    assert ">case.opened<" not in timeline and "<code" not in timeline
    from farewell.cases.templatetags.case_tags import ledger_local
    from farewell.ledger.services import entries_for

    first = entries_for(services.LEDGER_TYPE, case.code)[0]
    assert first.timestamp.endswith("Z")
    assert f">{first.timestamp}<" not in timeline
    assert ledger_local(first.timestamp) in timeline
    facts = page[page.index('id="facts"'):page.index('id="legality"')]
    assert f"<code class=\"small\">{case.ground}</code>" not in facts and case.ground_title in facts


def test_the_evidence_summary_shows_labels_and_local_times(staffed, soon):
    from django.template.loader import render_to_string

    from farewell.cases.templatetags.case_tags import ledger_local
    from farewell.talks.evidence import summary_context

    world = staffed
    case = services.open_case(world.lisi, "mutual_employer", actor=world.users["hrbp_sales"], separation_date=soon)
    with translation.override("zh-hans"):
        html = render_to_string("talks/evidence_summary.html", summary_context(case, [], []))
    events = html[html.index("事件记录（证据链）"):]
    assert "案件创建" in events and "case.opened" not in events
    entry = summary_context(case, [], [])["events"][0]
    assert entry.timestamp not in events and ledger_local(entry.timestamp) in events
    assert case.ground_title in html
