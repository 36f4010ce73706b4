"""What every app's API shares: errors as JSON naming the field, file downloads, ordering.

Services refuse with Django's ValidationError (a dict naming fields, or a list of messages); the
API answers those 400 with `{"field": ["message"]}` (`non_field_errors` for the rest), as DRF
does for its own serializers, instead of a 500.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import pagination, renderers, serializers
from rest_framework.views import exception_handler as drf_exception_handler

from .pagination import CappedPaginator
from .xlsx import XLSX_CONTENT_TYPE

NON_FIELD = "non_field_errors"


def field_errors(exc: DjangoValidationError) -> dict[str, list[str]]:
    """A Django ValidationError as DRF's error body: {field: [messages]}."""
    if hasattr(exc, "error_dict"):
        return {(NON_FIELD if field == "__all__" else field): [str(m) for m in messages]
                for field, messages in exc.message_dict.items()}
    return {NON_FIELD: [str(m) for m in exc.messages]}


def as_drf(exc: DjangoValidationError) -> serializers.ValidationError:
    return serializers.ValidationError(field_errors(exc))


def exception_handler(exc, context):
    """DRF's handler, plus Django's ValidationError from a service → 400 naming the field."""
    if isinstance(exc, DjangoValidationError):
        exc = as_drf(exc)
    return drf_exception_handler(exc, context)


class XlsxRenderer(renderers.BaseRenderer):
    """Lets a client ask for an export with `Accept: <the XLSX type>`; the view answers the file."""

    media_type = XLSX_CONTENT_TYPE
    format = "xlsx"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data if isinstance(data, bytes) else b""


# The schema of a download: the XLSX file, or the JSON error of a refusal.
XLSX_RESPONSES = {
    (200, XLSX_CONTENT_TYPE): OpenApiResponse(OpenApiTypes.BINARY, description="the XLSX file"),
}


class CappedPageNumberPagination(pagination.PageNumberPagination):
    """DRF's page-number pagination (`?page=`, `?page_size=` up to 500) whose `count` stops at
    10,001 (common/pagination.py: no full COUNT(*) over a company's 100,000 rows per page)."""

    django_paginator_class = CappedPaginator
    page_size_query_param = "page_size"
    max_page_size = 500


def ui_download(view, request, **kwargs):
    """Answer a download with the page's own view (the same checks, scope, filters and
    formula-safe cells as the button on the page): DRF has authenticated the request (session or
    token) and set its user on the underlying HttpRequest."""
    return view(request._request, **kwargs)


def form_errors(form) -> serializers.ValidationError:
    """A bound Django form's errors as DRF's 400 body: {field: [messages]}."""
    return serializers.ValidationError({(NON_FIELD if field == "__all__" else field): [str(m) for m in messages]
                                        for field, messages in form.errors.items()})
