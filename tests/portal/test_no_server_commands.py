"""What the portal shows an employee names no server command (new-user check: the receipt card, the receipt
and the employee copy said to run `farewell ledger verify-package`): they say to ask HR, or to re-compute the
SHA-256 against manifest.json."""

from __future__ import annotations

from pathlib import Path

import farewell

PORTAL_TEMPLATES = Path(farewell.__file__).parent / "portal" / "templates"


def test_no_portal_template_tells_an_employee_to_run_a_command():
    offenders = [path.name for path in PORTAL_TEMPLATES.rglob("*.html")
                 if "farewell ledger" in path.read_text(encoding="utf-8")
                 or "verify-package" in path.read_text(encoding="utf-8")]
    assert offenders == []
    for name in ("_receipt_card.html", "employee_copy.html", "resignation_receipt.html"):
        assert "HR" in (PORTAL_TEMPLATES / "portal" / name).read_text(encoding="utf-8")
