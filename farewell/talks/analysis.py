"""Per-utterance sentiment and emotion (snownlp, cnsenti; offline) and escalation phrases.

Both libraries are crude on this domain (snownlp rates 我要去劳动仲裁 positive): the timeline
shows where the conversation turned, and escalation is found by the editable phrase list,
never by a score (DESIGN, text analysis).
"""

from __future__ import annotations

import functools
import logging
import threading
import warnings
from dataclasses import dataclass, field

# cnsenti's emotion categories (大连理工情感词汇本体), in display order.
EMOTIONS = ("好", "乐", "哀", "怒", "惧", "恶", "惊")
# How far the moving average must fall to call it a turn.
TURN_WINDOW = 3
_lock = threading.Lock()


@dataclass
class Analysis:
    sentiment: float | None
    emotion: str
    emotions: dict = field(default_factory=dict)
    phrases: list[str] = field(default_factory=list)


@functools.cache
def _emotion_analyser():
    """One cnsenti analyser per process: its constructor opens dictionary files it never closes."""
    import jieba
    from cnsenti import Emotion

    jieba.setLogLevel(logging.WARNING)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        return Emotion()


def sentiment(text: str) -> float | None:
    from snownlp import SnowNLP

    if not text.strip():
        return None
    try:
        return round(float(SnowNLP(text).sentiments), 4)
    except (ZeroDivisionError, ValueError):  # text with no word snownlp knows
        return None


def emotions(text: str) -> dict[str, int]:
    with _lock:  # jieba's lazy initialisation is not thread-safe
        counts = _emotion_analyser().emotion_count(text)
    return {name: int(counts.get(name, 0)) for name in EMOTIONS if counts.get(name)}


def dominant(counts: dict[str, int]) -> str:
    if not counts:
        return ""
    return max(EMOTIONS, key=lambda name: (counts.get(name, 0), -EMOTIONS.index(name)))


def find_phrases(text: str, phrases: list[str]) -> list[str]:
    """The list's phrases that occur in the text (substring match: Chinese has no word spaces)."""
    return [p for p in phrases if p and p in text]


def analyse(text: str, phrases: list[str]) -> Analysis:
    counts = emotions(text)
    return Analysis(sentiment(text), dominant(counts), counts, find_phrases(text, phrases))


def turning_point(scores: list[float | None]) -> int | None:
    """The index where the moving average of sentiment fell the most (where the talk turned)."""
    values = [s for s in scores if s is not None]
    if len(values) < 2 * TURN_WINDOW:
        return None
    best, best_drop = None, 0.0
    for i in range(TURN_WINDOW, len(scores) - TURN_WINDOW + 1):
        before = [s for s in scores[i - TURN_WINDOW:i] if s is not None]
        after = [s for s in scores[i:i + TURN_WINDOW] if s is not None]
        if not before or not after:
            continue
        drop = sum(before) / len(before) - sum(after) / len(after)
        if drop > best_drop:
            best, best_drop = i, drop
    return best if best_drop >= 0.2 else None
