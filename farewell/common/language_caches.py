"""What a process keeps per language of the catalogue (escaped labels of list rows, option lists, page headers,
templates with their fixed translations folded in), forgotten when the catalogue is reloaded.

In production a new catalogue comes with a restart. In development `runserver`'s autoreloader does not
restart for a changed .mo file: Django's own receiver of `autoreload.file_changed`
(django.utils.translation.reloader) drops its translations in place, and the texts kept here would still
be the old catalogue's. Each module that keeps such texts registers how to forget them (`register`); the
receiver connected in CommonConfig.ready forgets them all when a .mo file changes, as Django forgets its own.
"""

from __future__ import annotations

from collections.abc import Callable

_forgetters: list[Callable[[], object]] = []


def register(forget: Callable[[], object]) -> Callable[[], object]:
    """`forget()` drops what a module keeps per language (a dict's clear, an lru_cache's cache_clear)."""
    _forgetters.append(forget)
    return forget


def register_cache(function):
    """A decorator over functools.lru_cache: its cache is forgotten with the others."""
    register(function.cache_clear)
    return function


def forget_all() -> None:
    from django.template.autoreload import reset_loaders

    for forget in _forgetters:
        forget()
    reset_loaders()  # the cached loader's templates, one per language (common/translated_templates.py)


def catalogue_changed(sender, file_path, **kwargs) -> None:
    """autoreload.file_changed: a .mo file changed (returns nothing: Django's receiver decides about the reload)."""
    if file_path.suffix == ".mo":
        forget_all()
