"""`farewell risk evaluate FILE --target COLUMN [--positive VALUE] [--drop COL,COL]`.

Evaluates the in-app model family (riskmodel) on any CSV: columns read and typed, stratified
5-fold cross-validation with the family chosen by inner cross-validation, calibrated
probabilities. Prints one JSON object (`roc_auc`, `pr_auc`, `brier`, `n`, ...) and writes an
HTML report with the ROC and calibration plots.

Exit 0 with the JSON on standard output; 2 with `{"error", "column"}` on standard error when
the file or the arguments cannot be used (a missing column, one class, an unreadable file).
Runs before Django is imported (farewell/__main__.py) and needs no settings or environment.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd

from . import riskmodel
from .riskmodel import ModelInputError

EXIT_OK = 0
EXIT_INPUT_ERROR = 2
EXIT_INTERNAL = 1
DELIMITERS = (",", ";", "\t", "|")
MISSING = {"", "na", "n/a", "nan", "null", "none", "-", "--", "?", "#n/a", "#null!", "缺失", "空"}
POSITIVE_WORDS = {"yes", "y", "true", "t", "1", "1.0", "是", "离职", "已离职", "left", "leaver", "churn",
                  "churned", "attrition", "positive", "pos", "exit", "exited", "quit", "terminated"}
MIN_ROWS = 20


# --- reading ---------------------------------------------------------------------------------


def decode(raw: bytes) -> tuple[str, str]:
    """Text and the encoding it was read with: UTF-8 (with or without BOM), UTF-16, else GB18030 (GBK)."""
    if raw.startswith(b"PK\x03\x04"):
        raise ModelInputError("the file is an Excel workbook (or another ZIP), not a CSV: save it as CSV first")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16"), "utf-16"
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding), ("utf-8" if encoding == "utf-8-sig" else encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1"), "latin-1"


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the same number (> 1) of fields, the most."""
    lines = [line for line in text.splitlines()[:50] if line.strip()]
    if not lines:
        raise ModelInputError("the file is empty")
    best, best_key = ",", (-1, -1)
    for delimiter in DELIMITERS:
        counts = [len(row) for row in csv.reader(lines, delimiter=delimiter)]
        header = counts[0]
        consistent = sum(c == header for c in counts) / len(counts)
        key = (int(header > 1 and consistent >= 0.9), header if header > 1 else 0)
        if key > best_key:
            best, best_key = delimiter, key
    return best


def read_table(source: str) -> tuple[pd.DataFrame, dict]:
    """Every cell as stripped text (missing markers → NaN), with how the file was read."""
    try:
        raw = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    except OSError as error:
        raise ModelInputError(f"cannot read {source}: {error.strerror or error}") from None
    if not raw.strip():
        raise ModelInputError("the file is empty")
    text, encoding = decode(raw)
    delimiter = sniff_delimiter(text)
    try:
        frame = pd.read_csv(io.StringIO(text), sep=delimiter, dtype=str, keep_default_na=False,
                            na_filter=False, skip_blank_lines=True)
    except (pd.errors.ParserError, ValueError, csv.Error) as error:
        message = re.sub(r"\s+", " ", str(error)).strip()
        raise ModelInputError(f"the file is not a well-formed CSV: {message}") from None
    names = []
    for i, name in enumerate(frame.columns):
        name = unicodedata.normalize("NFC", str(name)).strip().lstrip("\ufeff")
        names.append(name if name and not name.startswith("Unnamed: ") else f"column_{i + 1}")
    frame.columns = _unique(names)
    frame = frame.apply(lambda c: c.str.strip())
    frame = frame.mask(frame.apply(lambda c: c.str.lower().isin(MISSING)))
    frame = frame.dropna(how="all")
    return frame, {"encoding": encoding, "delimiter": delimiter}


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for name in names:
        if name in seen:
            seen[name] += 1
            name = f"{name}.{seen[name]}"
        seen.setdefault(name, 0)
        out.append(name)
    return out


def find_column(frame: pd.DataFrame, name: str, role: str) -> str:
    """The column called `name` (exactly, else ignoring case and spaces), or an error naming it."""
    if name in frame.columns:
        return name
    folded = {re.sub(r"\s+", "", str(c)).casefold(): c for c in frame.columns}
    match = folded.get(re.sub(r"\s+", "", name).casefold())
    if match is not None:
        return match
    shown = ", ".join(map(str, list(frame.columns)[:40])) + (" ..." if len(frame.columns) > 40 else "")
    raise ModelInputError(f"{role} column '{name}' is not in the file; its columns are: {shown}", column=name)


# --- the target ------------------------------------------------------------------------------


def _same_value(a: str, b: str) -> bool:
    if a.casefold() == b.casefold():
        return True
    try:
        return float(a) == float(b)
    except ValueError:
        return False


def target_vector(values: pd.Series, column: str, positive: str | None) -> tuple[np.ndarray, str, list[str]]:
    """(y as 0/1, the positive value, the values seen) for rows with a known target."""
    seen = values.value_counts()
    labels = [str(v) for v in seen.index]
    if len(labels) == 0:
        raise ModelInputError(f"target column '{column}' has no values", column=column)
    if positive is not None:
        matches = [v for v in labels if v == positive] or [v for v in labels if _same_value(v, positive)]
        if not matches:
            raise ModelInputError(f"target column '{column}' never has the value '{positive}'; "
                                  f"its values are: {', '.join(labels[:10])}", column=column)
        y = values.isin(matches).to_numpy(dtype=int)
        chosen = matches[0]
    else:
        if len(labels) > 2:
            raise ModelInputError(f"target column '{column}' has {len(labels)} different values "
                                  f"({', '.join(labels[:10])}{' ...' if len(labels) > 10 else ''}); "
                                  f"name the one that means leaving with --positive", column=column)
        if len(labels) == 2:
            marked = [v for v in labels if v.casefold() in POSITIVE_WORDS]
            chosen = marked[0] if len(marked) == 1 else str(seen.index[-1])  # else the rarer value
        else:
            chosen = labels[0]
        y = (values == chosen).to_numpy(dtype=int)
    if y.min() == y.max():
        only = labels[0] if len(labels) == 1 else ("only " + chosen if y.min() == 1 else "never " + chosen)
        raise ModelInputError(f"target column '{column}' has one class only ({only}): "
                              f"there is nothing to tell apart", column=column)
    return y, chosen, labels


# --- the command -----------------------------------------------------------------------------


def evaluate(source: str, *, target: str, positive: str | None = None, drop: list[str] | None = None,
             report: str | None = None, folds: int = riskmodel.OUTER_FOLDS, seed: int = 0,
             progress=None) -> dict:
    """The JSON result of `risk evaluate` (and the report written), or ModelInputError."""
    started = time.monotonic()
    frame, reading = read_table(source)
    if len(frame.columns) < 2:
        raise ModelInputError(f"the file has {len(frame.columns)} column(s) with delimiter "
                              f"{reading['delimiter']!r}: a target and at least one feature are needed")
    target_column = find_column(frame, target, "target")
    dropped_by_user = []
    for name in drop or []:
        column = find_column(frame, name, "--drop")
        if column == target_column:
            raise ModelInputError(f"--drop names the target column '{column}'", column=column)
        dropped_by_user.append(column)
    warnings_: list[str] = []
    known = frame[target_column].notna()
    missing_target = int((~known).sum())
    if missing_target:
        warnings_.append(f"{missing_target} row(s) with no value in target column '{target_column}' left out")
        frame = frame[known]
    if len(frame) < MIN_ROWS:
        raise ModelInputError(f"{len(frame)} row(s) with a value in target column '{target_column}': "
                              f"at least {MIN_ROWS} are needed", column=target_column)
    y, chosen, labels = target_vector(frame[target_column], target_column, positive)
    minority = int(min(y.sum(), len(y) - y.sum()))
    if minority < folds:
        rarer = chosen if y.sum() <= len(y) - y.sum() else "not " + chosen
        raise ModelInputError(f"target column '{target_column}' has {minority} row(s) of class '{rarer}': "
                              f"{folds}-fold cross-validation needs at least {folds}", column=target_column)
    features = frame.drop(columns=[target_column, *dropped_by_user])
    decimal_comma = reading["delimiter"] != ","
    X, plan = riskmodel.plan_columns(features, decimal_comma=decimal_comma)
    for name in dropped_by_user:
        plan.dropped[name] = "--drop"
    if not plan.features:
        reasons = "; ".join(f"{k}: {v}" for k, v in plan.dropped.items())
        raise ModelInputError(f"no usable feature column ({reasons})")
    leaks = riskmodel.single_column_leaks(X, y, plan)
    for name in leaks:
        warnings_.append(f"column '{name}' alone separates the classes almost perfectly: "
                         f"is it recorded after (or because of) the outcome?")
    evaluation = riskmodel.cross_validate(X, y, plan, folds=folds, seed=seed, progress=progress)
    result = {
        "roc_auc": evaluation.roc_auc,
        "pr_auc": evaluation.pr_auc,
        "brier": evaluation.brier,
        "n": evaluation.n,
        "positives": evaluation.positives,
        "base_rate": evaluation.base_rate,
        "log_loss": evaluation.log_loss,
        "roc_auc_folds": evaluation.roc_auc_folds,
        "folds": folds,
        "cross_validation": f"stratified {folds}-fold, shuffled (seed {seed}); model family chosen by inner "
                            f"stratified {riskmodel.INNER_FOLDS}-fold ROC AUC on each training part; "
                            f"sigmoid-calibrated; no resampling",
        "model": evaluation.family,
        "selected": [s.label for s in evaluation.selections],
        "target": target_column,
        "positive": chosen,
        "target_values": labels[:20],
        "columns": plan.as_dict(),
        "notes": plan.notes,
        "warnings": warnings_,
        "excluded_rows": {"missing_target": missing_target},
        "file": {"encoding": reading["encoding"], "delimiter": reading["delimiter"], "rows": len(frame) + missing_target,
                 "columns": len(frame.columns)},
    }
    from .riskreport import write_report

    result["report"] = write_report(_report_path(source, report), result, evaluation)
    result["seconds"] = round(time.monotonic() - started, 1)
    return result


def _report_path(source: str, report: str | None) -> Path:
    if report:
        return Path(report)
    stem = "stdin" if source == "-" else re.sub(r"[^\w.-]+", "_", Path(source).stem) or "data"
    name = f"{stem}.risk-report.html"
    here = Path.cwd()
    return here / name if os.access(here, os.W_OK) else Path(tempfile.gettempdir()) / name


def _fail(message: str, column: str | None, code: int = EXIT_INPUT_ERROR) -> int:
    error = json.dumps({"error": message, "column": column}, ensure_ascii=False)
    sys.stderr.buffer.write(error.encode("utf-8") + b"\n")
    sys.stderr.flush()
    return code


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="farewell risk evaluate",
        description="Cross-validate the attrition-risk model family on a CSV and write an HTML report.")
    parser.add_argument("file", help="the CSV file (any delimiter; UTF-8 or GBK), or - for standard input")
    parser.add_argument("--target", required=True, help="the column that says whether the person left")
    parser.add_argument("--positive", help="the target value that means leaving (default: Yes/1/是…, else the rarer)")
    parser.add_argument("--drop", default="", help="columns to leave out, comma-separated")
    parser.add_argument("--report", help="where to write the HTML report (default: FILE.risk-report.html here)")
    parser.add_argument("--folds", type=int, default=riskmodel.OUTER_FOLDS, help="outer folds (default 5)")
    parser.add_argument("--seed", type=int, default=0, help="the shuffling seed (default 0)")
    parser.add_argument("--verbose", action="store_true", help="progress on standard error")
    return parser


def main(argv: list[str]) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # argparse has printed its usage message
        return EXIT_INPUT_ERROR if exit_.code else EXIT_OK
    if not 2 <= args.folds <= 20:
        return _fail("--folds must be between 2 and 20", None)
    drop = [name.strip() for name in args.drop.split(",") if name.strip()]

    def progress(done: int, total: int) -> None:
        if args.verbose:
            print(f"fold {done}/{total} done", file=sys.stderr, flush=True)

    try:
        result = evaluate(args.file, target=args.target, positive=args.positive, drop=drop, report=args.report,
                          folds=args.folds, seed=args.seed, progress=progress)
    except ModelInputError as error:
        return _fail(str(error), error.column)
    except MemoryError:
        return _fail("the file is too large for this machine's memory", None, EXIT_INTERNAL)
    for line in result["warnings"]:
        print(f"warning: {line}", file=sys.stderr)
    sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    sys.stdout.flush()
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
