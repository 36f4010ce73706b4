"""The local wage table the engine uses: the shipped figures extended by HR admins' own."""

from __future__ import annotations

import copy
import datetime as dt
import functools
import json
from decimal import Decimal

from django.db import transaction

from farewell.law import wage_tables
from farewell.ledger.services import record

from . import cached
from .models import LocalWageFigure, LocalWageKind
from .signals import announce_reference_change as announce_change

LEDGER_TYPE = "org.localwagefigure"


@functools.cache
def _shipped() -> dict:
    """The shipped file, read once per process (copied before it is extended)."""
    return json.loads(wage_tables.DEFAULT_WAGE_TABLE_FILE.read_text(encoding="utf-8"))["cities"]


def wage_table() -> wage_tables.WageTable:
    """Shipped figures first, then the database's, so ours win for the same year or date (kept in the
    process between requests, forgotten on any change: cached.py). Read it, never change it."""
    return cached.get("wage_table", _build_wage_table)


def _build_wage_table() -> wage_tables.WageTable:
    cities = copy.deepcopy(_shipped())
    keys = {wage_tables._key(alias): name for name, row in cities.items() for alias in (name, *row.get("aliases", []))}
    for figure in LocalWageFigure.objects.all():
        name = keys.get(wage_tables._key(figure.city))
        if name is None:
            name = figure.city
            cities[name] = {"aliases": [], "local_avg_monthly_wage": [], "local_min_wage": []}
            keys[wage_tables._key(name)] = name
        row = cities[name]
        if figure.kind == LocalWageKind.AVERAGE:
            row.setdefault("local_avg_monthly_wage", []).append(
                {"year": figure.year, "amount": str(figure.amount), "source": figure.source})
        else:
            row.setdefault("local_min_wage", []).append(
                {"effective_from": figure.effective_from.isoformat(), "amount": str(figure.amount),
                 "source": figure.source})
    return wage_tables.WageTable(cities)


def shipped_rows() -> list[dict]:
    """The figures shipped in the law engine's table (law/data/wage_tables.json), one row each, for the
    settings page to show beside the company's own (read-only: a correction is entered as an own figure)."""
    rows = []
    for city, row in sorted(_shipped().items()):
        for figure in sorted(row.get("local_avg_monthly_wage", []), key=lambda f: int(f["year"])):
            rows.append({"city": city, "kind": LocalWageKind.AVERAGE, "year": int(figure["year"]), "effective_from": None,
                         "amount": Decimal(str(figure["amount"])), "source": figure["source"],
                         "url": figure.get("url"), "published": figure.get("published")})
        for figure in sorted(row.get("local_min_wage", []), key=lambda f: f["effective_from"]):
            rows.append({"city": city, "kind": LocalWageKind.MINIMUM, "year": None,
                         "effective_from": dt.date.fromisoformat(figure["effective_from"]),
                         "amount": Decimal(str(figure["amount"])), "source": figure["source"],
                         "url": figure.get("url"), "published": figure.get("published")})
    return rows


def wage_inputs_for(city: str, on: dt.date) -> dict[str, Decimal]:
    """`local_avg_monthly_wage` and `local_min_wage` for a separation in `city` on `on`."""
    return wage_tables.wage_tables_for(city, on, wage_table())


def figures_for(city: str, on: dt.date) -> wage_tables.CityWages | None:
    return wage_tables.lookup(city, on, wage_table())


def figure_payload(figure: LocalWageFigure) -> dict:
    return {"city": figure.city, "kind": figure.kind, "year": figure.year, "effective_from": figure.effective_from,
            "amount": figure.amount, "source": figure.source}


def save_figure(form, *, acting_user) -> LocalWageFigure:
    """Add a figure or correct one (a valid LocalWageFigureForm); a correction keeps the old values
    beside the new in the ledger (the page and the API both save here)."""
    if acting_user is not None:  # one table for every company: an HR admin of every company (issue 13)
        from farewell.accounts.installation import require_installation_admin

        require_installation_admin(acting_user)
    with transaction.atomic():
        if form.instance.pk is None:
            figure = form.save()
            record(LEDGER_TYPE, figure.pk, figure_payload(figure), actor=acting_user, event="local_wage_added")
        else:
            before = figure_payload(LocalWageFigure.objects.get(pk=form.instance.pk))
            figure = form.save()
            record(LEDGER_TYPE, figure.pk, {"before": before, "after": figure_payload(figure)},
                   actor=acting_user, event="local_wage_changed")
        announce_change(acting_user)  # the open cases computed on the figure are computed again
    return figure
