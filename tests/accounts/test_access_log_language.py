"""The access log's purposes read in the reader's language: a purpose is stored as its msgid (some were
stored worded in the language of the request that read the data, so a read from an English page read
English to a Chinese auditor, and the reverse) and worded when shown (accounts/purposes.py)."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext_noop

from farewell.accounts.models import AccessLog
from farewell.accounts.purposes import shown_purpose, with_detail
from farewell.cases.models import StepKind
from farewell.common.wording import msgid_of

SIGNED = "员工下载本人已签署文书"  # portal: marked gettext_noop, stored as written


def _read(world, purpose):
    return AccessLog.objects.create(actor=world.users["hr_admin"], employee=world.lisi, object_type="org.employee",
                                    object_id=str(world.lisi.code), field="id_number", purpose=purpose)


def _page(client, world, language, url="/accounts/access-log/"):
    client.force_login(world.users["auditor"])
    client.cookies["django_language"] = language
    return client.get(url).content.decode()


def test_a_purpose_reads_in_the_auditors_language(client, world):
    _read(world, gettext_noop(SIGNED))
    english = _page(client, world, "en")
    assert "Employee downloaded their own signed document" in english and SIGNED not in english
    assert SIGNED in _page(client, world, "zh-hans")


def test_the_api_words_it_in_the_requests_language(client, world):
    _read(world, gettext_noop(SIGNED))
    client.force_login(world.users["auditor"])
    row = client.get("/api/access-log/", HTTP_ACCEPT_LANGUAGE="en").json()["results"][0]
    assert row["purpose"] == "Employee downloaded their own signed document"


def test_a_detail_is_worded_when_the_catalogue_knows_it_and_shown_as_typed_otherwise():
    stored = with_detail(SIGNED, msgid_of(StepKind.HR_REVIEW.label))
    assert stored == f"{SIGNED}：HR审核"
    with translation.override("en"):
        assert shown_purpose(stored) == "Employee downloaded their own signed document: HR review"
        assert shown_purpose(with_detail(SIGNED, "社保减员申报")) == (
            "Employee downloaded their own signed document: 社保减员申报")
        assert shown_purpose("法律保全：仲裁案 2026-01") == "法律保全：仲裁案 2026-01"  # typed, unknown: as stored
        assert shown_purpose("=HYPERLINK(\"x\")") == "=HYPERLINK(\"x\")"
    with translation.override("zh-hans"):
        assert shown_purpose(stored) == stored
