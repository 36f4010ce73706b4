"""Talks for the demo company: for a few of the planted stories (found through their flags) a
generated plan, a signed conversation record and an uploaded transcript, so a demo user sees
the emotion timeline, the turning point and an escalation phrase on a real-looking case.

Everything goes through talks.services (and cases.services for a case), as HR would do it:
the ledger, the escalation prompt to legal and the notifications are the real ones. The same
seed gives the same people, texts, times and places (row codes are random UUIDs, as always).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from farewell.accounts import policy
from farewell.accounts.models import Role, RoleGrant
from farewell.cases import services as case_services
from farewell.cases.models import OPEN_STATUSES, CaseType, SeparationCase
from farewell.insights.models import Flag, RuleCode
from farewell.org.models import Company, Employee, EmployeeStatus

from . import services
from .models import Conversation, Situation

PLACES = ("3楼小会议室", "人力资源部会议室", "5楼洽谈室", "行政楼201会议室")


@dataclass(frozen=True)
class Story:
    """One planted story: whose flags point to it, the talk to hold and what was said."""

    name: str
    rules: tuple[str, ...]
    situation: str
    with_case: bool
    lines: tuple[tuple[str, str], ...]  # (who: "hr" | "employee", what was said)
    notes: str
    statements: str
    agreed: str
    next_steps: tuple[tuple[str, str, int], ...]  # (action, owner: "hr" | "manager", due in days)


# A performance decline, ended by mutual agreement: calm, then the offer, then anger and 劳动仲裁.
DECLINE = Story(
    name="decline",
    rules=(RuleCode.PERFORMANCE_BELOW_AVERAGE, RuleCode.TRAINING_DECLINED),
    situation=Situation.MUTUAL_AGREEMENT,
    with_case=True,
    lines=(
        ("hr", "{name}你好，谢谢你今天抽时间过来，先喝点水，我们慢慢聊。"),
        ("employee", "好的，谢谢。最近项目比较忙，不过今天正好有空。"),
        ("hr", "首先感谢你这几年在{unit}的付出，大家都看在眼里，你带过的新人现在也都很不错。"),
        ("employee", "谢谢认可，我也很喜欢这个团队，和大家相处得很愉快。"),
        ("hr", "今天想和你一起回顾一下最近几个季度的考核结果，以及公司提供的培训安排。"),
        ("employee", "嗯，我知道最近几个季度的业绩不太理想，市场确实比较难做。"),
        ("hr", "公司希望和你协商一致解除劳动合同，除了法定的经济补偿，还会额外给一个月工资。"),
        ("employee", "什么？这个决定太突然了，我完全不能接受，你们这样对我太不公平了！"),
        ("employee", "我在公司干了这么多年，就因为几个季度的数字就要我走？我很生气，也很失望。"),
        ("hr", "我理解你现在的心情，这个决定不是针对你个人，补偿的计算方式我们可以逐项解释。"),
        ("employee", "如果公司坚持这样安排，我就去申请劳动仲裁。"),
        ("hr", "这是你的权利，我们尊重。今天不需要马上决定，方案和计算明细会书面给你，你可以慢慢考虑。"),
        ("employee", "好吧，我需要回去和家人商量一下，下周再给你们答复。"),
        ("hr", "好的，有任何问题随时找我，谢谢你今天的坦诚。"),
    ),
    notes="回顾了近几个季度的考核结果和培训安排；提出协商一致解除，说明法定经济补偿及额外一个月工资。",
    statements="员工认为决定突然、不公平，提出如公司坚持将申请劳动仲裁；要求书面的补偿计算明细。",
    agreed="员工回去与家人商量，下周答复；HR提供书面方案和补偿计算明细。",
    next_steps=(("书面提供协商方案和补偿计算明细", "hr", 2), ("约定第二次沟通时间", "hr", 7)),
)

# A team conflict the surveys caught: a retention talk that turns, then finds a way forward.
CONFLICT = Story(
    name="conflict",
    rules=(RuleCode.SURVEY_LOW, RuleCode.FEEDBACK360_BOTTOM, RuleCode.VALUES_LOW),
    situation=Situation.LIKELY_LEAVER,
    with_case=False,
    lines=(
        ("hr", "{name}你好，最近工作还顺利吗？今天想听听你的想法，随便聊聊。"),
        ("employee", "还可以吧，谢谢关心，手上的客户都在正常推进。"),
        ("hr", "你的客户反馈一直很好，公司很珍惜你，也很感谢你对团队的贡献。"),
        ("employee", "谢谢，我也挺喜欢这份工作本身的，客户那边合作得很开心。"),
        ("hr", "最近的员工调查里，团队支持这一项分数比较低，想了解一下你在{unit}的感受。"),
        ("employee", "说实话，团队里的气氛很压抑，开会总是互相指责，我很累，也很委屈。"),
        ("employee", "有几次我的方案被当众否定，没有人听我解释，我真的很难过，甚至想过离开。"),
        ("hr", "谢谢你愿意告诉我这些，这些情况我们之前确实没有了解到，很抱歉让你有这样的感受。"),
        ("employee", "我不是想抱怨谁，只是希望大家能好好沟通，把事情做好。"),
        ("hr", "我们会和你的经理一起安排团队沟通，也可以考虑调整分工，你觉得怎么样？"),
        ("employee", "可以，如果能改善，我还是愿意留下来继续做的，谢谢你。"),
    ),
    notes="了解到员工对团队氛围和沟通方式的不满，有离职想法；员工认可工作本身和客户合作。",
    statements="员工反映团队会议中互相指责、方案被当众否定，感到压抑；希望改善团队沟通。",
    agreed="HR与直线经理安排团队沟通并评估分工调整；员工愿意在改善后继续留任。",
    next_steps=(("与直线经理沟通团队氛围问题", "hr", 3), ("组织团队沟通会", "manager", 14)),
)

STORIES = (DECLINE, CONFLICT)
# A plan only (no conversation yet): the long-serving key contributor's recognition talk.
PLAN_ONLY = ((RuleCode.KEY_CONTRIBUTOR,), Situation.LONG_TENURE)


def build_talks_demo(company: Company, rng: random.Random, *, today: dt.date) -> dict[str, int]:
    """Plans, signed conversation records and transcripts for a few flagged employees of `company`.

    Run it after the flags are computed. The actor is the HRBP whose scope covers the employee
    (else an HR admin of the company); a story with no flagged employee or no HR user is skipped.
    Returns the rows written by kind."""
    counts = {"cases": 0, "plans": 0, "conversations": 0, "transcripts": 0}
    taken: set[int] = set()
    with transaction.atomic():
        for story in STORIES:
            employee = _flagged(company, story.rules, taken)
            actor = _hr_user(employee) if employee is not None else None
            if actor is None:
                continue
            taken.add(employee.pk)
            case = None
            if story.with_case:
                case, opened = _case_for(employee, actor=actor, rng=rng, today=today)
                counts["cases"] += opened
            plan = services.generate_plan(employee, actor=actor, case=case, situation=story.situation)
            counts["plans"] += 1
            _hold(story, plan, actor=actor, rng=rng, today=today)
            counts["conversations"] += 1
            counts["transcripts"] += 1
        rules, situation = PLAN_ONLY
        employee = _flagged(company, rules, taken)
        actor = _hr_user(employee) if employee is not None else None
        if actor is not None:
            services.generate_plan(employee, actor=actor, situation=situation)
            counts["plans"] += 1
    return counts


def _flagged(company: Company, rules: tuple[str, ...], taken: set[int]) -> Employee | None:
    """The employee the story is planted on: flagged by most of `rules`, in an HRBP's units (so the
    demo's HRBP sees the talk), then by rule order and employee number."""
    flags = (Flag.objects.filter(company=company, rule__in=rules,
                                 employee__status__in=[EmployeeStatus.ACTIVE, EmployeeStatus.PROBATION])
             .exclude(employee_id__in=taken).select_related("employee__org_unit", "employee__manager"))
    hrbp_paths = [path or "" for path in RoleGrant.objects.filter(company=company, role=Role.HRBP)
                  .values_list("org_unit__path", flat=True)]
    by_employee: dict[int, list[Flag]] = {}
    for f in flags:
        by_employee.setdefault(f.employee_id, []).append(f)

    def rank(found: list[Flag]) -> tuple:
        employee = found[0].employee
        covered = any(employee.org_unit.path.startswith(path) for path in hrbp_paths)
        return (-len(found), not covered, min(rules.index(f.rule) for f in found), employee.employee_number)

    ranked = sorted(by_employee.values(), key=rank)
    return ranked[0][0].employee if ranked else None


def _hr_user(employee: Employee):
    """The HRBP covering the employee, else an HR admin (the one who would hold the talk)."""
    grants = RoleGrant.objects.filter(company_id=employee.company_id, role__in=[Role.HRBP, Role.HR_ADMIN])
    for grant in sorted(grants.select_related("user"), key=lambda g: (g.role != Role.HRBP, g.pk)):
        user = grant.user
        if policy.employees_for(user, "talks.edit", Employee.objects.filter(pk=employee.pk)).exists():
            return user
    return None


def _case_for(employee: Employee, *, actor, rng: random.Random, today: dt.date) -> tuple[SeparationCase, int]:
    """The employee's open case, or a mutual-agreement case opened by HR (1 when opened)."""
    case = SeparationCase.objects.filter(employee=employee, status__in=list(OPEN_STATUSES)).order_by("-id").first()
    if case is not None:
        return case, 0
    separation = today + dt.timedelta(days=rng.randint(30, 45))
    case = case_services.open_case(
        employee, CaseType.MUTUAL_EMPLOYER, actor=actor, separation_date=separation,
        reason="绩效连续低于部门平均，拒绝参加改进培训；单位提出协商一致解除",
        extra_compensation=Decimal(rng.choice([5000, 8000, 10000])),
    )
    return case, 1


def _held_at(rng: random.Random, today: dt.date) -> dt.datetime:
    day = today - dt.timedelta(days=rng.randint(2, 9))
    while day.weekday() >= 5:  # a working day
        day -= dt.timedelta(days=1)
    at = dt.time(rng.choice([9, 10, 14, 15]), rng.choice([0, 30]))
    return timezone.make_aware(dt.datetime.combine(day, at), timezone.get_default_timezone())


def transcript_text(story: Story, employee: Employee, rng: random.Random) -> str:
    """The story's dialogue as a timestamped transcript ("[00:01:23] 张三：…")."""
    unit = employee.org_unit.name if employee.org_unit_id else ""
    given = employee.name[1:] if len(employee.name) > 2 else employee.name
    second = rng.randint(3, 12)
    out = []
    for who, said in story.lines:
        speaker = "HR" if who == "hr" else employee.name
        out.append(f"[{second // 3600:02d}:{second % 3600 // 60:02d}:{second % 60:02d}] {speaker}："
                   f"{said.format(name=given, unit=unit)}")
        second += rng.randint(15, 70)
    return "\n".join(out) + "\n"


def _hold(story: Story, plan, *, actor, rng: random.Random, today: dt.date) -> Conversation:
    """The talk as HR records it: the record, every compliance item told, the transcript, signed."""
    employee = plan.employee
    held_at = _held_at(rng, today)
    conversation = services.start_conversation(plan, actor=actor, held_at=held_at, place=rng.choice(PLACES))
    manager = employee.manager.name if employee.manager_id else str(actor)
    owners = {"hr": str(actor), "manager": manager}
    services.update_conversation(conversation, actor=actor, fields={
        "notes": story.notes, "employee_statements": story.statements, "agreed": story.agreed,
    }, next_steps=[{"action": action, "owner": owners[owner], "due_date": held_at.date() + dt.timedelta(days=days)}
                   for action, owner, days in story.next_steps])
    for item in conversation.checklist.all():
        item.conversation = conversation
        services.tick(item, True, actor=actor)
    services.add_transcript(conversation, transcript_text(story, employee, rng), actor=actor, fmt="timestamped")
    services.sign_conversation(conversation, actor=actor)
    return conversation
