"""Small words of the case pages: a refused action names the status in the reader's language, not the code's
English; the reference-drift banner dates its re-run by the site's day (Asia/Shanghai), not UTC's."""

from __future__ import annotations

import pytest
from django.utils import translation

from farewell.cases import workflow
from farewell.cases.case_views import _local_date


def test_a_refused_action_is_worded_for_the_reader():
    with translation.override("zh-hans"):
        with pytest.raises(workflow.CaseError) as refused:
            workflow.next_status("in_handover", "withdraw")
    assert "交接中" in str(refused.value) and "is not allowed" not in str(refused.value)


@pytest.mark.parametrize("stamp, day", [
    ("2026-12-07T19:50:00.123456Z", "2026-12-08"),  # 03:50 on the 8th in Beijing
    ("2026-12-07T15:59:59Z", "2026-12-07"),
    ("", ""),
])
def test_the_drift_banner_dates_by_the_site_s_day(stamp, day):
    assert _local_date(stamp) == day
