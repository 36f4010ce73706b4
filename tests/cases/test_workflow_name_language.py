"""The case page names its approval workflow in the page's language when it is a seeded one (an English page
read 'Workflow 协商一致（单位提出）, version 1'); a name HR gave a workflow is shown as written."""

from __future__ import annotations

from farewell.cases import services
from farewell.cases.models import CaseType


def _header(client, case, language: str) -> str:
    client.cookies["django_language"] = language
    page = client.get(f"/cases/{case.code}/").content.decode()
    return page.split('<div class="text-muted small">', 1)[1].split("</div>", 1)[0]


def test_a_seeded_workflow_is_named_in_english_on_an_english_page(staffed, soon, client):
    world = staffed
    client.force_login(world.users["hr_admin"])
    case = services.open_case(world.lisi, CaseType.MUTUAL_EMPLOYER, actor=world.users["hr_admin"],
                              separation_date=soon)
    assert "Mutual agreement (employer-initiated)" in _header(client, case, "en")
    assert "协商一致（单位提出）" in _header(client, case, "zh-hans")


def test_a_workflow_hr_named_is_shown_as_written(staffed, soon, client):
    world = staffed
    client.force_login(world.users["hr_admin"])
    case = services.open_case(world.lisi, CaseType.MUTUAL_EMPLOYER, actor=world.users["hr_admin"],
                              separation_date=soon)
    case.workflow.name = "销售部协商流程"
    case.workflow.save(update_fields=["name"])
    assert "销售部协商流程" in _header(client, case, "en")
