"""Background work of the insights app (django-tasks; `farewell db_worker` runs it)."""

from __future__ import annotations

import logging

from django.utils import timezone
from django.utils.translation import gettext_noop
from django_tasks import task

from farewell.common.models import Job
from farewell.common.wording import Words
from farewell.org.models import Company

logger = logging.getLogger(__name__)

# What the user reads when a job fails on something unforeseen; the technical detail goes to the log.
FLAGS_FAILED = gettext_noop("预警重新计算失败：系统内部出错（详情已记入系统日志），请稍后重试；再次失败请联系系统管理员")
TRAINING_FAILED = gettext_noop("模型训练失败：系统内部出错（详情已记入系统日志），请稍后重试；再次失败请联系系统管理员")


@task()
def recompute_flags(company_id: int, job_id: int | None = None) -> dict:
    """Recompute one company's flags; progress and result in the Job row when one is given."""
    from . import services

    job = Job.objects.filter(pk=job_id).first() if job_id else None
    try:
        return services.recompute_flags(Company.objects.get(pk=company_id), job=job)
    except Exception:
        logger.exception("recomputing the flags of company %s failed (job %s)", company_id, job_id)
        if job is not None:
            Job.objects.filter(pk=job.pk).update(
                status=Job.Status.FAILED, errors=[Words(FLAGS_FAILED).as_json()], finished_at=timezone.now()
            )
        raise


@task()
def train_risk(company_id: int, job_id: int | None = None, user_id: int | None = None) -> dict:
    """Train, evaluate and score one company's attrition-risk model (risk.train), with progress."""
    from django.contrib.auth import get_user_model

    from . import risk

    job = Job.objects.filter(pk=job_id).first() if job_id else None
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    try:
        model = risk.train(Company.objects.get(pk=company_id), acting_user=user, job=job)
    except Exception as exc:
        known = isinstance(exc, risk.RiskDataError)  # its own message says what HR can do: kept, worded when shown
        if not known:
            logger.exception("training the risk model of company %s failed (job %s)", company_id, job_id)
        if job is not None:
            message = exc.words if known else Words(TRAINING_FAILED)
            Job.objects.filter(pk=job.pk).update(status=Job.Status.FAILED, errors=[message.as_json()],
                                                 finished_at=timezone.now())
        if isinstance(exc, risk.RiskDataError):
            return {"error": str(exc)}
        raise
    return {"model": model.pk}
