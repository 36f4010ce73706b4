"""The auditor's pages name objects and fields in words: object types that are not a model (or whose
model has no Chinese name) have their own labels."""

from __future__ import annotations

from farewell.common.templatetags.labels import field_label, object_label


def test_object_types_without_a_chinese_model_name_read_as_words():
    assert object_label("insights.explanation") == "解释请求"
    assert object_label("accounts.auditexport") == "审计导出"
    assert object_label("ledger.ledgerentry") == "证据链记录"
    assert field_label("payload", "ledger.ledgerentry") == "记录内容"


def test_a_model_type_still_reads_its_verbose_name_and_an_unknown_one_its_code():
    assert object_label("cases.separationcase") == "离职案件"
    assert object_label("nosuch.thing") == "nosuch.thing"
