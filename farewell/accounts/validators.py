"""Checks of what a person types when a company is set up."""

from __future__ import annotations

from django.utils.translation import gettext as _

from farewell.common.identifiers import CREDIT_CODE_CHARS, credit_code_check_char

CREDIT_CODE_LENGTH = 18


def normalise_credit_code(value: str) -> str:
    """Codes are printed in capitals; people type them with spaces and in lower case."""
    return "".join((value or "").split()).upper()


def credit_code_problem(value: str) -> str | None:
    """What is wrong with a 统一社会信用代码 (GB 32100-2015), or None.

    Only the length, the 31-character set (no I, O, Z, S, V) and the 18th check character are
    checked: the embedded 组织机构代码 of older codes does not always carry its own check digit.
    The message never names the expected check character: a typo is usually elsewhere.
    """
    code = normalise_credit_code(value)
    if not code:
        return _("请填写统一社会信用代码")
    if len(code) != CREDIT_CODE_LENGTH:
        return _("统一社会信用代码应为18位，现为%(n)d位") % {"n": len(code)}
    wrong = sorted({c for c in code if c not in CREDIT_CODE_CHARS})
    if wrong:
        return _("统一社会信用代码含有不使用的字符：%(chars)s（不使用 I、O、Z、S、V）") % {"chars": "、".join(wrong)}
    if credit_code_check_char(code[:17]) != code[17]:
        return _("统一社会信用代码的校验位（第18位）不符，请逐位核对")
    return None
