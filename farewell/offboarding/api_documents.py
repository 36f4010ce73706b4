"""/api/offboarding/: a case's documents (generate, list, download DOCX/PDF), signatures (e-signature, a
wet-signed scan, the signed file), a layoff batch's documents as one job, the former employee's own
downloads and HR's grant of them, and 离职办理 settings (handover templates, document templates) — the
pages' forms, services and access helpers (views/documents.py, signatures.py, former.py, config.py)."""

from __future__ import annotations

from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from farewell.accounts import policy
from farewell.accounts.permissions import policy_permission
from farewell.cases.access import cases_for
from farewell.cases.api_support import FILE_RESPONSES, FileRenderer
from farewell.cases.models import CaseFamily, CaseType
from farewell.common.api import NON_FIELD, form_errors, ui_download
from farewell.common.documents import DocumentError
from farewell.common.models import Job
from farewell.org.models import OrgUnit

from . import document_services, esign_services, former, handover, settlement_services, tasks
from .access import get_document_for_user
from .api import CODE, case_for, form_body, refused
from .doc_kinds import KINDS
from .forms import GenerateForm, HandoverTemplateForm, OffboardingSettingsForm
from .models import FormerAccess, GeneratedDocument, HandoverTemplate, OffboardingSettings, SignatureRequest
from .views import config as config_views
from .views import documents as document_views
from .views import signatures as signature_views

DOCX_PDF = OpenApiParameter("fmt", str, OpenApiParameter.PATH, enum=["docx", "pdf"])
KIND = OpenApiParameter("kind", str, OpenApiParameter.PATH, enum=list(KINDS))


# --- a case's documents ------------------------------------------------------------------------------


class SignatureRequestSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True)
    has_signed_file = serializers.SerializerMethodField()

    class Meta:
        model = SignatureRequest
        fields = ["code", "provider", "status", "signer_url", "created_at", "completed_at", "has_signed_file"]

    def get_has_signed_file(self, sig) -> bool:
        return bool(sig.signed_file)


class GeneratedDocumentSerializer(serializers.ModelSerializer):
    case = serializers.UUIDField(source="case.code", read_only=True)
    label = serializers.CharField(source="get_kind_label", read_only=True)
    created_by = serializers.CharField(source="created_by.username", default=None, read_only=True)
    signatures = SignatureRequestSerializer(many=True, read_only=True)
    stale = serializers.SerializerMethodField(
        help_text="it states a last day that is no longer the case's separation date (the date changed since)")
    needs_reissue = serializers.SerializerMethodField(
        help_text="stale and the newest of its kind: generate it again")
    superseded = serializers.SerializerMethodField(
        help_text="generated before the case's latest reopen (重新提交审批): not sent nor recorded as signed")

    class Meta:
        model = GeneratedDocument
        fields = ["code", "case", "kind", "label", "docx_sha256", "pdf_sha256", "template_sha256", "created_by",
                  "created_at", "signatures", "stale", "needs_reissue", "superseded"]

    def get_stale(self, document) -> bool:
        return document_services.marked(document).stale

    def get_needs_reissue(self, document) -> bool:
        return document_services.marked(document).reissue

    def get_superseded(self, document) -> bool:
        return document_services.marked(document).superseded


class DocumentGenerateRequest(serializers.Serializer):
    kind = serializers.ChoiceField(choices=list(KINDS))
    payment_date = serializers.DateField(required=False, allow_null=True)
    payment_method = serializers.CharField(required=False, allow_blank=True)
    non_compete_months = serializers.IntegerField(required=False, allow_null=True)
    non_compete_monthly = serializers.DecimalField(max_digits=12, decimal_places=2, required=False, allow_null=True)
    confirm_early = serializers.BooleanField(
        required=False, help_text="a certificate before the separation date (LCL 50 ¶1: issued when the contract "
                                  "ends) is generated only with true; it is dated the separation date")


@extend_schema(tags=["offboarding"], parameters=[CODE])
class CaseDocuments(APIView):
    """A case's generated documents, newest first (HR, legal, approvers in scope); POST generates one (HR):
    the DOCX filled from the template, its PDF, both hashed into the ledger."""

    permission_classes = [policy_permission("offboarding.documents")]

    @extend_schema(responses=GeneratedDocumentSerializer(many=True))
    def get(self, request, code):
        case = case_for(request.user, code, "offboarding.documents")
        return Response(GeneratedDocumentSerializer(document_services.documents_of(case), many=True).data)

    @extend_schema(request=DocumentGenerateRequest,
                   responses={201: GeneratedDocumentSerializer, 400: OpenApiTypes.OBJECT, 409: OpenApiTypes.OBJECT})
    def post(self, request, code):
        case = case_for(request.user, code, "offboarding.manage")
        form = GenerateForm({k: ("" if v is None else v) for k, v in form_body(request, GenerateForm).items()})
        if not form.is_valid():
            raise form_errors(form)
        kind, options = form.cleaned_data["kind"], form.options()
        if kind == "mutual_agreement":
            problems = document_services.check_agreement_options(case, options)
            if problems:  # the non-compete the law does not allow: the request's fault
                raise serializers.ValidationError({NON_FIELD: problems})
        try:
            document = document_services.generate(case, kind, acting_user=request.user, options=options,
                                                  confirm_early=form.cleaned_data["confirm_early"])
        except DocumentError as exc:
            return refused(_("%(kind)s 未生成：%(e)s") % {"kind": KINDS[kind].label, "e": exc})
        return Response(GeneratedDocumentSerializer(document).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["offboarding"], parameters=[CODE, DOCX_PDF], responses=FILE_RESPONSES,
               summary="A generated document as DOCX or PDF")
class DocumentDownload(APIView):
    permission_classes = [policy_permission("offboarding.documents")]
    renderer_classes = [JSONRenderer, FileRenderer]

    def get(self, request, code, fmt):
        return ui_download(document_views.document_download, request, code=code, fmt=fmt)


@extend_schema(tags=["offboarding"], parameters=[CODE], request=None,
               responses={201: SignatureRequestSerializer, 409: OpenApiTypes.OBJECT})
class SignatureSend(APIView):
    """Send the document to the employee for e-signature (when a provider is configured)."""

    permission_classes = [policy_permission("offboarding.manage")]

    def post(self, request, code):
        document = get_document_for_user(request.user, code)
        case_for(request.user, document.case.code, "offboarding.manage")
        try:
            sig = esign_services.send(document, acting_user=request.user)
        except esign_services.SignatureError as exc:
            return refused(exc)
        return Response(SignatureRequestSerializer(sig).data, status=status.HTTP_201_CREATED)


class WetSignatureRequest(serializers.Serializer):
    file = serializers.FileField(help_text="the signed paper's scan (PDF or image), multipart/form-data")


@extend_schema(tags=["offboarding"], parameters=[CODE], request={"multipart/form-data": WetSignatureRequest},
               responses={201: SignatureRequestSerializer, 400: OpenApiTypes.OBJECT, 409: OpenApiTypes.OBJECT})
class SignatureWet(APIView):
    """Upload the scan of the document signed on paper (its SHA-256 to the ledger)."""

    permission_classes = [policy_permission("offboarding.manage")]
    parser_classes = [MultiPartParser]

    def post(self, request, code):
        document = get_document_for_user(request.user, code)
        case_for(request.user, document.case.code, "offboarding.manage")
        body = WetSignatureRequest(data=request.data)
        body.is_valid(raise_exception=True)
        upload = body.validated_data["file"]
        try:
            sig = esign_services.upload_wet(document, upload.read(), upload.name, acting_user=request.user)
        except esign_services.Superseded as exc:
            return refused(exc)
        except esign_services.SignatureError as exc:
            raise serializers.ValidationError({"file": [str(exc)]}) from None
        return Response(SignatureRequestSerializer(sig).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["offboarding"], parameters=[OpenApiParameter("code", str, OpenApiParameter.PATH,
                                                                  description="the signature request's UUID code")],
               responses=FILE_RESPONSES, summary="The signed file (refused when it no longer matches the ledger)")
class SignedDownload(APIView):
    permission_classes = [policy_permission("offboarding.documents")]
    renderer_classes = [JSONRenderer, FileRenderer]

    def get(self, request, code):
        return ui_download(signature_views.signed_download, request, code=code)


# --- a layoff batch's documents: one background job ----------------------------------------------------------


class BatchDocumentsJobSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True)
    percent = serializers.IntegerField(read_only=True)
    errors = serializers.ListField(child=serializers.CharField(), source="shown_errors", read_only=True)
    result = serializers.JSONField(read_only=True)

    class Meta:
        model = Job
        fields = ["code", "title", "status", "total", "done", "percent", "errors", "result", "created_at",
                  "finished_at"]


@extend_schema(tags=["offboarding"], parameters=[CODE], request=None, responses={202: BatchDocumentsJobSerializer})
class BatchDocuments(APIView):
    """A layoff batch's notices and certificates, for every decided member in your scope, as one background
    job; follow it with GET /api/offboarding/jobs/<code>/."""

    permission_classes = [policy_permission("offboarding.manage")]

    def post(self, request, code):
        family = get_object_or_404(CaseFamily.objects.filter(company_id__in=policy.company_ids(request.user)),
                                   code=code)
        if not cases_for(request.user, "offboarding.manage").filter(family=family).exists():
            raise Http404
        job = Job.objects.create(kind=tasks.JOB_KIND, title=_("裁员批次文书：%(t)s") % {"t": family.title},
                                 created_by=request.user)
        tasks.family_documents.enqueue(job.pk, family.pk, request.user.pk)
        job.refresh_from_db()
        return Response(BatchDocumentsJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)


@extend_schema(tags=["offboarding"], parameters=[CODE], responses=BatchDocumentsJobSerializer)
class JobStatus(APIView):
    """The progress of a batch-documents job you started."""

    permission_classes = [policy_permission("offboarding.manage")]

    def get(self, request, code):
        job = get_object_or_404(Job, code=code, kind=tasks.JOB_KIND, created_by=request.user)
        return Response(BatchDocumentsJobSerializer(job).data)


# --- the former employee's own documents, and HR's grant ---------------------------------------------------------


class FormerOfferSerializer(serializers.Serializer):
    code = serializers.UUIDField(source="document.code")
    kind = serializers.CharField()
    signed = serializers.BooleanField()
    sha256 = serializers.CharField()
    filename = serializers.CharField()


class FormerHomeSerializer(serializers.Serializer):
    expires_on = serializers.DateField()
    documents = FormerOfferSerializer(many=True)
    settlement_sheet = serializers.JSONField(allow_null=True, help_text="the approved settlement sheet")
    agreement_unsigned = serializers.BooleanField(help_text="an agreement exists that nobody has signed yet")


@extend_schema(tags=["offboarding"], responses=FormerHomeSerializer)
class FormerHome(APIView):
    """A former employee's own documents (their read-only login, until it expires): 404 for anyone else."""

    permission_classes = [IsAuthenticated]

    def get(self, request):
        access = _former_access(request)
        offers = former.documents(access)
        frozen = settlement_services.frozen(access.case)
        return Response(FormerHomeSerializer({
            "expires_on": access.expires_on, "documents": offers, "settlement_sheet": frozen.sheet if frozen else None,
            "agreement_unsigned": former.agreement_unsigned(access.case, offers)}).data)


def _former_access(request) -> FormerAccess:
    access = former.active_access(request.user)
    if access is None:
        raise Http404
    return access


@extend_schema(tags=["offboarding"], parameters=[OpenApiParameter("code", str, OpenApiParameter.PATH,
                                                                  description="the document's UUID code")],
               responses={**FILE_RESPONSES, 409: OpenApiResponse(OpenApiTypes.OBJECT,
                                                                 description="the file no longer matches its hash")})
class FormerDownload(APIView):
    """One of the former employee's documents (the signed file when there is one); each download is in the
    access log and the ledger; a file that no longer matches its recorded SHA-256 is refused."""

    permission_classes = [IsAuthenticated]
    renderer_classes = [JSONRenderer, FileRenderer]

    def get(self, request, code):
        access = _former_access(request)
        offer = former.offer_for(access.case, code)
        if offer is None:
            raise Http404
        if not former.intact(offer):
            return refused(_("文件校验失败（与记录的SHA-256不符），未提供下载。请联系原单位人力资源部。"))
        former.log_download(access, offer)
        return FileResponse(former.open_offer(offer), as_attachment=True, filename=offer.filename)


class FormerGrantRequest(serializers.Serializer):
    email = serializers.EmailField(help_text="the person's personal e-mail: the set-password link goes there")


class FormerAccessSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True)

    class Meta:
        model = FormerAccess
        fields = ["code", "username", "email", "expires_on", "created_at", "revoked_at"]


@extend_schema(tags=["offboarding"], parameters=[CODE], request=FormerGrantRequest,
               responses={201: FormerAccessSerializer, 400: OpenApiTypes.OBJECT, 409: OpenApiTypes.OBJECT})
class FormerGrant(APIView):
    """Open the former employee's read-only download login (HR; the link goes to the personal e-mail)."""

    permission_classes = [policy_permission("offboarding.manage")]

    def post(self, request, code):
        case = case_for(request.user, code, "offboarding.manage")
        body = FormerGrantRequest(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            access = former.grant(case, body.validated_data["email"].strip(), acting_user=request.user)
        except former.FormerAccessError as exc:
            return refused(exc)
        return Response(FormerAccessSerializer(access).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["offboarding"], parameters=[CODE], request=None, responses={200: FormerAccessSerializer})
class FormerRevoke(APIView):
    """Stop the former employee's download login."""

    permission_classes = [policy_permission("offboarding.manage")]

    def post(self, request, code):
        case = case_for(request.user, code, "offboarding.manage")
        access = FormerAccess.objects.filter(case=case).select_related("user", "case").first()
        if access is None:
            raise Http404
        former.revoke(access, acting_user=request.user)
        access.refresh_from_db()
        return Response(FormerAccessSerializer(access).data)


# --- 设置 › 离职办理 (the HR admin) ----------------------------------------------------------------------


class OffboardingSettingsSerializer(serializers.ModelSerializer):
    class Meta:
        model = OffboardingSettings
        fields = ["wage_proration", "severance_scope", "former_access_days", "document_language"]


@extend_schema(tags=["settings"])
class Settings(APIView):
    """The company's offboarding settings (last month's wage proration, what counts as severance income, the
    former employee's download period, the documents' language); PUT changes them (to the ledger)."""

    permission_classes = [policy_permission("offboarding.configure")]

    @extend_schema(responses=OffboardingSettingsSerializer)
    def get(self, request):
        company = config_views._company(request)
        return Response(OffboardingSettingsSerializer(OffboardingSettings.for_company(company.pk)).data)

    @extend_schema(request=OffboardingSettingsSerializer,
                   responses={200: OffboardingSettingsSerializer, 400: OpenApiTypes.OBJECT})
    def put(self, request):
        company = config_views._company(request)
        row = OffboardingSettings.for_company(company.pk)
        form = OffboardingSettingsForm(form_body(request, OffboardingSettingsForm), instance=row)
        if not form.is_valid():
            raise form_errors(form)
        row = settlement_services.save_settings(form.save(commit=False), acting_user=request.user)
        return Response(OffboardingSettingsSerializer(row).data)


class HandoverTemplateItemSerializer(serializers.Serializer):
    category = serializers.CharField()
    title = serializers.CharField()
    working_days_before = serializers.IntegerField()
    receiver_kind = serializers.CharField(help_text="manager or hr")
    blocks_closing = serializers.BooleanField()


class HandoverTemplateSerializer(serializers.ModelSerializer):
    case_type = serializers.CharField(read_only=True)
    org_unit = serializers.IntegerField(source="org_unit_id", allow_null=True, read_only=True)
    shipped_default = serializers.SerializerMethodField()
    items = HandoverTemplateItemSerializer(many=True, read_only=True)

    class Meta:
        model = HandoverTemplate
        fields = ["id", "name", "case_type", "org_unit", "shipped_default", "items", "updated_at"]

    def get_shipped_default(self, template) -> bool:
        return template.company_id is None


class HandoverTemplateRequest(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    case_type = serializers.CharField(required=False, allow_blank=True, help_text="blank: every case type")
    org_unit = serializers.IntegerField(required=False, allow_null=True, help_text="blank: every unit (a subtree)")
    items = serializers.CharField(help_text="one item a line: 类别|事项|最后一天前几个工作日|manager/hr|是/否 "
                                            "(the settings page's format)")


def _save_template(request, company, template=None) -> Response:
    data = form_body(request, HandoverTemplateForm)
    if data.get("org_unit") is None:
        data["org_unit"] = ""
    units = OrgUnit.objects.filter(company=company).order_by("path")
    form = HandoverTemplateForm(data, case_types=CaseType.choices, units=units)
    if not form.is_valid():
        raise form_errors(form)
    c = form.cleaned_data
    unit = OrgUnit.objects.filter(company=company, pk=c["org_unit"]).first() if c["org_unit"] else None
    try:
        saved = handover.save_template(acting_user=request.user, company=company, case_type=c["case_type"] or "",
                                       org_unit=unit, name=c["name"], items=c["items"], template=template)
    except handover.HandoverError as exc:
        raise serializers.ValidationError({NON_FIELD: [str(exc)]}) from None
    return Response(HandoverTemplateSerializer(HandoverTemplate.objects.prefetch_related("items").get(pk=saved.pk))
                    .data, status=status.HTTP_200_OK if template else status.HTTP_201_CREATED)


@extend_schema(tags=["settings"])
class HandoverTemplates(APIView):
    """Handover checklist templates: the company's and the shipped default; POST creates one."""

    permission_classes = [policy_permission("offboarding.configure")]

    @extend_schema(responses=HandoverTemplateSerializer(many=True))
    def get(self, request):
        company = config_views._company(request)
        templates = HandoverTemplate.objects.filter(Q(company=company) | Q(company__isnull=True)).prefetch_related(
            "items").order_by("company_id", "case_type", "pk")
        return Response(HandoverTemplateSerializer(templates, many=True).data)

    @extend_schema(request=HandoverTemplateRequest,
                   responses={201: HandoverTemplateSerializer, 400: OpenApiTypes.OBJECT})
    def post(self, request):
        return _save_template(request, config_views._company(request))


@extend_schema(tags=["settings"], parameters=[OpenApiParameter("pk", int, OpenApiParameter.PATH)])
class HandoverTemplateDetail(APIView):
    """One of the company's templates; PUT replaces its name, scope and items (to the ledger)."""

    permission_classes = [policy_permission("offboarding.configure")]

    @extend_schema(responses=HandoverTemplateSerializer)
    def get(self, request, pk):
        company = config_views._company(request)
        return Response(HandoverTemplateSerializer(
            get_object_or_404(HandoverTemplate.objects.prefetch_related("items"), pk=pk, company=company)).data)

    @extend_schema(request=HandoverTemplateRequest,
                   responses={200: HandoverTemplateSerializer, 400: OpenApiTypes.OBJECT})
    def put(self, request, pk):
        company = config_views._company(request)
        return _save_template(request, company, get_object_or_404(HandoverTemplate, pk=pk, company=company))


DOCX_RESPONSES = {
    (200, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"):
        OpenApiResponse(OpenApiTypes.BINARY, description="the template in force (the newest upload, else the default)"),
}


@extend_schema(tags=["settings"], parameters=[KIND], responses=DOCX_RESPONSES)
class DocumentTemplateDownload(APIView):
    """A document kind's DOCX template in force, to edit in Word."""

    permission_classes = [policy_permission("offboarding.configure")]
    renderer_classes = [JSONRenderer, FileRenderer]

    def get(self, request, kind):
        return ui_download(config_views.template_download, request, kind=kind)


class DocumentTemplateUploadRequest(serializers.Serializer):
    file = serializers.FileField(help_text="the DOCX template (multipart/form-data)")


class DocumentTemplateVersionSerializer(serializers.Serializer):
    kind = serializers.CharField()
    version = serializers.IntegerField()
    sha256 = serializers.CharField()
    original_name = serializers.CharField()


@extend_schema(tags=["settings"], parameters=[KIND], request={"multipart/form-data": DocumentTemplateUploadRequest},
               responses={201: DocumentTemplateVersionSerializer, 400: OpenApiTypes.OBJECT})
class DocumentTemplateUpload(APIView):
    """Upload a new version of a document kind's template: refused (400 on `file`, each problem named) when
    it uses an unknown placeholder or misses a required one."""

    permission_classes = [policy_permission("offboarding.configure")]
    parser_classes = [MultiPartParser, JSONParser]

    def post(self, request, kind):
        company = config_views._company(request)
        if kind not in KINDS:
            raise Http404
        body = DocumentTemplateUploadRequest(data=request.data)
        body.is_valid(raise_exception=True)
        upload = body.validated_data["file"]
        try:
            version = document_services.upload_template(company, kind, upload.read(), upload.name,
                                                        acting_user=request.user)
        except document_services.TemplateRefused as exc:
            raise serializers.ValidationError({"file": exc.problems}) from None
        return Response(DocumentTemplateVersionSerializer(version).data, status=status.HTTP_201_CREATED)
