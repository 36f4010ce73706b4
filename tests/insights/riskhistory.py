"""A company history for the attrition-risk model: people hired over the years, monthly wages,
quarterly reviews, monthly surveys and training, and leavers whose exits follow low survey
scores and pay below their peers (so a model has something honest to find). Deterministic."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from farewell.org.models import Employee, JobChange, Position, WageMonth
from farewell.records.models import PerformanceReview, SurveyResponse, TrainingRecord
from tests.factories import make_employee

TODAY = dt.date(2025, 11, 20)
START = dt.date(2022, 1, 1)


def months(start: dt.date, end: dt.date):
    day = start.replace(day=1)
    while day <= end:
        yield day
        day += relativedelta(months=1)


def build(world, *, people: int = 90, seed: int = 11) -> list[Employee]:
    """`people` employees in sales and R&D beside the world's personas; about a third leave."""
    rng = random.Random(seed)
    engineer, _ = Position.objects.update_or_create(company=world.company, name="工程师", defaults={
        "wage_min": Decimal("8000"), "wage_max": Decimal("16000")})
    seller, _ = Position.objects.update_or_create(company=world.company, name="销售代表", defaults={
        "wage_min": Decimal("6000"), "wage_max": Decimal("12000")})
    employees, wages, reviews, surveys, training, changes = [], [], [], [], [], []
    moves = random.Random(seed + 1)  # job history from its own stream: the other records stay as they were
    for i in range(people):
        unit, position = (world.sales, seller) if i % 2 else (world.rnd, engineer)
        hired = START - relativedelta(months=rng.randint(0, 60))
        unhappy = rng.random() < 0.4
        underpaid = rng.random() < 0.4
        risk = 0.04 + 0.35 * unhappy + 0.3 * underpaid
        leaves = None
        if rng.random() < risk * 1.6:
            leaves = dt.date(2023, 3, 1) + dt.timedelta(days=rng.randint(0, 960))
            leaves = min(leaves, TODAY - dt.timedelta(days=3))
        employee = make_employee(unit, f"员工{i:03d}", hire_date=hired, position=position,
                                 separation_date=leaves, status="separated" if leaves else "active",
                                 gender=rng.choice(["male", "female"]),
                                 birth_date=dt.date(1970 + rng.randint(0, 30), 1 + rng.randint(0, 11), 1))
        employees.append(employee)
        last = min(leaves or TODAY, TODAY) - dt.timedelta(days=1)
        for _n in range(moves.choice((0, 1, 2) if unhappy else (0, 0, 1))):  # a change of manager
            day = START + dt.timedelta(days=moves.randint(150, max(151, (last - START).days)))
            if day <= last:
                changes.append(JobChange(employee=employee, kind="manager", effective_date=day, source="import",
                                         old_manager=world.boss, new_manager=world.lisi))
        if not underpaid and moves.random() < 0.5:  # a promotion
            day = START + dt.timedelta(days=moves.randint(150, max(151, (last - START).days)))
            if day <= last:
                changes.append(JobChange(employee=employee, kind="grade", effective_date=day, source="edit",
                                         old_grade="P4", new_grade="P5", promotion=True))
        mid = float(position.wage_min + position.wage_max) / 2
        base = mid * (0.8 if underpaid else 1.05) * rng.uniform(0.95, 1.05)
        for month in months(max(hired, START), min(leaves or TODAY, TODAY - relativedelta(months=1))):
            if month.month == 1 and not underpaid:
                base *= 1.05
            pay = Decimal(f"{base:.2f}")
            wages.append(WageMonth(employee=employee, month=month, base=pay, overtime=Decimal(rng.randint(0, 800)),
                                   total=pay))
            score = (3.5 if unhappy else 7.5) + rng.uniform(-1.5, 1.5)
            surveys.append(SurveyResponse(employee=employee, period_kind="month", period_start=month,
                                          survey="engagement", dimension="", score=Decimal(f"{score:.1f}")))
            if month.month in (1, 4, 7, 10):
                reviews.append(PerformanceReview(employee=employee, period_kind="quarter", period_start=month,
                                                 score=Decimal(rng.randint(60, 95))))
            if month.month == 5:
                training.append(TrainingRecord(employee=employee, course=f"年度培训{month.year}",
                                               course_date=month + dt.timedelta(days=9),
                                               status="declined" if unhappy and rng.random() < 0.5 else "attended"))
    WageMonth.objects.bulk_create(wages)
    SurveyResponse.objects.bulk_create(surveys)
    PerformanceReview.objects.bulk_create(reviews)
    TrainingRecord.objects.bulk_create(training)
    JobChange.objects.bulk_create(changes)
    return employees
