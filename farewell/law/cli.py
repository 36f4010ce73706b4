"""`farewell law compute|explain --input FILE|-` (README; DESIGN, Pinned interfaces).

Exit 0 when the input was understood (lawful or not), 2 with `{"error", "field"}` on
standard error when it was not. Runs before Django is imported and needs no environment.
"""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from .engine import compute, compute_json
from .explain import explain
from .inputs import LawInputError

EXIT_OK = 0
EXIT_INPUT_ERROR = 2


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number in JSON")


def _fail(message: str, field: str | None) -> int:
    error = json.dumps({"error": message, "field": field}, ensure_ascii=False)
    sys.stderr.buffer.write(error.encode("utf-8") + b"\n")
    sys.stderr.flush()
    return EXIT_INPUT_ERROR


def _read(source: str) -> bytes:
    if source == "-":
        return sys.stdin.buffer.read()
    return Path(source).read_bytes()


def _compute_all(items: list) -> list:
    results = []
    for index, item in enumerate(items):
        try:
            results.append(compute(item))
        except LawInputError as error:
            raise error.within(f"[{index}]") from None
    return results


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="farewell law", description="PRC separation law engine")
    commands = parser.add_subparsers(dest="command", required=True)
    for name, text in (
        ("compute", "JSON in, JSON out (shared/law/README.md)"),
        ("explain", "a readable Chinese derivation of the same result"),
    ):
        command = commands.add_parser(name, help=text)
        command.add_argument("--input", required=True, metavar="FILE", help="a JSON file, or - for standard input")
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
        data = json.loads(raw, parse_float=Decimal, parse_constant=_reject_constant)
    except ValueError as error:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        return _fail(f"the input is not JSON: {error}", None)

    try:
        if args.command == "compute":
            text = json.dumps(compute_json(data), ensure_ascii=False)
        elif type(data) is list:
            results = _compute_all(data)
            text = "\n\n".join(f"—— 第{i + 1}项（[{i}]）——\n{explain(r)}" for i, r in enumerate(results))
        else:
            text = explain(compute(data))
    except LawInputError as error:
        return _fail(error.message, error.field)
    sys.stdout.buffer.write(text.encode("utf-8") + b"\n")
    sys.stdout.flush()
    return EXIT_OK
