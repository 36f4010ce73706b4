"""The people imports at scale: a fixed number of queries whatever the file's length (set-based
writes, no statement per row), and parse_row's memory of parsed cells changing no result."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import connection

from farewell.common.identifiers import id_number
from farewell.ledger.models import LedgerEntry
from farewell.org.models import Contract, Employee
from farewell.records import importers
from farewell.records.importers import SPECS, ImportContext, import_file, parse_row
from tests.factories import make_company

UNITS = [["部门路径", "部门编码"], ["总部", "HQ"], ["总部/研发部", "RND"]]
TEAM = 10  # one manager, new in the same file, per ten people


def _queries(sqlite: int, postgresql: int) -> int:
    """The bound, 50 or 500 people alike. PostgreSQL's set-based writes take a few more statements
    (a temporary table created, filled by COPY, joined, dropped) — and no more as the file grows."""
    return postgresql if connection.vendor == "postgresql" else sqlite


EMPLOYEE_QUERIES = _queries(14, 20)
RE_IMPORT_QUERIES = _queries(18, 27)  # + the job history: the positions read once, one bulk insert
CONTRACT_QUERIES = _queries(12, 18)
RESEQUENCE_QUERIES = _queries(13, 22)


@pytest.fixture
def company(db, files):
    company = make_company(name="规模测试公司")
    assert import_file("org_units", files.csv(UNITS, "units.csv"), company=company).ok
    assert import_file("positions", files.csv([["岗位名称"], ["工程师"]], "pos.csv"), company=company).ok
    return company


def _number(i: int) -> str:
    return f"S{i:05d}"


def _people(n: int, *, name: str = "员工", manager_of=lambda i: _number(i - i % TEAM)):
    rows = [["工号", "姓名", "身份证号", "银行账号", "手机", "入职日期", "部门", "直接上级工号", "岗位"]]
    for i in range(n):
        birth = dt.date(1980, 1, 1) + dt.timedelta(days=i)
        manager = manager_of(i)
        rows.append([_number(i), f"{name}{i}", id_number("310101", birth, 11), f"6222{i:012d}", f"139{i:08d}",
                     dt.date(2015, 1 + i % 12, 1), "研发部" if i % 2 else "总部", "" if manager == _number(i) else manager,
                     "工程师"])
    return rows


def _contracts(n: int):
    rows = [["工号", "合同类型", "起始日", "终止日", "试用期截止", "签订日"]]
    for i in range(n):
        rows.append([_number(i), "固定期限", "2018-01-01", "2020-12-31", "2018-03-31", "2017-12-20"])
        rows.append([_number(i), "无固定期限", "2021-01-01", "", "", "2020-12-20"])
    return rows


@pytest.mark.parametrize("n", [50, 500])
def test_new_people_with_new_managers_take_the_same_queries_at_any_size(company, files, n,
                                                                       django_assert_max_num_queries):
    path = files.csv(_people(n), "people.csv")
    with django_assert_max_num_queries(EMPLOYEE_QUERIES):
        report = import_file("employees", path, company=company)
    assert report.ok and report.created == n, report.errors[:3]
    managers = dict(Employee.objects.filter(company=company).values_list("employee_number", "manager__employee_number"))
    assert managers[_number(0)] is None and managers[_number(TEAM - 1)] == _number(0)
    assert managers[_number(n - 1)] == _number(n - TEAM)
    last = Employee.objects.get(company=company, employee_number=_number(n - 1))
    assert last.id_number == id_number("310101", dt.date(1980, 1, 1) + dt.timedelta(days=n - 1), 11)
    assert last.bank_account == f"6222{n - 1:012d}" and last.birth_date == dt.date(1980, 1, 1) + dt.timedelta(days=n - 1)


@pytest.mark.parametrize("n", [50, 500])
def test_a_re_import_with_changes_and_new_managers_takes_the_same_queries(company, files, n,
                                                                          django_assert_max_num_queries):
    assert import_file("employees", files.csv(_people(n), "people.csv"), company=company).ok
    # Everyone renamed; each team now reports to a new person who is in the same file.
    rows = _people(n, name="改名", manager_of=lambda i: f"M{i // TEAM:04d}")
    rows += [[f"M{t:04d}", f"经理{t}", "", "", "", "2010-01-01", "总部", "", "工程师"] for t in range(n // TEAM)]
    for row in rows[-(n // TEAM):]:  # new people need a birth date and a gender without an ID number
        row[2] = id_number("110101", dt.date(1970, 1, 1) + dt.timedelta(days=int(row[0][1:])), 13)
    path = files.csv(rows, "again.csv")
    with django_assert_max_num_queries(RE_IMPORT_QUERIES):
        report = import_file("employees", path, company=company)
    assert report.ok and report.updated == n and report.created == n // TEAM, report.errors[:3]
    people = {e.employee_number: e for e in Employee.objects.filter(company=company).select_related("manager")}
    assert people[_number(n - 1)].name == f"改名{n - 1}"
    assert people[_number(n - 1)].manager.employee_number == f"M{(n - 1) // TEAM:04d}"
    assert people[_number(0)].manager.employee_number == "M0000"


@pytest.mark.parametrize("n", [50, 500])
def test_contracts_with_renewals_take_the_same_queries_at_any_size(company, files, n, django_assert_max_num_queries):
    assert import_file("employees", files.csv(_people(n), "people.csv"), company=company).ok
    path = files.csv(_contracts(n), "contracts.csv")
    with django_assert_max_num_queries(CONTRACT_QUERIES):
        report = import_file("contracts", path, company=company)
    assert report.ok and report.created == 2 * n, report.errors[:3]
    contracts = Contract.objects.filter(employee__company=company)
    assert contracts.filter(sequence=1, renewal_of=None).count() == n
    renewals = contracts.filter(sequence=2).select_related("renewal_of")
    assert all(c.renewal_of.employee_id == c.employee_id and c.renewal_of.sequence == 1 for c in renewals)
    assert renewals.count() == n


@pytest.mark.parametrize("n", [50, 500])
def test_an_earlier_contract_and_a_change_re_sequence_in_the_same_queries(company, files, n,
                                                                          django_assert_max_num_queries):
    assert import_file("employees", files.csv(_people(n), "people.csv"), company=company).ok
    assert import_file("contracts", files.csv(_contracts(n), "contracts.csv"), company=company).ok
    rows = [["工号", "合同类型", "起始日", "终止日", "试用期截止", "签订日"]]
    for i in range(n):
        rows.append([_number(i), "固定期限", "2015-01-01", "2017-12-31", "", "2014-12-20"])  # before both
        rows.append([_number(i), "固定期限", "2018-01-01", "2020-12-31", "2018-03-31", "2017-12-20"])  # as it is
    path = files.csv(rows, "earlier.csv")
    with django_assert_max_num_queries(RESEQUENCE_QUERIES):
        report = import_file("contracts", path, company=company)
    assert report.ok and (report.created, report.unchanged) == (n, n), report.errors[:3]
    person = Contract.objects.filter(employee__employee_number=_number(n - 1), employee__company=company)
    first, second, third = person.order_by("sequence")
    assert [c.start_date.year for c in (first, second, third)] == [2015, 2018, 2021]
    assert [c.sequence for c in (first, second, third)] == [1, 2, 3]
    assert first.renewal_of is None and third.renewal_of == second  # the link an earlier import set is kept


def test_changed_contracts_are_written_with_their_old_values_on_the_ledger(company, files):
    """A changed contract is a changed fact: one ledger entry each (so no fixed query bound here)."""
    assert import_file("employees", files.csv(_people(3), "people.csv"), company=company).ok
    assert import_file("contracts", files.csv(_contracts(3), "contracts.csv"), company=company).ok
    rows = [["工号", "合同类型", "起始日", "终止日", "试用期截止", "签订日"]]
    rows += [[_number(i), "固定期限", "2018-01-01", "2020-06-30", "", "2017-12-01"] for i in range(3)]
    rows += [[_number(i), "固定期限", "2020-07-01", "2020-12-31", "", "2020-06-20"] for i in range(3)]
    report = import_file("contracts", files.csv(rows, "changed.csv"), company=company)
    assert report.ok and (report.updated, report.created) == (3, 3), report.errors[:3]
    first = Contract.objects.get(employee__employee_number=_number(2), employee__company=company, sequence=1)
    assert (first.end_date, first.probation_end_date, first.signed_date) == (
        dt.date(2020, 6, 30), None, dt.date(2017, 12, 1))
    _first, between, last = Contract.objects.filter(employee=first.employee).order_by("sequence")
    assert [c.start_date for c in (first, between, last)] == [
        dt.date(2018, 1, 1), dt.date(2020, 7, 1), dt.date(2021, 1, 1)]
    assert between.renewal_of == first
    entries = LedgerEntry.objects.filter(object_type="org.contract", object_id=str(first.pk), event="fact_changed")
    assert json.loads(entries.get().payload)["before"]["end_date"] == "2020-12-31"


def test_a_contract_between_two_renews_the_one_before_it(company, files):
    assert import_file("employees", files.csv(_people(1), "people.csv"), company=company).ok
    rows = [["工号", "合同类型", "起始日", "终止日"], [_number(0), "固定期限", "2015-01-01", "2017-12-31"],
            [_number(0), "无固定期限", "2021-01-01", ""]]
    assert import_file("contracts", files.csv(rows, "a.csv"), company=company).ok
    between = [["工号", "合同类型", "起始日", "终止日"], [_number(0), "固定期限", "2018-01-01", "2020-12-31"]]
    assert import_file("contracts", files.csv(between, "b.csv"), company=company).created == 1
    first, second, third = Contract.objects.filter(employee__company=company).order_by("sequence")
    assert [c.start_date.year for c in (first, second, third)] == [2015, 2018, 2021]
    assert second.renewal_of == first and first.renewal_of is None


# ---------------------------------------------------------------------------------------------
# parse_row's memory of parsed cells


def _context(spec):
    return ImportContext(Employee.objects.none(), {c.field for c in spec.columns})


CONTRACT_ROWS = [
    ["E1", "固定期限", "2020-01-01", "2022-12-31"],
    ["E2", "固定期限", "2020-01-01", "不是日期"],
    ["E3", "劳务", "2020/1/1", "2022-12-31"],
    ["E4", "固定期限", "2020-01-01", "不是日期"],  # the same bad cell: its own row number again
    ["E5", "无固定期限", 43831, ""],  # an Excel serial (2020-01-01)
    ["E6", "固定期限", 43831.0, "2019-01-01"],  # the row rule still runs on remembered cells
]


def _parse_contracts(context_for_each_row):
    spec = SPECS["contracts"]
    mapped = [(spec.column(f), i) for i, f in enumerate(("employee", "kind", "start_date", "end_date"))]
    return [parse_row(spec, mapped, context_for_each_row(), number, cells)
            for number, cells in enumerate(CONTRACT_ROWS, start=2)]


def test_remembered_cells_give_the_same_values_and_errors_with_their_own_rows(db):
    spec = SPECS["contracts"]
    shared = _context(spec)
    remembered = _parse_contracts(lambda: shared)
    fresh = _parse_contracts(lambda: _context(spec))
    assert remembered == fresh
    assert remembered[1].errors == ["第 3 行 · 终止日：“不是日期” 不是有效日期（例如 2025-03-31）"]
    assert remembered[3].errors == ["第 5 行 · 终止日：“不是日期” 不是有效日期（例如 2025-03-31）"]
    assert remembered[2].errors[0].startswith("第 4 行 · 合同类型：“劳务” 不是可选值")
    assert remembered[4].values["start_date"] == dt.date(2020, 1, 1)
    assert remembered[5].errors == ["第 7 行 · 终止日：2019-01-01 早于起始日 2020-01-01"]
    assert shared.parsed_cells["start_date"]["2020-01-01"] == (True, dt.date(2020, 1, 1))


def test_remembered_cells_keep_the_raw_type_apart(db):
    """True == 1 == 1.0 in Python: a remembered 1 must not answer for True (not a number)."""
    spec = SPECS["reviews"]
    mapped = [(spec.column("employee"), 0), (spec.column("period_start"), 1), (spec.column("score"), 2)]
    context = _context(spec)
    one = parse_row(spec, mapped, context, 2, ["E1", "2025-03", 1])
    true = parse_row(spec, mapped, context, 3, ["E1", "2025-03", True])
    number = parse_row(spec, mapped, context, 4, [1001.0, "2025-03", "1"])
    assert one.errors == [] and one.values["score"] == 1
    assert true.errors == ["第 3 行 · 分数：“True” 不是数字"]
    assert number.values["employee"] == "1001"


def test_the_memory_stops_growing_at_its_limit_and_still_parses(db, monkeypatch):
    monkeypatch.setattr(importers, "PARSED_CELLS_LIMIT", 3)
    spec = SPECS["contracts"]
    context = _context(spec)
    mapped = [(spec.column("employee"), 0), (spec.column("kind"), 1), (spec.column("start_date"), 2)]
    rows = [parse_row(spec, mapped, context, n, [f"E{n}", "固定期限", f"2020-01-{n:02d}"]) for n in range(2, 12)]
    assert [r.values["start_date"].day for r in rows] == list(range(2, 12))
    assert len(context.parsed_cells["start_date"]) == 3 and len(context.parsed_cells["kind"]) == 1


def test_a_contract_written_meanwhile_with_the_same_sequence_is_reported_and_nothing_is_written(
        company, files, monkeypatch):
    """The plain INSERT (a COPY on PostgreSQL) collides on (employee, sequence): a conflict the user
    can re-import after, not a crash."""
    from farewell.records.people import terms

    assert import_file("employees", files.csv(_people(2), "people.csv"), company=company).ok
    person = Employee.objects.get(company=company, employee_number=_number(1))

    class Meanwhile(terms.Upsert):
        def write(self, rows):
            Contract.objects.create(employee=person, kind="open_ended", sequence=1, start_date=dt.date(2010, 1, 1))
            super().write(rows)

    monkeypatch.setattr(terms, "Upsert", Meanwhile)
    report = import_file("contracts", files.csv(_contracts(2), "contracts.csv"), company=company)
    assert report.errors == [str(importers.CONCURRENT_WRITE)] and not report.committed
    assert not Contract.objects.exists()


def test_someone_whose_only_change_is_a_new_manager_is_counted_updated(company, files):
    """The new manager's id exists only once the new people are in (or, on PostgreSQL, taken from
    the sequence up front): a change all the same, on both databases."""
    assert import_file("employees", files.csv(_people(3), "people.csv"), company=company).ok
    rows = [["工号", "姓名", "身份证号", "入职日期", "部门", "直接上级工号"],
            ["N001", "新经理", id_number("110101", dt.date(1975, 5, 5), 13), "2012-01-01", "总部", ""],
            [_number(2), "", "", "", "", "N001"]]
    report = import_file("employees", files.csv(rows, "manager.csv"), company=company)
    assert report.ok and (report.created, report.updated, report.unchanged) == (1, 1, 0), report.errors
    person = Employee.objects.get(company=company, employee_number=_number(2))
    assert person.manager.employee_number == "N001" and person.name == "员工2"  # blanks keep the rest


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ids from the sequence, a plain COPY: PostgreSQL")
def test_a_person_added_meanwhile_with_the_same_number_is_reported_and_nothing_is_written(
        company, files, monkeypatch):
    from farewell.records.people import employees

    class Meanwhile(employees.Upsert):
        def write(self, rows):
            Employee.objects.create(company=company, employee_number=_number(1), name="别人",
                                    hire_date=dt.date(2020, 1, 1), birth_date=dt.date(1990, 1, 1))
            super().write(rows)

    monkeypatch.setattr(employees, "Upsert", Meanwhile)
    report = import_file("employees", files.csv(_people(3), "people.csv"), company=company)
    assert report.errors == [str(importers.CONCURRENT_WRITE)] and not report.committed
    assert not Employee.objects.filter(company=company).exists()


def test_past_the_in_list_size_the_company_is_read_at_once_and_only_its_people_match(company, files, monkeypatch):
    from farewell.records.people import terms

    other = make_company(name="另一家公司")
    assert import_file("org_units", files.csv(UNITS, "units2.csv"), company=other).ok
    assert import_file("positions", files.csv([["岗位名称"], ["工程师"]], "pos2.csv"), company=other).ok
    assert import_file("employees", files.csv(_people(3), "theirs.csv"), company=other).ok
    assert import_file("contracts", files.csv(_contracts(3), "theirs_c.csv"), company=other).ok
    assert import_file("employees", files.csv(_people(10), "ours.csv"), company=company).ok
    monkeypatch.setattr(terms, "IN_LIST", 3)
    rows = _contracts(10) + [["X999", "固定期限", "2018-01-01", "2020-12-31", "", ""]]
    report = import_file("contracts", files.csv(rows, "bad.csv"), company=company)
    assert report.errors == ["第 22 行 · 工号：工号不存在或不在您的权限范围内"]
    report = import_file("contracts", files.csv(_contracts(10), "ours_c.csv"), company=company)
    assert report.ok and report.created == 20, report.errors[:3]
    assert import_file("contracts", files.csv(_contracts(10), "again.csv"), company=company).unchanged == 20
    ours = Contract.objects.filter(employee__company=company, sequence=2).select_related("renewal_of")
    assert ours.count() == 10 and all(c.renewal_of.employee_id == c.employee_id for c in ours)
    assert Contract.objects.filter(employee__company=other).count() == 6
