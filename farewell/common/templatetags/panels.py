"""`{% render_panel panel %}`: a panel (common/panels.py) rendered inside the page's own render.

Each panel was rendered apart with `render_to_string(..., request=request)`, which ran every
context processor (the navigation among them) once per panel: six times on the employee page
(issue 14, found with a profiler). Here the panel's template sees what it saw then — the context
processors' values, `panel` and the panel's own context, not the page's variables — but the
processors' values are the ones the page computed once.
"""

from __future__ import annotations

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def render_panel(context, panel):
    processors = context.dicts[context._processors_index] if hasattr(context, "_processors_index") else {}
    own = context.new({**processors, "panel": panel, **panel.context})
    return context.template.engine.get_template(panel.template).render(own)
