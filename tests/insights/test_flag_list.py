"""The flags list (预警) after issue 14: each evidence's label comes from the facts stored with it at the
recompute and the rows are written in Python — the same words and links as the records give, every
value escaped, in a number of queries that does not grow with the page's flags, evidence or units."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from html import escape

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from farewell.insights.models import Flag, FlagEvidence, FlagTone, RuleCode
from farewell.insights.present import record_facts, record_label, record_url
from farewell.insights.services import write_counts
from farewell.records.models import RewardPenalty
from tests.factories import make_employee, make_unit

from .history import rich_history
from .records import Q, commitment, contribution, feedback, metric, review, survey, training, values


def _page(client, user, **params) -> str:
    client.force_login(user)
    response = client.get(reverse("insights:flags"), params)
    assert response.status_code == 200
    return response.content.decode()


def _flag(employee, rule=RuleCode.KEY_CONTRIBUTOR, facts=None, evidence=(), *, stored=True) -> Flag:
    """A flag citing `evidence` (records), with their facts stored as the recompute stores them (or not)."""
    facts = {"years": 6, "count": len(evidence)} if facts is None else facts
    flag = Flag.objects.create(company=employee.company, employee=employee, rule=rule, tone=FlagTone.RECOGNITION,
                               facts=facts, computed_at=timezone.now())
    write_counts(employee.company, Flag.objects.filter(company=employee.company))  # as the recompute does
    FlagEvidence.objects.bulk_create(
        FlagEvidence(flag=flag, content_type=ContentType.objects.get_for_model(r), object_id=r.pk,
                     facts=record_facts(r) if stored else {})
        for r in evidence)
    return flag


def test_record_labels_say_what_they_said_before(world):
    """The labels as record_label wrote them from the records before their facts were stored (records
    as read from the database: decimals with their places) — but a metric's 10 is "10", not "1E+1"."""
    lisi = world.lisi
    labels = [record_label(type(r).objects.get(pk=r.pk)) for r in (
        review(lisi, Q[0], 61, kpi=85.5), review(lisi, Q[1], None),
        feedback(lisi, Q[0], "团队协作", [2.5], relation="manager")[0],
        values(lisi, Q[0], "诚信", 2),
        survey(lisi, dt.date(2026, 5, 1), "团队支持", 3), survey(lisi, dt.date(2026, 5, 1), "", 7, kind="satisfaction"),
        metric(lisi, "late_count", dt.date(2026, 5, 1), 3), metric(lisi, "absent_days", dt.date(2026, 4, 1), "1.5"),
        metric(lisi, "late_count", dt.date(2026, 6, 1), 10),
        training(lisi, "沟通技巧", dt.date(2026, 3, 2), "declined"),
        contribution(lisi, "新品上市", dt.date(2024, 5, 6), kind="award"),
        commitment(lisi, "出差", "接受出差", stage="offer", said_on=dt.date(2020, 2, 1)),
        RewardPenalty.objects.create(employee=lisi, kind="penalty", title="书面警告", date=dt.date(2025, 7, 8)),
    )]
    assert labels == [
        "绩效 2025-Q4：61.00 分，KPI 85.50%", "绩效 2026-Q1：— 分",
        "360 2025-Q4 团队协作（上级）：2.50",
        "价值观 2025-Q4 诚信：2 分",
        "调查 2026-05 团队支持：3.00", "调查 2026-05 满意度：7.00",
        "迟到次数 2026-05：3", "旷工天数 2026-04：1.5", "迟到次数 2026-06：10",
        "培训 2026-03-02 沟通技巧：已拒绝",
        "获奖 2024-05-06 新品上市",
        "录用承诺 2020-02-01 出差",
        "处分 2025-07-08 书面警告",
    ]


def test_the_recompute_stores_each_records_label_facts(world):
    rich_history(world, world.lisi)
    evidence = list(FlagEvidence.objects.all())
    assert len({e.content_type_id for e in evidence}) >= 3  # reviews, values, contributions ...
    for e in evidence:
        assert e.facts and e.facts == record_facts(e.record)


def test_each_evidence_links_its_record_under_the_records_label(client, world):
    rich_history(world, world.lisi)
    html = _page(client, world.users["hr_admin"])
    evidence = list(FlagEvidence.objects.select_related("flag__employee"))
    assert len({e.content_type_id for e in evidence}) >= 3
    for e in evidence:
        assert f'<a href="{record_url(e.flag.employee, e.record)}">{escape(record_label(e.record))}</a>' in html


def test_the_labels_follow_the_language(client, world):
    rich_history(world, world.lisi)
    client.force_login(world.users["hr_admin"])
    client.cookies["django_language"] = "en"
    html = client.get(reverse("insights:flags")).content.decode()
    assert 'lang="en"' in html
    assert "Records: " in html and "Legal basis" not in html  # the records a flag rests on, not a law
    assert "绩效 " not in html  # the reviews' labels are English too


def test_an_english_summary_has_no_chinese_separators(client, world):
    """Joined parts of a summary take the page's punctuation: "；" and "、" in Chinese, "; " and ", " in English."""
    points = [{"label": "2025-Q4", "value": "60", "reference": "75", "count": 5},
              {"label": "2026-Q1", "value": "61", "reference": "76", "count": 5}]
    _flag(world.lisi, RuleCode.PERFORMANCE_BELOW_AVERAGE, facts={"points": points, "margin": "5"})
    _flag(world.zhaoliu, RuleCode.PROBATION_UNMET, facts={
        "criteria": [{"topic": "销售额"}, {"topic": "回款"}], "threshold": 80,
        "points": [{"label": "2026-01", "value": 50}, {"label": "2026-02", "value": 60}]})
    client.force_login(world.users["hr_admin"])
    client.cookies["django_language"] = "en"
    html = client.get(reverse("insights:flags")).content.decode()
    assert "(5 people); 2026-Q1" in html and "销售额, 回款" in html
    assert "；" not in html and "、" not in html
    client.cookies["django_language"] = "zh-hans"
    html = client.get(reverse("insights:flags")).content.decode()
    assert "（5 人）；2026-Q1" in html and "销售额、回款" in html


def test_a_360_flag_names_its_period_in_its_own_kind(client, world):
    from farewell.insights.services import recompute_flags

    feedback(world.lisi, Q[-1], "团队协作", [2, 3])  # quarterly: 2026-04-01 is 2026-Q2
    feedback(world.boss, Q[-1], "团队协作", [4, 4])
    feedback(world.zhaoliu, Q[-1], "团队协作", [3, 4])
    recompute_flags(world.company)
    flag = Flag.objects.get(employee=world.lisi, rule=RuleCode.FEEDBACK360_BOTTOM)
    assert flag.facts["period_label"] == "2026-Q2"
    html = _page(client, world.users["hr_admin"])
    assert "2026-Q2 360评估部门最低" in html and "2026-04 360" not in html


def test_evidence_stored_without_its_facts_is_read_from_the_record(client, world):
    """Evidence written before the facts were kept (or by hand): the label comes from the record; a record
    that is gone is left out, as it always was."""
    kept = contribution(world.lisi, "年度优秀项目", dt.date(2023, 4, 5), kind="award")
    gone = contribution(world.lisi, "已删除的项目", dt.date(2023, 6, 7))
    _flag(world.lisi, evidence=[kept, gone], stored=False)
    gone.delete()
    html = _page(client, world.users["hr_admin"])
    assert f'<a href="{record_url(world.lisi, kept)}">获奖 2023-04-05 年度优秀项目</a></div>' in html
    assert "已删除的项目" not in html


def test_every_value_from_the_database_is_escaped(client, world):
    hostile = '<script>alert("x")</script>'
    world.lisi.name = hostile
    world.lisi.employee_number = "E<b>1</b>"
    world.lisi.save()
    world.sales.name = "销售<img src=x onerror=alert(1)>"
    world.sales.save()
    course = training(world.lisi, hostile, dt.date(2026, 3, 2), "declined")
    _flag(world.lisi, RuleCode.TRAINING_DECLINED, {
        "declined": [{"date": "2026-03-02", "course": hostile}],
        "reviews": [{"label": "2026-Q1", "value": "80.00"}, {"label": "2026-Q2", "value": "61.00"}],
    }, [course])
    html = _page(client, world.users["hr_admin"])
    assert "<script>alert" not in html and "<b>1" not in html and "<img src=x" not in html
    assert '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</a><div class="small text-body-secondary">E&lt;b&gt;1' in html
    assert "<td>销售&lt;img src=x onerror=alert(1)&gt;</td>" in html
    assert "拒绝培训：2026-03-02 &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;；" in html  # the summary
    assert "培训 2026-03-02 &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;：已拒绝</a>" in html  # the evidence


def _grow(world, units: int) -> None:
    """`units` more units, each with an employee flagged twice, every flag citing records of three kinds."""
    for i in range(units):
        unit = make_unit(world.company, f"新部门{i}", parent=world.sales)
        employee = make_employee(unit, f"员工{i}")
        _flag(employee, evidence=[contribution(employee, f"项目{i}", dt.date(2022, 1, 1 + i)),
                                  review(employee, Q[0], 60 + i, kpi=80),
                                  metric(employee, "late_count", dt.date(2026, 5, 1), i)])
        _flag(employee, RuleCode.VALUES_LOW, {"points": [{"label": "2025-Q4", "dimension": "诚信", "value": 1}]},
              [values(employee, Q[0], "诚信", 1), feedback(employee, Q[0], "沟通", [2])[0],
               survey(employee, dt.date(2026, 5, 1), "团队支持", Decimal("2"))])


def _queries(client, user, **params) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("insights:flags"), params).status_code == 200
    return len(queries)


def test_the_query_count_does_not_grow_with_flags_evidence_or_units(client, world):
    hr = world.users["hr_admin"]
    _grow(world, 1)
    _queries(client, hr)  # Django's content-type cache warmed, as in a running server
    few = _queries(client, hr), _queries(client, hr, unit=world.sales.pk), _queries(client, hr, rule="values_low")
    _grow(world, 20)
    many = _queries(client, hr), _queries(client, hr, unit=world.sales.pk), _queries(client, hr, rule="values_low")
    assert FlagEvidence.objects.count() == 6 * 21
    assert many == few
    # the session with the user and grants (accounts/sessions.py), flags with their capped count, employees and evidence
    # (one round trip on PostgreSQL, common/prepared.run_together); the unit filter reads its unit.
    assert few == ((3, 4, 3) if connection.vendor == "postgresql" else (4, 5, 4))
