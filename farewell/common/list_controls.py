"""The list pages' controls printed in Python (issue 14): the fields of a filter form, its errors, the
pagination bar and the count under it.

Through templates these were a fifth of a list page's CPU: each `{{ field.label }}`, `{% querystring %}`
or `{% translate %}` is a chain of variable lookups, and an include renders a template of its own. These
functions print what the templates printed (tests/common/test_list_controls.py renders the old templates
beside them), escaping every value as autoescaping does (`text`); the widgets print themselves
(common/widgets.py).
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from django.forms import BaseForm
from django.http import QueryDict
from django.utils.formats import localize
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext, ngettext

from . import language_caches
from .templatetags import punct
from .widgets import text


def filter_fields(form: BaseForm, patterns: dict[str, str]) -> SafeString:
    """The fields of `form` named in `patterns`, in that order, each put into its `str.format` pattern:
    `{id}` (the label's `for`), `{label}` and `{widget}`, the field's HTML."""
    parts = []
    for name, pattern in patterns.items():
        field = form[name]
        parts.append(pattern.format(id=text(field.id_for_label), label=text(field.label), widget=str(field)))
    return SafeString("".join(parts))


def filter_errors(form: BaseForm, pattern: str) -> SafeString:
    """Each error of each field, in the form's order, put into `pattern`: `{label}`, `{colon}` (the page
    language's, common/templatetags/punct.py) and `{error}`. An unbound form has none."""
    if not form.is_bound:
        return SafeString("")
    colon = text(punct.colon())
    return SafeString("".join(
        pattern.format(label=text(form[name].label), colon=colon, error=text(error))
        for name in form.fields for error in form[name].errors))


def count_text(paginator) -> SafeString:
    """共 N 条, or 超过 10,000 条… for a capped list (common/pagination.py)."""
    if getattr(paginator, "capped", False):
        return SafeString(gettext("超过 %(cap)s 条，请用筛选缩小范围") % {"cap": text(paginator.cap_display)})
    count = paginator.count
    return SafeString(ngettext("共 %(counter)s 条", "共 %(counter)s 条", count) % {"counter": text(localize(count))})


def pagination(page, query: QueryDict) -> SafeString:
    """The pagination bar of a list page (nothing for a single page): first, previous, the page number
    (of how many, unless the count is capped), next, last, and the count. The links keep `query` (the
    request's GET), only `page` changed."""
    paginator = page.paginator
    if not paginator.num_pages > 1:
        return SafeString("\n")  # the line break that ended the template
    params = query.copy()

    def href(number) -> str:
        params["page"] = number
        return text(f"?{params.urlencode()}")

    words = _words(get_language())
    first, previous, next_, last = words.first, words.previous, words.next, words.last
    parts = ['\n<nav aria-label="', words.nav, '" class="d-flex flex-wrap align-items-center gap-2">\n'
             '  <ul class="pagination pagination-sm mb-0">\n    ']
    if page.has_previous():
        parts += ['\n    <li class="page-item"><a class="page-link" href="', href(1), f'">{first}</a></li>\n'
                  '    <li class="page-item"><a class="page-link" href="', href(page.previous_page_number()),
                  f'" rel="prev">{previous}</a></li>\n    ']
    else:
        parts += [f'\n    <li class="page-item disabled"><span class="page-link">{first}</span></li>\n'
                  f'    <li class="page-item disabled"><span class="page-link">{previous}</span></li>\n    ']
    capped = getattr(paginator, "capped", False)
    number = text(localize(page.number))
    parts += ['\n    <li class="page-item active" aria-current="page"><span class="page-link">',
              number if capped else f"{number} / {text(localize(paginator.num_pages))}", "</span></li>\n    "]
    if page.has_next():
        parts += ['\n    <li class="page-item"><a class="page-link" href="', href(page.next_page_number()),
                  f'" rel="next">{next_}</a></li>\n    ']
        if not capped:
            parts += ['<li class="page-item"><a class="page-link" href="', href(paginator.num_pages),
                      f'">{last}</a></li>']
    else:
        parts.append(f'\n    <li class="page-item disabled"><span class="page-link">{next_}</span></li>\n    ')
        if not capped:
            parts.append(f'<li class="page-item disabled"><span class="page-link">{last}</span></li>')
    parts += ["\n    \n  </ul>\n  <span class=\"text-body-secondary small\">", count_text(paginator),
              "\n</span>\n</nav>\n\n"]
    return SafeString("".join(parts))


class _Words(NamedTuple):
    nav: str
    first: str
    previous: str
    next: str
    last: str


@language_caches.register_cache
@lru_cache(maxsize=8)
def _words(language: str | None) -> _Words:
    """The bar's words in `language`, escaped (the catalogue's translations are code: nothing goes stale)."""
    return _Words(*(text(word) for word in (gettext("分页"), gettext("首页"), gettext("上一页"), gettext("下一页"),
                                              gettext("末页"))))
