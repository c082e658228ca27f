"""Templates as another office would make them: python-docx, plain docxtpl tags, nothing of ours."""

from __future__ import annotations

import io
import zipfile

import docx


def make_docx(*paragraphs: str, table: list[list[str]] | None = None, header: str | None = None) -> bytes:
    """A .docx from python-docx's default template with these paragraphs (and a table)."""
    d = docx.Document()
    for text in paragraphs:
        d.add_paragraph(text)
    if table:
        t = d.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, text in enumerate(row):
                t.cell(r, c).text = text
    if header is not None:
        d.sections[0].header.paragraphs[0].text = header
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def zip_bomb(size: int = 300 * 1024 * 1024) -> bytes:
    """A .docx-looking zip whose document.xml inflates to `size` bytes of zeros."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w") as fh:
            block = b"0" * (1 << 20)
            for _ in range(size >> 20):
                fh.write(block)
    return buf.getvalue()
