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
import zipfile
from collections.abc import Iterable

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
    base_zip: bytes | None = None
    root: etree._Element | None = None
    merged_body: etree._Element | None = None
    pending: etree._Element | None = None  # the previous document's final sectPr
    base_parts: dict[str, bytes] = {}  # the first document's headers and footers
    extra: list[tuple[str, str, bytes]] = []  # (relationship id, part name, xml) of own copies
    rel_ids: dict[str, str] = {}  # part name -> relationship id (same template: same ids)
    count = 0
    for data in documents:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                xml = zf.read(_DOCUMENT)
                parts = {n: zf.read(n) for n in zf.namelist() if _HDR_FTR.match(n)}
                if root is None:
                    rel_ids = _relationship_ids(zf.read(_RELS)) if _RELS in zf.namelist() else {}
        except (zipfile.BadZipFile, KeyError) as exc:
            raise MergeError(f"document {count}: {exc}") from exc
        doc_root, body = _body(xml)
        if root is None:
            base_parts = parts
        else:
            renamed = {}
            for name, part in parts.items():
                if part != base_parts.get(name) and name in rel_ids:
                    new_name = f"{name[:-4]}_{count}.xml"
                    new_id = f"{rel_ids[name]}_{count}"
                    extra.append((new_id, new_name, part))
                    renamed[rel_ids[name]] = new_id
            if renamed:
                for ref in body.iter(_W + "headerReference", _W + "footerReference"):
                    old = ref.get(_R + "id")
                    if old in renamed:
                        ref.set(_R + "id", renamed[old])
        children = list(body)
        final = children[-1] if children and children[-1].tag == _W + "sectPr" else None
        if final is not None:
            children = children[:-1]
        if root is None:
            base_zip, root, merged_body = data, doc_root, body
            if final is not None:
                body.remove(final)
            pending = final
        else:
            assert merged_body is not None
            if pending is not None:
                merged_body.append(_closing_paragraph(pending))
            for child in children:
                merged_body.append(child)
            pending = final
        count += 1
    if root is None or base_zip is None or merged_body is None:
        raise MergeError("no documents to merge")
    if pending is not None:
        merged_body.append(pending)
    new_xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return _replace_members(base_zip, {_DOCUMENT: new_xml}, extra)


def _relationship_ids(rels: bytes) -> dict[str, str]:
    """Part name (``word/footer1.xml``) -> relationship id of the document's relationships."""
    root = etree.fromstring(rels)
    return {"word/" + r.get("Target", ""): r.get("Id", "") for r in root.iter(f"{{{_PKG_RELS}}}Relationship")}


def _with_extra_parts(name: str, payload: bytes, extra: list[tuple[str, str, bytes]]) -> bytes:
    """The relationships or content types of the package with the copied parts added."""
    root = etree.fromstring(payload)
    for rel_id, part, _xml in extra:
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


def _replace_members(
    package: bytes, replaced: dict[str, bytes], extra: list[tuple[str, str, bytes]]
) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            payload = replaced.get(info.filename) or src.read(info.filename)
            if extra and info.filename in (_RELS, _CONTENT_TYPES):
                payload = _with_extra_parts(info.filename, payload, extra)
            dst.writestr(info.filename, payload, compress_type=zipfile.ZIP_DEFLATED)
        for _, part, xml in extra:
            dst.writestr(part, xml, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()
