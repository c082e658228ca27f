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
