"""The template loader that folds fixed translations into text, per language (common/translated_templates.py)."""

from __future__ import annotations

import pytest
from django.template import Context, Engine, engines
from django.utils import translation

from farewell.common.translated_templates import Loader, TranslatedText

# Every way the project's templates translate: literals (with "%", with a context, noop, `as`), a variable,
# a filter, blocktranslate with and without variables, inside Django's block tags, under {% autoescape off %},
# {% language %}, {% include %} and {% extends %}; texts with <&"'> untranslated and translated
# (员工诉求 → "Employee's demand").
SOURCES = {
    "base.html": ('{% load i18n %}<title>{% block title %}{% translate "员工档案" %}{% endblock %}</title>'
                  '{% block content %}{% endblock %}'),
    "page.html": """{% extends "base.html" %}{% load i18n %}
{% block content %}
<p>{% translate "员工诉求" %}|{% translate '<b>A & B "x"</b>' %}|{% translate "KPI完成率(%)" %}</p>
<p>{% translate "负责人" context "unit head" %}|{% translate "员工诉求" noop %}|{% translate label %}</p>
<p>{% translate "员工诉求" as said %}[{{ said }}]|{% translate "员工诉求"|upper %}|{% translate "状态" context kind %}</p>
{% if flag %}<i>{% translate "是" %}</i>{% elif other %}{% translate "否" %}{% else %}{% translate "员工诉求" %}{% endif %}
{% for x in items %}{% translate "员工诉求" %}{% empty %}{% translate "没有合同记录。" %}{% endfor %}
{% with y=1 %}{% spaceless %} <b> {% translate "员工诉求" %} </b> {% endspaceless %}{% endwith %}
{% autoescape off %}{% translate "员工诉求" %}{% translate '<b>A & B "x"</b>' %}{% endautoescape %}
{% filter lower %}{% translate "员工诉求" %}{% endfilter %}
{% ifchanged items %}{% translate "员工诉求" %}{% endifchanged %}
{% blocktranslate %}<em>不含变量 & "x" 100%</em>{% endblocktranslate %}
{% blocktranslate with n=3 %}{{ n }} 年{% endblocktranslate %}
{% language "en" %}{% translate "员工诉求" %}{% endlanguage %}
{% include "part.html" %}
{% endblock %}""",
    "part.html": '{% load i18n %}<span>{% translate "员工诉求" %}</span>',
}
CONTEXT = {"label": "员工诉求", "flag": False, "other": False, "items": [], "kind": "x"}


def engine(loaders) -> Engine:
    return Engine(loaders=loaders, libraries={"i18n": "django.templatetags.i18n"})


def folded_engine() -> Engine:
    return engine([("farewell.common.translated_templates.Loader", [("django.template.loaders.locmem.Loader",
                                                                      SOURCES)])])


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_folded_template_prints_what_django_prints(language):
    plain, folded = engine([("django.template.loaders.locmem.Loader", SOURCES)]), folded_engine()
    with translation.override(language):
        expected = plain.get_template("page.html").render(Context(CONTEXT))
        assert folded.get_template("page.html").render(Context(CONTEXT)) == expected
        # Twice: the second render uses the kept, folded template.
        assert folded.get_template("page.html").render(Context(CONTEXT)) == expected
    if language == "en":
        # A literal is safe text to Django, and so is its translation: printed as it is (a variable is escaped).
        assert "Employee's demand|" in expected and "[Employee's demand]" in expected
        assert "KPI completion (%)" in expected and "Head" in expected and "EMPLOYEE&#x27;S DEMAND" in expected
    assert '<b>A & B "x"</b>' in expected
    assert "<em>不含变量 & \"x\" 100%</em>" in expected


def test_fixed_translations_become_text_and_the_rest_stays_a_tag():
    from django.templatetags.i18n import LanguageNode, TranslateNode

    with translation.override("en"):
        template = folded_engine().get_template("page.html")
    nodes = template.nodelist.get_nodes_by_type(TranslatedText)
    # page.html's literals ({% blocktranslate %} without variables among them), not those under {% language %}.
    assert len(nodes) == 16, len(nodes)
    assert {node.raw for node in nodes} >= {"Employee's demand", "KPI completion (%)", "Head", "员工诉求"}
    kept = template.nodelist.get_nodes_by_type(TranslateNode)
    # as, |upper, a variable context, a variable; and the one {% language "en" %} renders.
    assert len(kept) == 5, kept
    (language,) = template.nodelist.get_nodes_by_type(LanguageNode)
    assert not language.nodelist.get_nodes_by_type(TranslatedText)


def test_each_language_has_its_own_compiled_template():
    folded = folded_engine()
    with translation.override("en"):
        english = folded.get_template("part.html")
    with translation.override("zh-hans"):
        chinese = folded.get_template("part.html")
        assert folded.get_template("part.html") is chinese
        assert chinese.render(Context()) == "<span>员工诉求</span>"
    assert english is not chinese
    assert english.render(Context()) == "<span>Employee's demand</span>"


def test_the_project_loads_templates_with_it():
    assert [type(loader) for loader in engines["django"].engine.template_loaders] == [Loader]


def test_no_project_template_switches_language_inside_a_render():
    """A template included inside `{% language %}` is folded in the language that first loaded it: Django keeps an
    included template for the whole render (IncludeNode's render_context), so a loop over languages printed the
    first language's words every time (review of session 10: [首页][首页] for zh, en). No template uses
    `{% language %}`; one that needs it must render each language's part separately (render_to_string under
    translation.override), not switch inside one render."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "farewell"
    users = [str(path.relative_to(root)) for path in root.rglob("*.html") if "{% language" in path.read_text()]
    assert users == []
