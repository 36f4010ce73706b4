"""Form widgets for the list pages' filter forms (issue 14): the same HTML as Django's, with less work.

Django renders each <option> of a <select> through two more templates (the option, its attributes);
on a filter form with a few dozen options that was a third of a list page's CPU. `LeanSelect` prints
the options in one template.
"""

from __future__ import annotations

from django import forms


class LeanSelect(forms.Select):
    """A flat <select> (optgroups kept) whose options carry no attribute but `selected`."""

    template_name = "common/widgets/select.html"
