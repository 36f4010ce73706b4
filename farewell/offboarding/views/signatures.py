"""Signatures: HR sends a document for e-signature or uploads a wet-signed scan; the employee signs on the
fake provider's page (when the fake is configured); HR and legal download the signed file."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from farewell.accounts import policy
from farewell.cases.access import get_case_for_user
from farewell.common.filenames import download_name

from .. import esign, esign_services
from ..access import get_document_for_user
from ..forms import TemplateUploadForm
from ..models import SignatureRequest, SignatureStatus
from ._common import back_to_case


@require_POST
def signature_send(request: HttpRequest, code) -> HttpResponse:
    document = get_document_for_user(request.user, code)
    get_case_for_user(request.user, document.case.code, "offboarding.manage")
    try:
        esign_services.send(document, acting_user=request.user)
    except esign_services.SignatureError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已发起电子签署，已通知员工"))
    return back_to_case(document.case)


@require_POST
def signature_wet(request: HttpRequest, code) -> HttpResponse:
    document = get_document_for_user(request.user, code)
    get_case_for_user(request.user, document.case.code, "offboarding.manage")
    form = TemplateUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请选择扫描件"))
        return back_to_case(document.case)
    upload = form.cleaned_data["file"]
    try:
        esign_services.upload_wet(document, upload.read(), upload.name, acting_user=request.user)
    except esign_services.SignatureError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已上传签字扫描件"))
    return back_to_case(document.case)


def _signer_request(request: HttpRequest, flow_id: str) -> SignatureRequest:
    """The fake provider's signer page is the signer's only: the employee the document is about."""
    policy.require(request.user, "portal.self")
    provider = esign.provider()
    if provider is None or provider.name != "fake":
        raise Http404
    try:
        sig = SignatureRequest.objects.select_related("document__case__employee").get(provider="fake", flow_id=flow_id)
    except (SignatureRequest.DoesNotExist, ValidationError, ValueError):
        raise Http404 from None
    if request.user.employee_id != sig.document.case.employee_id:
        raise Http404
    return sig


@require_http_methods(["GET", "POST"])
def fake_sign(request: HttpRequest, flow_id: str) -> HttpResponse:
    """The local fake's signer page: read, then sign or reject; the fake delivers its callback."""
    sig = _signer_request(request, flow_id)
    if request.method == "POST" and sig.status == SignatureStatus.SENT:
        body, headers = esign.provider().sign(flow_id, reject=request.POST.get("decision") == "reject")
        esign_services.receive_callback("fake", body, headers)
        messages.success(request, _("已提交"))
        return redirect("offboarding:fake_sign", flow_id=flow_id)
    sig.refresh_from_db()
    return render(request, "offboarding/fake_sign.html", {"sig": sig})


@require_GET
def fake_sign_document(request: HttpRequest, flow_id: str) -> HttpResponse:
    sig = _signer_request(request, flow_id)
    return FileResponse(sig.document.pdf.open("rb"), filename=download_name(f"{sig.document.file_label()}.pdf"))


@require_GET
def signed_download(request: HttpRequest, code) -> HttpResponse:
    try:
        sig = SignatureRequest.objects.select_related("document").get(code=code)
    except (SignatureRequest.DoesNotExist, ValidationError, ValueError):
        raise Http404 from None
    get_document_for_user(request.user, sig.document.code)
    if not sig.signed_file:
        raise Http404
    if not esign_services.verify(sig):
        raise PermissionDenied("the signed file does not match the ledger")
    return FileResponse(sig.signed_file.open("rb"), as_attachment=True,
                        filename=download_name(f"signed-{sig.document.file_label()}{sig.signed_file.name[-4:]}"))
