"""The audit administrator's /api/access-log/ (访问日志) and the exports of the access log and the
ledger; the system admin's (and HR admin's) failed-mail outbox; lifting a login lock — the same
forms, filters, services and scope as views.py, views_ledger.py, views_mail.py and views_users.py.

An export is the page's file: the same filters (a filter that does not parse is a 400 naming it,
where the page would ignore it), the same cap, and the same ledger entry (and, for the ledger's
payloads, the same access-log row) per export (audit.export).
"""

from __future__ import annotations

from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from farewell.common.api import NON_FIELD, CappedPageNumberPagination, XlsxRenderer, form_errors
from farewell.common.notifications import WAITING, Notification, send_again
from farewell.common.xlsx import XLSX_CONTENT_TYPE

from . import audit, services
from .api_users import USERNAME, _service, _user
from .models import AccessLog
from .permissions import policy_permission
from .views_mail import SHOWN, _notifications_for_admin

_FILTERS = [
    OpenApiParameter("date_from", OpenApiTypes.DATE, description="from this local day (Asia/Shanghai)"),
    OpenApiParameter("date_to", OpenApiTypes.DATE, description="to this local day, inclusive"),
    OpenApiParameter("actor", str, description="who acted (or read): username or name"),
    OpenApiParameter("employee", str, description="whose record: 工号"),
    OpenApiParameter("q", str, description="free text"),
]
ACCESS_FILTERS = [*_FILTERS, OpenApiParameter(
    "kind", str, description="what was read: `<model label>:<field>` (e.g. `org.employee:id_number`, "
                             "`ledger.ledgerentry:payload`)")]
LEDGER_FILTERS = [*_FILTERS, OpenApiParameter("event", str, description="the event code (e.g. case_opened)")]
FORMAT = OpenApiParameter("fmt", str, OpenApiParameter.PATH, enum=["xlsx", "json"])

EXPORT_RESPONSES = {
    (200, XLSX_CONTENT_TYPE): OpenApiResponse(OpenApiTypes.BINARY, description="the XLSX file (fmt=xlsx)"),
    (200, "application/json"): OpenApiResponse(
        OpenApiTypes.OBJECT, description='fmt=json: {"format", "exported_at", "filters", "rows": [...]}'),
    (400, "application/json"): OpenApiResponse(
        OpenApiTypes.OBJECT, description="a filter that does not parse (named), or more rows than an export holds"),
}


def _valid_form(form):
    """The page's filter form, bound to the query; a filter that does not parse is a 400 naming it."""
    if form.is_bound and not form.is_valid():
        raise form_errors(form)
    return form


class AccessLogRowSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", allow_null=True, default=None)
    employee = serializers.UUIDField(source="employee.code", allow_null=True, default=None)
    employee_name = serializers.CharField(source="employee.name", allow_null=True, default=None)
    employee_number = serializers.CharField(source="employee.employee_number", allow_null=True, default=None)
    purpose = serializers.CharField(source="shown_purpose", help_text="why, in the request's language (stored as "
                                    "its message id; a typed or older purpose as stored)")

    class Meta:
        model = AccessLog
        fields = ["at", "actor", "employee", "employee_name", "employee_number", "object_type", "object_id",
                  "field", "purpose"]


@extend_schema(tags=["audit"], parameters=ACCESS_FILTERS,
               summary="The access log (who read whose sensitive data, why), newest first (audit admin)")
class AccessLogList(generics.ListAPIView):
    permission_classes = [policy_permission("accesslog.view")]
    serializer_class = AccessLogRowSerializer
    pagination_class = CappedPageNumberPagination
    filter_backends: list = []  # the page's own filters (audit.access_rows)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator
            return AccessLog.objects.none()
        query = self.request.query_params.copy()
        for name in ("page", "page_size"):
            query.pop(name, None)
        form = _valid_form(audit.AccessLogFilterForm(query or None))
        return audit.access_rows(self.request.user, form)


def _export(request, what: str, fmt: str, form_class):
    if fmt not in ("xlsx", "json"):
        raise Http404
    form = _valid_form(form_class(request.query_params or None))
    try:
        exported = audit.export(request.user, what, fmt, form)
    except audit.ExportTooLarge as exc:
        raise serializers.ValidationError({NON_FIELD: [str(exc)]}) from None
    return FileResponse(exported.handle, as_attachment=True, filename=exported.name,
                        content_type=exported.content_type)


@extend_schema(tags=["audit"], parameters=[FORMAT, *ACCESS_FILTERS], responses=EXPORT_RESPONSES,
               summary="The filtered access log as XLSX or JSON, recorded in the ledger (audit admin)")
class AccessLogExport(APIView):
    permission_classes = [policy_permission("accesslog.view")]
    renderer_classes = [JSONRenderer, XlsxRenderer]

    def get(self, request, fmt):
        return _export(request, "access_log", fmt, audit.AccessLogFilterForm)


@extend_schema(tags=["ledger"], parameters=[FORMAT, *LEDGER_FILTERS], responses=EXPORT_RESPONSES,
               summary="The filtered ledger as XLSX or JSON, recorded in the ledger and the access log (audit admin)")
class LedgerExport(APIView):
    permission_classes = [policy_permission("ledger.view")]
    renderer_classes = [JSONRenderer, XlsxRenderer]

    def get(self, request, fmt):
        return _export(request, "ledger", fmt, audit.LedgerFilterForm)


# --- the mail outbox -------------------------------------------------------------------------


class MailRowSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username")
    subject = serializers.CharField(source="shown_subject", help_text="in the request's language when it was "
                                    "written as words (as stored for older rows)")
    email_status = serializers.CharField(help_text="failed (after the last try) or retrying")

    class Meta:
        model = Notification
        fields = ["id", "username", "subject", "created_at", "email_status", "email_error", "email_attempts",
                  "email_retry_at"]


class OutboxPagination(CappedPageNumberPagination):
    """The page's list plus how many e-mails wait in the queue (`waiting`)."""

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["waiting"] = self.waiting
        return response

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["waiting"] = {"type": "integer", "description": "e-mails waiting to be sent"}
        return schema


@extend_schema(tags=["users"], summary="E-mails that failed or wait for another try, of the logins you manage "
                                       "(the subject only, never the body)")
class MailOutbox(generics.ListAPIView):
    permission_classes = [policy_permission("users.accounts")]
    serializer_class = MailRowSerializer
    pagination_class = OutboxPagination
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator
            return Notification.objects.none()
        return (_notifications_for_admin(self.request.user).filter(email_status__in=SHOWN)
                .select_related("user").only("pk", "subject", "words", "created_at", "email_status", "email_error",
                                             "email_attempts", "email_retry_at", "user__username")
                .order_by("-created_at", "-pk"))

    def paginate_queryset(self, queryset):
        self.paginator.waiting = _notifications_for_admin(self.request.user).filter(email_status__in=WAITING).count()
        return super().paginate_queryset(queryset)


@extend_schema(tags=["users"], parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH)], request=None,
               responses={200: OpenApiResponse(OpenApiTypes.OBJECT, description='{"queued": true|false}')},
               summary="Send a failed e-mail again (a fresh round of tries)")
class MailSendAgain(APIView):
    permission_classes = [policy_permission("users.accounts")]

    def post(self, request, pk):
        note = _notifications_for_admin(request.user).filter(pk=pk).first()
        if note is None:
            raise Http404
        return Response({"queued": send_again(note)})


@extend_schema(tags=["users"], parameters=[USERNAME], request=None,
               responses={200: OpenApiResponse(OpenApiTypes.OBJECT, description='{"username", "failed_logins_cleared"}'),
                          403: OpenApiTypes.OBJECT},
               summary="Lift a login's lock after too many failed sign-ins (accounts/lockout.py), recorded in the ledger")
class UserUnlock(APIView):
    permission_classes = [policy_permission("users.manage")]

    def post(self, request, username):
        user = _user(request, username)
        cleared = _service(lambda: services.unlock_login(user, acting_user=request.user))
        return Response({"username": user.username, "failed_logins_cleared": cleared})

