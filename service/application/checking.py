"""The checking use case (kiểm tra thể thức): a .docx in, findings out, or the same document
with a Word comment at each finding. Called by the API (/api/v1/kiem-tra) and the clerks' page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from service.adapters.check_preview import Place, mark_paragraphs, page_aspects, places
from service.adapters.docx_comments import add_comments
from service.adapters.docx_reader import DocxReadError, ReadLimits, read_document
from service.adapters.pdf import pdf_to_png_pages
from service.domain.checking import Report, check
from service.errors import PayloadTooLarge, UnreadableDocument, as_problem

MAX_MARKS = 400  # paragraphs located on the pages
MAX_PREVIEW_PAGES = 30
MSG_EMPTY = "Chưa chọn tệp hoặc tệp trống. Hãy chọn một tệp Word (.docx) để kiểm tra."


@dataclass(frozen=True)
class Checked:
    report: Report
    commented: bytes | None = None


class CheckingService:
    def __init__(self, max_bytes: int, max_paragraphs: int) -> None:
        self.limits = ReadLimits(max_bytes=max_bytes, max_paragraphs=max_paragraphs)

    def check(self, data: bytes, *, comments: bool = False) -> Checked:
        """Findings of `data`; with `comments`, also the document with a comment at each one.

        Raises UnreadableDocument (422) for anything that is not a readable .docx and
        PayloadTooLarge (413) above the limits; never anything else for bad input.
        """
        if not data:
            raise UnreadableDocument(MSG_EMPTY)
        if len(data) > self.limits.max_bytes:
            raise PayloadTooLarge(
                f"Tệp quá lớn để kiểm tra: giới hạn là {self.limits.max_bytes // (1024 * 1024)} MB.",
                cause=f"{len(data)} bytes",
            )
        try:
            report = check(read_document(data, self.limits))
            commented = add_comments(data, report.findings) if comments else None
        except DocxReadError as exc:
            raise as_problem(exc) from exc
        return Checked(report, commented)


@dataclass(frozen=True)
class Preview:
    pages: list[bytes]  # PNG of each page
    aspects: list[float]  # height / width of each page
    places: dict[int, Place]  # paragraph index -> page and height


def preview(
    converter: Any, data: bytes, indices: list[int], *, dpi: int = 96, timeout: float | None = None
) -> Preview:
    """Pages of `data` as images and where the paragraphs `indices` are on them (LibreOffice)."""
    marked = mark_paragraphs(data, indices[:MAX_MARKS])
    pdf = converter.convert(marked, timeout=timeout, destinations=True)
    found = places(pdf)
    pngs = pdf_to_png_pages(pdf, dpi=dpi, last=MAX_PREVIEW_PAGES)
    return Preview(pngs, page_aspects(pdf)[: len(pngs)], found)
