"""The open-case form takes the written resignation notice for a resignation only: another type refuses the
file on its field (the page hides the field, the API answers 400 naming it), a resignation keeps it."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from farewell.cases.forms import OpenCaseForm
from farewell.cases.models import SeparationCase
from tests.factories import NOTICE_SCAN


def _scan():
    return SimpleUploadedFile("辞职信.pdf", NOTICE_SCAN, content_type="application/pdf")


def test_a_mutual_agreement_refuses_a_notice_scan_on_its_field(staffed):
    world = staffed
    later = (timezone.localdate() + dt.timedelta(days=40)).isoformat()
    form = OpenCaseForm({"case_type": "mutual_employer", "separation_date": later}, {"notice_evidence": _scan()},
                        employee=world.lisi)
    assert not form.is_valid() and list(form.errors) == ["notice_evidence"]
    assert "只有员工辞职" in form.errors["notice_evidence"][0]


def test_a_resignation_takes_it(staffed):
    world = staffed
    form = OpenCaseForm({"case_type": "resignation", "notice_date": timezone.localdate().isoformat()},
                        {"notice_evidence": _scan()}, employee=world.lisi)
    assert form.is_valid(), form.errors


def test_the_field_is_marked_for_the_page_script(staffed, client):
    world = staffed
    client.force_login(world.users["hrbp_sales"])
    page = client.get(f"/cases/open/{world.lisi.code}/").content.decode()
    assert 'data-case-type="resignation"' in page and "cases/case_open.js" in page


def test_the_api_answers_400_naming_the_field(staffed, client):
    world = staffed
    client.force_login(world.users["hrbp_sales"])
    later = (timezone.localdate() + dt.timedelta(days=40)).isoformat()
    response = client.post(f"/api/employees/{world.lisi.code}/cases/",
                           {"case_type": "mutual_employer", "separation_date": later, "notice_evidence": _scan()})
    assert response.status_code == 400 and "notice_evidence" in response.json()
    assert not SeparationCase.objects.filter(employee=world.lisi).exists()
