from django.utils import translation

from farewell.cases.ground_labels import GROUND_LABELS, ground_label
from farewell.law.grounds import GROUNDS


def test_every_engine_ground_has_a_label_equal_to_the_engine_title():
    assert set(GROUND_LABELS) == set(GROUNDS)
    with translation.override("zh-hans"):
        for code, ground in GROUNDS.items():
            assert ground_label(code) == ground.title


def test_the_labels_are_translated_to_english():
    with translation.override("en"):
        for code in GROUNDS:
            assert not any("\u4e00" <= ch <= "\u9fff" for ch in ground_label(code)), code
