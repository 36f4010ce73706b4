"""Every ledger event a layoff batch writes reads in words on the batch's timeline."""

from __future__ import annotations

import re
from pathlib import Path

from django.utils import translation

from farewell.cases import layoffs
from farewell.cases.presentation import EVENT_LABELS, event_label


def _written() -> set[str]:
    text = Path(layoffs.__file__).read_text(encoding="utf-8")
    codes = set(re.findall(r'_record\(\w+, "([a-z_.]+)"', text)) | set(re.findall(r'event="([a-z_.]+)"', text))
    codes |= {f"layoff.{action}" for action in layoffs.BATCH_ACTIONS}
    codes |= {f"layoff.step.{decision}" for decision in layoffs.DECISIONS}
    return codes


def test_every_layoff_event_has_a_label():
    codes = _written()
    assert {"layoff.created", "layoff.filing_recorded", "layoff.step.activated", "layoff.approve"} <= codes
    assert sorted(c for c in codes if c not in EVENT_LABELS) == []
    with translation.override("zh-hans"):
        assert all(event_label(c) != c for c in codes)


def test_the_batch_page_shows_the_labels(client, world):
    from tests.cases.layoff_support import make_staff, new_batch

    family = new_batch(world, make_staff(world.sales, 1))
    client.force_login(world.users["hrbp_sales"])
    page = client.get(f"/cases/layoff/{family.code}/").content.decode()
    assert 'data-event="layoff.created"' in page and "创建裁员批次" in page
