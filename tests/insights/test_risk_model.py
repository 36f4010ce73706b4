"""The in-app attrition-risk model: lawful features only, an honest time split that refuses
future records, explanations that trace to records, and units under 5 suppressed."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from farewell.insights import risk, riskfeatures
from farewell.insights.models import RiskModel, RiskScore
from farewell.org.models import Employee, JobChange, WageMonth
from farewell.records.models import PerformanceReview
from tests.factories import make_employee

from .riskhistory import TODAY, build

PROTECTED_WORDS = ("gender", "birth", "age", "marital", "family", "pregnan", "maternity", "health", "medical",
                   "ethnic", "nation", "union", "retirement", "status_period", "statusperiod", "id_number")


@pytest.fixture
def history(world):
    build(world)
    return world


def test_no_protected_attribute_is_a_feature():
    for feature in riskfeatures.FEATURES:
        assert not any(word in feature.name for word in PROTECTED_WORDS), feature.name


def test_no_query_of_the_model_reads_a_protected_field(history):
    with CaptureQueriesContext(connection) as queries:
        model = risk.train(history.company, today=TODAY)
    sql = " ".join(q["sql"].lower() for q in queries.captured_queries)
    for word in ("gender", "birth_date", "union_member", "retirement_category", "id_number", "bank_account",
                 "org_statusperiod"):
        assert word not in sql, word
    assert set(model.features) <= set(riskfeatures.FEATURE_NAMES) and "survey_score" in model.features
    assert {"supervisor_changes_24m", "months_since_promotion"} <= set(model.features)


def test_the_time_split_trains_on_known_outcomes_and_scores_the_next_six_months(history):
    result = risk.evaluate_time_split(history.company, today=TODAY)
    assert result["cutoff"] == "2025-05-20"
    assert max(result["train_snapshots"]) == "2024-11-20"  # + 6 months = the cutoff, never later
    assert result["positives"] >= 3 and result["train_positives"] >= risk.MIN_EXITS
    assert result["roc_auc"] is not None and result["roc_auc"] > 0.6  # survey and pay carry the signal


def test_the_evaluation_refuses_a_record_from_the_future(history):
    someone = Employee.objects.filter(company=history.company, separation_date__isnull=True).exclude(
        position=None).first()
    PerformanceReview.objects.create(employee=someone, period_kind="quarter", period_start=dt.date(2026, 1, 1), score=99)
    with pytest.raises(risk.RiskDataError, match="绩效考核 1 条（最早 2026-01-01）"):
        risk.evaluate_time_split(history.company, today=TODAY)
    with pytest.raises(risk.RiskDataError):
        risk.train(history.company, today=TODAY)
    assert not RiskModel.objects.exists()


def test_the_evaluation_refuses_a_cutoff_whose_six_months_have_not_passed(history):
    with pytest.raises(risk.RiskDataError, match="还没有过完"):
        risk.evaluate_time_split(history.company, cutoff=dt.date(2025, 8, 1), today=TODAY)


def test_a_training_snapshot_never_sees_a_record_whose_period_had_not_ended(history):
    snapshot = riskfeatures.Snapshot(history.company, since=dt.date(2024, 1, 1), until=TODAY)
    someone = Employee.objects.filter(company=history.company, hire_date__lte=dt.date(2021, 1, 1),
                                      separation_date__isnull=True, name__startswith="员工").first()
    before, _ = snapshot.at(dt.date(2024, 6, 30))
    PerformanceReview.objects.create(employee=someone, period_kind="year", period_start=dt.date(2024, 1, 1), score=1)
    after, _ = riskfeatures.Snapshot(history.company, since=dt.date(2024, 1, 1), until=TODAY).at(dt.date(2024, 6, 30))
    assert before.loc[someone.pk, "review_latest"] > 1  # the quarter's review ...
    assert before.loc[someone.pk, "review_latest"] == after.loc[someone.pk, "review_latest"]  # ... not the unended year's


def test_each_factor_names_the_values_and_traces_to_records(history):
    model = risk.train(history.company, today=TODAY)
    scores = list(RiskScore.objects.filter(model=model))
    active = Employee.objects.filter(company=history.company, hire_date__lte=TODAY).exclude(
        separation_date__lte=TODAY).count()
    assert len(scores) == active
    assert all(0 <= s.probability <= 1 for s in scores)
    explained = [s for s in scores if s.factors]
    assert explained
    kinds = {"wagemonth": WageMonth, "performancereview": PerformanceReview, "jobchange": JobChange}
    for score in explained:
        for factor in score.factors:
            assert factor["feature"] in riskfeatures.FEATURE_NAMES and factor["effect"] > 0
            assert factor["value"] is not None and factor["unit_value"] is not None
            for kind, pk in factor["evidence"]:
                assert kind == riskfeatures.EVIDENCE_KIND[factor["feature"]]
                if kind in kinds:
                    assert kinds[kind].objects.get(pk=pk).employee_id == score.employee_id


def test_units_under_five_people_are_suppressed(history):
    model = risk.train(history.company, today=TODAY)
    names = {history.sales.pk: "销售部", history.rnd.pk: "研发部", history.root.pk: "总部"}
    small = RiskScore.objects.filter(model=model, org_unit_id=history.sales.pk)[:4]
    RiskScore.objects.filter(model=model).exclude(pk__in=[s.pk for s in small]).filter(
        org_unit_id=history.sales.pk).update(org_unit_id=history.rnd.pk)
    rows = {r["unit"]: r for r in risk.unit_aggregates(model, names)}
    assert rows["销售部"] == {"unit": "销售部", "unit_id": history.sales.pk, "suppressed": True}
    assert not rows["研发部"]["suppressed"] and rows["研发部"]["n"] >= 5


def test_manager_changes_and_promotions_come_from_the_job_history_known_on_the_day(history):
    someone = make_employee(history.sales, "调动者", hire_date=dt.date(2023, 1, 1))
    old_timer = make_employee(history.sales, "老员工", hire_date=dt.date(2015, 1, 1))
    first = JobChange.objects.order_by("effective_date").values_list("effective_date", flat=True).first()
    JobChange.objects.bulk_create([
        JobChange(employee=someone, kind="manager", effective_date=dt.date(2023, 7, 1), source="edit",
                  old_manager=history.boss, new_manager=history.lisi),
        JobChange(employee=someone, kind="manager", effective_date=dt.date(2025, 3, 1), source="edit",
                  old_manager=history.lisi, new_manager=history.boss),
        JobChange(employee=someone, kind="manager", effective_date=dt.date(2025, 4, 1), source="edit",
                  old_manager=None, new_manager=history.boss),  # a first manager is not a change of manager
        JobChange(employee=someone, kind="position", effective_date=dt.date(2024, 7, 1), source="import",
                  old_grade="P4", new_grade="P5", promotion=True),
        JobChange(employee=someone, kind="position", effective_date=dt.date(2025, 5, 1), source="import",
                  old_grade="P5", new_grade="P5"),  # lateral
    ])
    snapshot = riskfeatures.Snapshot(history.company, since=dt.date(2024, 1, 1), until=TODAY)
    table, behind = snapshot.at(dt.date(2025, 6, 1), evidence=True)
    assert table.loc[someone.pk, "supervisor_changes_24m"] == 2
    assert round(table.loc[someone.pk, "months_since_promotion"]) == 11  # 2024-07-01 → 2025-06-01
    assert [kind for kind, _pk in behind[someone.pk]["supervisor_changes_24m"]] == ["jobchange"] * 2
    promoted = JobChange.objects.get(employee=someone, promotion=True)
    assert behind[someone.pk]["months_since_promotion"] == [("jobchange", promoted.pk)]
    earlier, _ = snapshot.at(dt.date(2024, 6, 1))  # before the promotion and the later moves
    assert earlier.loc[someone.pk, "supervisor_changes_24m"] == 1
    assert round(earlier.loc[someone.pk, "months_since_promotion"]) == 17  # since hire: hired after history began
    assert first < dt.date(2023, 1, 1) and pd.isna(earlier.loc[old_timer.pk, "months_since_promotion"])
    before_history, _ = snapshot.at(first - dt.timedelta(days=1))
    assert before_history["supervisor_changes_24m"].isna().all()  # no history yet: unknown, not zero
