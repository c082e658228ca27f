"""Many documents to PDF in few LibreOffice calls: merge, convert once, split by page ranges.

LibreOffice's fixed cost per call (loading, layout start-up, export) dominates a one-page
decision, so a batch is converted in chunks: each chunk's documents are merged into one .docx
(`docx_merge`: each document from a new page with its own page numbering), with a bookmark
on each document's first paragraph; LibreOffice exports the bookmarks as PDF named
destinations, whose pages give each document's exact page range; pypdf cuts the chunk's PDF
there. Chunks go to the converters in parallel. The ranges are checked (one destination per
document, strictly increasing from page 1): a chunk that does not add up is converted one
document at a time instead, never split by guess.

    pdfs = documents_to_pdfs(converter, docx_list)      # one PDF per document, in order
    pdf = documents_to_one_pdf(converter, docx_list)    # one PDF, each document from a new page
"""

from __future__ import annotations

import io
import itertools
import logging
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from lxml import etree
from pypdf import PdfReader, PdfWriter

from service.adapters.docx_merge import merge_docx

logger = logging.getLogger(__name__)

CHUNK = 40  # documents per LibreOffice call: ~1 s of work, well under its timeout
CHUNK_BYTES = 2 * 1024 * 1024  # and at most this much .docx (long lists make big documents)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DOCUMENT = "word/document.xml"
MARK = "vbdoc"  # bookmark names: vbdoc000000 … (letters and digits only: no PDF name escaping)
_MARK_ID = 2_000_000_000  # bookmark ids far above any a template uses


def mark_name(index: int) -> str:
    """The bookmark that starts document `index` of a chunk.

    >>> mark_name(7)
    'vbdoc000007'
    """
    return f"{MARK}{index:06d}"


def _with_mark(docx: bytes, index: int) -> bytes:
    """The .docx with a bookmark on its body's first paragraph (none of its text changes)."""
    with zipfile.ZipFile(io.BytesIO(docx)) as src:
        root = etree.fromstring(src.read(_DOCUMENT))
        paragraph = next(root.find(W + "body").iter(W + "p"), None)  # type: ignore[union-attr]
        if paragraph is None:
            raise ValueError("document without a paragraph")
        start = etree.Element(W + "bookmarkStart")
        start.set(W + "id", str(_MARK_ID + index))
        start.set(W + "name", mark_name(index))
        end = etree.Element(W + "bookmarkEnd")
        end.set(W + "id", str(_MARK_ID + index))
        at = 1 if len(paragraph) and paragraph[0].tag == W + "pPr" else 0
        paragraph.insert(at, end)
        paragraph.insert(at, start)
        xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                dst.writestr(info, xml if info.filename == _DOCUMENT else src.read(info.filename))
    return out.getvalue()


def page_starts(pdf: bytes, count: int) -> list[int] | None:
    """0-based first page of each of `count` documents from the PDF's named destinations, or
    None when they do not describe `count` consecutive documents starting on page 1."""
    reader = PdfReader(io.BytesIO(pdf))
    found: dict[int, int] = {}
    for name, dest in reader.named_destinations.items():
        key = str(name).lstrip("/")
        if key.startswith(MARK) and key[len(MARK) :].isdigit():
            found[int(key[len(MARK) :])] = reader.get_destination_page_number(dest)
    starts = [found.get(i, -1) for i in range(count)]
    ok = (
        len(found) == count
        and starts[0] == 0
        and all(a < b for a, b in itertools.pairwise(starts))
        and starts[-1] < len(reader.pages)
    )
    return starts if ok else None


def split_pages(pdf: bytes, starts: Sequence[int]) -> list[bytes]:
    """The PDF cut into documents beginning at the 0-based pages `starts`."""
    reader = PdfReader(io.BytesIO(pdf))
    ends = [*starts[1:], len(reader.pages)]
    out = []
    for first, stop in zip(starts, ends, strict=True):
        writer = PdfWriter()
        for number in range(first, stop):
            writer.add_page(reader.pages[number])
        buf = io.BytesIO()
        writer.write(buf)
        out.append(buf.getvalue())
    return out


def _convert_chunk(converter: Any, docs: Sequence[bytes]) -> list[bytes]:
    """PDFs of a chunk's documents: one call for the chunk, one per document as a fallback."""
    if len(docs) == 1:
        return [converter.convert(docs[0])]
    merged = merge_docx(_with_mark(d, i) for i, d in enumerate(docs))
    pdf = converter.convert(merged, destinations=True)
    starts = page_starts(pdf, len(docs))
    if starts is None:
        logger.warning("merged PDF of %d documents has no exact page ranges; converting each", len(docs))
        return [converter.convert(d) for d in docs]
    return split_pages(pdf, starts)


def _chunks(docs: Iterable[bytes], size: int, limit: int = CHUNK_BYTES) -> Iterator[list[bytes]]:
    """Runs of at most `size` documents and about `limit` bytes (a larger one goes alone).

    >>> [len(c) for c in _chunks([b"x"] * 5, 2)]
    [2, 2, 1]
    >>> [len(c) for c in _chunks([b"x" * 6, b"x" * 3, b"x", b"x" * 9], 10, limit=8)]
    [1, 2, 1]
    """
    part: list[bytes] = []
    held = 0
    for doc in docs:
        if part and (len(part) == size or held + len(doc) > limit):
            yield part
            part, held = [], 0
        part.append(doc)
        held += len(doc)
    if part:
        yield part


def _parallel(converter: Any) -> int:
    return max(1, int(getattr(converter, "workers", 1) or 1))


def iter_pdfs(
    converter: Any,
    docs: Iterable[bytes],
    *,
    chunk: int = CHUNK,
    progress: Callable[[int], None] | None = None,
) -> Iterator[bytes]:
    """One PDF per document, in order, as chunks complete (as many chunks in flight as the
    converter has LibreOffice processes, plus one being prepared)."""
    lanes = _parallel(converter)
    with ThreadPoolExecutor(lanes, thread_name_prefix="pdf-batch") as pool:
        pending: list[Any] = []
        done = 0
        for part in _chunks(docs, chunk):
            pending.append(pool.submit(_convert_chunk, converter, part))
            while len(pending) > lanes:
                for pdf in pending.pop(0).result():
                    done += 1
                    yield pdf
                if progress is not None:
                    progress(done)
        for future in pending:
            for pdf in future.result():
                done += 1
                yield pdf
            if progress is not None:
                progress(done)


def documents_to_pdfs(converter: Any, docs: Iterable[bytes], *, chunk: int = CHUNK) -> list[bytes]:
    """One PDF per document, in order."""
    return list(iter_pdfs(converter, docs, chunk=chunk))


def _merged_chunk(converter: Any, docs: Sequence[bytes]) -> bytes:
    return converter.convert(docs[0] if len(docs) == 1 else merge_docx(docs))


def documents_to_one_pdf(converter: Any, docs: Iterable[bytes], *, chunk: int = CHUNK) -> bytes:
    """One PDF of every document, each from a new page with its own page numbering (the
    merged .docx of each chunk converted once; the chunks' PDFs joined in order)."""
    lanes = _parallel(converter)
    with ThreadPoolExecutor(lanes, thread_name_prefix="pdf-batch") as pool:
        parts = list(pool.map(lambda part: _merged_chunk(converter, part), _chunks(docs, chunk)))
    if len(parts) == 1:
        return parts[0]
    writer = PdfWriter()
    for part in parts:
        writer.append(PdfReader(io.BytesIO(part)))
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()
