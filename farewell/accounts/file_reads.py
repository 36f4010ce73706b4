"""Uploaded files (scans, letters, recordings, signed documents) leave only through a view that
has checked the policy, and each download is in the access log like any sensitive read. No URL
serves MEDIA_ROOT (settings, deploy/nginx: /media/ is 404)."""

from __future__ import annotations

from django.http import FileResponse, Http404

from .models import AccessLog


def download(request, obj, field: str, *, employee, purpose: str, filename: str | None = None) -> FileResponse:
    """Log who downloads `obj.<field>` (whose, why), then send it. Call after the access check."""
    file = getattr(obj, field)
    if not file:
        raise Http404
    AccessLog.objects.create(
        actor=request.user, employee=employee, object_type=obj._meta.label_lower,
        object_id=str(getattr(obj, "code", obj.pk)), field=field, purpose=purpose[:200],
    )
    return FileResponse(file.open("rb"), as_attachment=True, filename=filename or None)
