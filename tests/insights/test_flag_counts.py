"""The flags list of whole companies reads its count from insights.FlagCount, which recompute_flags writes
with the flags in one transaction (issue 14): the page shows it as exact (共 N 条), so after every write the
counts must be the flags' own. Red when the recompute forgets them, and when code elsewhere starts writing
flags (it would have to keep the counts too)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

import farewell
from farewell.common.pagination import CappedPaginator
from farewell.insights import views
from farewell.insights.models import Flag, FlagCount, FlagRule, FlagTone, RuleCode
from farewell.insights.services import recompute_flags, write_counts
from tests.factories import make_company, make_employee, make_unit

from .records import TODAY, Q, review, values


def kept(company) -> dict[str, int]:
    return dict(FlagCount.objects.filter(company=company).values_list("rule", "flags"))


def counted(company) -> dict[str, int]:
    return dict(Flag.objects.filter(company=company).order_by().values("rule").annotate(n=Count("pk"))
                .values_list("rule", "n"))


def _history(world) -> None:
    """Records that raise 李四's and 赵六's flags of two rules."""
    for start in Q:
        review(world.lisi, start, 60)
        review(world.zhaoliu, start, 65)
        review(world.boss, start, 95)
    values(world.lisi, Q[-1], "诚信", 1)
    values(world.zhaoliu, Q[-1], "诚信", 2)


def test_a_recompute_keeps_each_rules_count(world):
    _history(world)
    recompute_flags(world.company, today=TODAY)
    assert kept(world.company) == counted(world.company) == {
        RuleCode.PERFORMANCE_BELOW_AVERAGE: 2, RuleCode.VALUES_LOW: 2}


def test_a_recompute_that_finds_less_leaves_no_old_count(world):
    _history(world)
    recompute_flags(world.company, today=TODAY)
    FlagRule.objects.filter(company=world.company, code=RuleCode.VALUES_LOW).update(enabled=False)
    recompute_flags(world.company, today=TODAY)
    assert kept(world.company) == counted(world.company) == {RuleCode.PERFORMANCE_BELOW_AVERAGE: 2}
    FlagRule.objects.filter(company=world.company).update(enabled=False)
    recompute_flags(world.company, today=TODAY)
    assert kept(world.company) == counted(world.company) == {}


def test_each_company_keeps_its_own(world):
    other = make_company(name="别家公司")
    unit = make_unit(other, "别家总部")
    people = [make_employee(unit, f"别家{i}") for i in range(3)]
    for start in Q:
        for person, score in zip(people, (50, 90, 95), strict=True):
            review(person, start, score)
    _history(world)
    recompute_flags(other, today=TODAY)
    recompute_flags(world.company, today=TODAY)
    assert kept(other) == counted(other) == {RuleCode.PERFORMANCE_BELOW_AVERAGE: 1}
    assert kept(world.company) == counted(world.company) == {
        RuleCode.PERFORMANCE_BELOW_AVERAGE: 2, RuleCode.VALUES_LOW: 2}


def _count(client, **params) -> tuple[int, bool]:
    paginator = client.get(reverse("insights:flags"), params).context["page_obj"].paginator
    return paginator.count, paginator.capped


def test_the_list_of_whole_companies_reads_the_kept_count(client, world):
    """The page's count is the kept one (a wrong one would show), and an HRBP's list still counts its flags."""
    _history(world)
    recompute_flags(world.company, today=TODAY)
    client.force_login(world.users["hr_admin"])
    assert _count(client) == (4, False)
    assert _count(client, rule=RuleCode.VALUES_LOW) == (2, False)
    assert _count(client, rule=RuleCode.SURVEY_LOW) == (0, False)
    FlagCount.objects.filter(company=world.company, rule=RuleCode.VALUES_LOW).update(flags=3)
    assert _count(client) == (5, False)
    assert _count(client, unit=world.sales.pk) == (4, False)  # a unit filter counts the flags
    client.force_login(world.users["hrbp_sales"])  # 销售部: both people
    assert _count(client) == (4, False)


def test_a_count_past_the_cap_reads_as_a_counted_one(client, world, monkeypatch):
    """A kept count beyond the cap is what counting up to cap + 1 gives: cap + 1, "capped"."""
    monkeypatch.setattr(CappedPaginator, "cap", 3)
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    _history(world)
    recompute_flags(world.company, today=TODAY)
    client.force_login(world.users["hr_admin"])
    assert _count(client) == (4, True)
    FlagCount.objects.filter(company=world.company, rule=RuleCode.VALUES_LOW).update(flags=20_000)
    assert _count(client) == (4, True)
    assert _count(client, rule=RuleCode.VALUES_LOW) == (4, True)


# What writes flags: the recompute's bulk insert and its one DELETE statement.
_WRITES = re.compile(
    r"\bFlag\.objects\b[^\n]*\.(?:create|bulk_create|get_or_create|update_or_create|update|bulk_update|delete)\("
    r"|\bFlag\([^\n]*\)\.save\(|\.flags\.(?:create|update|delete|all\(\)\.delete)\("
    r"|\bFlag\._meta\.db_table\b|\binsights_flag\b(?!evidence|count|rule)")
WRITERS = {"farewell/insights/services.py": 2}  # recompute_flags: the DELETE and the bulk_create


def test_only_the_recompute_writes_flags():
    """A new writer of flags must keep FlagCount in its transaction (services.write_counts) and be listed here."""
    root = Path(farewell.__file__).resolve().parent
    found = {}
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        hits = len(_WRITES.findall(path.read_text()))
        if hits:
            found[str(path.relative_to(root.parent))] = hits
    assert found == WRITERS


def test_the_writes_are_found():
    """The pattern above sees each way of writing flags (so the test before it can go red)."""
    for line in ('Flag.objects.filter(company=c).delete()', "Flag.objects.bulk_create(flags)",
                 "Flag(company=c, rule=r).save()", "employee.flags.all().delete()",
                 'cursor.execute(f"DELETE FROM {Flag._meta.db_table}")', 'cursor.execute("UPDATE insights_flag SET")'):
        assert _WRITES.search(line), line
    for line in ("FlagEvidence.objects.bulk_create(evidence)", "insights_flagevidence", "FlagCount.objects.filter()",
                 "Flag.objects.filter(company=c)"):
        assert not _WRITES.search(line), line


def test_write_counts_replaces_the_companys_rows(world):
    FlagCount.objects.create(company=world.company, rule=RuleCode.SURVEY_LOW, flags=7)
    flags = [Flag(company=world.company, employee=world.lisi, rule=rule, tone=FlagTone.CONCERN, facts={},
                  computed_at=timezone.now()) for rule in (RuleCode.VALUES_LOW, RuleCode.VALUES_LOW, RuleCode.SURVEY_LOW)]
    write_counts(world.company, flags)
    assert kept(world.company) == {RuleCode.VALUES_LOW: 2, RuleCode.SURVEY_LOW: 1}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_counts_the_flags_already_computed():
    """insights 0014 fills FlagCount from the flags there are (taken back to 0013 and forward again)."""
    before = [("insights", "0013_flag_indexes_without_repeats")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    leaves = executor.loader.graph.leaf_nodes()
    state = executor.loader.project_state(before + [node for node in leaves if node[0] != "insights"])
    try:
        apps = state.apps
        Company, OrgUnit, Employee = (apps.get_model("org", name) for name in ("Company", "OrgUnit", "Employee"))
        OldFlag = apps.get_model("insights", "Flag")
        companies = [Company.objects.create(name=f"迁移公司{i}", credit_code=f"91310000MIGRCOUNT{i}", city="上海")
                     for i in range(2)]
        for company, rules in zip(companies, (["values_low", "values_low", "survey_low"], ["key_contributor"]),
                                  strict=True):
            unit = OrgUnit.objects.create(company=company, name="总部", code="U1", path="0001.")
            for i, rule in enumerate(rules):
                employee = Employee.objects.create(
                    company=company, employee_number=f"M{i}", name="员工", gender="male", birth_date=dt.date(1990, 1, 1),
                    hire_date=dt.date(2020, 1, 1), org_unit=unit)
                OldFlag.objects.create(company=company, employee=employee, rule=rule, tone="concern", facts={},
                                       computed_at=dt.datetime(2026, 6, 1, tzinfo=dt.UTC))
        executor = MigrationExecutor(connection)
        executor.migrate(leaves, state=state)
        assert [kept(c.pk) for c in companies] == [{"values_low": 2, "survey_low": 1}, {"key_contributor": 1}]
    finally:
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            executor.migrate(executor.loader.graph.leaf_nodes())
