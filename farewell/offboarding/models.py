"""Offboarding: the handover checklist, the final settlement, the documents, the post-exit duties.

Everything here hangs off an approved (or acknowledged) separation case; the state changes live in
handover.py, settlement_services.py, document_services.py and duties.py (STYLE 2).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from farewell.cases.models import CaseType, SeparationCase
from farewell.org.models import Company, Employee, OrgUnit

from .doc_kinds import KINDS

# --- handover (工作交接) -------------------------------------------------------------------------


class HandoverCategory(models.TextChoices):
    WORK = "work", _("在办工作")
    CLIENTS = "clients", _("客户与合作方")
    ASSETS = "assets", _("设备与其他资产")
    ACCOUNTS = "accounts", _("账号与权限")
    DOCUMENTS = "documents", _("文件资料")
    WECOM = "wecom", _("企业微信客户与客户群")


class ReceiverKind(models.TextChoices):
    MANAGER = "manager", _("直线经理")
    HR = "hr", _("HR（案件发起人）")


class HandoverTemplate(models.Model):
    """A checklist template: for a company (null = the shipped default), a case type (blank = every
    type) and an org unit (null = every unit; a unit's template covers its subtree)."""

    company = models.ForeignKey(Company, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    case_type = models.CharField(_("案件类型"), max_length=20, choices=CaseType.choices, blank=True)
    org_unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.CASCADE, related_name="+",
                                 verbose_name=_("部门"))
    name = models.CharField(_("名称"), max_length=100)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        # One template per (company, case type, unit): handover.save_template keeps it so (NULLs are
        # distinct in a unique constraint on SQLite and older PostgreSQL).
        ordering = ["company_id", "case_type", "org_unit_id"]

    def __str__(self) -> str:
        return self.name


class HandoverTemplateItem(models.Model):
    template = models.ForeignKey(HandoverTemplate, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(_("顺序"))
    category = models.CharField(_("类别"), max_length=12, choices=HandoverCategory.choices)
    title = models.CharField(_("事项"), max_length=200)
    description = models.TextField(_("说明"), blank=True)
    receiver_kind = models.CharField(_("接收人"), max_length=10, choices=ReceiverKind.choices,
                                     default=ReceiverKind.MANAGER)
    working_days_before = models.PositiveSmallIntegerField(_("最后一天前几个工作日完成"), default=2)
    blocks_closing = models.BooleanField(_("未完成不得结案"), default=True)

    class Meta:
        ordering = ["template", "order"]


class ItemStatus(models.TextChoices):
    OPEN = "open", _("待交接")
    TICKED = "ticked", _("员工已完成，待接收人确认")
    RETURNED = "returned", _("接收人退回")
    CONFIRMED = "confirmed", _("接收人已确认")


class HandoverItem(models.Model):
    """One item of a case's checklist: the leaver hands it over, the receiver confirms (or returns it)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(SeparationCase, on_delete=models.CASCADE, related_name="handover_items")
    order = models.PositiveSmallIntegerField()
    category = models.CharField(_("类别"), max_length=12, choices=HandoverCategory.choices)
    title = models.CharField(_("事项"), max_length=200)
    description = models.TextField(_("说明"), blank=True)
    owner = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="+")  # the leaver
    receiver = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="handover_items_to_receive", verbose_name=_("接收人"))
    due_date = models.DateField(_("完成期限"))
    blocks_closing = models.BooleanField(_("未完成不得结案"), default=True)
    status = models.CharField(_("状态"), max_length=10, choices=ItemStatus.choices, default=ItemStatus.OPEN)
    owner_note = models.TextField(_("交接说明"), blank=True)
    ticked_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    return_comment = models.TextField(_("退回意见"), blank=True)
    last_reminded_on = models.DateField(null=True, blank=True)  # one reminder a day (the sweep)

    class Meta:
        ordering = ["case", "order"]
        indexes = [
            # The sweep: open items past their due date.
            models.Index(fields=["status", "due_date"], name="handover_status_due_idx"),
        ]


# --- final settlement (离职结算单) -----------------------------------------------------------------


class WageProration(models.TextChoices):
    STANDARD = "standard", _("按月计薪天数21.75天折算（劳社部发〔2008〕3号）")
    ACTUAL = "actual", _("按当月实际计薪天数折算")


class SeveranceScope(models.TextChoices):
    """Which lines count as one-off severance income (财税〔2018〕164号 第五条(一)); a named option."""

    COMPENSATION = "compensation", _("经济补偿、赔偿金、协商额外补偿（代通知金按工资薪金）")
    WITH_NOTICE_PAY = "with_notice_pay", _("经济补偿、赔偿金、协商额外补偿、代通知金")


class DocumentLanguage(models.TextChoices):
    """The language the shipped default templates and the filled-in values of generated documents are in."""

    CHINESE = "zh-hans", _("中文")
    ENGLISH = "en", _("英文")


class OffboardingSettings(models.Model):
    """A company's offboarding settings (one row per company; no row = the defaults)."""

    company = models.OneToOneField(Company, on_delete=models.CASCADE, related_name="+")
    wage_proration = models.CharField(_("最后一个月工资折算"), max_length=10, choices=WageProration.choices,
                                      default=WageProration.STANDARD)
    severance_scope = models.CharField(_("一次性补偿收入包含"), max_length=20, choices=SeveranceScope.choices,
                                       default=SeveranceScope.COMPENSATION)
    former_access_days = models.PositiveSmallIntegerField(_("离职人员下载本人文书的期限（最后一天后天数）"), default=180)
    # A company setting, not the reader's language: a document is one record, in the language the company
    # issues its documents in (Chinese unless it chose English). On-screen labels follow the reader's language.
    document_language = models.CharField(_("离职文书语言"), max_length=8, choices=DocumentLanguage.choices,
                                         default=DocumentLanguage.CHINESE)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    @classmethod
    def for_company(cls, company_id: int) -> OffboardingSettings:
        return cls.objects.filter(company_id=company_id).first() or cls(company_id=company_id)


class SettlementStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    FROZEN = "frozen", _("已批准（冻结）")
    SUPERSEDED = "superseded", _("已被新版本取代")


class Settlement(models.Model):
    """One version of a case's final settlement sheet. Frozen on approval (its canonical JSON hashed
    into the ledger); a later change is the next version, with a reason and a new approval."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(SeparationCase, on_delete=models.PROTECT, related_name="settlements")
    version = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(_("状态"), max_length=10, choices=SettlementStatus.choices,
                              default=SettlementStatus.DRAFT)
    reason = models.TextField(_("变更原因"), blank=True)
    # HR's inputs (the rest comes from the case, its engine run and the company settings).
    inputs = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    # The computed sheet: lines, totals, tax (settlement.compute_sheet), as recorded.
    sheet = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    sheet_sha256 = models.CharField(max_length=64, blank=True)
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["case", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["case", "version"], name="settlement_case_version_uniq"),
        ]


class Payment(models.Model):
    """A payment made on a frozen settlement: recorded once (and in the ledger)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    settlement = models.ForeignKey(Settlement, on_delete=models.PROTECT, related_name="payments")
    paid_on = models.DateField(_("支付日期"))
    amount = models.DecimalField(_("金额"), max_digits=12, decimal_places=2)
    reference = models.CharField(_("凭证号/流水号"), max_length=100)
    includes_compensation = models.BooleanField(_("含经济补偿"), default=True)
    late = models.BooleanField(default=False)  # paid after the last day (工资支付暂行规定 第九条)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["paid_on", "id"]


# --- documents ---------------------------------------------------------------------------------


class DocumentTemplateVersion(models.Model):
    """An uploaded DOCX template of one document kind (the newest is used; the shipped default when
    none). Every version is in the ledger."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("文书类型"), max_length=40)
    version = models.PositiveIntegerField(default=1)
    file = models.FileField(upload_to="offboarding/templates/%Y/%m/")
    original_name = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["company", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["company", "kind", "version"], name="doc_template_version_uniq"),
        ]


class GeneratedDocument(models.Model):
    """A document generated for a case: the DOCX and its PDF, each hashed into the ledger."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(SeparationCase, on_delete=models.PROTECT, related_name="offboarding_documents")
    kind = models.CharField(_("文书类型"), max_length=40)
    template_version = models.ForeignKey(DocumentTemplateVersion, null=True, blank=True, on_delete=models.PROTECT,
                                         related_name="+")  # null: the shipped default
    template_sha256 = models.CharField(max_length=64)
    docx = models.FileField(upload_to="offboarding/documents/%Y/%m/")
    docx_sha256 = models.CharField(max_length=64)
    pdf = models.FileField(upload_to="offboarding/documents/%Y/%m/", blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    context = models.JSONField(default=dict, encoder=DjangoJSONEncoder)  # the plain strings it was filled with
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "-created_at", "-id"]

    def get_kind_label(self) -> str:
        spec = KINDS.get(self.kind)
        return str(spec.label) if spec else self.kind

    def file_label(self) -> str:
        """The kind's name as a download's file name: the certificate's as its title reads (解除 or 终止, from
        the context it was filled with), and never a "/" (Django keeps only what follows the last one, so
        every certificate downloaded as "终止劳动合同证明书", a dismissal's too)."""
        end = (self.context or {}).get("end_kind")
        if self.kind == "certificate" and end in ("解除", "终止") and translation.get_language().startswith("zh"):
            return f"{end}劳动合同证明书"
        return self.get_kind_label().replace("/", "-")

    @property
    def signature_started(self) -> bool:
        """Sent for signature or signed (reads the page's prefetch of `signatures`)."""
        return any(s.status in ("sent", "signed") for s in self.signatures.all())


# --- after the last day ------------------------------------------------------------------------


class DutyKind(models.TextChoices):
    CERTIFICATE = "certificate", _("出具解除/终止劳动合同证明")
    FILE_TRANSFER = "file_transfer", _("办理档案转移手续")
    SI_TRANSFER = "si_transfer", _("办理社会保险关系转移手续")
    SI_STOP = "si_stop", _("社会保险减员（停缴）")
    HOUSING_FUND_STOP = "housing_fund_stop", _("住房公积金封存（停缴）")
    CONTRACT_RETENTION = "contract_retention", _("劳动合同文本归档（保存二年备查）")
    REHIRING_PRIORITY = "rehiring_priority", _("裁员人员优先招用登记（六个月）")


class DutyStatus(models.TextChoices):
    OPEN = "open", _("待办")
    DONE = "done", _("已完成")
    WAIVED = "waived", _("不适用（已说明理由）")


class PostExitDuty(models.Model):
    """A dated duty after the last day (LCL 50, 41); the case closes only when each is done or waived."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(SeparationCase, on_delete=models.CASCADE, related_name="post_exit_duties")
    kind = models.CharField(_("事项"), max_length=20, choices=DutyKind.choices)
    due_date = models.DateField(_("期限"))
    until_date = models.DateField(_("持续至"), null=True, blank=True)  # retention / rehiring priority end
    citation = models.CharField(_("依据"), max_length=200)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", verbose_name=_("负责人"))
    status = models.CharField(_("状态"), max_length=8, choices=DutyStatus.choices, default=DutyStatus.OPEN)
    note = models.TextField(_("说明"), blank=True)  # what was done, or why it does not apply
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    done_at = models.DateTimeField(null=True, blank=True)
    last_reminded_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["case", "due_date", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "kind"], name="duty_case_kind_uniq")]
        indexes = [
            # The sweep: open duties by due date.
            models.Index(fields=["status", "due_date"], name="duty_status_due_idx"),
        ]

    @property
    def shown_citation(self) -> str:
        """The citation in the reader's language. It is stored as its Chinese msgid (duties.CITATIONS);
        a text the catalog does not know is shown as stored."""
        return gettext(self.citation)


# --- signatures --------------------------------------------------------------------------------


class SignatureStatus(models.TextChoices):
    SENT = "sent", _("待签署")
    SIGNED = "signed", _("已签署")
    REJECTED = "rejected", _("已拒签")


class SignatureRequest(models.Model):
    """A document sent for signature through an e-signature provider (esign.py), or a wet-signed scan
    uploaded by HR (`provider` = "wet"). The signed PDF's SHA-256 is in the ledger."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    document = models.ForeignKey(GeneratedDocument, on_delete=models.PROTECT, related_name="signatures")
    provider = models.CharField(max_length=20)
    flow_id = models.CharField(max_length=100, blank=True)
    signer_url = models.CharField(max_length=300, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=SignatureStatus.choices, default=SignatureStatus.SENT)
    signed_file = models.FileField(upload_to="offboarding/signed/%Y/%m/", blank=True)
    signed_sha256 = models.CharField(max_length=64, blank=True)
    original_name = models.CharField(max_length=200, blank=True)  # a wet-signed scan's file name
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # One flow per provider flow id (a repeated callback finds the same request).
            models.UniqueConstraint(fields=["provider", "flow_id"], condition=~models.Q(flow_id=""),
                                    name="signature_provider_flow_uniq"),
        ]


class FormerAccess(models.Model):
    """A former employee's read-only login (its own User, no role, no employee link: the employment's login
    is deactivated at separation) to download their own documents until `expires_on`; every download is
    logged (AccessLog and the ledger)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.OneToOneField(SeparationCase, on_delete=models.PROTECT, related_name="former_access")
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="former_access")
    email = models.EmailField(_("个人邮箱"))
    expires_on = models.DateField(_("有效期至"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
