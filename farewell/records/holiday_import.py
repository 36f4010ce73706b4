"""设置 › 节假日 from a file: the State Council's schedule (日期, 类型, 通知) in the one importer framework.

The table is the same for every company (a national schedule): the company the import flow asks
for only names who imported it on the ledger. All or nothing like every import; a day listed twice
in the file is an error naming both rows; a new day and a changed one each go on the ledger (a
changed one with its old values), besides the import's own entry.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from farewell.accounts.installation import is_installation_admin
from farewell.ledger.services import record
from farewell.org.holidays import LEDGER_TYPE
from farewell.org.models import Holiday, HolidayKind
from farewell.org.signals import announce_reference_change as announce_change

from .importers import Column, ImportSpec, _row_error, choice, date, record_old_values, register, text
from .people.base import _read_valid
from .worded import _

FIELDS = ("kind", "notice")


def import_holidays(spec, table, mapped, context, report, job_id, progress, chunk_size) -> None:
    if context.user is not None and not is_installation_admin(context.user):
        # One table for every company: only an HR admin of every company changes it (issue 13).
        report.errors.append(_("节假日表对本系统的所有公司生效：只有对所有公司都有管理权限的HR管理员可以导入。"))
        return
    rows = _read_valid(spec, table, mapped, context, report, progress)
    if rows is None:
        return
    existing = {h.day: h for h in Holiday.objects.filter(day__in=[row.values["day"] for row in rows])}
    seen: dict = {}
    new, changed = [], []
    for row in rows:
        v = row.values
        first = seen.setdefault(v["day"], row.number)
        if first != row.number:
            report.add_errors([_row_error(row.number, spec.column("day").header,
                                          _("与第 %(row)s 行重复") % {"row": first})])
            continue
        holiday = existing.get(v["day"])
        if holiday is None:
            new.append((row.number, Holiday(day=v["day"], kind=v["kind"], notice=v["notice"])))
            continue
        before = {f: getattr(holiday, f) for f in FIELDS}
        after = {f: v[f] for f in FIELDS}
        if before == after:
            report.unchanged += 1
            continue
        changed.append((row.number, holiday, before, after))
    if report.errors:
        return
    for number, holiday in new:
        holiday.save()
        record(LEDGER_TYPE, holiday.pk, {"day": holiday.day, "kind": holiday.kind, "notice": holiday.notice,
                                         "import_job": str(context.job_code or ""), "row": number},
               actor=context.user, event="holiday_added")
    for number, holiday, before, after in changed:
        record_old_values(Holiday, holiday.pk, number, {"day": holiday.day, **before}, {"day": holiday.day, **after},
                          context, event="holiday_changed")
        for field, value in after.items():
            setattr(holiday, field, value)
        holiday.save(update_fields=[*FIELDS, "updated_at"])
    report.created += len(new)
    report.updated += len(changed)
    if new or changed:
        announce_change(context.user)  # a dry run rolls back: nothing is announced


def export_holidays(user, company_ids):
    for h in Holiday.objects.order_by("day"):
        yield [h.day, h.get_kind_display(), h.notice]


SPECS = (
    ImportSpec(
        "holidays", gettext_lazy("节假日安排（国务院通知）"), Holiday,
        (
            Column("day", "日期", date, required=True, aliases=("日", "day", "date"), example="2027-01-01"),
            Column("kind", "类型", choice(HolidayKind, 休息="holiday", 休假="holiday", 假日="holiday",
                                          节假日="holiday", 上班="workday", 补班="workday",
                                          工作日="workday", 调休休息="inlieu", 调休放假="inlieu",
                                          inlieu="inlieu", in_lieu="inlieu",
                                          # the English labels, as an export from an English page writes them
                                          **{"day off": "holiday", "adjusted working day": "workday",
                                             "day off in lieu": "inlieu"}),
                   # A bare 调休 is not taken: it names an adjusted working day (调休上班, paid) on some calendars and
                   # a day off in lieu (调休放假, not paid) on others; the row error lists both.
                   required=True, aliases=("放假/上班", "kind"), example="放假"),
            Column("notice", "通知", text(200), required=True, aliases=("国务院通知", "文号", "依据", "notice"),
                   example="国务院办公厅关于2027年部分节假日安排的通知"),
        ),
        ("day",), runner=import_holidays, exporter=export_holidays, action="settings.manage",
        group=gettext_lazy("设置"), recompute_flags=False,
        description=gettext_lazy("每行一天：放假的日子、调休上班的日子和调休放假的日子（不计薪），注明所依据的"
                                 "国务院办公厅通知；同一天再次导入即更正"),
    ),
)

register(SPECS)
