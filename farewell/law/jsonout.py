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

# the C encoder json.dumps(ensure_ascii=False) uses (json.encoder.encode_basestring), without importing json
from _json import encode_basestring as _encode
from decimal import Decimal

from .i18n import EN, cite
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
    if text[-3:-2] == "." and len(text) <= 16:
        return text[:-1] if text[-1] == "0" else text  # 12.30 → 12.3, 12.00 → 12.0
    return _float_repr(float(amount))


def _money(amount: Decimal | None) -> str:
    """`_money_text`, or "null" for an item that is not given."""
    return "null" if amount is None else _money_text(amount)


def _amount(amount: Decimal | None) -> bytes:
    return b"null" if amount is None else _money_text(amount).encode("ascii")


def _text(value: str) -> bytes:
    """A text of one result as a JSON string in UTF-8."""
    return _encode(value).encode("utf-8")


# The caches below are plain dicts read with .get() and filled by a function on a miss: an item of a dict
# subclass (a `__missing__` of its own) is looked up through a Python-level `__getitem__` call, five times
# a plain lookup, and a result makes some thirty of them (issue 15).
_CONSTANTS: dict[str, bytes] = {}  # a constant string (a code, a citation, an article) → its JSON in UTF-8


def _constant(value: str) -> bytes:
    """A constant string's JSON string in UTF-8, remembered (the English citations of a batch are few; a
    bound all the same)."""
    encoded = _text(value)
    if len(_CONSTANTS) < 4096:
        _CONSTANTS[value] = encoded
    return encoded


# language → {a step's code → `{"step": …, "title": …, "article": …, "due_date": `}, every step at once
_STEP_HEADS: dict[str, dict[str, bytes]] = {}


def _step_heads(lang: str) -> dict[str, bytes]:
    heads = _STEP_HEADS[lang] = {}
    for step, title in (TITLES_EN if lang == EN else TITLES).items():
        heads[step] = (f'{{"step": {_encode(step)}, "title": {_encode(title)}, '
                       f'"article": {_encode(cite(ARTICLES[step], lang))}, "due_date": ').encode()
    return heads


# a due date → `"2024-07-15", "basis": "calendar_days"` (a batch's dates repeat: a layoff shares one)
_DUE: dict = {}


def _due(day) -> bytes:
    tail = f'"{iso(day)}", "basis": "{CALENDAR_DAYS}"'.encode("ascii")
    if len(_DUE) < 8192:
        _DUE[day] = tail
    return tail


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


_MONTHS: dict[str, bytes] = {}  # N's text (str of the Decimal) → N as json.dumps writes it


def _months(text: str) -> bytes:
    """N as json.dumps writes it: 3 for 3 or 3.0, 3.5 for 3.5 (`text`: str of the Decimal)."""
    n = Decimal(text)
    shown = (str(int(n)) if n == n.to_integral_value() else _float_repr(float(n))).encode("ascii")
    if len(_MONTHS) < 4096:
        _MONTHS[text] = shown
    return shown


def _amount_seen(amount: Decimal, seen: list) -> bytes:
    """An amount's JSON, reusing the one written in this result's lines for the same Decimal (an item's
    amount is written in its line and again at the top). The text depends on the value alone, so the
    others are written anew: comparing Decimals for equality costs more than writing one."""
    for other, shown in seen:
        if other is amount:
            return shown
    return _money_text(amount).encode("ascii")


def result_utf8(r: Result) -> bytes:
    """`json.dumps(r.as_dict(), ensure_ascii=False).encode()`, faster (module docstring)."""
    constant = _CONSTANTS.get  # `constant(text) or _constant(text)`: a JSON string is never empty
    # the lines first: the amounts at the top repeat theirs
    lines = []
    seen = []
    separator = b'{"item": '
    for line in r.lines:
        amount = line.amount
        shown = _money_text(amount).encode("ascii")
        seen.append((amount, shown))
        item = line.item
        citation = line.citation
        lines += (separator, constant(item) or _constant(item), b', "amount": ', shown, b', "formula": ',
                  _encode(line.formula).encode(), b', "citation": ', constant(citation) or _constant(citation), b"}")
        separator = b', {"item": '
    out = [b'{"lawful": true, "violations": [' if r.lawful else b'{"lawful": false, "violations": [']
    separator = b'{"code": '
    for v in r.violations:
        # a message repeats across a batch (the union's, a year's calendar warning): from the cache
        code = v.code
        article = v.article
        message = v.message
        severity = v.severity
        out += (separator, constant(code) or _constant(code), b', "article": ', constant(article) or _constant(article),
                b', "message": ', constant(message) or _constant(message), b', "severity": ',
                constant(severity) or _constant(severity), b"}")
        separator = b', {"code": '
    n = r.compensation_months
    base = r.monthly_base
    economic = r.economic_compensation
    notice = r.notice_pay
    leave = r.annual_leave_pay
    double = r.double_wage
    damages = r.unlawful_termination_damages
    if n is None:
        months = b"null"
    else:
        text = str(n)
        months = _MONTHS.get(text) or _months(text)
    out += (
        b'], "compensation_months": ', months,
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
    heads = _STEP_HEADS.get(r.lang) or _step_heads(r.lang)
    due = _DUE.get
    separator = b""
    for step in r.procedure:
        day = step.due_date
        out += (separator, heads[step.step], _UNDATED if day is None else due(day) or _due(day),
                _CONDITIONAL_END if step.conditional else b"}")
        separator = b", "
    summary = r.summary
    ground = r.ground
    version = r.engine_version
    out += (b'], "ground": ', constant(ground) or _constant(ground), b', "engine_version": ',
            constant(version) or _constant(version),
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
