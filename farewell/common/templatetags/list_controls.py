"""`{% pagination %}` and `{% count_text paginator %}`: common/list_controls.py's bar and count in a template."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from farewell.common import list_controls

register = template.Library()


@register.simple_tag(takes_context=True)
def pagination(context) -> SafeString:
    """The bar of the context's `page_obj`, its links keeping the request's query."""
    return list_controls.pagination(context["page_obj"], context.request.GET)


@register.simple_tag
def count_text(paginator) -> SafeString:
    # With the line break after it that the include of _count.html printed.
    return SafeString(f"{list_controls.count_text(paginator)}\n")
