"""Merging rendered documents of one template into a single .docx, each from a new page.

All documents of a batch come from the same template, so they share every part except
``word/document.xml`` (styles, headers, relationship ids).  The merged file is the first
document's package with a new ``document.xml`` whose body is the bodies concatenated.
Each document's final body ``w:sectPr`` becomes a paragraph-level ``w:sectPr`` of type
``nextPage`` closing that document's last section, so every document keeps its own page
numbering restart (``w:pgNumType w:start``) and different first page (``w:titlePg``).
The last document's ``w:sectPr`` stays the body's final one.

Headers and footers may hold data (the address footer of ô 13): a document whose header or
footer part differs from the first document's gets its own copy of that part (a new part
name and relationship id), and its sections point to it.
"""

from __future__ import annotations

import copy
import io
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterable
from typing import BinaryIO

from lxml import etree

from service.errors import AdapterError

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = "{" + W + "}"
_DOCUMENT = "word/document.xml"
_RELS = "word/_rels/document.xml.rels"
_CONTENT_TYPES = "[Content_Types].xml"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_HDR_FTR = re.compile(r"^word/(header|footer)\d+\.xml$")
# Children of w:sectPr that precede w:type in the schema order (CT_SectPr).
_BEFORE_TYPE = {_W + "headerReference", _W + "footerReference", _W + "footnotePr", _W + "endnotePr"}


class MergeError(AdapterError):
    """A part is not a .docx this module can merge."""


def _body(xml: bytes) -> tuple[etree._Element, etree._Element]:
    root = etree.fromstring(xml)
    body = root.find(_W + "body")
    if body is None:
        raise MergeError("document.xml has no w:body")
    return root, body


def _as_next_page(sect: etree._Element) -> etree._Element:
    """A copy of a section's properties starting on a new page."""
    sect = copy.deepcopy(sect)
    for old in sect.findall(_W + "type"):
        sect.remove(old)
    kind = etree.Element(_W + "type")
    kind.set(_W + "val", "nextPage")
    position = sum(1 for child in sect if child.tag in _BEFORE_TYPE)
    sect.insert(position, kind)
    return sect


def _closing_paragraph(sect: etree._Element) -> etree._Element:
    """An empty paragraph carrying the section break (w:pPr/w:sectPr)."""
    p = etree.Element(_W + "p")
    ppr = etree.SubElement(p, _W + "pPr")
    ppr.append(_as_next_page(sect))
    return p


def merge_docx(documents: Iterable[bytes]) -> bytes:
    """One .docx holding every document in order, each starting on a new page.

    The documents must come from the same template (shared parts and relationship ids).
    """
    out = io.BytesIO()
    merge_docx_to(documents, out)
    return out.getvalue()


def merge_docx_to(documents: Iterable[bytes], out: BinaryIO) -> None:
    """``merge_docx`` written to ``out``, streaming: one document in memory at a time.

    Each document's body is serialized as it comes into a temporary file (the merged
    ``document.xml`` is then copied into the package), and the header/footer copies go to a
    temporary archive, so a batch of 20,000 decisions costs the memory of one of them.
    """
    base_zip: bytes | None = None
    head = tail = b""
    pending: etree._Element | None = None  # the previous document's final sectPr
    base_parts: dict[str, bytes] = {}  # the first document's headers and footers
    extra: list[tuple[str, str]] = []  # (relationship id, part name) of own copies
    rel_ids: dict[str, str] = {}  # part name -> relationship id (same template: same ids)
    count = 0
    with tempfile.TemporaryFile() as body_file, tempfile.TemporaryFile() as extra_file:
        with zipfile.ZipFile(extra_file, "w", zipfile.ZIP_DEFLATED) as extras:
            for data in documents:
                try:
                    with zipfile.ZipFile(io.BytesIO(data)) as zf:
                        xml = zf.read(_DOCUMENT)
                        parts = {n: zf.read(n) for n in zf.namelist() if _HDR_FTR.match(n)}
                        if base_zip is None:
                            rel_ids = _relationship_ids(zf.read(_RELS)) if _RELS in zf.namelist() else {}
                except (zipfile.BadZipFile, KeyError) as exc:
                    raise MergeError(f"document {count}: {exc}") from exc
                doc_root, body = _body(xml)
                if base_zip is None:
                    base_parts = parts
                else:
                    renamed = {}
                    for name, part in parts.items():
                        if part != base_parts.get(name) and name in rel_ids:
                            new_name = f"{name[:-4]}_{count}.xml"
                            new_id = f"{rel_ids[name]}_{count}"
                            extras.writestr(new_name, part)
                            extra.append((new_id, new_name))
                            renamed[rel_ids[name]] = new_id
                    if renamed:
                        for ref in body.iter(_W + "headerReference", _W + "footerReference"):
                            old = ref.get(_R + "id")
                            if old in renamed:
                                ref.set(_R + "id", renamed[old])
                children = list(body)
                final = children[-1] if children and children[-1].tag == _W + "sectPr" else None
                if final is not None:
                    body.remove(final)
                if pending is not None:
                    body.insert(0, _closing_paragraph(pending))
                if base_zip is None:
                    base_zip = data
                    head, tail = _wrapper(doc_root, body)
                body_file.write(_inner(body))
                pending = final
                count += 1
                del doc_root, body, children, xml, data
        if base_zip is None:
            raise MergeError("no documents to merge")
        if pending is not None:
            body_file.write(etree.tostring(pending, encoding="UTF-8"))
        body_file.seek(0)
        with (
            zipfile.ZipFile(io.BytesIO(base_zip)) as src,
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
        ):
            for info in src.infolist():
                if info.filename == _DOCUMENT:
                    with dst.open(_DOCUMENT, "w", force_zip64=True) as member:
                        member.write(head)
                        shutil.copyfileobj(body_file, member, 1 << 20)
                        member.write(tail)
                    continue
                payload = src.read(info.filename)
                if extra and info.filename in (_RELS, _CONTENT_TYPES):
                    payload = _with_extra_parts(info.filename, payload, extra)
                dst.writestr(info.filename, payload, compress_type=zipfile.ZIP_DEFLATED)
            extra_file.seek(0)
            with zipfile.ZipFile(extra_file) as copies:
                for name in copies.namelist():
                    dst.writestr(name, copies.read(name), compress_type=zipfile.ZIP_DEFLATED)


def _wrapper(root: etree._Element, body: etree._Element) -> tuple[bytes, bytes]:
    """The merged document.xml around its body's content: (start through ``<w:body>``,
    ``</w:body>`` through the end), from the first document with a marker in its body."""
    kept = list(body)
    for child in kept:
        body.remove(child)
    marker = etree.SubElement(body, "vb-merge-marker")
    xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    body.remove(marker)
    for child in kept:
        body.append(child)
    head, _, tail = xml.partition(b"<vb-merge-marker/>")
    return head, tail


def _inner(body: etree._Element) -> bytes:
    """A body's children serialized, without the body's own tags (the root declares the same
    namespaces: every document comes from the same template)."""
    xml = etree.tostring(body, encoding="UTF-8")
    start = xml.index(b">") + 1
    if xml[start - 2 : start] == b"/>":
        return b""
    return xml[start : xml.rindex(b"</")]


def _relationship_ids(rels: bytes) -> dict[str, str]:
    """Part name (``word/footer1.xml``) -> relationship id of the document's relationships."""
    root = etree.fromstring(rels)
    return {"word/" + r.get("Target", ""): r.get("Id", "") for r in root.iter(f"{{{_PKG_RELS}}}Relationship")}


def _with_extra_parts(name: str, payload: bytes, extra: list[tuple[str, str]]) -> bytes:
    """The relationships or content types of the package with the copied parts added."""
    root = etree.fromstring(payload)
    for rel_id, part in extra:
        kind = "footer" if "/footer" in part else "header"
        if name == _RELS:
            rel = etree.SubElement(root, f"{{{_PKG_RELS}}}Relationship")
            rel.set("Id", rel_id)
            rel.set("Type", f"http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}")
            rel.set("Target", part.removeprefix("word/"))
        else:
            over = etree.SubElement(root, f"{{{_CT}}}Override")
            over.set("PartName", "/" + part)
            over.set(
                "ContentType", f"application/vnd.openxmlformats-officedocument.wordprocessingml.{kind}+xml"
            )
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
