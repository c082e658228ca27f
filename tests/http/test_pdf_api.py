"""POST /api/v1/documents/{id}?format=pdf with the real LibreOffice converter, and without it."""

from __future__ import annotations

import json
import subprocess
import tempfile
import unicodedata
from pathlib import Path

import pytest

from service import create_app
from service.adapters.pdf import convert_cold, pdf_page_count, pdf_text

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = sorted((ROOT / "fixtures").glob("*.json"))


def norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def page_text(pdf: bytes, page: int) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(pdf)
        f.flush()
        out = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), "-layout", "-enc", "UTF-8", f.name, "-"],
            capture_output=True,
            check=True,
        )
    return out.stdout.decode("utf-8")


@pytest.fixture(scope="module")
def pdf_client(tmp_path_factory):
    app = create_app(
        {
            "DATA_DIR": str(tmp_path_factory.mktemp("pdf-var")),
            "TESTING": True,
            "PDF_ENABLED": True,
            "PDF_WORKERS": 1,
        }
    )
    yield app.test_client()
    app.extensions["pdf"].close()


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_pdf_of_each_fixture(pdf_client, path):
    data = json.loads(path.read_text(encoding="utf-8"))
    kind_id = path.stem
    resp = pdf_client.post(f"/api/v1/documents/{kind_id}?format=pdf", json=data)
    assert resp.status_code == 200, resp.get_data(as_text=True)
    assert resp.mimetype == "application/pdf"
    assert resp.headers["Content-Disposition"].startswith("attachment;")
    pdf = resp.data
    docx = pdf_client.post(f"/api/v1/documents/{kind_id}", json=data).data
    pages = pdf_page_count(pdf)
    assert pages > 0
    assert pages == pdf_page_count(convert_cold(docx))
    text = norm(pdf_text(pdf))
    if "trich_yeu" in data:  # giấy giới thiệu and giấy nghỉ phép have none
        assert norm(data["trich_yeu"].split("\n")[0]) in text
    assert norm(data["nguoi_ky"]["ho_ten"]) in text
    # Page 2 continues the body and carries its number; an attached danh sách starts on a new
    # page as its own section, whose first page is unnumbered (ND30), so it is not checked there.
    # The same holds for an issued document attached in its own section (van_ban_kem_theo).
    if pages >= 2 and "danh_sach" not in data and "van_ban_kem_theo" not in data:
        assert "2" in top_lines(pdf, 2)


def top_lines(pdf: bytes, page: int) -> list[str]:
    return [line.strip() for line in page_text(pdf, page).splitlines() if line.strip()][:3]


def test_accept_header_gives_pdf(pdf_client, fixture_data):
    resp = pdf_client.post(
        "/api/v1/documents/ke-hoach", json=fixture_data("ke-hoach"), headers={"Accept": "application/pdf"}
    )
    assert resp.status_code == 200 and resp.data.startswith(b"%PDF-")


def test_page_two_shows_its_number(pdf_client, fixture_data):
    data = fixture_data("ke-hoach")
    data["noi_dung"] = "\n".join(
        f"{i}. Nhiệm vụ thứ {i} của kế hoạch, thực hiện trong năm." for i in range(1, 60)
    )
    pdf = pdf_client.post("/api/v1/documents/ke-hoach?format=pdf", json=data).data
    assert pdf_page_count(pdf) >= 2
    assert "2" in top_lines(pdf, 2)


@pytest.mark.parametrize(
    "overrides",
    [{"PDF_ENABLED": False}, {"PDF_ENABLED": True, "PDF_SOFFICE": "/nonexistent/soffice"}],
    ids=["disabled", "no-libreoffice"],
)
def test_pdf_absent_is_503_and_docx_still_works(tmp_path, fixture_data, overrides):
    app = create_app({"DATA_DIR": str(tmp_path), "TESTING": True, **overrides})
    client = app.test_client()
    resp = client.post("/api/v1/documents/ke-hoach?format=pdf", json=fixture_data("ke-hoach"))
    assert resp.status_code == 503
    assert resp.mimetype == "application/problem+json"
    assert "LibreOffice" in resp.get_json()["detail"]
    ok = client.post("/api/v1/documents/ke-hoach", json=fixture_data("ke-hoach"))
    assert ok.status_code == 200 and ok.data.startswith(b"PK")
    assert ("pdf" in app.extensions) == overrides["PDF_ENABLED"]
