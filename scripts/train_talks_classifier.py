"""Build farewell/talks/data/classifier.joblib and classifier_metrics.json from the corpus.

    .venv/bin/python scripts/train_talks_classifier.py

Deterministic: the same corpus, cue words and scikit-learn give the same model and the same
cross-validated figures (tests/talks/test_classify.py retrains and compares). Run it after
editing farewell/talks/data/corpus.jsonl or cues.json; the app retrains at first use until then.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from farewell.talks import baselines, classifier  # noqa: E402


def metrics(rows: list[dict]) -> dict:
    ours = classifier.cross_validate(rows)
    ours.pop("predictions")
    return {"classifier": ours, **baselines.evaluate(rows), "corpus_sha256": classifier.corpus_digest()}


def main() -> int:
    started = time.monotonic()
    rows = classifier.load_corpus()
    classifier.save(classifier.fit(rows))
    result = metrics(rows)
    classifier.METRICS.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False, indent=2))
    print(f"wrote {classifier.MODEL} and {classifier.METRICS} in {time.monotonic() - started:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
