"""The clerks' pages through the Flask test client (no browser)."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from service.adapters.spreadsheet import read_table
from service.domain.kinds import KINDS
from service.http import forms


def csrf(client, kind_id: str = "ke-hoach") -> str:
    page = client.get(f"/mau/{kind_id}").get_data(as_text=True)
    return re.search(r'name="_csrf" value="([^"]+)"', page).group(1)


def schema_names(schema: dict, prefix: str = "") -> list[str]:
    out = []
    for key, sub in schema.get("properties", {}).items():
        out.append(prefix + key)
        if forms.widget_of(sub) == "group":
            out += schema_names(sub, prefix + key + ".")
    return out


def test_index_lists_every_kind(client):
    page = client.get("/").get_data(as_text=True)
    for kind in KINDS.values():
        assert kind.ten in page and kind.mo_ta in page and f'href="/mau/{kind.id}"' in page


@pytest.mark.parametrize("kind_id", list(KINDS))
def test_form_has_every_schema_field(client, kind_id):
    kind = KINDS[kind_id]
    page = client.get(f"/mau/{kind_id}").get_data(as_text=True)
    for name in schema_names(kind.schema):
        node = forms.build_form(kind.schema, {})
        assert name in forms.field_names(node)
        assert f'id="f-{name.replace(".", "-")}"' in page, name
    for sub in kind.schema["properties"].values():
        assert sub["title"] in page
    assert 'type="date"' in page and 'name="ngay_ban_hanh"' in page
    assert re.search(r'<textarea id="f-trich_yeu"', page)
    assert 'name="luu.0" type="text" value="VT"' in page
    # examples are placeholders, never values
    assert f'placeholder="{kind.vi_du["ky_hieu"]}"' in page
    assert f'value="{kind.vi_du["ky_hieu"]}"' not in page


def test_post_without_csrf_is_rejected(client):
    resp = client.post("/mau/ke-hoach", data={"trich_yeu": "A"})
    assert resp.status_code == 400
    assert resp.mimetype == "text/html"
    assert "mã bảo vệ" in resp.get_data(as_text=True)
    resp = client.post("/mau/ke-hoach", data={"_csrf": "sai-ma-bao-ve-0123456789", "trich_yeu": "A"})
    assert resp.status_code == 400


def test_errors_rerender_with_values_kept(client):
    token = csrf(client)
    resp = client.post(
        "/mau/ke-hoach",
        data={
            "_csrf": token,
            "so": "mười",
            "trich_yeu": "Kế hoạch <b>&</b> thử",
            "noi_nhan.0": "",
            "noi_nhan.1": "Sở Tài chính",
            "nguoi_ky.ho_ten": "Lê Văn C",
            "danh_sach.khong_co": "x",
        },
    )
    page = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert 'value="mười"' in page
    assert "Kế hoạch &lt;b&gt;&amp;&lt;/b&gt; thử</textarea>" in page
    assert 'name="noi_nhan.0" type="text" value="Sở Tài chính"' in page
    assert 'value="Lê Văn C"' in page
    assert re.search(r'id="f-so-err">Sai kiểu dữ liệu', page)
    assert re.search(r'id="f-nguoi_ky-chuc_vu-err">Thiếu trường bắt buộc', page)
    assert re.search(r'id="f-noi_dung-err">Thiếu trường bắt buộc', page)
    assert 'aria-describedby="f-so-help f-so-err" aria-invalid="true"' in page


def test_add_row_without_javascript(client):
    token = csrf(client)
    page = client.get("/mau/ke-hoach").get_data(as_text=True)
    assert 'name="noi_nhan.1"' in page and 'name="noi_nhan.2"' not in page
    resp = client.post(
        "/mau/ke-hoach",
        data={
            "_csrf": token,
            "_hanh_dong": "them:noi_nhan",
            "_so_dong.noi_nhan": "2",
            "noi_nhan.0": "Bộ Nội vụ",
            "noi_nhan.1": "Sở Y tế",
            "trich_yeu": "Giữ nguyên",
        },
    )
    page = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert 'value="Bộ Nội vụ"' in page and 'value="Sở Y tế"' in page and "Giữ nguyên" in page
    assert 'name="noi_nhan.4"' in page  # 2 filled + 2 empty + 1 added
    assert "lỗi cần sửa" not in page


def test_valid_submit_without_pdf_offers_docx(client, fixture_data):
    token = csrf(client)
    data = {"_csrf": token, **forms.flatten(fixture_data("ke-hoach"))}
    resp = client.post("/mau/ke-hoach", data=data)
    page = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert "Không xem trước được" in page
    link = re.search(r'href="(/tai-ve/[^"]+\.docx)"', page).group(1)
    got = client.get(link)
    assert got.status_code == 200 and zipfile.is_zipfile(io.BytesIO(got.data))
    assert "filename*=UTF-8''K%E1%BA%BF" in got.headers["Content-Disposition"]
    assert client.get("/tai-ve/khong-co-token-nay-0123456789.docx").status_code == 404


@pytest.mark.parametrize("kind_id", list(KINDS))
@pytest.mark.parametrize("ext", ["xlsx", "csv"])
def test_example_spreadsheet_round_trips(client, kind_id, ext):
    kind = KINDS[kind_id]
    resp = client.get(f"/mau/{kind_id}/vi-du.{ext}")
    assert resp.status_code == 200 and "attachment" in resp.headers["Content-Disposition"]
    table = read_table(resp.data, kind.schema, labels=forms.labels(kind.schema))
    assert table.cell_errors == []
    assert len(table.items) == 1
    item = table.items[0]
    assert item["trich_yeu"] == kind.vi_du["trich_yeu"]
    assert item["nguoi_ky"]["ho_ten"] == kind.vi_du["nguoi_ky"]["ho_ten"]
    assert item["noi_nhan"] == kind.vi_du["noi_nhan"]


def test_upload_csv_fills_form(client):
    token = csrf(client, "bao-cao")
    body = "trich_yeu,nguoi_ky.ho_ten,ngay_ban_hanh\r\nBáo cáo quý,Đỗ Thị E,05/02/2026\r\n".encode()
    resp = client.post(
        "/mau/bao-cao/tai-len",
        data={"_csrf": token, "tep": (io.BytesIO(body), "x.csv")},
        content_type="multipart/form-data",
    )
    page = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert "Báo cáo quý</textarea>" in page and 'value="Đỗ Thị E"' in page and 'value="2026-02-05"' in page


def test_upload_json_object(client, fixture_data):
    token = csrf(client)
    body = '{"trich_yeu": "Từ JSON", "so": 7}'.encode()
    resp = client.post(
        "/mau/ke-hoach/tai-len",
        data={"_csrf": token, "tep": (io.BytesIO(body), "a.json")},
        content_type="multipart/form-data",
    )
    assert resp.status_code == 200 and "Từ JSON</textarea>" in resp.get_data(as_text=True)
    resp = client.post(
        "/mau/ke-hoach/tai-len",
        data={"_csrf": token, "tep": (io.BytesIO(b"[1, 2]"), "a.json")},
        content_type="multipart/form-data",
    )
    assert resp.status_code == 422 and "phải chứa một đối tượng" in resp.get_data(as_text=True)


def test_renamed_docx_is_rejected(client, fixture_data):
    token = csrf(client)
    docx = client.post("/api/v1/documents/ke-hoach", json=fixture_data("ke-hoach")).data
    resp = client.post(
        "/mau/ke-hoach/tai-len",
        data={"_csrf": token, "tep": (io.BytesIO(docx), "bang.xlsx")},
        content_type="multipart/form-data",
    )
    page = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert 'role="alert"' in page and "bảng tính" in page.lower()


def test_oversized_upload_is_413_in_vietnamese(tmp_path):
    from service import create_app

    app = create_app(
        {"DATA_DIR": str(tmp_path), "TESTING": True, "PDF_ENABLED": False, "MAX_BATCH_BYTES": 10_000}
    )
    client = app.test_client()
    token = csrf(client)
    resp = client.post(
        "/mau/ke-hoach/tai-len",
        data={"_csrf": token, "tep": (io.BytesIO(b"a,b\r\n" * 5_000), "big.csv")},
        content_type="multipart/form-data",
    )
    assert resp.status_code == 413
    assert resp.mimetype == "text/html"
    assert "quá lớn" in resp.get_data(as_text=True) and "KB" in resp.get_data(as_text=True)


def test_unknown_kind_is_html_404(client):
    resp = client.get("/mau/khong-co")
    assert resp.status_code == 404 and resp.mimetype == "text/html"
    assert "Không có mẫu văn bản" in resp.get_data(as_text=True)


def test_api_is_exempt_from_csrf(client, fixture_data):
    resp = client.post("/api/v1/documents/ke-hoach", json=fixture_data("ke-hoach"))
    assert resp.status_code == 200
