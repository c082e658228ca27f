"""POST /api/v1/batches/<id> and the job endpoints, through the Flask test client."""

from __future__ import annotations

import copy
import csv
import io
import json
import subprocess
import sys
import time
import zipfile
from datetime import datetime

import docx
import openpyxl
import pytest

from service import create_app
from service.domain.kinds import KINDS

KIND = "quyet-dinh-khen-thuong"
URL = f"/api/v1/batches/{KIND}"


def chung() -> dict:
    return copy.deepcopy(KINDS[KIND].vi_du)


def _zip(resp) -> zipfile.ZipFile:
    assert resp.status_code == 200, resp.data[:500]
    assert resp.mimetype == "application/zip"
    return zipfile.ZipFile(io.BytesIO(resp.data))


def _manifest(archive: zipfile.ZipFile) -> list[dict]:
    return list(csv.DictReader(io.StringIO(archive.read("manifest.csv").decode("utf-8-sig"))))


def _wait(client, location: str) -> dict:
    for _ in range(600):
        state = client.get(location).json
        if state["state"] not in ("queued", "running"):
            return state
        time.sleep(0.05)
    raise AssertionError(f"job did not finish: {state}")


def _xlsx(rows: list[list], *, setup=None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if setup:
        setup(sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(client, data: bytes, **form):
    fields = {
        k: (json.dumps(v, ensure_ascii=False) if isinstance(v, dict) else str(v)) for k, v in form.items()
    }
    fields["file"] = (io.BytesIO(data), "bang.xlsx")
    return client.post(URL, data=fields, content_type="multipart/form-data")


def test_zip_with_numbering_and_manifest(client):
    items = [
        {"trich_yeu": f"Về việc khen thưởng đợt {i}", "nguoi_ky": {"ho_ten": f"Người ký {i}"}}
        for i in range(3)
    ] + [{"trich_yeu": "Về việc khen thưởng đợt 0", "so": 5}]
    archive = _zip(client.post(URL, json={"chung": chung(), "items": items, "so_bat_dau": 8}))
    rows = _manifest(archive)
    assert [r["so"] for r in rows] == ["8", "9", "10", "11"]
    assert [r["row"] for r in rows] == ["1", "2", "3", "4"]
    assert all(r["file"] in archive.namelist() for r in rows)
    assert rows[0]["file"].startswith("Quyết định khen thưởng - 08-QĐ-UBND")
    text = [p.text for p in docx.Document(io.BytesIO(archive.read(rows[1]["file"]))).paragraphs]
    assert any("09/QĐ-UBND" in t for t in text)
    signer = docx.Document(io.BytesIO(archive.read(rows[2]["file"]))).element.xml
    assert "Người ký 2" in signer and chung()["nguoi_ky"]["chuc_vu"] in signer  # deep merge


def test_gop_is_one_document_per_section_group(client, tmp_path):
    items = [{"trich_yeu": f"Về việc {i}"} for i in range(3)]
    resp = client.post(URL, json={"chung": chung(), "items": items, "dau_ra": "gop", "so_bat_dau": 1})
    assert resp.status_code == 200
    merged = docx.Document(io.BytesIO(resp.data))
    single = client.post(f"/api/v1/documents/{KIND}", json=chung())
    per_doc = len(docx.Document(io.BytesIO(single.data)).sections)
    assert len(merged.sections) == 3 * per_doc
    texts = "\n".join(p.text for p in merged.paragraphs)
    assert all(f"Về việc {i}" in texts for i in range(3))
    src = tmp_path / "gop.docx"
    src.write_bytes(resp.data)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    assert (tmp_path / "gop.pdf").stat().st_size > 0


def test_danh_sach_holds_every_row(client):
    rows = [{"loai": "tap_the", "ten": f"Tập thể {i}"} for i in range(3)]
    rows += [{"ho_ten": f"Ông Nguyễn Văn {i}", "chuc_vu_don_vi": "Chuyên viên"} for i in range(40)]
    resp = client.post(URL, json={"chung": chung(), "items": rows, "dau_ra": "danh_sach", "so_bat_dau": 3})
    assert resp.status_code == 200
    xml = docx.Document(io.BytesIO(resp.data)).element.xml
    assert all(f"Ông Nguyễn Văn {i}<" in xml for i in range(40))
    assert all(f"Tập thể {i}<" in xml for i in range(3))
    assert "03/QĐ-UBND" in xml


def test_danh_sach_only_for_decisions(client, fixture_data):
    resp = client.post(
        "/api/v1/batches/ke-hoach",
        json={"chung": fixture_data("ke-hoach"), "items": [{}], "dau_ra": "danh_sach"},
    )
    assert resp.status_code == 422
    assert resp.json["errors"][0]["path"] == "/dau_ra"


def test_json_errors_all_at_once(client):
    items = [{}, {"ngay_ban_hanh": "hôm qua"}, {"nguoi_ky": {"ho_ten": ""}}, "x"]
    resp = client.post(URL, json={"chung": chung(), "items": items})
    assert resp.status_code == 422
    assert resp.mimetype == "application/problem+json"
    paths = {e["path"] for e in resp.json["errors"]}
    assert paths == {"/items/1/ngay_ban_hanh", "/items/2/nguoi_ky/ho_ten", "/items/3"}


def test_bad_requests(client):
    assert client.post("/api/v1/batches/khong-co", json={"items": [{}]}).status_code == 404
    assert client.post(URL, data="{", content_type="application/json").status_code == 400
    assert client.post(URL, json=[1]).status_code == 400
    assert client.post(URL, json={"chung": chung(), "items": []}).status_code == 422


def test_limits(tmp_path):
    app = create_app(
        {
            "DATA_DIR": str(tmp_path),
            "TESTING": True,
            "PDF_ENABLED": False,
            "MAX_BATCH_ITEMS": 3,
            "MAX_BATCH_BYTES": 200_000,
            "MAX_CONTENT_LENGTH": 1000,
        }
    )
    client = app.test_client()
    ok = client.post(URL, json={"chung": chung(), "items": [{}, {}]})  # > app-wide 1000 bytes
    assert ok.status_code == 200
    too_many = client.post(URL, json={"chung": chung(), "items": [{}] * 4})
    assert too_many.status_code == 413 and "3 mục" in too_many.json["detail"]
    big = client.post(URL, json={"chung": chung(), "items": [{"ghi": "x" * 300_000}]})
    assert big.status_code == 413 and big.mimetype == "application/problem+json"
    assert "MB" in big.json["detail"] or "KB" in big.json["detail"]


HEAD = ["trich_yeu", "ky_hieu", "ngay_ban_hanh", "nguoi_ky.ho_ten"]


def test_spreadsheet_422_with_excel_rows(client):
    data = _xlsx(
        [
            HEAD,
            ["Về việc A", "QĐ-UBND", "05/02/2026", "Ông A"],
            ["Về việc B", "QĐ-UBND", "31/02/2026", "Ông B"],
            [None] * 4,
            ["Về việc C", "QĐ-UBND", "2026-02-06", "Ông C"],
            ["", "Q" * 400, None, None],
        ]
    )
    resp = _upload(client, data, chung=chung(), so_bat_dau=1)
    assert resp.status_code == 422
    errors = resp.json["errors"]
    by_path = {e["path"]: e for e in errors}
    assert by_path["/items/1/ngay_ban_hanh"]["row"] == 3
    assert by_path["/items/1/ngay_ban_hanh"]["message"].startswith("Dòng 3: ")
    assert by_path["/items/3/ky_hieu"]["row"] == 6  # the empty row 4 is skipped, numbering kept
    assert by_path["/items/3/ky_hieu"]["message"].startswith("Dòng 6: ")
    assert not any(p.startswith(("/items/0", "/items/2")) for p in by_path)  # blank cells take `chung`


def test_spreadsheet_values_through_the_batch(client):
    def setup(sheet):
        sheet["B2"].number_format = "000"
        sheet["C3"].number_format = "dd/mm/yyyy"
        sheet.merge_cells("D2:D3")

    data = _xlsx(
        [
            HEAD,
            ["Về việc A", 7, "05/02/2026", "Bà Lê Thị Hợp"],
            ["Về việc B", "0012-QĐ", datetime(2026, 2, 6), None],
            [None] * 4,
            ["Về việc C", "QĐ-UBND", "2026-02-07", "Ông C"],
        ],
        setup=setup,
    )
    archive = _zip(_upload(client, data, chung=chung(), so_bat_dau=4))
    rows = _manifest(archive)
    assert [r["row"] for r in rows] == ["2", "3", "5"]
    assert [r["so"] for r in rows] == ["4", "5", "6"]
    assert "04-007" in rows[0]["file"] and "05-0012-QĐ" in rows[1]["file"]
    docs = [docx.Document(io.BytesIO(archive.read(r["file"]))).element.xml for r in rows]
    assert "ngày 05 tháng 02 năm 2026" in docs[0] and "ngày 06 tháng 02 năm 2026" in docs[1]
    assert "Bà Lê Thị Hợp" in docs[1]  # merged cell copied into the covered row


def test_spreadsheet_formula_without_value_is_a_row_error(client):
    def setup(sheet):
        sheet["A3"] = '="Về việc " & "B"'

    data = _xlsx(
        [HEAD, ["Về việc A", "QĐ-UBND", "05/02/2026", "Ông A"], [None, "QĐ-UBND", "05/02/2026", "Ông B"]],
        setup=setup,
    )
    resp = _upload(client, data, chung=chung())
    assert resp.status_code == 422
    (err,) = [e for e in resp.json["errors"] if e["path"] == "/items/1/trich_yeu"]
    assert err["row"] == 3 and err["message"].startswith("Dòng 3: ")


def test_spreadsheet_danh_sach_rows(client):
    data = _xlsx(
        [
            ["loai", "ho_ten", "chuc_vu_don_vi", "ten"],
            ["ca_nhan", "Ông A", "CV", None],
            [None, None, None, "Phòng B"],
            ["tap_the", None, None, None],
        ]
    )
    resp = _upload(client, data, chung=chung(), dau_ra="danh_sach")
    assert resp.status_code == 422
    (err,) = resp.json["errors"]
    assert err["row"] == 4 and err["path"] == "/items/2/ten"


def test_job_flow_restart_and_result(tmp_path):
    config = {"DATA_DIR": str(tmp_path / "var"), "TESTING": True, "PDF_ENABLED": False, "SYNC_BATCH_MAX": 2}
    a = create_app(config).test_client()
    resp = a.post(URL, json={"chung": chung(), "items": [{"trich_yeu": f"Về việc {i}"} for i in range(5)]})
    assert resp.status_code == 202
    body = resp.json
    assert set(body) >= {"id", "state", "done", "total", "result"} and body["total"] == 5
    location = resp.headers["Location"]
    assert location == f"/api/v1/jobs/{body['id']}"
    assert _wait(a, location)["state"] == "done"
    b = create_app(config).test_client()  # a restarted service on the same DATA_DIR
    state = b.get(location).json
    assert (state["state"], state["done"]) == ("done", 5)
    result = b.get(location + "/result")
    assert result.status_code == 200 and "filename*=UTF-8''" in result.headers["Content-Disposition"]
    assert len(zipfile.ZipFile(io.BytesIO(result.data)).namelist()) == 6
    assert b.delete(location).status_code == 204
    assert b.get(location).status_code == 404


def test_job_left_running_by_dead_process(tmp_path):
    config = {"DATA_DIR": str(tmp_path / "var"), "TESTING": True, "PDF_ENABLED": False}
    app = create_app(config)
    app.extensions["jobs"].runner.submit = lambda job_id, spec=None: None  # accepted, never started
    resp = app.test_client().post(URL + "?async=1", json={"chung": chung(), "items": [{}]})
    job_id = resp.json["id"]
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    app.extensions["jobs"].store.update(job_id, state="running", pid=dead.pid, pid_start="0")
    client = create_app(config).test_client()
    state = client.get(f"/api/v1/jobs/{job_id}").json
    assert state["state"] == "failed" and "khởi động lại" in state["error"]
    assert client.get(f"/api/v1/jobs/{job_id}/result").status_code == 409


def test_cancel_and_unknown_jobs(app, client):
    app.extensions["jobs"].runner.submit = lambda job_id, spec=None: None
    location = client.post(URL + "?async=1", json={"chung": chung(), "items": [{}]}).headers["Location"]
    assert client.get(location + "/result").status_code == 409
    cancelled = client.delete(location)
    assert cancelled.status_code == 200 and cancelled.json["state"] == "cancelled"
    assert client.get(location).json["state"] == "cancelled"
    assert client.get(location + "/result").status_code == 409
    assert client.get("/api/v1/jobs/" + "0" * 32).status_code == 404
    assert client.get("/api/v1/jobs/..%2F..%2Fetc").status_code == 404
    assert client.delete("/api/v1/jobs/" + "f" * 32).status_code == 404


def test_openapi_lists_batch_paths(client):
    paths = client.get("/openapi.json").json["paths"]
    assert {"/api/v1/batches/{template_id}", "/api/v1/jobs/{job_id}", "/api/v1/jobs/{job_id}/result"} <= set(
        paths
    )


@pytest.mark.parametrize("mode", ["zip", "gop"])
def test_metrics_count_jobs(client, mode):
    client.post(URL, json={"chung": chung(), "items": [{}], "dau_ra": mode})
    assert b"vb_documents_rendered_total" in client.get("/metrics").data
