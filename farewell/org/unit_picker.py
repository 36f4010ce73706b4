"""The org-unit filter as a searchable picker loaded on demand (issue 14).

A list page used to render every unit of the company into a <select>: 2,535 options were 94 % of
the case list's HTML and most of its CPU. The widget now renders only the chosen unit; the options
come from `org:unit_picker` (scoped by `filters.units_for`), 30 at a time, as the user types.
"""

from __future__ import annotations

from functools import lru_cache

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from farewell.common import language_caches
from farewell.common.prepared import Prepared
from farewell.common.widgets import text

from .models import OrgUnit
from .subtree import SOLE_ROOT

MAX_OPTIONS = 30


class UnitPickerWidget(forms.Widget):
    """A hidden input holding the unit's pk, a search box and the options htmx fetches."""

    def __init__(self, attrs=None, *, small: bool = True):
        # Its box is as tall as the other controls in its row: a filter row bottom-aligns its
        # columns, so a shorter picker pushed its label a few px below its neighbours' labels.
        super().__init__(attrs)
        self.small = small

    def render(self, name, value, attrs=None, renderer=None) -> str:
        attrs = self.build_attrs(self.attrs, attrs)
        unit = value if isinstance(value, OrgUnit) else None  # a unit the caller already checked
        # A pk from the query string is named only when it lies in the field's queryset (the user's
        # scope): the page must not tell the name of a unit the user may not see.
        if unit is None and value not in (None, ""):
            scope = getattr(getattr(self, "choices", None), "queryset", None)
            try:
                unit = None if scope is None else scope.filter(pk=int(value)).only("pk", "name").first()
            except (TypeError, ValueError):
                unit = None
        head, middle, tail = _picker_html(get_language(), get_urlconf(), get_script_prefix(), name,
                                          attrs.get("id") or f"id_{name}", self.small)
        if unit is None:
            return SafeString(f"{head}{middle}{tail}")
        return SafeString(f"{head}{text(unit.pk)}{middle}{text(unit.name)}{tail}")


@language_caches.register_cache
@lru_cache(maxsize=64)
def _picker_html(language, urlconf, script_prefix, name: str, id_: str, small: bool) -> tuple[str, str, str]:
    """The picker's HTML around the unit's pk and its name, once per language, URLconf and field (issue 14:
    rendering its template and reversing its URL was a quarter of a millisecond on every list page). The
    words are the catalogue's and the URL the URLconf's: code, never data."""
    sm_group, sm_control = (" input-group-sm", " form-control-sm") if small else ("", "")
    all_units = text(_("全部部门"))
    # Outside the f-string: xgettext does not read f-string expressions.
    search_title, unit_label = text(_("输入部门名称搜索；留空为全部部门")), text(_("部门"))
    return (
        f'<div class="fw-unit-picker position-relative">\n'
        f'  <input type="hidden" name="{text(name)}" id="{text(id_)}" value="',
        f'">\n  <div class="input-group{sm_group}">\n'
        f'    <input type="text" class="form-control{sm_control} fw-unit-search" name="unit_q" form="fw-unit-picker-none"\n'
        f'           id="{text(id_)}_search" value="',
        f'" placeholder="{all_units}" title="{search_title}" autocomplete="off"\n'
        f'           aria-label="{unit_label}" hx-get="{text(reverse("org:unit_picker", urlconf=urlconf))}"'
        f' hx-trigger="input changed delay:250ms, focus"\n'
        f'           hx-target="next .fw-unit-results" hx-swap="innerHTML">\n'
        f'    <button type="button" class="btn btn-outline-secondary fw-unit-clear" title="{all_units}"'
        f' aria-label="{all_units}">×</button>\n'
        f'  </div>\n'
        f'  <div class="fw-unit-results position-absolute w-100 shadow-sm" style="z-index:1050"></div>\n'
        f'</div>\n',
    )


# A unit by its primary key with `sole_root` (subtree.SOLE_ROOT), compiled once per process (common/prepared.py).
_UNIT_BY_PK = Prepared(lambda pk: OrgUnit.objects.filter(pk=pk).annotate(sole_root=SOLE_ROOT))
# What a primary key column holds (a bigger number is no unit, and SQLite refuses to bind it).
_PK_RANGE = range(-(2**63), 2**63)


class _ScopeChoices:
    """A widget's `choices` whose queryset is the field's, built only when the widget asks for it."""

    def __init__(self, field):
        self.field = field

    @property
    def queryset(self):
        return self.field.queryset


UNIT_NOT_IN_SCOPE = gettext_lazy("请选择您权限范围内的部门")


class ShowsCleanedUnit:
    """A unit field that hands its widget the unit it has just validated: the picker prints its name
    without reading it again (one query fewer on a filtered list page). The unit is read with
    `sole_root` (subtree.SOLE_ROOT): filtering by a company's only root is filtering by the company.

    `limit_to(scope)` (filters.UnitScope) instead of a queryset: the chosen unit is read by its pk with a
    query compiled once per process and checked against the user's grants in Python; the scope's queryset
    is built and asked only when the grants cannot tell (a manager's reports). Building and compiling the
    scoped query with its subquery was ~1.3 ms of CPU per filtered list page (issue 14)."""

    scope = None
    # Django's own 选择一个有效的选项 says nothing of why: a unit the list cannot filter by is not a number,
    # gone, or outside the user's grants.
    default_error_messages = {"invalid_choice": UNIT_NOT_IN_SCOPE}

    def limit_to(self, scope) -> None:
        self.scope = scope
        self._queryset = None
        self.widget.choices = _ScopeChoices(self)

    @property
    def queryset(self):
        if self._queryset is None and self.scope is not None:
            self._queryset = self.scope.units()
        return self._queryset

    @queryset.setter
    def queryset(self, queryset):
        self.scope = None
        forms.ModelChoiceField.queryset.fset(self, queryset)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        self.validate_no_null_characters(value)  # then ModelChoiceField.to_python, the unit read with sole_root
        try:
            if isinstance(value, OrgUnit):
                value = value.pk
            if self.scope is not None:
                unit = self._granted_unit(int(value))
                if unit is not None:
                    return unit
            return self.queryset.annotate(sole_root=SOLE_ROOT).get(pk=value)
        except (ValueError, TypeError, OrgUnit.DoesNotExist):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                  params={"value": value}) from None

    def _granted_unit(self, pk: int) -> OrgUnit | None:
        """The unit when the grants hold it; DoesNotExist when it is no unit or surely outside them; None
        when the scope's query must decide."""
        found = _UNIT_BY_PK(pk) if pk in _PK_RANGE else []
        if not found:
            raise OrgUnit.DoesNotExist
        held = self.scope.holds(found[0])
        if held is False:
            raise OrgUnit.DoesNotExist
        return found[0] if held else None

    def clean(self, value):
        unit = super().clean(value)
        self._cleaned_unit = unit
        return unit

    def prepare_value(self, value):
        unit = getattr(self, "_cleaned_unit", None)
        if unit is not None and str(value) == str(unit.pk):
            return unit
        return super().prepare_value(value)


class UnitPickerField(ShowsCleanedUnit, forms.ModelChoiceField):
    """A unit within `queryset` (the user's scope); validating a choice is one query, rendering none."""

    widget = UnitPickerWidget

    def __init__(self, queryset: QuerySet | None = None, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(queryset if queryset is not None else OrgUnit.objects.none(), **kwargs)


def breadcrumbs(units: list[OrgUnit]) -> dict[int, str]:
    """unit pk → "总部 / 销售部 / 华东区" for each unit, with one query for all their ancestors."""
    wanted: set[tuple[int, str]] = set()
    for unit in units:
        parts = unit.path.split(".")[:-1]
        for i in range(1, len(parts)):
            wanted.add((unit.company_id, ".".join(parts[:i]) + "."))
    names: dict[tuple[int, str], str] = {}
    if wanted:
        companies = {c for c, _ in wanted}
        paths = {p for _, p in wanted}
        for company_id, path, name in OrgUnit.objects.filter(company_id__in=companies, path__in=paths).values_list(
                "company_id", "path", "name"):
            names[(company_id, path)] = name
    result = {}
    for unit in units:
        parts = unit.path.split(".")[:-1]
        chain = [names.get((unit.company_id, ".".join(parts[:i]) + "."), "…") for i in range(1, len(parts))]
        result[unit.pk] = " / ".join([*chain, unit.name])
    return result


def options_for(units: QuerySet[OrgUnit], query: str) -> list[tuple[OrgUnit, str]]:
    """The options for a search: names containing `query`, or with no query the top of the scope."""
    query = query.strip()[:100]
    qs = units.only("pk", "name", "path", "depth", "company_id")
    if query:
        qs = qs.filter(name__icontains=query).order_by("depth", "path")
    else:
        top = units.order_by("depth").values_list("depth", flat=True).first()
        if top is None:
            return []
        qs = qs.filter(depth__lte=top + 1).order_by("path")
    found = list(qs[:MAX_OPTIONS])
    crumbs = breadcrumbs(found)
    return [(unit, crumbs[unit.pk]) for unit in found]
