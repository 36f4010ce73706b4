"""The evidence package's file name carries the 工号, which HR types or imports: a '"', CR/LF, "/" or Chinese
in it gave a broken (or split) header when it was written into an f-string."""

from __future__ import annotations

from email.message import Message
from urllib.parse import quote

import pytest

from farewell.org.models import Employee


@pytest.mark.parametrize("url", ["/talks/cases/{code}/package/", "/api/talks/cases/{code}/package/"])
def test_a_strange_employee_number_gives_a_safe_header(client, world, case, url):
    Employee.objects.filter(pk=case.employee_id).update(employee_number='E"1/二\r\nX')
    client.force_login(world.users["legal"])
    response = client.post(url.format(code=case.code))
    assert response.status_code == 200
    header = response["Content-Disposition"]
    assert header.isascii() and "\r" not in header and "\n" not in header
    stem = 'evidence-E"1_二__X-'
    assert header.startswith("attachment; filename*=utf-8''" + quote(stem))
    message = Message()
    message["Content-Disposition"] = header
    assert message.get_filename().startswith(stem) and message.get_filename().endswith(".zip")
