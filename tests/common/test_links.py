"""common/links.py: a link worked out once per process is the link reverse() gives."""

from __future__ import annotations

import uuid

from django.urls import reverse, set_script_prefix

from farewell.common import links


def test_code_urls_are_reverses_for_every_code_and_script_prefix():
    code, other = uuid.uuid4(), uuid.uuid4()
    for prefix in ("/", "/hr/"):
        set_script_prefix(prefix)
        try:
            for viewname, args in (("org:employee_detail", ()), ("org:employee_edit", ()),
                                   ("org:employee_reveal", ("id_number",)), ("insights:brief_pdf", ())):
                for each in (code, other):
                    assert links.code_url(viewname, each, *args) == reverse(viewname, args=[each, *args])
        finally:
            set_script_prefix("/")
    assert links.code_url("org:employee_detail", code).startswith("/employees/")

