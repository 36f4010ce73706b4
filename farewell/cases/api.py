"""POST /api/law/compute: the `farewell law compute` contract over HTTP."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import status
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from farewell.accounts.permissions import policy_permission

from . import services


class LawComputeView(APIView):
    """Is this separation lawful, what is owed, and why — one JSON object or a list of them."""

    permission_classes = [policy_permission("law.calculate")]
    parser_classes = [JSONParser]

    @extend_schema(
        request=OpenApiTypes.OBJECT,
        responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT},
        summary="Compute a separation under PRC law (the `farewell law compute` contract)",
        examples=[
            OpenApiExample(
                "mutual agreement",
                value={
                    "ground": "mutual_employer_initiated",
                    "hire_date": "2020-03-01",
                    "separation_date": "2022-08-31",
                    "monthly_wages": [10000],
                },
                request_only=True,
            )
        ],
    )
    def post(self, request):
        outcome = services.calculate(request.data)
        if outcome.error is not None:
            return Response(
                {"error": outcome.error.message, "field": outcome.error.field},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(outcome.result)


