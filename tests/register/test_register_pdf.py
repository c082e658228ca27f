"""PDF with the real LibreOffice converter: a stored document (?format=pdf) and the printed
register in landscape, its header rows repeated on the second page (SQLite only: the PDF path
does not depend on the database)."""

from __future__ import annotations

import datetime as dt
import subprocess
import tempfile
import unicodedata

import pytest

from service import create_app
from service.adapters.pdf import pdf_page_count, pdf_text
from tests.register.conftest import Clock, document


def norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def page_size_pts(pdf: bytes) -> tuple[float, float]:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        out = subprocess.run(["pdfinfo", f.name], capture_output=True, check=True, text=True).stdout
    line = next(x for x in out.splitlines() if x.startswith("Page size:"))
    w, _x, h = line.split(":", 1)[1].split()[:3]
    return float(w), float(h)


@pytest.fixture(scope="module")
def pdf_client(tmp_path_factory):
    app = create_app(
        {
            "DATA_DIR": str(tmp_path_factory.mktemp("reg-pdf")),
            "TESTING": True,
            "PDF_ENABLED": True,
            "PDF_WORKERS": 1,
        }
    )
    app.extensions["register"].today = Clock(dt.date(2026, 5, 4))
    yield app.test_client()
    app.extensions["pdf"].close()
    app.extensions["db"].dispose()


def test_stored_document_as_pdf(pdf_client):
    entry = pdf_client.post("/api/v1/van-ban-di/ke-hoach", json=document()).json
    r = pdf_client.get(entry["tai_lieu"] + "?format=pdf")
    assert r.status_code == 200 and r.mimetype == "application/pdf"
    text = norm(pdf_text(r.data))
    assert "Số: 01/KH-UBND" in text and "ngày 04 tháng 5 năm 2026" in text


def test_printed_register_as_pdf_repeats_its_header(pdf_client):
    for i in range(60):
        pdf_client.post("/api/v1/van-ban-di/ke-hoach", json=document(trich_yeu=f"Kế hoạch thứ {i}\nhai dòng"))
    r = pdf_client.get("/api/v1/so-dang-ky?format=pdf&nam=2026")
    assert r.status_code == 200 and r.mimetype == "application/pdf"
    pdf = r.data
    width, height = page_size_pts(pdf)
    assert width > height  # landscape
    assert pdf_page_count(pdf) >= 2
    pages = pdf_text(pdf).split("\f")
    assert "SỔ ĐĂNG KÝ VĂN BẢN ĐI" in norm(pages[0])
    second = norm(pages[1])
    assert "Người ký" in second and "(10)" in second  # header rows again on page 2
