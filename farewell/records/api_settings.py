"""/api/settings/metrics/ (设置 › 指标目录): the metric catalogue imports validate against — the same
form, services and rules as views.metric_list and metric_deactivate: any HR admin reads it; only an
HR admin of every company changes it (one catalogue for all companies: installation admin, else 403)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from farewell.accounts.installation import require_installation_admin
from farewell.accounts.permissions import policy_permission
from farewell.common.api import form_errors

from . import services
from .forms import MetricForm
from .models import Metric

MANAGE = "settings.manage"


class MetricCatalogueSerializer(serializers.ModelSerializer):
    category = serializers.CharField()
    direction = serializers.CharField(help_text="which way is worse (higher_is_worse, lower_is_worse, neutral)")
    aggregation = serializers.CharField(help_text="how a period's values combine (sum, mean, last)")

    class Meta:
        model = Metric
        fields = ["code", "name", "unit", "category", "direction", "aggregation", "min_value", "max_value",
                  "description", "active"]
        read_only_fields = ["active"]


@extend_schema(tags=["settings"])
class MetricCatalogue(APIView):
    """Every metric (active first); POST adds a custom one (the installation's HR admin)."""

    permission_classes = [policy_permission(MANAGE)]

    @extend_schema(responses=MetricCatalogueSerializer(many=True))
    def get(self, request):
        return Response(MetricCatalogueSerializer(Metric.objects.order_by("-active", "category", "code"),
                                                  many=True).data)

    @extend_schema(request=MetricCatalogueSerializer,
                   responses={201: MetricCatalogueSerializer, 400: OpenApiTypes.OBJECT, 403: OpenApiTypes.OBJECT})
    def post(self, request):
        require_installation_admin(request.user)  # one catalogue for every company
        fields = MetricForm._meta.fields
        form = MetricForm({k: ("" if request.data.get(k) is None else request.data.get(k))
                           for k in fields if k in request.data})
        if not form.is_valid():
            raise form_errors(form)
        metric = services.add_metric(form, acting_user=request.user)
        return Response(MetricCatalogueSerializer(metric).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["settings"], parameters=[OpenApiParameter("code", str, OpenApiParameter.PATH)], request=None,
               responses={200: OpenApiResponse(OpenApiTypes.OBJECT,
                                               description='{"code", "active": false, "changed": true|false}')},
               summary="Take a metric out of imports (its values stay); the installation's HR admin")
class MetricDeactivate(APIView):
    permission_classes = [policy_permission(MANAGE)]

    def post(self, request, code):
        require_installation_admin(request.user)
        metric = get_object_or_404(Metric, code=code)
        changed = services.deactivate_metric(metric, acting_user=request.user)
        return Response({"code": metric.code, "active": False, "changed": changed})
