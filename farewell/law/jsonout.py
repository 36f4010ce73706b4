"""The README output as UTF-8 JSON, byte for byte what `json.dumps(result.as_dict(), ensure_ascii=False)` gives.

Why a writer of its own: a batch of 10,000 separations must go through `farewell law compute`
at 20,000 a second (issue 15), and building each output as dicts and then encoding them
costs a third of that. Most of an output is constant text (a step's title and article, an
item's citation, the field names): those fragments are encoded to UTF-8 once and reused, and
only the texts of one result (formulas, messages, the summary) are encoded per result — the
whole output is never built as a `str` first (a Chinese text is two bytes a character there,
copied again into UTF-8). `tests/law/test_jsonout.py` checks the equality on random batches, in
both languages.
"""

from __future__ import annotations

from decimal import Decimal
from json.encoder import encode_basestring as _encode  # the C encoder json.dumps(ensure_ascii=False) uses

from .i18n import EN, ZH, cite
from .procedure import ARTICLES, CALENDAR_DAYS, TITLES, TITLES_EN
from .result import Result
from .service import iso

_float_repr = float.__repr__


def _money_text(amount: Decimal) -> str:
    """An amount as json.dumps writes the float of it: 30000.00 → 30000.0, 12.30 → 12.3.

    For a number written with two decimals and at most 15 digits the float's shortest repr is that
    text without its trailing zeros (a double holds 15 significant digits exactly); anything else
    goes through float() itself.
    """
    text = str(amount)
    if len(text) <= 16 and text[-3:-2] == ".":
        text = text.rstrip("0")
        return text + "0" if text[-1] == "." else text
    return _float_repr(float(amount))


def _money(amount: Decimal | None) -> str:
    """`_money_text`, or "null" for an item that is not given."""
    return "null" if amount is None else _money_text(amount)


def _amount(amount: Decimal | None) -> bytes:
    return b"null" if amount is None else _money_text(amount).encode("ascii")


def _text(value: str) -> bytes:
    """A text of one result as a JSON string in UTF-8."""
    return _encode(value).encode("utf-8")


class _Constants(dict):
    """A constant string (a code, a citation, an article) → its JSON string in UTF-8, encoded on first use."""

    def __missing__(self, value: str) -> bytes:
        encoded = _text(value)
        if len(self) < 4096:  # the English citations of a batch are few; a bound all the same
            self[value] = encoded
        return encoded


class _StepHeads(dict):
    """A step's code → `{"step": …, "title": …, "article": …, "due_date": ` in one language, and after a comma."""

    def __init__(self, lang: str, separator: bytes) -> None:
        super().__init__()
        self.lang, self.separator = lang, separator

    def __missing__(self, step: str) -> bytes:
        lang = self.lang
        title = TITLES_EN[step] if lang == EN else TITLES[step]
        head = self[step] = (self.separator + f'{{"step": {_encode(step)}, "title": {_encode(title)}, '
                             f'"article": {_encode(cite(ARTICLES[step], lang))}, "due_date": '.encode())
        return head


class _DueDates(dict):
    """A due date → `"2024-07-15", "basis": "calendar_days"` (a batch's dates repeat: a layoff shares one)."""

    def __missing__(self, day) -> bytes:
        tail = f'"{iso(day)}", "basis": "{CALENDAR_DAYS}"'.encode("ascii")
        if len(self) < 8192:
            self[day] = tail
        return tail


_CONSTANTS = _Constants()
_FIRST_STEP = {ZH: _StepHeads(ZH, b""), EN: _StepHeads(EN, b"")}
_NEXT_STEP = {ZH: _StepHeads(ZH, b", "), EN: _StepHeads(EN, b", ")}
_DUE = _DueDates()
_UNDATED = b'null, "basis": null'
_CONDITIONAL_END = b', "conditional": true}'


def _value(value) -> str:
    """A JSON value of a small structure (the `practice` object, the `assumptions` list)."""
    if value is None:
        return "null"
    if type(value) is str:
        return _encode(value)
    if type(value) is dict:
        return "{" + ", ".join(f"{_encode(k)}: {_value(v)}" for k, v in value.items()) + "}"
    return "[" + ", ".join(_value(v) for v in value) + "]"


def result_utf8(r: Result) -> bytes:
    """`json.dumps(r.as_dict(), ensure_ascii=False).encode()`, faster (module docstring)."""
    constant = _CONSTANTS
    n = r.compensation_months
    if n is None:
        months = b"null"
    elif n == n.to_integral_value():
        months = str(int(n)).encode("ascii")
    else:
        months = _float_repr(float(n)).encode("ascii")
    out = [b'{"lawful": true, "violations": [' if r.lawful else b'{"lawful": false, "violations": [']
    separator = b'{"code": '
    for v in r.violations:
        out += (separator, constant[v.code], b', "article": ', constant[v.article], b', "message": ', _text(v.message),
                b', "severity": ', constant[v.severity], b"}")
        separator = b', {"code": '
    out += (
        b'], "compensation_months": ', months, b', "monthly_base": ', _amount(r.monthly_base),
        b', "economic_compensation": ', _amount(r.economic_compensation), b', "notice_pay": ', _amount(r.notice_pay),
        b', "annual_leave_pay": ', _amount(r.annual_leave_pay), b', "double_wage": ', _amount(r.double_wage),
        b', "unlawful_termination_damages": ', _amount(r.unlawful_termination_damages),
        b', "total": ', _amount(r.total), b', "lines": [',
    )
    separator = b'{"item": '
    for line in r.lines:
        out += (separator, constant[line.item], b', "amount": ', _amount(line.amount), b', "formula": ',
                _text(line.formula), b', "citation": ', constant[line.citation], b"}")
        separator = b', {"item": '
    out.append(b'], "procedure": [')
    heads = _FIRST_STEP[r.lang]
    due = _DUE
    for step in r.procedure:
        day = step.due_date
        out += (heads[step.step], _UNDATED if day is None else due[day],
                _CONDITIONAL_END if step.conditional else b"}")
        heads = _NEXT_STEP[r.lang]
    out += (b'], "ground": ', constant[r.ground], b', "engine_version": ', constant[r.engine_version],
            b', "summary": ', b"null" if r.summary is None else _text(r.summary))
    if r.practice is not None:
        out += (b', "practice": ', _value(r.practice).encode("utf-8"))
    if r.assumptions:
        out += (b', "assumptions": ', _value(list(r.assumptions)).encode("utf-8"))
    out.append(b"}")
    return b"".join(out)


def result_json(r: Result) -> str:
    """`json.dumps(r.as_dict(), ensure_ascii=False)`, faster (module docstring)."""
    return result_utf8(r).decode("utf-8")
