"""Org units (a tree by path or parent code) and positions."""


from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.utils import timezone

from farewell.org import history
from farewell.org.models import (
    Employee,
    JobChangeSource,
    OrgUnit,
    Position,
)
from farewell.org.promotions import band_middle

from ..importers import (
    _row_error,
    _show,
)
from ..worded import _
from .base import SEGMENT_WIDTH, _number, _read_valid, _split_path, write_job_changes

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


def _unit_rules(values: dict, errors: list[str], number: int, context, wrong=frozenset()) -> None:
    if not values.get("path") and not values.get("name"):
        errors.append(_row_error(number, "部门路径", _("部门路径和部门名称至少填一项")))


def import_units(spec, table, mapped, context, report, job_id, progress, chunk_size) -> None:
    rows = _read_valid(spec, table, mapped, context, report, progress)
    if rows is None:
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


def _position_rules(values: dict, errors: list[str], number: int, context, wrong=frozenset()) -> None:
    low, high = values.get("wage_min"), values.get("wage_max")
    if low is not None and high is not None and low > high:
        errors.append(_row_error(number, "薪档上限", _("不能低于薪档下限 %(v)s") % {"v": low}))


def import_positions(spec, table, mapped, context, report, job_id, progress, chunk_size) -> None:
    rows = _read_valid(spec, table, mapped, context, report, progress)
    if rows is None:
        return
    company = context.company
    existing = {p.name: p for p in Position.objects.filter(company=company)}
    seen: dict[str, int] = {}
    new, changed = [], []
    regraded: dict[int, tuple] = {}  # position id → (grade, band midpoint) before the file
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
        regraded[position.pk] = (position.grade, band_middle(position.wage_min, position.wage_max))
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
        day, rows = timezone.localdate(), []
        for position in changed:  # a re-grade changes every holder's grade (job history)
            old_grade, old_band = regraded.get(position.pk, (position.grade, None))
            rows += history.regrade_changes(position, old_grade, old_band, day=day,
                                            source=JobChangeSource.POSITION_GRADE)
        write_job_changes(rows)
    report.created += len(new)
    report.updated += len(changed)


def export_positions(user, company_ids):
    for p in Position.objects.filter(company_id__in=company_ids).order_by("company_id", "name"):
        yield [p.name, p.grade, _number(p.wage_min), _number(p.wage_max)]
