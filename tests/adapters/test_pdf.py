"""PDF adapter against the real LibreOffice (through its bridge) and poppler-utils."""

from __future__ import annotations

import io
import os
import signal
import struct
import time
import unicodedata
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from service.adapters.lo_worker import live_group_members
from service.adapters.pdf import (
    MSG_NO_LIBREOFFICE,
    MSG_NO_POPPLER,
    MSG_NO_UNO,
    MSG_TIMEOUT,
    PdfConversionError,
    PdfConverter,
    PdfUnavailable,
    convert_cold,
    pdf_page_count,
    pdf_text,
    pdf_to_png_pages,
)
from tests.adapters.lo_procs import live_processes_mentioning

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PAGES = [
    [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Cộng hòa xã hội chủ nghĩa Việt Nam",
        "Độc lập - Tự do - Hạnh phúc",
    ],
    [
        "Quyết định về việc ban hành Quy chế làm việc",
        "Điều 1. Ủy ban nhân dân tỉnh Đắk Lắk giao nhiệm vụ.",
    ],
    [
        "Nơi nhận: Như Điều 3; Lưu: VT, TCCB.",
        "Người ký: Nguyễn Thị Hường",
    ],
]


def _add_page_field(paragraph) -> None:  # type: ignore[no-untyped-def]
    """Append a complex PAGE field (begin / instr / separate / result / end)."""
    for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None),
                       ("result", "1"), ("end", None)):  # fmt: skip
        run = paragraph.add_run()
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        elif kind == "result":
            run.text = text
        else:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)


def build_docx(pages: list[list[str]]) -> bytes:
    """A4 document, one list of paragraphs per page, header "Trang <PAGE>"."""
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(14)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    header = section.header.paragraphs[0]
    header.add_run("Trang ")
    _add_page_field(header)
    for index, paragraphs in enumerate(pages):
        if index:
            doc.add_page_break()
        for text in paragraphs:
            doc.add_paragraph(text)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def page_texts(pdf: bytes) -> list[str]:
    """pdftotext output split at the form feed that ends every page."""
    return nfc(pdf_text(pdf)).split("\f")[:-1]


def png_size(png: bytes) -> tuple[int, int]:
    assert png[12:16] == b"IHDR"
    return struct.unpack(">II", png[16:24])


@pytest.fixture(scope="module")
def converter():  # type: ignore[no-untyped-def]
    conv = PdfConverter(workers=2, timeout=60)
    yield conv
    conv.close()


@pytest.fixture(scope="module")
def sample_docx() -> bytes:
    return build_docx(PAGES)


@pytest.fixture(scope="module")
def sample_pdf(converter: PdfConverter, sample_docx: bytes) -> bytes:
    return converter.convert(sample_docx)


def test_pdf_has_pages_vietnamese_text_and_page_numbers(sample_pdf: bytes) -> None:
    assert sample_pdf.startswith(b"%PDF-")
    assert pdf_page_count(sample_pdf) == len(PAGES)
    texts = page_texts(sample_pdf)
    assert len(texts) == len(PAGES)
    for number, (text, paragraphs) in enumerate(zip(texts, PAGES, strict=True), start=1):
        assert f"Trang {number}" in text
        for paragraph in paragraphs:
            assert nfc(paragraph) in text


def test_two_conversions_in_a_row(converter: PdfConverter) -> None:
    first = converter.convert(build_docx([["Thông báo số 1"]]))
    second = converter.convert(build_docx([["Thông báo số 2"], ["Trang cuối"]]))
    assert "Thông báo số 1" in nfc(pdf_text(first))
    assert "Thông báo số 2" in nfc(pdf_text(second))
    assert (pdf_page_count(first), pdf_page_count(second)) == (1, 2)


def test_concurrent_conversions_keep_documents_apart(converter: PdfConverter) -> None:
    markers = [f"Công văn số {i}/UBND-VP về việc Đắk Nông" for i in range(8)]
    docs = [build_docx([[marker]]) for marker in markers]
    with ThreadPoolExecutor(max_workers=4) as pool:
        pdfs = list(pool.map(converter.convert, docs))
    for index, pdf in enumerate(pdfs):
        text = nfc(pdf_text(pdf))
        assert markers[index] in text
        assert all(other not in text for i, other in enumerate(markers) if i != index)


@pytest.mark.parametrize(
    "garbage",
    [
        b"",
        b"this is not a word document \x00\x01\x02" * 20,
        b"PK\x03\x04" + bytes(range(256)) * 4,
    ],
    ids=["empty", "random-bytes", "broken-zip"],
)
def test_garbage_raises_conversion_error(converter: PdfConverter, garbage: bytes) -> None:
    with pytest.raises(PdfConversionError) as info:
        converter.convert(garbage)
    assert info.value.public_message.startswith("Không tạo được PDF")
    assert str(info.value)  # the logged cause is kept apart


def test_zip_that_is_not_docx_raises_and_converter_still_works(converter: PdfConverter) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("ghi-chu.txt", "Không phải văn bản Word")
    with pytest.raises(PdfConversionError):
        converter.convert(buf.getvalue())
    pdf = converter.convert(build_docx([["Sau lỗi vẫn chạy"]]))
    assert "Sau lỗi vẫn chạy" in nfc(pdf_text(pdf))


def test_killed_server_is_restarted(converter: PdfConverter) -> None:
    converter.start()  # no-op when an earlier test started it
    before = converter.server_pids()
    assert len(before) == 2
    victim = before[0]
    os.kill(victim, signal.SIGKILL)  # its LibreOffice children are orphaned
    for i in range(2):  # idle servers are handed out in turn: both get used
        pdf = converter.convert(build_docx([[f"Sau khi khởi động lại {i}"]]))
        assert f"Sau khi khởi động lại {i}" in nfc(pdf_text(pdf))
    after = converter.server_pids()
    assert len(after) == 2
    assert victim not in after
    assert live_group_members(victim) == []  # the orphaned soffice is gone too


def test_hung_libreoffice_times_out_and_is_replaced() -> None:
    with PdfConverter(workers=1, timeout=8) as conv:
        conv.start()
        (server,) = conv.server_pids()
        (soffice,) = conv.soffice_pids()
        os.kill(soffice, signal.SIGSTOP)  # LibreOffice stops answering
        with pytest.raises(PdfConversionError) as info:
            conv.convert(build_docx([["Văn bản gặp lúc treo"]]))
        assert info.value.public_message == MSG_TIMEOUT
        assert live_group_members(server) == []  # killed at once, not left working
        end = time.monotonic() + 60  # a fresh LibreOffice starts in the background (1-3 s)
        while not conv.soffice_pids() and time.monotonic() < end:
            time.sleep(0.1)
        pdf = conv.convert(build_docx([["Văn bản sau khi treo"]]))
        assert "Văn bản sau khi treo" in nfc(pdf_text(pdf))
        (replacement,) = conv.server_pids()
        assert replacement != server


def test_close_leaves_no_process_and_no_profile() -> None:
    conv = PdfConverter(workers=1)
    conv.convert(build_docx([["Đóng bộ chuyển đổi"]]))
    root = conv.profile_root()
    assert root is not None and root.is_dir()
    running = live_processes_mentioning(str(root))
    assert len(running) >= 2  # the bridge and its soffice.bin
    conv.close()
    deadline = time.monotonic() + 10  # bounded wait for the kernel to reap
    while live_processes_mentioning(str(root)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert live_processes_mentioning(str(root)) == []
    assert not root.exists()
    assert conv.server_pids() == []


def test_missing_libreoffice_is_reported() -> None:
    conv = PdfConverter(soffice="/nonexistent/soffice")
    assert conv.available() is False
    with pytest.raises(PdfUnavailable) as info:
        conv.convert(build_docx([["x"]]))
    assert info.value.public_message == MSG_NO_LIBREOFFICE
    with pytest.raises(PdfUnavailable):
        convert_cold(b"PK", soffice="/nonexistent/soffice")


def test_missing_uno_python_is_reported(tmp_path: Path) -> None:
    conv = PdfConverter(uno_python=str(tmp_path / "bin" / "python"))
    assert conv.available() is False
    with pytest.raises(PdfUnavailable) as info:
        conv.start()
    assert info.value.public_message == MSG_NO_UNO


def test_installed_converter_is_available(converter: PdfConverter) -> None:
    assert converter.available() is True


def test_cold_conversion_gives_the_same_text(sample_docx: bytes, sample_pdf: bytes) -> None:
    cold = convert_cold(sample_docx)
    assert cold.startswith(b"%PDF-")
    assert page_texts(cold) == page_texts(sample_pdf)
    with pytest.raises(PdfConversionError):
        convert_cold(b"not a docx")


def test_png_previews_one_per_page(sample_pdf: bytes) -> None:
    pages = pdf_to_png_pages(sample_pdf, dpi=60)
    assert len(pages) == len(PAGES)
    for png in pages:
        assert png.startswith(PNG_SIGNATURE)
        width, height = png_size(png)
        # A4 = 210 × 297 mm at 60 dpi ≈ 496 × 702 px
        assert abs(width - 210 / 25.4 * 60) <= 2
        assert abs(height - 297 / 25.4 * 60) <= 2
    assert pdf_to_png_pages(sample_pdf, dpi=60, first=2, last=3) == pages[1:]
    small = pdf_to_png_pages(sample_pdf, dpi=30, last=1)
    assert len(small) == 1
    assert abs(png_size(small[0])[0] - 210 / 25.4 * 30) <= 2


def test_poppler_errors(sample_pdf: bytes, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    with pytest.raises(PdfConversionError):
        pdf_page_count(b"%PDF-1.4 broken")
    monkeypatch.setenv("PATH", str(tmp_path))  # a PATH without poppler-utils
    for call in (pdf_page_count, pdf_text, pdf_to_png_pages):
        with pytest.raises(PdfUnavailable) as info:
            call(sample_pdf)
        assert info.value.public_message == MSG_NO_POPPLER
