"""What the case and offboarding endpoints share: a page's form fed from a request, and file downloads (the
schema of a file answer and a renderer for clients that ask for `Accept: application/octet-stream`; the
download itself is the page's own view through common.api.ui_download: the same access check, the same
access-log row, the same file)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import renderers, serializers


def form_data(request, fields, *, extra=()) -> dict:
    """The request's fields (JSON or multipart) as a page form's data; a field the form does not have is a
    400 naming it, so a misspelt field is never silently ignored."""
    data = {key: request.data.get(key) for key in request.data.keys()}
    unknown = sorted(set(data) - set(fields) - set(extra))
    if unknown:
        raise serializers.ValidationError({key: [_("没有这个字段")] for key in unknown})
    return data


FILE_CONTENT_TYPE = "application/octet-stream"

# The schema of a download: the stored file (its own content type), or the JSON error of a refusal.
FILE_RESPONSES = {
    (200, FILE_CONTENT_TYPE): OpenApiResponse(OpenApiTypes.BINARY, description="the file, as an attachment"),
    (403, "application/json"): OpenApiResponse(OpenApiTypes.OBJECT, description="in scope, role not allowed"),
    (404, "application/json"): OpenApiResponse(OpenApiTypes.OBJECT, description="no such file in your scope"),
}


class FileRenderer(renderers.BaseRenderer):
    """Lets a client ask for a file with `Accept: application/octet-stream`; the view answers the file."""

    media_type = FILE_CONTENT_TYPE
    format = "file"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data if isinstance(data, bytes) else b""
