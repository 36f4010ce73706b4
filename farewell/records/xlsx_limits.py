"""Bounds on an uploaded XLSX, checked on the ZIP before openpyxl parses anything.

An XLSX is a ZIP of XML files; 300 KB of ZIP can hold a 300 MB string, which openpyxl reads
whole into memory (shared strings are loaded entirely, also in read-only mode) — one such
upload grew a web process by 10 GB. So before opening the workbook we stream every member
through the decompressor (the sizes a ZIP declares are not trusted) and refuse the file when

- all members together decompress to more than MAX_TOTAL_BYTES,
- the shared-strings table alone is larger than MAX_SHARED_STRINGS_BYTES,
- any text between two XML tags — one cell's text — is longer than MAX_TEXT_BYTES
  (Excel itself stops at 32,767 characters a cell; this allows for XML escapes),
- it has more members than MAX_MEMBERS.

The same pass counts the worksheets' rows (`<row` elements): the number the upload uses to
decide whether the import runs in the request or in the task worker — the compressed size
says nothing about it (a 320,000-row file under 1 MB once ran 125 s inside a request).
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MAX_TOTAL_BYTES = 1024 * 1024 * 1024  # 1 GiB of XML: ~3 million rows of ten columns
MAX_SHARED_STRINGS_BYTES = 128 * 1024 * 1024
MAX_TEXT_BYTES = 200_000  # 32,767 characters, each up to 6 bytes as an XML escape
MAX_MEMBERS = 10_000
READ_BYTES = 1024 * 1024
ROW_TAG = re.compile(rb"<(?:\w{1,8}:)?row[\s>/]")  # <row r="2">, also with a namespace prefix (<x:row>)
TAIL_BYTES = 16


class XlsxLimitError(ValueError):
    pass


@dataclass(frozen=True)
class XlsxStats:
    total_bytes: int
    rows: int  # <row> elements in all worksheets (the header row included)


# Python's own texts ("File is not a zip file") would put English inside a Chinese message.
NOT_XLSX = gettext_lazy("无法读取 Excel 文件：它不是 .xlsx 格式（可能是旧版 .xls、改了扩展名的其他文件，或文件已损坏）。"
                        "请在 Excel 中“另存为” .xlsx 后重新上传")
DAMAGED_XLSX = gettext_lazy("无法读取 Excel 文件：文件已损坏或不完整，请在 Excel 中打开并重新保存后上传")


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB"


def check_xlsx(path: Path) -> XlsxStats:
    """Raise XlsxLimitError (a Chinese message) when the file breaks a bound; else its stats."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise XlsxLimitError(str(NOT_XLSX)) from exc
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise XlsxLimitError(_("Excel 文件包含的部件过多（%(count)s 个），无法导入") % {"count": len(members)})
        total = rows = 0
        for member in members:
            if member.is_dir():
                continue
            is_sheet = member.filename.startswith("xl/worksheets/") and member.filename.endswith(".xml")
            is_shared = member.filename == "xl/sharedStrings.xml"
            size, member_rows = _scan(archive, member, total, is_sheet, is_shared)
            total += size
            rows += member_rows
    return XlsxStats(total_bytes=total, rows=rows)


def _scan(archive: zipfile.ZipFile, member: zipfile.ZipInfo, total_before: int, is_sheet: bool,
          is_shared: bool) -> tuple[int, int]:
    size = rows = 0
    run = 0  # bytes since the last "<" (a text node being read), carried across blocks
    tail = b""  # the end of the previous block, so "<row" split across two blocks is counted
    try:
        with archive.open(member) as fh:
            while block := fh.read(READ_BYTES):
                size += len(block)
                if total_before + size > MAX_TOTAL_BYTES:
                    raise XlsxLimitError(
                        _("Excel 文件解压后超过 %(limit)s，无法导入；请拆分后分批导入") % {"limit": _mb(MAX_TOTAL_BYTES)}
                    )
                if is_shared and size > MAX_SHARED_STRINGS_BYTES:
                    raise XlsxLimitError(
                        _("Excel 文件中的文字内容超过 %(limit)s，无法导入；请拆分后分批导入")
                        % {"limit": _mb(MAX_SHARED_STRINGS_BYTES)}
                    )
                pieces = block.split(b"<")
                if len(pieces) == 1:
                    run += len(block)
                    longest = run
                else:
                    longest = max(run + len(pieces[0]), max(map(len, pieces[1:])))
                    run = len(pieces[-1])
                if longest > MAX_TEXT_BYTES:
                    raise XlsxLimitError(_("Excel 文件中有单元格内容过长（Excel 本身的上限是每格 32767 个字符），无法导入"))
                if is_sheet:
                    # A match wholly inside the tail was counted with the previous block.
                    rows += sum(1 for m in ROW_TAG.finditer(tail + block) if m.end() > len(tail))
                    tail = block[-TAIL_BYTES:]
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
        raise XlsxLimitError(str(DAMAGED_XLSX)) from exc
    return size, rows
