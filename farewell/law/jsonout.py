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


class _Months(dict):
    """N's text (str of the Decimal) → N as json.dumps writes it: 3 for 3 or 3.0, 3.5 for 3.5."""

    def __missing__(self, text: str) -> bytes:
        n = Decimal(text)
        shown = (str(int(n)) if n == n.to_integral_value() else _float_repr(float(n))).encode("ascii")
        if len(self) < 4096:
            self[text] = shown
        return shown


_MONTHS = _Months()


def _amount_seen(amount: Decimal, seen: list) -> bytes:
    """An amount's JSON, reusing an equal one already written in this result (an item's amount is
    written in its line and again at the top, and the total of one line is that line's amount)."""
    for other, shown in seen:
        if other == amount:
            return shown
    shown = _money_text(amount).encode("ascii")
    seen.append((amount, shown))
    return shown


def result_utf8(r: Result) -> bytes:
    """`json.dumps(r.as_dict(), ensure_ascii=False).encode()`, faster (module docstring)."""
    constant = _CONSTANTS
    # the lines first: the amounts at the top repeat theirs
    lines = []
    seen = []
    separator = b'{"item": '
    for line in r.lines:
        amount = line.amount
        shown = _money_text(amount).encode("ascii")
        seen.append((amount, shown))
        lines += (separator, constant[line.item], b', "amount": ', shown, b', "formula": ',
                  _encode(line.formula).encode(), b', "citation": ', constant[line.citation], b"}")
        separator = b', {"item": '
    out = [b'{"lawful": true, "violations": [' if r.lawful else b'{"lawful": false, "violations": [']
    separator = b'{"code": '
    for v in r.violations:
        # a message repeats across a batch (the union's, a year's calendar warning): from the cache
        out += (separator, constant[v.code], b', "article": ', constant[v.article], b', "message": ',
                constant[v.message], b', "severity": ', constant[v.severity], b"}")
        separator = b', {"code": '
    n = r.compensation_months
    base = r.monthly_base
    economic = r.economic_compensation
    notice = r.notice_pay
    leave = r.annual_leave_pay
    double = r.double_wage
    damages = r.unlawful_termination_damages
    out += (
        b'], "compensation_months": ', b"null" if n is None else _MONTHS[str(n)],
        b', "monthly_base": ', b"null" if base is None else _amount_seen(base, seen),
        b', "economic_compensation": ', b"null" if economic is None else _amount_seen(economic, seen),
        b', "notice_pay": ', b"null" if notice is None else _amount_seen(notice, seen),
        b', "annual_leave_pay": ', b"null" if leave is None else _amount_seen(leave, seen),
        b', "double_wage": ', b"null" if double is None else _amount_seen(double, seen),
        b', "unlawful_termination_damages": ', b"null" if damages is None else _amount_seen(damages, seen),
        b', "total": ', _amount_seen(r.total, seen), b', "lines": [',
    )
    out += lines
    out.append(b'], "procedure": [')
    heads = _FIRST_STEP[r.lang]
    due = _DUE
    for step in r.procedure:
        day = step.due_date
        out += (heads[step.step], _UNDATED if day is None else due[day],
                _CONDITIONAL_END if step.conditional else b"}")
        heads = _NEXT_STEP[r.lang]
    summary = r.summary
    out += (b'], "ground": ', constant[r.ground], b', "engine_version": ', constant[r.engine_version],
            b', "summary": ', b"null" if summary is None else _encode(summary).encode())
    if r.practice is not None:
        out += (b', "practice": ', _value(r.practice).encode("utf-8"))
    if r.assumptions:
        out += (b', "assumptions": ', _value(list(r.assumptions)).encode("utf-8"))
    out.append(b"}")
    return b"".join(out)


def result_json(r: Result) -> str:
    """`json.dumps(r.as_dict(), ensure_ascii=False)`, faster (module docstring)."""
    return result_utf8(r).decode("utf-8")
