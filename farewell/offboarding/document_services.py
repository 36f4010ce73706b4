"""Documents: DOCX templates (uploaded versions, the shipped defaults), generating a case's documents
(DOCX filled with plain strings, PDF by LibreOffice), each file's SHA-256 in the ledger; a batch for a
layoff as one background job with one LibreOffice process."""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from farewell.cases.models import FAULT_OR_NOTICE_GROUNDS, CaseType, SeparationCase
from farewell.cases.services import CASE_REOPENED, latest_run
from farewell.cases.services import LEDGER_TYPE as CASE_LEDGER_TYPE
from farewell.common.documents import DocumentError, docx_placeholders, docx_to_pdf_many, render_docx
from farewell.common.models import Job
from farewell.common.wording import Joined, Part, Words, in_each_language
from farewell.ledger.models import LedgerEntry
from farewell.ledger.services import record

from . import settlement_services
from .doc_context import cn_date, context_for, en_date
from .doc_kinds import KINDS, default_docx
from .models import DocumentTemplateVersion, GeneratedDocument, OffboardingSettings

TEMPLATE_LEDGER_TYPE = "offboarding.documenttemplate"
DOCUMENT_LEDGER_TYPE = "offboarding.document"
NON_COMPETE_MAX_MONTHS = 24           # LCL 24 ¶2: 不得超过二年
NON_COMPETE_MIN_SHARE = Decimal("0.3")  # 法释〔2020〕26号 第三十六条: 前十二个月平均工资的30%，且不低于最低工资
MUTUAL_TYPES = {CaseType.MUTUAL_EMPLOYER, CaseType.MUTUAL_EMPLOYEE}
# The employer's own decision to end the contract (LCL 39, 40, 41): the notice says 本单位决定与您解除 and names the
# arbitration route. Not for a mutual agreement (LCL 36): the signed agreement is its document, and a unilateral
# "decision" letter on file would read, if the agreement were never signed, as a dismissal without a ground.
DISMISSAL_GROUNDS = FAULT_OR_NOTICE_GROUNDS | {"economic_layoff"}


class TemplateRefused(Exception):
    """An upload that cannot be a template of its kind; `problems` lists why."""

    def __init__(self, problems: list[str]):
        super().__init__("；".join(problems))
        self.problems = problems


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def kinds_for(case: SeparationCase) -> list[str]:
    """The documents this case can have (a civil servant's: the 公务员法 letters, no labour-contract ones)."""
    if case.case_type == CaseType.CS_RESIGNATION:
        return ["cs_resignation_approval", "handover_confirmation", "settlement_sheet"]
    if case.case_type == CaseType.CS_DISMISSAL:
        return ["cs_dismissal_decision", "handover_confirmation", "settlement_sheet"]
    kinds = ["certificate"]
    if case.case_type in MUTUAL_TYPES:
        kinds.append("mutual_agreement")
    if case.ground in DISMISSAL_GROUNDS:
        kinds.append("dismissal_notice")
    if case.case_type in (CaseType.EXPIRY, CaseType.RETIREMENT):
        kinds.append("termination_notice")
    if case.ground in FAULT_OR_NOTICE_GROUNDS or case.ground == "economic_layoff":
        kinds.append("union_letter")
    if case.case_type == CaseType.RESIGNATION:
        kinds.append("resignation_receipt")
    kinds.append("handover_confirmation")
    kinds.append("settlement_sheet")
    return kinds


# --- templates -----------------------------------------------------------------------------------


def document_language(company) -> str:
    """The language the company's documents are generated in (a company setting; Chinese by default)."""
    return OffboardingSettings.for_company(company.pk).document_language


def current_template(company, kind: str, language: str | None = None) -> tuple[bytes, DocumentTemplateVersion | None]:
    """The newest uploaded version of `kind` for the company (in whatever language HR wrote it), else the
    shipped default in the company's document language."""
    version = DocumentTemplateVersion.objects.filter(company=company, kind=kind).order_by("-version").first()
    if version is None:
        return default_docx(kind, language or document_language(company)), None
    with version.file.open("rb") as handle:
        return handle.read(), version


def check_template(kind: str, data: bytes) -> set[str]:
    """The placeholders of an upload; TemplateRefused listing unknown and missing ones (or why it is no
    DOCX template at all)."""
    spec = KINDS[kind]
    try:
        used = docx_placeholders(data)
    except DocumentError as exc:
        raise TemplateRefused([_("不是有效的DOCX模板：%(e)s") % {"e": exc}]) from None
    problems = []
    unknown = sorted(used - spec.allowed)
    missing = sorted(spec.required - used)
    if unknown:
        problems.append(_("未知的占位符：%(list)s") % {"list": "、".join(unknown)})
    if missing:
        problems.append(_("缺少必需的占位符：%(list)s") % {"list": "、".join(missing)})
    if problems:
        raise TemplateRefused(problems)
    return used


def upload_template(company, kind: str, data: bytes, filename: str, *, acting_user) -> DocumentTemplateVersion:
    if kind not in KINDS:
        raise TemplateRefused([_("未知的文书类型")])
    used = check_template(kind, data)
    digest = sha256(data)
    with transaction.atomic():
        number = (DocumentTemplateVersion.objects.select_for_update().filter(company=company, kind=kind)
                  .aggregate(n=Max("version"))["n"] or 0) + 1
        version = DocumentTemplateVersion(company=company, kind=kind, version=number, original_name=filename[:200],
                                          sha256=digest, uploaded_by=acting_user)
        version.file.save(f"{kind}-v{number}.docx", ContentFile(data), save=False)
        version.save()
        record(TEMPLATE_LEDGER_TYPE, f"{company.code}:{kind}", {
            "company": company.code, "kind": kind, "version": number, "sha256": digest, "file_name": filename,
            "placeholders": sorted(used)}, actor=acting_user, event="document.template_uploaded")
    return version


# --- generating ----------------------------------------------------------------------------------


def check_agreement_options(case: SeparationCase, options: dict) -> list[str]:
    """LCL 23-24 and 法释〔2020〕26号 36: a non-compete lasts at most 2 years and pays monthly at least 30%
    of the last 12 months' average wage and at least the local minimum wage."""
    months, monthly = options.get("non_compete_months"), options.get("non_compete_monthly")
    if not months:
        return []
    problems = []
    if months > NON_COMPETE_MAX_MONTHS:
        problems.append(_("竞业限制期限不得超过二年（《劳动合同法》第二十四条）"))
    run = latest_run(case)
    data = run.input if run else {}
    wages = [Decimal(str(w)) for w in data.get("monthly_wages", [])]
    if monthly is None:
        problems.append(_("请填写竞业限制每月经济补偿"))
        return problems
    if wages:
        floor = (sum(wages) / len(wages) * NON_COMPETE_MIN_SHARE).quantize(Decimal("0.01"))
        if monthly < floor:
            problems.append(_("竞业限制补偿每月 %(m)s 元低于前十二个月平均工资的30%%（%(f)s 元）") % {"m": monthly, "f": floor})
    minimum = data.get("local_min_wage")
    if minimum is not None and monthly < Decimal(str(minimum)):
        problems.append(_("竞业限制补偿每月 %(m)s 元低于当地最低工资 %(f)s 元") % {"m": monthly, "f": minimum})
    return problems


def _empty_required(kind: str, context: dict) -> list[str]:
    return sorted(name for name in KINDS[kind].required if context.get(name) in (None, "", []))


def _refused(words: Part) -> DocumentError:
    """Why a document cannot be prepared: worded now for a page (str(exc)) and kept (`words`) for a batch job,
    which stores it and words it in its reader's language, not the worker's."""
    error = DocumentError(str(words))
    error.words = words
    return error


# A batch member's document that could not be prepared, as its job keeps it (worded when shown).
BATCH_DOCUMENT_REFUSED = gettext_noop("%(name)s %(kind)s：%(problem)s")


def prepare(case: SeparationCase, kind: str, options: dict | None = None, *,
            templates: dict | None = None) -> tuple[dict, bytes, DocumentTemplateVersion | None]:
    """Refusals first (a kind this case has no use for, a settlement sheet before approval, a non-compete
    the law does not allow, a field that would print empty), then the context (in the company's document
    language) and the template. `templates` caches the language and the templates across a batch."""
    if kind not in kinds_for(case):
        raise _refused(Words(gettext_noop("此案件不适用该文书")))
    if kind == "settlement_sheet" and settlement_services.frozen(case) is None:
        raise _refused(Words(gettext_noop("离职结算单批准后才能生成")))
    if kind == "mutual_agreement" and check_agreement_options(case, options or {}):
        raise _refused(in_each_language(lambda: "；".join(check_agreement_options(case, options or {}))))
    templates = {} if templates is None else templates
    if case.company_id not in templates:
        templates[case.company_id] = document_language(case.company)
    language = templates[case.company_id]
    context = context_for(case, kind, options, language)
    empty = _empty_required(kind, context)
    if empty:
        raise _refused(Words(gettext_noop("以下字段为空，文书不能生成：%(list)s"),
                             list=Joined(empty, mark="enumeration")))
    key = (case.company_id, kind)
    if key not in templates:
        templates[key] = current_template(case.company, kind, language)
    data, version = templates[key]
    return context, data, version


def _store(case: SeparationCase, kind: str, context: dict, template: bytes, version, docx: bytes, pdf: bytes, *,
           acting_user) -> GeneratedDocument:
    doc = GeneratedDocument(case=case, kind=kind, template_version=version, template_sha256=sha256(template),
                            docx_sha256=sha256(docx), pdf_sha256=sha256(pdf), context=context, created_by=acting_user)
    stamp = timezone.localtime().strftime("%Y%m%d%H%M%S")
    doc.docx.save(f"{kind}-{case.code}-{stamp}.docx", ContentFile(docx), save=False)
    doc.pdf.save(f"{kind}-{case.code}-{stamp}.pdf", ContentFile(pdf), save=False)
    doc.save()
    record(DOCUMENT_LEDGER_TYPE, doc.code, {
        "case": case.code, "document": doc.code, "kind": kind, "template_version": version.version if version else 0,
        "template_sha256": doc.template_sha256, "docx_sha256": doc.docx_sha256, "pdf_sha256": doc.pdf_sha256,
        "sha256": doc.pdf_sha256,  # the PDF's, as the evidence package's verifier reads it (ledger/package.py)
    }, actor=acting_user, event="document.generated")
    return doc


def certificate_early(case: SeparationCase) -> bool:
    """LCL 50 ¶1: the certificate is issued when the contract ends; before the separation date it is early."""
    return timezone.localdate() < case.separation_date


def early_certificate_message(case: SeparationCase) -> str:
    return _("解除或者终止劳动合同的证明应在合同解除或者终止时出具（《劳动合同法》第五十条第一款）。离职日为 %(day)s，"
             "此前合同仍在履行：提前生成的证明落款日期为离职日，请在当日交付；离职日如有变更，须重新生成。"
             ) % {"day": case.separation_date.isoformat()}


def generate(case: SeparationCase, kind: str, *, acting_user, options: dict | None = None,
             confirm_early: bool = False) -> GeneratedDocument:
    """One document: DOCX filled, PDF by LibreOffice, both stored and hashed into the ledger. A certificate
    before the separation date only when HR confirms it (`confirm_early`)."""
    if kind == "certificate" and certificate_early(case) and not confirm_early:
        raise DocumentError(early_certificate_message(case) + _("如确需提前准备，请勾选“确认提前生成离职证明”。"))
    context, template, version = prepare(case, kind, options)
    docx = render_docx(template, context)
    pdf = docx_to_pdf_many([("document", docx)])["document"]
    with transaction.atomic():
        return _store(case, kind, context, template, version, docx, pdf, acting_user=acting_user)


def generate_many(pairs: list[tuple[SeparationCase, str]], *, acting_user, job: Job | None = None) -> list[dict]:
    """Many documents through one LibreOffice process; `job` shows the progress (PDFs converted) and, in `result["seconds"]`, where the time went. Returns the problems of the documents that
    could not be prepared (the others are generated), kept as common.wording JSON for Job.errors."""
    clock = time.monotonic()
    seconds: dict[str, float] = {}

    def lap(phase: str) -> None:
        nonlocal clock
        now = time.monotonic()
        seconds[phase] = round(now - clock, 2)
        clock = now

    def progress(done: int) -> None:
        if job is not None:
            Job.objects.filter(pk=job.pk).update(done=done)

    prepared, problems, templates = [], [], {}
    for case, kind in pairs:
        try:
            prepared.append((case, kind, *prepare(case, kind, templates=templates)))
        except DocumentError as exc:
            problems.append(Words(BATCH_DOCUMENT_REFUSED, name=case.employee.name, kind=KINDS[kind].label,
                                  problem=getattr(exc, "words", str(exc))).as_json())
    total = len(prepared)
    if job is not None:
        Job.objects.filter(pk=job.pk).update(total=total, done=0, status=Job.Status.RUNNING)
    lap("prepare")
    docxs = [render_docx(template, context) for _case, _kind, context, template, _version in prepared]
    lap("render")
    # `done` counts the PDFs LibreOffice has written.
    pdfs = docx_to_pdf_many([(f"d{n}", docx) for n, docx in enumerate(docxs)],
                            progress=lambda done, _total: progress(done))
    lap("convert")
    with transaction.atomic():
        for n, (case, kind, context, template, version) in enumerate(prepared):
            _store(case, kind, context, template, version, docxs[n], pdfs[f"d{n}"], acting_user=acting_user)
    lap("store")
    if job is not None:
        Job.objects.filter(pk=job.pk).update(result={"seconds": seconds, "documents": total})
    return problems


def states_another_last_day(document: GeneratedDocument, case: SeparationCase) -> bool:
    """The document states a last day (its `last_day`, in Chinese or English) that is no longer the case's
    separation date: the date changed after it was generated. An early certificate (confirm_early) is also
    dated that day (doc_context.certificate_date), so it must be generated again (LCL 50 ¶1; the
    early-certificate warning says so); an agreement or notice names a day that no longer holds."""
    stated = (document.context or {}).get("last_day")
    day = case.separation_date
    return bool(stated) and day is not None and stated not in (cn_date(day), en_date(day))


def documents_of(case: SeparationCase) -> list[GeneratedDocument]:
    """The case's documents, newest first, each marked: `stale` when it states another last day than the case
    now has, `reissue` when it is the newest of its kind and stale (no newer one replaces it), `unfit` when the
    case's type is not offered its kind, `superseded` when it predates the case's latest 重新提交审批."""
    documents = list(case.offboarding_documents.select_related("created_by").prefetch_related("signatures")
                     .order_by("-created_at", "-id"))
    newest_seen = set()
    offered = set(kinds_for(case))
    reopened = reopened_at(case)
    for document in documents:
        document.superseded = superseded(document, reopened=reopened)
        # A kind this case is no longer offered (a mutual case's 解除劳动合同通知书 generated before 0cd0d54 refused
        # it): kept, and marked on the list so that nobody sends it.
        document.unfit = document.kind not in offered
        document.stale = states_another_last_day(document, case)
        document.reissue = document.stale and document.kind not in newest_seen
        newest_seen.add(document.kind)
    return documents


def marked(document: GeneratedDocument) -> GeneratedDocument:
    """`document` with its `stale`, `reissue` and `superseded` marks (documents_of sets them; a document just
    generated is the newest of its kind)."""
    if not hasattr(document, "stale"):
        document.stale = states_another_last_day(document, document.case)
        document.reissue = document.stale
    if not hasattr(document, "superseded"):
        document.superseded = superseded(document)
    return document


SUPERSEDED = gettext_noop("已失效：生成于重新提交审批之前，请重新生成")
_UNSET = object()


def reopened_at(case: SeparationCase) -> dt.datetime | None:
    """When the case was last taken back into review by 重新提交审批: its latest `case.reopen` ledger entry."""
    stamp = (LedgerEntry.objects.filter(object_type=CASE_LEDGER_TYPE, object_id=str(case.code), event=CASE_REOPENED)
             .order_by("-seq").values_list("timestamp", flat=True).first())
    if stamp is None:
        return None
    return dt.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.UTC)


def superseded(document: GeneratedDocument, *, reopened=_UNSET) -> bool:
    """The document was generated before the case's latest 重新提交审批: it states what the earlier round
    approved (an amount since changed, say), so it is listed as 已失效 and neither sent for e-signature nor
    recorded as signed on paper. `reopened` is reopened_at(document.case) when the caller has it already."""
    if reopened is _UNSET:
        reopened = reopened_at(document.case)
    return reopened is not None and document.created_at < reopened
