"""The 交接 overview is computed once (offboarding/overview.py): the page and GET /api/offboarding/
show the same items, cases, progress figures and layoff batches for every persona."""

from __future__ import annotations

import pytest

from farewell.offboarding import overview
from farewell.offboarding.models import ItemStatus

from .conftest import in_handover


def _page(client, user) -> dict:
    client.force_login(user)
    context = client.get("/offboarding/").context
    return {
        "mine": [str(i.code) for i in context["mine"]],
        "to_receive": [str(i.code) for i in context["to_receive"]],
        "to_sign": [str(s.code) for s in context["to_sign"]],
        "cases": [(str(c.code), c.progress) for c in context["cases"]],
        "layoff_batches": [str(f.code) for f in context["families"]],
    }


def _api(client, user) -> dict:
    client.force_login(user)
    data = client.get("/api/offboarding/").json()
    return {
        "mine": [i["code"] for i in data["mine"]],
        "to_receive": [i["code"] for i in data["to_receive"]],
        "to_sign": [s["code"] for s in data["to_sign"]],
        "cases": [(c["case"], c["progress"]) for c in data["cases"]],
        "layoff_batches": data["layoff_batches"],
    }


@pytest.mark.parametrize("persona", ["employee", "manager", "hrbp_sales", "hr_admin"])
def test_the_page_and_the_api_show_the_same_overview(client, staffed, persona):
    case = in_handover(staffed)
    first, second = case.handover_items.order_by("order")[:2]
    first.status = ItemStatus.CONFIRMED  # some progress to compare
    first.save(update_fields=["status"])
    second.status = ItemStatus.TICKED
    second.save(update_fields=["status"])
    user = staffed.users[persona]
    page, api = _page(client, user), _api(client, user)
    assert page == api
    assert any(page.values()), persona  # each persona sees something


def test_both_use_the_one_service(client, staffed, monkeypatch):
    in_handover(staffed)
    calls = []
    real = overview.overview_for

    def counting(user):
        calls.append(user)
        return real(user)

    monkeypatch.setattr(overview, "overview_for", counting)
    _page(client, staffed.users["hrbp_sales"])
    _api(client, staffed.users["hrbp_sales"])
    assert len(calls) == 2
