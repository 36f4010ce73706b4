"""Every ledger event offboarding writes reads in words; 交接 is in the navigation for those who take part;
the portal points the employee to their checklist."""

from __future__ import annotations

import re
from pathlib import Path

from django.utils import translation

import farewell
from farewell.common.labels import event_label
from farewell.offboarding.presentation import EVENT_LABELS


def _written_event_codes() -> set[str]:
    root = Path(farewell.__file__).parent / "offboarding"
    codes = set()
    for path in root.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        codes |= set(re.findall(r'event="([a-z_.]+)"', path.read_text(encoding="utf-8")))
    return codes


def test_every_event_code_offboarding_writes_has_a_chinese_label():
    codes = _written_event_codes()
    assert {"handover.item_ticked", "settlement.frozen", "document.generated", "duty.waived"} <= codes
    assert sorted(c for c in codes if c not in EVENT_LABELS) == []
    with translation.override("zh-hans"):
        assert all(event_label(c) != c for c in codes)


def test_the_handover_nav_item_shows_for_participants_not_the_auditor(client, world):
    client.force_login(world.users["manager"])
    assert 'href="/offboarding/"' in client.get("/offboarding/").content.decode()
    client.force_login(world.users["auditor"])
    assert 'href="/offboarding/"' not in client.get("/ledger/").content.decode()


def test_the_portal_links_the_checklist_while_the_handover_runs(client, handover_case, staffed):
    client.force_login(staffed.users["employee"])
    page = client.get("/me/").content.decode()
    assert 'id="my-handover-link"' in page


def test_the_settings_page_lists_offboarding_for_the_hr_admin(client, world):
    client.force_login(world.users["hr_admin"])
    assert "/offboarding/settings/" in client.get("/settings/").content.decode()
