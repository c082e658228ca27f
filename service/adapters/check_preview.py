"""Where each finding sits on the printed page: a bookmark on each paragraph a finding names,
converted by LibreOffice (which exports bookmarks as PDF named destinations), read back as a
page number and a height on that page. None of the document's text changes."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

from lxml import etree
from pypdf import PdfReader

from service.adapters.docx_props import iter_paragraphs
from service.adapters.docx_zip import DocxReadError, Package, ReadLimits, W

MARK = "vbchk"  # bookmark names vbchk000012: letters and digits only (no PDF name escaping)
_MARK_ID = 2_100_000_000


@dataclass(frozen=True)
class Place:
    trang: int  # 1-based page
    y: float  # top of the paragraph, 0 (top of the page) .. 1
    ti_le: float  # page height / page width


def mark_name(doan: int) -> str:
    """The bookmark on paragraph `doan`.

    >>> mark_name(12)
    'vbchk000012'
    """
    return f"{MARK}{doan:06d}"


def mark_paragraphs(docx: bytes, indices: Iterable[int], limits: ReadLimits | None = None) -> bytes:
    """`docx` with a bookmark at the start of each paragraph of `indices` (reader's numbering)."""
    wanted = set(indices)
    pkg = Package(docx, limits or ReadLimits())
    main = pkg.main_part()
    root = pkg.xml(main)
    if root is None:
        raise DocxReadError("Không đọc được tệp.", "no main part")
    body = root.find(f"{{{W}}}body")
    for i, p in enumerate(list(iter_paragraphs(body)) if body is not None else []):
        if i not in wanted:
            continue
        start = etree.Element(f"{{{W}}}bookmarkStart")
        start.set(f"{{{W}}}id", str(_MARK_ID + i))
        start.set(f"{{{W}}}name", mark_name(i))
        end = etree.Element(f"{{{W}}}bookmarkEnd")
        end.set(f"{{{W}}}id", str(_MARK_ID + i))
        at = 1 if len(p) and p[0].tag == f"{{{W}}}pPr" else 0
        p.insert(at, end)
        p.insert(at, start)
    xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = xml if info.filename.lstrip("/") == main else pkg.read(info.filename)
            dst.writestr(info.filename, data or b"")
    return out.getvalue()


def places(pdf: bytes) -> dict[int, Place]:
    """Paragraph index -> its place on the pages, from the named destinations of `pdf`."""
    reader = PdfReader(io.BytesIO(pdf))
    out: dict[int, Place] = {}
    for name, dest in reader.named_destinations.items():
        key = str(name).lstrip("/")
        if not (key.startswith(MARK) and key[len(MARK) :].isdigit()):
            continue
        number = reader.get_destination_page_number(dest)
        box = reader.pages[number].mediabox
        width, height = float(box.width), float(box.height)
        top = getattr(dest, "top", None)
        y = 0.0 if top is None else min(max(1 - (float(top) - float(box.bottom)) / height, 0.0), 1.0)
        out[int(key[len(MARK) :])] = Place(number + 1, y, height / width if width else 1.414)
    return out


def page_aspects(pdf: bytes) -> list[float]:
    """Height / width of each page of `pdf`."""
    reader = PdfReader(io.BytesIO(pdf))
    out = []
    for page in reader.pages:
        box = page.mediabox
        out.append(float(box.height) / float(box.width) if float(box.width) else 1.414)
    return out
