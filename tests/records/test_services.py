"""department_average and the period convention."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from farewell.records import periods
from farewell.records.models import PerformanceReview
from farewell.records.services import department_average
from tests.factories import make_employee, make_unit

MARCH = dt.date(2025, 3, 1)


def _review(employee, score, start=MARCH, kind="month", kpi=None):
    return PerformanceReview.objects.create(employee=employee, period_kind=kind, period_start=start, score=score,
                                            kpi_completion=kpi)


def test_department_average_is_the_mean_of_the_units_reviews(world, django_assert_num_queries):
    _review(world.boss, Decimal("90"), kpi=Decimal("100"))
    _review(world.lisi, Decimal("80"), kpi=Decimal("90"))
    _review(world.zhaoliu, Decimal("71"))
    _review(world.chenqi, Decimal("10"))  # 研发部: another unit
    _review(world.lisi, Decimal("0"), start=dt.date(2025, 4, 1))  # another period
    _review(world.lisi, Decimal("0"), start=dt.date(2025, 1, 1), kind="quarter")  # another kind
    with django_assert_num_queries(1):
        result = department_average(world.sales, "month", MARCH)
    assert result == {"score": Decimal("80.33"), "kpi_completion": Decimal("95.00"), "count": 3}


def test_department_average_counts_sub_units_unless_asked_not_to(world):
    team = make_unit(world.company, "华东组", parent=world.sales)
    _review(make_employee(team, "组员"), Decimal("60"))
    _review(world.lisi, Decimal("80"))
    assert department_average(world.sales, "month", MARCH)["score"] == Decimal("70.00")
    assert department_average(world.sales, "month", MARCH, subtree=False)["score"] == Decimal("80.00")
    assert department_average(world.root, "month", MARCH)["count"] == 2


def test_department_average_of_nobody_is_none(world):
    assert department_average(world.rnd, "month", MARCH) == {"score": None, "kpi_completion": None, "count": 0}


@pytest.mark.parametrize("text,kind,expected", [
    ("2025-03", None, ("month", dt.date(2025, 3, 1))),
    ("2025/3", None, ("month", dt.date(2025, 3, 1))),
    ("2025年3月", None, ("month", dt.date(2025, 3, 1))),
    ("2025-03-17", None, ("month", dt.date(2025, 3, 1))),
    ("2025Q2", None, ("quarter", dt.date(2025, 4, 1))),
    ("2025-Q4", None, ("quarter", dt.date(2025, 10, 1))),
    ("2025年第三季度", None, ("quarter", dt.date(2025, 7, 1))),
    ("2025", None, ("year", dt.date(2025, 1, 1))),
    ("2025年度", None, ("year", dt.date(2025, 1, 1))),
    (2025, None, ("year", dt.date(2025, 1, 1))),
    (dt.datetime(2025, 5, 20), "quarter", ("quarter", dt.date(2025, 4, 1))),
    ("2025-05", "quarter", ("quarter", dt.date(2025, 4, 1))),
    ("2025-13", None, None),
    ("soon", None, None),
])
def test_parse_period(text, kind, expected):
    assert periods.parse_period(text, kind) == expected


def test_period_labels_round_trip():
    for kind, start in [("month", dt.date(2025, 3, 1)), ("quarter", dt.date(2025, 7, 1)), ("year", dt.date(2025, 1, 1))]:
        assert periods.parse_period(periods.label(kind, start)) == (kind, start)
