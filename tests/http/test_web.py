"""The clerks' pages through the Flask test client (no browser)."""

from __future__ import annotations

import io
import os
import re
import time
import zipfile
from pathlib import Path

import pytest

from service.adapters.spreadsheet import read_table
from service.domain.kinds import KINDS
from service.domain.text import field_labels
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
    assert re.search(r'name="ngay_ban_hanh" type="text" class="date" data-date[^>]*placeholder="[^"]+"', page)
    if "trich_yeu" in kind.schema["properties"]:  # giấy giới thiệu, giấy nghỉ phép have none
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
    assert re.search(
        r'id="f-so-err">Cần nhập một số viết bằng chữ số \(ví dụ 12\), hoặc để trống; đã nhập “mười”', page
    )
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
    table = read_table(resp.data, kind.schema, labels=field_labels(kind.schema))
    assert table.cell_errors == []
    assert len(table.items) == 1
    item = table.items[0]
    assert item.get("trich_yeu") == kind.vi_du.get("trich_yeu")
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
    assert "Báo cáo quý</textarea>" in page and 'value="Đỗ Thị E"' in page and 'value="05/02/2026"' in page


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


# --------------------------------------------------------------------------- batches

BATCH_HEADERS = [
    "ky_hieu",
    "co_quan_ban_hanh",
    "dia_danh",
    "trich_yeu",
    "noi_dung",
    "nguoi_ky.ho_ten",
    "nguoi_ky.chuc_vu",
    "noi_nhan",
]


def batch_xlsx(n: int, *, missing_chuc_vu_at: int | None = None) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(BATCH_HEADERS)
    for i in range(n):
        chuc_vu = "" if i == missing_chuc_vu_at else "CHỦ TỊCH"
        sheet.append(
            ["KH-UBND", "ỦY BAN NHÂN DÂN", "Hà Nội", f"Kế hoạch số {i + 1}", "I. MỤC ĐÍCH\nNội dung.",
             "Nguyễn Văn A", chuc_vu, "Sở Nội vụ"]
        )  # fmt: skip
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, data: bytes, kind_id: str = "ke-hoach"):
    return client.post(
        f"/mau/{kind_id}/tai-len",
        data={"_csrf": csrf(client, kind_id), "tep": (io.BytesIO(data), "lo.xlsx")},
        content_type="multipart/form-data",
    )


def stored_token(page: str) -> str:
    return re.search(r'name="token" value="([^"]+)"', page).group(1)


def wait_page(client, location: str) -> str:
    """The progress page once the job has left queued/running."""
    for _ in range(600):
        page = client.get(location).get_data(as_text=True)
        if 'http-equiv="refresh"' not in page:
            return page
        time.sleep(0.05)
    raise AssertionError(f"job did not finish: {page}")


def test_batch_upload_with_an_error_lists_its_row_and_offers_no_start(client, app):
    resp = upload(client, batch_xlsx(3, missing_chuc_vu_at=1))
    page = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert "3 dòng dữ liệu" in page
    assert "Dòng 3: Chức vụ người ký: Thiếu trường bắt buộc." in page  # header is row 1
    assert "Tạo 3 văn bản" not in page and 'name="token"' not in page
    assert not list((Path(app.config["DATA_DIR"]) / "uploads").iterdir())


def test_batch_upload_starts_a_job_that_finishes_and_downloads(client, app):
    resp = upload(client, batch_xlsx(3))
    page = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert "Bảng tính có 3 dòng dữ liệu" in page and "Tạo 3 văn bản" in page
    assert 'value="zip"' in page and 'value="gop"' in page and 'value="danh_sach"' not in page
    token = stored_token(page)
    stored = Path(app.config["DATA_DIR"]) / "uploads" / token
    assert stored.read_bytes()[:2] == b"PK"
    form = {"_csrf": csrf(client), "token": token, "dau_ra": "zip", "so_bat_dau": "12"}
    resp = client.post("/mau/ke-hoach/tao-lo", data=form)
    assert resp.status_code == 303
    location = resp.headers["Location"]
    job_id = re.fullmatch(r"/lo/([0-9a-f]{32})", location).group(1)
    assert not stored.exists()
    page = wait_page(client, location)
    assert "Trạng thái: <strong" in page and ">xong</strong>" in page
    assert "3/3" in page and '<progress id="lo-thanh" max="3" value="3"' in page
    assert client.get(f"/api/v1/jobs/{job_id}").json["state"] == "done"
    link = re.search(r'id="lo-tai" href="([^"]+)"', page).group(1)
    got = client.get(link)
    assert got.status_code == 200 and got.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(got.data))
    names = sorted(n for n in archive.namelist() if n.endswith(".docx"))
    assert len(names) == 3 and all("-KH-UBND" in n for n in names)
    manifest = archive.read("manifest.csv").decode("utf-8-sig")
    assert [line.split(",")[0] for line in manifest.splitlines()[1:]] == ["2", "3", "4"]
    assert ",12," in manifest and ",14," in manifest
    # the same token again: the upload is gone
    resp = client.post("/mau/ke-hoach/tao-lo", data=form)
    assert resp.status_code == 404 and "tải tệp lên lại" in resp.get_data(as_text=True)


def test_progress_page_while_queued_refreshes_and_cancel_works(client, app):
    from service.adapters.batch import prepare

    kind = KINDS["ke-hoach"]
    spec = prepare(app.extensions["documents"].check, kind.id, kind.vi_du, [{}, {}])
    # stored but not handed to a runner: it stays queued (owned by this live process)
    state = app.extensions["jobs"].store.create(
        spec, runner="local", total=2, file_name="x.zip", mimetype="application/zip"
    )
    location = f"/lo/{state['id']}"
    page = client.get(location).get_data(as_text=True)
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in page
    assert ">đang chờ</strong>" in page and "0/2" in page and 'id="lo-huy"' in page
    assert "Tải kết quả" not in page
    assert client.post(f"{location}/huy").status_code == 400  # no CSRF token
    resp = client.post(f"{location}/huy", data={"_csrf": csrf(client)})
    assert resp.status_code == 303 and resp.headers["Location"] == location
    page = client.get(location).get_data(as_text=True)
    assert ">đã hủy</strong>" in page and 'http-equiv="refresh"' not in page and 'id="lo-huy"' not in page
    assert client.get(f"/api/v1/jobs/{state['id']}").json["state"] == "cancelled"
    resp = client.get(f"{location}/ket-qua")
    assert resp.status_code == 409 and resp.mimetype == "text/html"


def test_unknown_job_and_bogus_token_are_vietnamese_pages(client):
    for path in ("/lo/" + "0" * 32, "/lo/khong-co"):
        resp = client.get(path)
        assert resp.status_code == 404 and resp.mimetype == "text/html"
        assert "Không có lô văn bản này." in resp.get_data(as_text=True)
    for token in ("khong-co-token-nay-0123456789", "../../etc/passwd", ""):
        resp = client.post("/mau/ke-hoach/tao-lo", data={"_csrf": csrf(client), "token": token})
        assert resp.status_code == 404 and resp.mimetype == "text/html"
        assert "Hãy tải tệp lên lại." in resp.get_data(as_text=True)


def test_start_batch_needs_csrf_and_reports_a_bad_start_number(client, app):
    token = stored_token(upload(client, batch_xlsx(2)).get_data(as_text=True))
    resp = client.post("/mau/ke-hoach/tao-lo", data={"token": token})
    assert resp.status_code == 400 and "mã bảo vệ" in resp.get_data(as_text=True)
    resp = client.post(
        "/mau/ke-hoach/tao-lo", data={"_csrf": csrf(client), "token": token, "so_bat_dau": "-3"}
    )
    page = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert "Số bắt đầu phải là một số từ 1 đến 999999" in page and "Tạo 2 văn bản" in page
    assert stored_token(page) == token and 'value="-3"' in page
    assert (Path(app.config["DATA_DIR"]) / "uploads" / token).exists()


def test_stored_uploads_expire_after_an_hour(app):
    from service.http import web_forms as wf

    with app.test_request_context():
        old = wf.store_upload(b"old")
        path = Path(app.config["DATA_DIR"]) / "uploads" / old
        past = time.time() - wf.UPLOAD_TTL_S - 5
        os.utime(path, (past, past))
        assert wf.load_upload(old) is None
        new = wf.store_upload(b"new")
        assert not path.exists() and wf.load_upload(new) == b"new"
        assert wf.load_upload("../" + new) is None
