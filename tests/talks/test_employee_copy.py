"""Issue 12: a separate employee copy of the evidence package — built from the projections only (no
ceiling, cap, guidance, internal notes, transcripts or the case's internal ledger history), vouched
for by one ledger entry so that `farewell ledger verify-package` checks it."""

from __future__ import annotations

import io
import json
import subprocess
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse

from farewell.cases.models import CaseStep
from farewell.ledger.models import LedgerEntry
from farewell.talks import services
from tests.factories import Role, make_user

CEILING = "96,000.00"  # as in test_employee_projection: statutory 84,000.00 + cap 12,000.00
INTERNAL = ("当场可承诺", "最高总额", "政策上限", "不得当场承诺", CEILING, "96000.00")
LEGAL_NOTE = "法务内部意见：仲裁风险较高，底线可再加一个月"


@pytest.fixture
def signed(world, conversation):
    hr = world.users["hrbp_sales"]
    services.update_conversation(conversation, actor=hr, fields={
        "notes": f"说明了法定补偿的计算。\n内部：可承诺至 {CEILING} 元",
        "agreed": "员工同意考虑公司方案（合计 89,000.00 元），三日内答复",
    })
    CaseStep.objects.filter(case=conversation.case).update(comment=LEGAL_NOTE)
    return services.sign_conversation(conversation, actor=hr)


@pytest.fixture
def printed(monkeypatch):
    pages = []

    def fake_pdf(html, *, base_url):
        pages.append(html)
        return b"%PDF-1.4 employee copy"

    monkeypatch.setattr("farewell.portal.employee_copy.html_to_pdf", fake_pdf)
    return pages


def _zip(response) -> zipfile.ZipFile:
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_the_employee_downloads_a_copy_without_anything_internal(client, world, signed, printed):
    client.force_login(world.users["employee"])
    archive = _zip(client.post(reverse("portal:my_copy")))
    names = set(archive.namelist())
    assert "summary.pdf" in names and "manifest.json" in names
    [record_file] = [n for n in names if n.startswith("records/")]
    record = json.loads(archive.read(record_file))
    assert record["place"] == "3楼小会议室" and "89,000.00" in record["agreed"]
    (html,) = printed
    assert "3楼小会议室" in html and "89,000.00" in html
    manifest = json.loads(archive.read("manifest.json"))
    everything = html + archive.read(record_file).decode() + json.dumps(manifest, ensure_ascii=False)
    for text in (*INTERNAL, LEGAL_NOTE, "内部：可承诺至", "赵六", "陈七"):
        assert text not in everything, text
    assert not any(n.startswith("transcripts/") or n.startswith("attachments/") for n in names)
    # Only the export's own entry: the case's history (internal payloads) never goes into the copy.
    assert manifest["copy"] == "employee"
    assert [e["event"] for e in manifest["ledger_entries"]] == ["portal.employee_copy.exported"]


def test_the_copy_verifies_and_a_changed_file_does_not(client, world, signed, printed, tmp_path):
    client.force_login(world.users["employee"])
    response = client.post(reverse("portal:my_copy"))
    good = tmp_path / "copy.zip"
    good.write_bytes(response.content)
    call_command("ledger", "verify-package", str(good))
    source = zipfile.ZipFile(good)
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(bad, "w") as out:
        for name in source.namelist():
            data = source.read(name)
            if name.startswith("records/"):
                data = data.replace("3楼小会议室".encode(), "5楼大会议室".encode())
            out.writestr(name, data)
    with pytest.raises(Exception, match="package altered"):
        call_command("ledger", "verify-package", str(bad))


def test_hr_downloads_the_employee_copy_of_a_case_and_the_export_is_on_record(client, world, signed, printed):
    case = signed.case
    client.force_login(world.users["hrbp_sales"])
    page = client.get(reverse("cases:case_detail", args=[case.code])).content.decode()
    assert 'id="export-employee-copy"' in page
    archive = _zip(client.post(reverse("portal:case_copy", args=[case.code])))
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["case"] == str(case.code) and manifest["employee"] == str(world.lisi.code)
    entry = LedgerEntry.objects.get(event="portal.employee_copy.exported")
    assert json.loads(entry.payload)["files"] == {f["path"]: f["sha256"] for f in manifest["files"]}


def test_who_may_download_which_copy(client, world, signed, printed):
    case_url = reverse("portal:case_copy", args=[signed.case.code])
    for persona, expected in (("outsider", 404), ("employee", 403), ("manager", 403), ("auditor", 403),
                              ("legal", 200)):
        client.force_login(world.users[persona])
        assert client.post(case_url).status_code == expected, persona
    for persona in ("hrbp_sales", "outsider", "auditor"):
        client.force_login(world.users[persona])
        assert client.post(reverse("portal:my_copy")).status_code in (403, 404), persona
    # Another employee gets their own (empty) copy, never 李四's records.
    client.force_login(make_user("zhaoliu", Role.EMPLOYEE, employee=world.zhaoliu))
    archive = _zip(client.post(reverse("portal:my_copy")))
    assert not [n for n in archive.namelist() if n.startswith("records/")]
    client.force_login(world.users["employee"])
    assert client.get(reverse("portal:my_copy")).status_code == 405


def test_the_real_pdf_holds_the_record_and_nothing_internal(client, world, signed, tmp_path):
    client.force_login(world.users["employee"])
    archive = _zip(client.post(reverse("portal:my_copy")))
    pdf = tmp_path / "summary.pdf"
    pdf.write_bytes(archive.read("summary.pdf"))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True).stdout.decode()
    assert "3楼小会议室" in text and "员工版资料包" in text
    for phrase in (*INTERNAL, LEGAL_NOTE):
        assert phrase not in text, phrase
