"""The one document renderer: HTML printed to PDF by headless Chromium (DESIGN, documents).

Reports with charts (the profile brief, the evidence summary) are ordinary HTML pages; this
prints one to PDF. The page must not need JavaScript for its content (print happens as soon
as the page has loaded) and should inline its CSS; `base_url` (a file:// or http:// URL)
resolves any relative link that remains.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from pathlib import Path

CHROMIUM = os.environ.get("FAREWELL_CHROMIUM", "/usr/bin/chromium")
TIMEOUT_SECONDS = 60
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-extensions", "--no-pdf-header-footer",
    "--run-all-compositor-stages-before-draw",
)


class DocumentError(RuntimeError):
    pass


def _with_base(html: str, base_url: str) -> str:
    if not base_url or re.search(r"<base\s", html, re.IGNORECASE):
        return html
    tag = f'<base href="{base_url}">'
    head = re.search(r"<head[^>]*>", html, re.IGNORECASE)
    if head:
        return html[: head.end()] + tag + html[head.end():]
    return tag + html


def html_to_pdf(html: str, *, base_url: str) -> bytes:
    """Print `html` to PDF with headless Chromium in a private temporary directory."""
    with tempfile.TemporaryDirectory(prefix="farewell-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / "document.html"
        output = folder / "document.pdf"
        source.write_text(_with_base(html, base_url), encoding="utf-8")
        command = [
            CHROMIUM, *FLAGS, f"--user-data-dir={folder / 'profile'}", f"--crash-dumps-dir={folder}",
            f"--print-to-pdf={output}", source.as_uri(),
        ]
        env = {**os.environ, "HOME": tmp}
        try:
            completed = subprocess.run(command, capture_output=True, timeout=TIMEOUT_SECONDS, env=env, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise DocumentError(f"chromium could not print the document: {exc}") from exc
        if not output.exists() or output.stat().st_size == 0:
            stderr = completed.stderr.decode("utf-8", "replace")[-2000:]
            raise DocumentError(f"chromium printed nothing (exit {completed.returncode}): {stderr}")
        return output.read_bytes()
