"""/api/me/, /api/token/ and the auditor's /api/ledger/ endpoints."""

from __future__ import annotations

import dataclasses

from django.contrib.auth import authenticate
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from farewell.ledger import services as ledger_services
from farewell.ledger.models import LedgerEntry

from . import policy
from .ledger_reads import log_payload_read
from .permissions import policy_permission
from .serializers import (
    LedgerEntrySerializer,
    MeSerializer,
    TokenRequestSerializer,
    TokenSerializer,
    VerificationSerializer,
)
from .tokens import issue_token, token_lifetime

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
