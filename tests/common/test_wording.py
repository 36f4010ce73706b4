"""common/wording.py: a text kept as its parts (msgid + values) and worded in the reader's language."""

from __future__ import annotations

import datetime as dt
import json

from django.utils import translation
from django.utils.translation import gettext_lazy, gettext_noop

from farewell.cases.models import StepKind
from farewell.common.wording import Joined, Words, choice, in_each_language, word


def _kept(part):
    """As a row keeps it: through JSON."""
    return json.loads(json.dumps(part.as_json(), ensure_ascii=False))


def test_a_message_is_worded_in_the_language_it_is_read_in():
    kept = _kept(Words(gettext_noop("最后一天：%(day)s。"), day=dt.date(2026, 3, 31)))
    with translation.override("en"):
        assert word(kept) == "Last day: 2026-03-31."
    with translation.override("zh-hans"):
        assert word(kept) == "最后一天：2026-03-31。"


def test_a_translatable_value_is_kept_as_its_msgid_not_its_label_in_the_writers_language():
    with translation.override("en"):
        part = Words(gettext_noop("已逾期：%(step)s · %(name)s"), step=choice(StepKind, "hr_review"), name="李四")
        kept = _kept(part)
    assert kept["p"]["step"] == {"m": "HR审核"}
    with translation.override("zh-hans"):
        assert word(kept) == "已逾期：HR审核 · 李四"
    with translation.override("en"):
        assert word(kept) == "Overdue: HR review · 李四"
    assert choice(StepKind, "gone") == "gone"  # a code since removed: as stored
    assert Words("x", v=gettext_lazy("HR审核")).as_json()["p"]["v"] == {"m": "HR审核"}


def test_parts_join_with_the_languages_punctuation():
    kept = _kept(Words(gettext_noop("案件已批准")) + " · " + "李四")
    with translation.override("en"):
        assert word(kept) == "Case approved · 李四"
    listed = _kept(Joined(["甲", "乙"], mark="enumeration"))
    with translation.override("en"):
        assert word(listed) == "甲, 乙"
    with translation.override("zh-hans"):
        assert word(listed) == "甲、乙"


def test_a_text_worded_per_language_at_write_time_shows_the_readers():
    kept = _kept(in_each_language(lambda: translation.gettext("HR审核")))
    with translation.override("en"):
        assert word(kept) == "HR review"
    with translation.override("zh-hans"):
        assert word(kept) == "HR审核"
    with translation.override("fr"):  # a language with no text of its own: the site's
        assert word(kept) == "HR审核"


def test_typed_text_is_shown_as_written_and_a_bad_part_never_raises():
    assert word("员工写的 %(x)s 原文") == "员工写的 %(x)s 原文"
    assert word({"m": "未收录的消息 %(n)s", "p": {"n": "3"}}) == "未收录的消息 3"
    assert word({"m": "缺少参数 %(n)s", "p": {"other": "3"}}) == "缺少参数 %(n)s"
    assert word({"unknown": 1}) == "" and word(None) == ""
