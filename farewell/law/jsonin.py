"""JSON in, as `json.loads` reads it, without importing the `json` package on the usual path.

`json` imports `re` (and `re` imports `enum`): ~20M instructions of every `farewell law` run, paid
before its first separation (issue 15). Its decoder is `_json`'s C scanner anyway; `scan(raw, ...)`
drives that scanner directly for the usual document — UTF-8 bytes or text starting with `[` or `{`,
nothing but white space after the value — and answers `None` for anything else (another encoding,
leading white space, an error of any kind), so that the caller runs `json.loads` itself, which then
gives its own result or its own error. Where `scan` answers, the value is what `json.loads` gives
(tests/law/test_jsonin.py compares them).
"""

from __future__ import annotations

from _json import make_scanner

_STARTS = b"[{"
_WHITESPACE = " \t\n\r"  # JSON's white space (json.decoder.WHITESPACE)


def _refuse_constant(name: str):
    """NaN and Infinity: left to `json.loads` (the caller's own parse_constant then decides)."""
    raise ValueError(name)


def scanner(parse_float):
    """A scanner of JSON with `parse_float` (float or Decimal), integers as `int`."""

    class Context:  # the attributes json.decoder.JSONDecoder gives _json's scanner
        strict = True
        object_hook = None
        object_pairs_hook = None
        parse_int = int
        parse_constant = _refuse_constant
        memo = {}

    Context.parse_float = parse_float
    return make_scanner(Context)


def scan(raw: bytes | str, scan_once):
    """The JSON value of `raw` (as `json.loads(raw, parse_float=…)`), or None when it is not the usual
    document (module docstring): the caller then asks `json.loads`."""
    if type(raw) is not str:
        # json.detect_encoding: a first byte `[` or `{` and a second byte (if any) that is not 0 is UTF-8
        if not raw or raw[0] not in _STARTS or len(raw) > 1 and not raw[1]:
            return None
        try:
            raw = raw.decode("utf-8", "surrogatepass")  # as json.loads decodes bytes
        except UnicodeDecodeError:
            return None
    elif raw[:1] not in ("[", "{"):
        return None
    try:
        value, end = scan_once(raw, 0)
    except (StopIteration, ValueError, RecursionError, SystemError):
        # not JSON (a SystemError while json.decoder is not imported: _json raises its JSONDecodeError from
        # there), NaN or Infinity, an integer too long, too deep
        return None
    if end != len(raw) and raw[end:].strip(_WHITESPACE):  # "Extra data"
        return None
    return value
