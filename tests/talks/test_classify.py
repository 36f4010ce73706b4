"""The talks classifier: its corpus, its figures against snownlp and cnsenti on the same folds,
the shipped model, `farewell talks classify` and how it reads the demo talks (never trained on)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter

import pytest

from farewell.talks import baselines, classifier
from farewell.talks.demo import CONFLICT, DECLINE

from .conftest import TRANSCRIPT


def demo_lines(story) -> list[tuple[str, str]]:
    return [(who, text.format(name="张三", unit="销售部")) for who, text in story.lines]


def classify_cli(stdin: str) -> subprocess.CompletedProcess:
    """The real command, with an empty environment (no settings, no database)."""
    return subprocess.run([sys.executable, "-m", "farewell", "talks", "classify", "--input", "-"], input=stdin,
                          capture_output=True, text=True, env={"PATH": os.defpath}, timeout=300)


# --- the corpus --------------------------------------------------------------------------------


def test_the_corpus_is_labelled_varied_and_large_enough():
    rows = classifier.load_corpus()
    assert len(rows) >= 800
    assert len({r["text"] for r in rows}) == len(rows)  # no duplicates
    assert {r["sentiment"] for r in rows} == set(classifier.SENTIMENTS)
    emotions = Counter(r["emotion"] for r in rows)
    assert set(emotions) == set(classifier.EMOTIONS) and min(emotions.values()) >= 80
    assert {r["speaker"] for r in rows} == {"employee", "hr", "manager"}
    assert {r["setting"] for r in rows} == {"talk", "interview", "message"}
    assert sum(r["speaker"] != "employee" for r in rows) >= 100  # both sides of the table


def test_the_demo_and_test_talks_are_not_in_the_corpus():
    """So the readings below are of text the classifier never saw."""
    texts = {r["text"] for r in classifier.load_corpus()}
    lines = [t for _, t in demo_lines(CONFLICT) + demo_lines(DECLINE)]
    lines += [line.split("：", 1)[1] for line in TRANSCRIPT.strip().splitlines()]
    assert not [t for t in lines if t in texts or t.rstrip("。") in texts]
    assert "我很生气" not in texts and "我很生气。" not in texts


# --- readings ----------------------------------------------------------------------------------


def test_anger_reads_as_anger():
    [reading] = classifier.classify(["我很生气"])
    assert (reading.sentiment, reading.emotion) == ("negative", "anger") and reading.score < 0.2


def test_the_demo_complaint_reads_negative_and_hrs_proposal_not_lowest():
    lines = demo_lines(CONFLICT)
    readings = classifier.classify([t for _, t in lines])
    complaint = next(i for i, (_, t) in enumerate(lines) if "气氛很压抑" in t and "委屈" in t)
    proposal = next(i for i, (who, t) in enumerate(lines) if who == "hr" and "调整分工" in t)
    assert readings[complaint].sentiment == "negative"
    assert readings[complaint].emotion in ("grievance", "sadness")
    assert readings[proposal].sentiment != "negative"
    assert readings[proposal].score > min(r.score for r in readings)
    assert readings[proposal].score > readings[complaint].score + 0.3


def test_an_empty_text_reads_neutral():
    assert classifier.classify(["", "  "]) == [classifier.NEUTRAL, classifier.NEUTRAL]


# --- the figures -------------------------------------------------------------------------------


@pytest.mark.slow
def test_retraining_reproduces_the_shipped_figures_and_beats_both_libraries():
    rows = classifier.load_corpus()
    shipped = json.loads(classifier.METRICS.read_text(encoding="utf-8"))
    ours = classifier.cross_validate(rows)
    assert shipped["corpus_sha256"] == classifier.corpus_digest()  # the metrics are of this corpus
    assert ours["sentiment_macro_f1"] == shipped["classifier"]["sentiment_macro_f1"]
    assert ours["emotion_macro_f1"] == shipped["classifier"]["emotion_macro_f1"]
    assert ours["sentiment_macro_f1"] >= 0.80 and ours["emotion_macro_f1"] >= 0.60  # the goals
    libraries = baselines.evaluate(rows)  # the same folds
    assert libraries["snownlp"] == shipped["snownlp"] and libraries["cnsenti"] == shipped["cnsenti"]
    for name in ("snownlp", "cnsenti"):
        assert ours["sentiment_macro_f1"] >= libraries[name]["sentiment_macro_f1"] + 0.2
        assert ours["emotion_macro_f1"] >= libraries[name]["emotion_macro_f1"] + 0.3


def test_the_shipped_model_is_the_one_the_corpus_trains():
    shipped = classifier._load_shipped()
    assert shipped is not None  # built from this corpus with this scikit-learn
    texts = [r["text"] for r in classifier.load_corpus()[:200]] + ["我很生气", "这个月的工资什么时候发？"]
    assert shipped.read(texts) == classifier.fit(classifier.load_corpus()).read(texts)


# --- the command -------------------------------------------------------------------------------


def test_the_command_reads_json_lines_and_writes_one_reading_per_line():
    done = classify_cli('{"text": "我很生气"}\n\n{"text": "谢谢公司这些年的照顾", "id": 7}\n{"text": ""}\n')
    assert done.returncode == 0, done.stderr
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(out) == 3
    assert out[0]["sentiment"] == "negative" and out[0]["emotion"] == "anger" and 0 <= out[0]["score"] <= 1
    assert out[1]["id"] == 7 and out[1]["sentiment"] == "positive" and out[1]["emotion"] == "gratitude"
    assert out[2] == {"sentiment": "neutral", "emotion": "calm", "score": 0.5}


def test_the_command_marks_a_bad_line_and_exits_2():
    done = classify_cli('{"text": "好的"}\nnot json\n{"words": "x"}\n')
    assert done.returncode == 2 and "Traceback" not in done.stderr
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert "sentiment" in out[0] and out[1]["error"].startswith("line 2") and out[2]["error"].startswith("line 3")
