"""The compiled queries as server-side prepared statements on PostgreSQL (common/postgresql/base.py
`fetch_prepared`, common/prepared.py `fetch`; issue 14): planned once per connection, several in one
round trip, one entry in the query log, errors as Django's, and nothing prepared when turned off."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from farewell.common.prepared import Prepared, fetch, run_together
from farewell.org.models import Employee, WageMonth

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements")


def prepared_statements() -> list[str]:
    """The statements prepared on this connection (PostgreSQL's view of the session)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [statement for (statement,) in cursor.fetchall()]


def test_a_compiled_query_is_prepared_once_and_run_with_new_values(world):
    WageMonth.objects.create(employee=world.lisi, month=dt.date(2025, 1, 1), base=1, total=Decimal("10.50"))
    wages = Prepared(lambda pk: WageMonth.objects.filter(employee_id=pk).values_list("month", "total"))
    assert wages(world.lisi.pk) == [(dt.date(2025, 1, 1), Decimal("10.50"))]
    assert wages(world.boss.pk) == []
    ours = [s for s in prepared_statements() if "org_wagemonth" in s]
    assert len(ours) == 1 and "$1" in ours[0]  # one statement, the value a parameter


def test_pages_of_a_list_share_one_statement(world):
    people = Prepared(lambda company: Employee.objects.filter(company_id=company).order_by("pk").values_list(
        "pk", flat=True), paged=True)
    everyone = list(Employee.objects.filter(company_id=world.company.pk).order_by("pk").values_list("pk", flat=True))
    pages = [people(world.company.pk, limit=2, offset=offset) for offset in (0, 2, 4)]
    assert [pk for page in pages for pk in page] == everyone[:6]
    ours = [s for s in prepared_statements() if "org_employee" in s and "LIMIT" in s]
    # The first page has no OFFSET (as Django writes it); every later page is the same statement.
    assert sorted(s.rsplit("LIMIT", 1)[1].strip() for s in ours) == ["$2", "$2 OFFSET $3"]


def test_several_statements_are_one_round_trip_and_one_logged_query_with_their_values(world):
    names = Prepared(lambda pk: Employee.objects.filter(pk=pk).values_list("name", flat=True))
    with CaptureQueriesContext(connection) as queries:
        got = run_together((names, (world.lisi.pk,)), (names, (world.boss.pk,)))
    assert got == [[world.lisi.name], [world.boss.name]]
    (logged,) = queries.captured_queries
    assert logged["sql"].count(";\n") == 1 and f"= {world.lisi.pk}" in logged["sql"]


def test_an_error_is_djangos_and_the_transaction_can_go_on(world):
    with pytest.raises(DatabaseError):
        with transaction.atomic():
            fetch(connection, [("SELECT 1", []), ("SELECT 1 / %s", [0])])
    assert fetch(connection, [("SELECT %s::int + 1", [1])]) == [[(2,)]]


def test_turned_off_nothing_is_prepared_and_the_rows_are_the_same(world, settings):
    settings.DB_PREPARED_STATEMENTS = False
    names = Prepared(lambda pk: Employee.objects.filter(pk=pk).values_list("name", flat=True))
    for _ in range(3):
        assert run_together((names, (world.lisi.pk,)), (names, (world.boss.pk,))) == [
            [world.lisi.name], [world.boss.name]]
    assert not [s for s in prepared_statements() if "org_employee" in s]


def test_cursors_are_kept_for_the_connection_and_not_for_the_next(world):
    names = Prepared(lambda pk: Employee.objects.filter(pk=pk).values_list("name", flat=True))
    names(world.lisi.pk)
    connection.ensure_connection()
    first = connection._server_cursors(connection.connection, 2)
    assert run_together((names, (world.lisi.pk,)), (names, (world.boss.pk,))) == [[world.lisi.name], [world.boss.name]]
    assert connection._server_cursors(connection.connection, 2) == first  # the same two, their rows read
    other = connection.get_new_connection(connection.get_connection_params())
    try:
        assert not set(map(id, connection._server_cursors(other, 2))) & set(map(id, first))
    finally:
        other.close()


def test_the_orms_own_queries_are_neither_prepared_nor_counted(world):
    """Django's queries carry their values in their text: psycopg counting them (a threshold on the
    connection) would keep that text, names and session data included, for the connection's life."""
    names = Prepared(lambda pk: Employee.objects.filter(pk=pk).values_list("name", flat=True))
    for _ in range(8):
        names(world.lisi.pk)
        list(Employee.objects.filter(name="张三-not-kept").values_list("pk", flat=True))
    assert connection.connection.prepare_threshold is None  # outside fetch_prepared
    assert not [s for s in prepared_statements() if "张三-not-kept" in s]
    assert [s for s in prepared_statements() if "org_employee" in s and "$1" in s]  # ours still are


@pytest.fixture
def scratch_table():
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE farewell_prepared_scratch (name varchar(10))")
        cursor.execute("INSERT INTO farewell_prepared_scratch VALUES ('甲'), ('乙')")
    yield "farewell_prepared_scratch"
    connection.close()
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS farewell_prepared_scratch")


def alter_elsewhere(sql: str) -> None:
    """`sql` run by another connection, as a migration run by another process would."""
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute(sql)
    finally:
        other.close()


# Outside a transaction, as a request runs (serialized_rollback: the flush after a transactional test would drop
# the rows migrations seeded, see tests/conftest.py).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_column_changed_by_another_process_does_not_break_the_connection(scratch_table):
    """A prepared statement's result type is fixed: after another process changes a column it reads,
    PostgreSQL refuses to run it ("cached plan must not change result type") while Django still finds the
    connection usable. The statements are deallocated and run again, prepared anew."""
    query = [("SELECT name FROM farewell_prepared_scratch WHERE name <> %s ORDER BY name", [""])]
    assert fetch(connection, query) == [[("乙",), ("甲",)]]
    alter_elsewhere("ALTER TABLE farewell_prepared_scratch ALTER COLUMN name TYPE varchar(20)")
    assert fetch(connection, query) == [[("乙",), ("甲",)]]
    assert [s for s in prepared_statements() if "farewell_prepared_scratch" in s]  # prepared again
    alter_elsewhere("ALTER TABLE farewell_prepared_scratch ALTER COLUMN name TYPE text")
    with pytest.raises(DatabaseError):  # inside a transaction: raised; its rollback drops the statements
        with transaction.atomic():
            fetch(connection, query)
    assert fetch(connection, query) == [[("乙",), ("甲",)]]


def test_a_statement_with_an_array_parameter_is_planned_for_its_values_every_time(world):
    """After five runs PostgreSQL may keep a prepared statement's generic plan, blind to how many ids an
    array parameter holds: an HRBP's list (a 631-unit subtree as `ANY(%s::bigint[])`) took ~100 ms of
    PostgreSQL per view on it against ~9 ms planned for its values. Such a statement is not prepared."""
    ids = f"{{{world.lisi.pk},{world.boss.pk}}}"
    query = [("SELECT name FROM org_employee WHERE id = ANY(%s::bigint[]) ORDER BY name", [ids])]
    for _ in range(7):
        assert fetch(connection, query) == [[(n,) for n in sorted([world.lisi.name, world.boss.name])]]
    assert not [s for s in prepared_statements() if "ANY($1::bigint[])" in s]
    plain = [("SELECT name FROM org_employee WHERE id = %s", [world.lisi.pk])]
    fetch(connection, plain)
    assert [s for s in prepared_statements() if "WHERE id = $1" in s]
