"""Hostile spreadsheets and batch bodies at the HTTP level: a problem+json 4xx, never a 5xx.

The spreadsheet adapter's own tests cover the details; here only that the HTTP layer turns
each of them into a client error.
"""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from service import create_app
from tests.hostile.corpus import base_document

OLE2 = bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 4088  # encrypted .xlsx / old .xls container


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return out.getvalue()


def _docx_bytes() -> bytes:
    import docx

    out = io.BytesIO()
    docx.Document().save(out)
    return out.getvalue()


ZIP_BOMB = _zip(
    {
        "[Content_Types].xml": b"<Types/>",
        "xl/workbook.xml": b"<workbook/>",
        "xl/worksheets/sheet1.xml": b"\0" * (8 * 1024 * 1024),
    }
)

UPLOADS = {
    "zip-bomb": ("bang.xlsx", ZIP_BOMB),
    "renamed-docx": ("bang.xlsx", None),  # filled lazily (python-docx)
    "ole2-encrypted": ("bang.xlsx", OLE2),
    "garbage": ("bang.xlsx", b"\x00\xff" * 5000),
    "empty": ("bang.xlsx", b""),
    "csv-1000000-rows": ("bang.csv", b"ho_ten\n" + b"A\n" * 1_000_000),
    "csv-invalid-utf8": ("bang.csv", b"ho_ten\n\xff\xfe\xc3\x28\n"),
    "csv-nul": ("bang.csv", b"co_quan_ban_hanh,trich_yeu\nA\x00B,C\n"),
    "csv-formula": ("bang.csv", b"co_quan_ban_hanh,trich_yeu\n=cmd|' /C calc'!A0,@SUM(1+1)\n"),
    "text-as-xlsx": ("bang.xlsx", b"ho_ten\nA\n"),
}


@pytest.fixture(scope="module")
def small_limits_client(tmp_path_factory):
    app = create_app(
        {
            "DATA_DIR": str(tmp_path_factory.mktemp("var")),
            "TESTING": True,
            "PDF_ENABLED": False,
            "MAX_SHEET_UNCOMPRESSED": 1024 * 1024,
            "MAX_BATCH_BYTES": 16 * 1024 * 1024,
        }
    )
    return app.test_client()


def assert_problem(resp) -> dict:
    assert 400 <= resp.status_code < 500, (resp.status_code, resp.data[:400])
    assert resp.mimetype == "application/problem+json"
    body = json.loads(resp.data)
    if resp.status_code == 422:
        assert body["errors"] and all(isinstance(e["path"], str) and e["message"] for e in body["errors"])
    return body


@pytest.mark.parametrize("name", list(UPLOADS))
def test_hostile_upload_is_a_client_error(small_limits_client, name):
    filename, data = UPLOADS[name]
    if data is None:
        data = _docx_bytes()
    resp = small_limits_client.post(
        "/api/v1/batches/ke-hoach",
        content_type="multipart/form-data",
        data={"file": (io.BytesIO(data), filename)},
    )
    assert_problem(resp)


@pytest.mark.parametrize(
    "form",
    [
        {},  # no file field
        {"file": (io.BytesIO(b"x"), "bang.xlsx"), "chung": "{không phải json"},
        {"file": (io.BytesIO(b"ho_ten\nA\n"), "bang.csv"), "dau_ra": "<script>"},
    ],
)
def test_hostile_form_fields(small_limits_client, form):
    resp = small_limits_client.post("/api/v1/batches/ke-hoach", content_type="multipart/form-data", data=form)
    assert_problem(resp)


@pytest.mark.parametrize(
    "body",
    [
        [],
        "x",
        {"items": "x"},
        {"items": [1, None, []]},
        {"items": {"a": 1}},
        {"chung": [], "items": [{}]},
        {"items": [{"trich_yeu": "a\x00b"}]},
        {"items": [{}], "so_bat_dau": -5},
        {"items": [{}], "dau_ra": "exe"},
        {"items": [{}] * 20_001},
    ],
)
def test_hostile_batch_json(small_limits_client, body):
    resp = small_limits_client.post("/api/v1/batches/ke-hoach", json=body)
    assert_problem(resp)


def test_batch_names_the_bad_row_and_field(small_limits_client):
    good = base_document("ke-hoach")
    bad = dict(good, trich_yeu="Có ký tự \x07 chuông")
    resp = small_limits_client.post("/api/v1/batches/ke-hoach", json={"items": [good, bad]})
    body = assert_problem(resp)
    assert any(e["path"] == "/items/1/trich_yeu" for e in body["errors"])
