"""New-user check: some forms answered with Django's own 该字段是必填项。 and 输入一个有效的日期。, naming neither
the field nor what it takes. Their errors now name the field, as the rest of the app's do."""

from __future__ import annotations

import pytest
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


# The holidays settings form, the talks' model forms and the improvement action's form (new-user check, session
# 11): a bad date, an over-long text and a missing required field each name the field, in zh and in en.

LONG = "长" * 201


def _holiday(data):
    from farewell.org.forms_holidays import HolidayForm

    return HolidayForm(data)


def _plan(data):
    from farewell.talks.forms import PlanForm

    return PlanForm(data)


def _template(data):
    from farewell.talks.forms import TemplateForm

    return TemplateForm(data)


def _conversation(data):
    from farewell.talks.forms import ConversationForm

    return ConversationForm(data)


def _action(data):
    from farewell.accounts.models import User
    from farewell.exits.forms import ActionForm
    from farewell.org.models import OrgUnit

    return ActionForm(data, company_id=0, units=OrgUnit.objects.none(), owners=User.objects.none())


ZH = {"required": "请填写{}", "long": "“{}”一项超过 200 个字，请缩短后再提交。", "date": "请输入有效日期，格式 2027-01-31"}
EN = {"required": "{} is required", "long": "The field “{}” is longer than 200 characters. Please shorten it and submit again.",
      "date": "Enter a valid date, such as 2027-01-31"}

# (form, data, field that is missing, field that is too long, field with a bad date, each field's label in zh and en)
CASES = {
    "holiday": (_holiday, {"day": "31/01/2027", "kind": "holiday", "notice": LONG}, None, "notice", "day",
                {"notice": ("国务院办公厅通知", "State Council General Office notice")}),
    "holiday-missing": (_holiday, {"day": "2027-01-31", "kind": "holiday", "notice": ""}, "notice", None, None,
                        {"notice": ("国务院办公厅通知", "State Council General Office notice")}),
    "plan": (_plan, {"title": LONG, "compliance": ""}, "compliance", "title", None,
             {"title": ("标题", "Title"), "compliance": ("HR必须告知的事项", "What HR must tell the employee")}),
    "template": (_template, {"title": "", "opening": "好", "compliance": "好"}, "title", None, None,
                 {"title": ("标题", "Title")}),
    "conversation": (_conversation, {"held_at": "2027-01-31T10:00", "place": LONG}, None, "place", None,
                     {"place": ("地点", "Place")}),
    "conversation-missing": (_conversation, {"held_at": "2027-01-31T10:00", "place": ""}, "place", None, None,
                             {"place": ("地点", "Place")}),
    "action": (_action, {"title": LONG, "cluster_start": "31/01/2027", "due_date": ""}, "due_date", "title",
               "cluster_start", {"title": ("措施", "Action"), "due_date": ("完成期限", "Due date"),
                                 "cluster_start": ("问题期间起", "Problem period from")}),
}


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("case", list(CASES))
def test_each_form_names_the_field_in_its_errors(case, language):
    build, data, missing, too_long, bad_date, labels = CASES[case]
    words, side = (ZH, 0) if language == "zh-hans" else (EN, 1)
    with translation.override(language):
        errors = build(data).errors
        if missing:
            assert errors[missing] == [words["required"].format(labels[missing][side])]
        if too_long:
            assert errors[too_long] == [words["long"].format(labels[too_long][side])]
        if bad_date:
            assert errors[bad_date] == [words["date"]]


@pytest.mark.django_db
def test_a_talks_time_that_is_not_one_says_the_form_it_takes():
    from farewell.talks.forms import ConversationForm

    with translation.override("zh-hans"):
        errors = ConversationForm({"held_at": "明天上午", "place": "会议室"}).errors
        assert errors["held_at"] == ["请输入有效的日期和时间，格式 2027-01-31 14:30"]
        # the form the message gives is taken, as is the browser's datetime-local
        assert ConversationForm({"held_at": "2027-01-31 14:30", "place": "会议室"}).is_valid()
        assert ConversationForm({"held_at": "2027-01-31T14:30", "place": "会议室"}).is_valid()


@pytest.mark.django_db
def test_a_holiday_entered_twice_says_where_it_is():
    import datetime as dt

    from farewell.org.models import Holiday

    Holiday.objects.create(day=dt.date(2027, 1, 1), kind="holiday", notice="通知")
    with translation.override("zh-hans"):
        errors = _holiday({"day": "2027-01-01", "kind": "workday", "notice": "通知"}).errors
        assert errors["day"] == ["这一天已在节假日表中：请在表中修改那一行"]


def test_a_choice_not_in_the_list_names_the_field():
    from farewell.talks.forms import SituationForm

    with translation.override("zh-hans"):
        assert SituationForm({"situation": "nonsense"}).errors["situation"] == ["请从列表中选择谈话情形"]


def test_a_percent_sign_in_a_label_stays_itself():
    from django import forms

    from farewell.common.form_errors import NamedErrors

    class Rate(NamedErrors, forms.Form):
        rate = forms.CharField(label="比例（%）", max_length=3)
        kind = forms.ChoiceField(label="100% 类型", choices=[("a", "A")])

    with translation.override("zh-hans"):
        errors = Rate({"rate": "1234", "kind": "b"}).errors
        assert errors["rate"] == ["“比例（%）”一项超过 3 个字，请缩短后再提交。"]
        assert errors["kind"] == ["请从列表中选择100% 类型"]
