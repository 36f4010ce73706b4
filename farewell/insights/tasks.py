"""Background work of the insights app (django-tasks; `farewell db_worker` runs it)."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from farewell.common.models import Job
from farewell.org.models import Company


@task()
def recompute_flags(company_id: int, job_id: int | None = None) -> dict:
    """Recompute one company's flags; progress and result in the Job row when one is given."""
    from . import services

    job = Job.objects.filter(pk=job_id).first() if job_id else None
    try:
        return services.recompute_flags(Company.objects.get(pk=company_id), job=job)
    except Exception as exc:
        if job is not None:
            Job.objects.filter(pk=job.pk).update(
                status=Job.Status.FAILED, errors=[repr(exc)], finished_at=timezone.now()
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
        if job is not None:
            message = str(exc) if isinstance(exc, risk.RiskDataError) else repr(exc)
            Job.objects.filter(pk=job.pk).update(status=Job.Status.FAILED, errors=[message],
                                                 finished_at=timezone.now())
        if isinstance(exc, risk.RiskDataError):
            return {"error": str(exc)}
        raise
    return {"model": model.pk}
