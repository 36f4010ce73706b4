"""Transcript formats: plain, speaker-labelled, timestamped, WebVTT, SRT."""

from __future__ import annotations

from farewell.talks.parsing import Format, Line, as_timestamped, detect, parse


def test_speaker_labelled_lines_with_full_and_half_width_colons():
    text = "HR：你好，请坐。\n员工: 谢谢。\n我想先问一个问题。\n\nHR：请讲。"
    assert detect(text) == Format.SPEAKER
    assert parse(text) == [Line("HR", "你好，请坐。"), Line("员工", "谢谢。我想先问一个问题。"), Line("HR", "请讲。")]


def test_timestamped_lines():
    text = "[00:01:23] 张三：我不同意。\n[01:25] HR：好的，我们记录下来。\n[00:02:00] 没有说话人的一句"
    assert detect(text) == Format.TIMESTAMPED
    lines = parse(text)
    assert lines[0] == Line("张三", "我不同意。", 83.0)
    assert lines[1] == Line("HR", "好的，我们记录下来。", 85.0)
    assert lines[2] == Line("", "没有说话人的一句", 120.0)


def test_webvtt_with_voice_tags():
    text = ("WEBVTT\n\n1\n00:00:01.000 --> 00:00:03.500\n<v HR>今天谈一下安排。</v>\n\n"
            "00:00:04.000 --> 00:00:06.000\n员工：我需要考虑一下。\n")
    assert detect(text) == Format.VTT
    assert parse(text) == [Line("HR", "今天谈一下安排。", 1.0), Line("员工", "我需要考虑一下。", 4.0)]


def test_srt():
    text = "1\n00:00:01,000 --> 00:00:02,000\nHR：你好\n\n2\n00:00:03,500 --> 00:00:05,000\n员工：你好\n第二行\n"
    assert detect(text) == Format.SRT
    assert parse(text) == [Line("HR", "你好", 1.0), Line("员工", "你好 第二行", 3.5)]


def test_plain_text_is_split_into_sentences():
    text = "今天我们谈一谈。你有什么想法？\n我觉得还可以！"
    assert detect(text) == Format.PLAIN
    assert [line.text for line in parse(text)] == ["今天我们谈一谈。", "你有什么想法？", "我觉得还可以！"]


def test_engine_output_round_trips_through_the_timestamped_format():
    lines = [Line("说话人1", "你好", 0.0), Line("说话人2", "我要找律师", 61.0)]
    text = as_timestamped(lines)
    assert text.startswith("[00:00:00] 说话人1：你好")
    assert parse(text) == lines


def test_a_bom_and_windows_newlines_do_not_matter():
    assert parse("\ufeffHR：你好\r\n员工：好\r\n") == [Line("HR", "你好"), Line("员工", "好")]


def test_transcript_formats_have_chinese_labels_in_the_upload_form():
    from django.utils import translation

    from farewell.talks.forms import TranscriptForm
    from farewell.talks.parsing import FORMATS
    from farewell.talks.presentation import format_label

    with translation.override("zh-hans"):
        choices = {value: str(label) for value, label in TranscriptForm().fields["format"].choices}
        assert choices == {"": "自动识别", "plain": "纯文本", "speaker": "发言人标注", "timestamped": "带时间戳",
                           "vtt": "WebVTT 字幕", "srt": "SRT 字幕"}
        assert all(format_label(f) != f for f in FORMATS)
