"""/api/workflows/, /api/case-settings/, /api/compensation-policies/ (设置 › 审批流程, 审批设置,
补偿政策) and the case list's XLSX export — the same services, forms, policy actions and
company rule as config_views.py and case_views.py (accounts/company_settings.py: an HR admin reads and
changes the settings of the companies they administer as a whole; another company's are not found)."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from farewell.accounts.company_settings import settings_company_ids
from farewell.accounts.permissions import policy_permission
from farewell.common.api import XLSX_RESPONSES, XlsxRenderer, form_errors, ui_download
from farewell.common.numbers import whole_number

from . import case_views, services, workflow
from .forms import CaseSettingsForm, CompensationPolicyForm, WorkflowStepForm
from .models import (
    CaseSettings,
    CaseType,
    CompensationPolicy,
    SeparationCase,
    WorkflowStepTemplate,
    WorkflowTemplate,
)
from .workflow import CaseError

CASE_TYPE = OpenApiParameter("case_type", str, OpenApiParameter.PATH, enum=list(CaseType.values))
COMPANY = OpenApiParameter("company", int, description="company id (default: your first as HR admin)")
ACTION = "workflow.configure"


class WorkflowStepSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="hr_review, legal_review, manager_confirmation, leadership_approval, …")
    condition = serializers.CharField(help_text="always, extra_over_cap, ground_39_40, total_over")
    condition_amount = serializers.DecimalField(max_digits=12, decimal_places=2, required=False, allow_null=True)
    due_working_days = serializers.IntegerField()


class WorkflowSerializer(serializers.Serializer):
    case_type = serializers.CharField()
    version = serializers.IntegerField()
    name = serializers.CharField()
    in_use = serializers.BooleanField(help_text="a case has used this version: a change saves a new version")
    steps = WorkflowStepSerializer(many=True)


class WorkflowWrite(serializers.Serializer):
    steps = serializers.ListField(child=serializers.DictField(), max_length=12,
                                  help_text="the steps in order: kind, condition, condition_amount, due_working_days")


def _steps():
    return Prefetch("steps", queryset=WorkflowStepTemplate.objects.order_by("order"))


def _workflow(template: WorkflowTemplate, in_use: bool | None = None) -> dict:
    """A template with its steps (prefetched in order by the caller)."""
    return {"case_type": template.case_type, "version": template.version, "name": template.name,
            "in_use": workflow.template_in_use(template) if in_use is None else in_use,
            "steps": [{"kind": s.kind, "condition": s.condition, "condition_amount": s.condition_amount,
                       "due_working_days": s.due_working_days} for s in template.steps.all()]}


@extend_schema(tags=["settings"], responses=WorkflowSerializer(many=True),
               summary="The current workflow of each case type (审批流程)")
class WorkflowList(APIView):
    permission_classes = [policy_permission(ACTION)]

    @extend_schema(parameters=[COMPANY])
    def get(self, request):
        current = {}
        templates = workflow.templates_for(request.user).filter(company_id=_admin_company(request))
        for template in templates.prefetch_related(_steps()).order_by("case_type", "-version"):
            current.setdefault(template.case_type, template)
        # Which current versions a case has used: one query for all of them.
        used = set(SeparationCase.objects.filter(workflow__in=list(current.values()))
                   .values_list("workflow_id", flat=True).distinct())
        return Response([_workflow(current[t], current[t].pk in used) for t in CaseType.values if t in current])


@extend_schema(tags=["settings"], parameters=[CASE_TYPE])
class WorkflowDetail(APIView):
    """One case type's workflow of a company; PUT its steps (a version a case has used is kept: a new
    one is saved). Each company has its own: another company's is not found (issue 13)."""

    permission_classes = [policy_permission(ACTION)]

    def _current(self, request, case_type: str) -> WorkflowTemplate:
        if case_type not in CaseType.values:
            raise Http404
        try:
            current = workflow.current_template(_admin_company(request), case_type)
        except CaseError:
            raise Http404 from None
        return WorkflowTemplate.objects.prefetch_related(_steps()).get(pk=current.pk)

    @extend_schema(responses=WorkflowSerializer, parameters=[COMPANY])
    def get(self, request, case_type):
        return Response(_workflow(self._current(request, case_type)))

    @extend_schema(request=WorkflowWrite, responses={200: WorkflowSerializer, 400: OpenApiTypes.OBJECT},
                   parameters=[COMPANY])
    def put(self, request, case_type):
        current = self._current(request, case_type)
        body = WorkflowWrite(data=request.data)
        body.is_valid(raise_exception=True)
        steps, errors = [], {}
        for number, raw in enumerate(body.validated_data["steps"]):
            form = WorkflowStepForm(raw)
            if form.is_valid():
                steps.append(form.cleaned_data)
            else:
                errors[str(number)] = {f: [str(m) for m in ms] for f, ms in form.errors.items()}
        if errors:
            raise serializers.ValidationError({"steps": errors})
        if not steps:
            raise serializers.ValidationError({"steps": ["at least one step"]})
        template = services.save_workflow(current.company, case_type, steps, actor=request.user)
        return Response(_workflow(WorkflowTemplate.objects.prefetch_related(_steps()).get(pk=template.pk)))


def _admin_company(request) -> int:
    """The company whose settings an HR admin reads or changes (?company=, else their first): one they
    administer as a whole (accounts/company_settings.py); another company is not found, a unit-scoped
    HR admin is refused (403)."""
    company_ids = settings_company_ids(request.user, ACTION)
    if not company_ids:
        raise PermissionDenied("workflow.configure: a whole-company HR admin grant is needed")
    wanted = request.query_params.get("company")
    if wanted:
        if whole_number(wanted) not in company_ids:
            raise Http404
        return whole_number(wanted)
    return company_ids[0]


class CaseSettingsSerializer(serializers.Serializer):
    company = serializers.IntegerField(read_only=True)
    opener_may_do_hr_review = serializers.BooleanField(
        help_text="four eyes: may the opener of a case do its HR review (never any other step)")


@extend_schema(tags=["settings"], parameters=[COMPANY])
class CaseSettingsDetail(APIView):
    """审批设置 of a company (its HR admin)."""

    permission_classes = [policy_permission(ACTION)]

    @extend_schema(responses=CaseSettingsSerializer)
    def get(self, request):
        row = CaseSettings.for_company(_admin_company(request))
        return Response({"company": row.company_id, "opener_may_do_hr_review": row.opener_may_do_hr_review})

    @extend_schema(request=CaseSettingsSerializer, responses={200: CaseSettingsSerializer, 400: OpenApiTypes.OBJECT})
    def put(self, request):
        row = CaseSettings.for_company(_admin_company(request))
        body = CaseSettingsSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        form = CaseSettingsForm({"opener_may_do_hr_review": body.validated_data["opener_may_do_hr_review"] or ""},
                                instance=row)
        if not form.is_valid():
            raise form_errors(form)
        row = services.save_case_settings(form.save(commit=False), actor=request.user)
        return Response({"company": row.company_id, "opener_may_do_hr_review": row.opener_may_do_hr_review})


class PolicySerializer(serializers.ModelSerializer):
    company = serializers.IntegerField(source="company_id", read_only=True)
    case_type = serializers.CharField(allow_blank=True, help_text="blank: every case type")

    class Meta:
        model = CompensationPolicy
        fields = ["company", "case_type", "extra_cap_months", "note", "updated_at"]
        read_only_fields = ["updated_at"]


@extend_schema(tags=["settings"], parameters=[COMPANY])
class CompensationPolicyList(APIView):
    """补偿政策: the cap on the negotiated extra per case type; PUT one case type's row of the company."""

    permission_classes = [policy_permission(ACTION)]

    @extend_schema(responses=PolicySerializer(many=True))
    def get(self, request):
        company_id = _admin_company(request)
        rows = list(CompensationPolicy.objects.filter(company_id=company_id).order_by("case_type"))
        return Response(PolicySerializer(rows, many=True).data)

    @extend_schema(request=PolicySerializer, responses={200: PolicySerializer, 400: OpenApiTypes.OBJECT})
    def put(self, request):
        company_id = _admin_company(request)
        form = CompensationPolicyForm({k: request.data.get(k) for k in ("case_type", "extra_cap_months", "note")
                                       if request.data.get(k) is not None})
        if not form.is_valid():
            raise form_errors(form)
        case_type = form.cleaned_data["case_type"]
        row = CompensationPolicy.objects.filter(company_id=company_id, case_type=case_type).first()
        row = row or CompensationPolicy(company_id=company_id, case_type=case_type)
        row.extra_cap_months = form.cleaned_data["extra_cap_months"]
        row.note = form.cleaned_data["note"]
        services.save_policy(row, actor=request.user)
        return Response(PolicySerializer(row).data)


@extend_schema(tags=["exports"], responses=XLSX_RESPONSES,
               parameters=[OpenApiParameter(n, str) for n in ("case_type", "status", "org_unit", "risk", "overdue")],
               summary="The case list as XLSX (the list's scope and filters, every row)")
class CaseExport(APIView):
    permission_classes = [policy_permission("case.view")]
    renderer_classes = [JSONRenderer, XlsxRenderer]

    def get(self, request):
        return ui_download(case_views.case_export, request)

