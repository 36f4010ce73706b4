"""Per-utterance sentiment and emotion (the talks classifier, offline) and escalation phrases.

The classifier (classifier.py) was trained on the project's own corpus of separation talks,
exit interviews and resignation messages; snownlp and cnsenti, trained on shopping reviews and
general lexicons, misread this domain (snownlp rates 我要去劳动仲裁 positive) and are kept only
as the benchmark's baselines. A turn is an utterance whose sentiment is two levels below where
the talk stood (positive → negative; neutral utterances in between do not count). Escalation is still found by the editable phrase list,
never by a score (DESIGN, text analysis): the list is the safety net.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import classifier
from .classifier import EMOTIONS, SENTIMENTS

LEVEL = {name: level for level, name in enumerate(SENTIMENTS)}  # negative 0, neutral 1, positive 2
TURN_DROP = 2


@dataclass
class Analysis:
    sentiment: float | None  # expected valence, 0 (negative) .. 1 (positive)
    label: str  # negative | neutral | positive ("" for an empty utterance)
    emotion: str  # one of EMOTIONS ("" for an empty utterance)
    emotions: dict = field(default_factory=dict)  # probability per emotion
    phrases: list[str] = field(default_factory=list)


def find_phrases(text: str, phrases: list[str]) -> list[str]:
    """The list's phrases that occur in the text (substring match: Chinese has no word spaces)."""
    return [p for p in phrases if p and p in text]


def analyse_all(texts: list[str], phrases: list[str]) -> list[Analysis]:
    """Every utterance of a transcript in one pass of the classifier."""
    model = classifier.default()
    known = [i for i, t in enumerate(texts) if t.strip()]
    results = [Analysis(None, "", "", {}, find_phrases(t, phrases)) for t in texts]
    if not known:
        return results
    sentiment, emotion = model.probabilities([texts[i] for i in known])
    for row, i in enumerate(known):
        s, e = sentiment[row], emotion[row]
        results[i].sentiment = round(float(s[1] * 0.5 + s[2]), 4)
        results[i].label = SENTIMENTS[int(s.argmax())]
        results[i].emotion = EMOTIONS[int(e.argmax())]
        results[i].emotions = {name: round(float(p), 3) for name, p in zip(EMOTIONS, e, strict=True) if p >= 0.01}
    return results


def analyse(text: str, phrases: list[str]) -> Analysis:
    return analyse_all([text], phrases)[0]


def turns(labels: list[str]) -> list[int]:
    """Indexes whose sentiment is two levels below where the talk last stood (positive → negative).

    Neutral utterances (procedure, figures, "好的") do not move where the talk stands: a complaint
    after warm words and a neutral explanation of the figures is still a turn. Unlabelled
    (empty) utterances are skipped."""
    found = []
    standing: int | None = None
    for i, label in enumerate(labels):
        if label not in LEVEL:
            continue
        level = LEVEL[label]
        if standing is not None and standing - level >= TURN_DROP:
            found.append(i)
        if label != "neutral" or standing is None:
            standing = level
    return found
