"""Imports of the people facts an employer starts from: org units, positions, employees,
contracts, monthly wages and protected-status periods — in the one importer framework
(importers.py: the same parsers, upload → mapping → confirm flow, all-or-nothing transaction,
row-and-field errors, ledger entry per import, `farewell import KIND FILE`).

What differs from the signal records is how rows become database rows, so each kind brings its
own runner (`ImportSpec.runner`):

- org units: a tree by path (总部/销售部/华东区) or by parent code, parents before children
  whatever the row order; a changed parent moves the unit with its subtree;
- employees: keyed by 工号 within the company; the whole file is read first so that a manager may
  be a later row, manager cycles are found, and the unit may be a path, a code or a unique name;
  ID numbers are checked (GB 11643), encrypted, and indexed (blind index) here, since the upsert
  builds no model instance;
- contracts: keyed by (工号, 起始日); sequence numbers and renewal links follow the dates;
  overlapping contracts are refused;
- wages: the employee-keyed upsert of importers.py, with the total computed when blank;
- protected periods: the kind is encrypted (health data), so rows are matched in Python.

For the facts the law engine reads, a changed value's old value goes to the ledger first (event
"fact_changed"), and the cases of those employees re-run the engine once the import commits
(org.signals). A re-import never deletes: a person left out of the file is left as they are.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from farewell.common.fields import blind_index, encrypt_text
from farewell.common.identifiers import is_valid_id_number
from farewell.org.models import (
    Contract,
    ContractKind,
    Employee,
    EmployeeStatus,
    EmploymentType,
    Gender,
    OrgUnit,
    Position,
    RetirementCategory,
    StatusKind,
    StatusPeriod,
    WageMonth,
)
from farewell.org.services import id_number_birth_date

from .importers import (
    EMPLOYEE,
    EMPLOYEE_NOT_FOUND,
    CellError,
    Column,
    ImportSpec,
    Upsert,
    _row_error,
    _show,
    boolean,
    choice,
    date,
    decimal,
    integer,
    parse_row,
    register,
    text,
)

PEOPLE = gettext_lazy("人员与组织")
PATH_SEPARATORS = re.compile(r"\s*[/／>＞\\]\s*")
SEGMENT_WIDTH = 4  # OrgUnit.path segments: "0001.0004."
# Facts the law engine reads from an employee (DESIGN: from the records to the law engine):
# a change puts the old value on the ledger first.
EMPLOYEE_LAW_FACTS = ("hire_date", "first_work_date", "employment_type", "birth_date", "gender",
                      "retirement_category", "separation_date")


def _report_rows(report, rows) -> None:
    for row in rows:
        report.add_errors(row.errors)


def _read_all(spec, table, mapped, context, report, progress):
    """Every row through the cell parsers (the people files are small enough to hold)."""
    rows = []
    if progress:
        progress(0, table.estimated_rows)
    for chunk in table.chunks(spec.chunk_size):
        for number, cells in chunk:
            row = parse_row(spec, mapped, context, number, cells)
            if row is not None:
                report.total += 1
                rows.append(row)
        if progress:
            progress(report.total, table.estimated_rows)
    return rows


def _fact_changed(model, pk, number, before: dict, after: dict, context) -> None:
    from farewell.ledger.services import record

    record(model._meta.label_lower, pk, {
        "import_job": str(context.job_code or ""), "row": number, "before": before, "after": after,
        "actor": context.user.get_username() if context.user is not None else "",
    }, actor=context.user, event="fact_changed")


def _split_path(value: str) -> tuple[str, ...]:
    return tuple(part for part in PATH_SEPARATORS.split(value.strip()) if part)


# ---------------------------------------------------------------------------------------------
# Org units


class _Tree:
    """The company's units as the import sees them: by code, by name path, children's segments."""

    def __init__(self, company):
        self.company = company
        units = list(OrgUnit.objects.filter(company=company).order_by("path"))
        self.by_pk = {u.pk: u for u in units}
        self.by_code = {u.code: u for u in units}
        self.names: dict[int, tuple[str, ...]] = {}
        for unit in units:  # ordered by path: a parent comes before its children
            parent = self.names.get(unit.parent_id, ())
            self.names[unit.pk] = (*parent, unit.name)
        self.by_names = {names: self.by_pk[pk] for pk, names in self.names.items()}
        self.by_name: dict[str, list[OrgUnit]] = defaultdict(list)
        for unit in units:
            self.by_name[unit.name].append(unit)

    def path_text(self, unit: OrgUnit) -> str:
        return "/".join(self.names.get(unit.pk, (unit.name,)))

    def find(self, value: str) -> tuple[OrgUnit | None, str | None]:
        """A unit by code, by path (总部/销售部) or by a name only one unit has; else the problem."""
        value = value.strip()
        if value in self.by_code:
            return self.by_code[value], None
        names = _split_path(value)
        if len(names) > 1:
            unit = self.by_names.get(names)
            return (unit, None) if unit else (None, _("部门路径“%(v)s”不存在") % {"v": _show(value)})
        found = self.by_name.get(value, [])
        if len(found) == 1:
            return found[0], None
        if len(found) > 1:
            return None, _("部门名称“%(v)s”不唯一（%(paths)s），请填部门路径或编码") % {
                "v": _show(value), "paths": "、".join(self.path_text(u) for u in found[:3])}
        return None, _("部门“%(v)s”不存在") % {"v": _show(value)}


def _next_segments(company) -> tuple[dict[int | None, int], int]:
    """The highest segment number in use under each parent (None: the roots of all companies —
    root paths stay unique across companies)."""
    used: dict[int | None, int] = {}
    for parent_id, path in OrgUnit.objects.filter(company=company, parent__isnull=False).values_list(
            "parent_id", "path"):
        segment = path.rstrip(".").rsplit(".", 1)[-1]
        if segment.isdigit():
            used[parent_id] = max(used.get(parent_id, 0), int(segment))
    roots = OrgUnit.objects.filter(parent__isnull=True).values_list("path", flat=True)
    top = max((int(p.split(".")[0]) for p in roots if p.split(".")[0].isdigit()), default=0)
    return used, top


def _unit_code_gen(tree: _Tree):
    taken = set(tree.by_code)
    n = 0
    while True:
        n += 1
        code = f"U{n:05d}"
        if code not in taken:
            taken.add(code)
            yield code


def _unit_rules(values: dict, errors: list[str], number: int, context) -> None:
    if not values.get("path") and not values.get("name"):
        errors.append(_row_error(number, "部门路径", _("部门路径和部门名称至少填一项")))


def import_units(spec, table, mapped, context, report, job_id, progress, chunk_size) -> None:
    rows = _read_all(spec, table, mapped, context, report, progress)
    bad = [r for r in rows if r.errors]
    if bad:
        _report_rows(report, bad)
        return
    company = context.company
    tree = _Tree(company)
    codes = _unit_code_gen(tree)
    employees = dict(Employee.objects.filter(company=company).values_list("employee_number", "pk"))

    # Each row's own identity: (names path or None, code or None); duplicates refused.
    seen_codes: dict[str, int] = {}
    seen_paths: dict[tuple, int] = {}
    planned = []
    for row in rows:
        v = row.values
        names = _split_path(v["path"]) if v.get("path") else None
        name = names[-1] if names else v["name"]
        if names and v.get("name") and v["name"] != name:
            report.add_errors([_row_error(row.number, spec.column("name").header,
                                          _("与部门路径的末级“%(v)s”不一致") % {"v": name})])
            continue
        code = v.get("code") or None
        if code and code in seen_codes:
            report.add_errors([_row_error(row.number, spec.column("code").header,
                                          _("与第 %(row)s 行重复") % {"row": seen_codes[code]})])
            continue
        if names and names in seen_paths:
            report.add_errors([_row_error(row.number, spec.column("path").header,
                                          _("与第 %(row)s 行重复") % {"row": seen_paths[names]})])
            continue
        if code:
            seen_codes[code] = row.number
        if names:
            seen_paths[names] = row.number
        if not names and not code:
            report.add_errors([_row_error(row.number, spec.column("code").header, _("无部门路径时必填部门编码"))])
            continue
        head = None
        if v.get("head"):
            head = employees.get(v["head"])
            if head is None:
                report.add_errors([_row_error(row.number, spec.column("head").header,
                                              _("工号“%(v)s”不存在") % {"v": _show(v["head"])})])
                continue
        planned.append({"row": row.number, "names": names, "name": name, "code": code,
                        "parent_code": v.get("parent") or None, "head": head,
                        "head_given": "head" in context.mapped})
    if report.errors:
        return

    # Resolve parents in passes: a row whose parent is known (in the database or an earlier pass)
    # is placed; the rest wait for the next pass. What never resolves names its missing parent.
    file_by_code = {p["code"]: p for p in planned if p["code"]}
    file_by_names = {p["names"]: p for p in planned if p["names"]}
    used, top = _next_segments(company)
    state = {"top": top}
    pending = planned
    placed_units: dict[int, OrgUnit] = {}  # id(plan) → unit (existing or new)

    def parent_of(p) -> tuple[bool, OrgUnit | None, str | None]:
        """(known, parent unit or None for a root, problem)."""
        if p["parent_code"]:
            plan = file_by_code.get(p["parent_code"])
            if plan is not None:
                unit = placed_units.get(id(plan))
                return (unit is not None), unit, None
            unit = tree.by_code.get(p["parent_code"])
            if unit is None:
                return True, None, _("上级部门编码“%(v)s”不存在") % {"v": _show(p["parent_code"])}
            return True, unit, None
        if p["names"] and len(p["names"]) > 1:
            parent_names = p["names"][:-1]
            plan = file_by_names.get(parent_names)
            if plan is not None:
                unit = placed_units.get(id(plan))
                return (unit is not None), unit, None
            unit = tree.by_names.get(parent_names)
            if unit is None:
                return True, None, _("上级部门“%(v)s”不存在（请在文件中列出或先导入）") % {
                    "v": "/".join(parent_names)}
            return True, unit, None
        return True, None, None  # a root

    while pending:
        progressed, waiting = False, []
        for p in pending:
            known, parent, problem = parent_of(p)
            if problem:
                column = "parent" if p["parent_code"] else "path"
                report.add_errors([_row_error(p["row"], spec.column(column).header, problem)])
                progressed = True
                continue
            if not known:
                waiting.append(p)
                continue
            progressed = True
            _place_unit(p, parent, tree, codes, used, report, placed_units, state, context)
        if not progressed:
            for p in waiting:
                column = "parent" if p["parent_code"] else "path"
                report.add_errors([_row_error(p["row"], spec.column(column).header,
                                              _("上级部门构成循环或不存在"))])
            break
        pending = waiting


def _new_path(parent, used, state) -> str:
    if parent is None:
        state["top"] += 1
        return f"{state['top']:0{SEGMENT_WIDTH}d}."
    used[parent.pk] = used.get(parent.pk, 0) + 1
    return f"{parent.path}{used[parent.pk]:0{SEGMENT_WIDTH}d}."


def _place_unit(p, parent, tree, codes, used, report, placed_units, state, context) -> None:
    company = tree.company
    existing = tree.by_code.get(p["code"]) if p["code"] else tree.by_names.get(p["names"])
    if existing is None:
        path = _new_path(parent, used, state)
        unit = OrgUnit.objects.create(
            company=company, parent=parent, name=p["name"], code=p["code"] or next(codes), path=path,
            depth=path.count(".") - 1, head_id=p["head"],
        )
        tree.by_code[unit.code] = unit
        tree.by_pk[unit.pk] = unit
        tree.names[unit.pk] = (*(tree.names[parent.pk] if parent else ()), unit.name)
        tree.by_names[tree.names[unit.pk]] = unit
        report.created += 1
        placed_units[id(p)] = unit
        return
    placed_units[id(p)] = existing
    changed = []
    if existing.name != p["name"]:
        existing.name = p["name"]
        changed.append("name")
    if p["head_given"] and existing.head_id != p["head"]:
        existing.head_id = p["head"]
        changed.append("head")
    parent_given = bool(p["parent_code"]) or bool(p["names"])
    if parent_given and existing.parent_id != (parent.pk if parent else None):
        if parent is not None and parent.path.startswith(existing.path):
            report.add_errors([_row_error(p["row"], "上级部门", _("不能把部门移到它自己的下级部门之下"))])
            return
        # The org service moves the subtree (set-based re-path, ledger entry "unit_moved").
        from farewell.org.services import move_unit

        moved = move_unit(existing, parent, acting_user=context.user)
        existing.path, existing.parent_id, existing.depth = moved.path, moved.parent_id, moved.depth
        segment = int(moved.path.rstrip(".").rsplit(".", 1)[-1])
        if parent is None:
            state["top"] = max(state["top"], segment)
        else:
            used[parent.pk] = max(used.get(parent.pk, 0), segment)
        changed.append("parent")
    if changed:
        fields = [f for f in changed if f in ("name", "head")]
        if fields:
            existing.save(update_fields=fields)
        report.updated += 1
    else:
        report.unchanged += 1


def export_units(user, company_ids) -> Any:
    units = list(OrgUnit.objects.filter(company_id__in=company_ids).select_related("head", "parent")
                 .order_by("company_id", "path"))
    names: dict[int, tuple[str, ...]] = {}
    for unit in units:
        names[unit.pk] = (*names.get(unit.parent_id, ()), unit.name)
    for unit in units:
        yield ["/".join(names[unit.pk]), unit.name, unit.code, unit.parent.code if unit.parent else "",
               unit.head.employee_number if unit.head else ""]


# ---------------------------------------------------------------------------------------------
# Positions


def _position_rules(values: dict, errors: list[str], number: int, context) -> None:
    low, high = values.get("wage_min"), values.get("wage_max")
    if low is not None and high is not None and low > high:
        errors.append(_row_error(number, "薪档上限", _("不能低于薪档下限 %(v)s") % {"v": low}))


def import_positions(spec, table, mapped, context, report, job_id, progress, chunk_size) -> None:
    rows = _read_all(spec, table, mapped, context, report, progress)
    bad = [r for r in rows if r.errors]
    if bad:
        _report_rows(report, bad)
        return
    company = context.company
    existing = {p.name: p for p in Position.objects.filter(company=company)}
    seen: dict[str, int] = {}
    new, changed = [], []
    fields = [f for f in ("grade", "wage_min", "wage_max") if f in context.mapped]
    for row in rows:
        v = row.values
        first = seen.setdefault(v["name"], row.number)
        if first != row.number:
            report.add_errors([_row_error(row.number, spec.column("name").header,
                                          _("与第 %(row)s 行重复") % {"row": first})])
            continue
        position = existing.get(v["name"])
        if position is None:
            new.append(Position(company=company, name=v["name"], grade=v.get("grade", ""),
                                wage_min=v.get("wage_min"), wage_max=v.get("wage_max")))
            continue
        after = {f: v.get(f, "" if f == "grade" else None) for f in fields}
        if all(getattr(position, f) == after[f] for f in fields):
            report.unchanged += 1
            continue
        for f in fields:
            setattr(position, f, after[f])
        if position.wage_min is not None and position.wage_max is not None and position.wage_min > position.wage_max:
            report.add_errors([_row_error(row.number, "薪档上限", _("不能低于薪档下限 %(v)s") % {"v": position.wage_min})])
            continue
        changed.append(position)
    if report.errors:
        return
    Position.objects.bulk_create(new)
    if changed and fields:
        Position.objects.bulk_update(changed, fields)
    report.created += len(new)
    report.updated += len(changed)


def export_positions(user, company_ids):
    for p in Position.objects.filter(company_id__in=company_ids).order_by("company_id", "name"):
        yield [p.name, p.grade, _number(p.wage_min), _number(p.wage_max)]


def _number(value):
    if value is None:
        return ""
    value = value.normalize()
    return int(value) if value == value.to_integral() else float(value)


# ---------------------------------------------------------------------------------------------
# Employees


def _id_number(raw: Any) -> str:
    value = text(18, narrow=True)(raw).upper().replace(" ", "")
    if not is_valid_id_number(value):
        if len(value) != 18:
            raise CellError(_("“%(v)s” 应为 18 位身份证号") % {"v": _show(raw)})
        raise CellError(_("“%(v)s” 校验位不正确（GB 11643）") % {"v": _show(raw)})
    return value


def _phone(raw: Any) -> str:
    value = re.sub(r"[\s-]", "", text(20, narrow=True)(raw))
    if not re.fullmatch(r"\+?\d{5,15}", value):
        raise CellError(_("“%(v)s” 不是电话号码") % {"v": _show(raw)})
    return value


def _email(raw: Any) -> str:
    value = text(254, narrow=True)(raw)
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
        raise CellError(_("“%(v)s” 不是邮箱地址") % {"v": _show(raw)})
    return value


def _bank_account(raw: Any) -> str:
    value = re.sub(r"\s", "", text(40, narrow=True)(raw))
    if not value.isdigit():
        raise CellError(_("“%(v)s” 应只含数字") % {"v": _show(raw)})
    return value


def _employee_rules(values: dict, errors: list[str], number: int, context) -> None:
    id_number = values.get("id_number")
    if id_number:
        born = id_number_birth_date(id_number)
        if born is None:
            errors.append(_row_error(number, "身份证号", _("出生日期部分不是有效日期")))
        elif values.get("birth_date") is None:
            values["birth_date"] = born  # the ID number carries the birth date and the gender
        if values.get("gender") is None and "gender" not in context.mapped:
            values["gender"] = Gender.MALE if int(id_number[16]) % 2 else Gender.FEMALE
    hire, separation = values.get("hire_date"), values.get("separation_date")
    if hire and separation and hire > separation:
        errors.append(_row_error(number, "离职日期", _("早于入职日期 %(d)s") % {"d": hire.isoformat()}))
    birth = values.get("birth_date")
    if birth and hire and birth >= hire:
        errors.append(_row_error(number, "出生日期", _("不早于入职日期 %(d)s") % {"d": hire.isoformat()}))
    first = values.get("first_work_date")
    if first and hire and first > hire:
        errors.append(_row_error(number, "参加工作日期", _("晚于入职日期 %(d)s") % {"d": hire.isoformat()}))
    today = context.today or dt.date.today()
    if hire and hire > today + dt.timedelta(days=366):
        errors.append(_row_error(number, "入职日期", _("在一年以后")))


# A new person needs these; for someone already there a blank cell keeps the old value (as it
# does for the encrypted numbers and the fields with a default), other blank cells clear.
NEW_EMPLOYEE_REQUIRED = ("name", "gender", "birth_date", "hire_date", "org_unit")
KEEP_WHEN_BLANK = (*NEW_EMPLOYEE_REQUIRED, "id_number", "bank_account", "employment_type", "status", "union_member")
EMPLOYEE_FIELDS = ("employee_number", "name", "gender", "birth_date", "id_number", "bank_account", "phone", "email",
                   "first_work_date", "hire_date", "org_unit", "manager", "position", "employment_type", "status",
                   "union_member", "retirement_category", "separation_date")
ENCRYPTED = ("id_number", "bank_account")
DERIVED_FROM_ID = ("birth_date", "gender")


def import_employees(spec, table, mapped, context, report, job_id, progress, chunk_size) -> None:
    rows = _read_all(spec, table, mapped, context, report, progress)
    company = context.company
    tree = _Tree(company)
    positions = dict(Position.objects.filter(company=company).values_list("name", "pk"))
    from farewell.accounts import policy

    scope = None if context.user is None else policy.unit_scope(context.user, "records.import", company.pk)
    writable = set(context.employees.values_list("employee_number", flat=True)) if scope is not None else None

    existing_pk = dict(Employee.objects.filter(company=company).values_list("employee_number", "pk"))
    mapped_fields = [c.field for c, _i in mapped]
    seen: dict[str, int] = {}
    good = []
    for row in rows:
        if row.errors:
            report.add_errors(row.errors)
            continue
        v = dict(row.values)
        number = v["employee_number"]
        errors = []
        first = seen.setdefault(number, row.number)
        if first != row.number:
            report.add_errors([_row_error(row.number, "工号", _("与第 %(row)s 行重复") % {"row": first})])
            continue
        if "org_unit" in v:
            unit, problem = tree.find(v["org_unit"])
            if problem:
                errors.append(_row_error(row.number, spec.column("org_unit").header, problem))
            else:
                v["org_unit"] = unit
                if scope is not None and not any(unit.path.startswith(p) for p in scope):
                    errors.append(_row_error(row.number, spec.column("org_unit").header,
                                             _("“%(v)s”不在您的权限范围内") % {"v": tree.path_text(unit)}))
        if "position" in v:
            pk = positions.get(v["position"])
            if pk is None:
                errors.append(_row_error(row.number, spec.column("position").header,
                                         _("岗位“%(v)s”不存在（先导入岗位或在 设置 › 岗位 中添加）") % {
                                             "v": _show(v["position"])}))
            v["position"] = pk
        if number in existing_pk and writable is not None and number not in writable:
            errors.append(_row_error(row.number, "工号", str(EMPLOYEE_NOT_FOUND)))
        if number not in existing_pk:
            for field in NEW_EMPLOYEE_REQUIRED:
                if not v.get(field) and not (field == "org_unit" and errors):
                    errors.append(_row_error(row.number, spec.column(field).header, _("新员工必填")))
        born = id_number_birth_date(v["id_number"]) if v.get("id_number") else None
        if born and v.get("birth_date") and born != v["birth_date"]:
            report.warn(_row_error(row.number, spec.column("birth_date").header, _(
                "%(birth)s 与身份证号中的出生日期 %(id)s 不一致") % {"birth": v["birth_date"].isoformat(),
                                                       "id": born.isoformat()}))
        if v.get("manager") == number:
            errors.append(_row_error(row.number, spec.column("manager").header, _("不能是本人")))
        if errors:
            report.add_errors(errors)
            continue
        good.append((row.number, v))
    if report.errors:
        return

    # Managers: a 工号 in the file or already in the company; no cycles in the resulting chart.
    file_numbers = {v["employee_number"] for _n, v in good}
    chart = dict(Employee.objects.filter(company=company, manager__isnull=False)
                 .values_list("employee_number", "manager__employee_number"))
    for number, v in good:
        if "manager" in v:
            if v["manager"] not in file_numbers and v["manager"] not in existing_pk:
                report.add_errors([_row_error(number, spec.column("manager").header,
                                              _("工号“%(v)s”不存在") % {"v": _show(v["manager"])})])
                continue
            chart[v["employee_number"]] = v["manager"]
        elif "manager" in context.mapped:
            chart.pop(v["employee_number"], None)  # a blank manager cell clears the manager
    if report.errors:
        return
    rows_by_number = {v["employee_number"]: n for n, v in good}
    for number in file_numbers:
        walked, current = [number], chart.get(number)
        while current is not None and current not in walked and len(walked) < 10_000:
            walked.append(current)
            current = chart.get(current)
        if current is not None and current == number:
            report.add_errors([_row_error(rows_by_number[number], spec.column("manager").header,
                                          _("上级关系构成循环：%(chain)s") % {"chain": " → ".join([*walked, number])})])
    if report.errors:
        return

    _write_employees(spec, good, mapped_fields, existing_pk, context, report, job_id, progress)


def _write_employees(spec, good, mapped_fields, existing_pk, context, report, job_id, progress) -> None:
    company = context.company
    opts = Employee._meta
    written = [f for f in mapped_fields if f != "employee_number"]
    compare_fields = [f for f in written]
    attnames = {f: opts.get_field(f).attname for f in EMPLOYEE_FIELDS}
    if "id_number" in written:
        compare_fields.append("id_number_index")
        attnames["id_number_index"] = "id_number_index"
    # Existing rows' values, decrypted where encrypted, in chunks of the file's 工号.
    before: dict[str, dict] = {}
    numbers = [v["employee_number"] for _n, v in good if v["employee_number"] in existing_pk]
    select = ["employee_number", "pk", *[attnames[f] for f in compare_fields]]
    for start in range(0, len(numbers), 5000):
        for values in Employee.objects.filter(company=company, employee_number__in=numbers[start:start + 5000]) \
                .values(*select):
            before[values["employee_number"]] = values

    # New people first (their managers may be new too), managers set afterwards.
    new_rows, updates, late_managers = [], [], []
    number_pk = dict(existing_pk)
    law_changes = []
    for number_row, v in good:
        number = v["employee_number"]
        old = before.get(number)
        after: dict[str, Any] = {}
        for f in written:
            value = v.get(f)
            if value is None and old is not None and f in KEEP_WHEN_BLANK:
                continue
            if f == "org_unit":
                value = value.pk if value is not None else None
            elif f == "manager":
                value = number_pk.get(value) if value else None
            elif value is None:
                field = opts.get_field(f)
                value = field.get_default() if field.has_default() else (None if field.null else "")
            after[attnames[f]] = value
        if old is None:
            for f in DERIVED_FROM_ID:  # the birth date and gender the ID number gave a new person
                if f not in written and v.get(f):
                    after[attnames[f]] = v[f]
        if "id_number" in written and (v.get("id_number") or old is None):
            after["id_number_index"] = blind_index(v["id_number"]) if v.get("id_number") else ""
        if old is None:
            if v.get("manager") and after.get("manager_id") is None:
                late_managers.append((number, v["manager"]))
            new_rows.append((number_row, number, after))
            report.created += 1
            continue
        if v.get("manager") and after.get("manager_id") is None:
            late_managers.append((number, v["manager"]))
            after["manager_id"] = old["manager_id"]
        diff = {k: val for k, val in after.items() if old.get(k) != val}
        if not diff:
            report.unchanged += 1
            continue
        report.updated += 1
        facts = {attnames[f]: f for f in EMPLOYEE_LAW_FACTS}
        changed_facts = [k for k in diff if k in facts]
        if changed_facts:
            law_changes.append((old["pk"], number_row, {k: old[k] for k in changed_facts},
                                {k: diff[k] for k in changed_facts}))
            context.changed_employees.add(old["pk"])
        updates.append((old["pk"], diff))

    for pk, number_row, old, new in law_changes:
        _fact_changed(Employee, pk, number_row, old, new, context)

    # Inserts: one bulk upsert (COPY on PostgreSQL) with every column a new row needs.
    if new_rows:
        defaults = {
            "code": None, "company_id": company.pk, "employee_number": "", "name": "", "gender": "",
            "birth_date": None, "id_number": "", "id_number_index": "", "bank_account": "", "phone": "",
            "email": "", "first_work_date": None, "hire_date": None, "org_unit_id": None, "manager_id": None,
            "position_id": None, "employment_type": EmploymentType.LABOUR_CONTRACT,
            "status": EmployeeStatus.ACTIVE, "union_member": False, "retirement_category": "",
            "separation_date": None,
        }
        columns = list(defaults)
        writer = Upsert(Employee, columns, ["company_id", "employee_number"], ["name"])
        batch = []
        for _row, number, after in new_rows:
            row = dict(defaults)
            row.update(after)
            row["code"] = uuid.uuid4()
            row["employee_number"] = number
            for f in ENCRYPTED:
                if row[f]:
                    row[f] = encrypt_text(row[f])
            batch.append(tuple(row[c] for c in columns))
            if len(batch) >= 5000:
                writer.write(batch)
                batch = []
        if batch:
            writer.write(batch)
        created = dict(Employee.objects.filter(company=company, employee_number__in=[n for _r, n, _a in new_rows])
                       .values_list("employee_number", "pk"))
        number_pk.update(created)

    # Updates: per changed column set, one executemany.
    if updates:
        grouped: dict[tuple, list] = defaultdict(list)
        for pk, diff in updates:
            for f in ENCRYPTED:
                if diff.get(f):
                    diff[f] = encrypt_text(diff[f])
            keys = tuple(sorted(diff))
            grouped[keys].append(tuple(_db_value(k, diff[k]) for k in keys) + (pk,))
        quote = connection.ops.quote_name
        table = quote(opts.db_table)
        with connection.cursor() as cursor:
            for keys, params in grouped.items():
                sets = ", ".join(f"{quote(opts.get_field(_field_name(k)).column)} = %s" for k in keys)
                cursor.executemany(f"UPDATE {table} SET {sets} WHERE id = %s", params)

    if late_managers:
        params = [(number_pk[manager], number_pk[number]) for number, manager in late_managers]
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.executemany(f"UPDATE {quote(opts.db_table)} SET manager_id = %s WHERE id = %s", params)
    if progress:
        progress(report.total, report.total)


def _field_name(attname: str) -> str:
    return attname.removesuffix("_id") if attname in ("org_unit_id", "manager_id", "position_id") else attname


def _db_value(attname: str, value):
    if connection.vendor == "sqlite":
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, Decimal):
            return str(value)
    return value


def export_employees(user, company_ids):
    from farewell.accounts import policy

    qs = policy.employees_for(user, "records.export", Employee.objects.filter(company_id__in=company_ids))
    names: dict[int, str] = {}
    units = list(OrgUnit.objects.filter(company_id__in=company_ids).order_by("path").values_list(
        "pk", "parent_id", "name"))
    for pk, parent_id, name in units:
        names[pk] = f"{names[parent_id]}/{name}" if parent_id in names else name
    labels = {
        "gender": dict(Gender.choices), "employment_type": dict(EmploymentType.choices),
        "status": dict(EmployeeStatus.choices), "retirement_category": dict(RetirementCategory.choices),
    }
    # The export shows ID and bank numbers in clear: it is a read of sensitive data (logged).
    rows = qs.order_by("employee_number").values_list(
        "pk", "employee_number", "name", "gender", "birth_date", "id_number", "bank_account", "phone", "email",
        "first_work_date", "hire_date", "org_unit_id", "manager__employee_number", "position__name",
        "employment_type", "status", "union_member", "retirement_category", "separation_date",
    )
    logged = []
    for row in rows.iterator(chunk_size=2000):
        (pk, number, name, gender, birth, id_number, bank, phone, email, first, hire, unit, manager, position,
         etype, status, union, category, separation) = row
        if id_number or bank:
            logged.append(pk)
        yield [number, name, str(labels["gender"].get(gender, gender)), birth, id_number or "", bank or "",
               phone, email, first or "", hire, names.get(unit, ""), manager or "", position or "",
               str(labels["employment_type"].get(etype, etype)), str(labels["status"].get(status, status)),
               "是" if union else "否", str(labels["retirement_category"].get(category, "")) if category else "",
               separation or ""]
    _log_export(user, logged)


def _log_export(user, employee_ids) -> None:
    """The export carried ID and bank numbers: one access-log row per person (PIPL)."""
    if not employee_ids or user is None:
        return
    from farewell.accounts.models import AccessLog

    AccessLog.objects.bulk_create([
        AccessLog(actor=user, employee_id=pk, object_type="org.employee", object_id=str(pk),
                  field="id_number,bank_account", purpose="导出员工花名册")
        for pk in employee_ids
    ], batch_size=2000)


# ---------------------------------------------------------------------------------------------
# Contracts


def _contract_rules(values: dict, errors: list[str], number: int, context) -> None:
    start, end = values.get("start_date"), values.get("end_date")
    if start and end and end < start:
        errors.append(_row_error(number, "终止日", _("早于起始日 %(d)s") % {"d": start.isoformat()}))
    probation = values.get("probation_end_date")
    if probation and start and probation < start:
        errors.append(_row_error(number, "试用期截止", _("早于起始日 %(d)s") % {"d": start.isoformat()}))
    if probation and end and probation > end:
        errors.append(_row_error(number, "试用期截止", _("晚于终止日 %(d)s") % {"d": end.isoformat()}))
    if values.get("kind") == ContractKind.FIXED_TERM and start and not end and "end_date" in context.mapped:
        errors.append(_row_error(number, "终止日", _("固定期限合同必填")))


def _resolve_employees(spec, rows, context, report) -> dict[str, int]:
    numbers = {r.values["employee"] for r in rows if not r.errors and r.values.get("employee")}
    found: dict[str, int] = {}
    numbers = list(numbers)
    for start in range(0, len(numbers), 5000):
        found.update(context.employees.filter(employee_number__in=numbers[start:start + 5000])
                     .values_list("employee_number", "pk"))
    for row in rows:
        if row.errors:
            report.add_errors(row.errors)
        elif row.values["employee"] not in found:
            report.add_errors([_row_error(row.number, EMPLOYEE.header, str(EMPLOYEE_NOT_FOUND))])
    return found


CONTRACT_FIELDS = ("kind", "start_date", "end_date", "probation_end_date", "signed_date")


def import_contracts(spec, table, mapped, context, report, job_id, progress, chunk_size) -> None:
    rows = _read_all(spec, table, mapped, context, report, progress)
    by_number = _resolve_employees(spec, rows, context, report)
    if report.errors:
        return
    written = [f for f in CONTRACT_FIELDS if f in context.mapped and f != "start_date"]
    incoming: dict[int, dict[dt.date, tuple[int, dict]]] = defaultdict(dict)
    for row in rows:
        employee_id = by_number[row.values["employee"]]
        start = row.values["start_date"]
        first = incoming[employee_id].get(start)
        if first is not None:
            report.add_errors([_row_error(row.number, "工号+起始日", _("与第 %(row)s 行重复") % {"row": first[0]})])
            continue
        incoming[employee_id][start] = (row.number, row.values)
    if report.errors:
        return

    employee_ids = list(incoming)
    existing: dict[int, list[Contract]] = defaultdict(list)
    for start in range(0, len(employee_ids), 5000):
        for contract in Contract.objects.filter(employee_id__in=employee_ids[start:start + 5000]):
            existing[contract.employee_id].append(contract)

    new, changed, resequenced, facts = [], [], [], []
    for employee_id, rows_by_start in incoming.items():
        current = {c.start_date: c for c in existing[employee_id]}
        merged: dict[dt.date, Contract] = dict(current)
        for start, (number, v) in rows_by_start.items():
            contract = current.get(start)
            if contract is None:
                contract = Contract(employee_id=employee_id, start_date=start, kind=v["kind"],
                                    end_date=v.get("end_date"), probation_end_date=v.get("probation_end_date"),
                                    signed_date=v.get("signed_date"), sequence=0)
                contract._row = number
                new.append(contract)
                merged[start] = contract
                report.created += 1
                continue
            before = {f: getattr(contract, f) for f in written}
            after = {f: v.get(f) for f in written}
            if before == after:
                report.unchanged += 1
                continue
            for f, value in after.items():
                setattr(contract, f, value)
            contract._row = number
            changed.append(contract)
            facts.append((contract.pk, number, before, after))
            context.changed_employees.add(employee_id)
            report.updated += 1
        ordered = sorted(merged.values(), key=lambda c: c.start_date)
        for previous, contract in zip(ordered, ordered[1:], strict=False):
            if previous.end_date is None or previous.end_date >= contract.start_date:
                culprit = contract if getattr(contract, "_row", None) else previous
                row_number = getattr(culprit, "_row", None) or getattr(previous, "_row", 0)
                report.add_errors([_row_error(row_number, "起始日", _(
                    "与 %(start)s 起的合同重叠（该合同%(end)s）") % {
                    "start": previous.start_date.isoformat(),
                    "end": _("无终止日") if previous.end_date is None else
                    _("至 %(d)s") % {"d": previous.end_date.isoformat()}})])
                break
        for sequence, contract in enumerate(ordered, start=1):
            renewal = ordered[sequence - 2] if sequence > 1 else None
            if contract.pk is None:
                contract.sequence = sequence
                contract._renewal = renewal
            elif contract.sequence != sequence:
                contract.sequence = sequence
                resequenced.append(contract)
        if any(c.pk is None for c in ordered):
            context.changed_employees.add(employee_id)
    if report.errors:
        return
    for pk, number, before, after in facts:
        _fact_changed(Contract, pk, number, before, after, context)
    if resequenced:
        # Sequence numbers are unique per employee: move them out of the way first.
        for contract in resequenced:
            Contract.objects.filter(pk=contract.pk).update(sequence=contract.sequence + 10000)
        Contract.objects.bulk_update(resequenced, ["sequence"], batch_size=2000)
    if changed:
        Contract.objects.bulk_update(changed, written, batch_size=2000)
    if new:
        Contract.objects.bulk_create(new, batch_size=2000)
        links = [c for c in new if c._renewal is not None]
        for contract in links:
            contract.renewal_of_id = contract._renewal.pk
        if links:
            Contract.objects.bulk_update(links, ["renewal_of"], batch_size=2000)


def export_contracts(user, company_ids):
    from farewell.accounts import policy

    employees = policy.employees_for(user, "records.export", Employee.objects.filter(company_id__in=company_ids))
    kinds = dict(ContractKind.choices)
    for number, kind, start, end, probation, signed, sequence in Contract.objects.filter(
            employee__in=employees.values("pk")).order_by("employee__employee_number", "start_date").values_list(
            "employee__employee_number", "kind", "start_date", "end_date", "probation_end_date", "signed_date",
            "sequence").iterator(chunk_size=2000):
        yield [number, str(kinds.get(kind, kind)), start, end or "", probation or "", signed or "", sequence]


# ---------------------------------------------------------------------------------------------
# Wages


_MONTH = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$")
_COMPACT_MONTH = re.compile(r"^(\d{4})(\d{2})$")


def month(raw: Any) -> dt.date:
    """2024-03, 2024/3, 2024年3月, 202403, or any date in the month → the month's first day."""
    if isinstance(raw, dt.datetime):
        raw = raw.date()
    if isinstance(raw, dt.date):
        return raw.replace(day=1)
    if isinstance(raw, int | float) and not isinstance(raw, bool) and float(raw).is_integer():
        raw = str(int(raw))
    from .importers import _narrow

    value = _narrow(str(raw)).strip()
    match = _MONTH.match(value) or _COMPACT_MONTH.match(value)
    if match and 1 <= int(match[2]) <= 12:
        return dt.date(int(match[1]), int(match[2]), 1)
    try:
        return date(raw).replace(day=1)
    except CellError:
        raise CellError(_("“%(v)s” 不是有效月份（例如 2025-03）") % {"v": _show(raw)}) from None


WAGE_PARTS = ("base", "bonus", "allowances", "overtime")


def _wage_rules(values: dict, errors: list[str], number: int, context) -> None:
    today = context.today or dt.date.today()
    if values.get("month") and values["month"] > today.replace(day=1):
        errors.append(_row_error(number, "月份", _("“%(v)s” 在未来") % {"v": values["month"].strftime("%Y-%m")}))
    parts = [values.get(p) for p in WAGE_PARTS if p in values]
    if values.get("total") is None:
        if not parts:
            errors.append(_row_error(number, "应发合计", _("应发合计和工资项目至少填一项")))
        else:
            values["total"] = sum(parts, Decimal(0))
    elif all(p in context.mapped for p in WAGE_PARTS) and parts and sum(parts, Decimal(0)) > values["total"]:
        errors.append(_row_error(number, "应发合计", _("小于各项之和 %(sum)s") % {"sum": sum(parts, Decimal(0))}))


# ---------------------------------------------------------------------------------------------
# Protected-status periods


def _period_rules(values: dict, errors: list[str], number: int, context) -> None:
    start, end = values.get("start_date"), values.get("end_date")
    if start and end and end < start:
        errors.append(_row_error(number, "结束日期", _("早于开始日期 %(d)s") % {"d": start.isoformat()}))


def import_status_periods(spec, table, mapped, context, report, job_id, progress, chunk_size) -> None:
    rows = _read_all(spec, table, mapped, context, report, progress)
    by_number = _resolve_employees(spec, rows, context, report)
    if report.errors:
        return
    employee_ids = list({by_number[r.values["employee"]] for r in rows})
    existing: dict[tuple, StatusPeriod] = {}
    for start in range(0, len(employee_ids), 5000):
        for period in StatusPeriod.objects.filter(employee_id__in=employee_ids[start:start + 5000]):
            existing[(period.employee_id, period.kind, period.start_date)] = period
    seen: dict[tuple, int] = {}
    new, changed = [], []
    fields = [f for f in ("end_date", "notes") if f in context.mapped]
    for row in rows:
        v = row.values
        key = (by_number[v["employee"]], v["kind"], v["start_date"])
        first = seen.setdefault(key, row.number)
        if first != row.number:
            report.add_errors([_row_error(row.number, "工号+类型+开始日期", _("与第 %(row)s 行重复") % {"row": first})])
            continue
        period = existing.get(key)
        if period is None:
            new.append(StatusPeriod(employee_id=key[0], kind=v["kind"], start_date=v["start_date"],
                                    end_date=v.get("end_date"), notes=v.get("notes", "")))
            context.changed_employees.add(key[0])
            report.created += 1
            continue
        after = {f: v.get(f, "" if f == "notes" else None) for f in fields}
        if all(getattr(period, f) == after[f] for f in fields):
            report.unchanged += 1
            continue
        if period.end_date != after.get("end_date", period.end_date):
            # Only the dates go to the ledger: the kind and notes are health data (encrypted).
            _fact_changed(StatusPeriod, period.pk, row.number, {"end_date": period.end_date},
                          {"end_date": after.get("end_date")}, context)
        for f, value in after.items():
            setattr(period, f, value)
        changed.append(period)
        context.changed_employees.add(key[0])
        report.updated += 1
    if report.errors:
        return
    StatusPeriod.objects.bulk_create(new, batch_size=2000)
    if changed and fields:
        StatusPeriod.objects.bulk_update(changed, fields, batch_size=2000)


def export_status_periods(user, company_ids):
    from farewell.accounts import policy

    employees = policy.employees_for(user, "records.export", Employee.objects.filter(company_id__in=company_ids))
    kinds = dict(StatusKind.choices)
    periods = list(StatusPeriod.objects.filter(employee__in=employees.values("pk")).select_related("employee")
                   .order_by("employee__employee_number", "start_date"))
    _log_periods(user, periods)
    for p in periods:
        yield [p.employee.employee_number, str(kinds.get(p.kind, p.kind)), p.start_date, p.end_date or "", p.notes]


def _log_periods(user, periods) -> None:
    if not periods or user is None:
        return
    from farewell.accounts.models import AccessLog

    AccessLog.objects.bulk_create([
        AccessLog(actor=user, employee_id=p.employee_id, object_type="org.statusperiod", object_id=str(p.pk),
                  field="kind,notes", purpose="导出特殊保护期") for p in periods
    ], batch_size=2000)


def export_wages(user, company_ids):
    from farewell.accounts import policy

    employees = policy.employees_for(user, "records.export", Employee.objects.filter(company_id__in=company_ids))
    for number, month_start, *amounts in WageMonth.objects.filter(employee__in=employees.values("pk")).order_by(
            "employee__employee_number", "month").values_list(
            "employee__employee_number", "month", "base", "bonus", "allowances", "overtime", "total").iterator(
            chunk_size=5000):
        yield [number, month_start.strftime("%Y-%m"), *(_number(a) for a in amounts)]


# ---------------------------------------------------------------------------------------------
# The specs

UNIT_COLUMN_HEADER = "部门"

SPECS = (
    ImportSpec(
        "org_units", gettext_lazy("组织架构（部门）"), OrgUnit,
        (
            Column("path", "部门路径", text(500), aliases=("组织路径", "部门全称", "部门全路径", "完整路径", "path"),
                   example="总部/销售部/华东区"),
            Column("name", "部门名称", text(100), aliases=("名称", "部门", "name"), example="华东区"),
            Column("code", "部门编码", text(30, narrow=True), aliases=("部门代码", "编码", "组织编码", "code"),
                   example="SALES-EC"),
            Column("parent", "上级部门编码", text(30, narrow=True), aliases=("上级编码", "上级部门代码", "parent"),
                   example="SALES"),
            Column("head", "负责人工号", text(30, narrow=True), aliases=("部门负责人工号", "负责人", "head"), example=""),
        ),
        ("code",), runner=import_units, row_rules=_unit_rules, exporter=export_units, action="org.manage",
        group=PEOPLE, recompute_flags=False,
        description=gettext_lazy("按路径（总部/销售部/华东区）或按上级部门编码给出部门树；上级可在文件中任意位置；"
                                 "改了上级即整体移动（含下级部门）"),
    ),
    ImportSpec(
        "positions", gettext_lazy("岗位"), Position,
        (
            Column("name", "岗位名称", text(100), required=True, aliases=("岗位", "职位", "职位名称", "name"),
                   example="销售代表"),
            Column("grade", "职级", text(20), aliases=("职等", "级别", "grade"), example="P3"),
            Column("wage_min", "薪档下限", decimal(0, 10**9), aliases=("薪资下限", "最低月薪"), example="8000"),
            Column("wage_max", "薪档上限", decimal(0, 10**9), aliases=("薪资上限", "最高月薪"), example="15000"),
        ),
        ("name",), runner=import_positions, row_rules=_position_rules, exporter=export_positions,
        action="org.manage", group=PEOPLE, recompute_flags=False,
    ),
    ImportSpec(
        "employees", gettext_lazy("员工花名册"), Employee,
        (
            Column("employee_number", "工号", text(30, narrow=True), required=True,
                   aliases=("员工工号", "员工编号", "职工编号", "人员编号", "employee_number"), example="E000123"),
            Column("name", "姓名", text(50), aliases=("员工姓名", "姓名（中文）", "name"), example="张三"),
            Column("gender", "性别", choice(Gender, m="male", f="female", 男性="male", 女性="female")),
            Column("birth_date", "出生日期", date, aliases=("出生年月日", "生日"), example="1990-05-12"),
            Column("id_number", "身份证号", _id_number, aliases=("证件号码", "身份证号码", "身份证", "证件号"),
                   example=""),
            Column("bank_account", "银行账号", _bank_account, aliases=("工资卡号", "银行卡号", "开户账号"), example=""),
            Column("phone", "手机", _phone, aliases=("手机号码", "手机号", "联系电话", "电话"), example="13800000000"),
            Column("email", "邮箱", _email, aliases=("电子邮箱", "邮件", "email", "e-mail"), example="zhangsan@example.com"),
            Column("first_work_date", "参加工作日期", date, aliases=("参加工作时间", "首次参加工作日期"), example="2012-07-01"),
            Column("hire_date", "入职日期", date, aliases=("入职时间", "入司日期", "入职日", "hire_date"),
                   example="2020-03-02"),
            Column("org_unit", UNIT_COLUMN_HEADER, text(500), aliases=("所属部门", "部门名称", "部门路径", "部门编码", "组织"),
                   example="总部/销售部"),
            Column("manager", "直接上级工号", text(30, narrow=True), aliases=("上级工号", "汇报对象工号", "直属上级工号"),
                   example="E000001"),
            Column("position", "岗位", text(100), aliases=("岗位名称", "职位"), example="销售代表"),
            Column("employment_type", "用工类型", choice(
                EmploymentType, 正式="labour_contract", 合同制="labour_contract", 劳动合同制="labour_contract",
                参公="civil_servant", 参公管理="civil_servant", 事业编="public_institution", 事业编制="public_institution",
                派遣="dispatch", 实习生="intern", 兼职="part_time", 小时工="part_time"),
                aliases=("用工形式", "员工类型", "人员类别"), example="劳动合同"),
            Column("status", "状态", choice(EmployeeStatus, 试用="probation", 正式="active", 在岗="active",
                                           离职="separated"), aliases=("员工状态", "在职状态"), example="在职"),
            Column("union_member", "工会会员", boolean, aliases=("是否工会会员",), example="否"),
            Column("retirement_category", "退休类别", choice(RetirementCategory, 男="male", 女干部="female_cadre",
                                                             女工人="female_worker"), example=""),
            Column("separation_date", "离职日期", date, aliases=("离职时间",), example=""),
        ),
        ("employee_number",), runner=import_employees, row_rules=_employee_rules, exporter=export_employees,
        group=PEOPLE,
        description=gettext_lazy("按工号新增或更新；部门填路径、编码或唯一的部门名称；身份证号校验后加密保存"),
    ),
    ImportSpec(
        "contracts", gettext_lazy("劳动合同"), Contract,
        (
            EMPLOYEE,
            Column("kind", "合同类型", choice(ContractKind, 固定="fixed_term", 有固定期限="fixed_term",
                                             无固定="open_ended", 长期="open_ended", 项目="task_based",
                                             以完成一定工作任务为期限="task_based"),
                   required=True, aliases=("合同期限类型", "合同性质"), example="固定期限"),
            Column("start_date", "起始日", date, required=True, aliases=("合同开始日期", "开始日期", "合同起始日", "起始日期"),
                   example="2023-03-01"),
            Column("end_date", "终止日", date, aliases=("合同结束日期", "结束日期", "合同终止日", "到期日", "终止日期"),
                   example="2026-02-28"),
            Column("probation_end_date", "试用期截止", date, aliases=("试用期结束日期", "转正日期", "试用期至"),
                   example="2023-05-31"),
            Column("signed_date", "签订日", date, aliases=("签订日期", "签约日期"), example="2023-02-20"),
            Column("sequence", "第几次签订", integer(1, 99), aliases=("签订次数",), example="1", written=False),
        ),
        ("employee", "start_date"), runner=import_contracts, row_rules=_contract_rules, exporter=export_contracts,
        group=PEOPLE, recompute_flags=False,
        description=gettext_lazy("按工号+起始日新增或更新；续签为同一人的下一份合同，第几次签订按起始日自动排定"),
    ),
    ImportSpec(
        "wages", gettext_lazy("月工资"), WageMonth,
        (
            EMPLOYEE,
            Column("month", "月份", month, required=True, aliases=("工资月份", "发放月份", "所属月份", "期间"),
                   example="2025-03"),
            Column("base", "基本工资", decimal(0, 10**9), aliases=("岗位工资", "基本薪资"), example="12000"),
            Column("bonus", "奖金", decimal(0, 10**9), aliases=("绩效奖金", "提成"), example="2000"),
            Column("allowances", "津贴补贴", decimal(0, 10**9), aliases=("津贴", "补贴", "津补贴"), example="800"),
            Column("overtime", "加班工资", decimal(0, 10**9), aliases=("加班费",), example="0"),
            Column("total", "应发合计", decimal(0, 10**9), aliases=("应发工资", "应发合计工资", "税前工资", "月工资"),
                   example="14800"),
        ),
        ("employee", "month"), row_rules=_wage_rules, exporter=export_wages, ledger_changes=True, group=PEOPLE,
        recompute_flags=False, chunk_size=20000,
        description=gettext_lazy("实施条例第27条的月工资：应发合计含奖金、津贴和补贴；不填应发合计时按各项之和"),
    ),
    ImportSpec(
        "status_periods", gettext_lazy("特殊保护期（孕期、医疗期、工伤等）"), StatusPeriod,
        (
            EMPLOYEE,
            Column("kind", "类型", choice(StatusKind, 怀孕="pregnancy", 产假="maternity", 生育="maternity",
                                         哺乳="nursing", 医疗="medical_period", 病假医疗期="medical_period",
                                         工伤="work_injury", 职业病="work_injury",
                                         职业病检查="occupational_disease_exam_pending",
                                         疑似职业病="occupational_disease_exam_pending"),
                   required=True, aliases=("保护期类型", "期间类型"), example="孕期"),
            Column("start_date", "开始日期", date, required=True, aliases=("开始", "起始日期"), example="2025-06-01"),
            Column("end_date", "结束日期", date, aliases=("结束", "截止日期"), example=""),
            Column("notes", "备注", text(2000), aliases=("说明",), example=""),
        ),
        ("employee", "kind", "start_date"), runner=import_status_periods, row_rules=_period_rules,
        exporter=export_status_periods, group=PEOPLE, recompute_flags=False,
        description=gettext_lazy("类型和备注加密保存（健康信息），每次查看都记入访问日志"),
    ),
)

register(SPECS)
