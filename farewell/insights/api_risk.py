"""/api/insights/: the attrition-risk overview and model card, training (a background job with its
progress), the risk setting, the survival view, the employees' explanation requests, and the flag
rules (设置 › 预警规则) — the same services, suppression and policy actions as riskviews.py,
survivalviews.py, explanationviews.py and views.rule_settings.

PIPL Art. 24: the score is a prompt to talk, never a decision — HR only (insights.risk_report);
unit aggregates and survival cohorts under five people carry no figures here either.
Company: `?company=<id>` (default: the first the caller may use the action in); another company is
not found. The risk setting and the flag rules are a company's settings: a whole-company HR admin
changes them (accounts/company_settings.py), a unit-scoped one is refused (403).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from farewell.accounts import policy
from farewell.accounts.company_settings import settings_company_for_api
from farewell.accounts.permissions import policy_permission
from farewell.common.api import CappedPageNumberPagination, as_drf, form_errors
from farewell.common.models import Job
from farewell.common.numbers import whole_number
from farewell.org.models import Company

from . import explanations, risk, riskfeatures, services, survival
from .explanationviews import ACTION as EXPLAIN
from .explanationviews import _scoped, get_explanation_for_user
from .models import ExplanationRequest, FlagRule
from .riskviews import _units, factor_rows, settings_for
from .views import RULE_HELP, RuleFormSet

COMPANY = OpenApiParameter("company", int, description="company id (default: your first)")


def company_for(request, action: str, *, whole_company: bool = False) -> Company:
    """The company asked for (`?company=<id>`) among those where the caller's roles allow `action`,
    else 404 (`whole_company`: a company setting — accounts.company_settings.settings_company_for_api)."""
    if whole_company:
        return settings_company_for_api(request, action)
    policy.require(request.user, action)
    allowed = policy.ACTIONS[action]
    ids = sorted({company for role, company, _path in policy._grants(request.user) if role in allowed})
    wanted = request.query_params.get("company")
    if wanted:
        if whole_number(wanted) not in ids:
            raise Http404
        return Company.objects.get(pk=whole_number(wanted))
    if not ids:
        raise Http404
    return Company.objects.get(pk=ids[0])


def _model(model) -> dict | None:
    if model is None:
        return None
    return {"id": model.pk, "created_at": model.created_at, "trained_until": model.trained_until,
            "horizon_months": model.horizon_months, "family": model.family, "features": model.features,
            "evaluation": model.evaluation}


def _job(job: Job | None) -> dict | None:
    if job is None:
        return None
    return {"code": job.code, "kind": job.kind, "status": job.status, "total": job.total, "done": job.done,
            "percent": job.percent, "errors": job.shown_errors, "result": job.result, "created_at": job.created_at,
            "finished_at": job.finished_at, "finished": job.status in (Job.Status.DONE, Job.Status.FAILED)}


def _training_jobs(company_ids):
    """The risk-training jobs of these companies (risk.schedule_training notes the company in the result)."""
    return Job.objects.filter(kind=risk.JOB_KIND, result__company__in=list(company_ids))


class JobSerializer(serializers.Serializer):
    code = serializers.UUIDField()
    kind = serializers.CharField()
    status = serializers.CharField(help_text="queued, running, done or failed")
    total = serializers.IntegerField()
    done = serializers.IntegerField()
    percent = serializers.IntegerField()
    errors = serializers.ListField(child=serializers.CharField())
    result = serializers.DictField(help_text="when done: the model's id, how many scored, its evaluation")
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    finished = serializers.BooleanField()


class RiskModelSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    trained_until = serializers.DateField()
    horizon_months = serializers.IntegerField()
    family = serializers.CharField()
    features = serializers.ListField(child=serializers.CharField())
    evaluation = serializers.DictField(help_text="the time-split test: cutoff, ROC AUC, PR AUC, Brier, base rate …")


class UnitRiskSerializer(serializers.Serializer):
    unit = serializers.CharField()
    unit_id = serializers.IntegerField()
    suppressed = serializers.BooleanField(help_text="fewer than five people scored: no figures")
    n = serializers.IntegerField(required=False)
    mean = serializers.FloatField(required=False, help_text="mean probability of leaving within the horizon")
    high = serializers.IntegerField(required=False, help_text="people in the company's top decile")


class RiskOverviewSerializer(serializers.Serializer):
    company = serializers.IntegerField()
    model = RiskModelSerializer(allow_null=True)
    units = UnitRiskSerializer(many=True)
    job = JobSerializer(allow_null=True, help_text="the latest training job of the company")
    min_group = serializers.IntegerField()
    managers_see_own_reports = serializers.BooleanField()
    can_manage = serializers.BooleanField(help_text="the caller may train the model and change the setting")


@extend_schema(tags=["insights"], parameters=[COMPANY], responses=RiskOverviewSerializer,
               summary="The attrition-risk overview: unit aggregates (under five suppressed), the model, "
                       "the latest training job (HR only, PIPL Art. 24)")
class RiskOverview(APIView):
    permission_classes = [policy_permission("insights.risk_report")]

    def get(self, request):
        company = company_for(request, "insights.risk_report")
        model = risk.latest_model(company.pk)
        names = _units(company, request.user)
        rows = [r for r in risk.unit_aggregates(model, names) if r["unit_id"] in names] if model else []
        job = _training_jobs([company.pk]).order_by("-created_at", "-id").first()
        return Response({
            "company": company.pk, "model": _model(model), "units": rows, "job": _job(job),
            "min_group": risk.MIN_GROUP, "managers_see_own_reports": settings_for(company.pk).managers_see_own_reports,
            "can_manage": policy.allows(request.user, "insights.risk_manage"),
        })


class FeatureSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    used = serializers.BooleanField(help_text="the current model uses it")
    kind = serializers.CharField(help_text="the record kind behind it")


class ModelCardSerializer(serializers.Serializer):
    company = serializers.IntegerField()
    model = RiskModelSerializer(allow_null=True)
    features = FeatureSerializer(many=True)
    horizon_months = serializers.IntegerField()
    min_group = serializers.IntegerField()
    min_exits = serializers.IntegerField()


@extend_schema(tags=["insights"], parameters=[COMPANY], responses=ModelCardSerializer,
               summary="The risk model card: what it uses, how it was tested, its limits (HR only)")
class RiskModelCard(APIView):
    permission_classes = [policy_permission("insights.risk_report")]

    def get(self, request):
        company = company_for(request, "insights.risk_report")
        model = risk.latest_model(company.pk)
        used = set(model.features) if model else set()
        return Response({
            "company": company.pk, "model": _model(model),
            "features": [{"name": f.name, "label": str(f.label), "used": f.name in used,
                          "kind": riskfeatures.EVIDENCE_KIND.get(f.name, "employee")} for f in riskfeatures.FEATURES],
            "horizon_months": risk.HORIZON_MONTHS, "min_group": risk.MIN_GROUP, "min_exits": risk.MIN_EXITS,
        })


@extend_schema(tags=["insights"], parameters=[COMPANY], request=None,
               responses={202: JobSerializer, 403: OpenApiTypes.OBJECT},
               summary="Start training the company's risk model in the background (HR admin): answers the job; "
                       "poll GET /api/insights/risk/train/{code}/")
class RiskTrain(APIView):
    permission_classes = [policy_permission("insights.risk_manage")]

    def post(self, request):
        company = company_for(request, "insights.risk_manage")
        job = risk.schedule_training(company, acting_user=request.user)
        job.refresh_from_db()
        return Response(_job(job), status=status.HTTP_202_ACCEPTED)


@extend_schema(tags=["insights"], parameters=[OpenApiParameter("code", OpenApiTypes.UUID, OpenApiParameter.PATH)],
               responses=JobSerializer, summary="A risk-training job's progress (HR, the job's company)")
class RiskTrainProgress(APIView):
    permission_classes = [policy_permission("insights.risk_report")]

    def get(self, request, code):
        allowed = policy.ACTIONS["insights.risk_report"]
        ids = {company for role, company, _path in policy._grants(request.user) if role in allowed}
        job = _training_jobs(ids).filter(code=code).first()
        if job is None:
            raise Http404
        return Response(_job(job))


class RiskSettingsSerializer(serializers.Serializer):
    company = serializers.IntegerField(read_only=True)
    managers_see_own_reports = serializers.BooleanField(
        help_text="line managers see the score of their own reports on the employee page")


@extend_schema(tags=["settings"], parameters=[COMPANY])
class RiskSettingsDetail(APIView):
    """The company's risk setting (the HR admin of the whole company changes it)."""

    permission_classes = [policy_permission("insights.risk_manage")]

    @extend_schema(responses=RiskSettingsSerializer)
    def get(self, request):
        company = company_for(request, "insights.risk_manage", whole_company=True)
        return Response({"company": company.pk,
                         "managers_see_own_reports": settings_for(company.pk).managers_see_own_reports})

    @extend_schema(request=RiskSettingsSerializer, responses={200: RiskSettingsSerializer, 400: OpenApiTypes.OBJECT})
    def put(self, request):
        company = company_for(request, "insights.risk_manage", whole_company=True)
        body = RiskSettingsSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        row = services.save_risk_settings(company, managers_see_own_reports=body.validated_data[
            "managers_see_own_reports"], acting_user=request.user)
        return Response({"company": company.pk, "managers_see_own_reports": row.managers_see_own_reports})


# --- survival --------------------------------------------------------------------------------


class SurvivalAtSerializer(serializers.Serializer):
    years = serializers.IntegerField()
    at_risk = serializers.IntegerField()
    survival = serializers.FloatField(allow_null=True, help_text="% still employed; null under five at risk")


class CohortSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    n = serializers.IntegerField()
    exits = serializers.IntegerField()
    median_years = serializers.FloatField(allow_null=True)
    at_years = SurvivalAtSerializer(many=True)
    curve = serializers.ListField(child=serializers.ListField(child=serializers.FloatField()),
                                  help_text="[[years, % still employed], …] (Kaplan–Meier, thinned to 240 points)")


class SurvivalSerializer(serializers.Serializer):
    company = serializers.IntegerField()
    dimension = serializers.CharField()
    cohorts = CohortSerializer(many=True)
    suppressed = serializers.IntegerField(help_text="cohorts under five people, left out")
    min_group = serializers.IntegerField()


@extend_schema(tags=["insights"], responses=SurvivalSerializer,
               parameters=[COMPANY, OpenApiParameter("by", str, enum=list(survival.DIMENSIONS))],
               summary="Time to exit by cohort (Kaplan–Meier): the curve and the table, cohorts under five "
                       "suppressed (HR, in their units)")
class Survival(APIView):
    permission_classes = [policy_permission("insights.survival")]

    def get(self, request):
        company = company_for(request, "insights.survival")
        dimension = request.query_params.get("by", "hire_year")
        if dimension not in survival.DIMENSIONS:
            raise serializers.ValidationError({"by": [f"one of {', '.join(survival.DIMENSIONS)}"]})
        unit_paths = policy.unit_scope(request.user, "insights.survival", company.pk)
        cohorts = survival.survival_by_cohort(company, dimension, today=timezone.localdate(), unit_paths=unit_paths)
        shown = [c for c in cohorts if not c.suppressed]
        return Response({
            "company": company.pk, "dimension": dimension, "suppressed": len(cohorts) - len(shown),
            "min_group": survival.MIN_GROUP,
            "cohorts": [{"key": str(c.key), "label": str(c.label), "n": c.n, "exits": c.exits,
                         "median_years": c.median_years, "at_years": c.at_years,
                         "curve": survival._thin(c.timeline, c.survival)} for c in shown],
        })


# --- explanation requests --------------------------------------------------------------------


class HRExplanationRequestSerializer(serializers.ModelSerializer):
    employee = serializers.UUIDField(source="employee.code")
    employee_number = serializers.CharField(source="employee.employee_number")
    employee_name = serializers.CharField(source="employee.name")
    status = serializers.CharField(help_text="open or answered")
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = ExplanationRequest
        fields = ["code", "employee", "employee_number", "employee_name", "question", "requested_at", "due_date",
                  "status", "answered_at", "read_at", "overdue"]

    def get_overdue(self, item) -> bool:
        return item.status == "open" and item.due_date < timezone.localdate()


class FactorSerializer(serializers.Serializer):
    label = serializers.CharField()
    value = serializers.CharField(help_text="the person's value")
    reference_label = serializers.CharField()
    reference = serializers.CharField(help_text="the unit's (or company's) median")
    effect = serializers.FloatField(help_text="percentage points the probability falls at the reference value")
    evidence = serializers.ListField(child=serializers.CharField(), help_text="links to the records behind it")


class HRExplanationRequestDetailSerializer(HRExplanationRequestSerializer):
    answer = serializers.CharField()
    percent = serializers.IntegerField(allow_null=True, help_text="the assessment's probability in %")
    factors = FactorSerializer(many=True)
    assessment = serializers.DictField(help_text="the assessment explained: as answered, or the current one")

    class Meta(HRExplanationRequestSerializer.Meta):
        fields = HRExplanationRequestSerializer.Meta.fields + ["answer", "percent", "factors", "assessment"]


def _detail(item: ExplanationRequest) -> dict:
    assessment = item.assessment if item.status == "answered" else explanations.current_assessment(item.employee)
    item.factors = factor_rows(item.employee, assessment.get("factors", []))
    item.percent = round(assessment["probability"] * 100) if assessment else None
    item.assessment = assessment
    return HRExplanationRequestDetailSerializer(item).data


@extend_schema(tags=["insights"], summary="Employees' requests for an explanation of automated assessments "
                                          "(PIPL Art. 24), open first by deadline (HR in scope)")
class ExplanationList(generics.ListAPIView):
    permission_classes = [policy_permission(EXPLAIN)]
    serializer_class = HRExplanationRequestSerializer
    pagination_class = CappedPageNumberPagination
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator
            return ExplanationRequest.objects.none()
        return _scoped(self.request.user).select_related("employee").order_by("-status", "due_date", "-id")


class AnswerSerializer(serializers.Serializer):
    answer = serializers.CharField(allow_blank=True, trim_whitespace=False,
                                   help_text=f"HR's words (at most {explanations.MAX_TEXT} characters)")


@extend_schema(tags=["insights"], parameters=[OpenApiParameter("code", OpenApiTypes.UUID, OpenApiParameter.PATH)])
class ExplanationDetail(APIView):
    """One request with the factors to answer from; POST answers it (once; the employee is notified)."""

    permission_classes = [policy_permission(EXPLAIN)]

    @extend_schema(responses=HRExplanationRequestDetailSerializer)
    def get(self, request, code):
        return Response(_detail(get_explanation_for_user(request, code)))

    @extend_schema(request=AnswerSerializer, responses={200: HRExplanationRequestDetailSerializer, 400: OpenApiTypes.OBJECT})
    def post(self, request, code):
        item = get_explanation_for_user(request, code)
        body = AnswerSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            item = explanations.answer_explanation(item, acting_user=request.user, answer=body.validated_data["answer"])
        except ValidationError as exc:
            raise as_drf(exc) from None
        return Response(_detail(get_explanation_for_user(request, item.code)))


# --- flag rules (设置 › 预警规则) --------------------------------------------------------------

RULE_FIELDS = ["enabled", "count", "threshold", "dimension", "window_months", "period_kind"]


class FlagRuleSerializer(serializers.ModelSerializer):
    company = serializers.IntegerField(source="company_id", read_only=True)
    code = serializers.CharField(read_only=True)
    tone = serializers.CharField(read_only=True)
    help = serializers.SerializerMethodField()

    class Meta:
        model = FlagRule
        fields = ["company", "code", *RULE_FIELDS, "tone", "help", "updated_at"]
        read_only_fields = ["updated_at"]

    def get_help(self, rule) -> str:
        return str(RULE_HELP.get(rule.code, ""))


class FlagRuleWrite(serializers.Serializer):
    enabled = serializers.BooleanField(required=False)
    count = serializers.IntegerField(required=False)
    threshold = serializers.DecimalField(max_digits=8, decimal_places=2, required=False)
    dimension = serializers.CharField(required=False, allow_blank=True)
    window_months = serializers.IntegerField(required=False)
    period_kind = serializers.CharField(required=False)
    recompute = serializers.BooleanField(required=False, default=False,
                                         help_text="recompute the company's flags now (a background job)")


@extend_schema(tags=["settings"], parameters=[COMPANY], responses=FlagRuleSerializer(many=True),
               summary="The company's flag rules and their thresholds (预警规则)")
class FlagRuleList(APIView):
    permission_classes = [policy_permission("insights.configure")]

    def get(self, request):
        company = company_for(request, "insights.configure", whole_company=True)
        return Response(FlagRuleSerializer(FlagRule.objects.filter(company=company).order_by("pk"), many=True).data)


@extend_schema(tags=["settings"], parameters=[COMPANY, OpenApiParameter("code", str, OpenApiParameter.PATH)])
class FlagRuleDetail(APIView):
    """One rule of the company; PATCH its thresholds (flags change at the next recompute, or now with
    `recompute`)."""

    permission_classes = [policy_permission("insights.configure")]

    def _rule(self, request, code) -> FlagRule:
        company = company_for(request, "insights.configure", whole_company=True)
        rule = FlagRule.objects.filter(company=company, code=code).first()
        if rule is None:
            raise Http404
        return rule

    @extend_schema(responses=FlagRuleSerializer)
    def get(self, request, code):
        return Response(FlagRuleSerializer(self._rule(request, code)).data)

    @extend_schema(request=FlagRuleWrite, responses={
        200: OpenApiResponse(FlagRuleSerializer, description="the rule; `recompute_job` when one was started"),
        400: OpenApiTypes.OBJECT})
    def patch(self, request, code):
        rule = self._rule(request, code)
        body = FlagRuleWrite(data=request.data)
        body.is_valid(raise_exception=True)
        current = {f: getattr(rule, f) for f in RULE_FIELDS}
        current.update({f: v for f, v in body.validated_data.items() if f in RULE_FIELDS})
        data = {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "1", "form-0-id": str(rule.pk)}
        for field, value in current.items():
            if field == "enabled":
                if value:
                    data["form-0-enabled"] = "on"
            else:
                data[f"form-0-{field}"] = "" if value is None else str(value)
        formset = RuleFormSet(data, queryset=FlagRule.objects.filter(pk=rule.pk))
        if not formset.is_valid():
            raise form_errors(formset.forms[0]) if formset.forms[0].errors else serializers.ValidationError(
                {"non_field_errors": [str(e) for e in formset.non_form_errors()]})
        services.save_rules(formset, company=rule.company, acting_user=request.user)
        answer = FlagRuleSerializer(FlagRule.objects.get(pk=rule.pk)).data
        if body.validated_data["recompute"]:
            job = services.schedule_recompute(rule.company, acting_user=request.user)
            answer["recompute_job"] = str(job.code)
        return Response(answer)
