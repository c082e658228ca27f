"""Lines of a PDF as LibreOffice laid them out: pdftotext's word boxes joined per line."""

from __future__ import annotations

import subprocess
import unicodedata
from pathlib import Path
from xml.etree import ElementTree as ET

_NS = "{http://www.w3.org/1999/xhtml}"


def pdf_pages(pdf: Path) -> list[list[str]]:
    """For each page, its text lines in reading order (words joined by one space, NFC)."""
    xhtml = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    root = ET.fromstring(xhtml)
    pages = []
    for page in root.iter(f"{_NS}page"):
        lines = []
        for line in page.iter(f"{_NS}line"):
            words = [w.text or "" for w in line.iter(f"{_NS}word")]
            lines.append(unicodedata.normalize("NFC", " ".join(words)))
        pages.append(lines)
    return pages


def on_one_line(lines: list[str], text: str) -> bool:
    """True when `text` (spaces collapsed) is one whole laid-out line."""
    return " ".join(text.split()) in lines


def convert_fixtures(kinds, load, out: Path) -> Path:  # type: ignore[no-untyped-def]
    """Render each kind's fixture (`load(kind)`) through the API into `out`/<kind>.docx and
    convert them all in one cold LibreOffice call into `out`/<kind>.pdf."""
    import shutil

    from service import create_app

    assert shutil.which("soffice"), "LibreOffice is installed by scripts/install-system-deps.sh"
    client = create_app({"PDF_ENABLED": False, "DATA_DIR": str(out / "var")}).test_client()
    names = []
    for kind in kinds:
        resp = client.post(f"/api/v1/documents/{kind}", json=load(kind))
        assert resp.status_code == 200, resp.get_data(as_text=True)
        (out / f"{kind}.docx").write_bytes(resp.data)
        names.append(str(out / f"{kind}.docx"))
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{out}/profile", "--headless", "--convert-to", "pdf",
         "--outdir", str(out), *names],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return out
