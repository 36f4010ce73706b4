"""`farewell talks classify --input FILE|-`: JSON lines `{"text": ...}` in, one line out for each:
`{"sentiment": negative|neutral|positive, "emotion": anger|grievance|anxiety|sadness|calm|relief|
gratitude, "score": 0..1}` (score = expected valence, 0 negative … 1 positive). An input `id` is
echoed back. A line that is not a JSON object with a string `text` gets `{"error": ...}` in its
place and the command exits 2 after the last line; blank lines are skipped.

Runs before Django is imported (farewell/__main__.py): no settings, database or environment.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from pathlib import Path

EXIT_OK = 0
EXIT_INPUT_ERROR = 2
BATCH = 1000


def _parse(line: str, number: int) -> tuple[str | None, dict]:
    """(text, extra keys to echo) or (None, {"error": ...})."""
    try:
        item = json.loads(line)
    except json.JSONDecodeError as error:
        return None, {"error": f"line {number}: not JSON ({error.msg})"}
    if not isinstance(item, dict) or not isinstance(item.get("text"), str):
        return None, {"error": f"line {number}: expected an object with a string \"text\""}
    return item["text"], ({"id": item["id"]} if "id" in item else {})


def run(lines, out) -> int:
    from .classifier import classify

    status = EXIT_OK
    pending: list[tuple[str | None, dict]] = []

    def flush() -> None:
        texts = [text for text, _ in pending if text is not None]
        readings = iter(classify(texts))
        for text, extra in pending:
            row = extra if text is None else {**extra, **next(readings).as_dict()}
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
        pending.clear()

    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        text, extra = _parse(line, number)
        if text is None:
            status = EXIT_INPUT_ERROR
        pending.append((text, extra))
        if len(pending) >= BATCH:
            flush()
    flush()
    out.flush()
    return status


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="farewell talks classify",
                                     description="Sentiment and emotion of each JSON line {\"text\": ...}.")
    parser.add_argument("--input", default="-", help="a JSON-lines file, or - for standard input (default)")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return EXIT_INPUT_ERROR if exit_.code else EXIT_OK
    try:
        stream = (io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8-sig", errors="replace") if args.input == "-"
                  else Path(args.input).open(encoding="utf-8-sig", errors="replace"))
    except OSError as error:
        sys.stderr.write(json.dumps({"error": f"cannot read {args.input}: {error.strerror or error}"},
                                    ensure_ascii=False) + "\n")
        return EXIT_INPUT_ERROR
    out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="\n", write_through=True)
    with stream:
        return run(stream, out)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
