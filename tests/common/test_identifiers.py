"""Check digits of the identifiers the demo invents."""

from __future__ import annotations

import datetime as dt

from farewell.common.identifiers import (
    credit_code,
    id_number,
    is_valid_credit_code,
    is_valid_id_number,
    is_valid_luhn,
    luhn_check_digit,
)
from farewell.demo.names import cn_number


def test_it_computes_the_id_check_character():
    # The worked example of GB 11643-1999.
    assert id_number("110105", dt.date(1949, 12, 31), 2) == "11010519491231002X"
    assert is_valid_id_number("11010519491231002X")
    assert not is_valid_id_number("110105194912310021")


def test_it_computes_the_credit_code_check_character():
    assert is_valid_credit_code("91350100M000100Y43")
    code = credit_code("9", "1", "310115", "12345678")
    assert len(code) == 18 and code.startswith("91310115") and is_valid_credit_code(code)
    assert not is_valid_credit_code(code[:17] + ("0" if code[17] != "0" else "1"))


def test_it_computes_the_luhn_digit():
    assert luhn_check_digit("411111111111111") == "1"
    assert is_valid_luhn("4111111111111111") and not is_valid_luhn("4111111111111112")


def test_it_writes_chinese_numbers():
    assert [cn_number(n) for n in (1, 10, 12, 40, 105, 110)] == ["一", "十", "十二", "四十", "一百零五", "一百一十"]
