"""The layoff batch page (LCL 41): members, thresholds (20+, or 10% of the headcount), procedure
dates from the engine, money; withdrawing a member recomputes the family's headcount."""

from __future__ import annotations

import datetime as dt

import pytest

from farewell.cases import services
from farewell.cases.models import CaseStatus
from tests.factories import make_employee


@pytest.fixture
def batch(staffed, soon):
    """19 people in the company (4 + 15); a layoff of 李四 and 赵六: 2 of 19 = 10.5% ≥ 10%."""
    world = staffed
    for i in range(15):
        make_employee(world.rnd, f"研发{i}")
    family = services.open_layoff([world.lisi, world.zhaoliu], actor=world.users["hrbp_sales"], title="销售部调整",
                                  separation_date=soon, reason="经营困难")
    return family


def test_the_page_shows_members_thresholds_and_dates(client, staffed, batch, soon):
    client.force_login(staffed.users["hrbp_sales"])
    response = client.get(f"/cases/layoff/{batch.code}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="layoff-headcount">2<' in page and 'id="employer-headcount">19<' in page
    assert 'id="share">10.5%<' in page and 'data-required="1"' in page
    explain_due = (soon - dt.timedelta(days=30)).isoformat()
    assert 'data-step="layoff_explain_to_union_or_staff"' in page and explain_due in page
    assert "李四" in page and "赵六" in page
    for case in batch.cases.all():
        assert str(case.code) in page
        assert f"{case.offered_amount:,.2f}" in page


def test_withdrawing_a_member_recomputes_the_headcount(client, staffed, batch):
    world = staffed
    lisi_case = batch.cases.get(employee=world.lisi)
    zhaoliu_case = batch.cases.get(employee=world.zhaoliu)
    assert services.latest_run(zhaoliu_case).input["layoff_headcount"] == 2
    services.withdraw_case(lisi_case, actor=world.users["hrbp_sales"])
    run = services.latest_run(zhaoliu_case)
    assert run.input["layoff_headcount"] == 1
    assert "layoff_explain_to_union_or_staff" not in [p["step"] for p in run.output["procedure"]]
    client.force_login(world.users["hrbp_sales"])
    page = client.get(f"/cases/layoff/{batch.code}/").content.decode()
    assert 'id="layoff-headcount">1<' in page and 'data-required="0"' in page
    assert f'data-case="{lisi_case.code}" data-status="{CaseStatus.WITHDRAWN}"' in page


def test_the_page_is_scoped(client, staffed, batch):
    url = f"/cases/layoff/{batch.code}/"
    for persona, expected in [("hr_admin", 200), ("legal", 200), ("manager", 200), ("employee", 403),
                              ("auditor", 403), ("outsider", 403)]:
        client.force_login(staffed.users[persona])
        assert client.get(url).status_code == expected, persona


def test_a_batch_outside_the_scope_is_404(client, staffed, soon):
    world = staffed
    family = services.open_layoff([world.chenqi], actor=world.users["hr_admin"], title="研发", separation_date=soon)
    client.force_login(world.users["hrbp_sales"])  # sales only
    assert client.get(f"/cases/layoff/{family.code}/").status_code == 404


def test_the_case_page_links_to_the_batch(client, staffed, batch):
    client.force_login(staffed.users["hrbp_sales"])
    case = batch.cases.first()
    assert f'/cases/layoff/{batch.code}/' in client.get(f"/cases/{case.code}/").content.decode()
