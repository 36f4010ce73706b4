"""Employees: keyed by 工号, managers by 工号 with a cycle check, ID numbers checked and encrypted."""


from __future__ import annotations

import datetime as dt
import re
import uuid
from collections import defaultdict
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_noop

from farewell.accounts.purposes import with_detail
from farewell.common.fields import blind_index, encrypt_text
from farewell.common.identifiers import is_valid_id_number
from farewell.org import history
from farewell.org.models import (
    Employee,
    EmployeeStatus,
    EmploymentType,
    Gender,
    JobChangeSource,
    OrgUnit,
    Position,
    RetirementCategory,
)
from farewell.org.person_dates import birth_and_hire_errors, employment_dates_errors
from farewell.org.services import id_number_birth_date

from ..importers import (
    EMPLOYEE_NOT_FOUND,
    CellError,
    Upsert,
    _row_error,
    _show,
    allocate_ids,
    text,
    update_rows,
)
from ..worded import Worded, _
from .base import EMPLOYEE_LAW_FACTS, _fact_changed, _read_all, write_job_changes
from .org import _Tree

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


EMPLOYMENT_DATE_HEADERS = {"separation_date": "离职日期", "first_work_date": "参加工作日期"}


def _employee_rules(values: dict, errors: list[str], number: int, context, wrong=frozenset()) -> None:
    id_number = values.get("id_number")
    if id_number:
        born = id_number_birth_date(id_number)
        if born is None:
            errors.append(_row_error(number, "身份证号", _("出生日期部分不是有效日期")))
        elif values.get("birth_date") is None:
            values["birth_date"] = born  # the ID number carries the birth date and the gender
        if values.get("gender") is None and "gender" not in context.mapped:
            values["gender"] = Gender.MALE if int(id_number[16]) % 2 else Gender.FEMALE
    hire = values.get("hire_date")
    for field, message in employment_dates_errors(hire, values.get("separation_date"),
                                                  values.get("first_work_date")).items():
        errors.append(_row_error(number, EMPLOYMENT_DATE_HEADERS[field], message))
    # The birth and hire dates against each other: import_employees, which knows who is on file.
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

    # Everyone on file: the 工号 → id, and the dates a row that changes only one of them is checked against.
    on_file = {number: (pk, birth, hire) for number, pk, birth, hire in Employee.objects.filter(company=company)
               .values_list("employee_number", "pk", "birth_date", "hire_date")}
    existing_pk = {number: pk for number, (pk, _b, _h) in on_file.items()}
    mapped_fields = [c.field for c, _i in mapped]
    in_file = {row.values["employee_number"] for row in rows if row.values.get("employee_number")}
    seen: dict[str, int] = {}
    good = []
    # Every check of a row runs, also on a row with a bad cell: HR sees all of a row's mistakes at
    # once (a bad date and an unknown department), each under its column.
    for row in rows:
        v = dict(row.values)
        number = v.get("employee_number")
        errors = list(row.errors)
        wrong = {error.header for error in errors}
        if number is not None:
            first = seen.setdefault(number, row.number)
            if first != row.number:
                report.add_errors([*errors, _row_error(row.number, "工号", _("与第 %(row)s 行重复") % {"row": first})])
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
            errors.append(_row_error(row.number, "工号", Worded.of(EMPLOYEE_NOT_FOUND)))
        if number is not None and number not in existing_pk:
            # A wrong ID number is the one mistake when the birth date and gender would come from
            # it: "必填" under them only when no ID number was given at all.
            id_wrong = any(error.header == spec.column("id_number").header for error in errors)
            for field in NEW_EMPLOYEE_REQUIRED:
                header = spec.column(field).header
                if field in DERIVED_FROM_ID and id_wrong:
                    continue
                if not v.get(field) and header not in wrong:
                    errors.append(_row_error(row.number, header, _("新员工必填")))
        # (Without a 出生日期 column the birth date is the ID number's: nothing to compare.)
        born = id_number_birth_date(v["id_number"]) if v.get("id_number") and "birth_date" in context.mapped \
            else None
        if born and v.get("birth_date") and born != v["birth_date"]:
            report.warn(_row_error(row.number, spec.column("birth_date").header, _(
                "%(birth)s 与身份证号中的出生日期 %(id)s 不一致") % {"birth": v["birth_date"].isoformat(),
                                                       "id": born.isoformat()}))
        birth_header, hire_header = spec.column("birth_date").header, spec.column("hire_date").header
        if birth_header not in wrong and hire_header not in wrong:
            for field, message in _dates_to_check(v, on_file.get(number), mapped_fields).items():
                errors.append(_row_error(row.number, spec.column(field).header, message))
        if v.get("manager") and v["manager"] == number:
            errors.append(_row_error(row.number, spec.column("manager").header, _("不能是本人")))
        elif v.get("manager") and v["manager"] not in in_file and v["manager"] not in existing_pk:
            errors.append(_row_error(row.number, spec.column("manager").header,
                                     _("工号“%(v)s”不存在") % {"v": _show(v["manager"])}))
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
    for _row_number, v in good:
        if "manager" in v:  # a 工号 in the file or on file (checked with the row above)
            chart[v["employee_number"]] = v["manager"]
        elif "manager" in context.mapped:
            chart.pop(v["employee_number"], None)  # a blank manager cell clears the manager
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


def _dates_to_check(v: dict, on_file: tuple | None, mapped_fields: list[str]) -> dict[str, str]:
    """The birth/hire rule (org.person_dates) on the dates the person will have after this row. For
    someone on file only when the row writes one of the two: a date the row leaves alone is the one
    on file (a blank cell keeps it), so a row changing only the hire date is checked against the
    birth date on file and the other way round."""
    if on_file is None:  # a new person: the row's dates (the birth date may be the ID number's)
        return birth_and_hire_errors(v.get("birth_date"), v.get("hire_date"))
    written = {f: v.get(f) if f in mapped_fields else None for f in ("birth_date", "hire_date")}
    if written["birth_date"] is None and written["hire_date"] is None:
        return {}
    _pk, birth, hire = on_file
    return birth_and_hire_errors(written["birth_date"] or birth, written["hire_date"] or hire)


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

    # New people first (their managers may be new too), managers set afterwards — except on
    # PostgreSQL, where the new people's ids are taken from the sequence up front, so everyone's
    # manager is known before the insert and the rows go in complete (no second write of each).
    new_rows, updates, late_managers = [], [], []
    number_pk = dict(existing_pk)
    new_numbers = [v["employee_number"] for _n, v in good if v["employee_number"] not in existing_pk]
    new_ids = dict(zip(new_numbers, allocate_ids(Employee, len(new_numbers)) or (), strict=False))
    number_pk.update(new_ids)
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
        late = bool(v.get("manager")) and after.get("manager_id") is None
        if late:  # a manager who is new too: a change (set once the new people have their ids)
            late_managers.append((number, v["manager"]))
            after["manager_id"] = old["manager_id"]
        diff = {k: val for k, val in after.items() if old.get(k) != val}
        if not diff and not late:
            report.unchanged += 1
            continue
        report.updated += 1
        facts = {attnames[f]: f for f in EMPLOYEE_LAW_FACTS}
        changed_facts = [k for k in diff if k in facts]
        if changed_facts:
            law_changes.append((old["pk"], number_row, {k: old[k] for k in changed_facts},
                                {k: diff[k] for k in changed_facts}))
            context.changed_employees.add(old["pk"])
        if diff:
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
        if new_ids:
            defaults = {"id": None, **defaults}
        columns = list(defaults)
        # With the ids allocated: a plain INSERT (a COPY straight into the table); someone who
        # added one of these 工号 meanwhile makes it fail (an IntegrityError: nothing is written).
        writer = Upsert(Employee, columns, [], []) if new_ids else \
            Upsert(Employee, columns, ["company_id", "employee_number"], ["name"])
        batch = []
        for _row, number, after in new_rows:
            row = dict(defaults)
            row.update(after)
            if new_ids:
                row["id"] = new_ids[number]
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
        if not new_ids:
            # The new people's ids: the company's 工号 → id in one query (no IN list of the whole file).
            number_pk.update(Employee.objects.filter(company=company).values_list("employee_number", "pk"))

    # Updates: per changed column set, one statement (update_rows: COPY + UPDATE ... FROM on PostgreSQL).
    if updates:
        grouped: dict[tuple, list] = defaultdict(list)
        for pk, diff in updates:
            for f in ENCRYPTED:
                if diff.get(f):
                    diff[f] = encrypt_text(diff[f])
            keys = tuple(sorted(diff))
            grouped[keys].append((pk, *(diff[k] for k in keys)))
        for keys, rows in grouped.items():
            update_rows(Employee, list(keys), rows)

    # Managers who were new themselves: one set-based update.
    if late_managers:
        update_rows(Employee, ["manager_id"], [(number_pk[number], number_pk[manager])
                                               for number, manager in late_managers])
    _record_job_changes(company, before, updates, late_managers, number_pk)
    if progress:
        progress(report.total, report.total)


def _record_job_changes(company, before, updates, late_managers, number_pk) -> None:
    """Job history of the people already on file whose manager or position the file changed: one
    bulk insert (org/history.py; the risk model's manager changes and promotions)."""
    keys = ("manager_id", "position_id")
    old_by_pk = {values["pk"]: values for values in before.values()}
    changed: dict[int, dict] = {}
    for pk, diff in updates:
        after = {k: diff[k] for k in keys if k in diff}
        if after:
            changed[pk] = after
    for number, manager in late_managers:
        if number in before:  # someone on file whose new manager is a new person too
            changed.setdefault(number_pk[number], {})["manager_id"] = number_pk[manager]
    if not changed:
        return
    positions = history.position_facts(company.pk)
    day = timezone.localdate()
    rows = []
    for pk, after in changed.items():
        old = {k: old_by_pk[pk].get(k) for k in after}
        rows += history.changes_for(pk, old, after, positions, day=day, source=JobChangeSource.IMPORT)
    write_job_changes(rows)


def export_employees(user, company_ids, purpose: str = ""):
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
    _log_export(user, logged, purpose)


def _log_export(user, employee_ids, purpose: str = "") -> None:
    """The export carried ID and bank numbers: one access-log row per person (PIPL)."""
    if not employee_ids or user is None:
        return
    from farewell.accounts.models import AccessLog

    AccessLog.objects.bulk_create([
        AccessLog(actor=user, employee_id=pk, object_type="org.employee", object_id=str(pk),
                  field="id_number,bank_account", purpose=with_detail(gettext_noop("导出员工花名册"), purpose)[:200] if purpose
                  else gettext_noop("导出员工花名册"))
        for pk in employee_ids
    ], batch_size=2000)
