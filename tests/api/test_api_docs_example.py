"""The Python client in docs/api.md, run as written against a live server (plain `requests`)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from farewell.records import models as m
from tests.factories import PASSWORD, Role, make_company, make_employee, make_unit, make_user

DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"


def _example() -> str:
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)
    assert len(blocks) == 1, "docs/api.md keeps one Python example"
    return blocks[0]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_documented_client_runs_against_a_live_server(live_server, monkeypatch, settings, tmp_path, capsys):
    settings.MEDIA_ROOT = tmp_path
    company = make_company(name="远航科技有限公司")
    unit = make_unit(company, "销售部")
    employee = make_employee(unit, "李四")
    user = make_user("hradmin", Role.HR_ADMIN, company=company)
    # As in the demo: the HR admin also holds a second company (so writes must name theirs), and the
    # employee of that other company comes first in the list.
    other = make_company(name="某市人力资源和社会保障局")
    from farewell.accounts.models import RoleGrant

    RoleGrant.objects.create(user=user, role=Role.HR_ADMIN, company=other)
    make_employee(make_unit(other, "办公室"), "甲")
    monkeypatch.setenv("FAREWELL_URL", live_server.url)
    monkeypatch.setenv("FAREWELL_USER", "hradmin")
    monkeypatch.setenv("FAREWELL_PASSWORD", PASSWORD)
    exec(compile(_example(), str(DOC), "exec"), {"__name__": "docs_api_example"})  # noqa: S102 - our own docs
    printed = capsys.readouterr().out
    assert "signed in as hradmin" in printed and "新增 1" in printed
    reviews = m.PerformanceReview.objects.filter(employee=employee).order_by("period_start")
    assert [(r.period_start.isoformat(), str(r.score)) for r in reviews] == [("2025-01-01", "86.50"),
                                                                             ("2025-04-01", "78.00")]
    assert reviews[0].comment == "按期完成季度目标"
