"""Civil servants (公务员法 2018, rule pack CN-civil-service) are not labour-contract staff.

What a civil-service case adds to the engine's result (law/civil_service.py), as the case workflow
reads it: the CSL 86 conditions under which a resignation may not be approved and the CSL 89 bars to
a dismissal, each a checklist item HR answers yes or no (with evidence); the CSL 85 approval period of
a resignation (30 days, 90 for a leading member) with its reminder; the written 辞退决定 (CSL 90); what
the person receives under the rules that apply. No LCL warning, policy cap, negotiation ceiling or
compensation line is made for these cases (services._app_checks hands them to `checks`).

The quoted items are the statute's own words (公务员法 2018 第八十五、八十六、八十八至九十一条).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from farewell.common.notifications import notify
from farewell.common.wording import Words
from farewell.org.holidays import work_calendar
from farewell.org.models import Jurisdiction
from farewell.records import periods
from farewell.records.models import PerformanceReview

from . import workflow
from .civil_service_models import ApprovalReminder, CivilServiceAnswer, DeliveryMethod, DeliveryReminder
from .models import (
    CASE_GROUNDS,
    CIVIL_SERVICE_TYPES,
    CaseStatus,
    CaseStep,
    CaseType,
    SeparationCase,
    StepStatus,
)

CSL = "《公务员法》"

# CSL 85: the organ answers within 30 days of receiving the written application, 90 for a leading member.
# Calendar days; the day of receipt is not counted (民法典 第二百零一条).
APPROVAL_DAYS = 30
LEADING_MEMBER_APPROVAL_DAYS = 90
# The sweep reminds from this many days before the approval period ends, once a day, until it is decided.
REMIND_DAYS_BEFORE = 7

RESIGNATION_ARTICLE_TEXT = gettext_lazy(
    "公务员辞去公职，应当向任免机关提出书面申请。任免机关应当自接到申请之日起三十日内予以审批，"
    "其中对领导成员辞去公职的申请，应当自接到申请之日起九十日内予以审批。")
HANDOVER_TEXT = gettext_lazy("公务员辞职或者被辞退，离职前应当办理公务交接手续，必要时按照规定接受审计。")
DECISION_TEXT = gettext_lazy(
    "辞退公务员，按照管理权限决定。辞退决定应当以书面形式通知被辞退的公务员，并应当告知辞退依据和理由。")
DISMISSAL_PAY_TEXT = gettext_lazy("被辞退的公务员，可以领取辞退费或者根据国家有关规定享受失业保险。")

# 公务员辞退规定 (中共中央组织部、人力资源社会保障部) 第十条: the 辞退公务员通知书 is delivered to the person
# within 10 working days of the decision. Working days (DESIGN: the holiday table HR keeps included); the
# day of the decision is not counted, so the limit is the 10th working day after it (day 10 on time, day 11
# late). One source only for the text (see the report of issue 16); the article number is as that source gives it.
DELIVERY_RULE = "《公务员辞退规定》第十条"
DELIVERY_WORKING_DAYS = 10
DELIVERY_RULE_TEXT = gettext_lazy("《辞退公务员通知书》应当在作出辞退决定后10个工作日内送达本人。")
# The sweep reminds from this many working days before the limit, once a day, until it is delivered.
DELIVERY_REMIND_WORKING_DAYS = 3


@dataclass(frozen=True)
class Item:
    """One checklist item: its code, the article and item it quotes, the statute's words."""

    code: str
    article: str
    text: str


# CSL 86: 公务员有下列情形之一的，不得辞去公职：
RESIGNATION_BARS = (
    Item("min_service", CSL + "第八十六条第一项", gettext_lazy("未满国家规定的最低服务年限的")),
    Item("secrets_post", CSL + "第八十六条第二项",
         gettext_lazy("在涉及国家秘密等特殊职位任职或者离开上述职位不满国家规定的脱密期限的")),
    Item("unfinished_business", CSL + "第八十六条第三项", gettext_lazy("重要公务尚未处理完毕，且须由本人继续处理的")),
    Item("under_investigation", CSL + "第八十六条第四项",
         gettext_lazy("正在接受审计、纪律审查、监察调查，或者涉嫌犯罪，司法程序尚未终结的")),
    Item("other_law", CSL + "第八十六条第五项", gettext_lazy("法律、行政法规规定的其他不得辞去公职的情形")),
)

# CSL 89: 对有下列情形之一的公务员，不得辞退：
DISMISSAL_BARS = (
    Item("disabled_on_duty", CSL + "第八十九条第一项", gettext_lazy("因公致残，被确认丧失或者部分丧失工作能力的")),
    Item("medical_period", CSL + "第八十九条第二项", gettext_lazy("患病或者负伤，在规定的医疗期内的")),
    Item("pregnancy_maternity_nursing", CSL + "第八十九条第三项", gettext_lazy("女性公务员在孕期、产假、哺乳期内的")),
    Item("other_law", CSL + "第八十九条第四项", gettext_lazy("法律、行政法规规定的其他不得辞退的情形")),
)

# CSL 89 bars the records can show (org.StatusPeriod kinds): a "no" to these is refused while one is on file.
RECORDED_BARS = {
    "disabled_on_duty": ("work_injury",),
    "medical_period": ("medical_period",),
    "pregnancy_maternity_nursing": ("pregnancy", "maternity", "nursing"),
}

# CSL 88: 公务员有下列情形之一的，予以辞退 — the engine's ground codes (models.CASE_GROUNDS) and their items.
DISMISSAL_GROUNDS = {
    "cs_dismissal_two_years_incompetent": Item(
        "cs_dismissal_two_years_incompetent", CSL + "第八十八条第一项",
        gettext_lazy("在年度考核中，连续两年被确定为不称职的")),
    "cs_dismissal_refuses_other_post": Item(
        "cs_dismissal_refuses_other_post", CSL + "第八十八条第二项", gettext_lazy("不胜任现职工作，又不接受其他安排的")),
    "cs_dismissal_refuses_restructuring": Item(
        "cs_dismissal_refuses_restructuring", CSL + "第八十八条第三项",
        gettext_lazy("因所在机关调整、撤销、合并或者缩减编制员额需要调整工作，本人拒绝合理安排的")),
    "cs_dismissal_discipline": Item(
        "cs_dismissal_discipline", CSL + "第八十八条第四项",
        gettext_lazy("不履行公务员义务，不遵守法律和公务员纪律，经教育仍无转变，不适合继续在机关工作，又不宜给予开除处分的")),
    "cs_dismissal_absence": Item(
        "cs_dismissal_absence", CSL + "第八十八条第五项",
        gettext_lazy("旷工或者因公外出、请假期满无正当理由逾期不归连续超过十五天，或者一年内累计超过三十天的")),
}

# The records' rating scale (records.Rating, S–D) carries the four grades of a civil servant's annual
# assessment (优秀、称职、基本称职、不称职) as A–D; S is not used for civil servants.
ANNUAL_GRADES = {"S": gettext_lazy("优秀"), "A": gettext_lazy("优秀"), "B": gettext_lazy("称职"),
                 "C": gettext_lazy("基本称职"), "D": gettext_lazy("不称职")}
INCOMPETENT_RATING = "D"
ANNUAL_REVIEWS_SHOWN = 3

# Statuses in which HR may still answer the checklist (as the facts: services.FACTS_EDITABLE_STATUSES).
ANSWER_STATUSES = frozenset({CaseStatus.DRAFT, CaseStatus.IN_REVIEW})
# The 辞退决定 is made by the approval; it is delivered afterwards, before the case closes.
DELIVERY_STATUSES = frozenset({CaseStatus.APPROVED, CaseStatus.IN_HANDOVER})


def checklist_for(case: SeparationCase) -> tuple[Item, ...]:
    if case.case_type == CaseType.CS_RESIGNATION:
        return RESIGNATION_BARS
    if case.case_type == CaseType.CS_DISMISSAL:
        return DISMISSAL_BARS
    return ()


def item_for(case: SeparationCase, code: str) -> Item | None:
    return next((i for i in checklist_for(case) if i.code == code), None)


def latest_answers(case: SeparationCase) -> dict[str, CivilServiceAnswer]:
    """The answer that counts for each item (the latest row; answers are never edited)."""
    latest: dict[str, CivilServiceAnswer] = {}
    for row in CivilServiceAnswer.objects.filter(case=case).select_related("answered_by").order_by(
            "item", "-answered_at", "-id"):
        latest.setdefault(row.item, row)
    return latest


def unanswered(case: SeparationCase, answers: dict | None = None) -> list[Item]:
    answers = latest_answers(case) if answers is None else answers
    return [i for i in checklist_for(case) if i.code not in answers]


# --- the checks (shaped like the engine's violations) -----------------------------------------


def _bar_message(case: SeparationCase, item: Item) -> str:
    if case.case_type == CaseType.CS_RESIGNATION:
        return _("不得批准辞去公职：%(text)s") % {"text": item.text}
    return _("不得辞退：%(text)s") % {"text": item.text}


def annual_reviews(employee, *, limit: int = ANNUAL_REVIEWS_SHOWN) -> list[PerformanceReview]:
    """The civil servant's annual assessments (年度考核), newest first."""
    return list(PerformanceReview.objects.filter(employee=employee, period_kind=periods.YEAR).order_by(
        "-period_start")[:limit])


def annual_grade(review: PerformanceReview) -> str:
    grade = ANNUAL_GRADES.get(review.rating)
    return str(grade) if grade is not None else _("未记录等次")


def annual_review_text(review: PerformanceReview) -> str:
    text = _("%(year)s年度考核：%(grade)s") % {"year": review.period_start.year, "grade": annual_grade(review)}
    if review.rating:
        text += _("（记录等级 %(rating)s）") % {"rating": review.rating}
    return text


def two_years_incompetent(reviews: list[PerformanceReview]) -> bool:
    """CSL 88(1): the two latest annual assessments are of consecutive years and both 不称职."""
    if len(reviews) < 2:
        return False
    latest, before = reviews[0], reviews[1]
    return (latest.period_start.year - before.period_start.year == 1
            and latest.rating == INCOMPETENT_RATING and before.rating == INCOMPETENT_RATING)


def checks(case: SeparationCase) -> list[dict]:
    """The civil-service case's own checks: a "yes" on a CSL 86 / CSL 89 item blocks (severity violation,
    the article cited); CSL 88(1) without two consecutive 不称职 annual assessments on record warns."""
    result = []
    answers = latest_answers(case)
    for item in checklist_for(case):
        row = answers.get(item.code)
        if row is not None and row.answer:
            result.append({"code": f"cs_bar_{item.code}", "severity": "violation", "article": item.article,
                           "message": _bar_message(case, item)})
    if case.ground == "cs_dismissal_two_years_incompetent":
        reviews = annual_reviews(case.employee, limit=2)
        if not two_years_incompetent(reviews):
            found = "；".join(annual_review_text(r) for r in reviews) or _("没有年度考核记录")
            result.append({
                "code": "cs_annual_reviews_do_not_show_two_years", "severity": "warning",
                "article": DISMISSAL_GROUNDS[case.ground].article,
                "message": _("年度考核记录不能证明“连续两年被确定为不称职”：%(found)s。请核对考核结果后再提交。")
                % {"found": found},
            })
    return result


# --- gates (the workflow refuses with these messages) -----------------------------------------


def _unanswered_message(case: SeparationCase, missing: list[Item]) -> str:
    article = CSL + ("第八十六条" if case.case_type == CaseType.CS_RESIGNATION else "第八十九条")
    return _("请先逐项回答%(article)s所列情形（尚有 %(n)s 项未回答：%(items)s）。") % {
        "article": article, "n": len(missing), "items": "；".join(str(i.text) for i in missing)}


def submit_refusal(case: SeparationCase) -> str:
    """Why a civil-service case may not be submitted yet ("" = it may): every checklist item answered;
    a dismissal states its basis and reasons (CSL 90) and no CSL 89 bar holds (a bar blocks like a
    protected status). A resignation with a CSL 86 "yes" goes to the organ, which must not approve it."""
    if not case.is_civil_service:
        return ""
    answers = latest_answers(case)
    missing = unanswered(case, answers)
    if missing:
        return _unanswered_message(case, missing)
    if case.case_type == CaseType.CS_DISMISSAL:
        if not (case.reason or "").strip():
            return _("请填写辞退依据和理由：辞退决定应当告知辞退依据和理由（《公务员法》第九十条）。")
        bars = [i for i in DISMISSAL_BARS if answers[i.code].answer]
        if bars:
            return "；".join(f"{_bar_message(case, i)}（{i.article}）" for i in bars) + "。"
    return ""


def approval_refusal(case: SeparationCase) -> str:
    """Every approval of a civil-service case needs every item answered ("yes" answers block through
    the engine re-run: `checks`)."""
    if not case.is_civil_service:
        return ""
    missing = unanswered(case)
    return _unanswered_message(case, missing) if missing else ""


# --- the 辞退决定's delivery limit (公务员辞退规定 第十条) --------------------------------------


def delivery_due_for(decided_on: dt.date) -> dt.date:
    """The last day to deliver a 辞退决定 made on `decided_on`: its 10th working day after."""
    return work_calendar().add_working_days(decided_on, DELIVERY_WORKING_DAYS)


def approval_fields(case: SeparationCase, today: dt.date) -> dict:
    """What the approval of a case sets on it: a 辞退 case's decision is made by the approval, which starts
    the delivery limit (services._transition)."""
    if case.case_type != CaseType.CS_DISMISSAL:
        return {}
    return {"decision_date": today, "delivery_due": delivery_due_for(today)}


def delivery_refusal(case: SeparationCase, *, decided_on: dt.date, delivered_on: dt.date, note: str) -> tuple[str, dt.date, bool]:
    """(refusal or "", the limit, late?) for recording a delivery: the decision date is the approval's; a
    delivery after the limit is recorded as late only with the reason for the delay."""
    if case.decision_date is not None and decided_on != case.decision_date:
        return _("辞退决定于 %(day)s 经批准作出，作出日期应为 %(day)s") % {"day": case.decision_date}, None, False
    due = case.delivery_due or delivery_due_for(decided_on)
    late = delivered_on > due
    if late and not (note or "").strip():
        return _("逾期送达：%(rule)s规定在作出辞退决定后%(n)s个工作日内（%(due)s 前）送达本人；"
                 "%(given)s 送达已逾期，请在说明中写明逾期原因后再记录。") % {
            "rule": DELIVERY_RULE, "n": DELIVERY_WORKING_DAYS, "due": due, "given": delivered_on}, due, late
    return "", due, late


def remind_deliveries(*, today: dt.date) -> int:
    """The sweep: remind HR of each approved 辞退 whose decision is not yet delivered, from
    DELIVERY_REMIND_WORKING_DAYS working days before the limit (and every day once it has passed), once per
    case per day. Returns how many notifications were created."""
    calendar = work_calendar()
    horizon = calendar.add_working_days(today, DELIVERY_REMIND_WORKING_DAYS)
    candidates = SeparationCase.objects.filter(
        case_type=CaseType.CS_DISMISSAL, status__in=DELIVERY_STATUSES, delivery_due__lte=horizon,
        decision_deliveries__isnull=True,
    ).select_related("employee__org_unit", "company").order_by("pk")
    sent = 0
    for case in candidates.iterator(chunk_size=500):
        try:
            with transaction.atomic():
                DeliveryReminder.objects.create(case=case, day=today)  # unique (case, day): the idempotence
                sent += _notify_delivery(workflow.hr_users_for(case), case, today, calendar)
        except IntegrityError:
            continue  # already reminded today
    return sent


def _notify_delivery(users, case: SeparationCase, today: dt.date, calendar) -> int:
    due = case.delivery_due
    if due == today:
        subject = Words(gettext_noop("辞退决定送达期限：%(name)s（今天 %(due)s 截止）"), name=case.employee.name, due=due)
    elif due > today:
        left = calendar.working_days_between(today + timedelta(days=1), due)
        subject = Words(gettext_noop("辞退决定送达期限：%(name)s（%(due)s 截止，还有 %(n)s 个工作日）"),
                        name=case.employee.name, due=due, n=left)
    else:
        subject = Words(gettext_noop("辞退决定送达已逾期：%(name)s（期限 %(due)s）"), name=case.employee.name, due=due)
    body = Words(gettext_noop("辞退决定于 %(day)s 作出。%(text)s（%(rule)s）送达后请在案件页记录送达日期、方式和凭证。"),
                 day=case.decision_date, text=DELIVERY_RULE_TEXT, rule=DELIVERY_RULE)
    seen = set()
    for user in users:
        if user is None or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        notify(user, subject, body, link=reverse("cases:case_detail", args=[case.code]))
    return len(seen)


def close_refusal(case: SeparationCase) -> str:
    """A dismissal closes only once the written decision has been delivered (CSL 90)."""
    if case.case_type == CaseType.CS_DISMISSAL and not case.decision_deliveries.exists():
        return _("辞退决定尚未书面送达本人（《公务员法》第九十条）：请先记录送达日期、方式和送达凭证。")
    return ""


def case_types_for(employee) -> list[str]:
    """The case types that apply to this employee's kind (DESIGN: the rule pack follows the employment
    type): a civil servant's 公务员法 types, everyone else's labour-contract types."""
    civil = employee.rule_pack == Jurisdiction.CIVIL_SERVICE
    return [value for value in CaseType.values if (value in CIVIL_SERVICE_TYPES) == civil]


def type_refusal(employee, case_type: str) -> str:
    """Why `case_type` cannot be opened for this employee ("" when it can)."""
    if case_type in case_types_for(employee):
        return ""
    if case_type in CIVIL_SERVICE_TYPES:
        return _("“%(type)s”只适用于公务员（含参照公务员法管理人员）：该员工的用工类型是“%(kind)s”") % {
            "type": CaseType(case_type).label, "kind": employee.get_employment_type_display()}
    return _("“%(type)s”适用于劳动合同用工：该员工是公务员，请用“公务员辞去公职”或“公务员辞退”") % {
        "type": CaseType(case_type).label}


def money_refusal(case_type: str, *, extra=None, demand=None) -> str:
    """No negotiated extra and no demand on a civil-service case: there is no compensation to negotiate
    (the 辞退费 follows the state's and the local rules, CSL 90 ¶2)."""
    if case_type not in (CaseType.CS_DISMISSAL, CaseType.CS_RESIGNATION):
        return ""
    if extra or demand:
        return _("公务员辞去公职或辞退不适用协商额外补偿或诉求金额：辞退费或失业保险按国家和本地规定办理"
                 "（《公务员法》第九十条第二款）。")
    return ""


# --- the CSL 85 approval period --------------------------------------------------------------


def approval_days(case: SeparationCase) -> int:
    return LEADING_MEMBER_APPROVAL_DAYS if case.leading_member else APPROVAL_DAYS


def approval_due(case: SeparationCase) -> dt.date | None:
    """The last day for the organ to answer the application (CSL 85); None without the receipt date."""
    if case.case_type != CaseType.CS_RESIGNATION or case.notice_date is None:
        return None
    return case.notice_date + timedelta(days=approval_days(case))


# The application is undecided while the case is a draft or in review.
UNDECIDED_STATUSES = (CaseStatus.DRAFT, CaseStatus.IN_REVIEW)


def remind_approval_periods(*, today: dt.date) -> int:
    """The sweep: remind HR and whoever holds the active step of a resignation still undecided when its
    approval period ends within REMIND_DAYS_BEFORE days (or has ended), once per case per day. Returns how
    many notifications were created."""
    latest_receipt = today - timedelta(days=APPROVAL_DAYS - REMIND_DAYS_BEFORE)
    latest_leading = today - timedelta(days=LEADING_MEMBER_APPROVAL_DAYS - REMIND_DAYS_BEFORE)
    candidates = SeparationCase.objects.filter(
        case_type=CaseType.CS_RESIGNATION, status__in=UNDECIDED_STATUSES, notice_date__isnull=False,
    ).filter(
        # Set-based: only the cases whose period ends within the window (30 or 90 days from receipt).
        Q(leading_member=False, notice_date__lte=latest_receipt)
        | Q(leading_member=True, notice_date__lte=latest_leading)
    ).select_related("employee__org_unit", "company").order_by("pk")
    sent = 0
    for case in candidates.iterator(chunk_size=500):
        due = approval_due(case)
        try:
            with transaction.atomic():
                ApprovalReminder.objects.create(case=case, day=today)  # unique (case, day): the idempotence
                users = list(workflow.hr_users_for(case))
                for step in CaseStep.objects.filter(case=case, status=StepStatus.ACTIVE).prefetch_related("assignees"):
                    users += workflow.users_for_step(step)
                sent += _notify_once(users, case, due, today)
        except IntegrityError:
            continue  # already reminded today
    return sent


def _notify_once(users, case: SeparationCase, due: dt.date, today: dt.date) -> int:
    seen = set()
    left = (due - today).days
    if left >= 0:
        subject = Words(gettext_noop("辞去公职审批期限：%(name)s（%(due)s 截止，还有 %(n)s 天）"),
                        name=case.employee.name, due=due, n=left)
    else:
        subject = Words(gettext_noop("辞去公职审批已超期：%(name)s（期限 %(due)s）"), name=case.employee.name, due=due)
    body = Words(gettext_noop("任免机关应当自接到申请之日（%(received)s）起%(days)s日内予以审批（《公务员法》第八十五条）。"),
                 received=case.notice_date, days=approval_days(case))
    for user in users:
        if user is None or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        notify(user, subject, body, link=reverse("cases:case_detail", args=[case.code]))
    return len(seen)


# --- what the person receives ----------------------------------------------------------------


def receives(case: SeparationCase) -> list[dict]:
    """What the rules that apply give the person, each statement with its citation (no amount: the
    辞退费's standard and period are set by the state's and the local rules, not computed here)."""
    lines = []
    if case.case_type == CaseType.CS_DISMISSAL:
        lines.append({"text": str(DISMISSAL_PAY_TEXT), "article": CSL + "第九十条第二款"})
        lines.append({"text": _("辞退费的标准和发放期限按国家和本地公务员主管部门的规定执行，由本地规定决定；"
                                "本系统不计算、不估算辞退费金额。"), "article": ""})
        lines.append({"text": _("对辞退决定不服的，可以自知道该人事处理之日起三十日内向原处理机关申请复核，"
                                "或者直接提出申诉。"), "article": CSL + "第九十五条"})
    elif case.case_type == CaseType.CS_RESIGNATION:
        lines.append({"text": _("辞去公职的，不发给辞退费（辞退费只发给被辞退的公务员）。"), "article": CSL + "第九十条第二款"})
    lines.append({"text": str(HANDOVER_TEXT), "article": CSL + "第九十一条"})
    return lines


# --- what the pages and the mail show --------------------------------------------------------


def page_context(case: SeparationCase, *, can_edit: bool) -> dict:
    """The civil-service part of the case page (templates/cases/_civil_service.html)."""
    answers = latest_answers(case)
    today = timezone.localdate()
    due = approval_due(case)
    history = list(CivilServiceAnswer.objects.filter(case=case).select_related("answered_by").order_by(
        "-answered_at", "-id"))
    items = []
    for item in checklist_for(case):
        row = answers.get(item.code)
        earlier = [h for h in history if h.item == item.code and (row is None or h.pk != row.pk)]
        items.append({"item": item, "answer": row, "history": earlier})
    ground = DISMISSAL_GROUNDS.get(case.ground)
    return {
        "items": items,
        "article": CSL + ("第八十六条" if case.case_type == CaseType.CS_RESIGNATION else "第八十九条"),
        "missing": [i for i in items if i["answer"] is None],
        "can_answer": can_edit and case.status in ANSWER_STATUSES,
        "resignation": case.case_type == CaseType.CS_RESIGNATION,
        "dismissal": case.case_type == CaseType.CS_DISMISSAL,
        "approval_text": RESIGNATION_ARTICLE_TEXT,
        "approval_days": approval_days(case),
        "approval_due": due,
        "approval_days_left": (due - today).days if due else None,
        "approval_undecided": case.status in UNDECIDED_STATUSES,
        "ground": ground,
        "decision_text": DECISION_TEXT,
        "deliveries": list(case.decision_deliveries.select_related("recorded_by")),
        "delivery_rule": DELIVERY_RULE,
        "delivery_rule_text": DELIVERY_RULE_TEXT,
        "delivery_due": case.delivery_due,
        "delivery_overdue": case.delivery_due is not None and case.delivery_due < today,
        "can_deliver": can_edit and case.case_type == CaseType.CS_DISMISSAL and case.status in DELIVERY_STATUSES,
        "delivery_methods": DeliveryMethod.choices,
        "receives": receives(case),
        "reviews": [{"review": r, "text": annual_review_text(r)} for r in annual_reviews(case.employee)],
        "today": today,
    }


def summary_lines(case: SeparationCase) -> list[str]:
    """The civil-service lines of a step's notification (services.decision_summary): no money lines."""
    lines = []
    ground = DISMISSAL_GROUNDS.get(case.ground)
    if ground is not None:
        lines.append(_("辞退事由：%(text)s（%(article)s）") % {"text": ground.text, "article": ground.article})
    due = approval_due(case)
    if due is not None:
        lines.append(_("审批期限：%(due)s（自接到申请之日 %(received)s 起%(days)s日，《公务员法》第八十五条）") % {
            "due": due, "received": case.notice_date, "days": approval_days(case)})
    answers = latest_answers(case)
    items = checklist_for(case)
    if items:
        article = CSL + ("第八十六条" if case.case_type == CaseType.CS_RESIGNATION else "第八十九条")
        lines.append(_("%(article)s所列情形：") % {"article": article})
        for item in items:
            row = answers.get(item.code)
            answer = _("未回答") if row is None else (_("是") if row.answer else _("否"))
            lines.append(f"  · {item.text}：{answer}")
    for line in receives(case):
        lines.append(_("待遇：%(text)s") % {"text": line["text"]} + (f"（{line['article']}）" if line["article"] else ""))
    return lines


def portal_lines(case) -> list[dict]:
    """The civil-service rules the person reads in the portal (their own case type only)."""
    if case is None:
        return []
    return receives(case)


# --- the case page's facts form ----------------------------------------------------------------

# Facts and money of the Labour Contract Law that a civil-service case does not have.
LCL_ONLY_FIELDS = ("union_notified", "no_written_contract_months", "days_taken_this_year",
                   "untaken_days_previous_years", "extra_compensation", "employee_demand", "practice",
                   "practice_reason")


def adapt_facts_form(form, case: SeparationCase) -> None:
    """The facts form of a civil-service case (forms.CaseFactsForm): no LCL facts or money, the CSL words."""
    for name in LCL_ONLY_FIELDS:
        form.fields.pop(name, None)
    form.fields["separation_date"].label = _("离职日期")
    if case.case_type == CaseType.CS_RESIGNATION:
        form.fields["notice_date"].label = _("收到辞去公职申请之日")
        form.fields["notice_date"].help_text = _("任免机关的审批期限自此日起算（《公务员法》第八十五条）")
    else:
        form.fields.pop("notice_date", None)
        form.fields["reason"].label = _("辞退依据和理由")
        form.fields["reason"].help_text = _("辞退决定应当告知辞退依据和理由（《公务员法》第九十条）")


# --- the employee's own page (portal) ----------------------------------------------------------

# What happens next, in the civil servant's words (portal NEXT_STEPS is the labour-contract text).
PORTAL_NEXT_STEPS = {
    (CaseType.CS_RESIGNATION, CaseStatus.DRAFT): gettext_lazy("人事部门已收到您辞去公职的书面申请，正在核查并报任免机关审批。"),
    (CaseType.CS_RESIGNATION, CaseStatus.IN_REVIEW): gettext_lazy("您的申请正在任免机关审批中。审批期间请继续履行职责，不得擅自离职。"),
    (CaseType.CS_RESIGNATION, CaseStatus.APPROVED): gettext_lazy("您的申请已获批准。离职前请办理公务交接手续，必要时接受审计。"),
    (CaseType.CS_RESIGNATION, CaseStatus.REJECTED): gettext_lazy("您的申请未获批准。对此有异议的，可以按照规定申请复核或者提出申诉。"),
    (CaseType.CS_DISMISSAL, CaseStatus.APPROVED): gettext_lazy("辞退决定将以书面形式通知您，并告知辞退依据和理由。"),
    (CaseType.CS_DISMISSAL, CaseStatus.IN_HANDOVER): gettext_lazy("请办理公务交接手续。对辞退决定不服的，可以自知道之日起三十日内申请复核或者提出申诉。"),
}
HANDOVER_NEXT_STEP = gettext_lazy("请办理公务交接手续，必要时接受审计。")


def portal_next_step(case) -> str | None:
    if case is None or not case.is_civil_service:
        return None
    text = PORTAL_NEXT_STEPS.get((case.case_type, case.status))
    if text is None and case.status == CaseStatus.IN_HANDOVER:
        text = HANDOVER_NEXT_STEP
    return str(text) if text is not None else None


def portal_context(employee, case) -> dict | None:
    """The civil servant's portal: the CSL 85 application instead of an LCL 37 notice or a negotiation,
    no demand, the rules of their own case. None for labour-contract staff."""
    if employee.rule_pack != "CN-civil-service":
        return None
    own = case if case is not None and case.is_civil_service else None
    return {
        "approval_text": RESIGNATION_ARTICLE_TEXT,
        "approval_due": approval_due(own) if own is not None else None,
        "rules": receives(own) if own is not None else [
            {"text": str(RESIGNATION_ARTICLE_TEXT), "article": CSL + "第八十五条"},
            {"text": str(HANDOVER_TEXT), "article": CSL + "第九十一条"}],
        "bars": RESIGNATION_BARS,
    }


def portal_applied_message(case: SeparationCase) -> str:
    return _("辞去公职的书面申请已送达人事部门（%(day)s）。任免机关应当在 %(due)s 前予以审批（《公务员法》第八十五条）。") % {
        "day": case.notice_date, "due": approval_due(case)}


def adapt_open_form(form) -> None:
    """The open-case form for a civil servant (forms.OpenCaseForm): the 公务员法 case types and grounds only,
    no negotiated extra, no LCL notice scan, the CSL words."""
    types = [(value, label) for value, label in CaseType.choices if value in (CaseType.CS_RESIGNATION,
                                                                               CaseType.CS_DISMISSAL)]
    form.fields["case_type"].choices = types
    if form.initial.get("case_type") not in dict(types):
        form.initial["case_type"] = CaseType.CS_RESIGNATION
    form.fields["ground"].choices = [("", _("按案件类型的默认事由"))] + [
        (str(CaseType(t).label), [(code, str(DISMISSAL_GROUNDS[code].text) if code in DISMISSAL_GROUNDS
                                  else _("公务员辞去公职")) for code in codes])
        for t, codes in CASE_GROUNDS.items() if t in dict(types)]
    for name in ("extra_compensation", "notice_evidence"):
        form.fields.pop(name, None)
    form.fields["separation_date"].label = _("离职日期")
    form.fields["separation_date"].help_text = ""
    form.fields["notice_date"].label = _("收到辞去公职申请之日")
    form.fields["notice_date"].help_text = _("辞去公职：任免机关的审批期限自此日起算（《公务员法》第八十五条）")
    form.fields["reason"].help_text = _("辞退：写明辞退依据和理由（《公务员法》第九十条）")
