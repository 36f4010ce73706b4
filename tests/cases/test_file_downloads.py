"""A case's files (the scan of a notice, the union letter) are served by a view that checks the
case's access and writes the access log; MEDIA_ROOT itself is not served."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from farewell.accounts.models import AccessLog
from tests.factories import NOTICE_SCAN, record_notice


def test_the_notice_scan_download_is_logged_and_scoped(client, staffed):
    world = staffed
    case = record_notice(world.lisi, actor=world.users["hrbp_sales"],
                         notice_date=timezone.localdate() - dt.timedelta(days=1))
    client.force_login(world.users["legal"])
    response = client.get(f"/cases/{case.code}/notice-evidence/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == NOTICE_SCAN
    row = AccessLog.objects.get(object_type="cases.separationcase", field="notice_evidence_file")
    assert row.actor == world.users["legal"] and row.employee == world.lisi
    client.force_login(world.users["auditor"])
    assert client.get(f"/cases/{case.code}/notice-evidence/").status_code in (403, 404)
    assert AccessLog.objects.filter(field="notice_evidence_file").count() == 1
    # The stored file is not reachable by its media path.
    assert client.get(f"/media/{case.notice_evidence_file.name}").status_code == 404
