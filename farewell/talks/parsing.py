"""Reading a transcript: plain text, speaker-labelled lines ("HR：…" / "员工：…"), timestamped
lines ("[00:01:23] 张三：…"), WebVTT and SRT. Pure functions; `detect` picks the format.

The same text always parses to the same utterances, so the timeline re-parses the transcript
(read once through the access log) instead of reading every utterance's encrypted text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Line:
    speaker: str
    text: str
    start: float | None = None  # seconds from the start of the recording


class Format:
    PLAIN = "plain"
    SPEAKER = "speaker"
    TIMESTAMPED = "timestamped"
    VTT = "vtt"
    SRT = "srt"


FORMATS = (Format.PLAIN, Format.SPEAKER, Format.TIMESTAMPED, Format.VTT, Format.SRT)

# A speaker label: up to 16 characters without spaces-only or punctuation, then a full- or half-width colon.
_LABEL = r"(?P<speaker>[^\s:：\[\]]{1,16}(?:\s?[^\s:：\[\]]{1,8})?)\s*[:：]\s*"
SPEAKER_LINE = re.compile(rf"^{_LABEL}(?P<text>.+)$")
TIMESTAMPED_LINE = re.compile(
    rf"^\[(?P<ts>(?:\d{{1,2}}:)?\d{{1,2}}:\d{{2}}(?:[.,]\d{{1,3}})?)\]\s*(?:{_LABEL})?(?P<text>.*)$"
)
CUE_TIME = re.compile(
    r"^(?P<start>(?:\d{1,2}:)?\d{1,2}:\d{2}[.,]\d{1,3})\s*-->\s*(?P<end>(?:\d{1,2}:)?\d{1,2}:\d{2}[.,]\d{1,3})"
)
VOICE_TAG = re.compile(r"^<v(?:\.[^\s>]+)?\s+(?P<speaker>[^>]+)>(?P<text>.*?)(?:</v>)?$")
TAGS = re.compile(r"</?[^>]+>")
SENTENCE_END = re.compile(r"(?<=[。！？!?；;])")


def seconds(stamp: str) -> float:
    parts = stamp.replace(",", ".").split(":")
    total = 0.0
    for part in parts:
        total = total * 60 + float(part)
    return total


def format_stamp(value: float | None) -> str:
    if value is None:
        return ""
    whole = int(value)
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def _lines(text: str) -> list[str]:
    return text.replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n").split("\n")


def detect(text: str) -> str:
    lines = [line.strip() for line in _lines(text) if line.strip()]
    if not lines:
        return Format.PLAIN
    if lines[0].startswith("WEBVTT"):
        return Format.VTT
    if any(CUE_TIME.match(line) for line in lines[:5]):
        return Format.SRT
    sample = lines[:50]
    if sum(bool(TIMESTAMPED_LINE.match(line)) for line in sample) >= max(1, len(sample) // 2):
        return Format.TIMESTAMPED
    if sum(bool(SPEAKER_LINE.match(line)) for line in sample) >= max(1, len(sample) // 2):
        return Format.SPEAKER
    return Format.PLAIN


def _speaker_split(text: str) -> tuple[str, str]:
    voice = VOICE_TAG.match(text)
    if voice:
        return voice.group("speaker").strip(), TAGS.sub("", voice.group("text")).strip()
    clean = TAGS.sub("", text).strip()
    labelled = SPEAKER_LINE.match(clean)
    if labelled:
        return labelled.group("speaker").strip(), labelled.group("text").strip()
    return "", clean


def _parse_cues(text: str) -> list[Line]:
    """WebVTT and SRT: blocks separated by blank lines; the timing line starts the cue."""
    out: list[Line] = []
    start: float | None = None
    body: list[str] = []

    def flush():
        if start is not None and body:
            speaker, said = _speaker_split(" ".join(body))
            if said:
                out.append(Line(speaker, said, start))

    for raw in _lines(text):
        line = raw.strip()
        timing = CUE_TIME.match(line)
        if timing:
            flush()
            start, body = seconds(timing.group("start")), []
        elif not line:
            flush()
            start, body = None, []
        elif start is not None:
            body.append(line)
    flush()
    return out


def parse(text: str, fmt: str | None = None) -> list[Line]:
    """The utterances of a transcript, in order; unlabelled lines continue the previous speaker's turn."""
    fmt = fmt or detect(text)
    if fmt in (Format.VTT, Format.SRT):
        return _parse_cues(text)
    out: list[Line] = []
    for raw in _lines(text):
        line = raw.strip()
        if not line:
            continue
        if fmt == Format.TIMESTAMPED:
            match = TIMESTAMPED_LINE.match(line)
            if match:
                speaker = (match.group("speaker") or "").strip()
                said = match.group("text").strip()
                if said:
                    out.append(Line(speaker, said, seconds(match.group("ts"))))
                continue
        elif fmt == Format.SPEAKER:
            match = SPEAKER_LINE.match(line)
            if match:
                out.append(Line(match.group("speaker").strip(), match.group("text").strip()))
                continue
        else:
            out.extend(Line("", s.strip()) for s in SENTENCE_END.split(line) if s.strip())
            continue
        if out:  # a continuation line
            last = out[-1]
            out[-1] = Line(last.speaker, f"{last.text}{line}", last.start)
        else:
            out.append(Line("", line))
    return out


def as_timestamped(lines: list[Line]) -> str:
    """The transcript text of engine output: "[00:01:23] 说话人：…" lines (parses back identically)."""
    rows = []
    for line in lines:
        label = f"{line.speaker}：" if line.speaker else ""
        rows.append(f"[{format_stamp(line.start or 0)}] {label}{line.text}")
    return "\n".join(rows) + "\n"
