"""The template loader: each template compiled once per language, its fixed translations as text (issue 14).

A `{% translate "员工档案" %}` costs a gettext on every render (a lazy string, the active language read
from an asgiref Local, the catalogue, the escaping): ~20 µs, and the employee page renders about 120 of
them, ~2 ms of its CPU for words that are the same on every page in that language. This loader is
Django's cached loader with the language in the cache key: a template is compiled once per language, and
before it is handed out every `{% translate %}` of a literal (no filter, no `as`, no variable context) and
every `{% blocktranslate %}` without variables, count or `as` becomes a node that prints what the tag
printed in that language, with autoescaping on and off. What the page prints does not change; a
translation whose output depends on the context (a variable, a filter) stays a tag.

Nothing is folded under `{% language %}` (it renders in another language) or inside a tag this module does
not know (it might switch the language too): only the block tags of Django's own library are entered.
A template object must therefore be rendered in the language it was loaded in — what Django's own render
paths do (`render()`, `{% include %}`, `{% extends %}` and the panels load the template as they render it).
"""

from __future__ import annotations

from django.dispatch import receiver
from django.template import Context, Node, NodeList
from django.template.autoreload import reset_loaders
from django.template.base import TokenType
from django.template.defaulttags import (
    AutoEscapeControlNode,
    FilterNode,
    ForNode,
    IfChangedNode,
    IfNode,
    SpacelessNode,
    WithNode,
)
from django.template.loader_tags import BlockNode, ExtendsNode
from django.template.loaders import cached
from django.templatetags.i18n import BlockTranslateNode, TranslateNode
from django.utils.autoreload import file_changed
from django.utils.translation import get_language

# Django's block tags that render their children in the same language: folding goes inside these only.
_ENTERED = (AutoEscapeControlNode, BlockNode, ExtendsNode, FilterNode, ForNode, IfChangedNode, SpacelessNode,
            WithNode)


class TranslatedText(Node):
    """What a fixed translation printed in the template's language, escaped (autoescape on) and as it is."""

    child_nodelists = ()

    def __init__(self, original: Node, escaped: str, raw: str):
        self.token, self.origin = original.token, original.origin
        self.escaped, self.raw = escaped, raw

    def render(self, context) -> str:
        return self.escaped if context.autoescape else self.raw


def _literal(expression) -> bool:
    """No expression, or one that is a constant: a quoted string (a Variable of a literal, as
    TranslateNode keeps its text), no filter."""
    if expression is None:
        return True
    return not expression.filters and (isinstance(expression.var, str) or getattr(expression.var, "lookups", ()) is None)


def _fixed(node: Node) -> bool:
    """Whether the node prints the same text on every render in one language."""
    if type(node) is TranslateNode:
        return node.asvar is None and _literal(node.filter_expression) and _literal(node.message_context)
    if type(node) is BlockTranslateNode:
        return (node.asvar is None and not node.extra_context and not node.plural and node.counter is None
                and _literal(node.message_context)
                and all(token.token_type == TokenType.TEXT for token in node.singular))
    return False


def _rendered(node: Node, template, autoescape: bool) -> str:
    context = Context(autoescape=autoescape)
    with context.bind_template(template):
        return node.render(context)


def fold(nodelist: NodeList, template) -> None:
    """Replace the fixed translations of `nodelist` (and of the Django block tags in it), in place."""
    for index, node in enumerate(nodelist):
        if _fixed(node):
            nodelist[index] = TranslatedText(node, _rendered(node, template, True), _rendered(node, template, False))
        elif type(node) is IfNode:
            for _condition, branch in node.conditions_nodelists:
                fold(branch, template)
        elif type(node) in _ENTERED:
            for name in node.child_nodelists:
                child = getattr(node, name, None)
                if child:
                    fold(child, template)


class Loader(cached.Loader):
    """Django's cached loader, one compiled template per language, its fixed translations folded."""

    def cache_key(self, template_name, skip=None) -> str:
        return f"{super().cache_key(template_name, skip)}|{get_language()}"

    def get_template(self, template_name, skip=None):
        template = super().get_template(template_name, skip)
        if not getattr(template, "translations_folded", False):
            # In place on the cached object: a render that already holds it prints the same text either way.
            fold(template.nodelist, template)
            template.translations_folded = True
        return template


@receiver(file_changed, dispatch_uid="farewell.translated_templates")
def _catalogue_changed(sender, file_path, **kwargs) -> None:
    """The development server reloads a changed catalogue without restarting (Django's own receiver):
    the folded templates hold the old words, so they are compiled again."""
    if file_path.suffix == ".mo":
        reset_loaders()
