"""Reading an uploaded table row by row, never the whole file: CSV (UTF-8 with or without BOM,
GB18030 as the fallback HR's Excel on Windows writes) and XLSX (openpyxl read-only streaming)."""

from __future__ import annotations

import abc
import codecs
import csv
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

from farewell.common.cells import csv_row
from farewell.common.wording import Joined

# Worded now and keeping its msgid and values (records/worded.py): an error about the whole file found while
# a job runs (a quote never closed, bytes of another encoding) is kept on the job and worded for each reader.
from .worded import _, as_words
from .xlsx_limits import XlsxLimitError, check_xlsx

CSV_SAMPLE_BYTES = 1 << 16
ENCODING_NAMES = {"utf-8-sig": "UTF-8", "gb18030": "GB18030"}
COUNT_BLOCK_BYTES = 1 << 20


class TableError(ValueError):
    """The file as a whole cannot be read (wrong format, encoding, no header row). Its message (`message`)
    keeps its msgid and values (records/worded.Worded): whoever keeps it passes `message`, not str(exc)."""

    @property
    def message(self):
        return self.args[0] if self.args else ""


def _sniff_encoding(path: Path) -> str:
    """utf-8-sig when the first 64 KiB decode as UTF-8 (a cut multibyte tail is fine), else gb18030."""
    with path.open("rb") as fh:
        sample = fh.read(CSV_SAMPLE_BYTES)
    try:
        codecs.getincrementaldecoder("utf-8-sig")().decode(sample, final=False)
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8-sig"


def _bad_record_start(path: Path, encoding: str) -> tuple[int, int]:
    """(row number as the import counts rows, text line) where the CSV record the strict reader
    cannot parse begins."""
    with path.open("r", encoding=encoding, newline="", errors="replace") as fh:
        reader = csv.reader(fh, strict=True)
        row, line = 0, 0
        while True:
            try:
                next(reader)
            except StopIteration:  # not reproduced (cannot happen): the end of the file
                return row + 1, line + 1
            except csv.Error:
                return row + 1, line + 1
            row, line = row + 1, reader.line_num


def _count_lines(path: Path) -> int:
    lines = 0
    with path.open("rb") as fh:
        while block := fh.read(COUNT_BLOCK_BYTES):
            lines += block.count(b"\n")
    return lines


class Table(abc.ABC):
    """An open table: `headers` (the first non-empty row) and `rows()`, a generator of
    (row number as the user sees it, list of cell values). Use as a context manager."""

    headers: list[str]
    estimated_rows: int | None

    @abc.abstractmethod
    def rows(self) -> Iterator[tuple[int, list]]:
        """Each CSV or XLSX reader yields its rows here."""

    def chunks(self, size: int) -> Iterator[list[tuple[int, list]]]:
        """`rows()` in lists of `size`."""
        rows = self.rows()
        while chunk := list(islice(rows, size)):
            yield chunk

    @abc.abstractmethod
    def close(self) -> None:
        """Release the open file."""

    def __enter__(self) -> Table:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class RowsTable(Table):
    """Rows already in memory (the write API's JSON): dicts keyed by a column header or field
    name; the headers are every key in the order first seen, row numbers count from 1."""

    def __init__(self, records: list[dict]):
        headers: dict[str, None] = {}
        for record in records:
            if not isinstance(record, dict):
                raise TableError(_("每一行应为对象（列名: 值）"))
            headers.update(dict.fromkeys(str(k) for k in record))
        self.headers = list(headers)
        self.records = records
        self.estimated_rows = len(records)

    def rows(self) -> Iterator[tuple[int, list]]:
        for number, record in enumerate(self.records, start=1):
            values = {str(k): v for k, v in record.items()}
            yield number, [values.get(h) for h in self.headers]

    def close(self) -> None:
        pass


class CsvTable(Table):
    def __init__(self, path: Path):
        self.path = path
        self.encoding = _sniff_encoding(path)
        self._fh = path.open("r", encoding=self.encoding, newline="")
        # strict: a quote that never closes (`"张三` typed by hand) is an error, not every row after it
        # read into one cell until the next quote; the error names the row where the quote opened.
        self._reader = csv.reader(self._fh, strict=True)
        self._line = 0
        self.headers = []
        try:
            for row in self._reader:
                self._line += 1
                if any(cell.strip() for cell in row):
                    self.headers = [cell.strip() for cell in row]
                    break
        except UnicodeDecodeError as exc:
            error = self._encoding_error()
            self.close()
            raise error from exc
        except csv.Error as exc:
            error = self._quote_error()
            self.close()
            raise error from exc
        if not self.headers:
            self.close()
            raise TableError(_("文件是空的：没有表头行"))
        self.estimated_rows = max(_count_lines(path) - self._line, 0)

    def rows(self) -> Iterator[tuple[int, list]]:
        try:
            # enumerate over the reader, no Python frame per row: a million-row import reads fast.
            yield from enumerate(self._reader, self._line + 1)
        except UnicodeDecodeError as exc:
            raise self._encoding_error() from exc
        except csv.Error as exc:
            raise self._quote_error() from exc

    def chunks(self, size: int) -> Iterator[list[tuple[int, list]]]:
        # islice straight over enumerate(reader): no Python frame per row (a million-row import).
        rows = enumerate(self._reader, self._line + 1)
        try:
            while chunk := list(islice(rows, size)):
                yield chunk
        except UnicodeDecodeError as exc:
            raise self._encoding_error() from exc
        except csv.Error as exc:
            raise self._quote_error() from exc

    def _quote_error(self) -> TableError:
        """The strict reader failed (a quote never closed, or text right after a closing quote): the
        row where that record began, found by reading the file again — only on this error path, so
        the fast path keeps no per-row bookkeeping."""
        row, line = _bad_record_start(self.path, self.encoding)
        where = _("第 %(row)s 行") % {"row": row}
        if line != row:  # a cell over several lines earlier in the file: the editor's line differs
            where = Joined([as_words(where), as_words(_("（文本第 %(line)s 行）") % {"line": line})])
        return TableError(
            _("无法读取 CSV 文件：%(where)s的引号（\"）没有配对——引号未闭合，后面各行都会被读进同一个单元格"
              "（或右引号后紧跟了其他字符）。请补上或删去这个引号后重新导入") % {"where": where}
        )

    def _encoding_error(self) -> TableError:
        """Never the codec's own English message: which encoding was tried, and where."""
        return TableError(
            _("文件按 %(encoding)s 编码读取失败：第 %(row)s 行附近有无法识别的字节（请另存为 UTF-8 或 GB18030 编码的 CSV）")
            % {"encoding": ENCODING_NAMES.get(self.encoding, self.encoding), "row": self._reader.line_num + 1}
        )

    def close(self) -> None:
        self._fh.close()


class XlsxTable(Table):
    def __init__(self, path: Path):
        import openpyxl  # imported here: only uploads of XLSX pay for it

        try:
            # Sizes of the whole file and of each cell, before openpyxl reads anything into memory.
            stats = check_xlsx(path)
        except XlsxLimitError as exc:
            raise TableError(exc.args[0] if exc.args else str(exc)) from exc
        try:
            self._wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a file that is not XLSX
            raise TableError(_("无法读取 Excel 文件：%(error)s") % {"error": exc}) from exc
        ws = self._wb.worksheets[0]
        self._iter = ws.iter_rows(values_only=True)
        self._line = 0
        self.headers = []
        for row in self._iter:
            self._line += 1
            if any(cell not in (None, "") for cell in row):
                self.headers = ["" if cell is None else str(cell).strip() for cell in row]
                break
        if not self.headers:
            self.close()
            raise TableError(_("文件是空的：没有表头行"))
        # The <row> elements counted in the file, not the sheet's own <dimension> (which a file may fake).
        self.estimated_rows = max(stats.rows - self._line, 0) if stats.rows else (
            max((ws.max_row or 0) - self._line, 0) or None
        )

    def rows(self) -> Iterator[tuple[int, list]]:
        for row in self._iter:
            self._line += 1
            yield self._line, list(row)

    def close(self) -> None:
        self._wb.close()


def open_table(path: str | Path, name: str | None = None) -> Table:
    """Open a CSV or XLSX file by its extension (of `name`, the uploaded name, when given)."""
    path = Path(path)
    suffix = Path(name or path.name).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return XlsxTable(path)
    if suffix in (".csv", ".txt"):
        return CsvTable(path)
    with path.open("rb") as fh:
        magic = fh.read(4)
    if magic == b"PK\x03\x04":
        return XlsxTable(path)
    if suffix == ".xls":
        raise TableError(_("不支持旧版 .xls 文件：请在 Excel 中另存为 .xlsx 或 CSV"))
    return CsvTable(path)


def write_csv(path: Path, headers: list[str], rows) -> None:
    """A UTF-8 CSV with BOM (Excel opens it with the right encoding); tests and benchmarks use it."""
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(headers)
        writer.writerows(csv_row(row) for row in rows)  # text that looks like a formula stays text


__all__ = ["RowsTable", "Table", "TableError", "open_table", "write_csv"]
