"""New-user check: the exit reasons stayed Chinese on English pages. The seeded names are shown in the page's
language (as the seeded metrics and workflows are); a name HR typed or changed is shown as typed."""

from __future__ import annotations

import pytest
from django.utils import translation

from farewell.exits.defaults import REASONS
from farewell.exits.models import ExitReason
from farewell.exits.reason_labels import SEEDED_NAMES


def test_the_seeded_names_are_the_ones_the_migration_seeds():
    seeded = {name for _code, name, _evidence, _limit, _subs in REASONS}
    seeded |= {child[1] for *_head, subs in REASONS for child in subs}
    assert SEEDED_NAMES == seeded


@pytest.mark.django_db
def test_a_seeded_reason_is_named_in_the_pages_language_and_a_typed_one_as_typed(client, world):
    ExitReason.objects.filter(code="pay").update(name="薪酬（本公司）")  # HR renamed it
    client.force_login(world.users["hr_admin"])
    client.cookies["django_language"] = "en"
    page = client.get("/exits/settings/reasons/").content.decode()
    assert "Pay below the market" in page and "工资低于市场水平" not in page
    assert "薪酬（本公司）" in page
    client.cookies["django_language"] = "zh-hans"
    assert "工资低于市场水平" in client.get("/exits/settings/reasons/").content.decode()
    child = ExitReason.objects.select_related("parent").get(code="manager_style")
    with translation.override("en"):
        assert str(child) == "Manager › Management style"
