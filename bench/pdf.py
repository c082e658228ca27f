"""Benchmark: warm unoserver pool vs one `soffice --convert-to pdf` per document.

    .venv/bin/python bench/pdf.py [--n 50] [--cold-n N] [--workers 2] [--docx PATH]

Both rates are measured in the same run on the same .docx, in alternating
rounds, so the ratio is meaningful even on a noisy machine; absolute times are
not.  The cold baseline uses a fresh LibreOffice profile for every document.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from service.adapters.pdf import (
    PdfConverter,
    convert_cold,
    pdf_page_count,
)

PAGES = [
    ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    + [f"Điều {i}. Ủy ban nhân dân tỉnh giao các sở, ngành thực hiện." for i in range(1, 15)],
    [f"Khoản {i}. Quy định chi tiết về trình tự, thủ tục giải quyết." for i in range(1, 15)],
    ["Nơi nhận: Như Điều 3; Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "Nguyễn Văn Đức"],
]


def build_docx() -> bytes:
    """A 3-page A4 Vietnamese document with a "Trang <PAGE>" header."""
    doc = Document()
    doc.styles["Normal"].font.name = "Times New Roman"
    doc.styles["Normal"].font.size = Pt(14)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    header = section.header.paragraphs[0]
    header.add_run("Trang ")
    for kind in ("begin", "instr", "end"):
        run = header.add_run()
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = " PAGE "
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        run._r.append(el)
    for index, paragraphs in enumerate(PAGES):
        if index:
            doc.add_page_break()
        for text in paragraphs:
            doc.add_paragraph(text)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _share(total: int, rounds: int, index: int) -> int:
    """How many of `total` items round `index` of `rounds` takes (spread evenly)."""
    return total * (index + 1) // rounds - total * index // rounds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=50, help="documents through the warm pool")
    parser.add_argument("--cold-n", type=int, default=None, help="cold documents (default: --n)")
    parser.add_argument("--workers", type=int, default=2, help="unoserver processes")
    parser.add_argument("--rounds", type=int, default=5, help="alternating warm/cold rounds")
    parser.add_argument("--docx", type=Path, help="convert this .docx instead of a built one")
    args = parser.parse_args()
    cold_n = args.n if args.cold_n is None else args.cold_n
    docx = args.docx.read_bytes() if args.docx else build_docx()

    # Warm and cold runs alternate in rounds, so that a change of load on a
    # shared machine hits both sides alike.
    rounds = max(1, min(args.rounds, args.n, cold_n))
    warm = cold = 0.0
    pages: set[int] = set()
    with PdfConverter(workers=args.workers) as converter, ThreadPoolExecutor(args.workers) as pool:
        t0 = time.perf_counter()
        converter.start()
        startup = time.perf_counter() - t0
        for r in range(rounds):
            t0 = time.perf_counter()
            pdfs = list(pool.map(converter.convert, [docx] * _share(args.n, rounds, r)))
            warm += time.perf_counter() - t0
            t0 = time.perf_counter()
            pdfs += [convert_cold(docx) for _ in range(_share(cold_n, rounds, r))]
            cold += time.perf_counter() - t0
            if not all(pdf.startswith(b"%PDF-") for pdf in pdfs):
                raise SystemExit("a conversion returned no PDF")
            pages |= {pdf_page_count(pdf) for pdf in pdfs}
    if len(pages) != 1:
        raise SystemExit(f"warm and cold PDFs differ in page count: {sorted(pages)}")

    warm_rate, cold_rate = args.n / warm, cold_n / cold
    rows = [
        (f"warm unoserver, {args.workers} workers, {args.workers} threads", args.n, warm),
        ("warm incl. start-up", args.n, warm + startup),
        ("soffice --convert-to pdf per doc (cold)", cold_n, cold),
    ]
    print(f"document: {len(docx)} bytes .docx, {pages.pop()} PDF pages; {rounds} alternating rounds")
    print(f"{'method':<44} {'docs':>5} {'seconds':>8} {'docs/s':>7}")
    for name, count, seconds in rows:
        print(f"{name:<44} {count:>5} {seconds:>8.2f} {count / seconds:>7.2f}")
    print(f"warm start-up (reported separately): {startup:.2f} s")
    print(f"ratio warm/cold: {warm_rate / cold_rate:.1f}x documents per second")


if __name__ == "__main__":
    main()
