"""The PIPL pages: the employee's consents and who read their data (own rows only), HR's paper
consent and legal hold, the HR admin's retention schedule with its floor and dry run."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from farewell.accounts.models import AccessLog
from farewell.ledger.models import LedgerEntry
from farewell.privacy.models import Consent, DataKind, LegalHold, Method, Purpose, RetentionRule
from tests.factories import make_employee

from .conftest import make_former


def _reads(employee, actor, n, purpose):
    AccessLog.objects.bulk_create([AccessLog(actor=actor, employee=employee, object_type="org.employee",
                                             object_id=str(employee.code), field="id_number", purpose=purpose)
                                   for _ in range(n)])


def test_the_portal_shows_who_read_my_data_and_only_mine(client, world):
    _reads(world.lisi, world.users["hr_admin"], 2, "离职结算核对身份证号")
    _reads(world.zhaoliu, world.users["hr_admin"], 3, "赵六的档案转移")
    client.force_login(world.users["employee"])
    page = client.get(reverse("privacy:mine")).content.decode()
    assert page.count("离职结算核对身份证号") == 2
    assert "赵六的档案转移" not in page
    assert "身份证号" in page and str(world.users["hr_admin"]) in page


def test_the_reads_page_costs_the_same_queries_for_1_or_40_rows(client, world):
    client.force_login(world.users["employee"])
    _reads(world.lisi, world.users["hr_admin"], 1, "一")
    client.get(reverse("privacy:mine"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("privacy:mine"))
    _reads(world.lisi, world.users["hrbp_sales"], 39, "多")
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse("privacy:mine")).status_code == 200
    assert len(many) == len(one)


def test_the_employee_consents_and_withdraws_in_the_portal(client, world):
    client.force_login(world.users["employee"])
    url = reverse("privacy:mine_give")
    client.post(url, {"purpose": Purpose.TALK_RECORDING})  # the box not ticked: nothing recorded
    assert not Consent.objects.exists()
    client.post(url, {"purpose": Purpose.TALK_RECORDING, "agree": "yes"})
    item = Consent.objects.get(employee=world.lisi)
    assert item.method == Method.PORTAL and item.standing
    assert "谈话录音" in client.get(reverse("privacy:mine")).content.decode()
    client.post(reverse("privacy:mine_withdraw", args=[item.code]))
    item.refresh_from_db()
    assert item.withdrawn_at is not None and item.withdrawn_by == world.users["employee"]


def test_an_employee_cannot_withdraw_someone_elses_consent(client, world):
    other = Consent.objects.create(employee=world.zhaoliu, purpose=Purpose.TALK_RECORDING, purpose_text="t",
                                   scope="s", method=Method.PAPER, given_at=dt.datetime(2030, 1, 1, tzinfo=dt.UTC))
    client.force_login(world.users["employee"])
    assert client.post(reverse("privacy:mine_withdraw", args=[other.code])).status_code == 404
    other.refresh_from_db()
    assert other.standing


def test_hr_records_a_paper_consent_and_its_scan_is_read_through_the_log(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    client.force_login(world.users["hrbp_sales"])
    url = reverse("privacy:employee_consents", args=[world.lisi.code])
    bad = client.post(url, {"purpose": Purpose.HEALTH_DETAILS, "scan": SimpleUploadedFile("x.txt", b"hello")})
    assert bad.status_code == 400 and not Consent.objects.exists()
    client.post(url, {"purpose": Purpose.HEALTH_DETAILS,
                      "scan": SimpleUploadedFile("同意书.pdf", b"%PDF-1.4 signed", content_type="application/pdf")})
    item = Consent.objects.get(employee=world.lisi)
    assert item.method == Method.PAPER and item.scan_sha256
    response = client.get(reverse("privacy:consent_scan", args=[world.lisi.code, item.code]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 signed"
    assert AccessLog.objects.filter(employee=world.lisi, field="scan").count() == 1


def test_a_manager_cannot_record_consent(client, world):
    client.force_login(world.users["manager"])
    response = client.post(reverse("privacy:employee_consents", args=[world.lisi.code]),
                           {"purpose": Purpose.HEALTH_DETAILS})
    assert response.status_code == 403 and not Consent.objects.exists()


def test_hr_sets_and_releases_a_hold_on_the_case_page(client, world, case):
    client.force_login(world.users["hrbp_sales"])
    detail = client.get(reverse("cases:case_detail", args=[case.code])).content.decode()
    assert reverse("privacy:case_holds", args=[case.code]) in detail
    url = reverse("privacy:case_holds", args=[case.code])
    assert client.post(url, {"reason": ""}).status_code == 400
    client.post(url, {"reason": "员工申请仲裁"})
    hold = LegalHold.objects.get(case=case)
    assert "保全中" in client.get(url).content.decode()
    client.post(reverse("privacy:hold_release", args=[hold.code]), {"release_reason": "已结案"})
    hold.refresh_from_db()
    assert hold.released_at is not None and hold.release_reason == "已结案"
    assert LedgerEntry.objects.filter(object_type="privacy.hold").count() == 2


def test_legal_cannot_set_or_release_a_hold(client, world, case):
    hold = LegalHold.objects.create(case=case, reason="x")
    client.force_login(world.users["legal"])
    assert client.post(reverse("privacy:case_holds", args=[case.code]), {"reason": "y"}).status_code == 403
    assert client.post(reverse("privacy:hold_release", args=[hold.code]),
                       {"release_reason": "z"}).status_code == 403
    hold.refresh_from_db()
    assert hold.released_at is None and LegalHold.objects.count() == 1


def _retention_post(company, **months):
    data = {"company": str(company.pk)}
    for kind in DataKind.values:
        data[f"c{company.pk}-{kind}"] = str(months.get(kind, 36))
    return data


def test_the_retention_page_keeps_the_contract_floor_and_shows_the_dry_run(client, world, former):
    client.force_login(world.users["hr_admin"])
    url = reverse("privacy:retention")
    assert reverse("privacy:retention") in client.get(reverse("settings:index")).content.decode()
    response = client.post(url, _retention_post(world.company, contract_documents=12, identity=12))
    assert response.status_code == 400 and "24" in response.content.decode()
    assert not RetentionRule.objects.exists()  # all or nothing
    client.post(url, _retention_post(world.company, contract_documents=24, identity=12))
    rules = dict(RetentionRule.objects.values_list("kind", "months"))
    assert rules[DataKind.CONTRACT_DOCUMENTS] == 24 and rules[DataKind.IDENTITY] == 12
    make_former(world.lisi, months_ago=14)
    today = dt.date.today()
    world.lisi.separation_date = today - dt.timedelta(days=14 * 31)
    world.lisi.save(update_fields=["separation_date"])
    page = client.get(url).content.decode()
    assert "org.employee" in page and "offboarding.document" not in page.split('id="dry-run"')[1]
    # every field states its unit, and the page leads back to 设置
    assert page.count("（月）") >= len(DataKind.values) and reverse("settings:index") in page.split("<h1")[0].split("<main")[-1]


def test_the_employee_page_links_hr_to_consents(client, world):
    client.force_login(world.users["hrbp_sales"])
    page = client.get(reverse("org:employee_detail", args=[world.lisi.code])).content.decode()
    assert reverse("privacy:employee_consents", args=[world.lisi.code]) in page
    client.force_login(world.users["manager"])
    page = client.get(reverse("org:employee_detail", args=[world.lisi.code])).content.decode()
    assert reverse("privacy:employee_consents", args=[world.lisi.code]) not in page


def test_a_colleague_of_another_company_is_not_found(client, world):
    from tests.factories import make_company, make_unit

    stranger = make_employee(make_unit(make_company(name="别家"), "总部"), "外人")
    client.force_login(world.users["hr_admin"])
    assert client.get(reverse("privacy:employee_consents", args=[stranger.code])).status_code == 404
