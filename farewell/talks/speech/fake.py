"""A speech engine without a model, for tests and demos.

It "hears" a file whose bytes are UTF-8 text as that text (speaker-labelled lines, one second
each), and anything else as one segment saying how many bytes it got.
"""

from __future__ import annotations

from pathlib import Path


class FakeEngine:
    name = "fake"

    def transcribe(self, path: Path, *, language: str = "zh"):
        from farewell.talks.parsing import parse

        from . import Segment

        data = Path(path).read_bytes()
        if data.startswith(b"ID3"):
            data = data[10:]  # an MP3's tag header (uploads are checked on their content): the "speech" follows
        try:
            lines = parse(data.decode("utf-8"))
        except UnicodeDecodeError:
            return [Segment(0.0, 1.0, f"（录音 {len(data)} 字节，无可识别内容）", "")]
        return [Segment(float(i), float(i + 1), line.text, line.speaker) for i, line in enumerate(lines)]
