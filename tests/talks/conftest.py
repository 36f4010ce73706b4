"""Talks fixtures: 李四 (sales) with crafted records for every plan situation, and a case."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from farewell.cases import services as case_services
from farewell.insights.models import Flag, FlagEvidence, FlagTone, RuleCode
from farewell.records.models import (
    Commitment,
    Contribution,
    PerformanceReview,
    RewardPenalty,
    SurveyResponse,
    TrainingRecord,
)
from farewell.talks import services
from tests.cases.conftest import give_wages
from tests.factories import make_contract, make_employee

Q = [dt.date(2025, 1, 1), dt.date(2025, 4, 1), dt.date(2025, 7, 1)]

TRANSCRIPT = """HR：李四你好，谢谢你今天过来，我们很感谢你这几年的付出。
员工：谢谢，我也很喜欢这个团队，大家一直很照顾我。
HR：今天想和你商量一下协商解除劳动合同的安排。
员工：好的，我理解公司的情况。
HR：法定补偿是六个半月工资。
员工：这个金额太低了，我非常生气，你们太过分了。
员工：我要去劳动仲裁，我已经咨询了律师。
员工：这件事我不能接受，很失望。
"""


@pytest.fixture
def records(world):
    """Reviews (李四 below 赵六, the department), KPI misses, declined training, contributions, a
    penalty with its clause, probation criteria, a company promise and a survey flag."""
    lisi, zhaoliu = world.lisi, world.zhaoliu
    for start, mine, theirs, kpi in zip(Q, [61, 58, 55], [85, 88, 90], [80, 72, 65], strict=True):
        PerformanceReview.objects.create(employee=lisi, period_kind="quarter", period_start=start,
                                         score=Decimal(mine), kpi_completion=Decimal(kpi), rating="C")
        PerformanceReview.objects.create(employee=zhaoliu, period_kind="quarter", period_start=start,
                                         score=Decimal(theirs), kpi_completion=Decimal(110), rating="A")
    PerformanceReview.objects.create(employee=lisi, period_kind="year", period_start=dt.date(2024, 1, 1),
                                     score=Decimal(58), rating="D")
    training = TrainingRecord.objects.create(employee=lisi, course="销售技巧提升", course_date=dt.date(2025, 5, 10),
                                             status="declined")
    project = Contribution.objects.create(employee=lisi, kind="project", title="华东渠道拓展", date=dt.date(2021, 3, 1),
                                          role="负责人")
    Contribution.objects.create(employee=lisi, kind="mentoring", title="带教新人王五", date=dt.date(2022, 6, 1))
    penalty = RewardPenalty.objects.create(employee=lisi, kind="penalty", level="severe", title="书面警告",
                                           date=dt.date(2025, 8, 3), reason="伪造客户拜访记录",
                                           policy_clause="《员工手册》第5.3条")
    Commitment.objects.create(employee=lisi, stage="probation", party="candidate", said_on=dt.date(2020, 3, 1),
                              topic="试用期销售目标", content="试用期内完成销售额30万元")
    Commitment.objects.create(employee=lisi, stage="offer", party="company", said_on=dt.date(2020, 2, 20),
                              topic="晋升", content="两年内评估晋升主管")
    survey = SurveyResponse.objects.create(employee=lisi, period_kind="month", period_start=dt.date(2025, 8, 1),
                                           survey="engagement", dimension="成长机会", score=Decimal(2))
    flag = Flag.objects.create(company=world.company, employee=lisi, rule=RuleCode.SURVEY_LOW, tone=FlagTone.CARE,
                               facts={"threshold": "4", "points": [
                                   {"label": "2025-08", "dimension": "成长机会", "value": "2"}]},
                               computed_at=timezone.now())
    FlagEvidence.objects.create(flag=flag, content_type=ContentType.objects.get_for_model(SurveyResponse),
                                object_id=survey.pk)
    return {"training": training, "project": project, "penalty": penalty, "survey": survey}


@pytest.fixture
def case(world, records):
    give_wages(world.lisi)
    make_contract(world.lisi, kind="open_ended", end_date=None)
    return case_services.open_case(world.lisi, "mutual_employer", actor=world.users["hrbp_sales"],
                                   separation_date=timezone.localdate() + dt.timedelta(days=40),
                                   extra_compensation=Decimal(5000))


@pytest.fixture
def plan(world, case):
    return services.generate_plan(world.lisi, actor=world.users["hrbp_sales"], case=case)


@pytest.fixture
def conversation(world, plan):
    return services.start_conversation(plan, actor=world.users["hrbp_sales"],
                                       held_at=timezone.now(), place="3楼小会议室")


@pytest.fixture
def civil_servant(world):
    return make_employee(world.sales, "周九", manager=world.boss, employment_type="civil_servant")
