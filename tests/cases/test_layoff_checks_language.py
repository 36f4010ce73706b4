"""The layoff batch page listed each member's engine messages as the run stored them (the engine's Chinese,
and the run's own checks as worded when it ran): an English reader saw 孕期… under each member. They are worded
in the reader's language now, as the case page words a stored run (engine_calls.run_in_language,
services.checks_as_worded)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone, translation
from django.utils.html import escape

from farewell.cases import engine_calls, services
from farewell.org.models import StatusPeriod
from tests.cases.layoff_support import make_staff, new_batch


def _checks(page: str) -> str:
    return " ".join(part.split("</ul>")[0] for part in page.split("data-checks")[1:])


def test_each_members_checks_read_in_the_readers_language(client, world, city_average):
    hr = world.users["hrbp_sales"]
    family = new_batch(world, make_staff(world.sales, 2))
    generous, pregnant = family.cases.select_related("employee", "family").order_by("id")
    services.update_case(generous, actor=hr, extra_compensation=50000)  # over the policy cap: a run's own check
    StatusPeriod.objects.create(employee=pregnant.employee, kind="pregnancy", start_date=timezone.localdate())
    services.run_engine(pregnant, actor=hr)
    run = services.latest_run(pregnant)
    chinese = next(v["message"] for v in run.output["violations"] if v["severity"] == "violation")
    english_output = engine_calls.run_in_language(run.input, run.output, "en")
    assert not english_output.get("as_recorded")
    english = next(v["message"] for v in english_output["violations"] if v["severity"] == "violation")
    with translation.override("en"):
        over_cap = services.checks_as_worded(services.latest_run(generous))
    over_cap_en = next(c["message"] for c in over_cap if c["code"] == "extra_over_cap")

    client.force_login(world.users["approver"])
    client.cookies["django_language"] = "en"
    page = _checks(client.get(f"/cases/layoff/{family.code}/").content.decode())
    assert escape(english) in page and escape(over_cap_en) in page, page
    assert chinese not in page and "超出公司政策上限" not in page

    client.cookies["django_language"] = "zh-hans"
    page = _checks(client.get(f"/cases/layoff/{family.code}/").content.decode())
    assert chinese in page and "超出公司政策上限" in page and escape(english) not in page


def test_an_english_view_words_each_run_once(client, world, city_average, monkeypatch):
    """The English batch page ran the engine again for every member on every view (~85 ms for 500 members): a run's
    words are computed once (for a run with messages to word) and reused by the next views; a change of the
    holiday table words them again on the new table."""
    from farewell.org import holidays

    hr = world.users["hrbp_sales"]
    family = new_batch(world, make_staff(world.sales, 4))
    pregnant = family.cases.select_related("employee", "family").order_by("id").first()
    StatusPeriod.objects.create(employee=pregnant.employee, kind="pregnancy", start_date=timezone.localdate())
    services.run_engine(pregnant, actor=hr)
    with_messages = [c for c in family.cases.all() if services.latest_run(c).output.get("violations")]
    assert pregnant in with_messages
    computed = []
    real = engine_calls.compute_json
    monkeypatch.setattr(engine_calls, "compute_json", lambda data, **kw: computed.append(data) or real(data, **kw))
    client.force_login(world.users["approver"])
    client.cookies["django_language"] = "en"
    first = client.get(f"/cases/layoff/{family.code}/").content.decode()
    assert len(computed) == len(with_messages)
    second = client.get(f"/cases/layoff/{family.code}/").content.decode()
    assert len(computed) == len(with_messages)  # nothing computed again
    assert _checks(first) == _checks(second) and "孕期" not in _checks(second)
    holidays.add_holiday(day=timezone.localdate() + dt.timedelta(days=500), kind="holiday", notice="测试",
                         acting_user=None)
    client.get(f"/cases/layoff/{family.code}/")
    assert len(computed) == 2 * len(with_messages)
