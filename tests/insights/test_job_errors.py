"""A risk-training or flags job that fails keeps a message worded in the reader's language: a known data error
its own message (msgid and values), anything else a plain sentence; the exception's text goes to the log."""

from __future__ import annotations

import logging

import pytest
from django.utils import translation

from farewell.common.models import Job
from farewell.insights import risk, services, tasks


def _job(world) -> Job:
    return Job.objects.create(kind=risk.JOB_KIND, title="训练", created_by=world.users["hr_admin"])


def test_a_known_data_error_is_kept_as_its_message_and_shown_in_the_readers_language(world, monkeypatch):
    def refuse(*_args, **_kwargs):
        raise risk.RiskDataError(risk.gettext_noop("截止日之前没有足够长的历史（至少需要 %(n)s 个月）"), n=6)

    monkeypatch.setattr(risk, "train", refuse)
    job = _job(world)
    assert tasks.train_risk.enqueue(world.company.pk, job.pk).return_value == {
        "error": "截止日之前没有足够长的历史（至少需要 6 个月）"}
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.errors == [{"m": "截止日之前没有足够长的历史（至少需要 %(n)s 个月）", "p": {"n": "6"}}]
    assert job.shown_errors == ["截止日之前没有足够长的历史（至少需要 6 个月）"]
    with translation.override("en"):
        assert job.shown_errors == ["Not enough history before the cutoff (at least 6 months are needed)"]


def test_the_exits_check_names_its_data_in_the_readers_language():
    import numpy as np

    with pytest.raises(risk.RiskDataError) as raised:
        risk._check_exits(np.array([1, 0, 0]), risk.gettext_lazy("截止日前的训练数据中"))
    with translation.override("en"):
        assert str(raised.value.words).startswith("In the training data before the cutoff, only 1 people left")


def test_an_unforeseen_error_is_logged_and_the_job_says_so_in_words(world, monkeypatch, caplog):
    def crash(*_args, **_kwargs):
        raise KeyError("feature_x")

    monkeypatch.setattr(risk, "train", crash)
    job = _job(world)
    with caplog.at_level(logging.ERROR, logger="farewell.insights.tasks"), pytest.raises(KeyError):
        tasks.train_risk.call(world.company.pk, job.pk)
    job.refresh_from_db()
    assert job.errors == [{"m": tasks.TRAINING_FAILED}]
    assert "KeyError" not in job.shown_errors[0] and "feature_x" in caplog.text


def test_a_failed_flags_job_keeps_words_not_a_repr(world, monkeypatch, caplog):
    monkeypatch.setattr(services, "recompute_flags", lambda *a, **k: {}["company"])
    job = Job.objects.create(kind="insights.flags", title="预警")
    with caplog.at_level(logging.ERROR, logger="farewell.insights.tasks"), pytest.raises(KeyError):
        tasks.recompute_flags.call(world.company.pk, job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.errors == [{"m": tasks.FLAGS_FAILED}]
    assert "company" in caplog.text


def test_the_risk_page_shows_a_kept_message_in_the_readers_language(client, world):
    job = _job(world)
    job.result = {"company": world.company.pk}
    job.status, job.errors = Job.Status.FAILED, [{"m": "截止日之前没有足够长的历史（至少需要 %(n)s 个月）", "p": {"n": "6"}}]
    job.save()
    client.force_login(world.users["hr_admin"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/insights/risk/").content.decode()
    assert "Not enough history before the cutoff (at least 6 months are needed)" in page
