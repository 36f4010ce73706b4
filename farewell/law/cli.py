"""`farewell law compute|explain --input FILE|-` (README; DESIGN, Pinned interfaces).

Exit 0 when the input was understood (lawful or not), 2 with `{"error", "field"}` on
standard error when it was not. Runs before Django is imported and needs no environment.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from .engine import compute, compute_json
from .explain import explain, explain_heading
from .inputs import LawInputError

EXIT_OK = 0
EXIT_INPUT_ERROR = 2
PARALLEL_MIN_ITEMS = 2000  # below this a second process costs more than it saves

_batch: list = []  # the list being computed, shared with forked workers (copy-on-write)


INT_DIGITS_LIMIT = 4300  # Python's own limit on turning digits into an int (CVE-2020-10735)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number in JSON")


def _long_int(digits: str) -> Any:
    """A JSON integer too long for `int()`: kept as a Decimal, which the field check rejects (≥ 10^10)."""
    return int(digits) if len(digits) < INT_DIGITS_LIMIT else Decimal(digits)


def _load(raw: bytes) -> Any:
    """The JSON input; raises ValueError (not JSON) or RecursionError (nested too deep to read)."""
    try:
        return json.loads(raw, parse_float=Decimal, parse_constant=_reject_constant)
    except ValueError as error:
        if "integer string conversion" not in str(error):
            raise
    # an integer of thousands of digits: read again, keeping long integers as Decimals (slower, rare)
    return json.loads(raw, parse_float=Decimal, parse_int=_long_int, parse_constant=_reject_constant)


def _fail(message: str, field: str | None) -> int:
    error = json.dumps({"error": message, "field": field}, ensure_ascii=False)
    sys.stderr.buffer.write(error.encode("utf-8") + b"\n")
    sys.stderr.flush()
    return EXIT_INPUT_ERROR


def _read(source: str) -> bytes:
    if source == "-":
        return sys.stdin.buffer.read()
    return Path(source).read_bytes()


def _short(text: str) -> str:
    return text if len(text) <= 200 else text[:199] + "…"


def _compute_all(items: list, lang: str | None) -> list:
    results = []
    for index, item in enumerate(items):
        try:
            results.append(compute(item, lang=lang))
        except LawInputError as error:
            raise error.within(f"[{index}]") from None
    return results


def _compute_chunk(bounds: tuple[int, int, str | None]) -> tuple[str, LawInputError | None]:
    """JSON of items [start, stop) without the brackets, or the first input error among them."""
    start, stop, lang = bounds
    out = []
    for index in range(start, stop):
        try:
            out.append(compute(_batch[index], lang=lang).as_dict())
        except LawInputError as error:
            return "", error.within(f"[{index}]")
    return json.dumps(out, ensure_ascii=False)[1:-1], None


def _compute_json_text(data: Any, lang: str | None = None) -> str:
    """`compute_json` as JSON text; a long list is split across the CPUs (forked workers)."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cpus = os.cpu_count() or 1
    if type(data) is not list or len(data) < PARALLEL_MIN_ITEMS or cpus < 2:
        return json.dumps(compute_json(data, lang=lang), ensure_ascii=False)
    import multiprocessing

    global _batch
    _batch = data
    step = -(-len(data) // cpus)
    chunks = [(start, min(start + step, len(data)), lang) for start in range(0, len(data), step)]
    try:
        pool = multiprocessing.get_context("fork").Pool(len(chunks) - 1)
    except (OSError, ValueError):  # no fork here: one process does it all
        return json.dumps(compute_json(data, lang=lang), ensure_ascii=False)
    with pool:
        pending = pool.map_async(_compute_chunk, chunks[1:])
        parts = [_compute_chunk(chunks[0]), *pending.get()]
    _batch = []
    for _, error in parts:
        if error is not None:
            raise error
    return "[" + ", ".join(text for text, _ in parts if text) + "]"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="farewell law", description="PRC separation law engine")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, text in (
        ("compute", "JSON in, JSON out (shared/law/README.md)"),
        ("explain", "a readable derivation of the same result (Chinese, or English with --lang en)"),
    ):
        command = commands.add_parser(name, help=text)
        command.add_argument("--input", required=True, metavar="FILE", help="a JSON file, or - for standard input")
        command.add_argument("--lang", choices=("zh", "en"), default=None,
                             help="language of the texts (formulas, messages, titles); Chinese by default")
    return parser


def main(argv: list[str]) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exit_:  # --help (0) or a usage error (2): argparse has printed why
        return int(exit_.code or 0)

    try:
        raw = _read(args.input)
    except OSError as error:
        return _fail(f"cannot read the input: {error.strerror or error}", None)
    try:
        data = _load(raw)
    except ValueError as error:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        return _fail(f"the input is not JSON: {_short(str(error))}", None)
    except RecursionError:
        return _fail("the input is nested too deeply to read", None)

    lang = args.lang
    try:
        if args.command == "compute":
            text = _compute_json_text(data, lang)
        elif type(data) is list:
            results = _compute_all(data, lang)
            text = "\n\n".join(explain_heading(i, lang) + "\n" + explain(r) for i, r in enumerate(results))
        else:
            text = explain(compute(data, lang=lang))
    except LawInputError as error:
        return _fail(error.message, error.field)
    except RecursionError:  # a value nested too deeply to read even after parsing
        return _fail("the input is nested too deeply to read", None)
    sys.stdout.buffer.write(text.encode("utf-8") + b"\n")
    sys.stdout.flush()
    return EXIT_OK
