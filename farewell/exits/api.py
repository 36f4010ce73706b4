"""/api/exits/: departures (opened from a leaver), exit interviews, the turnover report and the exit
survey in aggregate (groups under MIN_GROUP suppressed, as on the pages), improvement actions, the
alumni list — through exits'
services, forms and access helpers, under the same policy as the 离职分析 pages."""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from farewell.accounts import policy
from farewell.accounts.permissions import policy_permission
from farewell.common.api import (
    NON_FIELD,
    XLSX_RESPONSES,
    CappedPageNumberPagination,
    XlsxRenderer,
    form_errors,
    ui_download,
)
from farewell.org.filters import units_for

from . import actions as action_services
from . import alumni, report_views, services
from . import report as turnover
from .access import (
    actions_for,
    departures_for,
    get_action_for_user,
    get_departure_for_user,
    get_interview_for_user,
)
from .forms import (
    ActionForm,
    ActionUpdateForm,
    AlumniForm,
    AlumniSearchForm,
    ClassifyForm,
    CorrectForm,
    EmailSurveyForm,
    FeedbackForm,
    RehireForm,
    SummaryForm,
    VerifyForm,
    departure_form,
    reason_queryset,
)
from .models import Alumnus, Departure, ExitInterview, ImprovementAction

CODE = OpenApiParameter("code", str, OpenApiParameter.PATH, description="UUID code")
REPORT_PARAMETERS = [
    OpenApiParameter("company", str, description="company UUID code (default: your first)"),
    OpenApiParameter("granularity", str, description="month, quarter or year"),
    OpenApiParameter("year", int), OpenApiParameter("index", int, description="month or quarter number"),
    OpenApiParameter("dimension", str, description="unit, position, grade or tenure"),
    OpenApiParameter("unit", str, description="org unit UUID code: its sub-units"),
    OpenApiParameter("kind", str, description="voluntary or involuntary"),
]


def _exit_error(exc: services.ExitError) -> serializers.ValidationError:
    return serializers.ValidationError({NON_FIELD: [str(exc)]})


class InterviewBriefSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True)

    class Meta:
        model = ExitInterview
        fields = ["code", "version", "status", "held_at", "signed_at"]


class DepartureSerializer(serializers.ModelSerializer):
    employee = serializers.UUIDField(source="employee.code", read_only=True)
    employee_number = serializers.CharField(source="employee.employee_number", read_only=True)
    employee_name = serializers.CharField(source="employee.name", read_only=True)
    org_unit = serializers.CharField(source="org_unit.name", read_only=True)
    case = serializers.UUIDField(source="case.code", read_only=True, allow_null=True)
    kind = serializers.CharField(read_only=True, help_text="voluntary or involuntary")
    rehire = serializers.CharField(read_only=True)
    rehire_proposal = serializers.CharField(read_only=True)
    stated_reason = serializers.CharField(source="stated_reason.code", read_only=True, allow_null=True)
    verified_reason = serializers.CharField(source="verified_reason.code", read_only=True, allow_null=True)

    class Meta:
        model = Departure
        fields = ["code", "employee", "employee_number", "employee_name", "case", "separation_date", "org_unit",
                  "grade", "hire_date", "tenure_months", "ground", "kind", "regrettable", "settlement",
                  "rehire_proposal", "rehire_basis", "rehire", "rehire_reason", "stated_reason", "verified_reason",
                  "verified_note", "created_at"]


class DepartureDetailSerializer(DepartureSerializer):
    interviews = InterviewBriefSerializer(many=True, read_only=True)

    class Meta(DepartureSerializer.Meta):
        fields = DepartureSerializer.Meta.fields + ["interviews"]


class DepartureFilter(django_filters.FilterSet):
    kind = django_filters.CharFilter()
    since = django_filters.DateFilter(field_name="separation_date", lookup_expr="gte")
    until = django_filters.DateFilter(field_name="separation_date", lookup_expr="lte")
    org_unit = django_filters.NumberFilter(method="filter_unit", label="org unit id (its whole subtree)")

    class Meta:
        model = Departure
        fields = ["kind", "since", "until", "org_unit"]

    def filter_unit(self, queryset, name, value):
        unit = units_for(self.request.user).filter(pk=value).only("pk", "path", "company_id").first()
        if unit is None:
            return queryset.none()
        return queryset.filter(company_id=unit.company_id, org_unit__path__startswith=unit.path)


def _departures():
    return Departure.objects.select_related("employee", "org_unit", "case", "stated_reason", "verified_reason").defer(
        "employee__id_number", "employee__bank_account")


@extend_schema(tags=["exits"], summary="Departures in your scope (HR), newest first")
class DepartureList(generics.ListAPIView):
    permission_classes = [policy_permission("exits.view")]
    serializer_class = DepartureSerializer
    filterset_class = DepartureFilter
    pagination_class = CappedPageNumberPagination

    def get_queryset(self):
        return departures_for(self.request.user, queryset=_departures()).order_by("-separation_date", "-pk")


@extend_schema(tags=["exits"], parameters=[CODE], summary="One departure with its interview versions")
class DepartureDetail(APIView):
    permission_classes = [policy_permission("exits.view")]

    @extend_schema(responses=DepartureDetailSerializer)
    def get(self, request, code):
        departure = get_departure_for_user(request.user, code)
        departure = _departures().prefetch_related(
            Prefetch("interviews", queryset=ExitInterview.objects.order_by("version"))).get(pk=departure.pk)
        return Response(DepartureDetailSerializer(departure).data)


class ClassifyRequest(serializers.Serializer):
    kind = serializers.CharField(help_text="voluntary or involuntary")
    regrettable = serializers.CharField(required=False, allow_blank=True, help_text="true, false or empty")


class RehireRequest(serializers.Serializer):
    rehire = serializers.CharField(help_text="eligible, conditional or not_eligible")
    reason = serializers.CharField()


class VerifyRequest(serializers.Serializer):
    reason = serializers.CharField(help_text="the verified exit reason's code")
    note = serializers.CharField(required=False, allow_blank=True)


def _departure_action(form_class, apply, request_serializer, summary):
    @extend_schema(tags=["exits"], parameters=[CODE], summary=summary, request=request_serializer,
                   responses={200: DepartureSerializer, 400: OpenApiTypes.OBJECT})
    class DepartureAction(APIView):
        permission_classes = [policy_permission("exits.edit")]

        def post(self, request, code):
            departure = get_departure_for_user(request.user, code, "exits.edit")
            data = dict(request.data.items()) if hasattr(request.data, "items") else {}
            if form_class is VerifyForm and data.get("reason"):
                # The API names a reason by its code; the page's form by its id.
                found = (reason_queryset(departure.company_id).filter(code=str(data["reason"]))
                         .values_list("pk", flat=True).first())
                data["reason"] = found if found is not None else ""
            if "regrettable" in data and isinstance(data["regrettable"], bool):
                data["regrettable"] = "true" if data["regrettable"] else "false"
            form = departure_form(form_class, data, departure)
            if not form.is_valid():
                raise form_errors(form)
            try:
                apply(departure, form.cleaned_data, request.user)
            except services.ExitError as exc:
                raise _exit_error(exc) from None
            return Response(DepartureSerializer(_departures().get(pk=departure.pk)).data)

    return DepartureAction


DepartureClassify = _departure_action(ClassifyForm, lambda d, data, user: services.classify(
    d, acting_user=user, kind=data["kind"], regrettable=data["regrettable"]), ClassifyRequest,
    "Classify a departure (voluntary or involuntary, regrettable)")
DepartureRehire = _departure_action(RehireForm, lambda d, data, user: services.confirm_rehire(
    d, acting_user=user, rehire=data["rehire"], reason=data["reason"]), RehireRequest,
    "Confirm the rehire eligibility with a reason")
DepartureVerify = _departure_action(VerifyForm, lambda d, data, user: services.verify_reason(
    d, acting_user=user, reason=data["reason"], note=data["note"]), VerifyRequest,
    "Record the verified exit reason (a note when it differs from the stated one)")


class FeedbackRequest(serializers.Serializer):
    day = serializers.DateField()
    note = serializers.CharField()


class SummaryRequest(serializers.Serializer):
    advice = serializers.CharField(required=False, allow_blank=True)
    shared = serializers.BooleanField(required=False, help_text="show the career summary to the person in the portal")


DepartureFeedback = _departure_action(FeedbackForm, lambda d, data, user: services.record_manager_feedback(
    d, acting_user=user, day=data["day"], note=data["note"]), FeedbackRequest,
    "Record the feedback given to the line manager")
DepartureSummary = _departure_action(SummaryForm, lambda d, data, user: services.set_career_summary(
    d, acting_user=user, advice=data["advice"], shared=data["shared"]), SummaryRequest,
    "Write the career summary (and whether the person sees it in the portal)")


class SurveySendRequest(serializers.Serializer):
    email = serializers.EmailField(required=False, help_text="the leaver's personal address: sends a one-time link "
                                                             "by e-mail instead of the portal")
    consent_note = serializers.CharField(required=False, max_length=300,
                                         help_text="when and how the leaver agreed to be written to there")


@extend_schema(tags=["exits"], parameters=[CODE], request=SurveySendRequest,
               responses={200: DepartureSerializer, 400: OpenApiTypes.OBJECT})
class DepartureSurveySend(APIView):
    """Send the exit survey: to the leaver's portal while the login works, or (with `email` and the
    consent note) as a one-time link to their personal address."""

    permission_classes = [policy_permission("exits.edit")]

    def post(self, request, code):
        departure = get_departure_for_user(request.user, code, "exits.edit")
        data = dict(request.data.items()) if hasattr(request.data, "items") else {}
        try:
            if data.get("email") or data.get("consent_note"):
                form = EmailSurveyForm(data)
                if not form.is_valid():
                    raise form_errors(form)
                services.send_survey_by_email(departure, acting_user=request.user, email=form.cleaned_data["email"],
                                              consent_note=form.cleaned_data["consent_note"])
            else:
                services.send_survey(departure, acting_user=request.user)
        except services.ExitError as exc:
            raise _exit_error(exc) from None
        return Response(DepartureSerializer(_departures().get(pk=departure.pk)).data)


class StatedReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text="the exit reason's code")
    primary = serializers.BooleanField(default=False)
    note = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")


class InterviewSerializer(serializers.ModelSerializer):
    departure = serializers.UUIDField(source="departure.code", read_only=True)
    status = serializers.CharField(read_only=True)
    channel = serializers.CharField(required=False, help_text="in_person, phone, video or written")
    previous = serializers.UUIDField(source="previous.code", read_only=True, allow_null=True)
    reasons = serializers.SerializerMethodField()

    class Meta:
        model = ExitInterview
        fields = ["code", "departure", "version", "previous", "correction_reason", "status", "held_at", "channel",
                  "interviewer", "statements", "liked", "suggestions", "would_return", "reasons", "signed_at",
                  "created_at"]
        read_only_fields = ["code", "version", "correction_reason", "signed_at", "created_at"]

    def get_reasons(self, interview) -> list[dict]:
        return [{"reason": r.reason.code, "name": r.reason.name, "primary": r.primary, "note": r.note}
                for r in interview.reasons.select_related("reason")]


class InterviewWrite(InterviewSerializer):
    stated_reasons = StatedReasonSerializer(many=True, required=False, write_only=True,
                                            help_text="replaces the stated reasons (one primary at most)")

    class Meta(InterviewSerializer.Meta):
        fields = [*InterviewSerializer.Meta.fields, "stated_reasons"]


class StartInterviewRequest(serializers.Serializer):
    held_at = serializers.DateTimeField()
    channel = serializers.CharField(required=False, default="in_person")
    interviewer = serializers.CharField(required=False, allow_blank=True, default="", max_length=50)


@extend_schema(tags=["exits"], parameters=[CODE])
class InterviewCreate(APIView):
    """Open an exit interview record (a draft) for a departure."""

    permission_classes = [policy_permission("exits.edit")]

    @extend_schema(request=StartInterviewRequest, responses={201: InterviewSerializer, 400: OpenApiTypes.OBJECT})
    def post(self, request, code):
        departure = get_departure_for_user(request.user, code, "exits.edit")
        body = StartInterviewRequest(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        channels = dict(ExitInterview._meta.get_field("channel").choices)
        if data["channel"] not in channels:
            raise serializers.ValidationError({"channel": [f"one of {', '.join(channels)}"]})
        interview = services.start_interview(departure, acting_user=request.user, held_at=data["held_at"],
                                             channel=data["channel"], interviewer=data["interviewer"])
        return Response(InterviewSerializer(interview).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["exits"], parameters=[CODE])
class InterviewDetail(APIView):
    """An exit interview record: editable while a draft, then read-only (corrections are new versions)."""

    permission_classes = [policy_permission("exits.view")]

    @extend_schema(responses=InterviewSerializer)
    def get(self, request, code):
        return Response(InterviewSerializer(get_interview_for_user(request.user, code)).data)

    @extend_schema(request=InterviewWrite, responses={200: InterviewSerializer, 400: OpenApiTypes.OBJECT})
    def patch(self, request, code):
        interview = get_interview_for_user(request.user, code, "exits.edit")
        body = InterviewWrite(interview, data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        raw_reasons = data.pop("stated_reasons", None)
        if "channel" in data and data["channel"] not in dict(ExitInterview._meta.get_field("channel").choices):
            raise serializers.ValidationError({"channel": ["unknown channel"]})
        reasons = None
        if raw_reasons is not None:
            known = {r.code: r for r in reason_queryset(interview.departure.company_id).filter(
                code__in=[r["reason"] for r in raw_reasons])}
            unknown = [r["reason"] for r in raw_reasons if r["reason"] not in known]
            if unknown:
                raise serializers.ValidationError({"stated_reasons": [f"unknown reason: {', '.join(unknown)}"]})
            reasons = [{**r, "reason": known[r["reason"]]} for r in raw_reasons]
        try:
            services.update_interview(interview, acting_user=request.user, fields=data, reasons=reasons)
        except services.ExitError as exc:
            raise _exit_error(exc) from None
        return Response(InterviewSerializer(ExitInterview.objects.get(pk=interview.pk)).data)


@extend_schema(tags=["exits"], parameters=[CODE], request=None,
               responses={200: InterviewSerializer, 400: OpenApiTypes.OBJECT})
class InterviewSign(APIView):
    """Sign the record: its content goes to the ledger and it no longer changes."""

    permission_classes = [policy_permission("exits.edit")]

    def post(self, request, code):
        interview = get_interview_for_user(request.user, code, "exits.edit")
        try:
            interview = services.sign_interview(interview, acting_user=request.user)
        except services.ExitError as exc:
            raise _exit_error(exc) from None
        return Response(InterviewSerializer(interview).data)


class CorrectRequest(serializers.Serializer):
    reason = serializers.CharField()


@extend_schema(tags=["exits"], parameters=[CODE], request=CorrectRequest,
               responses={201: InterviewSerializer, 400: OpenApiTypes.OBJECT})
class InterviewCorrect(APIView):
    """Start a correction of a signed record (a new draft version pointing to it)."""

    permission_classes = [policy_permission("exits.edit")]

    def post(self, request, code):
        interview = get_interview_for_user(request.user, code, "exits.edit")
        form = CorrectForm(request.data)
        if not form.is_valid():
            raise form_errors(form)
        try:
            new = services.correct_interview(interview, acting_user=request.user, reason=form.cleaned_data["reason"])
        except services.ExitError as exc:
            raise _exit_error(exc) from None
        return Response(InterviewSerializer(new).data, status=status.HTTP_201_CREATED)


# --- the report and the survey in aggregate ---------------------------------------------------------


def _row(row: turnover.Row) -> dict:
    if row.suppressed:  # fewer than MIN_GROUP: nothing but the label
        return {"label": row.label, "suppressed": True}
    return {"label": row.label, "suppressed": False, "headcount_start": row.headcount_start,
            "headcount_end": row.headcount_end, "average_headcount": str(row.average_headcount),
            "leavers": row.leavers, "turnover_rate": turnover.shown(row.turnover_rate),
            "voluntary": row.voluntary, "involuntary": row.involuntary, "regrettable": row.regrettable,
            "first_year": row.first_year, "cost_suppressed": row.cost_suppressed,
            "settlement": None if row.cost_suppressed else str(row.settlement),
            "replacement": None if row.cost_suppressed else str(row.replacement)}


def _str_or_none(value):
    return None if value is None else str(value)


@extend_schema(tags=["exits"], parameters=REPORT_PARAMETERS, responses={200: OpenApiTypes.OBJECT},
               summary="The turnover report: rows by the dimension, the total, the trend and the reasons; "
                       "groups under 5 people suppressed")
class TurnoverReport(APIView):
    permission_classes = [policy_permission("exits.report")]

    def get(self, request):
        scope, company = report_views._scope(request._request)
        form, clean, period, parent = report_views._filters(request._request, scope)
        if form.errors:  # the page leaves an invalid filter out and says so; an API client gets the errors
            raise form_errors(form)
        result = turnover.build(scope, period, clean["granularity"], clean.get("dimension") or "unit",
                                parent=parent, kind=clean.get("kind") or "")
        return Response({
            "company": str(company.code), "period": period.label, "granularity": result.granularity,
            "dimension": result.dimension, "min_group": turnover.MIN_GROUP,
            "rows": [_row(r) for r in result.rows], "total": _row(result.total),
            "trend": [{"period": p.label, **_row(r)} for p, r in result.trend],
            "reasons": [{"reason": r.reason.code if r.reason else None, "label": r.label,
                         "stated": _str_or_none(turnover.shown(r.stated)),
                         "verified": _str_or_none(turnover.shown(r.verified)),
                         "confirmed": _str_or_none(turnover.shown(r.confirmed))} for r in result.reasons],
            "unclassified": result.unclassified, "hidden_groups": result.hidden_groups,
        })


@extend_schema(tags=["exports"], parameters=REPORT_PARAMETERS, responses=XLSX_RESPONSES,
               summary="The turnover report as XLSX (suppressed groups as <5)")
class TurnoverReportExport(APIView):
    permission_classes = [policy_permission("exits.report")]
    renderer_classes = [JSONRenderer, XlsxRenderer]

    def get(self, request):
        return ui_download(report_views.report_export, request)


@extend_schema(tags=["exits"], parameters=REPORT_PARAMETERS[:1], responses={200: OpenApiTypes.OBJECT},
               summary="The exit survey in aggregate: averages and distributions per question, reasons, free "
                       "texts — each withheld (null) under 5 answers")
class SurveyResults(APIView):
    permission_classes = [policy_permission("exits.report")]

    def get(self, request):
        scope, company = report_views._scope(request._request)
        data = turnover.survey_results(scope)
        return Response({
            "company": str(company.code), "min_group": turnover.MIN_GROUP,
            "questions": [{"question": row["question_text"], "answers": None if row["suppressed"] else row["n"],
                           "average": None if row["suppressed"] else f"{float(row['avg']):.2f}",
                           "distribution": None if row["suppressed"] else row["distribution"],
                           "suppressed": row["suppressed"]} for row in data["scores"]],
            "reasons": [{"reason": row["label"], "count": _str_or_none(row["shown"])}
                        for row in data["reasons"]],
            "texts": [{"question": question, "answers": items} for question, items in data["texts"]],
        })


# --- improvement actions ---------------------------------------------------------------------------


class ActionSerializer(serializers.ModelSerializer):
    reason = serializers.CharField(source="reason.code", read_only=True)
    org_unit = serializers.IntegerField(source="org_unit_id", read_only=True, allow_null=True)
    owner = serializers.CharField(source="owner.username", read_only=True)
    status = serializers.CharField(read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = ImprovementAction
        fields = ["code", "title", "reason", "org_unit", "cluster_start", "cluster_end", "measure", "owner",
                  "due_date", "status", "evidence", "started_on", "completed_on", "overdue", "created_at"]

    def get_overdue(self, action) -> bool:
        from django.utils import timezone

        return action.status in ("open", "in_progress") and action.due_date < timezone.localdate()


class ActionRequest(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    reason = serializers.CharField(help_text="the exit reason's code")
    org_unit = serializers.IntegerField(required=False, allow_null=True, help_text="org unit id (optional)")
    cluster_start = serializers.DateField()
    cluster_end = serializers.DateField()
    measure = serializers.CharField(required=False, allow_blank=True)
    owner = serializers.CharField(help_text="the owner's username (HR or a leadership approver of the company)")
    due_date = serializers.DateField()
    started_on = serializers.DateField()


class ActionUpdateRequest(serializers.Serializer):
    status = serializers.CharField(help_text="open, in_progress, done or dropped")
    due_date = serializers.DateField()
    evidence = serializers.CharField(required=False, allow_blank=True)


@extend_schema(tags=["exits"])
class ActionList(generics.ListAPIView):
    """Improvement actions of your companies (and those you own); POST creates one (exits.edit)."""

    permission_classes = [policy_permission("exits.report")]
    serializer_class = ActionSerializer
    pagination_class = CappedPageNumberPagination
    filterset_class = None

    def get_queryset(self):
        return actions_for(self.request.user).select_related("reason", "owner").distinct().order_by(
            "status", "due_date", "id")

    @extend_schema(request=ActionRequest, responses={201: ActionSerializer, 400: OpenApiTypes.OBJECT})
    def post(self, request):
        if not policy.allows(request.user, "exits.edit"):
            raise PermissionDenied("exits.edit")
        scope, company = report_views._scope(request._request, "exits.edit")
        units = report_views._units(scope)
        owners = report_views._owners(scope.company_id)
        data = dict(request.data.items()) if hasattr(request.data, "items") else {}
        if data.get("reason"):
            found = (reason_queryset(scope.company_id).filter(code=str(data["reason"]))
                     .values_list("pk", flat=True).first())
            data["reason"] = found if found is not None else ""
        if data.get("owner"):
            data["owner"] = owners.filter(username=str(data["owner"])).values_list("pk", flat=True).first() or ""
        form = ActionForm(data, company_id=scope.company_id, units=_units_queryset(units), owners=owners)
        if not form.is_valid():
            raise form_errors(form)
        clean = form.cleaned_data
        if clean["org_unit"] is None and scope.paths is not None:
            raise serializers.ValidationError({"org_unit": [_("请选择您权限范围内的部门")]})
        try:
            action = action_services.create_action(
                acting_user=request.user, company=company, title=clean["title"], reason=clean["reason"],
                org_unit=clean["org_unit"], cluster_start=clean["cluster_start"], cluster_end=clean["cluster_end"],
                owner=clean["owner"], due_date=clean["due_date"], measure=clean["measure"],
                started_on=clean["started_on"])
        except services.ExitError as exc:
            raise _exit_error(exc) from None
        return Response(ActionSerializer(action).data, status=status.HTTP_201_CREATED)


def _units_queryset(units):
    from farewell.org.models import OrgUnit

    return OrgUnit.objects.filter(pk__in=[u.pk for u in units])


@extend_schema(tags=["exits"], parameters=[CODE])
class ActionDetail(APIView):
    """One improvement action; PATCH its status, due date and evidence (the owner or HR)."""

    permission_classes = [policy_permission("exits.report")]

    @extend_schema(responses=ActionSerializer)
    def get(self, request, code):
        return Response(ActionSerializer(get_action_for_user(request.user, code)).data)

    @extend_schema(request=ActionUpdateRequest, responses={200: ActionSerializer, 400: OpenApiTypes.OBJECT})
    def patch(self, request, code):
        action = get_action_for_user(request.user, code)
        may_update = action.owner_id == request.user.pk or (
            policy.allows(request.user, "exits.edit") and action.company_id in policy.company_ids(request.user))
        if not may_update:
            raise PermissionDenied("exits.edit")
        data = {"status": action.status, "due_date": action.due_date, "evidence": action.evidence}
        data.update({k: v for k, v in request.data.items() if k in data})
        form = ActionUpdateForm(data)
        if not form.is_valid():
            raise form_errors(form)
        try:
            action_services.update_action(action, acting_user=request.user, status=form.cleaned_data["status"],
                                          evidence=form.cleaned_data["evidence"],
                                          due_date=form.cleaned_data["due_date"])
        except services.ExitError as exc:
            raise _exit_error(exc) from None
        return Response(ActionSerializer(get_action_for_user(request.user, code)).data)



# --- opening a departure, the alumni list ------------------------------------------------------


@extend_schema(tags=["exits"], parameters=[OpenApiParameter("employee_code", str, OpenApiParameter.PATH)],
               request=None, responses={201: DepartureSerializer, 200: DepartureSerializer, 400: OpenApiTypes.OBJECT},
               summary="Open the departure record of a leaver (from their case, or their separation date); "
                       "an existing one is returned (200)")
class DepartureOpen(APIView):
    permission_classes = [policy_permission("exits.edit")]

    def post(self, request, employee_code):
        employee = policy.get_employee_for_user(request.user, employee_code, "exits.edit")
        existed = set(Departure.objects.filter(employee=employee).values_list("pk", flat=True))
        try:
            departure = services.open_departure(employee, acting_user=request.user)
        except services.ExitError as exc:
            raise _exit_error(exc) from None
        return Response(DepartureSerializer(_departures().get(pk=departure.pk)).data,
                        status=status.HTTP_200_OK if departure.pk in existed else status.HTTP_201_CREATED)


class AlumnusSerializer(serializers.Serializer):
    code = serializers.UUIDField()
    departure = serializers.UUIDField(source="departure.code")
    employee_name = serializers.CharField(source="departure.employee.name")
    org_unit = serializers.CharField(source="departure.org_unit.name")
    position = serializers.CharField(source="departure.position.name", allow_null=True, default=None)
    separation_date = serializers.DateField(source="departure.separation_date")
    rehire = serializers.SerializerMethodField(help_text="HR's confirmed eligibility, else the proposal")
    skills = serializers.SerializerMethodField(help_text="courses attended and contributions on record")
    personal_email = serializers.CharField(help_text="as the person gave it, with their consent")
    personal_phone = serializers.CharField()
    joined_at = serializers.DateTimeField()

    def get_rehire(self, alumnus) -> str:
        return alumnus.departure.rehire or alumnus.departure.rehire_proposal

    def get_skills(self, alumnus) -> list[str]:
        return self.context["skills"].get(alumnus.departure.employee_id, [])


@extend_schema(tags=["exits"], summary="The alumni list in your scope (members who agreed), searchable",
               parameters=[OpenApiParameter("q", str, description="name, position, unit, a course or contribution"),
                           OpenApiParameter("rehire", bool, description="only those eligible for rehire")],
               responses=AlumnusSerializer(many=True))
class AlumniList(generics.ListAPIView):
    permission_classes = [policy_permission("exits.view")]
    serializer_class = AlumnusSerializer
    pagination_class = CappedPageNumberPagination

    def get_queryset(self):
        form = AlumniSearchForm(self.request.query_params or None)
        text, rehire_only = "", False
        if form.is_valid():
            text, rehire_only = form.cleaned_data["q"], form.cleaned_data["rehire"]
        members = Alumnus.objects.filter(departure__in=departures_for(self.request.user).values("pk"))
        return (alumni.search(members, text, rehire_only)
                .select_related("departure__employee", "departure__position", "departure__org_unit")
                .order_by("-departure__separation_date", "pk"))

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        skills = alumni.skills([a.departure.employee_id for a in page])
        return self.get_paginated_response(AlumnusSerializer(page, many=True, context={"skills": skills}).data)


class AlumnusRequest(serializers.Serializer):
    email = serializers.CharField(help_text="the personal e-mail the person gave")
    phone = serializers.CharField(required=False, allow_blank=True)
    consent_note = serializers.CharField(help_text="when and how the person agreed")


@extend_schema(tags=["exits"], parameters=[CODE], request=AlumnusRequest,
               responses={201: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT},
               summary="Add a leaver to the alumni list with their consent (they are mailed a personal link)")
class AlumnusAdd(APIView):
    permission_classes = [policy_permission("exits.edit")]

    def post(self, request, code):
        departure = get_departure_for_user(request.user, code, "exits.edit")
        form = AlumniForm({k: request.data.get(k) for k in ("email", "phone", "consent_note")
                           if request.data.get(k) is not None})
        if not form.is_valid():
            raise form_errors(form)
        try:
            member = alumni.add_alumnus(departure, acting_user=request.user, email=form.cleaned_data["email"],
                                        phone=form.cleaned_data["phone"],
                                        consent_note=form.cleaned_data["consent_note"])
        except services.ExitError as exc:
            raise _exit_error(exc) from None
        return Response({"code": str(member.code), "departure": str(departure.code), "joined_at": member.joined_at},
                        status=status.HTTP_201_CREATED)
