"""A layoff batch that fails as a whole: the job shows a worded message in the reader's language, never the
exception's English text; the detail goes to the log."""

from __future__ import annotations

import logging

import pytest
from django.utils import translation

from farewell.cases.models import CaseFamily
from farewell.common.documents import DocumentError
from farewell.common.models import Job
from farewell.offboarding import document_services, tasks


@pytest.fixture
def failing_batch(world, monkeypatch):
    def fail(*_args, **_kwargs):
        raise DocumentError("LibreOffice took too long to convert the documents")

    monkeypatch.setattr(document_services, "generate_many", fail)
    family = CaseFamily.objects.create(company=world.company, title="2027年销售部调整")
    job = Job.objects.create(kind=tasks.JOB_KIND, title="批次", created_by=world.users["hrbp_sales"])
    return family, job


def test_a_failed_batch_keeps_a_message_not_the_exception_text(world, failing_batch, caplog):
    family, job = failing_batch
    with caplog.at_level(logging.ERROR, logger="farewell.offboarding.tasks"):
        tasks.run_family_documents(job, family, world.users["hrbp_sales"])
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.errors == [{"m": tasks.BATCH_FAILED}]
    assert "LibreOffice took too long" in caplog.text  # the detail is in the log
    assert job.shown_errors == [tasks.BATCH_FAILED]


def test_the_job_page_shows_the_message(client, world, failing_batch):
    family, job = failing_batch
    tasks.run_family_documents(job, family, world.users["hrbp_sales"])
    client.force_login(world.users["hrbp_sales"])
    page = client.get(f"/offboarding/jobs/{job.code}/").content.decode()
    assert tasks.BATCH_FAILED in page and "LibreOffice" not in page
    api = client.get(f"/api/offboarding/jobs/{job.code}/").json()
    assert api["errors"] == [tasks.BATCH_FAILED]


def test_an_unforeseen_error_fails_the_job_and_is_raised(world, failing_batch, monkeypatch):
    family, job = failing_batch
    monkeypatch.setattr(document_services, "generate_many", lambda *a, **k: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        tasks.run_family_documents(job, family, world.users["hrbp_sales"])
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.errors == [{"m": tasks.BATCH_FAILED}]


def test_an_english_reader_reads_it_in_english(world, failing_batch):
    family, job = failing_batch
    tasks.run_family_documents(job, family, world.users["hrbp_sales"])
    job.refresh_from_db()
    with translation.override("en"):
        assert job.shown_errors[0].startswith("The documents were not generated")
