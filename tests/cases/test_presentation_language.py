"""The app's own checks carry their article in Chinese, as the engine writes citations: the page shows
it in the page's language, like the engine's own lines (an English page had 《劳动合同法》第四十七条第二款
under an English warning)."""

from __future__ import annotations

from django.utils import translation

from farewell.cases.presentation import present

RESULT = {"lawful": True, "lines": [], "total": "0", "violations": []}
CHECKS = [
    {"code": "local_average_missing", "severity": "warning", "article": "《劳动合同法》第四十七条第二款", "message": "m"},
    {"code": "local_min_wage_outdated", "severity": "warning", "article": "《最低工资规定》第十条第二款", "message": "m"},
    {"code": "local_average_provisional", "severity": "warning", "article": "《劳动合同法》第四十七条第二款",
     "message": "m", "year_used": 2023, "year_needed": 2025},
    {"code": "cs_bar", "severity": "violation", "article": "《公务员法》第八十六条", "message": "m"},
]


def _articles(shown: dict) -> list[str]:
    return [v["article"] for v in shown["blocking"] + shown["warnings"] + shown["notes"]]


def test_an_english_page_shows_the_checks_articles_in_english():
    with translation.override("en"):
        articles = _articles(present(RESULT, CHECKS))
    assert sorted(articles) == sorted(["Labour Contract Law Art. 47 ¶2", "Provisions on Minimum Wages Art. 10 ¶2",
                                       "Labour Contract Law Art. 47 ¶2", "Civil Servant Law Art. 86"])


def test_a_chinese_page_keeps_them_as_written():
    with translation.override("zh-hans"):
        articles = _articles(present(RESULT, CHECKS))
    assert sorted(articles) == sorted(c["article"] for c in CHECKS)
