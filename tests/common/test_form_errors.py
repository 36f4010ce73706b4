"""New-user check: some forms answered with Django's own 该字段是必填项。 and 输入一个有效的日期。, naming neither
the field nor what it takes. Their errors now name the field, as the rest of the app's do."""

from __future__ import annotations

from django.utils import translation

from farewell.exits.forms import FeedbackForm
from farewell.offboarding.forms import PaymentForm


def test_a_missing_value_names_its_field():
    with translation.override("zh-hans"):
        errors = PaymentForm({"amount": "1"}).errors
        assert errors["paid_on"] == ["请填写支付日期"] and errors["reference"] == ["请填写凭证号/流水号"]
        assert FeedbackForm({}).errors["note"] == ["请填写向直接上级反馈的内容"]


def test_a_date_that_is_not_one_says_the_form_a_date_takes():
    with translation.override("zh-hans"):
        errors = FeedbackForm({"day": "31/01/2027", "note": "好"}).errors
        assert errors["day"] == ["请输入有效日期，格式 2027-01-31"]
