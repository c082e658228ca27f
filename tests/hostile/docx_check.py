"""Strict checks of returned .docx files: every XML part parsed strictly, the text extracted."""

from __future__ import annotations

import io
import zipfile

import docx
from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_STRICT = etree.XMLParser(resolve_entities=False, no_network=True, recover=False, huge_tree=True)


def strict_parts(data: bytes) -> dict[str, etree._Element]:
    """Every XML part of a .docx parsed strictly (raises on any malformed part)."""
    parts = {}
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.testzip() is None
        for name in zf.namelist():
            if name.endswith((".xml", ".rels")):
                parts[name] = etree.fromstring(zf.read(name), _STRICT)
    return parts


def document_text(data: bytes) -> str:
    """The text of the body, headers and footers: one line per paragraph, breaks as newlines.

    Also proves python-docx opens the file and every XML part parses strictly.
    """
    docx.Document(io.BytesIO(data))
    lines = []
    for name, root in strict_parts(data).items():
        if not name.startswith("word/") or not name.endswith(".xml"):
            continue
        for p in root.iter(f"{W}p"):
            chunks = []
            for el in p.iter(f"{W}t", f"{W}br", f"{W}tab"):
                chunks.append(el.text or "" if el.tag == f"{W}t" else ("\n" if el.tag == f"{W}br" else " "))
            lines.append("".join(chunks))
    return "\n".join(lines)
