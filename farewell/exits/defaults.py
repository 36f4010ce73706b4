"""The reason taxonomy and exit survey every company starts with.

The texts are the ones migration 0002 seeded (read from it, so there is one copy). `seed_company`
gives a company what it lacks (the set-up service through org.signals.company_created, and
migration 0007 for companies that existed before); each company then edits its own (issue 13).
"""

from __future__ import annotations

from importlib import import_module

_m2 = import_module("farewell.exits.migrations.0002_seed_reasons_and_questions")

REASONS = list(_m2.REASONS)  # (code, name, evidence, rehire limit, [(code, name[, rehire limit]), ...])
QUESTIONS = list(_m2.QUESTIONS)  # (text, kind)


def seed_company(company, ExitReason, SurveyQuestion) -> None:  # noqa: N803 - model classes (historical in a migration)
    """Give `company` the default taxonomy and questionnaire when it has none (three inserts)."""
    if not ExitReason.objects.filter(company=company).exists():
        order, parents, children = 0, [], []
        for code, name, evidence, limit, subs in REASONS:
            order += 10
            parents.append(ExitReason(company=company, code=code, name=name, evidence=evidence,
                                      rehire_limit=limit, order=order))
            for child in subs:
                order += 1
                child_code, child_name, *child_limit = child
                children.append((code, ExitReason(company=company, code=child_code, name=child_name,
                                                  evidence=evidence, order=order,
                                                  rehire_limit=child_limit[0] if child_limit else "")))
        by_code = {r.code: r for r in ExitReason.objects.bulk_create(parents)}
        for parent_code, child in children:
            child.parent = by_code[parent_code]
        ExitReason.objects.bulk_create([child for _code, child in children])
    if not SurveyQuestion.objects.filter(company=company).exists():
        SurveyQuestion.objects.bulk_create([SurveyQuestion(company=company, text=text, kind=kind, order=i * 10)
                                            for i, (text, kind) in enumerate(QUESTIONS, start=1)])
