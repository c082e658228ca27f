"""Own templates through the API: upload, render like plain docxtpl, versions, delete, restart."""

from __future__ import annotations

import io
import json
import zipfile

import docx
import pytest
from docxtpl import DocxTemplate

from service import create_app
from tests.templates.docx_make import make_docx, zip_bomb

# A certificate form as another office would make it: python-docx, plain docxtpl tags.
CERT = dict(
    paragraphs=(
        "GIẤY CHỨNG NHẬN",
        "Chứng nhận ông/bà {{ ho_ten }}, sinh ngày {{ ngay_sinh }},",
        "{% if don_vi %}đơn vị: {{ don_vi.ten }} ({{ don_vi.dia_chi }}){% endif %}",
        "Đã hoàn thành các học phần:",
        "{%p for hp in hoc_phan %}",
        "- {{ hp.ten }}: {{ hp.diem }} điểm",
        "{%p endfor %}",
        "Cấp ngày {{ ngay_cap }}.",
    ),
    table=[
        ["STT", "Môn"],
        ["{%tr for m in mon %}", ""],
        ["{{ loop.index }}", "{{ m }}"],
        ["{%tr endfor %}", ""],
    ],
    header="Mẫu {{ ma_mau }}",
)


def cert() -> bytes:
    return make_docx(*CERT["paragraphs"], table=CERT["table"], header=CERT["header"])


DATA = {
    "ho_ten": "Nguyễn Văn An",
    "ngay_sinh": "05/02/1990",
    "don_vi": {"ten": "Sở Nội vụ", "dia_chi": "Số 1, đường A"},
    "hoc_phan": [{"ten": "Quản lý nhà nước", "diem": "8,5"}, {"ten": "Văn thư", "diem": "9"}],
    "ngay_cap": "01/12/2026",
    "mon": ["Tin học", "Ngoại ngữ"],
    "ma_mau": "GCN-01",
}


def upload(client, template_id="giay-chung-nhan", data=None, method="post", **fields):
    form = {"id": template_id, "ten": "Giấy chứng nhận", "mo_ta": "Mẫu của trường", **fields}
    form["file"] = (io.BytesIO(data if data is not None else cert()), "mau.docx")
    url = "/api/v1/templates" if method == "post" else f"/api/v1/templates/{template_id}"
    return getattr(client, method)(url, data=form, content_type="multipart/form-data")


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: zf.read(n) for n in zf.namelist() if n.startswith("word/") and n.endswith(".xml")}


def plain_docxtpl(template: bytes, data: dict, **kw) -> bytes:
    tpl = DocxTemplate(io.BytesIO(template))
    tpl.render(data, **kw)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


def all_text(data: bytes) -> list[str]:
    d = docx.Document(io.BytesIO(data))
    out = [p.text for p in d.paragraphs]
    out += [c.text for t in d.tables for r in t.rows for c in r.cells]
    out += [p.text for s in d.sections for p in s.header.paragraphs]
    return out


def test_plain_docxtpl_template_renders_as_plain_docxtpl(client):
    resp = upload(client)
    assert resp.status_code == 201, resp.get_json()
    body = resp.get_json()
    assert body["phien_ban"] == 1 and len(body["sha256"]) == 64
    found = ["don_vi.dia_chi", "don_vi.ten", "hoc_phan", "hoc_phan[].diem", "hoc_phan[].ten"]
    found += ["ho_ten", "ma_mau", "mon", "ngay_cap", "ngay_sinh"]
    assert body["bien"] == sorted(found)
    schema = body["schema"]
    assert schema["properties"]["hoc_phan"]["items"]["type"] == "object"
    assert schema["properties"]["mon"]["items"]["type"] == "string"
    assert schema["properties"]["don_vi"]["type"] == "object" and "don_vi" not in schema["required"]
    resp = client.post("/api/v1/documents/giay-chung-nhan", json=DATA)
    assert resp.status_code == 200, resp.get_data(as_text=True)
    expected = plain_docxtpl(cert(), DATA)
    assert parts(resp.data) == parts(expected)  # byte for byte, every templated part
    assert all_text(resp.data) == all_text(expected)
    assert "Sở Nội vụ (Số 1, đường A)" in all_text(resp.data)[2]


def test_special_characters_are_kept_as_docxtpl_with_autoescape_keeps_them(client):
    assert upload(client).status_code == 201
    data = {**DATA, "ho_ten": 'A & B <C> "D" {{ x }} {% y %}'}
    resp = client.post("/api/v1/documents/giay-chung-nhan", json=data)
    assert resp.status_code == 200
    expected = plain_docxtpl(cert(), data, autoescape=True)
    assert parts(resp.data) == parts(expected)
    assert 'A & B <C> "D" {{ x }} {% y %}' in all_text(resp.data)[1]


def test_template_listed_described_and_validated(client):
    upload(client)
    listed = client.get("/api/v1/templates").get_json()
    assert {"ke-hoach", "giay-chung-nhan"} <= {t["id"] for t in listed}
    one = client.get("/api/v1/templates/giay-chung-nhan").get_json()
    assert one["vi_du"] and one["schema"]["type"] == "object"
    resp = client.post("/api/v1/documents/giay-chung-nhan", json={"ho_ten": 5})
    assert resp.status_code == 422
    paths = {e["path"] for e in resp.get_json()["errors"]}
    assert {"/ho_ten", "/ngay_cap"} <= paths | {"/"} or "/ngay_cap" in json.dumps(resp.get_json())
    example = client.post("/api/v1/documents/giay-chung-nhan", json=one["vi_du"])
    assert example.status_code == 200


def test_versions_and_version_parameter(client):
    upload(client)
    v2 = make_docx("Phiên bản hai: {{ ho_ten }}")
    resp = upload(client, data=v2, method="put", ten="Giấy chứng nhận (mới)")
    assert resp.status_code == 200, resp.get_json()
    assert resp.get_json()["phien_ban"] == 2
    versions = client.get("/api/v1/templates/giay-chung-nhan/versions").get_json()
    assert [v["phien_ban"] for v in versions] == [1, 2]
    assert versions[0]["sha256"] != versions[1]["sha256"]
    latest = client.post("/api/v1/documents/giay-chung-nhan", json={"ho_ten": "B"})
    assert all_text(latest.data)[0] == "Phiên bản hai: B"
    old = client.post("/api/v1/documents/giay-chung-nhan?version=1", json=DATA)
    assert old.status_code == 200 and all_text(old.data)[0] == "GIẤY CHỨNG NHẬN"
    assert client.get("/api/v1/templates/giay-chung-nhan?version=1").get_json()["phien_ban"] == 1
    assert client.post("/api/v1/documents/giay-chung-nhan?version=9", json=DATA).status_code == 404
    assert client.post("/api/v1/documents/giay-chung-nhan?version=x", json=DATA).status_code == 400
    assert upload(client, "khong-co", method="put").status_code == 404


def test_delete(client):
    upload(client)
    assert client.delete("/api/v1/templates/giay-chung-nhan").status_code == 204
    assert client.get("/api/v1/templates/giay-chung-nhan").status_code == 404
    assert client.post("/api/v1/documents/giay-chung-nhan", json=DATA).status_code == 404
    assert client.delete("/api/v1/templates/giay-chung-nhan").status_code == 404
    for built_in in ("ke-hoach", "quyet-dinh-khen-thuong"):
        resp = client.delete(f"/api/v1/templates/{built_in}")
        assert resp.status_code == 405 and resp.mimetype == "application/problem+json"
        assert upload(client, built_in, method="put").status_code == 405
    assert client.get("/api/v1/templates/ke-hoach").status_code == 200


def test_kept_across_restarts(tmp_path, database_url):
    cfg = {
        "DATA_DIR": str(tmp_path / "var"),
        "DATABASE_URL": database_url,
        "TESTING": True,
        "PDF_ENABLED": False,
    }
    first = create_app(cfg).test_client()
    assert upload(first).status_code == 201
    assert upload(first, data=make_docx("Hai {{ ho_ten }}"), method="put").status_code == 200
    again = create_app(cfg).test_client()
    versions = again.get("/api/v1/templates/giay-chung-nhan/versions").get_json()
    assert [v["phien_ban"] for v in versions] == [1, 2]
    resp = again.post("/api/v1/documents/giay-chung-nhan?version=1", json=DATA)
    assert resp.status_code == 200 and parts(resp.data) == parts(plain_docxtpl(cert(), DATA))
    assert again.delete("/api/v1/templates/giay-chung-nhan").status_code == 204
    third = create_app(cfg).test_client()
    assert third.get("/api/v1/templates/giay-chung-nhan").status_code == 404


@pytest.mark.parametrize(
    ("fields", "data", "path"),
    [
        ({"id": "Giấy chứng nhận"}, None, "/id"),
        ({"id": ""}, None, "/id"),
        ({"id": "ke-hoach"}, None, "/id"),
        ({"ten": ""}, None, "/ten"),
        ({"schema": "{not json"}, None, "/schema"),
        ({"schema": '{"type": "array"}'}, None, "/schema"),
        ({}, b"not a docx at all", "/file"),
        ({}, b"", "/file"),
    ],
)
def test_bad_uploads_are_422_naming_the_field(client, fields, data, path):
    resp = upload(client, data=data, **fields)
    assert resp.status_code == 422, resp.get_json()
    assert path in {e["path"] for e in resp.get_json()["errors"]}


def test_broken_tag_is_422_with_paragraph_and_tag(client):
    resp = upload(client, data=make_docx("Đầu", "Kính gửi {{ ho_ten ", "x {% for a in b %}"))
    assert resp.status_code == 422
    errors = resp.get_json()["errors"]
    assert any(e.get("doan") == 3 and e["the"] == "{% for a in b %}" for e in errors), errors
    assert all(e["path"] == "/file" for e in errors)


def test_id_taken_is_409(client):
    assert upload(client).status_code == 201
    assert upload(client).status_code == 409


def test_too_large_is_413(app, client):
    app.config["TEMPLATE_MAX_BYTES"] = 20_000
    big = make_docx("{{ a }}", *["x" * 1000] * 200)
    assert upload(client, data=big).status_code == 413


def test_zip_bomb_and_wrong_content_type(client):
    assert upload(client, data=zip_bomb()).status_code == 422
    resp = client.post("/api/v1/templates", json={"id": "a"})
    assert resp.status_code == 400


def test_a_template_that_cannot_render_the_example_is_refused(client):
    resp = upload(client, data=make_docx("{{ ho_ten | so_thanh_chu }}", "{{ 1 / 0 }}"))
    assert resp.status_code == 422
    assert "Thử tạo văn bản" in json.dumps(resp.get_json(), ensure_ascii=False)


def test_given_schema_is_used(client):
    schema = {
        "type": "object",
        "required": ["ho_ten"],
        "properties": {"ho_ten": {"type": "string", "title": "Họ và tên", "minLength": 2}},
    }
    resp = upload(client, data=make_docx("{{ ho_ten }}"), schema=json.dumps(schema))
    assert resp.status_code == 201
    assert resp.get_json()["schema"] == schema and resp.get_json()["schema_suy_ra"] is False
    bad = client.post("/api/v1/documents/giay-chung-nhan", json={"ho_ten": "A"})
    assert bad.status_code == 422


def test_batch_of_an_uploaded_template(client):
    upload(client)
    items = [{**DATA, "ho_ten": f"Người {i}"} for i in range(3)]
    resp = client.post("/api/v1/batches/giay-chung-nhan", json={"items": items})
    assert resp.status_code == 200, resp.get_data(as_text=True)
    with zipfile.ZipFile(io.BytesIO(resp.data)) as zf:
        docs = [n for n in zf.namelist() if n.endswith(".docx")]
        assert len(docs) == 3
        texts = [all_text(zf.read(n))[1] for n in docs]
    assert [t.split(",")[0] for t in texts] == [f"Chứng nhận ông/bà Người {i}" for i in range(3)]
    merged = client.post("/api/v1/batches/giay-chung-nhan", json={"items": items, "dau_ra": "gop"})
    assert merged.status_code == 200
    assert sum("Người" in t for t in all_text(merged.data)) == 3


def test_clerk_page_and_example_spreadsheet(client):
    upload(client)
    page = client.get("/mau/giay-chung-nhan")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "hoc_phan" in html and "ho_ten" in html
    assert "giay-chung-nhan" in client.get("/").get_data(as_text=True)
    xlsx = client.get("/mau/giay-chung-nhan/vi-du.xlsx")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"


def test_batch_job_of_an_uploaded_template_and_list_mode_refused(client):
    """A job forked from the service renders the version pinned when the batch was accepted."""
    import time

    upload(client)
    items = [{**DATA, "ho_ten": f"Người {i}"} for i in range(5)]
    job = client.post("/api/v1/batches/giay-chung-nhan?async=1", json={"items": items}).get_json()
    assert upload(client, data=make_docx("Bản hai {{ ho_ten }}"), method="put").status_code == 200
    deadline = time.monotonic() + 60
    while job["state"] in ("queued", "running") and time.monotonic() < deadline:
        time.sleep(0.2)
        job = client.get(f"/api/v1/jobs/{job['id']}").get_json()
    assert job["state"] == "done", job
    with zipfile.ZipFile(io.BytesIO(client.get(job["result"]).data)) as zf:
        first = next(n for n in zf.namelist() if n.endswith(".docx"))
        assert all_text(zf.read(first))[0] == "GIẤY CHỨNG NHẬN"  # version 1, as accepted
    resp = client.post("/api/v1/batches/giay-chung-nhan", json={"items": items, "dau_ra": "danh_sach"})
    assert resp.status_code == 422 and "/dau_ra" in {e["path"] for e in resp.get_json()["errors"]}


def test_clerk_fills_the_form_of_an_uploaded_template(client):
    """The page's form comes from the inferred schema; a filled form gives the document, a bad
    one shows the Vietnamese message beside the field with what was typed kept."""
    import re

    from service.adapters.spreadsheet import read_table
    from service.domain.text import field_labels
    from service.http import forms

    body = upload(client).get_json()
    page = client.get("/mau/giay-chung-nhan").get_data(as_text=True)
    token = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
    resp = client.post("/mau/giay-chung-nhan", data={"_csrf": token, **forms.flatten(DATA)})
    assert resp.status_code == 200
    link = re.search(r'href="(/tai-ve/[^"]+\.docx)"', resp.get_data(as_text=True)).group(1)
    got = client.get(link)
    assert got.status_code == 200 and parts(got.data) == parts(plain_docxtpl(cert(), DATA))
    typed = {k: v for k, v in forms.flatten(DATA).items() if k != "ho_ten"}
    bad = client.post("/mau/giay-chung-nhan", data={"_csrf": token, **typed})
    page = bad.get_data(as_text=True)
    assert bad.status_code == 422
    assert re.search(r'id="f-ho_ten-err">Thiếu trường bắt buộc', page)
    assert 'value="Sở Nội vụ"' in page  # what was typed is kept
    sheet = client.get("/mau/giay-chung-nhan/vi-du.xlsx").data
    table = read_table(sheet, body["schema"], labels=field_labels(body["schema"]))
    assert table.cell_errors == [] and table.items[0]["ho_ten"] == body["vi_du"]["ho_ten"]
