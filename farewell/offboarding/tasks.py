"""Background work: a layoff batch's documents as one job (django-tasks; progress in Job): every DOCX is
filled here, then ONE LibreOffice process converts them all (common.documents.docx_to_pdf_many)."""

from __future__ import annotations

import logging

from django.utils import timezone
from django.utils.translation import gettext_noop
from django_tasks import task

from farewell.accounts.models import User
from farewell.cases.models import CaseFamily, CaseStatus
from farewell.common.documents import DocumentError
from farewell.common.models import Job
from farewell.common.wording import Words

from . import document_services

logger = logging.getLogger(__name__)

JOB_KIND = "offboarding.documents"
# Each member's notice (or agreement, for a mutual case) and certificate, where the case has a use for it.
BATCH_KINDS = ("dismissal_notice", "mutual_agreement", "certificate")
BATCH_STATUSES = (CaseStatus.APPROVED, CaseStatus.IN_HANDOVER)


def family_pairs(family: CaseFamily) -> list:
    cases = family.cases.filter(status__in=BATCH_STATUSES).select_related(
        "employee__org_unit", "employee__position", "company").order_by("employee__name", "pk")
    return [(case, kind) for case in cases for kind in BATCH_KINDS if kind in document_services.kinds_for(case)]


# What the user reads when the batch fails as a whole (LibreOffice cannot start or convert, anything unforeseen):
# the technical detail, in English, goes to the log, not to the page.
BATCH_FAILED = gettext_noop("文书没有生成：转换过程出错（详情已记入系统日志），请稍后重试；再次失败请联系系统管理员")


def run_family_documents(job: Job, family: CaseFamily, user) -> None:
    try:
        problems = document_services.generate_many(family_pairs(family), acting_user=user, job=job)
    except Exception as exc:
        logger.exception("batch documents of family %s failed (job %s)", family.pk, job.pk)
        Job.objects.filter(pk=job.pk).update(status=Job.Status.FAILED, errors=[Words(BATCH_FAILED).as_json()],
                                             finished_at=timezone.now())
        if isinstance(exc, DocumentError):
            return
        raise
    Job.objects.filter(pk=job.pk).update(status=Job.Status.DONE, errors=problems, finished_at=timezone.now())


@task()
def family_documents(job_id: int, family_id: int, user_id: int) -> None:
    run_family_documents(Job.objects.get(pk=job_id), CaseFamily.objects.get(pk=family_id),
                         User.objects.get(pk=user_id))
