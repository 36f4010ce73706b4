"""The one document renderer: HTML printed to PDF by headless Chromium, and DOCX templates (docxtpl)
turned into PDF by LibreOffice headless (DESIGN, documents; the DOCX part is at the end of this file).

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


# --- DOCX templates (docxtpl) and DOCX → PDF (LibreOffice headless) ------------------------------
#
# Agreements, notices and certificates are docxtpl templates HR edits in Word (DESIGN, documents).
# A template is filled with plain strings only (and lists of dicts of plain strings for its tables),
# never model objects. LibreOffice converts: each soffice process gets its own profile directory
# (-env:UserInstallation), and many documents go through one process (`docx_to_pdf_many`).

SOFFICE = os.environ.get("FAREWELL_SOFFICE", "soffice")
SOFFICE_PACKAGE = "libreoffice-writer-nogui"
SOFFICE_TIMEOUT_SECONDS = 600
MAX_TEMPLATE_BYTES = 5 * 1024 * 1024


def _docx_template(data: bytes):
    import io
    import zipfile

    from docxtpl import DocxTemplate

    if len(data) > MAX_TEMPLATE_BYTES:
        raise DocumentError("the template is larger than 5 MB")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "word/document.xml" not in archive.namelist():
                raise DocumentError("not a DOCX file (no word/document.xml)")
    except zipfile.BadZipFile:
        raise DocumentError("not a DOCX file") from None
    try:
        return DocxTemplate(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds on a damaged file
        raise DocumentError(f"the DOCX cannot be read: {exc}") from exc


def docx_placeholders(data: bytes) -> set[str]:
    """The variables a DOCX template uses (its {{ … }} and {% … %} names); DocumentError when the file is
    not a DOCX or its template syntax is broken."""
    template = _docx_template(data)
    try:
        return set(template.get_undeclared_template_variables())
    except Exception as exc:  # noqa: BLE001 - jinja2 syntax errors, with the line Word scattered them over
        raise DocumentError(f"template syntax error: {exc}") from exc


def render_docx(data: bytes, context: dict) -> bytes:
    """Fill a docxtpl template with `context` (plain strings, lists of dicts of strings)."""
    import io

    template = _docx_template(data)
    try:
        template.render(context, autoescape=True)
    except Exception as exc:  # noqa: BLE001 - a template error is the template's, reported as such
        raise DocumentError(f"the template could not be filled: {exc}") from exc
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def soffice_available() -> bool:
    import shutil

    return shutil.which(SOFFICE) is not None


def docx_to_pdf_many(documents: list[tuple[str, bytes]], *, progress=None) -> dict[str, bytes]:
    """Convert DOCX files to PDF in ONE LibreOffice process; `progress(done, total)` is called as PDFs
    appear. `documents` are (unique file stem, DOCX bytes); returns stem → PDF bytes."""
    import shutil
    import time

    if not documents:
        return {}
    if shutil.which(SOFFICE) is None:
        raise DocumentError(
            f"LibreOffice is not installed: install the Debian package {SOFFICE_PACKAGE} "
            f"(apt-get install {SOFFICE_PACKAGE}) to turn documents into PDF")
    with tempfile.TemporaryDirectory(prefix="farewell-soffice-") as tmp:
        folder = Path(tmp)
        source, output, profile = folder / "in", folder / "out", folder / "profile"
        source.mkdir()
        output.mkdir()
        paths = []
        for stem, data in documents:
            if "/" in stem or stem.startswith("."):
                raise DocumentError(f"bad document name {stem!r}")
            path = source / f"{stem}.docx"
            path.write_bytes(data)
            paths.append(str(path))
        command = [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
                   "--nolockcheck", "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(output), *paths]
        env = {**os.environ, "HOME": tmp}
        try:
            process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        except OSError as exc:
            raise DocumentError(f"LibreOffice ({SOFFICE_PACKAGE}) could not start: {exc}") from exc
        started = time.monotonic()
        total = len(documents)
        while process.poll() is None:
            if time.monotonic() - started > SOFFICE_TIMEOUT_SECONDS:
                process.kill()
                process.communicate()
                raise DocumentError("LibreOffice took too long to convert the documents")
            if progress is not None:
                progress(sum(1 for _ in output.glob("*.pdf")), total)
            time.sleep(0.3)
        _out, err = process.communicate()
        results = {}
        for stem, _data in documents:
            pdf = output / f"{stem}.pdf"
            if not pdf.exists() or pdf.stat().st_size == 0:
                raise DocumentError(f"LibreOffice produced no PDF for {stem} (exit {process.returncode}): "
                                    f"{err.decode('utf-8', 'replace')[-1000:]}")
            results[stem] = pdf.read_bytes()
        if progress is not None:
            progress(total, total)
        return results


def docx_to_pdf(data: bytes) -> bytes:
    """One DOCX to PDF (its own LibreOffice process and profile)."""
    return docx_to_pdf_many([("document", data)])["document"]
