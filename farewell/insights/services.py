"""Operations on flags: recompute a company's flags (set-based), schedule that in the background."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone

from farewell.common.models import Job
from farewell.ledger.services import record
from farewell.org.models import Company
from farewell.records.importers import analyze

from . import unitfigures
from .models import Flag, FlagCount, FlagEvidence, FlagRule, RiskSettings, UnitAverage
from .present import facts_by_pk
from .rules import RULES

JOB_KIND = "insights.recompute_flags"
BATCH_SIZE = 2000


def recompute_flags(company: Company, *, job: Job | None = None, today: dt.date | None = None) -> dict:
    """Run every enabled rule over the company and replace its flags and evidence atomically.

    The rules only read (a few aggregate queries each); the delete and the bulk inserts happen
    in one transaction, so a reader sees the old flags or the new ones, never a mix.
    Returns {"flags": n, "evidence": n, "seconds": s, "by_rule": {code: n}}.
    """
    started = time.monotonic()
    today = today or timezone.localdate()
    now = timezone.now()
    rules = list(FlagRule.objects.filter(company=company, enabled=True))  # the company's own thresholds
    if job is not None:
        Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, total=len(rules) + 1, done=0)
    hits_by_rule = {}
    for done, rule in enumerate(rules, start=1):
        hits_by_rule[rule] = RULES[rule.code](rule, company, today)
        if job is not None:
            Job.objects.filter(pk=job.pk).update(done=done)
    content_types: dict[type, int] = {}

    def content_type_id(model: type) -> int:
        if model not in content_types:
            content_types[model] = ContentType.objects.get_for_model(model).pk
        return content_types[model]

    # Each record's label facts, stored with its evidence (a query per kind and 2,000 records): the
    # flags list shows the labels without reading the records (issue 14).
    pks_by_model: dict[type, set[int]] = {}
    for hits in hits_by_rule.values():
        for hit in hits:
            for model, pk in hit.evidence:
                pks_by_model.setdefault(model, set()).add(pk)
    facts = {model: facts_by_pk(model, pks) for model, pks in pks_by_model.items()}

    with transaction.atomic():
        FlagEvidence.objects.filter(flag__company=company).delete()
        # The evidence is the only thing that refers to a flag (deleted above; a test keeps it so): one
        # statement, not Django's cascade collector, which reads every flag with its facts first and then
        # deletes them 100 at a time (~2 s of the recompute on the 100,000-employee demo).
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {Flag._meta.db_table} WHERE company_id = %s", [company.pk])
        flags, pending = [], []
        for rule, hits in hits_by_rule.items():
            for hit in hits:
                flag = Flag(company=company, employee_id=hit.employee_id, rule=rule.code, tone=rule.tone,
                            facts=hit.facts, computed_at=now)
                flags.append(flag)
                pending.append((flag, hit.evidence))
        Flag.objects.bulk_create(flags, batch_size=BATCH_SIZE)
        write_counts(company, flags)
        evidence = [
            FlagEvidence(flag_id=flag.pk, content_type_id=content_type_id(model), object_id=pk,
                         facts=facts[model].get(pk, {}))
            for flag, records in pending
            for model, pk in records
        ]
        FlagEvidence.objects.bulk_create(evidence, batch_size=BATCH_SIZE * 2)
        # The department figures the profiles show, from the same records (unitfigures.py).
        unitfigures.refresh(company)
    # Every row of these tables was just replaced: fresh planner statistics, as after a bulk import. On
    # tables never analyzed PostgreSQL guessed 2,000 flags an employee and compiled (JIT) the page's
    # flag query: seconds a page on the 100,000-employee demo (issue 14).
    analyze(Flag, FlagEvidence, UnitAverage)
    result = {
        "flags": len(flags),
        "evidence": len(evidence),
        "seconds": round(time.monotonic() - started, 2),
        "by_rule": {rule.code: len(hits) for rule, hits in hits_by_rule.items()},
    }
    if job is not None:
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.DONE, done=len(rules) + 1, result=result, finished_at=timezone.now()
        )
    return result


def write_counts(company: Company, flags: Iterable[Flag]) -> None:
    """Replace the company's FlagCount rows by the count of `flags` (all of its flags now) per rule, in the
    transaction that wrote them: the flags list reads these as exact (docs/architecture.md)."""
    by_rule: dict[str, int] = {}
    for flag in flags:
        by_rule[flag.rule] = by_rule.get(flag.rule, 0) + 1
    FlagCount.objects.filter(company=company).delete()
    FlagCount.objects.bulk_create(FlagCount(company=company, rule=rule, flags=n) for rule, n in by_rule.items())


def schedule_recompute(company: Company, *, acting_user) -> Job:
    """Queue `tasks.recompute_flags` for the company with a Job progress row.

    Enqueued when called; the importers call it from `transaction.on_commit`, so the task never
    runs before (or without) the records it reads.
    """
    from .tasks import recompute_flags as task

    job = Job.objects.create(
        kind=JOB_KIND, title=f"重新计算预警：{company.name}", created_by=acting_user if acting_user else None
    )
    task.enqueue(company.pk, job.pk)
    return job


def save_rules(formset, *, company: Company, acting_user) -> list[FlagRule]:
    """Save the thresholds a company's HR admin edited (one transaction); flags change at the next
    recompute. The formset's queryset is the company's rules: a row of another company is refused."""
    with transaction.atomic():
        for form in formset.forms:
            if form.instance.company_id != company.pk:
                raise PermissionDenied("flag rule of another company")
        return formset.save()


def save_risk_settings(company: Company, *, managers_see_own_reports: bool, acting_user) -> RiskSettings:
    """The company's risk setting (who besides HR sees a score: PIPL Art. 24), in the ledger."""
    with transaction.atomic():
        row, _created = RiskSettings.objects.update_or_create(
            company=company, defaults={"managers_see_own_reports": managers_see_own_reports})
        record("insights.risksettings", company.code, {"company": company.pk,
                                                       "managers_see_own_reports": managers_see_own_reports},
               actor=acting_user, event="risk_settings_saved")
    return row


def seed_company_settings(sender, company: Company, **kwargs) -> None:
    """A new company gets the default flag rules (org.signals.company_created)."""
    from .defaults import seed_company

    seed_company(company, FlagRule)
