"""A 100-document batch of every Phụ lục III kind added in issue 8, as a ZIP and merged (gộp):
each document rendered from `chung` + its row, numbered in order, nothing lost."""

from __future__ import annotations

import csv
import datetime
import io
import json
import zipfile

import docx
import openpyxl
import pytest

from service.domain.kinds import KINDS
from tests.conftest import load_fixture

FORMS = [
    k
    for k in (
        "cong-van",
        "to-trinh",
        "thong-bao",
        "van-ban",
        "giay-moi",
        "giay-gioi-thieu",
        "bien-ban",
        "giay-nghi-phep",
    )
    if k in KINDS
]
N = 100


def _items() -> list[dict]:
    return [{"nguoi_ky": {"ho_ten": f"Nguyễn Văn Ký {i:03d}"}} for i in range(N)]


@pytest.mark.parametrize("kind", FORMS)
def test_hundred_documents_as_zip(client, kind):
    body = {"chung": load_fixture(kind), "items": _items(), "so_bat_dau": 1}
    resp = client.post(f"/api/v1/batches/{kind}", json=body)
    assert resp.status_code == 200, resp.get_data(as_text=True)[:500]
    archive = zipfile.ZipFile(io.BytesIO(resp.data))
    rows = list(csv.DictReader(io.StringIO(archive.read("manifest.csv").decode("utf-8-sig"))))
    assert [r["so"] for r in rows] == [str(i) for i in range(1, N + 1)]
    assert len({r["file"] for r in rows}) == N and all(r["file"] in archive.namelist() for r in rows)
    ky_hieu = load_fixture(kind)["ky_hieu"]
    for i in (0, 41, N - 1):
        doc = docx.Document(io.BytesIO(archive.read(rows[i]["file"])))
        assert doc.tables[0].cell(1, 0).paragraphs[0].text == f"Số: {i + 1:02d}/{ky_hieu}"
        assert f"Nguyễn Văn Ký {i:03d}" in doc.element.xml


@pytest.mark.parametrize("kind", FORMS)
def test_hundred_documents_merged(client, kind):
    body = {"chung": load_fixture(kind), "items": _items(), "dau_ra": "gop", "so_bat_dau": 1}
    resp = client.post(f"/api/v1/batches/{kind}", json=body)
    assert resp.status_code == 200, resp.get_data(as_text=True)[:500]
    merged = docx.Document(io.BytesIO(resp.data))
    single = docx.Document(io.BytesIO(client.post(f"/api/v1/documents/{kind}", json=load_fixture(kind)).data))
    assert len(merged.sections) == N * len(single.sections)
    xml = merged.element.xml
    assert all(f"Nguyễn Văn Ký {i:03d}" in xml for i in range(N))


def test_meeting_times_from_a_spreadsheet(client):
    """A giấy mời batch from .xlsx: the time as an Excel date-time cell, as text day first, as
    ISO text; a bad one is reported with its row."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["kinh_moi", "thoi_gian"])
    sheet.append(["Ông A", datetime.datetime(2026, 12, 9, 14, 30)])
    sheet.append(["Bà B", "10/12/2026 8h00"])
    sheet.append(["Ông C", "2026-12-11T15:15"])
    out = io.BytesIO()
    book.save(out)
    form = {
        "file": (io.BytesIO(out.getvalue()), "moi.xlsx"),
        "chung": json.dumps(load_fixture("giay-moi")),
    }
    resp = client.post("/api/v1/batches/giay-moi", data=form, content_type="multipart/form-data")
    assert resp.status_code == 200, resp.get_data(as_text=True)[:500]
    archive = zipfile.ZipFile(io.BytesIO(resp.data))
    docs = [n for n in archive.namelist() if n.endswith(".docx")]
    times = set()
    for name in docs:
        for p in docx.Document(io.BytesIO(archive.read(name))).paragraphs:
            if p.text.startswith("Thời gian: "):
                times.add(p.text)
    assert times == {
        "Thời gian: 14 giờ 30, thứ Tư, ngày 09 tháng 12 năm 2026",
        "Thời gian: 08 giờ 00, thứ Năm, ngày 10 tháng 12 năm 2026",
        "Thời gian: 15 giờ 15, thứ Sáu, ngày 11 tháng 12 năm 2026",
    }
    sheet.append(["Bà D", "32/12/2026 08:00"])
    out = io.BytesIO()
    book.save(out)
    form["file"] = (io.BytesIO(out.getvalue()), "moi.xlsx")
    resp = client.post("/api/v1/batches/giay-moi", data=form, content_type="multipart/form-data")
    assert resp.status_code == 422
    (err,) = resp.json["errors"]
    assert err["path"] == "/items/3/thoi_gian" and "07/12/2026 08:00" in err["message"]


@pytest.mark.parametrize("kind", FORMS)
@pytest.mark.parametrize("ext", ["xlsx", "csv"])
def test_example_spreadsheet_is_a_valid_batch(client, kind, ext):
    """The example sheet a clerk downloads, uploaded back unchanged, renders its document (dates
    and date-times typed day first, lists one a line, nested fields dotted)."""
    sheet = client.get(f"/mau/{kind}/vi-du.{ext}")
    assert sheet.status_code == 200
    form = {"file": (io.BytesIO(sheet.data), f"vi-du.{ext}")}
    resp = client.post(f"/api/v1/batches/{kind}", data=form, content_type="multipart/form-data")
    assert resp.status_code == 200, resp.get_data(as_text=True)[:800]
    archive = zipfile.ZipFile(io.BytesIO(resp.data))
    (name,) = [n for n in archive.namelist() if n.endswith(".docx")]
    single = client.post(f"/api/v1/documents/{kind}", json=KINDS[kind].vi_du)
    texts = [p.text for p in docx.Document(io.BytesIO(archive.read(name))).paragraphs]
    assert texts == [p.text for p in docx.Document(io.BytesIO(single.data)).paragraphs]
