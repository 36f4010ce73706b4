"""A real browser finishes a departure inside Farewell: an approved mutual-agreement case goes into handover,
the employee ticks every item, the receivers confirm, HR drafts the settlement and the approver freezes it,
the agreement is signed by the employee through the fake e-signature provider, HR generates the certificate
and downloads its PDF (the PDF is looked at as PNG), and after the last day the former employee downloads
it with her read-only login (screenshots)."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import subprocess
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from farewell.cases.models import CaseStatus
from farewell.offboarding.models import ItemStatus, Settlement, SignatureRequest
from farewell.org.models import Employee
from tests.cases.conftest import media_root, world  # noqa: F401  (fixtures: the four-eyes HR reviewer)
from tests.factories import PASSWORD, make_contract, make_position, make_wages, restore_seeded_rows
from tests.offboarding.conftest import approved_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.skipif(shutil.which("soffice") is None, reason="libreoffice-writer-nogui is needed")]


@pytest.fixture
def seeded(world):  # noqa: F811
    """Earlier browser tests flush the database (transactional): restore what migrations seeded."""
    import importlib

    from django.apps import apps

    restore_seeded_rows()
    importlib.import_module("farewell.offboarding.migrations.0002_seed_default_handover_template").seed(apps, None)
    return world


def _login(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def test_from_approval_to_the_certificate(page, live_server, seeded, screenshot_dir, tmp_path, settings):
    people = seeded
    settings.FAREWELL_ESIGN_PROVIDER = "fake"
    settings.FAREWELL_ESIGN_CALLBACK_SECRET = "browser-test-secret"
    today = timezone.localdate()
    make_wages(people.lisi, today.replace(day=1) - relativedelta(months=12), [Decimal(12000)] * 12)
    make_contract(people.lisi, kind="open_ended", end_date=None)
    Employee.objects.filter(pk=people.lisi.pk).update(position=make_position(people.company, "销售主管"))
    case = approved_case(people, separation_date=today + dt.timedelta(days=30), extra=Decimal(6000))
    page.set_viewport_size({"width": 1280, "height": 900})

    # HR starts the handover: the checklist and the post-exit duties appear on the case page.
    _login(page, live_server, "hrbp")
    page.goto(f"{live_server.url}/cases/{case.code}/")
    page.locator("button[data-action=start_handover]").click()
    page.wait_for_load_state()
    assert page.locator("#handover-items tbody tr").count() == 6
    assert page.locator("#duties tbody tr").count() == 6
    assert page.get_by_text("生成交接清单与离职后事项").count() >= 1  # the timeline reads in words

    # The employee ticks every item on 交接.
    _login(page, live_server, "lisi")
    page.goto(f"{live_server.url}/offboarding/")
    page.locator("#my-items").wait_for()
    page.screenshot(path=os.path.join(screenshot_dir, "offboarding-1-employee-checklist.png"), full_page=True)
    for _ in range(6):
        page.locator("#my-items [data-tick]").first.click()
        page.wait_for_load_state()
    assert page.locator("#my-items [data-status=ticked]").count() == 6

    # The receivers confirm: the manager (work, clients, WeCom, documents), HR (assets, accounts).
    for username in ("manager", "hrbp"):
        _login(page, live_server, username)
        page.goto(f"{live_server.url}/offboarding/")
        while page.locator("#to-receive [data-confirm]").count():
            page.locator("#to-receive [data-confirm]").first.click()
            page.wait_for_load_state()
    assert case.handover_items.exclude(status=ItemStatus.CONFIRMED).count() == 0

    # HR drafts the settlement sheet.
    page.goto(f"{live_server.url}/offboarding/cases/{case.code}/settlement/")
    page.locator("#id_exempt_ceiling").fill("447624.00")
    page.locator("#id_exempt_ceiling_source").fill("北京 2023 年职工平均工资 12,434 元 × 12 × 3")
    page.locator("#id_si_amount").fill("1200.00")
    page.locator("#id_si_basis").fill("养老、医疗、失业保险个人缴费（本月）")
    page.locator("#save-settlement").click()
    page.wait_for_load_state()
    assert page.locator("#sheet").get_attribute("data-status") == "draft"

    # The approver freezes it.
    _login(page, live_server, "approver")
    page.goto(f"{live_server.url}/offboarding/cases/{case.code}/settlement/")
    page.locator("#approve-settlement").click()
    page.wait_for_load_state()
    assert page.locator("#sheet").get_attribute("data-status") == "frozen"
    page.screenshot(path=os.path.join(screenshot_dir, "offboarding-2-settlement-frozen.png"), full_page=True)
    frozen = Settlement.objects.get(case=case)
    assert frozen.sheet_sha256.startswith(page.locator("#sheet-hash").inner_text().rstrip("…"))

    # HR generates the agreement and sends it for e-signature; the employee signs on the provider's page.
    _login(page, live_server, "hrbp")
    page.goto(f"{live_server.url}/cases/{case.code}/")
    page.locator("#doc-kind").select_option("mutual_agreement")
    page.locator("#generate-document").click()
    page.wait_for_load_state()
    page.locator("[data-esign=mutual_agreement]").click()
    page.wait_for_load_state()
    _login(page, live_server, "lisi")
    page.goto(f"{live_server.url}/offboarding/")
    page.locator("#to-sign [data-sign]").first.click()
    page.locator("#sign").click()
    page.wait_for_load_state()
    assert page.locator("#signature-status").get_attribute("data-status") == "signed"

    # HR generates the certificate and downloads its PDF.
    _login(page, live_server, "hrbp")
    page.goto(f"{live_server.url}/cases/{case.code}/")
    assert page.locator("[data-signature][data-status=signed]").count() == 1
    page.locator("#doc-kind").select_option("certificate")
    if page.locator("#doc-confirm-early").count():  # before the last day: LCL 50 asks for HR's confirmation
        page.locator("#doc-confirm-early").check()
    page.locator("#generate-document").click()
    page.wait_for_load_state()
    page.locator("#offboarding").scroll_into_view_if_needed()
    page.screenshot(path=os.path.join(screenshot_dir, "offboarding-3-case-panel.png"), full_page=True)
    page.locator("#offboarding").screenshot(path=os.path.join(screenshot_dir, "offboarding-3b-panel-only.png"))
    assert page.locator("#handover-progress").get_attribute("data-confirmed") == "6"
    with page.expect_download() as download:
        page.locator("#documents [data-kind=certificate] [data-download=pdf]").first.click()
    target = tmp_path / "certificate.pdf"
    download.value.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, check=True).stdout.decode()
    assert "解除劳动合同证明书" in text.replace(" ", "") and "销售主管" in text
    png = os.path.join(screenshot_dir, "offboarding-4-certificate")
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", str(target), png], check=True)
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_HANDOVER

    # HR opens the former employee's read-only download for the personal e-mail she gave.
    page.locator("#former-grant input[name=email]").fill("lisi.home@example.com")
    page.locator("#former-grant button").click()
    page.wait_for_load_state()
    assert page.locator("#former-access").get_attribute("data-active") == "yes"
    # After the last day (time passes: the case's last day moved to yesterday) she signs in with that login
    # (its password set through the e-mailed link; here directly) and downloads her certificate.
    from farewell.cases.models import SeparationCase
    from farewell.offboarding.models import FormerAccess

    SeparationCase.objects.filter(pk=case.pk).update(separation_date=today - dt.timedelta(days=1))
    former_login = FormerAccess.objects.get(case=case).user
    former_login.set_password(PASSWORD)
    former_login.save()
    _login(page, live_server, former_login.username)
    page.goto(f"{live_server.url}/offboarding/former/")
    page.screenshot(path=os.path.join(screenshot_dir, "offboarding-5-former-employee.png"), full_page=True)
    with page.expect_download() as former_download:
        page.locator("#former-documents [data-kind=certificate] a").click()
    again = tmp_path / "former-certificate.pdf"
    former_download.value.save_as(again)
    assert again.read_bytes() == target.read_bytes()
    # The agreement she is offered is the file she signed through the provider, not the unsigned draft.
    signed_row = page.locator("#former-documents [data-kind=mutual_agreement]")
    assert signed_row.get_attribute("data-signed") == "yes"
    with page.expect_download() as agreement_download:
        signed_row.locator("a").click()
    signed_copy = tmp_path / "former-agreement.pdf"
    agreement_download.value.save_as(signed_copy)
    signature = SignatureRequest.objects.get(document__case=case, status="signed")
    assert hashlib.sha256(signed_copy.read_bytes()).hexdigest() == signature.signed_sha256
