"""Every download's Content-Disposition goes through common/filenames.attachment_header: a name with "/", '"',
CR/LF or Chinese gives a header that is one line, ASCII, and names the cleaned file (RFC 5987 filename*)."""

from __future__ import annotations

from email.message import Message
from urllib.parse import quote

import pytest

from farewell.common.filenames import attachment_header


def _filename(header: str) -> str:
    message = Message()
    message["Content-Disposition"] = header
    return message.get_filename()


@pytest.mark.parametrize(("name", "sent"), [
    ("brief-E001.pdf", "brief-E001.pdf"),
    ('brief-E"1.pdf', 'brief-E"1.pdf'),
    ("evidence-E/1\\2.zip", "evidence-E_1_2.zip"),
    ("evidence-E1\r\nSet-Cookie: x=1.zip", "evidence-E1__Set-Cookie: x=1.zip"),
    ("解除劳动合同证明书-李/四.pdf", "解除劳动合同证明书-李_四.pdf"),
])
def test_the_header_is_one_safe_line_naming_the_cleaned_file(name, sent):
    header = attachment_header(name)
    assert header.isascii() and "\r" not in header and "\n" not in header
    assert header.startswith("attachment; ")
    assert _filename(header) == sent


def test_a_chinese_name_is_sent_as_rfc_5987():
    assert attachment_header("离职证明-张三.pdf") == f"attachment; filename*=utf-8''{quote('离职证明-张三.pdf')}"


def test_no_download_builds_the_header_by_hand():
    from pathlib import Path

    source = Path(__file__).resolve().parents[2] / "farewell"
    by_hand = [f"{path.relative_to(source)}:{number}"
               for path in source.rglob("*.py") if path.name != "filenames.py"
               for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
               if '["Content-Disposition"] = f' in line or "filename=\"{" in line]
    assert by_hand == []
