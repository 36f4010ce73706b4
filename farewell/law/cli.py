"""`farewell law compute|explain --input FILE|-` (README; DESIGN, Pinned interfaces).

Exit 0 when the input was understood (lawful or not), 2 with `{"error", "field"}` on
standard error when it was not. Runs before Django is imported and needs no environment.

Speed (issue 15: a 10,000-separation batch at 20,000 a second as a whole process, on two
cores): a long list is cut in two halves; a forked worker reads, computes and writes one while
this process does the other. The worker is forked before the engine is imported, so that the
two processes import it at once; the engine modules are therefore imported inside functions.
"""

from __future__ import annotations

import decimal
import gc
import os
import sys
from decimal import Decimal

from .errors import LawInputError
from .jsonin import scan, scanner
from .money import EXACT

TYPE_CHECKING = False  # typing is not imported at run time (13M instructions of every CLI run)
if TYPE_CHECKING:
    from typing import Any

EXIT_OK = 0
EXIT_INPUT_ERROR = 2
PARALLEL_MIN_ITEMS = 2000  # below this a second process costs more than it saves
SPLIT_MIN_BYTES = 512 * 1024  # a list this long is read in two halves at once (_halves)



INT_DIGITS_LIMIT = 4300  # Python's own limit on turning digits into an int (CVE-2020-10735)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number in JSON")


def _long_int(digits: str) -> Any:
    """A JSON integer too long for `int()`: kept as a Decimal, which the field check rejects (≥ 10^10)."""
    return int(digits) if len(digits) < INT_DIGITS_LIMIT else Decimal(digits)


_SCAN = scanner(Decimal)


def _load(raw: bytes) -> Any:
    """The JSON input; raises ValueError (not JSON) or RecursionError (nested too deep to read).

    The usual document is read by `_json`'s scanner directly (jsonin.py: `json` and `re` need not be
    imported); anything else by `json.loads`, which gives the error."""
    value = scan(raw, _SCAN)
    if value is not None:
        return value
    import json

    try:
        return json.loads(raw, parse_float=Decimal, parse_constant=_reject_constant)
    except ValueError as error:
        if "integer string conversion" not in str(error):
            raise
    # an integer of thousands of digits: read again, keeping long integers as Decimals (slower, rare)
    return json.loads(raw, parse_float=Decimal, parse_int=_long_int, parse_constant=_reject_constant)


def _fail(message: str, field: str | None) -> int:
    import json

    error = {"error": message, "field": field}
    try:
        text = json.dumps(error, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate quoted from the input (JSON allows "\ud800"): escape it
        text = json.dumps(error).encode("ascii")
    sys.stderr.buffer.write(text + b"\n")
    sys.stderr.flush()
    return EXIT_INPUT_ERROR


def _read(source: str) -> bytes:
    if source == "-":
        return sys.stdin.buffer.read()
    with open(source, "rb") as handle:
        return handle.read()


def _short(text: str) -> str:
    return text if len(text) <= 200 else text[:199] + "…"


def _compute_all(items: list, lang: str | None) -> list:
    from .engine import compute

    results = []
    for index, item in enumerate(items):
        try:
            results.append(compute(item, lang=lang))
        except LawInputError as error:
            raise error.within(f"[{index}]") from None
    return results


def _compute_range(data: list, start: int, stop: int, lang: str | None) -> bytes | tuple[int, LawInputError]:
    """The JSON of items [start, stop) without the brackets, or (index, error) for the first bad one.

    Each item is encoded on its own and the bytes joined: joining the texts first builds one string of
    a whole batch in two bytes a character (the output is Chinese), then a UTF-8 copy of it — tens of
    megabytes of fresh memory a process pays for in page faults."""
    parts = _compute_parts(data, start, stop, lang)
    return b", ".join(parts) if type(parts) is list else parts


def _compute_parts(data: list, start: int, stop: int, lang: str | None) -> list[bytes] | tuple[int, LawInputError]:
    """The JSON of each of items [start, stop), or (index, error) for the first bad one.

    What `compute(item, lang=lang)` does for each, without its per-call checks: main() has set the
    exact context once, and the language is read once."""
    from .engine import DEFAULT_CALENDAR, DEFAULT_OPTIONS, _compute
    from .i18n import ZH, norm
    from .inputs import parse_input
    from .jsonout import result_utf8

    lang = ZH if lang is None else norm(lang)
    out = []
    append = out.append
    for index in range(start, stop):
        try:
            append(result_utf8(_compute(parse_input(data[index]), DEFAULT_OPTIONS, DEFAULT_CALENDAR, lang)))
        except LawInputError as error:
            return index, error
    return out


IOV_MAX = 1024  # the most buffers one writev takes (Linux)


def _write_parts(before: bytes, parts: list[bytes], after: bytes) -> None:
    """`before`, the parts separated by ", ", then `after`, to standard output with writev: from the parts'
    own buffers, not first joined into one (half a batch is ~12 MB of fresh memory, paid in page faults)."""
    pieces = [before]
    for part in parts:
        pieces += (part, b", ")
    if parts:
        pieces.pop()
    pieces.append(after)
    stdout = sys.stdout.buffer
    stdout.flush()
    fd = stdout.fileno()
    for first in range(0, len(pieces), IOV_MAX):
        chunk = pieces[first:first + IOV_MAX]
        written = os.writev(fd, chunk)
        for piece in chunk:  # a write cut short (a signal): the rest of the chunk piece by piece
            if written >= len(piece):
                written -= len(piece)
                continue
            view = memoryview(piece)[written:]
            written = 0
            while view:
                view = view[os.write(fd, view):]


def _fork(work) -> tuple[int, int]:
    """Run `work()` (→ a list of bytes) in a forked process that writes them to a pipe: (pid, read end)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid:
        os.close(write_end)
        return pid, read_end
    # the child: work, send, leave without running the parent's clean-up
    status = 0
    try:
        os.close(read_end)
        pieces = work()
        with os.fdopen(write_end, "wb") as pipe:
            pipe.writelines(pieces)
    except BaseException:  # noqa: BLE001 — a child must never return into the parent's code
        status = 1
    os._exit(status)


def _receive(pid: int, read_end: int) -> memoryview | None:
    """What the child wrote (a view: a batch's output is not copied again); None when it failed."""
    with os.fdopen(read_end, "rb") as pipe:
        payload = pipe.read()
    _, status = os.waitpid(pid, 0)
    return memoryview(payload) if status == 0 and payload else None


def _packed(part: bytes | tuple[int, LawInputError]) -> list[bytes]:
    """A computed range as the child sends it: b"J" + JSON, or b"E" + the error (local index, field, message)."""
    if isinstance(part, bytes):
        return [b"J", part]
    import pickle

    index, error = part
    return [b"E", pickle.dumps((index, error.field, error.message))]


def _unpacked(payload: memoryview, offset: int) -> memoryview | LawInputError:
    if payload[:1] == b"J":
        return payload[1:]
    import pickle

    index, field, message = pickle.loads(payload[1:])
    return LawInputError(field, message).within(f"[{offset + index}]")


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _halves(raw: bytes) -> tuple[bytes, bytes] | None:
    """A long JSON array cut between two of its objects near the middle, as two arrays; else None.

    A cut inside a string or a nested value leaves a half that is not JSON (an open string or
    bracket), and then the caller reads the whole input as usual.
    """
    cut = _cut(raw)
    return None if cut is None else (_left(raw, cut), _right(raw, cut))


_WHITESPACE = b" \t\r\n"


def _cut(raw: bytes) -> tuple[int, int, int, int] | None:
    """Where `_halves` cuts, without copying the input (megabytes of fresh memory before the fork delay
    both processes): (first, left_end, right_start, last), the array being raw[first:last]."""
    head = raw[:64]
    first = len(head) - len(head.lstrip(_WHITESPACE))
    if first == 64:  # a long run of white space: let strip() find its end (a copy, rare)
        first = len(raw) - len(raw.lstrip(_WHITESPACE))
    last = len(raw)
    while last > first and raw[last - 1] in _WHITESPACE:
        last -= 1
        if len(raw) - last > 64:  # a long run: as above
            last = len(raw.rstrip(_WHITESPACE))
            break
    if last - first < SPLIT_MIN_BYTES or raw[first] != ord("[") or raw[last - 1] != ord("]"):
        return None
    middle = first + (last - first) // 2
    at = raw.find(b"}, {", middle, last)  # json.dump's separator: no `re` to import (issue 15: start-up)
    if at >= 0:
        return first, at + 1, at + 3, last
    import re

    cut = re.compile(rb"\}[ \t\r\n]*,[ \t\r\n]*\{").search(raw, middle, last)
    if cut is None:
        return None
    return first, cut.start() + 1, cut.end() - 1, last


def _left(raw: bytes, cut: tuple[int, int, int, int]) -> bytes:
    first, left_end, _, _ = cut
    return b"".join((memoryview(raw)[first:left_end], b"]"))


def _right(raw: bytes, cut: tuple[int, int, int, int]) -> bytes:
    _, _, right_start, last = cut
    return b"".join((b"[", memoryview(raw)[right_start:last]))


def _compute_halves(left: bytes, right: bytes, lang: str | None) -> list | LawInputError | None:
    """Both halves read and computed at once, one in a forked process; None when either half is not a
    JSON array (the caller then reads the input as a whole, with the usual error if it is not JSON)."""

    def child_work() -> list[bytes]:
        try:
            items = _load(right)
        except (ValueError, RecursionError):
            return [b"P"]
        if type(items) is not list:
            return [b"P"]
        return _packed(_compute_range(items, 0, len(items), lang))

    try:
        pid, read_end = _fork(child_work)
    except OSError:
        return None
    try:
        items = _load(left)
    except (ValueError, RecursionError):
        items = None
    mine = _compute_range(items, 0, len(items), lang) if type(items) is list else None
    theirs = _receive(pid, read_end)
    if mine is None or theirs is None or theirs[:1] == b"P":
        return None
    if not isinstance(mine, bytes):
        index, error = mine
        return error.within(f"[{index}]")
    part = _unpacked(theirs, len(items))
    if isinstance(part, LawInputError):
        return part
    return _bracketed([mine, part])


def _write_halves(raw: bytes, cut: tuple[int, int, int, int], lang: str | None) -> int | None:
    """Both halves (`_cut`) copied out, read and computed at once, one in a forked worker, and each written to standard output
    by the process that computed it: this one writes `[` and its half, then the worker its own and `]`.
    The worker's half (megabytes) is not sent through a pipe to be written again (issue 15: the end of a
    batch runs on one core). The exit status; None when either half is not a JSON array (the caller
    then reads the input as a whole).

    Nothing is written until both halves are computed: a bad item in either gives only the error. The
    worker reports its outcome on one pipe (b"J" computed, b"P" not a JSON array, b"E" + the error) and
    waits on another for b"G" (write after a comma), b"F" (write first) or its end (write nothing)."""
    status_read, status_write = os.pipe()
    go_read, go_write = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        for end in (status_read, status_write, go_read, go_write):
            os.close(end)
        return None
    if pid == 0:  # the worker: compute, report, write when told, and leave without the parent's clean-up
        status = 1
        try:
            os.close(status_read)
            os.close(go_write)
            try:
                items = _load(_right(raw, cut))
            except (ValueError, RecursionError):
                items = None
            parts = _compute_parts(items, 0, len(items), lang) if type(items) is list else None
            message = [b"P"] if parts is None else [b"J"] if type(parts) is list else _packed(parts)
            with os.fdopen(status_write, "wb") as pipe:
                pipe.writelines(message)
            go = os.read(go_read, 1)
            if go and message[0] == b"J":
                _write_parts(b", " if go == b"G" and parts else b"", parts, b"]\n")
            status = 0
        except BaseException:  # noqa: BLE001 — a child must never return into the parent's code
            status = 1
        os._exit(status)

    os.close(status_write)
    os.close(go_read)
    try:
        items = _load(_left(raw, cut))
    except (ValueError, RecursionError):
        items = None
    mine = _compute_parts(items, 0, len(items), lang) if type(items) is list else None
    with os.fdopen(status_read, "rb") as pipe:
        theirs = pipe.read()
    with os.fdopen(go_write, "wb") as go:
        if mine is None or theirs[:1] not in (b"J", b"E"):  # not a JSON array, or the worker died
            outcome = None
        elif type(mine) is not list:
            index, error = mine
            error = error.within(f"[{index}]")
            outcome = _fail(error.message, error.field)
        elif theirs[:1] == b"E":
            error = _unpacked(memoryview(theirs), len(items))
            outcome = _fail(error.message, error.field)
        else:
            _write_parts(b"[", mine, b"")
            go.write(b"G" if mine else b"F")
            outcome = EXIT_OK
    _, status = os.waitpid(pid, 0)
    if outcome == EXIT_OK and status != 0:  # the worker could not write its half
        sys.stderr.buffer.write(b'{"error": "the output could not be written", "field": null}\n')
        return 1
    return outcome


def _bracketed(parts: list) -> list:
    """The pieces of a JSON list whose parts are items joined by ", " (empty parts left out)."""
    pieces = [b"["]
    for part in parts:
        if len(part):
            if len(pieces) > 1:
                pieces.append(b", ")
            pieces.append(part)
    pieces.append(b"]")
    return pieces


def _compute_json_text(data: Any, lang: str | None = None) -> list:
    """`compute_json` as UTF-8 JSON text (a list of pieces to write); a long list is split across the
    CPUs (forked workers)."""
    if type(data) is not list:
        from .engine import compute
        from .jsonout import result_utf8

        return [result_utf8(compute(data, lang=lang))]
    count = len(data)
    cpus = _cpus()
    if count < PARALLEL_MIN_ITEMS or cpus < 2 or not hasattr(os, "fork"):
        parts = [_compute_range(data, 0, count, lang)]
    else:
        step = -(-count // cpus)
        bounds = [(start, min(start + step, count)) for start in range(0, count, step)]
        try:
            children = [(start, _fork(lambda s=start, e=stop: _packed(_compute_range(data, s, e, lang))))
                        for start, stop in bounds[1:]]
        except OSError:  # no fork here: one process does it all
            children = []
            bounds = [(0, count)]
        parts = [_compute_range(data, *bounds[0], lang)]
        received = [(start, _receive(pid, read_end)) for start, (pid, read_end) in children]
        if any(payload is None for _, payload in received):  # a worker died: do it all here
            parts = [_compute_range(data, 0, count, lang)]
        else:
            parts += [_unpacked(payload, 0) for _, payload in received]
    texts = []
    for part in parts:
        if isinstance(part, LawInputError):
            raise part
        if isinstance(part, tuple):
            index, error = part
            raise error.within(f"[{index}]")
        texts.append(part)
    return _bracketed(texts)


def _parser():
    import argparse

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


class _Args:
    def __init__(self, command: str, input: str, lang: str | None) -> None:
        self.command, self.input, self.lang = command, input, lang


def _usual(argv: list[str]) -> _Args | None:
    """`compute|explain --input FILE [--lang zh|en]` read without argparse (its import costs start-up
    time a batch pays); anything else, help and mistakes included, goes to argparse."""
    if not argv or argv[0] not in ("compute", "explain"):
        return None
    options = {}
    rest = argv[1:]
    while rest:
        if len(rest) < 2 or rest[0] not in ("--input", "--lang") or rest[0] in options or rest[1].startswith("-") and rest[1] != "-":
            return None
        options[rest[0]] = rest[1]
        rest = rest[2:]
    if "--input" not in options or options.get("--lang", "zh") not in ("zh", "en"):
        return None
    return _Args(argv[0], options["--input"], options.get("--lang"))


def _is_the_process() -> bool:
    """Whether this run is `python -m farewell law ...` itself (not a test calling main())."""
    entry = sys.modules.get("__main__")
    spec = getattr(entry, "__spec__", None)
    return spec is not None and spec.name == "farewell.__main__"


def main(argv: list[str]) -> int:
    """`farewell law compute|explain`; the exit status (0, or 2 with the error on standard error)."""
    collecting = gc.isenabled()
    gc.disable()  # a batch allocates millions of objects and frees them in order: no cycles to find
    context = decimal.getcontext()
    decimal.setcontext(EXACT)  # compute() then need not enter it for every separation
    try:
        code = _main(argv)
    finally:
        decimal.setcontext(context)
        if collecting:
            gc.enable()
    if _is_the_process():
        # The output is written and flushed: skip freeing a batch's objects one by one at exit.
        sys.stderr.flush()
        os._exit(code)
    return code


def _main(argv: list[str]) -> int:
    args = _usual(argv)
    if args is None:
        try:
            args = _parser().parse_args(argv)
        except SystemExit as exit_:  # --help (0) or a usage error (2): argparse has printed why
            return int(exit_.code or 0)

    try:
        raw = _read(args.input)
    except OSError as error:
        return _fail(f"cannot read the input: {error.strerror or error}", None)
    lang = args.lang
    if args.command == "compute" and _cpus() > 1 and hasattr(os, "fork"):
        cut = _cut(raw)
        if cut is not None and _is_the_process():  # each process writes its own half (_write_halves)
            code = _write_halves(raw, cut, lang)
            if code is not None:
                return code
        elif cut is not None:  # a long list: read and computed in two processes at once
            output = _compute_halves(_left(raw, cut), _right(raw, cut), lang)
            if isinstance(output, LawInputError):
                return _fail(output.message, output.field)
            if output is not None:
                sys.stdout.buffer.writelines([*output, b"\n"])
                sys.stdout.flush()
                return EXIT_OK
    try:
        data = _load(raw)
    except ValueError as error:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        return _fail(f"the input is not JSON: {_short(str(error))}", None)
    except RecursionError:
        return _fail("the input is nested too deeply to read", None)

    try:
        if args.command == "compute":
            output = _compute_json_text(data, lang)
        elif type(data) is list:
            from .explain import explain, explain_heading

            results = _compute_all(data, lang)
            output = ["\n\n".join(explain_heading(i, lang) + "\n" + explain(r) for i, r in enumerate(results)).encode()]
        else:
            from .engine import compute
            from .explain import explain

            output = [explain(compute(data, lang=lang)).encode("utf-8")]
    except LawInputError as error:
        return _fail(error.message, error.field)
    except RecursionError:  # a value nested too deeply to read even after parsing
        return _fail("the input is nested too deeply to read", None)
    sys.stdout.buffer.writelines([*output, b"\n"])
    sys.stdout.flush()
    return EXIT_OK
