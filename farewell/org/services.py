"""Writing the people facts: employees, the org tree, positions, contracts, wages, protected periods.

Every write is one function with a keyword-only `acting_user`: one transaction, a ledger entry
written inside it. For the facts the law engine reads (hire date, first work date, employment
type, contracts, wages, protected periods) the old value goes to the ledger first (event
`fact_changed`, payload `{"employee", "changes": {field: {"before", "after"}}}`), and on commit
`signals.employee_facts_changed` tells the apps further down the flow (the cases app re-runs the
engine on an open case). A rule broken raises `ValidationError` keyed by the field at fault.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, Q, Value
from django.db.models.functions import Concat, Length, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from farewell.accounts.models import RoleGrant
from farewell.common import consent
from farewell.common.fields import blind_index
from farewell.common.identifiers import is_valid_id_number
from farewell.common.money import grouped_formatter
from farewell.ledger.services import record

from . import history, person_dates
from .models import (
    Company,
    Contract,
    ContractKind,
    Employee,
    EmployeeStatus,
    JobChangeSource,
    OrgUnit,
    Position,
    StatusKind,
    StatusPeriod,
    WageMonth,
)
from .person_dates import (
    birth_and_hire_errors,
    contract_dates_errors,
    employment_dates_errors,
    not_before,
    period_dates_errors,
)
from .promotions import band_middle
from .signals import employee_facts_changed

# Amounts in messages as the pages print them (21,750.00, not 21750.00).
_grouped = grouped_formatter(2)

# A path segment: four digits and a dot ("0001.0004."); a subtree is one prefix (DESIGN, scope).
PATH_SEGMENT_WIDTH = 4
PATH_MAX_LENGTH = OrgUnit._meta.get_field("path").max_length
# A manager chain longer than this is bad data, not an org chart: stop walking it.
MANAGER_CHAIN_LIMIT = 1000

# Employee fields the law engine reads (DESIGN: records to engine); a change goes to the ledger
# with its old value and re-runs the engine on an open case.
ENGINE_FACT_FIELDS = ("hire_date", "first_work_date", "employment_type")
# Encrypted: never written to the ledger, never compared in clear (DESIGN, security model).
SENSITIVE_FIELDS = ("id_number", "bank_account")
EMPLOYEE_FIELDS = (
    "employee_number", "name", "gender", "birth_date", "id_number", "bank_account", "phone", "email",
    "first_work_date", "hire_date", "org_unit", "manager", "position", "employment_type", "status",
    "union_member", "retirement_category", "separation_date",
)
# What HR may set by hand; `separated` comes only from closing a case (cases app).
STATUS_TRANSITIONS: dict[str, set[str]] = {
    EmployeeStatus.PROBATION: {EmployeeStatus.ACTIVE, EmployeeStatus.SEPARATING},
    EmployeeStatus.ACTIVE: {EmployeeStatus.SEPARATING},
    EmployeeStatus.SEPARATING: {EmployeeStatus.ACTIVE, EmployeeStatus.PROBATION},
    EmployeeStatus.SEPARATED: set(),
}


# ---------------------------------------------------------------- shared helpers


def _ledger_value(value):
    """A value as the ledger records it: model instances by their natural key."""
    if isinstance(value, Employee):
        return value.employee_number
    if isinstance(value, OrgUnit):
        return value.code
    if isinstance(value, Position):
        return value.name
    return value


def record_fact_change(object_type: str, object_id, employee: Employee, changes: dict, *, actor) -> None:
    """The old values of engine facts, written before the change is saved (event `fact_changed`).

    `changes` is {field: (before, after)}. records/people.py may call this too, so an import and
    a page write the same entry.
    """
    if not changes:
        return
    record(
        object_type, object_id,
        {
            "employee": str(employee.code),
            "changes": {
                field: {"before": _ledger_value(before), "after": _ledger_value(after)}
                for field, (before, after) in sorted(changes.items())
            },
        },
        actor=actor, event="fact_changed",
    )


def notify_facts_changed(employee: Employee, facts: Iterable[str], *, acting_user) -> None:
    """Send `employee_facts_changed` once the surrounding transaction commits."""
    facts = frozenset(facts)
    if not facts:
        return
    transaction.on_commit(
        lambda: employee_facts_changed.send(
            sender=Employee, employee=employee, facts=facts, acting_user=acting_user
        )
    )


def _lock(model, pk) -> None:
    """Lock one row until the transaction ends (only its key is read: no encrypted column)."""
    model.objects.select_for_update().filter(pk=pk).values_list("pk", flat=True).first()


def _raise(errors: dict[str, list[str]]) -> None:
    errors = {field: messages for field, messages in errors.items() if messages}
    if errors:
        raise ValidationError(errors)


# ---------------------------------------------------------------- employees


def normalise_id_number(value: str) -> str:
    """Strip, full-width digits to ASCII, a lower-case x to X."""
    value = (value or "").strip().translate({0xFF10 + i: ord("0") + i for i in range(10)})
    return value.replace("ｘ", "X").replace("Ｘ", "X").replace("x", "X")


def id_number_birth_date(id_number: str) -> dt.date | None:
    """The birth date written in an 18-character ID number (positions 7-14), or None."""
    try:
        return dt.datetime.strptime(id_number[6:14], "%Y%m%d").date()
    except ValueError:
        return None


def id_number_warnings(id_number: str, birth_date: dt.date | None) -> list[str]:
    """Warnings (not errors): the ID number's birth date disagrees with the birth-date field."""
    if not id_number or birth_date is None:
        return []
    written = id_number_birth_date(id_number)
    if written is not None and written != birth_date:
        return [
            _("身份证号中的出生日期（%(written)s）与出生日期（%(birth)s）不一致，请核对。")
            % {"written": written.isoformat(), "birth": birth_date.isoformat()}
        ]
    return []


def manager_cycle(employee: Employee | None, manager: Employee | None) -> bool:
    """Would `manager` above `employee` close a loop (the employee already above the manager)?"""
    if employee is None or employee.pk is None or manager is None:
        return False
    current, steps = manager.pk, 0
    while current is not None and steps < MANAGER_CHAIN_LIMIT:
        if current == employee.pk:
            return True
        current = Employee.objects.filter(pk=current).values_list("manager_id", flat=True).first()
        steps += 1
    return steps >= MANAGER_CHAIN_LIMIT


def _validate_employee(employee: Employee, *, id_number: str | None, dates_changed: bool = True) -> None:
    """The rules across fields; `id_number` is the new clear value, None when unchanged.

    The birth and hire dates are checked against each other when either of them changes
    (`dates_changed`): an edit of the telephone number of someone on file since before the bounds
    is not refused for them; the import applies the same rule the same way."""
    errors: dict[str, list[str]] = {}
    if id_number and not is_valid_id_number(id_number):
        errors["id_number"] = [_("身份证号无效：应为18位，最后一位校验码不符（GB 11643）。")]
    for field, message in employment_dates_errors(employee.hire_date, employee.separation_date,
                                                  employee.first_work_date).items():
        errors[field] = [message]
    if dates_changed:
        for field, message in birth_and_hire_errors(employee.birth_date, employee.hire_date).items():
            errors.setdefault(field, []).append(message)
    unit = employee.org_unit
    if unit.company_id != employee.company_id:
        errors["org_unit"] = [_("部门不属于该公司。")]
    if employee.position is not None and employee.position.company_id != employee.company_id:
        errors["position"] = [_("岗位不属于该公司。")]
    manager = employee.manager
    if manager is not None:
        if manager.company_id != employee.company_id:
            errors["manager"] = [_("直接上级必须是同一公司的员工。")]
        elif employee.pk is not None and manager.pk == employee.pk:
            errors["manager"] = [_("员工不能是自己的直接上级。")]
        elif manager_cycle(employee, manager):
            errors["manager"] = [
                _("%(manager)s 已在 %(name)s 的下属链中，设为直接上级会形成循环。")
                % {"manager": manager, "name": employee.name}
            ]
    if employee.employee_number:
        clash = Employee.objects.filter(company_id=employee.company_id, employee_number=employee.employee_number)
        if employee.pk is not None:
            clash = clash.exclude(pk=employee.pk)
        if clash.exists():
            errors["employee_number"] = [_("工号 %(number)s 已被使用。") % {"number": employee.employee_number}]
    if employee.status == EmployeeStatus.SEPARATED and employee.pk is None:
        errors["status"] = [_("“已离职”只能通过关闭离职案件设置。")]
    _raise(errors)


def _employee_summary(employee: Employee) -> dict:
    """The ledger's view of an employee: no encrypted field, only whether one is set."""
    summary = {}
    for field in EMPLOYEE_FIELDS:
        if field in SENSITIVE_FIELDS:
            summary[f"{field}_set"] = bool(getattr(employee, field))
        else:
            summary[field] = _ledger_value(getattr(employee, field))
    return summary


def create_employee(company: Company, *, acting_user, **fields) -> Employee:
    """A new employee; `fields` are Employee fields (id_number and bank_account in clear)."""
    unknown = set(fields) - set(EMPLOYEE_FIELDS)
    if unknown:
        raise TypeError(f"unknown employee fields: {sorted(unknown)}")
    if fields.get("id_number"):
        fields["id_number"] = normalise_id_number(fields["id_number"])
    employee = Employee(company=company, **fields)
    _validate_employee(employee, id_number=fields.get("id_number") or None)
    with transaction.atomic():
        employee.save(force_insert=True)  # save() sets the blind index
        record("org.employee", employee.code, _employee_summary(employee), actor=acting_user,
               event="employee_created")
    return employee


def update_employee(employee: Employee, *, acting_user, **changes) -> Employee:
    """Change some fields of an employee. `status` is changed by `change_status` only.

    id_number/bank_account: a blank value leaves the stored one as it is (the form never shows
    them); the ledger says only that they changed.
    """
    unknown = set(changes) - set(EMPLOYEE_FIELDS)
    if unknown or "status" in changes:
        raise TypeError(f"not editable here: {sorted(unknown | ({'status'} & set(changes)))}")
    for field in SENSITIVE_FIELDS:
        if not changes.get(field):
            changes.pop(field, None)
    if "id_number" in changes:
        changes["id_number"] = normalise_id_number(changes["id_number"])
    with transaction.atomic():
        current = (
            # of=self: PostgreSQL cannot lock the nullable side of the joins (position, manager).
            Employee.objects.select_for_update(of=("self",))
            .select_related("org_unit", "position", "manager")
            .defer(*SENSITIVE_FIELDS)
            .get(pk=employee.pk)
        )
        new_id_number = changes.get("id_number")
        if new_id_number is not None and current.id_number_index and (
            current.id_number_index == blind_index(new_id_number)
        ):
            changes.pop("id_number")  # the same number again: nothing to do
            new_id_number = None
        before = {field: getattr(current, field) for field in changes if field not in SENSITIVE_FIELDS}
        before_ids = {"manager_id": current.manager_id, "position_id": current.position_id}
        changed = [
            field for field in changes
            if field in SENSITIVE_FIELDS or _ledger_value(before[field]) != _ledger_value(changes[field])
        ]
        if not changed:
            return current
        for field in changed:
            setattr(current, field, changes[field])
        _validate_employee(current, id_number=new_id_number,
                           dates_changed=bool({"birth_date", "hire_date"} & set(changed)))
        facts = {f: (before[f], changes[f]) for f in changed if f in ENGINE_FACT_FIELDS}
        record_fact_change("org.employee", current.code, current, facts, actor=acting_user)
        current.save(update_fields=changed)  # save() adds id_number_index when id_number changes
        if {"manager", "position"} & set(changed):  # job history (risk features: manager changes, promotions)
            keys = [f"{f}_id" for f in ("manager", "position") if f in changed]
            history.save(history.changes_for(
                current.pk, {k: before_ids[k] for k in keys}, {k: getattr(current, k) for k in keys},
                history.position_facts(current.company_id), day=timezone.localdate(), source=JobChangeSource.EDIT))
        record(
            "org.employee", current.code,
            {
                "changed": sorted(changed),
                "after": {f: _ledger_value(changes[f]) for f in changed if f not in SENSITIVE_FIELDS},
            },
            actor=acting_user, event="employee_updated",
        )
        notify_facts_changed(current, facts, acting_user=acting_user)
    return current


def change_status(employee: Employee, status: str, *, acting_user, note: str = "") -> Employee:
    """probation → active, active → separating, ...; `separated` only by closing a case."""
    if status == EmployeeStatus.SEPARATED:
        raise ValidationError({"status": [_("“已离职”只能通过关闭离职案件设置：请在「离职案件」中办理并关闭案件。")]})
    if status not in EmployeeStatus.values:
        raise ValidationError({"status": [_("未知的状态。")]})
    old = employee.status
    if status == old:
        raise ValidationError({"status": [_("员工已是该状态。")]})
    if status not in STATUS_TRANSITIONS.get(old, set()):
        raise ValidationError({"status": [
            _("不能从“%(old)s”改为“%(new)s”。")
            % {"old": EmployeeStatus(old).label, "new": EmployeeStatus(status).label}
        ]})
    with transaction.atomic():
        # Conditional update: zero rows means someone else changed the status first.
        if not Employee.objects.filter(pk=employee.pk, status=old).update(status=status):
            raise ValidationError({"status": [_("状态已被他人修改，请刷新后重试。")]})
        record("org.employee", employee.code, {"before": old, "after": status, "note": note},
               actor=acting_user, event="status_changed")
    employee.status = status
    return employee


# ---------------------------------------------------------------- the org tree


def next_child_path(parent_or_company: OrgUnit | Company) -> str:
    """The materialised path for a new child of a unit, or for a new root unit of a company.

    Root segments are numbered across all companies (as the demo does), so a path names one
    unit in the whole database. Call it inside the transaction that inserts the unit.
    """
    if isinstance(parent_or_company, OrgUnit):
        prefix = parent_or_company.path
        siblings = OrgUnit.objects.filter(parent=parent_or_company).values_list("path", flat=True)
    else:
        prefix = ""
        siblings = OrgUnit.objects.filter(parent__isnull=True).values_list("path", flat=True)
    last = 0
    for path in siblings:
        segment = path[len(prefix):].split(".")[0]
        if segment.isdigit():
            last = max(last, int(segment))
    return f"{prefix}{last + 1:0{PATH_SEGMENT_WIDTH}d}."


def _depth(path: str) -> int:
    return path.count(".") - 1


def _check_unit_fields(company: Company, name: str, code: str, *, exclude_pk: int | None = None) -> None:
    errors: dict[str, list[str]] = {}
    if not (name or "").strip():
        errors["name"] = [_("请填写部门名称。")]
    if not (code or "").strip():
        errors["code"] = [_("请填写部门编码。")]
    else:
        clash = OrgUnit.objects.filter(company=company, code=code.strip())
        if exclude_pk is not None:
            clash = clash.exclude(pk=exclude_pk)
        if clash.exists():
            errors["code"] = [_("编码 %(code)s 已被本公司的其他部门使用。") % {"code": code.strip()}]
    _raise(errors)


def create_unit(company: Company, name: str, parent: OrgUnit | None, code: str, *, acting_user) -> OrgUnit:
    """A unit under `parent` (None: a new root); its code is unique in the company."""
    if parent is not None and parent.company_id != company.pk:
        raise ValidationError({"parent": [_("上级部门不属于该公司。")]})
    _check_unit_fields(company, name, code)
    with transaction.atomic():
        # Lock the parent (or the company) so two inserts do not take the same path.
        if parent is not None:
            parent = OrgUnit.objects.select_for_update().get(pk=parent.pk)
        else:
            _lock(Company, company.pk)
        path = next_child_path(parent if parent is not None else company)
        unit = OrgUnit.objects.create(
            company=company, parent=parent, name=name.strip(), code=code.strip(), path=path, depth=_depth(path)
        )
        record("org.orgunit", unit.pk,
               {"company": str(company.code), "name": unit.name, "code": unit.code, "path": unit.path,
                "parent": parent.code if parent else None},
               actor=acting_user, event="unit_created")
    return unit


def update_unit(unit: OrgUnit, *, name: str, code: str, acting_user) -> OrgUnit:
    """Rename a unit or change its code."""
    _check_unit_fields(unit.company, name, code, exclude_pk=unit.pk)
    before = {"name": unit.name, "code": unit.code}
    after = {"name": name.strip(), "code": code.strip()}
    if before == after:
        return unit
    with transaction.atomic():
        OrgUnit.objects.filter(pk=unit.pk).update(**after)
        record("org.orgunit", unit.pk, {"before": before, "after": after}, actor=acting_user,
               event="unit_renamed")
    unit.name, unit.code = after["name"], after["code"]
    return unit


def move_unit(unit: OrgUnit, new_parent: OrgUnit | None, *, acting_user) -> OrgUnit:
    """Move a unit with its whole subtree under `new_parent` (None: make it a root).

    Two set-based UPDATEs re-path every descendant (path prefix swapped, depth shifted); grants
    point at units, so an HRBP granted on a moved unit keeps the people below it.
    """
    if new_parent is not None:
        if new_parent.company_id != unit.company_id:
            raise ValidationError({"parent": [_("上级部门不属于该公司。")]})
        if new_parent.path.startswith(unit.path):
            raise ValidationError({"parent": [_("不能把部门移到它自己或它的下级部门之下。")]})
    if (new_parent.pk if new_parent else None) == unit.parent_id:
        return unit
    with transaction.atomic():
        unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
        if new_parent is not None:
            new_parent = OrgUnit.objects.select_for_update().get(pk=new_parent.pk)
            if new_parent.path.startswith(unit.path):  # re-checked under the lock
                raise ValidationError({"parent": [_("不能把部门移到它自己或它的下级部门之下。")]})
        else:
            _lock(Company, unit.company_id)
        old_path = unit.path
        new_path = next_child_path(new_parent if new_parent is not None else unit.company)
        subtree = OrgUnit.objects.filter(company_id=unit.company_id, path__startswith=old_path)
        longest = subtree.aggregate(longest=Max(Length("path")))["longest"] or len(old_path)
        if longest - len(old_path) + len(new_path) > PATH_MAX_LENGTH:
            raise ValidationError({"parent": [_("层级过深，无法移动到该部门之下。")]})
        depth_shift = _depth(new_path) - unit.depth
        old_parent_code = unit.parent.code if unit.parent_id else None
        subtree.update(
            path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
            depth=F("depth") + depth_shift,
        )
        OrgUnit.objects.filter(pk=unit.pk).update(parent=new_parent)
        record("org.orgunit", unit.pk,
               {"before": {"parent": old_parent_code, "path": old_path},
                "after": {"parent": new_parent.code if new_parent else None, "path": new_path}},
               actor=acting_user, event="unit_moved")
    unit.refresh_from_db()
    return unit


def set_unit_head(unit: OrgUnit, head: Employee | None, *, acting_user) -> OrgUnit:
    """The unit's head (负责人): an employee of the same company, or none."""
    if head is not None and head.company_id != unit.company_id:
        raise ValidationError({"head": [_("负责人必须是本公司的员工。")]})
    if (head.pk if head else None) == unit.head_id:
        return unit
    with transaction.atomic():
        before = Employee.objects.filter(pk=unit.head_id).values_list("employee_number", flat=True).first()
        OrgUnit.objects.filter(pk=unit.pk).update(head=head)
        record("org.orgunit", unit.pk,
               {"before": before, "after": head.employee_number if head else None},
               actor=acting_user, event="unit_head_set")
    unit.head = head
    return unit


def delete_unit(unit: OrgUnit, *, acting_user) -> None:
    """Delete an empty unit; one with people, sub-units or role grants is refused."""
    with transaction.atomic():
        _lock(OrgUnit, unit.pk)
        people = Employee.objects.filter(org_unit=unit).count()
        if people:
            raise ValidationError(
                _("“%(unit)s”还有 %(n)s 名员工（含已离职），不能删除；请先把他们调到其他部门。")
                % {"unit": unit.name, "n": people}
            )
        if OrgUnit.objects.filter(parent=unit).exists():
            raise ValidationError(
                _("“%(unit)s”还有下级部门，不能删除；请先移走或删除下级部门。") % {"unit": unit.name}
            )
        # A grant would be deleted with the unit (CASCADE) and its holder would silently lose scope.
        if RoleGrant.objects.filter(org_unit=unit).exists():
            raise ValidationError(
                _("“%(unit)s”上还有角色授权，不能删除；请先在「用户与权限」中撤销。") % {"unit": unit.name}
            )
        record("org.orgunit", unit.pk, {"name": unit.name, "code": unit.code, "path": unit.path},
               actor=acting_user, event="unit_deleted")
        unit.delete()


# ---------------------------------------------------------------- positions

POSITION_FIELDS = ("name", "grade", "wage_min", "wage_max")


def _check_position(position: Position) -> None:
    errors: dict[str, list[str]] = {}
    if not (position.name or "").strip():
        errors["name"] = [_("请填写岗位名称。")]
    else:
        clash = Position.objects.filter(company_id=position.company_id, name=position.name.strip())
        if position.pk is not None:
            clash = clash.exclude(pk=position.pk)
        if clash.exists():
            errors["name"] = [_("岗位“%(name)s”已存在。") % {"name": position.name.strip()}]
    for field in ("wage_min", "wage_max"):
        value = getattr(position, field)
        if value is not None and value < 0:
            errors[field] = [_("薪档不能为负数。")]
    if (position.wage_min is not None and position.wage_max is not None
            and position.wage_min > position.wage_max and "wage_max" not in errors):
        errors["wage_max"] = [_("薪档上限不能低于下限。")]
    _raise(errors)


def create_position(company: Company, *, acting_user, name: str, grade: str = "",
                    wage_min: Decimal | None = None, wage_max: Decimal | None = None) -> Position:
    position = Position(company=company, name=(name or "").strip(), grade=grade or "",
                        wage_min=wage_min, wage_max=wage_max)
    _check_position(position)
    with transaction.atomic():
        position.save(force_insert=True)
        record("org.position", position.pk,
               {"company": str(company.code), **{f: getattr(position, f) for f in POSITION_FIELDS}},
               actor=acting_user, event="position_created")
    return position


def update_position(position: Position, *, acting_user, **changes) -> Position:
    unknown = set(changes) - set(POSITION_FIELDS)
    if unknown:
        raise TypeError(f"unknown position fields: {sorted(unknown)}")
    before = {f: getattr(position, f) for f in POSITION_FIELDS}
    if "name" in changes:
        changes["name"] = (changes["name"] or "").strip()
    for field, value in changes.items():
        setattr(position, field, value)
    _check_position(position)
    changed = [f for f in changes if before[f] != changes[f]]
    if not changed:
        return position
    with transaction.atomic():
        position.save(update_fields=changed)
        record("org.position", position.pk,
               {"before": {f: before[f] for f in changed}, "after": {f: changes[f] for f in changed}},
               actor=acting_user, event="position_updated")
        if "grade" in changed:  # every holder's grade changed with it (job history)
            history.save(history.regrade_changes(
                position, before["grade"], band_middle(before["wage_min"], before["wage_max"]),
                day=timezone.localdate(), source=JobChangeSource.POSITION_GRADE))
    return position


# ---------------------------------------------------------------- contracts


def _overlapping(employee: Employee, start: dt.date, end: dt.date | None, *, exclude_pk: int | None = None):
    """The employee's contracts whose term meets [start, end] (an open end runs forever)."""
    qs = employee.contracts.filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
    if end is not None:
        qs = qs.filter(start_date__lte=end)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.order_by("start_date").first()


def _check_contract_dates(kind: str, start: dt.date, end: dt.date | None, probation_end: dt.date | None,
                          signed: dt.date | None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if kind not in ContractKind.values:
        errors["kind"] = [_("未知的合同类型。")]
    for field, message in contract_dates_errors(start, end, probation_end).items():
        errors[field] = [message]
    if kind == ContractKind.FIXED_TERM and end is None:
        errors["end_date"] = [_("固定期限合同需要填写终止日。")]
    if signed is not None and signed > timezone.localdate():
        errors["signed_date"] = [_("签订日不能晚于今天。")]
    return errors


def _resequence(employee: Employee) -> None:
    """Number the employee's contracts 1, 2, ... in start-date order (LCL 14: the count matters)."""
    ordered = list(employee.contracts.order_by("start_date", "pk").values_list("pk", "sequence"))
    if all(seq == i for i, (_pk, seq) in enumerate(ordered, start=1)):
        return
    # Two steps: out of the way first, so the unique (employee, sequence) never clashes midway.
    employee.contracts.update(sequence=F("sequence") + 10000)
    for i, (pk, _seq) in enumerate(ordered, start=1):
        Contract.objects.filter(pk=pk).update(sequence=i)


def _contract_payload(contract: Contract) -> dict:
    return {
        "employee": str(contract.employee.code), "kind": contract.kind, "start_date": contract.start_date,
        "end_date": contract.end_date, "probation_end_date": contract.probation_end_date,
        "signed_date": contract.signed_date, "renewal_of": contract.renewal_of_id,
    }


def add_contract(employee: Employee, *, acting_user, kind: str, start_date: dt.date,
                 end_date: dt.date | None = None, probation_end_date: dt.date | None = None,
                 signed_date: dt.date | None = None, renewal_of: Contract | None = None) -> Contract:
    """A contract; refused if it overlaps another one. `sequence` follows the start dates."""
    errors = _check_contract_dates(kind, start_date, end_date, probation_end_date, signed_date)
    _raise(errors)
    with transaction.atomic():
        _lock(Employee, employee.pk)  # one writer of a person's contracts at a time
        clash = _overlapping(employee, start_date, end_date)
        if clash is not None:
            raise ValidationError({"start_date": [
                _("与第 %(seq)s 份合同（%(start)s 至 %(end)s）期限重叠。")
                % {"seq": clash.sequence, "start": clash.start_date, "end": clash.end_date or _("无固定期限")}
            ]})
        last = employee.contracts.aggregate(last=Max("sequence"))["last"] or 0
        contract = Contract.objects.create(
            employee=employee, kind=kind, sequence=last + 1, start_date=start_date, end_date=end_date,
            probation_end_date=probation_end_date, signed_date=signed_date, renewal_of=renewal_of,
        )
        _resequence(employee)
        contract.refresh_from_db(fields=["sequence"])
        record("org.contract", contract.pk, _contract_payload(contract), actor=acting_user,
               event="contract_renewed" if renewal_of else "contract_added")
        notify_facts_changed(employee, ["contracts"], acting_user=acting_user)
    return contract


# LCL 97 ¶1: fixed-term contracts concluded before the law took effect do not count towards
# LCL 14 ¶2(3); LCL 14 ¶2(1): ten full years of continuous service.
LCL_IN_FORCE = dt.date(2008, 1, 1)
OPEN_ENDED_SERVICE_YEARS = 10
CONSECUTIVE_FIXED_TERMS = 2


def open_ended_right(employee: Employee, renewal_start: dt.date) -> str:
    """Why, at a renewal starting `renewal_start`, the worker may insist on an open-ended contract
    (LCL 14 ¶2); "" when neither ground applies. The employer must then conclude one if the worker
    asks (or agrees), unless LCL 39 or 40(1)(2) applies — the page says so, it does not refuse."""
    contracts = list(employee.contracts.filter(start_date__lt=renewal_start).order_by("start_date"))
    consecutive = 0
    for contract in contracts:
        if contract.kind == ContractKind.FIXED_TERM and contract.start_date >= LCL_IN_FORCE:
            consecutive += 1
        elif contract.kind != ContractKind.FIXED_TERM:
            consecutive = 0
    if consecutive >= CONSECUTIVE_FIXED_TERMS:
        return _("已连续订立 %(n)s 次固定期限劳动合同（2008年起计）：员工提出或者同意续订的，除有第三十九条、"
                 "第四十条第一项和第二项规定的情形外，应当订立无固定期限劳动合同（《劳动合同法》第十四条第二款第三项）。") % {
            "n": consecutive}
    if employee.hire_date and relativedelta(renewal_start, employee.hire_date).years >= OPEN_ENDED_SERVICE_YEARS:
        return _("在本单位连续工作已满十年：员工提出或者同意续订的，应当订立无固定期限劳动合同"
                 "（《劳动合同法》第十四条第二款第一项）。")
    return ""


def renew_contract(contract: Contract, *, acting_user, kind: str, end_date: dt.date | None = None,
                   probation_end_date: dt.date | None = None, signed_date: dt.date | None = None) -> Contract:
    """The next contract, starting the day after `contract` ends (LCL 14: the renewal count)."""
    if contract.end_date is None:
        raise ValidationError({"kind": [_("该合同没有终止日（无固定期限），不能续签；如需结束请填写终止日。")]})
    return add_contract(
        contract.employee, acting_user=acting_user, kind=kind,
        start_date=contract.end_date + dt.timedelta(days=1), end_date=end_date,
        probation_end_date=probation_end_date, signed_date=signed_date, renewal_of=contract,
    )


def end_contract(contract: Contract, end_date: dt.date, *, acting_user) -> Contract:
    """Set (or move) a contract's end date; the old one goes to the ledger first."""
    # The contract rule seen from the end date, the one date this form changes.
    wrong = (not_before(end_date, contract.start_date, person_dates.START_DATE)
             or not_before(end_date, contract.probation_end_date, person_dates.PROBATION_END))
    if wrong:
        raise ValidationError({"end_date": [wrong]})
    if end_date == contract.end_date:
        return contract
    employee = contract.employee
    with transaction.atomic():
        _lock(Employee, employee.pk)
        clash = _overlapping(employee, contract.start_date, end_date, exclude_pk=contract.pk)
        if clash is not None:
            raise ValidationError({"end_date": [
                _("与第 %(seq)s 份合同（自 %(start)s）期限重叠。") % {"seq": clash.sequence, "start": clash.start_date}
            ]})
        record_fact_change("org.contract", contract.pk, employee, {"end_date": (contract.end_date, end_date)},
                           actor=acting_user)
        Contract.objects.filter(pk=contract.pk).update(end_date=end_date)
        notify_facts_changed(employee, ["contracts"], acting_user=acting_user)
    contract.end_date = end_date
    return contract


# ---------------------------------------------------------------- wages

WAGE_PARTS = ("base", "bonus", "allowances", "overtime")


def save_wage_month(employee: Employee, *, acting_user, month: dt.date, base: Decimal = Decimal(0),
                    bonus: Decimal = Decimal(0), allowances: Decimal = Decimal(0),
                    overtime: Decimal = Decimal(0), total: Decimal | None = None) -> WageMonth:
    """Add a month's wage, or correct it (the old values to the ledger first).

    `total` left None is the sum of the parts; given, it must equal the sum — unless every part
    is zero (a payroll that gives only 应发合计).
    """
    month = month.replace(day=1)
    parts = {"base": base or Decimal(0), "bonus": bonus or Decimal(0),
             "allowances": allowances or Decimal(0), "overtime": overtime or Decimal(0)}
    errors: dict[str, list[str]] = {}
    if month > timezone.localdate().replace(day=1):
        errors["month"] = [_("不能录入未来月份的工资。")]
    if month < employee.hire_date.replace(day=1):
        errors["month"] = [_("该月份早于入职日期（%(hire)s）。") % {"hire": employee.hire_date}]
    for field, value in parts.items():
        if value < 0:
            errors[field] = [_("金额不能为负数。")]
    parts_sum = sum(parts.values(), Decimal(0))
    if total is None:
        total = parts_sum
    elif total < 0:
        errors["total"] = [_("金额不能为负数。")]
    elif parts_sum and total != parts_sum:
        errors["total"] = [_("应发合计 %(total)s 与各项之和 %(sum)s 不符；留空则自动合计。")
                           % {"total": _grouped(total), "sum": _grouped(parts_sum)}]
    _raise(errors)
    with transaction.atomic():
        existing = WageMonth.objects.select_for_update().filter(employee=employee, month=month).first()
        values = {**parts, "total": total}
        if existing is None:
            wage = WageMonth.objects.create(employee=employee, month=month, **values)
            record("org.wagemonth", wage.pk, {"employee": str(employee.code), "month": month, **values},
                   actor=acting_user, event="wage_month_added")
        else:
            changes = {f: (getattr(existing, f), v) for f, v in values.items() if getattr(existing, f) != v}
            if not changes:
                return existing
            record_fact_change("org.wagemonth", existing.pk, employee,
                               {"month": (month, month), **changes}, actor=acting_user)
            for field, (_before, after) in changes.items():
                setattr(existing, field, after)
            existing.save(update_fields=list(changes))
            wage = existing
        notify_facts_changed(employee, ["wages"], acting_user=acting_user)
    return wage


# ---------------------------------------------------------------- protected-status periods
# The kind and notes are health data (PIPL sensitive personal information): they stay encrypted
# in the table and never enter the ledger, which is readable by auditors and hashed forever.
# A period's ledger entries carry its id, its employee, its dates and the actor only.


def start_status_period(employee: Employee, *, acting_user, kind: str, start_date: dt.date,
                        end_date: dt.date | None = None, notes: str = "") -> StatusPeriod:
    errors: dict[str, list[str]] = {}
    if kind not in StatusKind.values:
        errors["kind"] = [_("未知的保护期类型。")]
    for field, message in period_dates_errors(start_date, end_date).items():
        errors[field] = [message]
    if (notes or "").strip() and not consent.given(employee.pk, consent.HEALTH_DETAILS):
        # The fact and dates are what LCL 42 needs (lawful without consent, PIPL Art. 13); details
        # beyond them (diagnosis, notes) only with the person's separate consent (Art. 29).
        errors["notes"] = [_("员工未单独同意处理健康信息细节：只能登记保护期类型和日期，备注须留空。")]
    _raise(errors)
    with transaction.atomic():
        period = StatusPeriod.objects.create(
            employee=employee, kind=kind, notes=notes or "", start_date=start_date, end_date=end_date
        )
        # No kind, no notes: see the comment above.
        record("org.statusperiod", period.pk,
               {"employee": str(employee.code), "period": period.pk, "start_date": start_date,
                "end_date": end_date},
               actor=acting_user, event="status_period_started")
        notify_facts_changed(employee, ["status_periods"], acting_user=acting_user)
    return period


def end_status_period(period: StatusPeriod, end_date: dt.date, *, acting_user) -> StatusPeriod:
    wrong = period_dates_errors(period.start_date, end_date)
    if wrong:
        raise ValidationError({field: [message] for field, message in wrong.items()})
    if end_date == period.end_date:
        return period
    employee = period.employee
    with transaction.atomic():
        # The old end date first; no kind, no notes (see above).
        record_fact_change("org.statusperiod", period.pk, employee,
                           {"end_date": (period.end_date, end_date), "start_date": (period.start_date,
                                                                                    period.start_date)},
                           actor=acting_user)
        StatusPeriod.objects.filter(pk=period.pk).update(end_date=end_date)
        notify_facts_changed(employee, ["status_periods"], acting_user=acting_user)
    period.end_date = end_date
    return period
