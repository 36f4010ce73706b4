"""Personas shared by the whole suite: a company with two departments and one user per role.

company
  总部 (root)
    销售部 (sales)   — manager 王经理; reports 李四 (direct), 赵六 (reports to 李四)
    研发部 (rnd)     — 陈七
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.factories import Role, make_company, make_employee, make_unit, make_user


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the product's default language: a request that chose English (the
    language menu) leaves English active in the thread, which would leak into later tests that
    call services directly and read their Chinese messages."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _no_kept_settings():
    """The process keeps the holiday table and the wage figures between requests (org/cached.py);
    a test's rows are rolled back, so no test may see another's copy."""
    from farewell.org import cached

    cached.drop()
    yield
    cached.drop()


@pytest.fixture(autouse=True)
def _no_kept_estimates():
    """The process keeps the planner's estimates of the lists a minute (common/pagination.py); a test's
    rows are rolled back and some tests stand in for the planner, so no test may see another's."""
    from farewell.common import pagination

    pagination._ESTIMATES.clear()
    yield
    pagination._ESTIMATES.clear()


@dataclass
class World:
    company: object
    root: object
    sales: object
    rnd: object
    boss: object        # 王经理, sales manager
    lisi: object        # reports to boss
    zhaoliu: object     # reports to lisi (indirect report of boss)
    chenqi: object      # R&D, outside the sales manager's scope
    users: dict


@pytest.fixture
def world(db) -> World:
    company = make_company(name="远航科技有限公司")
    root = make_unit(company, "总部")
    sales = make_unit(company, "销售部", parent=root)
    rnd = make_unit(company, "研发部", parent=root)
    boss = make_employee(sales, "王经理", gender="male")
    lisi = make_employee(sales, "李四", manager=boss, gender="female")
    zhaoliu = make_employee(sales, "赵六", manager=lisi)
    chenqi = make_employee(rnd, "陈七")
    users = {
        "hr_admin": make_user("hradmin", Role.HR_ADMIN, company=company),
        "hrbp_sales": make_user("hrbp", Role.HRBP, company=company, unit=sales),
        "legal": make_user("legal", Role.LEGAL, company=company),
        "manager": make_user("manager", Role.MANAGER, company=company, employee=boss),
        "approver": make_user("approver", Role.APPROVER, company=company),
        "employee": make_user("lisi", Role.EMPLOYEE, company=company, employee=lisi),
        "auditor": make_user("auditor", Role.AUDITOR, company=company),
        "outsider": make_user("outsider"),
    }
    return World(company, root, sales, rnd, boss, lisi, zhaoliu, chenqi, users)


def pytest_collection_modifyitems(config, items):
    """Browser tests run last: as transactional tests they flush the database when they end,
    and with it the rows migrations seeded (ledger head, workflow templates, flag rules). The
    production smoke test (gunicorn on the committed rows) runs after them all and seeds for itself."""

    def order(item) -> int:
        if item.nodeid.startswith("tests/test_production.py"):
            return 2
        return 1 if item.get_closest_marker("browser") is not None else 0

    items.sort(key=order)
    _refuse_unserialized_transactional_tests(items)


def _refuse_unserialized_transactional_tests(items) -> None:
    """Every transactional test but the last (the production smoke test) uses serialized rollback.

    A transactional test without it ends with a flush that sends post_migrate, which re-creates the
    content types and permissions under new ids (PostgreSQL does not reset its sequences there); the
    next test that reloads the serialized rows then inserts content type 1 again and fails on the
    unique (app_label, model) — on PostgreSQL only, and only in that order (CI, session 6)."""
    offenders = []
    for item in items:
        if item.nodeid.startswith("tests/test_production.py"):
            continue
        marker = item.get_closest_marker("django_db")
        fixtures = getattr(item, "fixturenames", ())
        # A test (or a fixture it uses) asking for the transactional_db fixture is transactional too
        # (a scratch table of tests/common/test_prepared_statements.py once slipped past this way).
        transactional = (marker is not None and marker.kwargs.get("transaction")) or "transactional_db" in fixtures
        if not transactional:
            continue
        serialized = marker is not None and marker.kwargs.get("serialized_rollback")
        if not serialized and "django_db_serialized_rollback" not in fixtures:
            offenders.append(item.nodeid)
    if offenders:
        raise pytest.UsageError("transactional tests without serialized_rollback=True: " + ", ".join(offenders))


# PostgreSQL here and in CI runs with autovacuum off (the server's configuration file). Every test's rows are
# rolled back, and a rolled-back row stays in its table as a dead tuple until a VACUUM: after ~1,000 tests of
# tests/accounts the seeded tables (workflow steps, exit reasons, escalation phrases …) held tens of thousands
# of them, and each test's teardown (Django's SET CONSTRAINTS ALL IMMEDIATE, the deferred foreign-key checks)
# cost the server 130 ms of CPU instead of 8 ms, growing with every test. A VACUUM every few hundred tests
# (about a second) keeps it flat.
VACUUM_EVERY_TESTS = 200
_tests_since_vacuum = 0


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    yield  # the test's transaction is rolled back (its fixtures are torn down) first
    global _tests_since_vacuum
    if nextitem is None or "_django_db_helper" not in getattr(item, "fixturenames", ()):
        return  # the last test: the test database is being dropped
    _tests_since_vacuum += 1
    if _tests_since_vacuum < VACUUM_EVERY_TESTS:
        return
    from django.db import connection
    from pytest_django.plugin import blocking_manager_key

    _tests_since_vacuum = 0
    if connection.vendor != "postgresql":
        return
    with item.config.stash[blocking_manager_key].unblock():
        if not connection.in_atomic_block:
            with connection.cursor() as cursor:
                cursor.execute("VACUUM")
