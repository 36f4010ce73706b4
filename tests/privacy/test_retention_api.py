"""设置 › 个人信息保存期限 through the API (issue 19): the same schedule, floor, ledger and permission as the page."""

from __future__ import annotations

from farewell.ledger.models import LedgerEntry
from farewell.privacy.models import DataKind, RetentionRule
from tests.factories import Role, make_company, make_user

URL = "/api/privacy/retention/"


def test_hr_admin_reads_and_changes_the_schedule_all_or_nothing(client, world):
    client.force_login(world.users["hr_admin"])
    schedule = client.get(URL).json()
    assert schedule["company"] == world.company.pk
    kinds = {row["kind"]: row for row in schedule["kinds"]}
    assert set(kinds) == set(DataKind.values) and kinds[DataKind.CONTRACT_DOCUMENTS]["floor_months"] == 24
    # below the legal floor: refused naming the kind, and nothing saved (not even the valid kind)
    refused = client.put(URL, {DataKind.CONTRACT_DOCUMENTS: 12, DataKind.IDENTITY: 12}, content_type="application/json")
    assert refused.status_code == 400 and list(refused.json()) == [DataKind.CONTRACT_DOCUMENTS]
    assert "24" in refused.json()[DataKind.CONTRACT_DOCUMENTS][0]
    assert not RetentionRule.objects.exists()
    # an unknown kind or a non-integer names the field
    bad = client.put(URL, {"nosuch": 3, DataKind.IDENTITY: "12"}, content_type="application/json").json()
    assert set(bad) == {"nosuch", DataKind.IDENTITY}
    saved = client.put(URL, {DataKind.IDENTITY: 12}, content_type="application/json")
    assert saved.status_code == 200
    assert {r["kind"]: r["months"] for r in saved.json()["kinds"]}[DataKind.IDENTITY] == 12
    assert RetentionRule.objects.get(company=world.company, kind=DataKind.IDENTITY).months == 12
    assert LedgerEntry.objects.filter(event="privacy.retention.changed").count() == 1


def test_another_companys_schedule_is_not_found_and_other_roles_are_refused(client, world):
    other = make_company(name="别家公司")
    make_user("other_hr", Role.HR_ADMIN, company=other)
    client.force_login(world.users["hr_admin"])
    assert client.get(URL, {"company": other.pk}).status_code == 404
    assert client.put(f"{URL}?company={other.pk}", {DataKind.IDENTITY: 12},
                      content_type="application/json").status_code == 404
    assert not RetentionRule.objects.exists()
    for persona in ("hrbp_sales", "legal", "manager", "employee"):
        client.force_login(world.users[persona])
        assert client.get(URL).status_code == 403
    client.force_login(world.users["auditor"])  # the audit admin reads pages but writes nothing
    assert client.put(URL, {DataKind.IDENTITY: 12}, content_type="application/json").status_code == 403
