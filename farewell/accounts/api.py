"""/api/me/, /api/token/ and the auditor's /api/ledger/ endpoints."""

from __future__ import annotations

import dataclasses

from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from farewell.common.api import as_drf, form_errors
from farewell.ledger import services as ledger_services
from farewell.ledger.models import LedgerEntry
from farewell.org.models import Company

from . import policy, security
from .ledger_reads import log_payload_read
from .models import SecurityPolicy
from .permissions import policy_permission
from .serializers import (
    LedgerEntrySerializer,
    MeSerializer,
    TokenRequestSerializer,
    TokenSerializer,
    VerificationSerializer,
)
from .tokens import issue_token, token_lifetime
from .views_security import SecurityPolicyForm

_Detail = inline_serializer("Detail", fields={"detail": serializers.CharField()})


@extend_schema(tags=["accounts"], summary="The signed-in user", responses=MeSerializer)
class Me(APIView):
    # Any signed-in user may ask who they are, even one without a role (it answers roles: []).
    permission_classes = [IsAuthenticated]

    def get(self, request):
        user = request.user
        employee_code = None
        if user.employee_id:
            from farewell.org.models import Employee

            employee_code = (
                Employee.objects.filter(pk=user.employee_id).values_list("code", flat=True).first()
            )
        data = {
            "username": user.username,
            "display_name": str(user),
            "roles": sorted(policy.roles_of(user)),
            "employee_code": employee_code,
            "companies": list(Company.objects.filter(pk__in=policy.company_ids(user)).order_by("pk")
                              .values("id", "code", "credit_code", "name")),
        }
        return Response(MeSerializer(data).data)


@extend_schema(
    tags=["accounts"],
    summary="Exchange a username and password for an API token",
    request=TokenRequestSerializer,
    responses={
        200: TokenSerializer,
        400: OpenApiResponse(_Detail, description="wrong username or password"),
        429: OpenApiResponse(_Detail, description="locked out after too many failures (django-axes)"),
    },
    auth=[],
)
class ObtainToken(APIView):
    # The API's login: open to anonymous callers, throttled by django-axes.
    permission_classes = [AllowAny]
    authentication_classes = []

    def post(self, request):
        form = TokenRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        # authenticate() with the request runs the axes backend (lockout) and signals each failure.
        user = authenticate(
            request, username=form.validated_data["username"], password=form.validated_data["password"]
        )
        if getattr(request, "axes_locked_out", False):
            return Response(
                {"detail": "too many failed attempts: this account is locked for a while"},
                status=status.HTTP_429_TOO_MANY_REQUESTS,
            )
        if user is None or not user.is_active:
            return Response({"detail": "wrong username or password"}, status=status.HTTP_400_BAD_REQUEST)
        token = issue_token(user)  # a new one when the old one has expired
        return Response({"token": token.key, "expires_at": token.created + token_lifetime()})


@extend_schema(tags=["ledger"], summary="The evidence ledger, newest first (auditors)")
class LedgerEntryList(generics.ListAPIView):
    permission_classes = [policy_permission("ledger.view")]
    serializer_class = LedgerEntrySerializer
    filterset_fields = ["object_type", "object_id", "event"]

    def get_queryset(self):
        return LedgerEntry.objects.select_related("actor").order_by("-seq")

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        # The payloads are people's words: each page read is in the access log.
        log_payload_read(self.request.user, page or [], query=self.request.GET.urlencode())
        return page


@extend_schema(
    tags=["ledger"], summary="Re-compute the hash chain (auditors)", responses=VerificationSerializer
)
class LedgerVerify(APIView):
    permission_classes = [policy_permission("ledger.view")]

    def get(self, request):
        result = ledger_services.verify()
        return Response(VerificationSerializer(dataclasses.asdict(result)).data)


class SecurityPolicySerializer(serializers.Serializer):
    password_min_length = serializers.IntegerField()
    session_hours = serializers.IntegerField()
    login_failure_limit = serializers.IntegerField(help_text="failed sign-ins before an account is locked")
    updated_at = serializers.DateTimeField(read_only=True, allow_null=True)


def _policy_data(row) -> dict:
    return {**{name: getattr(row, name) for name in security.POLICY_FIELDS},
            "updated_at": getattr(row, "updated_at", None)}


@extend_schema(tags=["settings"])
class SecurityPolicyDetail(APIView):
    """设置 › 安全策略: the installation's password length, session length and lockout limit — the
    security administrator's (三员分立); a change keeps the old values beside the new in the ledger."""

    permission_classes = [policy_permission("security.policy")]

    @extend_schema(responses=SecurityPolicySerializer)
    def get(self, request):
        return Response(_policy_data(SecurityPolicy.current()))

    @extend_schema(request=SecurityPolicySerializer, responses={200: SecurityPolicySerializer, 400: OpenApiTypes.OBJECT})
    def put(self, request):
        current = SecurityPolicy.current()
        data = {name: getattr(current, name) for name in security.POLICY_FIELDS}
        data.update({k: request.data[k] for k in security.POLICY_FIELDS if k in request.data})
        form = SecurityPolicyForm(data, instance=SecurityPolicy.objects.filter(pk=1).first() or SecurityPolicy(pk=1))
        if not form.is_valid():
            raise form_errors(form)
        try:
            row = security.set_security_policy(acting_user=request.user, **{
                name: form.cleaned_data[name] for name in security.POLICY_FIELDS})
        except DjangoValidationError as exc:
            raise as_drf(exc) from None
        return Response(_policy_data(row))
