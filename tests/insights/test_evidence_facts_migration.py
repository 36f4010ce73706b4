"""insights 0011: the evidence of the flags already computed gets its records' label facts (issue 14), the
same facts the recompute now stores; evidence whose record is gone keeps none (the list leaves it out).

The database is taken back to insights 0010 (Django's MigrationExecutor), flags are written with the
historical models, then the migration runs forward; forward to the latest again whatever happens.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# transaction=True: migrations cannot run inside the test's transaction (tests/test_settings_migrations.py);
# serialized_rollback as every transactional test (tests/conftest.py says why).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("insights", "0010_unit_average")]


def _leaves(executor: MigrationExecutor) -> list:
    return executor.loader.graph.leaf_nodes()


@pytest.fixture
def migrated_back():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    others = [node for node in _leaves(executor) if node[0] != "insights"]
    state = executor.loader.project_state(BEFORE + others)
    try:
        yield state
    finally:
        executor = MigrationExecutor(connection)
        if executor.migration_plan(_leaves(executor)):
            executor.migrate(_leaves(executor))


def test_existing_evidence_gets_its_records_label_facts(migrated_back):
    apps = migrated_back.apps
    ContentType = apps.get_model("contenttypes", "ContentType")
    Company = apps.get_model("org", "Company")
    OrgUnit = apps.get_model("org", "OrgUnit")
    Employee = apps.get_model("org", "Employee")
    Flag = apps.get_model("insights", "Flag")
    FlagEvidence = apps.get_model("insights", "FlagEvidence")
    Review = apps.get_model("records", "PerformanceReview")
    Contribution = apps.get_model("records", "Contribution")
    Metric = apps.get_model("records", "Metric")
    MetricValue = apps.get_model("records", "MetricValue")

    company = Company.objects.create(name="迁移公司", credit_code="91310000MIGRFACTS1", city="上海")
    unit = OrgUnit.objects.create(company=company, name="总部", code="U1", path="0001.")
    employee = Employee.objects.create(company=company, employee_number="M1", name="员工", gender="male",
                                       birth_date=dt.date(1990, 1, 1), hire_date=dt.date(2020, 1, 1), org_unit=unit)
    metric = Metric.objects.create(code="migration_metric", name="加班小时", unit="小时", category="attendance")
    records = [
        Review.objects.create(employee=employee, period_kind="quarter", period_start=dt.date(2025, 10, 1),
                              score=Decimal("61"), kpi_completion=Decimal("85.5")),
        Contribution.objects.create(employee=employee, kind="award", title="<b>年度</b>", date=dt.date(2024, 5, 6)),
        MetricValue.objects.create(employee=employee, metric=metric, period_kind="month",
                                   period_start=dt.date(2026, 5, 1), value=Decimal("12.5")),
    ]
    flag = Flag.objects.create(company=company, employee=employee, rule="key_contributor", tone="recognition",
                               facts={"years": 6, "count": 1}, computed_at=dt.datetime(2026, 6, 1, tzinfo=dt.UTC))
    for record in records:
        content_type, _created = ContentType.objects.get_or_create(app_label="records",
                                                                   model=record._meta.model_name)
        FlagEvidence.objects.create(flag=flag, content_type=content_type, object_id=record.pk)
    FlagEvidence.objects.create(flag=flag, content_type=content_type, object_id=records[-1].pk + 1000)  # gone

    executor = MigrationExecutor(connection)
    executor.migrate(_leaves(executor), state=migrated_back)

    from farewell.insights.models import FlagEvidence as Evidence
    from farewell.insights.present import record_facts

    evidence = list(Evidence.objects.order_by("pk"))
    assert [e.facts for e in evidence] == [
        {"period": "2025-Q4", "score": "61.00", "kpi_completion": "85.50"},
        {"kind": "award", "date": "2024-05-06", "title": "<b>年度</b>"},
        {"metric": "加班小时", "period": "2026-05", "value": "12.5"},
        {},
    ]
    assert [e.facts for e in evidence[:3]] == [record_facts(e.record) for e in evidence[:3]]
