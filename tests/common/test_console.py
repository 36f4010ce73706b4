"""Terminal tables: Chinese characters take two columns, so columns after them still line up."""

from __future__ import annotations

from farewell.common.console import display_width, pad, table_lines


def test_wide_characters_take_two_columns():
    assert display_width("hrbp") == 4
    assert display_width("HR管理员") == 8
    assert display_width("（公司）") == 8  # full-width brackets too
    assert display_width("e\u0301") == 1  # a combining accent takes none


def test_pad_counts_columns_and_never_cuts():
    assert pad("法务", 6) == "法务  "
    assert pad("审计管理员", 4) == "审计管理员"


def test_every_column_but_the_last_lines_up_in_terminal_columns():
    lines = table_lines([("hradmin", "hr_admin", "HR管理员（公司与机关）", ""),
                         ("secadmin", "security_admin", "安全管理员", "— 宋彤慧"),
                         ("legal", "legal", "法务", "— 张艳梅")])
    # Where the last column starts is the same number of terminal columns in on every line that has one.
    starts = [display_width(line[:line.index("—")]) for line in lines if "—" in line]
    assert len(set(starts)) == 1
    roles = [display_width(line[:line.rindex(role)])
             for line, role in zip(lines, ("hr_admin", "security_admin", "legal"), strict=True)]
    assert len(set(roles)) == 1
    assert lines[0] == lines[0].rstrip()  # no trailing blanks where the last cell is empty
