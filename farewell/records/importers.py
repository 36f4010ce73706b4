"""The one importer framework for every record kind.

A kind is declared once as an `ImportSpec`: its columns (Chinese header, aliases, a cell
parser, required or not) and its natural key. `run_import()` streams any table (tables.py)
through it in chunks:

- each cell is parsed (each distinct raw cell of a column once per import, `parse_row`); a bad
  one is reported as "第 5 行 · 分数：“abc” 不是数字";
- the employee numbers (工号) of a chunk are resolved in ONE query, within the company and, for a
  user, within the scope `records.import` gives them (others read "工号不存在或不在您的权限范围内");
- the chunk's existing rows are read in ONE query by natural key, so each row is counted as
  created, updated or unchanged, and only created or changed rows are written, in one bulk
  upsert (INSERT ... ON CONFLICT DO UPDATE: executemany on SQLite, COPY into a temporary table
  then INSERT ... SELECT on PostgreSQL — see `Upsert`);
- everything runs in one transaction: any bad row (or `dry_run`) rolls it all back.

Only the mapped columns are written on update: a file with 工号/周期/分数 leaves the comments alone.
A kind whose records may become evidence (奖惩, `overwrite_error`) is not overwritten: a changed
row is an error unless the user allows corrections, and then the old values go to the ledger first.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import islice
from pathlib import Path
from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy, gettext_noop

from farewell.common.dates import EARLIEST_DATE, too_early_message
from farewell.common.numbers import written_decimal
from farewell.common.wording import Joined
from farewell.org.models import Company, Employee

from . import models as m
from . import periods
from .tables import Table, TableError
from .worded import Worded, _, header_words

DEFAULT_CHUNK_SIZE = 2000
# Distinct raw cells whose parse `parse_row` remembers, per column and import: dates, units,
# kinds and choices repeat on most rows; a column of unique values (names, ID numbers) stops
# being remembered once this many are.
PARSED_CELLS_LIMIT = 20_000
MAX_REPORTED_ERRORS = 1000
EMPLOYEE_NOT_FOUND = gettext_lazy("工号不存在或不在您的权限范围内")
CONCURRENT_WRITE = gettext_lazy("导入期间其他操作写入了相同的记录，未写入任何数据，请重新导入")
IMPORT_LEDGER_TYPE = "records.import"
IMPORT_LOCK_CLASS = 7301  # pg_advisory_xact_lock(class, kind): the first number is this app's


class CellError(ValueError):
    """A cell that cannot be read; the message names the value, the row and column are added."""


# ---------------------------------------------------------------------------------------------
# Cell parsers: raw cell (str from CSV; str, number, date or None from XLSX) → Python value.


def _blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _narrow(raw: str) -> str:
    """全角 to half-width (“１５，０００．００” → "15,000.00", "２０２４年１月２日" → "2024年1月2日")."""
    return unicodedata.normalize("NFKC", raw)


def _show(raw: Any) -> str:
    text = str(raw).strip()
    return text if len(text) <= 30 else text[:30] + "…"


def text(max_length: int, *, narrow: bool = False) -> Callable[[Any], str]:
    """Free text; `narrow` (codes such as 工号) also folds 全角 letters and digits to half-width."""

    def parse(raw: Any) -> str:
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)  # 1001.0 from an Excel number cell is "1001"
        value = str(raw).strip()
        if narrow:
            value = _narrow(value).strip()
        if len(value) > max_length:
            raise CellError(_("超过 %(n)s 个字") % {"n": max_length})
        return value

    return parse


def _number(raw: Any) -> Decimal:
    """A number cell as written (not rounded): a number, or text as the forms read it (common/numbers:
    full-width digits, ¥ and 元, thousands separators that group three digits; "2.345,60" is refused, not
    guessed), here also with a trailing %."""
    if isinstance(raw, bool):
        raise CellError(_("“%(v)s” 不是数字") % {"v": _show(raw)})
    if isinstance(raw, int | float | Decimal):
        value = Decimal(str(raw))
    else:
        value = written_decimal(_narrow(str(raw)).strip().removesuffix("%"))
        if value is None:
            raise CellError(_("“%(v)s” 不是数字") % {"v": _show(raw)})
    if not value.is_finite():
        raise CellError(_("“%(v)s” 不是数字") % {"v": _show(raw)})
    return value


def decimal(
    minimum: Decimal | int | None = None, maximum: Decimal | int | None = None, places: int = 2, digits: int = 14
) -> Callable[[Any], Decimal]:
    quantum = Decimal(1).scaleb(-places)
    limit = Decimal(10) ** (digits - places)

    def parse(raw: Any) -> Decimal:
        value = _number(raw)
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            raise CellError(_("“%(v)s” 超出范围 %(min)s–%(max)s") % {
                "v": _show(raw), "min": "" if minimum is None else minimum, "max": "" if maximum is None else maximum,
            })
        value = value.quantize(quantum)
        if abs(value) >= limit:
            raise CellError(_("“%(v)s” 数值过大") % {"v": _show(raw)})
        return value

    return parse


def integer(minimum: int | None = None, maximum: int | None = None) -> Callable[[Any], int]:
    as_decimal = decimal(minimum, maximum, places=0)

    def parse(raw: Any) -> int:
        value = as_decimal(raw)
        if isinstance(raw, str) and _number(raw) != value:
            raise CellError(_("“%(v)s” 不是整数") % {"v": _show(raw)})
        if isinstance(raw, float) and not raw.is_integer():
            raise CellError(_("“%(v)s” 不是整数") % {"v": _show(raw)})
        return int(value)

    return parse


_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


_EXCEL_EPOCH = dt.date(1899, 12, 30)  # Excel's day 0 (its 1900 leap-year bug folded in)
# Excel serial numbers for 1900-03-01 .. 9999-12-31; a 5-digit number is a serial, 8 digits YYYYMMDD.
_EXCEL_SERIALS = range(61, 2958466)


def _excel_serial(value: float) -> dt.date | None:
    if float(value).is_integer() and int(value) in _EXCEL_SERIALS:
        return _EXCEL_EPOCH + dt.timedelta(days=int(value))
    return None


def _not_before_1950(day: dt.date) -> dt.date:
    if day < EARLIEST_DATE:  # a period before 1950 is a typo (common/dates.py)
        raise CellError(too_early_message(day))
    return day


def calendar_date(raw: Any) -> dt.date:
    """2024-01-02, 2024/1/2, 2024.1.2, 2024年1月2日, 20240102, 全角 digits, a date cell or an Excel
    serial number (a date column formatted as a number: 45293 → 2024-01-02)."""
    if isinstance(raw, dt.date):  # a date cell (datetime is a date too)
        return raw.date() if isinstance(raw, dt.datetime) else raw
    if isinstance(raw, int | float) and not isinstance(raw, bool) and not 10_000_000 <= raw < 100_000_000:
        serial = _excel_serial(raw)
        if serial is not None:
            return serial
    value = _narrow(str(int(raw) if isinstance(raw, float) and raw.is_integer() else raw)).strip()
    if value.isdigit() and len(value) <= 7:
        serial = _excel_serial(int(value))
        if serial is not None:
            return serial
    match = _DATE.match(value) or _COMPACT_DATE.match(value)
    if match:
        try:
            day = dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            pass
        else:
            return day
    raise CellError(_("“%(v)s” 不是有效日期（例如 2025-03-31）") % {"v": _show(raw)})


def date(raw: Any) -> dt.date:
    """A day of a period (hire, contract, wage month, record period…): `calendar_date`, not before
    1950 (common/dates.py). A birth date is read with `calendar_date` itself."""
    return _not_before_1950(calendar_date(raw))


_TRUE = {"是", "通过", "合格", "y", "yes", "true", "1", "√", "✓", "t"}
_FALSE = {"否", "未通过", "不通过", "不合格", "n", "no", "false", "0", "×", "✗", "f"}


def boolean(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    value = _narrow(str(int(raw) if isinstance(raw, float) and raw.is_integer() else raw)).strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise CellError(_("“%(v)s” 应为 是 或 否") % {"v": _show(raw)})


def choice(choices: type[models.TextChoices], **aliases: str) -> Callable[[Any], str]:
    """Accepts the stored value, the label (also its text after a space: "A 优秀" → "优秀") or an alias."""
    lookup: dict[str, str] = {}
    for value, label in choices.choices:
        lookup[value.lower()] = value
        lookup[str(label).lower()] = value
        for part in str(label).split():
            lookup.setdefault(part.lower(), value)
    for alias, value in aliases.items():
        lookup[alias.lower()] = value
    accepted = "、".join(str(label) for label in choices.labels)

    def parse(raw: Any) -> str:
        value = lookup.get(_narrow(str(raw)).strip().lower())
        if value is None:
            raise CellError(_("“%(v)s” 不是可选值（%(accepted)s）") % {"v": _show(raw), "accepted": accepted})
        return value

    return parse


def period_kind(raw: Any) -> str:
    kind = periods.parse_kind(str(raw))
    if kind is None:
        raise CellError(_("“%(v)s” 应为 月度、季度 或 年度") % {"v": _show(raw)})
    return kind


def period(raw: Any) -> Any:
    # Kept raw: combined with the row's 周期类型 in ImportSpec.clean_row.
    parsed = periods.parse_period(raw)
    if parsed is None:
        raise CellError(_("“%(v)s” 不是有效周期（例如 2025-03、2025-Q1、2025）") % {"v": _show(raw)})
    _not_before_1950(parsed[1])
    return raw


# ---------------------------------------------------------------------------------------------
# Specs


@dataclass(frozen=True)
class Column:
    field: str
    header: str
    parse: Callable[[Any], Any]
    required: bool = False
    aliases: tuple[str, ...] = ()
    example: Any = ""
    written: bool = True  # False: read only to compute another field (周期类型 → period_kind)


def _normalise_header(header: str) -> str:
    return re.sub(r"[\s*＊:：()（）\[\]【】%％]", "", str(header or "")).lower()


@dataclass(frozen=True)
class RowResult:
    number: int
    values: dict
    errors: list[str]


@dataclass(frozen=True)
class ImportSpec:
    kind: str
    label: Any
    model: type[models.Model]
    columns: tuple[Column, ...]
    natural_key: tuple[str, ...]
    description: Any = ""
    periodic: bool = False
    chunk_size: int = DEFAULT_CHUNK_SIZE
    # Set for records that may become evidence: a re-import that changes one is an error with
    # this message (%(row)s), unless the importing user allows corrections (then the old values
    # go to the ledger first).
    overwrite_error: Any = ""
    # Facts the law engine reads (hire date, wages, …): a re-import may change them, but each
    # changed row's old values go to the ledger first (event "fact_changed").
    ledger_changes: bool = False
    # A kind with its own writer (people.py: employees, units, contracts, …) instead of the
    # employee-keyed upsert; same signature as `_import_rows`.
    runner: Callable | None = None
    # Row rules of the kind, after the cells: (values, errors, row number, context, headers of the
    # columns whose cells could not be read) → None. They run on every row, also one with a bad cell.
    row_rules: Callable | None = None
    # The rows of an export (user, company ids) → iterable of rows in `columns` order.
    exporter: Callable | None = None
    # The export carries sensitive numbers in clear (ID, bank account): the user states a purpose
    # and confirms first, and the exporter takes it as `purpose=` for the access log.
    sensitive_export: bool = False
    # The policy action a user needs to import the kind (people.py: org.manage for the tree).
    action: str = "records.import"
    group: Any = gettext_lazy("人员记录")
    recompute_flags: bool = True
    # Columns of which at least one must be given, for a kind where no single column is required
    # (组织架构: a unit by its path or by its name).
    one_of: tuple[str, ...] = ()

    @property
    def key_label(self) -> str:
        """"工号+周期+维度": the natural key as the user knows it (周期 includes its kind)."""
        fields = [f for f in self.natural_key if f != "period_kind"]
        return "+".join(self.column(f).header for f in fields)

    def column(self, field_name: str) -> Column:
        return next(c for c in self.columns if c.field == field_name)

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    def auto_map(self, headers: list[str]) -> dict[str, int | None]:
        """field → index of the header that names it (its header, an alias, or the field name)."""
        normalised = [_normalise_header(h) for h in headers]
        mapping: dict[str, int | None] = {}
        for column in self.columns:
            names = {_normalise_header(n) for n in (column.header, column.field, *column.aliases)}
            mapping[column.field] = next((i for i, h in enumerate(normalised) if h and h in names), None)
        return mapping

    def missing_required(self, mapping: dict[str, int | None]) -> list[str]:
        return [c.header for c in self.columns if c.required and mapping.get(c.field) is None]

    def mapping_problem(self, mapping: dict[str, int | None]) -> str | None:
        """Why the import cannot start with this mapping (the columns missing, named), or None.

        Checked by the server, not only by the page: a mapping with no column at all would
        otherwise run and fail on every row (or, for a kind with no required column, be consumed)."""
        missing = self.missing_required(mapping)
        if missing:
            # The columns by their headers in the reader's language, listed with the reader's mark (、 or ", ").
            columns = Joined([header_words(header) for header in missing], mark="enumeration")
            return _("缺少必填列：%(columns)s") % {"columns": columns}
        if self.one_of and all(mapping.get(f) is None for f in self.one_of):
            columns = Joined([header_words(self.column(f).header) for f in self.one_of], mark="enumeration")
            return _("至少需要以下列之一：%(columns)s") % {"columns": columns}
        if all(mapping.get(c.field) is None for c in self.columns):
            return _("没有为任何字段选择文件中的列")
        return None

    def clean_row(self, values: dict, errors: list[str], number: int, context: ImportContext,
                  wrong: frozenset | set = frozenset()) -> None:
        """Row-level rules after the cells: the period, the metric and its range, the kind's own.
        `wrong`: the headers of the columns whose cells could not be read (their values are absent)."""
        if self.periodic and "period_start" in values:
            kind = values.pop("period_kind", None)
            values["period_kind"], values["period_start"] = periods.parse_period(values["period_start"], kind)
        if self.kind == "metrics" and values.get("metric") is not None:
            metric = context.metrics.get(str(values["metric"]).strip().lower())
            if metric is None:
                errors.append(_row_error(number, self.column("metric").header, _("“%(v)s” 不在指标目录中") % {
                    "v": _show(values["metric"])}))
                values["metric"] = None
            else:
                values["metric"] = metric.pk
                value = values.get("value")
                if value is not None and (
                    (metric.min_value is not None and value < metric.min_value)
                    or (metric.max_value is not None and value > metric.max_value)
                ):
                    errors.append(_row_error(number, self.column("value").header, _(
                        "“%(v)s” 超出指标“%(metric)s”的范围 %(min)s–%(max)s") % {
                        "v": _plain(value), "metric": metric.name,
                        "min": "" if metric.min_value is None else _plain(metric.min_value),
                        "max": "" if metric.max_value is None else _plain(metric.max_value),
                    }))
        if self.row_rules is not None:
            self.row_rules(values, errors, number, context, wrong)
        if self.kind == "reviews" and values.get("score") is None and not values.get("rating") and (
            "score" in context.mapped or "rating" in context.mapped
        ) and not wrong & {self.column("score").header, self.column("rating").header}:
            errors.append(_row_error(number, self.column("score").header, _("分数和等级至少填一项")))


def _plain(value: Decimal) -> str:
    """500.0000 → "500" (normalize() alone would write 5E+2)."""
    return format(value.normalize(), "f")


NO_DATA_ROWS = gettext_lazy("文件中没有要导入的数据：表头下面没有任何行（请确认填写的是第一个工作表，并已保存）")




class RowError(str):
    """A row's error as the report prints it ("第 5 行 · 分数：…"), which also keeps its parts: the
    API answers with the row, the column's header and the message apart (errors naming the field), and a
    job keeps them to word the error again in its reader's language (`as_stored`, worded.shown)."""

    row: int
    header: str
    message: str

    def __new__(cls, number: int, header: str, message: str) -> RowError:
        from .worded import ROW_ERROR, header_shown

        text = _(ROW_ERROR) % {"row": number, "field": header_shown(header), "message": message}
        error = super().__new__(cls, text)
        error.row, error.header, error.message = number, str(header), message if isinstance(message, Worded) else str(message)
        return error


def _row_error(number: int, header: str, message: str) -> str:
    return RowError(number, header, message)


EMPLOYEE = Column("employee", "工号", text(30, narrow=True), required=True,
                  aliases=("员工工号", "员工编号", "职工编号", "人员编号", "employee_number"),
                  example="E000123")
PERIOD = Column("period_start", "周期", period, required=True, aliases=("期间", "考核周期", "月份", "period"),
                example="2025-03")
PERIOD_KIND = Column("period_kind", "周期类型", period_kind, aliases=("周期类别",), example="月度", written=False)

SPECS: dict[str, ImportSpec] = {
    spec.kind: spec
    for spec in (
        ImportSpec(
            "reviews", gettext_lazy("绩效考核"), m.PerformanceReview,
            (
                EMPLOYEE, PERIOD, PERIOD_KIND,
                Column("score", "分数", decimal(0, 100), aliases=("考核分数", "得分"), example="86.5"),
                Column("rating", "等级", choice(m.Rating, 卓越="S", 良好="B", 合格="B", 不合格="D"),
                       aliases=("考核等级", "绩效等级"), example="B"),
                Column("kpi_completion", gettext_noop("KPI完成率"), decimal(0, 1000), aliases=("KPI完成率(%)", "kpi"), example="95"),
                Column("reviewer_name", "考核人", text(50), aliases=("评价人",), example="王经理"),
                Column("comment", "评语", text(5000), aliases=("备注",), example="按期完成季度目标"),
            ),
            ("employee", "period_kind", "period_start"), periodic=True,
        ),
        ImportSpec(
            "metrics", gettext_lazy("指标数据（考勤、产出、投诉等）"), m.MetricValue,
            (
                EMPLOYEE,
                Column("metric", "指标", text(50), required=True, aliases=("指标代码", "指标名称", "metric"),
                       example="迟到次数"),
                PERIOD, PERIOD_KIND,
                Column("value", "数值", decimal(places=4, digits=14), required=True, aliases=("值", "value"),
                       example="2"),
            ),
            ("employee", "metric", "period_kind", "period_start"), periodic=True, chunk_size=20000,
            description=gettext_lazy("指标填写指标目录中的代码或名称"),
        ),
        ImportSpec(
            "training", gettext_lazy("培训记录"), m.TrainingRecord,
            (
                EMPLOYEE,
                Column("course", "课程", text(200), required=True, aliases=("课程名称", "培训课程"), example="客户沟通技巧"),
                Column("course_date", "日期", date, required=True, aliases=("培训日期",), example="2025-03-12"),
                Column("status", "状态", choice(m.TrainingStatus, 邀请="invited", 参加="attended", 出席="attended",
                                                拒绝="declined", 缺席="absent"),
                       required=True, aliases=("参加情况",), example="已参加"),
                Column("exam_score", "考试分数", decimal(0, 100), aliases=("成绩",), example="88"),
                Column("passed", "是否通过", boolean, aliases=("通过",), example="是"),
                Column("hours", "学时", decimal(0, 10000, places=1, digits=6), example="8"),
            ),
            ("employee", "course", "course_date"),
        ),
        ImportSpec(
            "rewards", gettext_lazy("奖惩记录"), m.RewardPenalty,
            (
                EMPLOYEE,
                Column("kind", "类型", choice(m.SanctionKind, 奖="reward", 惩="penalty", 惩罚="penalty"),
                       required=True, aliases=("奖惩类型",), example="处分"),
                Column("level", "级别", choice(m.SanctionLevel), aliases=("等级",), example="一般"),
                Column("title", "名称", text(100), required=True, aliases=("奖惩名称", "处分名称"), example="书面警告"),
                Column("date", "日期", date, required=True, aliases=("奖惩日期",), example="2025-04-02"),
                Column("reason", "事由", text(5000), aliases=("原因",), example="连续三次迟到未说明原因"),
                Column("policy_clause", "依据条款", text(200), aliases=("依据",), example="员工手册第5.3条"),
            ),
            ("employee", "kind", "date", "title"),
            overwrite_error=gettext_lazy(
                "第 %(row)s 行 · 已有同一奖惩记录且内容不同：奖惩记录一经导入不可覆盖，请以更正记录导入"),
        ),
        ImportSpec(
            "feedback360", gettext_lazy("360评估"), m.Feedback360,
            (
                EMPLOYEE, PERIOD, PERIOD_KIND,
                Column("dimension", "维度", text(50), required=True, aliases=("评估维度",), example="团队协作"),
                Column("rater_relation", "评价人关系", choice(m.RaterRelation, 自评="self", 领导="manager", 平级="peer"),
                       required=True, aliases=("关系",), example="同事"),
                Column("rater_key", "评价人编号", text(50), aliases=("评价人",), example="R07"),
                Column("score", "分数", decimal(1, 5), required=True, example="4"),
                Column("comment", "评语", text(5000), example="乐于分享"),
            ),
            ("employee", "period_kind", "period_start", "dimension", "rater_relation", "rater_key"), periodic=True,
        ),
        ImportSpec(
            "values", gettext_lazy("价值观评估"), m.ValuesAssessment,
            (
                EMPLOYEE, PERIOD, PERIOD_KIND,
                Column("dimension", "价值观维度", text(50), required=True, aliases=("维度",), example="客户第一"),
                Column("score", "分数", integer(1, 5), required=True, example="4"),
                Column("examples", "行为事例", text(5000), aliases=("事例",), example="主动跟进客户投诉直至解决"),
                Column("assessor_name", "评估人", text(50), example="王经理"),
            ),
            ("employee", "period_kind", "period_start", "dimension"), periodic=True,
        ),
        ImportSpec(
            "surveys", gettext_lazy("调查问卷"), m.SurveyResponse,
            (
                EMPLOYEE,
                Column("survey", "问卷", choice(m.SurveyKind), required=True, aliases=("问卷类型",), example="敬业度"),
                Column("dimension", "维度", text(50), example="工作认可"),
                PERIOD, PERIOD_KIND,
                Column("score", "分数", decimal(0, 10), required=True, example="3.5"),
                Column("comment", "意见", text(5000), aliases=("评论",), example=""),
            ),
            ("employee", "survey", "dimension", "period_kind", "period_start"), periodic=True,
        ),
        ImportSpec(
            "commitments", gettext_lazy("招聘/入职承诺"), m.Commitment,
            (
                EMPLOYEE,
                Column("stage", "阶段", choice(m.CommitmentStage), required=True, example="面试"),
                Column("party", "承诺方", choice(m.CommitmentParty, 员工="candidate", 本人="candidate"),
                       example="候选人"),
                Column("said_on", "日期", date, required=True, aliases=("记录日期",), example="2024-06-18"),
                Column("topic", "主题", text(100), required=True, example="出差"),
                Column("content", "内容", text(5000), required=True, aliases=("承诺内容",), example="可接受每月一周出差"),
                Column("recorded_by", "记录人", text(50), example="HR 张敏"),
            ),
            ("employee", "party", "said_on", "topic"),
        ),
        ImportSpec(
            "contributions", gettext_lazy("贡献"), m.Contribution,
            (
                EMPLOYEE,
                Column("kind", "类型", choice(m.ContributionKind, 项目="project", 奖项="award", 带教="mentoring"),
                       required=True, example="重点项目"),
                Column("title", "名称", text(200), required=True, aliases=("项目名称",), example="华东区渠道改造"),
                Column("date", "日期", date, required=True, aliases=("开始日期",), example="2024-01-08"),
                Column("end_date", "结束日期", date, example="2024-09-30"),
                Column("role", "角色", text(100), example="项目经理"),
                Column("description", "说明", text(5000), example="带领 5 人团队完成"),
            ),
            ("employee", "kind", "title", "date"),
        ),
    )
}


def get_spec(kind: str) -> ImportSpec:
    try:
        return SPECS[kind]
    except KeyError:
        raise ValueError(_("未知的数据类型：%(kind)s（可选：%(kinds)s）") % {
            "kind": kind, "kinds": "、".join(SPECS)}) from None


# ---------------------------------------------------------------------------------------------
# Running an import


@dataclass
class ImportReport:
    kind: str
    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    bad_rows: int = 0
    errors: list[str] = field(default_factory=list)
    dry_run: bool = False
    committed: bool = False
    # What HR should know but does not stop the import (a birth date that disagrees with the ID
    # number, a person with an open case whose facts change).
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def add_errors(self, messages: list[str]) -> None:
        self.bad_rows += 1
        room = MAX_REPORTED_ERRORS - len(self.errors)
        if room > 0:
            self.errors.extend(messages[:room])

    def as_dict(self) -> dict:
        return {
            "kind": self.kind, "total": self.total, "created": self.created, "updated": self.updated,
            "unchanged": self.unchanged, "bad_rows": self.bad_rows, "dry_run": self.dry_run,
            "committed": self.committed, "errors_truncated": self.bad_rows > 0 and len(self.errors) >= MAX_REPORTED_ERRORS,
            "warnings": self.warnings[:MAX_REPORTED_ERRORS],
        }

    def warn(self, message: str) -> None:
        if len(self.warnings) < MAX_REPORTED_ERRORS:
            self.warnings.append(message)

    def summary(self) -> str:
        return report_summary(self.as_dict(), has_errors=bool(self.errors))


def report_summary(report: dict, *, has_errors: bool) -> str:
    """A report's one-line result (ImportReport.as_dict) in the reader's language: a job's report is
    kept as counts and worded when shown, so an import run in English reads in Chinese on a Chinese page."""
    if has_errors and not report.get("bad_rows", 0):  # a file-level error (no rows, a missing column…)
        return _("未写入任何数据")
    if has_errors:
        return _("%(bad)s 行有错误，未写入任何数据（共 %(total)s 行）") % {"bad": report.get("bad_rows", 0), "total": report.get("total", 0)}
    prefix = _("试运行，未写入：") if report.get("dry_run", 0) else ""
    return prefix + _("共 %(total)s 行：新增 %(created)s，更新 %(updated)s，未变 %(unchanged)s") % {
        "total": report.get("total", 0), "created": report.get("created", 0), "updated": report.get("updated", 0),
        "unchanged": report.get("unchanged", 0),
    }


@dataclass
class ImportContext:
    employees: models.QuerySet
    mapped: set[str]
    metrics: dict[str, m.Metric] = field(default_factory=dict)
    user: Any = None
    allow_corrections: bool = False
    job_code: Any = None
    company: Company | None = None
    today: dt.date | None = None
    # Employees whose law-engine facts this import changed (their open cases re-run on commit).
    changed_employees: set[int] = field(default_factory=set)
    # parse_row's memory: column field → {raw cell: (True, value) or (False, error message)}.
    parsed_cells: dict[str, dict] = field(default_factory=dict)


def employees_in_scope(company: Company, user=None) -> models.QuerySet:
    """The employees an import may write about: the company's, narrowed to the user's scope."""
    qs = Employee.objects.filter(company=company)
    if user is not None:
        from farewell.accounts import policy

        qs = policy.employees_for(user, "records.import", qs)
    return qs


class _Rollback(Exception):
    pass


def run_import(
    spec: ImportSpec,
    table: Table,
    *,
    company: Company,
    user=None,
    mapping: dict[str, int | None] | None = None,
    dry_run: bool = False,
    job_id: int | None = None,
    progress: Callable[[int, int | None], None] | None = None,
    chunk_size: int | None = None,
    source: ImportSource | None = None,
    allow_corrections: bool = False,
    recompute_flags: bool = True,
) -> ImportReport:
    """Validate and upsert every row of `table`, all or nothing. See the module docstring.

    A committed import is put on the ledger in its own transaction (kind, file and its SHA-256,
    counts, actor) and schedules a recompute of the company's flags once it commits."""
    report = ImportReport(spec.kind, dry_run=dry_run)
    mapping = spec.auto_map(table.headers) if mapping is None else mapping
    problem = spec.mapping_problem(mapping)
    if problem:
        report.errors.append(problem)
        return report
    mapped = [(c, mapping[c.field]) for c in spec.columns if mapping.get(c.field) is not None]
    context = ImportContext(employees_in_scope(company, user), {c.field for c, _i in mapped}, user=user,
                            allow_corrections=allow_corrections, company=company, today=_today())
    if job_id is not None:
        from farewell.common.models import Job

        context.job_code = Job.objects.filter(pk=job_id).values_list("code", flat=True).first()
    if spec.kind == "metrics":
        for metric in m.Metric.objects.filter(active=True):
            context.metrics[metric.code.lower()] = metric
            context.metrics[metric.name.lower()] = metric
    if spec.runner is not None:
        import_rows = spec.runner
    elif spec.kind == "metrics":
        from .metric_rows import import_metric_rows as import_rows
    else:
        import_rows = _import_rows
    try:
        with transaction.atomic():
            _lock_kind(spec)
            import_rows(spec, table, mapped, context, report, job_id, progress, chunk_size or spec.chunk_size)
            if report.total == 0 and not report.errors:
                # A file with its headers and nothing under them is a mistake (the template saved
                # before filling it in, the wrong sheet first), not an import of nothing.
                report.errors.append(Worded.of(NO_DATA_ROWS))
            if context.changed_employees and not report.errors:
                # e.g. "有进行中的离职案件": shown in the dry run's report before anyone commits.
                from farewell.org.signals import warnings_for

                for warning in warnings_for(company, context.changed_employees):
                    report.warn(warning)
            if report.errors or dry_run:
                raise _Rollback
            _put_on_record(spec, report, company=company, user=user, job_code=context.job_code, source=source,
                           changed_employees=context.changed_employees, recompute_flags=recompute_flags)
            report.committed = True
    except _Rollback:
        pass
    except TableError as exc:
        report.errors.append(exc.message)
    except IntegrityError:
        # Another writer inserted one of these keys after this import read them.
        report.errors.append(Worded.of(CONCURRENT_WRITE))
    return report


@dataclass(frozen=True)
class ImportSource:
    """The file an import read, as the ledger names it."""

    name: str
    sha256: str

    @classmethod
    def of(cls, path, name: str | None = None) -> ImportSource:
        digest = hashlib.sha256()
        with open(path, "rb") as fh:
            while block := fh.read(1 << 20):
                digest.update(block)
        return cls(name or Path(path).name, digest.hexdigest())


def _today() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()


# From this many written rows an import refreshes PostgreSQL's statistics of its table on commit:
# autovacuum has not seen the rows yet, and the flag recompute the import schedules next planned a
# million-row table as empty (65.6 s on stale statistics, 1.3 s after ANALYZE).
ANALYZE_AFTER_ROWS = 10_000


def _put_on_record(spec: ImportSpec, report: ImportReport, *, company: Company, user, job_code, source,
                   changed_employees=(), recompute_flags: bool = True) -> None:
    """The import on the ledger (inside its transaction); the flags recomputed once it commits."""
    from farewell.insights.services import schedule_recompute
    from farewell.ledger.services import record

    record(IMPORT_LEDGER_TYPE, job_code or "", {
        "kind": spec.kind,
        "company": str(company.code),
        "file": source.name if source else "",
        "sha256": source.sha256 if source else "",
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "actor": user.get_username() if user is not None else "",
    }, actor=user, event="imported")
    if report.created + report.updated >= ANALYZE_AFTER_ROWS:
        transaction.on_commit(lambda: analyze(spec.model))
    if spec.recompute_flags and recompute_flags:
        transaction.on_commit(lambda: schedule_recompute(company, acting_user=user))
    if changed_employees:
        from farewell.org.signals import employee_facts_changed

        ids = sorted(changed_employees)
        transaction.on_commit(lambda: employee_facts_changed.send(
            sender=ImportSpec, company=company, employee_ids=ids, acting_user=user))


def analyze(*models) -> None:
    """Fresh planner statistics for tables a bulk write just filled (PostgreSQL; elsewhere nothing)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(quote(m._meta.db_table) for m in models)}")


def _lock_kind(spec: ImportSpec) -> None:
    """One import of a kind at a time (PostgreSQL, until the transaction ends): the import reads
    which keys exist, then inserts the others; a second import in between would collide."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [IMPORT_LOCK_CLASS, zlib.crc32(spec.kind.encode()) >> 1])


# What a parse may return and be shared between rows (a row rule may replace a value, never change one).
_IMMUTABLE = frozenset({str, Worded, int, float, bool, Decimal, dt.date, dt.datetime, type(None)})


def parse_row(spec: ImportSpec, mapped, context: ImportContext, number: int, cells: list) -> RowResult | None:
    """One row through its column parsers and the spec's row rules; None for an all-blank row."""
    if all(_blank(cell) for cell in cells):
        return None
    values, errors = {}, []
    memory = context.parsed_cells
    for column, index in mapped:
        raw = cells[index] if index < len(cells) else None
        if _blank(raw):
            if column.required:
                errors.append(_row_error(number, column.header, _("必填")))
            continue
        # A parser is a function of the raw cell alone (the row rules see the row): each distinct
        # cell of a column is parsed once per import. The key keeps the type: 1, 1.0 and True differ.
        key = raw if raw.__class__ is str else (raw.__class__, raw)
        known = memory.get(column.field)
        if known is None:
            known = memory[column.field] = {}
        try:
            parsed = known.get(key)
        except TypeError:  # an unhashable cell (a list or an object in the API's JSON): not remembered
            key = parsed = None
        if parsed is None:
            try:
                parsed = (True, column.parse(raw))
            except CellError as exc:  # its message as raised: a Worded one keeps its msgid and values
                parsed = (False, exc.args[0] if exc.args and isinstance(exc.args[0], str) else str(exc))
            if key is not None and len(known) < PARSED_CELLS_LIMIT and parsed[1].__class__ in _IMMUTABLE:
                known[key] = parsed
        if parsed[0]:
            values[column.field] = parsed[1]
        else:
            errors.append(_row_error(number, column.header, parsed[1]))
    # The row rules run whatever the cells said, so that a row lists all its mistakes at once; a
    # rule's error on a column whose cell is already wrong says nothing new and is left out.
    wrong = {error.header for error in errors}
    rule_errors: list[str] = []
    spec.clean_row(values, rule_errors, number, context, wrong=wrong)
    errors.extend(e for e in rule_errors if getattr(e, "header", None) not in wrong)
    return RowResult(number, values, errors)


def employee_errors(row: RowResult, employee_id: int | None) -> list[str]:
    """A row's errors, with 工号 not found added when the 工号 cell was read but names nobody the
    import may write about — in column order, as the row reads."""
    errors = list(row.errors)
    if employee_id is None and row.values.get("employee"):
        errors.insert(0, _row_error(row.number, EMPLOYEE.header, Worded.of(EMPLOYEE_NOT_FOUND)))
    return errors


def _import_rows(spec, table, mapped, context, report, job_id, progress, chunk_size) -> None:
    model = spec.model
    key_attnames = [model._meta.get_field(name).attname for name in spec.natural_key]
    written = [c.field for c, _i in mapped if c.written and c.field not in spec.natural_key]
    compare = [model._meta.get_field(name).attname for name in written]
    column_fields = {c.field for c in spec.columns}
    # What a new row gets for a column the file leaves blank or lacks (and for fields no file has).
    blank_defaults = {
        f.attname: (
            f.get_default() if f.name not in column_fields or f.has_default() else (None if f.null else "")
        )
        for f in model._meta.concrete_fields
        if not f.primary_key and f.attname != "import_job_id"
    }
    # Records remember the import that wrote them; people facts (wages) do not have the column.
    has_job = any(f.attname == "import_job_id" for f in model._meta.concrete_fields)
    job_column = ["import_job_id"] if has_job else []
    writer = Upsert(model, [*blank_defaults, *job_column], key_attnames, [*compare, *job_column])
    seen: dict[tuple, int] = {}  # natural key → first row number (duplicates within the file)
    protected = bool(spec.overwrite_error)
    fact_changes = spec.ledger_changes
    if progress:
        progress(0, table.estimated_rows)

    for chunk in table.chunks(chunk_size):
        parsed: list[RowResult] = []
        for number, cells in chunk:
            row = parse_row(spec, mapped, context, number, cells)
            if row is not None:
                report.total += 1
                parsed.append(row)

        numbers = {r.values["employee"] for r in parsed if r.values.get("employee")}
        # One query per chunk: 工号 → pk, within the company and the user's scope.
        by_number = dict(context.employees.filter(employee_number__in=numbers).values_list("employee_number", "pk"))

        good: list[tuple[int, tuple, dict]] = []
        for row in parsed:
            values = dict(row.values)
            employee_id = by_number.get(values.pop("employee", None))
            if row.errors or employee_id is None:
                # Every mistake of the row at once: its cells' and an unknown 工号 (when it was read).
                report.add_errors(employee_errors(row, employee_id))
                continue
            values["employee_id"] = employee_id
            if "metric" in values:
                values["metric_id"] = values.pop("metric")
            key = tuple(values.get(a, blank_defaults.get(a)) for a in key_attnames)
            first = seen.setdefault(key, row.number)
            if first != row.number:
                report.add_errors([_row_error(row.number, spec.key_label, _("与第 %(row)s 行重复") % {"row": first})])
                continue
            good.append((row.number, key, values))

        if report.errors:
            # Nothing will be written: keep validating the rest of the file, skip the writes.
            if progress:
                progress(report.total, table.estimated_rows)
            continue

        # One query per chunk: the existing rows with these natural keys (a superset, narrowed by
        # each key column's values), to count created/updated/unchanged and skip the unchanged.
        filters = {f"{a}__in": {key[i] for _n, key, _v in good} for i, a in enumerate(key_attnames)}
        existing = {
            tuple(r[:len(key_attnames)]): r[len(key_attnames):]
            for r in model.objects.filter(**filters).values_list(*key_attnames, "pk", *compare)
        } if good else {}

        to_write, corrections = [], []
        for number, key, values in good:
            found = existing.get(key)
            if found is not None:
                pk, before = found[0], found[1:]
                after = [values.get(a, blank_defaults.get(a)) for a in compare]
                if after == list(before):
                    report.unchanged += 1
                    continue
                if protected:
                    if not context.allow_corrections:
                        report.add_errors([Worded.of(spec.overwrite_error) % {"row": number}])
                        continue
                    corrections.append((pk, number, dict(zip(compare, before, strict=True)),
                                        dict(zip(compare, after, strict=True))))
                elif fact_changes:
                    corrections.append((pk, number, dict(zip(compare, before, strict=True)),
                                        dict(zip(compare, after, strict=True))))
                    context.changed_employees.add(values["employee_id"])
                report.updated += 1
            else:
                report.created += 1
                if fact_changes:
                    context.changed_employees.add(values["employee_id"])
            to_write.append(tuple(values.get(a, d) for a, d in blank_defaults.items()) + ((job_id,) if has_job else ()))
        if report.errors:
            if progress:
                progress(report.total, table.estimated_rows)
            continue
        for pk, number, before, after in corrections:
            _record_correction(spec, pk, number, before, after, context,
                               event="fact_changed" if fact_changes else "corrected")
        if to_write:
            writer.write(to_write)
        if progress:
            progress(report.total, table.estimated_rows)


def _record_correction(spec: ImportSpec, pk: int, number: int, before: dict, after: dict, context,
                       event: str = "corrected") -> None:
    """A correction of a record that may be evidence (or of a fact the law engine reads): its old
    values on the ledger, before the update."""
    record_old_values(spec.model, pk, number, before, after, context, event=event)


def record_old_values(model, pk: int, number: int, before: dict, after: dict, context, *, event: str) -> None:
    """Row `number`'s change of a `model` row on the ledger: before and after, the import, the actor."""
    from farewell.ledger.services import record

    record(model._meta.label_lower, pk, {
        "import_job": str(context.job_code or ""), "row": number, "before": before, "after": after,
        "actor": context.user.get_username() if context.user is not None else "",
    }, actor=context.user, event=event)


class Upsert:
    """INSERT ... ON CONFLICT (natural key) DO UPDATE for many rows, without model instances.

    bulk_create(update_conflicts=True) does the same but builds a model and compiles SQL per
    row, and on SQLite splits a chunk into INSERTs of 999 parameters; that was 80% of an
    import's time. SQLite: one prepared statement through executemany. PostgreSQL: COPY into
    a temporary table, then one INSERT ... SELECT ... ON CONFLICT per chunk. Without a `key`, a
    plain INSERT (COPY straight into the table on PostgreSQL): a row that collides with a unique
    constraint is an IntegrityError.
    """

    def __init__(self, model, attnames: list[str], key: list[str], update: list[str]):
        from django.db import connection

        self.connection = connection
        self.vendor = connection.vendor
        opts = model._meta
        by_attname = {f.attname: f for f in opts.concrete_fields}
        self.fields = [by_attname[a] for a in attnames]
        qn = connection.ops.quote_name
        self.table = qn(opts.db_table)
        self.columns = ", ".join(qn(f.column) for f in self.fields)
        conflict = ", ".join(qn(by_attname[a].column) for a in key)
        updates = ", ".join(f"{qn(by_attname[a].column)} = EXCLUDED.{qn(by_attname[a].column)}" for a in update)
        self.on_conflict = f"ON CONFLICT ({conflict}) DO UPDATE SET {updates}" if key else ""
        self.prepare = [self._preparer(f) for f in self.fields]
        self.temp = None

    def _preparer(self, field):
        internal = field.get_internal_type()
        if self.vendor == "sqlite" and internal == "DateField":
            return lambda v: None if v is None else v.isoformat()
        if self.vendor == "sqlite" and internal == "DecimalField":
            return lambda v: None if v is None else str(v)
        if internal in ("DateField", "DecimalField", "CharField", "TextField", "BooleanField",
                        "PositiveSmallIntegerField", "ForeignKey", "BigAutoField"):
            return None  # the driver adapts these as they are
        return lambda v, f=field: f.get_db_prep_save(v, self.connection)

    def _rows(self, rows: list[tuple]) -> list[tuple]:
        if not any(self.prepare):
            return rows
        prepare = [(i, p) for i, p in enumerate(self.prepare) if p]
        out = []
        for row in rows:
            row = list(row)
            for i, p in prepare:
                row[i] = p(row[i])
            out.append(tuple(row))
        return out

    def write(self, rows: list[tuple]) -> None:
        rows = self._rows(rows)
        # wrap_database_errors: a duplicate key the driver's COPY raises is Django's IntegrityError.
        with self.connection.cursor() as cursor, self.connection.wrap_database_errors:
            if self.vendor == "postgresql":
                self._copy(cursor, rows)
            else:
                placeholders = ", ".join(["%s"] * len(self.fields))
                cursor.executemany(
                    f"INSERT INTO {self.table} ({self.columns}) VALUES ({placeholders}) {self.on_conflict}", rows
                )

    def _copy(self, cursor, rows: list[tuple]) -> None:
        if not self.on_conflict:
            with cursor.cursor.copy(f"COPY {self.table} ({self.columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        if self.temp is None:
            self.temp = "import_upsert_rows"
            cursor.execute(
                f"DROP TABLE IF EXISTS {self.temp}; CREATE TEMPORARY TABLE {self.temp} ON COMMIT DROP AS "
                f"SELECT {self.columns} FROM {self.table} WITH NO DATA"
            )
        else:
            cursor.execute(f"TRUNCATE {self.temp}")
        with cursor.cursor.copy(f"COPY {self.temp} ({self.columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(
            f"INSERT INTO {self.table} ({self.columns}) SELECT {self.columns} FROM {self.temp} {self.on_conflict}"
        )


def copy_to_temp(cursor, model, attnames: list[str], rows, name: str) -> str:
    """PostgreSQL: `rows` in a temporary table `name` with the model's columns `attnames` (created, or
    emptied, in this transaction), by COPY. Returns the quoted column list."""
    opts = model._meta
    by_attname = {f.attname: f for f in opts.concrete_fields}
    qn = cursor.db.ops.quote_name
    columns = ", ".join(qn(by_attname[a].column) for a in attnames)
    cursor.execute(f"DROP TABLE IF EXISTS {name}; CREATE TEMPORARY TABLE {name} ON COMMIT DROP AS "
                   f"SELECT {columns} FROM {qn(opts.db_table)} WITH NO DATA")
    with cursor.cursor.copy(f"COPY {name} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    return columns


def allocate_ids(model, count: int) -> list[int] | None:
    """PostgreSQL: `count` ids from the table's own sequence (one query), so that rows pointing at
    each other (a manager, the contract renewed) go in complete, in one COPY. None elsewhere."""
    from django.db import connection

    if not count or connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                       [model._meta.db_table, model._meta.pk.column, count])
        return [pk for (pk,) in cursor.fetchall()]


def update_rows(model, attnames: list[str], rows: list[tuple]) -> None:
    """UPDATE many rows by primary key, each `(pk, *values of attnames)`, in one statement on
    PostgreSQL (COPY into a temporary table, then UPDATE ... FROM) — not a CASE per row as
    bulk_update builds, nor a round trip per row; on SQLite one prepared statement (executemany)."""
    if not rows:
        return
    from django.db import connection

    opts = model._meta
    qn = connection.ops.quote_name
    table = qn(opts.db_table)
    by_attname = {f.attname: f for f in opts.concrete_fields}
    targets = [qn(by_attname[a].column) for a in attnames]
    pk = qn(opts.pk.column)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            copy_to_temp(cursor, model, [opts.pk.attname, *attnames], rows, "import_update_rows")
            sets = ", ".join(f"{c} = t.{c}" for c in targets)
            cursor.execute(f"UPDATE {table} SET {sets} FROM import_update_rows t WHERE {table}.{pk} = t.{pk}; "
                           "DROP TABLE import_update_rows")
        else:
            sets = ", ".join(f"{c} = %s" for c in targets)
            cursor.executemany(f"UPDATE {table} SET {sets} WHERE {pk} = %s",
                               [(*(_sqlite_value(v) for v in row[1:]), row[0]) for row in rows])


def _sqlite_value(value):
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def import_file(
    kind: str, path, *, company: Company, user=None, filename: str | None = None,
    mapping: dict[str, int | None] | None = None, dry_run: bool = False, job_id: int | None = None,
    progress: Callable[[int, int | None], None] | None = None, chunk_size: int | None = None,
    allow_corrections: bool = False, recompute_flags: bool = True,
) -> ImportReport:
    """Open `path` (CSV or XLSX) and import it as `kind`. A file that cannot be read is a report error.
    `recompute_flags=False` for a caller that recomputes the flags itself once it is done (the demo)."""
    spec = get_spec(kind)
    try:
        table = _open(path, filename)
    except TableError as exc:
        return ImportReport(kind, errors=[exc.message], dry_run=dry_run)
    source = None if dry_run else ImportSource.of(path, filename)
    with table:
        return run_import(
            spec, table, company=company, user=user, mapping=mapping, dry_run=dry_run, job_id=job_id,
            progress=progress, chunk_size=chunk_size, source=source, allow_corrections=allow_corrections,
            recompute_flags=recompute_flags,
        )


def _open(path, filename):
    from .tables import open_table

    return open_table(path, filename)


def preview(path, filename: str | None = None, rows: int = 10) -> tuple[list[str], list[list]]:
    """The header row and the first `rows` rows, for the mapping page."""
    with _open(path, filename) as table:
        return table.headers, [cells for _n, cells in islice(table.rows(), rows)]


def export_rows(spec: ImportSpec, queryset: models.QuerySet) -> Iterable[list]:
    """The rows of an export, in the template's columns (so an export re-imports unchanged)."""
    columns = list(spec.columns)
    select = ["employee__employee_number"]
    for c in columns[1:]:
        if c.field == "metric":
            select.append("metric__code")
        else:
            select.append(c.field)
    for values in queryset.values_list(*select).iterator(chunk_size=2000):
        row = dict(zip([c.field for c in columns], values, strict=True))
        out = []
        for c in columns:
            value = row[c.field]
            if c.field == "period_start":
                value = periods.label(row["period_kind"], value)
            elif c.field == "period_kind":
                value = str(m.PeriodKind(value).label)
            elif isinstance(value, Decimal):
                value = value.normalize()
                value = int(value) if value == value.to_integral() else float(value)
            elif isinstance(value, bool):
                value = "是" if value else "否"
            elif value is None:
                value = ""
            else:
                field_obj = spec.model._meta.get_field(c.field)
                if field_obj.choices and value:
                    value = str(dict(field_obj.choices).get(value, value))
            out.append(value)
        yield out


RECORD_SPECS = dict(SPECS)  # the signal records, keyed by employee (the kinds declared above)


def register(specs) -> None:
    """Put kinds declared elsewhere (people.py) before the records — an employer loads people
    before any record. `SPECS` is updated in place: every module holding it sees the new kinds."""
    merged = {**{spec.kind: spec for spec in specs}, **SPECS}
    SPECS.clear()
    SPECS.update(merged)


# people.py builds on everything above and registers its kinds (importing it here makes sure they
# are there whichever module is imported first); so does holiday_import.py (设置 › 节假日 from a file).
from . import holiday_import, people  # noqa: E402, F401
