"""Privacy fixtures: 李四 with a case, a conversation (tests/talks), and a former employee with
one of every kind of data the retention schedule purges."""

from __future__ import annotations

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from farewell.common import consent
from farewell.ledger.services import record
from farewell.offboarding.models import GeneratedDocument
from farewell.org.models import EmployeeStatus, StatusPeriod
from farewell.talks import services as talks
from tests.factories import M4A, give_consent
from tests.talks.conftest import TRANSCRIPT, case, conversation, plan, records  # noqa: F401

TODAY = dt.date(2030, 6, 1)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def make_former(employee, *, months_ago: int) -> None:
    """The person left `months_ago` months before TODAY."""
    employee.status = EmployeeStatus.SEPARATED
    employee.separation_date = TODAY - relativedelta(months=months_ago)
    employee.save(update_fields=["status", "separation_date"])


@pytest.fixture
def former(world, conversation):  # noqa: F811
    """李四 with a recording, a transcript, a protected period (with notes), ID and bank numbers and a
    generated agreement; she left 40 months before TODAY (past every default of 36)."""
    hr = world.users["hrbp_sales"]
    lisi = world.lisi
    give_consent(lisi, consent.TALK_RECORDING)
    give_consent(lisi, consent.HEALTH_DETAILS)
    audio = talks.add_attachment(conversation, SimpleUploadedFile("谈话录音.m4a", M4A), actor=hr,
                                 kind="audio")
    document = talks.add_attachment(conversation, SimpleUploadedFile("议程.pdf", b"%PDF-1.4 agenda"), actor=hr)
    transcript = talks.add_transcript(conversation, TRANSCRIPT, actor=hr)
    period = StatusPeriod.objects.create(employee=lisi, kind="medical_period", notes="腰椎手术",
                                         start_date=dt.date(2025, 3, 1), end_date=dt.date(2025, 6, 30))
    record("org.statusperiod", period.pk, {"employee": str(lisi.code), "period": period.pk,
                                           "start_date": period.start_date, "end_date": period.end_date},
           actor=hr, event="status_period_started")
    lisi.id_number = "110101199003071234"
    lisi.bank_account = "6222020200112233445"
    lisi.save()
    agreement = GeneratedDocument(case=conversation.case, kind="agreement", template_sha256="0" * 64,
                                  docx_sha256="1" * 64, pdf_sha256="2" * 64, created_by=hr)
    agreement.docx.save("agreement.docx", ContentFile(b"docx"), save=False)
    agreement.pdf.save("agreement.pdf", ContentFile(b"%PDF agreement"), save=False)
    agreement.save()
    record("offboarding.document", agreement.code, {"case": conversation.case.code, "kind": "agreement",
                                                    "sha256": agreement.pdf_sha256}, actor=hr,
           event="document.generated")
    make_former(lisi, months_ago=40)
    return {"audio": audio, "document": document, "transcript": transcript, "period": period,
            "agreement": agreement, "case": conversation.case, "conversation": conversation, "hr": hr,
            "at": timezone.now()}
