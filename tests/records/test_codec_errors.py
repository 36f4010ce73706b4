"""A file in an encoding we cannot read gets a Chinese message naming the encoding tried and
where it failed, never the codec's own English (`'utf-8' codec can't decode byte 0xff …`)."""

from __future__ import annotations

import io
import re

import pytest
from rest_framework.exceptions import ParseError

from farewell.records.importers import import_file
from farewell.records.tables import TableError, open_table
from farewell.talks.api import PlainTextParser


def test_a_bad_byte_deep_in_a_utf8_file_names_utf8_and_the_row(tmp_path):
    path = tmp_path / "data.csv"
    good = "".join(f"E{i},2025-03,{i}\n" for i in range(8000)).encode()  # > the 64 KiB sniffed
    path.write_bytes("工号,周期,分数\n".encode() + good + b"E9,2025-03,\xff\xfe\n")
    with open_table(path) as table, pytest.raises(TableError) as caught:
        list(table.rows())
    message = str(caught.value)
    assert "UTF-8" in message
    # The decoder reads ahead in blocks: the row is where reading stopped, near the bad byte.
    row = int(re.search(r"第 (\d+) 行附近", message).group(1))
    assert 7000 < row <= 8002
    assert "codec" not in message and "0xff" not in message


def test_a_file_that_is_not_gb18030_either_names_gb18030(tmp_path):
    path = tmp_path / "data.csv"
    path.write_bytes(b"\xff\xff\xff,\x80\x80\n")
    with pytest.raises(TableError) as caught:
        open_table(path)
    assert "GB18030" in str(caught.value) and "codec" not in str(caught.value)


def test_the_import_report_carries_the_chinese_message(world, tmp_path):
    path = tmp_path / "data.csv"
    path.write_bytes(b"\xff\xff\xff,\x80\x80\n")
    report = import_file("reviews", path, company=world.company, user=world.users["hr_admin"])
    assert report.errors and "GB18030" in report.errors[0]


def test_a_transcript_body_in_the_wrong_charset_names_it():
    with pytest.raises(ParseError) as caught:
        PlainTextParser().parse(io.BytesIO("张三：你好".encode()), "text/plain; charset=ascii")
    assert "ascii" in str(caught.value.detail) and "编码" in str(caught.value.detail)
