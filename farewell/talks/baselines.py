"""snownlp and cnsenti read the same corpus on the same folds as the classifier (benchmarks and
tests compare macro-F1). Each library gets its fairest reading, learned on the training folds only:

- snownlp sentiment: its 0–1 score cut into negative / neutral / positive at the two thresholds
  that give the best macro-F1 on the training folds; its emotion: the most frequent emotion of
  the training rows with that sentiment (snownlp has no emotions).
- cnsenti sentiment: positive words vs negative words (HowNet counts, with its negation rules);
  its emotion: cnsenti's dominant DUTIR category (好乐哀怒惧恶惊, or none) mapped to the emotion
  most frequent among training rows with that category.
"""

from __future__ import annotations

import functools
import logging
import warnings
from collections import Counter

import numpy as np
from sklearn.metrics import f1_score

from .classifier import SENTIMENTS, folds

DUTIR = ("好", "乐", "哀", "怒", "惧", "恶", "惊")
THRESHOLDS = np.round(np.arange(0.1, 1.0, 0.1), 1)


@functools.cache
def _cnsenti():
    import jieba
    from cnsenti import Emotion, Sentiment

    jieba.setLogLevel(logging.WARNING)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        return Sentiment(), Emotion()


def snownlp_scores(texts: list[str]) -> np.ndarray:
    from snownlp import SnowNLP

    scores = []
    for text in texts:
        try:
            scores.append(float(SnowNLP(text).sentiments))
        except (ZeroDivisionError, ValueError):
            scores.append(0.5)
    return np.array(scores)


def cnsenti_readings(texts: list[str]) -> list[tuple[str, str]]:
    """(sentiment, dominant DUTIR category or "") per text."""
    sentiment, emotion = _cnsenti()
    out = []
    for text in texts:
        counts = sentiment.sentiment_count(text)
        pos, neg = counts.get("pos", 0), counts.get("neg", 0)
        label = "positive" if pos > neg else "negative" if neg > pos else "neutral"
        emotions = emotion.emotion_count(text)
        best = max(DUTIR, key=lambda k: (emotions.get(k, 0), -DUTIR.index(k)))
        out.append((label, best if emotions.get(best, 0) else ""))
    return out


def _cut(scores: np.ndarray, low: float, high: float) -> list[str]:
    return ["negative" if s < low else "positive" if s >= high else "neutral" for s in scores]


def _majority(keys: list[str], labels: list[str]) -> dict[str, str]:
    counts: dict[str, Counter] = {}
    for key, label in zip(keys, labels, strict=True):
        counts.setdefault(key, Counter())[label] += 1
    overall = Counter(labels).most_common(1)[0][0]
    return {key: c.most_common(1)[0][0] for key, c in counts.items()} | {"*": overall}


def evaluate(rows: list[dict], n: int = 5, seed: int = 0) -> dict:
    """Macro-F1 of both libraries on the classifier's folds."""
    texts = [r["text"] for r in rows]
    gold_s = [r["sentiment"] for r in rows]
    gold_e = [r["emotion"] for r in rows]
    scores = snownlp_scores(texts)
    cn = cnsenti_readings(texts)
    pred = {k: [None] * len(rows) for k in ("snownlp_s", "snownlp_e", "cnsenti_s", "cnsenti_e")}
    for train, test in folds(rows, n, seed):
        tr_s = [gold_s[i] for i in train]
        low, high = max(((lo, hi) for lo in THRESHOLDS for hi in THRESHOLDS if hi > lo),
                        key=lambda t: f1_score(tr_s, _cut(scores[train], *t), average="macro"))
        cut = _cut(scores, low, high)
        by_sentiment = _majority([cut[i] for i in train], [gold_e[i] for i in train])
        by_category = _majority([cn[i][1] for i in train], [gold_e[i] for i in train])
        for i in test:
            pred["snownlp_s"][i] = cut[i]
            pred["snownlp_e"][i] = by_sentiment.get(cut[i], by_sentiment["*"])
            pred["cnsenti_s"][i] = cn[i][0]
            pred["cnsenti_e"][i] = by_category.get(cn[i][1], by_category["*"])

    def f1(gold, guess):
        return round(float(f1_score(gold, guess, average="macro", labels=sorted(set(gold)))), 4)

    return {
        "snownlp": {"sentiment_macro_f1": f1(gold_s, pred["snownlp_s"]), "emotion_macro_f1": f1(gold_e, pred["snownlp_e"])},
        "cnsenti": {"sentiment_macro_f1": f1(gold_s, pred["cnsenti_s"]), "emotion_macro_f1": f1(gold_e, pred["cnsenti_e"])},
        "sentiments": list(SENTIMENTS),
    }
