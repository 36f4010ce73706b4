"""Uploaded files (scans, letters, recordings, signed documents) leave only through a view that
has checked the policy, and each download is in the access log like any sensitive read. No URL
serves MEDIA_ROOT (settings, deploy/nginx: /media/ is 404)."""

from __future__ import annotations

import io

from django.http import FileResponse, Http404

from farewell.common.filenames import download_name

from .models import AccessLog


def download(request, obj, field: str, *, employee, purpose: str, filename: str | None = None,
             data: bytes | None = None) -> FileResponse:
    """Log who downloads `obj.<field>` (whose, why), then send it. Call after the access check.
    `data`: the file's plain bytes when it is stored encrypted (talks/uploads.py read them)."""
    file = getattr(obj, field)
    if not file:
        raise Http404
    log_read(request.user, obj, field, employee=employee, purpose=purpose)
    content = io.BytesIO(data) if data is not None else file.open("rb")
    return FileResponse(content, as_attachment=True, filename=download_name(filename) if filename else None)


def log_read(actor, obj, field: str, *, employee, purpose: str) -> None:
    """The access-log row of one read of a stored file (a download, or a copy put in a package)."""
    AccessLog.objects.create(
        actor=actor, employee=employee, object_type=obj._meta.label_lower,
        object_id=str(getattr(obj, "code", obj.pk)), field=field, purpose=purpose[:200],
    )
