"""A rich history for one employee (every record kind), for the profile and brief tests."""

from __future__ import annotations

import datetime as dt

from farewell.insights.services import recompute_flags
from farewell.records.models import RewardPenalty

from .records import (
    TODAY,
    Q,
    commitment,
    contribution,
    feedback,
    metric,
    months_back,
    review,
    survey,
    training,
    values,
)


def rich_history(world, employee, *, scale: int = 1, peers: bool = True):
    """`scale` multiplies the number of records (periods, months, courses) without new kinds."""
    quarters = [dt.date(2026 - k // 4, 1 + 3 * (k % 4), 1) for k in range(4 * scale + 2)]
    quarters = sorted(q for q in quarters if q <= Q[-1])
    for i, start in enumerate(quarters):
        review(employee, start, 70 - i % 3, kpi=85 - i % 5)
        if peers:
            review(world.boss, start, 85)
        for dim in ("团队协作", "沟通", "专业能力"):
            feedback(employee, start, dim, [3, 3.5])
            if peers:
                feedback(world.boss, start, dim, [4, 4.5])
        values(employee, start, "诚信", 4, examples="按时提交报销")
        values(employee, start, "协作共赢", 2 if i == len(quarters) - 1 else 3, examples="拒绝协助同事交接客户")
    for i, start in enumerate(months_back(6 * scale)):
        survey(employee, start, "团队支持", 4)
        survey(employee, start, "工作负荷", 6)
        metric(employee, "late_count", start, i % 4)
        metric(employee, "absent_days", start, i % 2)
    for i in range(3 * scale):
        training(employee, f"课程{i}", dt.date(2025, 1 + i % 12, 1 + i // 12), "attended" if i % 3 else "declined",
                 exam_score=60 + i if i % 3 else None, passed=bool(i % 2) if i % 3 else None)
        RewardPenalty.objects.create(employee=employee, kind="reward" if i % 2 else "penalty",
                                     title=f"记录{i}", date=dt.date(2024, 1 + i % 12, 1 + i // 12))
        contribution(employee, f"项目{i}", dt.date(2022, 1 + i % 12, 1 + i // 12))
    commitment(employee, "业绩目标", "第一年完成销售额 300 万", stage="offer")
    commitment(employee, "加班", "接受项目期加班", stage="interview")
    recompute_flags(world.company, today=TODAY)
    return employee
