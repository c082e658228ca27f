"""Batches as PDF (`"dinh_dang": "pdf"`): a ZIP of PDFs, one PDF for gop and danh_sach, from
the API (JSON and multipart) and the clerks' page, converted a chunk of documents per
LibreOffice call and split at exact page ranges. Real LibreOffice."""

from __future__ import annotations

import copy
import csv
import io
import json
import re
import time
import unicodedata
import zipfile

import openpyxl
import pytest

from service import create_app
from service.adapters.pdf import pdf_page_count, pdf_text
from service.adapters.pdf_batch import documents_to_pdfs, iter_pdfs
from service.domain.kinds import KINDS

KIND = "quyet-dinh-khen-thuong"
URL = f"/api/v1/batches/{KIND}"


def norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def chung() -> dict:
    return copy.deepcopy(KINDS[KIND].vi_du)


def items(n: int = 9) -> list[dict]:
    """Decisions of one, two and more pages: some with a long list, some with many Điều."""
    base = chung()
    out = []
    for i in range(n):
        item: dict = {"trich_yeu": f"Về việc tặng Giấy khen đợt {i + 1}"}
        if i % 3 == 1:
            item["dieu"] = base["dieu"] * 6
        if i % 3 == 2 and "danh_sach" in base:
            ds = copy.deepcopy(base["danh_sach"])
            ds["ca_nhan"] = [
                {"ho_ten": f"Nguyễn Văn {i}-{k}", "chuc_vu_don_vi": "Chuyên viên"} for k in range(60)
            ]
            item["danh_sach"] = ds
        out.append(item)
    return out


@pytest.fixture(scope="module")
def app(tmp_path_factory):  # type: ignore[no-untyped-def]
    app = create_app(
        {
            "DATA_DIR": str(tmp_path_factory.mktemp("var")),
            "TESTING": True,
            "PDF_ENABLED": True,
            "PDF_WORKERS": 2,
        }
    )
    yield app
    app.extensions["pdf"].close()


@pytest.fixture(scope="module")
def client(app):  # type: ignore[no-untyped-def]
    return app.test_client()


@pytest.fixture(scope="module")
def docx_zip(client) -> zipfile.ZipFile:  # type: ignore[no-untyped-def]
    resp = client.post(URL, json={"chung": chung(), "items": items(), "so_bat_dau": 5})
    assert resp.status_code == 200
    return zipfile.ZipFile(io.BytesIO(resp.data))


def _zip(resp) -> zipfile.ZipFile:  # type: ignore[no-untyped-def]
    assert resp.status_code == 200, resp.data[:500]
    assert resp.mimetype == "application/zip"
    return zipfile.ZipFile(io.BytesIO(resp.data))


def test_zip_of_pdfs_each_exactly_its_document(app, client, docx_zip):  # type: ignore[no-untyped-def]
    body = {"chung": chung(), "items": items(), "so_bat_dau": 5, "dinh_dang": "pdf"}
    archive = _zip(client.post(URL, json=body))
    names = [n for n in archive.namelist() if n != "manifest.csv"]
    docx_names = [n for n in docx_zip.namelist() if n != "manifest.csv"]
    assert names == [n[: -len(".docx")] + ".pdf" for n in docx_names]
    manifest = list(csv.DictReader(io.StringIO(archive.read("manifest.csv").decode("utf-8-sig"))))
    assert [m["file"] for m in manifest] == names and manifest[0]["so"] == "5"
    converter = app.extensions["pdf"]
    pages = []
    for pdf_name, docx_name in zip(names, docx_names, strict=True):
        pdf = archive.read(pdf_name)
        alone = converter.convert(docx_zip.read(docx_name))  # the same document on its own
        assert pdf_page_count(pdf) == pdf_page_count(alone), pdf_name
        assert norm(pdf_text(pdf)) == norm(pdf_text(alone)), pdf_name
        pages.append(pdf_page_count(pdf))
    assert len(set(pages)) > 1  # documents of different lengths: the ranges were not guessed


def test_gop_and_danh_sach_give_one_pdf(client, docx_zip):  # type: ignore[no-untyped-def]
    resp = client.post(URL, json={"chung": chung(), "items": items(), "dau_ra": "gop", "dinh_dang": "pdf"})
    assert resp.status_code == 200 and resp.mimetype == "application/pdf"
    assert (
        resp.headers["Content-Disposition"].endswith('.pdf"') or ".pdf" in resp.headers["Content-Disposition"]
    )
    text = norm(pdf_text(resp.data))
    titles = [f"Về việc tặng Giấy khen đợt {i + 1}" for i in range(9)]
    positions = [text.find(norm(t)) for t in titles]
    assert all(p >= 0 for p in positions) and positions == sorted(positions)
    rows = [{"ho_ten": f"Ông Trần Văn {i}", "chuc_vu_don_vi": "Chuyên viên"} for i in range(120)]
    resp = client.post(URL, json={"chung": chung(), "items": rows, "dau_ra": "danh_sach", "dinh_dang": "pdf"})
    assert resp.status_code == 200 and resp.mimetype == "application/pdf"
    text = norm(pdf_text(resp.data))
    assert all(f"Ông Trần Văn {i}" in text for i in range(120))


def test_multipart_spreadsheet_as_pdf(client):  # type: ignore[no-untyped-def]
    book = openpyxl.Workbook()
    book.active.append(["trich_yeu"])
    for i in range(3):
        book.active.append([f"Về việc khen thưởng tổ {i}"])
    data = io.BytesIO()
    book.save(data)

    form = {
        "file": (io.BytesIO(data.getvalue()), "bang.xlsx"),
        "chung": json.dumps(chung(), ensure_ascii=False),
        "dinh_dang": "pdf",
    }
    archive = _zip(client.post(URL, data=form, content_type="multipart/form-data"))
    pdfs = [n for n in archive.namelist() if n.endswith(".pdf")]
    assert len(pdfs) == 3
    for i, name in enumerate(pdfs):
        assert f"Về việc khen thưởng tổ {i}" in norm(pdf_text(archive.read(name)))


def test_bad_format_is_422_and_pdf_off_is_503(client, tmp_path):  # type: ignore[no-untyped-def]
    resp = client.post(URL, json={"chung": chung(), "items": [{}], "dinh_dang": "odt"})
    assert resp.status_code == 422
    assert [e["path"] for e in resp.json["errors"]] == ["/dinh_dang"]
    off = create_app({"DATA_DIR": str(tmp_path), "TESTING": True, "PDF_ENABLED": False}).test_client()
    resp = off.post(URL, json={"chung": chung(), "items": [{}], "dinh_dang": "pdf"})
    assert resp.status_code == 503 and "LibreOffice" in resp.json["detail"]
    assert off.post(URL, json={"chung": chung(), "items": [{}]}).status_code == 200


def test_async_job_as_pdf(client):  # type: ignore[no-untyped-def]
    resp = client.post(URL + "?async=1", json={"chung": chung(), "items": items(4), "dinh_dang": "pdf"})
    assert resp.status_code == 202
    location = resp.headers["Location"]
    for _ in range(1200):
        state = client.get(location).json
        if state["state"] not in ("queued", "running"):
            break
        time.sleep(0.1)
    assert state["state"] == "done", state
    archive = _zip(client.get(state["result"]))
    assert sorted(n.rsplit(".", 1)[1] for n in archive.namelist()) == ["csv"] + ["pdf"] * 4


def test_batch_page_offers_pdf_and_makes_pdfs(client):  # type: ignore[no-untyped-def]
    page = client.get(f"/mau/{KIND}").get_data(as_text=True)
    token = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)

    body = json.dumps({"chung": chung(), "items": items(2)}, ensure_ascii=False).encode()
    resp = client.post(
        f"/mau/{KIND}/tai-len",
        data={"_csrf": token, "tep": (io.BytesIO(body), "lo.json")},
        content_type="multipart/form-data",
    )
    page = resp.get_data(as_text=True)
    assert resp.status_code == 200 and 'name="dinh_dang" value="pdf"' in page
    upload = re.search(r'name="token" value="([^"]+)"', page).group(1)
    form = {"_csrf": token, "token": upload, "dau_ra": "gop", "dinh_dang": "pdf"}
    resp = client.post(f"/mau/{KIND}/tao-lo", data=form)
    assert resp.status_code == 303
    job_id = resp.headers["Location"].rsplit("/", 1)[1]
    for _ in range(1200):
        state = client.get(f"/api/v1/jobs/{job_id}").json
        if state["state"] not in ("queued", "running"):
            break
        time.sleep(0.1)
    assert state["state"] == "done", state
    result = client.get(state["result"])
    assert result.data.startswith(b"%PDF-") and pdf_page_count(result.data) >= 2


def test_a_chunk_that_does_not_add_up_is_converted_one_by_one(app, docx_zip):  # type: ignore[no-untyped-def]
    """If LibreOffice's destinations did not describe every document, nothing is split by guess."""
    converter = app.extensions["pdf"]
    docs = [docx_zip.read(n) for n in docx_zip.namelist() if n.endswith(".docx")][:3]

    class NoDestinations:
        workers = 1

        def convert(self, docx: bytes, *, destinations: bool = False) -> bytes:
            return converter.convert(docx)  # bookmarks not exported: no named destinations

    fallback = documents_to_pdfs(NoDestinations(), docs)
    merged = list(iter_pdfs(converter, docs))
    assert [pdf_page_count(p) for p in fallback] == [pdf_page_count(p) for p in merged]
    assert [norm(pdf_text(p)) for p in fallback] == [norm(pdf_text(p)) for p in merged]
