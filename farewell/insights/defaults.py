"""The flag rules' default thresholds, given to every company (HR admins change them on 预警规则).

The rows are the ones migration 0002 seeded (read from it, so there is one list); `seed_company`
gives a company what it lacks (the set-up service through org.signals.company_created, and
migration 0006 for companies that existed before rules belonged to a company).
"""

from __future__ import annotations

from importlib import import_module

DEFAULT_RULES = import_module("farewell.insights.migrations.0002_default_rules").DEFAULT_RULES


def seed_company(company, FlagRule) -> None:  # noqa: N803 - the model class (historical in a migration)
    have = set(FlagRule.objects.filter(company=company).values_list("code", flat=True))
    FlagRule.objects.bulk_create([
        FlagRule(company=company, code=code, tone=tone, count=count, threshold=threshold, dimension=dimension,
                 window_months=window, period_kind=kind, help=help_text)
        for code, tone, count, threshold, dimension, window, kind, help_text in DEFAULT_RULES
        if code not in have
    ])
