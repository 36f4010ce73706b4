"""Check digits of Chinese identifiers: 身份证号 (GB 11643-1999), 统一社会信用代码 (GB 32100-2015),
组织机构代码 (GB 11714-1997) and bank card numbers (Luhn). Pure functions, no Django."""

from __future__ import annotations

import datetime as dt

# GB 11643-1999: weights of the first 17 digits and the check character for sum mod 11.
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

# GB 32100-2015: the 31 characters used (no I, O, Z, S, V) and the weights 3^(i-1) mod 31.
CREDIT_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

# GB 11714-1997: weights of the organisation code's 8 body characters.
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def id_check_char(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def id_number(region: str, birth_date: dt.date, sequence: int) -> str:
    """An 18-character resident ID number; `sequence` (1-999) is odd for men, even for women."""
    body = f"{region}{birth_date:%Y%m%d}{sequence:03d}"
    return body + id_check_char(body)


def is_valid_id_number(value: str) -> bool:
    return len(value) == 18 and value[:17].isdigit() and id_check_char(value[:17]) == value[17]


def _org_code_check(body: str) -> str:
    total = sum(int(c, 36) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def credit_code_check_char(first17: str) -> str:
    total = sum(CREDIT_CODE_CHARS.index(c) * w for c, w in zip(first17, _CREDIT_WEIGHTS, strict=True))
    return CREDIT_CODE_CHARS[(31 - total % 31) % 31]


def credit_code(authority: str, kind: str, division: str, org_body: str) -> str:
    """统一社会信用代码: registration authority (9 = 工商, 1 = 机构编制), organisation kind
    (1 = enterprise / 机关), 6-digit division code, 8-digit organisation code body."""
    first17 = f"{authority}{kind}{division}{org_body}{_org_code_check(org_body)}"
    return first17 + credit_code_check_char(first17)


def is_valid_credit_code(value: str) -> bool:
    return (
        len(value) == 18
        and all(c in CREDIT_CODE_CHARS for c in value)
        and credit_code_check_char(value[:17]) == value[17]
        and _org_code_check(value[8:16]) == value[16]
    )


def luhn_check_digit(digits: str) -> str:
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c)
        if i % 2 == 0:  # these positions double once the check digit is appended
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def is_valid_luhn(number: str) -> bool:
    return number.isdigit() and luhn_check_digit(number[:-1]) == number[-1]
