"""The settlement form's bad input: each error names its field and bound, and nothing is saved."""

from __future__ import annotations

import pytest

from farewell.offboarding.models import Settlement

from .conftest import in_handover

GOOD = {"monthly_wage": "12000.00", "paid_days_worked": "10", "unused_leave_days": "0",
        "exempt_ceiling": "447624.00", "exempt_ceiling_source": "测试"}


@pytest.mark.parametrize(("change", "field", "message"), [
    # 99 paid days in one month was taken without a word (new-user check)
    ({"paid_days_worked": "99"}, "paid_days_worked", "最后一个月已出勤计薪天数不能超过 31 天"),
    # Django's own 确认总共不超过 12 个数字. named neither the field nor the bound
    ({"monthly_wage": "1e30"}, "monthly_wage", "月工资（最后一个月的标准）不能超过 9,999,999,999.99 元"),
    ({"si_amount": "123456789012345", "si_basis": "x"}, "si_amount", "扣除：个人应缴社会保险费不能超过 9,999,999,999.99 元"),
    ({"monthly_wage": ""}, "monthly_wage", "请填写月工资（最后一个月的标准）"),
])
def test_a_bad_value_is_refused_on_its_field_by_name_and_nothing_is_saved(client, staffed, change, field, message):
    case = in_handover(staffed)
    client.force_login(staffed.users["hrbp_sales"])
    response = client.post(f"/offboarding/cases/{case.code}/settlement/", {**GOOD, **change})
    assert response.status_code == 400
    assert message in response.context["form"].errors[field]
    assert not Settlement.objects.filter(case=case).exists()


def test_31_paid_days_are_taken(client, staffed):
    case = in_handover(staffed)
    client.force_login(staffed.users["hrbp_sales"])
    response = client.post(f"/offboarding/cases/{case.code}/settlement/", {**GOOD, "paid_days_worked": "31"})
    assert response.status_code == 302
    assert Settlement.objects.filter(case=case).exists()
