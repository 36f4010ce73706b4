"""The seeded exit-survey questions in the page's language. The questionnaire is data each company's HR admins
edit (exits.SurveyQuestion, seeded in Chinese by migration 0002 and defaults.seed_company): the stored text of
a seeded question is its key, shown through gettext while HR has not changed it; a question HR wrote or
reworded is shown as written (as the seeded exit reasons are, reason_labels.py)."""

from __future__ import annotations

from django.utils.translation import gettext, gettext_noop

# As migration 0002_seed_reasons_and_questions seeds them (tests/exits/test_question_labels.py keeps the two equal).
SEEDED_QUESTIONS = frozenset({
    gettext_noop("您离开公司的最主要原因是什么？"),
    gettext_noop("您对薪酬福利的满意程度"),
    gettext_noop("您对直接上级的满意程度"),
    gettext_noop("您对工作负荷的满意程度"),
    gettext_noop("您对培训和发展机会的满意程度"),
    gettext_noop("您会向朋友推荐来公司工作吗"),
    gettext_noop("您希望公司改进什么？"),
})


def question_text(text: str) -> str:
    """A question (or an answer's question as asked) in the active language when it is a seeded one."""
    return gettext(text) if text in SEEDED_QUESTIONS else text


def kept_text(stored: str, submitted: str) -> str:
    """What a save keeps: the stored text when HR submitted it as the page showed it (a seeded question shown
    in English and saved unchanged stays the seeded question), else what HR wrote."""
    return stored if submitted in (stored, question_text(stored)) else submitted
