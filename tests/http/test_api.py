"""The public contract of /api/v1 (shared/docs/api-contract.md)."""

from __future__ import annotations

import io
from urllib.parse import unquote

import docx
import pytest

from service.domain.kinds import KINDS

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_list_templates(client):
    resp = client.get("/api/v1/templates")
    assert resp.status_code == 200
    ids = [t["id"] for t in resp.json]
    assert ids == list(KINDS) and ids[:3] == ["ke-hoach", "bao-cao", "quyet-dinh-khen-thuong"]
    assert all(set(t) == {"id", "ten", "loai_van_ban", "mo_ta"} for t in resp.json)


@pytest.mark.parametrize("kind", list(KINDS))
def test_template_has_schema_and_valid_example(client, kind):
    resp = client.get(f"/api/v1/templates/{kind}")
    body = resp.json
    assert body["schema"]["type"] == "object" and body["vi_du"]
    again = client.post(f"/api/v1/documents/{kind}", json=body["vi_du"])
    assert again.status_code == 200 and again.mimetype == DOCX


def test_unknown_template_404_problem(client):
    for resp in (client.get("/api/v1/templates/nope"), client.post("/api/v1/documents/nope", json={})):
        assert resp.status_code == 404 and resp.mimetype == "application/problem+json"
        assert resp.json["status"] == 404 and resp.json["title"] and resp.json["detail"]


def test_download_name_keeps_vietnamese_with_ascii_fallback(client, fixture_data):
    resp = client.post(
        "/api/v1/documents/quyet-dinh-khen-thuong", json=fixture_data("quyet-dinh-khen-thuong")
    )
    cd = resp.headers["Content-Disposition"]
    assert cd.startswith('attachment; filename="Quyet_dinh_khen_thuong_-_09-QD-UBND_-_Ve_viec_tang_Bang_khen')
    star = unquote(cd.split("filename*=UTF-8''")[1])
    assert star.startswith("Quyết định khen thưởng - 09-QĐ-UBND - Về việc tặng Bằng khen") and star.endswith(
        ".docx"
    )


def test_every_problem_reported_at_once(client):
    resp = client.post(
        "/api/v1/documents/ke-hoach",
        json={
            "so": "năm",
            "ky_hieu": "KH UBND",
            "dia_danh": "",
            "ngay_ban_hanh": "2026-02-30",
            "nguoi_ky": {"chuc_vu": 5},
            "noi_nhan": [],
            "la": 1,
        },
    )
    assert resp.status_code == 422 and resp.mimetype == "application/problem+json"
    paths = {e["path"] for e in resp.json["errors"]}
    assert {
        "/so",
        "/ky_hieu",
        "/dia_danh",
        "/ngay_ban_hanh",
        "/nguoi_ky/chuc_vu",
        "/nguoi_ky/ho_ten",
        "/noi_nhan",
        "/la",
        "/co_quan_ban_hanh",
        "/trich_yeu",
        "/noi_dung",
    } <= paths
    assert all(e["message"] for e in resp.json["errors"])


@pytest.mark.parametrize(
    "body,ctype",
    [
        (b"{", "application/json"),
        (b"{}", "text/plain"),
        (b"\xff\xfe{}", "application/json"),
        (b"", "application/json"),
    ],
)
def test_bad_json_or_content_type_400(client, body, ctype):
    resp = client.post("/api/v1/documents/ke-hoach", data=body, content_type=ctype)
    assert resp.status_code == 400 and resp.mimetype == "application/problem+json"


def test_hostile_text_rendered_literally(client, fixture_data):
    data = fixture_data("ke-hoach")
    nasty = "Phòng Tài chính & Kế hoạch <b>\"trích\"</b> 'x' {{ 7*7 }} {% if 1 %}y{% endif %} {_{ z }_}"
    nfd = "Nguye\u0302\u0303n Va\u0306n Hoa\u0300ng"
    data["trich_yeu"] = nasty
    data["nguoi_ky"]["ho_ten"] = nfd
    data["noi_dung"] = nasty + "\n" + "x" * 100_000
    resp = client.post("/api/v1/documents/ke-hoach", json=data)
    assert resp.status_code == 200
    doc = docx.Document(io.BytesIO(resp.data))
    texts = [p.text for p in doc.paragraphs]
    assert nasty in texts
    assert nasty in [p.text for p in doc.paragraphs if p.style.name.startswith("VB ")]
    assert "x" * 100_000 + "./." in texts
    sign = doc.tables[-1].cell(0, 1)
    assert "Nguyễn Văn Hoàng" in [p.text for p in sign.paragraphs]


def test_control_characters_422_naming_field(client, fixture_data):
    data = fixture_data("ke-hoach")
    data["trich_yeu"] = "A\x00B"
    data["noi_nhan"] = ["ok", "bell\x07"]
    resp = client.post("/api/v1/documents/ke-hoach", json=data)
    assert resp.status_code == 422
    assert {e["path"] for e in resp.json["errors"]} == {"/trich_yeu", "/noi_nhan/1"}


def test_deep_nesting_and_huge_body(client, app):
    deep = b"[" * 50_000 + b"]" * 50_000
    assert (
        client.post("/api/v1/documents/ke-hoach", data=deep, content_type="application/json").status_code
        == 400
    )
    nested = {"noi_dung": []}
    node = nested["noi_dung"]
    for _ in range(60):
        child = {"muc": "x", "noi_dung": []}
        node.append(child)
        node = child["noi_dung"]
    assert client.post("/api/v1/documents/ke-hoach", json=nested).status_code == 422
    big = b'{"x": "' + b"a" * (64 * 1024 * 1024) + b'"}'
    resp = client.post("/api/v1/documents/ke-hoach", data=big, content_type="application/json")
    assert resp.status_code == 413 and resp.mimetype == "application/problem+json"


def test_structured_body_numbered_by_service(client, fixture_data):
    data = fixture_data("ke-hoach")
    data["noi_dung"] = [
        {"muc": "MỤC ĐÍCH", "noi_dung": [{"khoan": "Mục đích", "noi_dung": [{"diem": "Một."}] * 6}]},
        {
            "muc": "KINH PHÍ",
            "noi_dung": [
                {"bang": {"tieu_de": ["Nội dung", "Số tiền (đồng)"], "dong": [["Tập huấn", "1.500.000"]]}}
            ],
        },
        "Kết thúc.",
    ]
    doc = docx.Document(io.BytesIO(client.post("/api/v1/documents/ke-hoach", json=data).data))
    texts = [p.text for p in doc.paragraphs if p.style.name.startswith("VB ")]
    assert texts == [
        "I. MỤC ĐÍCH",
        "1. Mục đích",
        "a) Một.",
        "b) Một.",
        "c) Một.",
        "d) Một.",
        "đ) Một.",
        "e) Một.",
        "II. KINH PHÍ",
        "Kết thúc./.",
    ]
    table = doc.tables[1]
    assert [c.text for c in table.rows[0].cells] == ["Nội dung", "Số tiền (đồng)"]
    assert [c.text for c in table.rows[1].cells] == ["Tập huấn", "1.500.000"]


def test_healthz_and_openapi(client):
    assert client.get("/healthz").json["status"] == "ok"
    doc = client.get("/openapi.json").json
    assert doc["openapi"].startswith("3.1")
    for path in ("/api/v1/templates", "/api/v1/templates/{template_id}", "/api/v1/documents/{template_id}"):
        assert path in doc["paths"]
