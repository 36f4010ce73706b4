"""The README output as JSON text, byte for byte what `json.dumps(result.as_dict(), ensure_ascii=False)` gives.

Why a writer of its own: a batch of 10,000 separations must go through `farewell law compute`
at 20,000 a second (issue 15), and building each output as dicts and then encoding them
costs a third of that. Most of an output is constant text (a step's title and article, an
item's citation, the field names): those fragments are encoded once and reused.
`tests/law/test_jsonout.py` checks the equality on random batches, in both languages.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache, lru_cache
from json.encoder import encode_basestring as _encode  # the C encoder json.dumps(ensure_ascii=False) uses

from .i18n import EN, cite
from .procedure import ARTICLES, CALENDAR_DAYS, TITLES, TITLES_EN
from .result import Result

_float_repr = float.__repr__


def _money(amount: Decimal | None) -> str:
    """An amount as json.dumps writes the float of it: 30000.00 → 30000.0, 12.30 → 12.3.

    For a number written with two decimals and at most 15 digits the float's shortest repr is that
    text without its trailing zeros (a double holds 15 significant digits exactly); anything else
    goes through float() itself.
    """
    if amount is None:
        return "null"
    text = str(amount)
    if len(text) <= 16 and text[-3:-2] == ".":
        text = text.rstrip("0")
        return text + "0" if text[-1] == "." else text
    return _float_repr(float(amount))


@lru_cache(maxsize=4096)
def _text(value: str) -> str:
    """A constant string (a citation, an article, a code) encoded once."""
    return _encode(value)


@cache
def _step_head(step: str, lang: str) -> str:
    title = TITLES_EN[step] if lang == EN else TITLES[step]
    return (f'{{"step": {_encode(step)}, "title": {_encode(title)}, '
            f'"article": {_encode(cite(ARTICLES[step], lang))}, "due_date": ')


_DATED_TAIL = f', "basis": "{CALENDAR_DAYS}"'


@lru_cache(maxsize=8192)
def _date(day) -> str:
    return f'"{day.isoformat()}"'


def _value(value) -> str:
    """A JSON value of a small structure (the `practice` object, the `assumptions` list)."""
    if value is None:
        return "null"
    if type(value) is str:
        return _encode(value)
    if type(value) is dict:
        return "{" + ", ".join(f"{_encode(k)}: {_value(v)}" for k, v in value.items()) + "}"
    return "[" + ", ".join(_value(v) for v in value) + "]"


def result_json(r: Result) -> str:
    """`json.dumps(r.as_dict(), ensure_ascii=False)`, faster (module docstring)."""
    lang = r.lang
    n = r.compensation_months
    if n is None:
        months = "null"
    elif n == n.to_integral_value():
        months = str(int(n))
    else:
        months = _float_repr(float(n))
    lines = ", ".join([
        f'{{"item": "{line.item}", "amount": {_money(line.amount)}, "formula": {_encode(line.formula)}, '
        f'"citation": {_text(line.citation)}}}'
        for line in r.lines
    ])
    steps = ", ".join([
        _step_head(step.step, lang)
        + ('null, "basis": null' if step.due_date is None else _date(step.due_date) + _DATED_TAIL)
        + (', "conditional": true}' if step.conditional else "}")
        for step in r.procedure
    ])
    violations = ", ".join([
        f'{{"code": {_text(v.code)}, "article": {_text(v.article)}, "message": {_encode(v.message)}, '
        f'"severity": {_text(v.severity)}}}'
        for v in r.violations
    ])
    summary = "null" if r.summary is None else _encode(r.summary)
    text = (
        f'{{"lawful": {"true" if r.lawful else "false"}, "violations": [{violations}], '
        f'"compensation_months": {months}, "monthly_base": {_money(r.monthly_base)}, '
        f'"economic_compensation": {_money(r.economic_compensation)}, "notice_pay": {_money(r.notice_pay)}, '
        f'"annual_leave_pay": {_money(r.annual_leave_pay)}, "double_wage": {_money(r.double_wage)}, '
        f'"unlawful_termination_damages": {_money(r.unlawful_termination_damages)}, '
        f'"total": {_money(r.total)}, "lines": [{lines}], "procedure": [{steps}], '
        f'"ground": {_text(r.ground)}, "engine_version": {_text(r.engine_version)}, "summary": {summary}'
    )
    if r.practice is not None:
        text += ', "practice": ' + _value(r.practice)
    if r.assumptions:
        text += ', "assumptions": ' + _value(list(r.assumptions))
    return text + "}"
