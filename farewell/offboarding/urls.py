from django.urls import path

from .views import config, documents, duties, former, handover, settlement, signatures

app_name = "offboarding"

urlpatterns = [
    path("", handover.index, name="index"),
    path("items/<uuid:code>/tick/", handover.item_tick, name="item_tick"),
    path("items/<uuid:code>/confirm/", handover.item_confirm, name="item_confirm"),
    path("items/<uuid:code>/return/", handover.item_return, name="item_return"),
    path("items/<uuid:code>/change/", handover.item_change, name="item_change"),
    path("items/<uuid:code>/wecom/", handover.item_wecom, name="item_wecom"),
    path("cases/<uuid:code>/items/add/", handover.item_add, name="item_add"),
    path("cases/<uuid:code>/prepare/", handover.case_prepare, name="case_prepare"),
    path("cases/<uuid:code>/settlement/", settlement.settlement_page, name="settlement"),
    path("cases/<uuid:code>/documents/", documents.document_generate, name="document_generate"),
    path("settlements/<uuid:code>/approve/", settlement.settlement_approve, name="settlement_approve"),
    path("settlements/<uuid:code>/revise/", settlement.settlement_revise, name="settlement_revise"),
    path("settlements/<uuid:code>/pay/", settlement.settlement_pay, name="settlement_pay"),
    path("documents/<uuid:code>/sign/", signatures.signature_send, name="signature_send"),
    path("documents/<uuid:code>/wet-signature/", signatures.signature_wet, name="signature_wet"),
    path("documents/<uuid:code>/<slug:fmt>/", documents.document_download, name="document_download"),
    path("signatures/<uuid:code>/signed/", signatures.signed_download, name="signed_download"),
    path("esign-fake/<slug:flow_id>/", signatures.fake_sign, name="fake_sign"),
    path("esign-fake/<slug:flow_id>/document.pdf", signatures.fake_sign_document, name="fake_sign_document"),
    path("layoff/<uuid:code>/documents/", documents.family_documents, name="family_documents"),
    path("jobs/<uuid:code>/", documents.job_status, name="job"),
    path("duties/<uuid:code>/done/", duties.duty_done, name="duty_done"),
    path("duties/<uuid:code>/waive/", duties.duty_waive, name="duty_waive"),
    path("former/", former.former_home, name="former_home"),
    path("former/documents/<uuid:code>/", former.former_download, name="former_download"),
    path("cases/<uuid:code>/former-access/", former.former_grant, name="former_grant"),
    path("cases/<uuid:code>/former-access/revoke/", former.former_revoke, name="former_revoke"),
    path("settings/", config.config, name="config"),
    path("settings/handover/new/", config.handover_template, name="handover_template_new"),
    path("settings/handover/<int:pk>/", config.handover_template, name="handover_template"),
    path("settings/documents/<slug:kind>/template.docx", config.template_download, name="template_download"),
    path("settings/documents/<slug:kind>/upload/", config.template_upload, name="template_upload"),
]
