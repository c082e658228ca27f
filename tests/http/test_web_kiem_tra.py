"""The clerks' page "Kiểm tra thể thức": upload with CSRF, findings grouped by part of the page
and linked to the decree, each marked on its page image (real LibreOffice), the commented .docx
to download; bad files answered on the page in Vietnamese."""

from __future__ import annotations

import io
import re

import docx
import pytest

from service import create_app
from tests.checking.builders import build, plan


def _csrf(client) -> str:
    html = client.get("/kiem-tra").get_data(as_text=True)
    return re.search(r'name="_csrf" value="([^"]+)"', html).group(1)


def _faulty() -> bytes:
    spec = plan("KẾ HOẠCH")
    spec.ngay = "Thái Nguyên, ngày 5 tháng 02 năm 2026"
    spec.fmt["quoc_hieu"] = {"bold": False}
    spec.body.append("Ủy ban nhân dân Tỉnh Thái Nguyên yêu cầu các cơ quan thực hiện nghiêm túc./.")
    return build(spec)[0]


def _post(client, data: bytes, name: str = "du-thao.docx", csrf: str | None = None):
    form = {"tep": (io.BytesIO(data), name)}
    if csrf is not None:
        form["_csrf"] = csrf
    return client.post("/kiem-tra", data=form, content_type="multipart/form-data")


def test_without_csrf_the_upload_is_refused(client):
    resp = _post(client, _faulty())
    assert resp.status_code == 400 and "mã bảo vệ" in resp.get_data(as_text=True)


def test_findings_grouped_linked_and_downloadable(client):
    resp = _post(client, _faulty(), csrf=_csrf(client))
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert "Phần đầu: Quốc hiệu, tên cơ quan, số, ngày tháng" in html
    assert "Quốc hiệu phải in đậm." in html and "ngày 5" in html
    assert "Phụ lục I, Phần I, Mục II, 4b" in html and "phải ghi thêm số 0 phía trước" in html
    assert "Cảnh báo" in html  # Ủy ban nhân dân Tỉnh …
    assert "Không xem được trang: máy chủ chưa bật LibreOffice" in html  # this app runs without PDF
    link = re.search(r'id="tai-docx" href="([^"]+)"', html).group(1)
    got = client.get(link)
    assert got.status_code == 200
    comments = list(docx.Document(io.BytesIO(got.data)).comments)
    assert any("quoc_hieu.dam" in c.text for c in comments)
    decree = client.get("/kiem-tra/nghi-dinh").get_data(as_text=True)
    assert 'id="muc-ii-4"' in decree and "tháng 1, 2 phải ghi thêm số 0" in decree


@pytest.mark.parametrize(
    ("payload", "status", "message"),
    [(b"", 422, "Chưa chọn tệp"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, 422, "mật khẩu"),
     (b"hello", 422, "không phải tệp Word")],
)  # fmt: skip
def test_bad_files_are_explained_on_the_page(client, payload, status, message):
    resp = _post(client, payload, "x.docx", csrf=_csrf(client))
    assert resp.status_code == status and resp.mimetype == "text/html"
    assert message in resp.get_data(as_text=True)


@pytest.fixture(scope="module")
def pdf_client(tmp_path_factory):
    app = create_app({"DATA_DIR": str(tmp_path_factory.mktemp("kt-pdf")), "TESTING": True, "PDF_ENABLED": True,
                      "PDF_WORKERS": 1})  # fmt: skip
    yield app.test_client()
    app.extensions["pdf"].close()


def test_each_finding_is_marked_on_its_page(pdf_client):
    resp = _post(pdf_client, _faulty(), csrf=_csrf(pdf_client))
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200, html[:500]
    assert "data:image/png;base64," in html
    marks = dict(re.findall(r'<a href="#loi-(\d+)" id="dau-\d+" class="kt-dau-[a-z_]+">\s*<title>[^<]*</title>\s*'
                            r'<rect x="40" y="(\d+)"', html))  # fmt: skip
    links = re.findall(r'<a href="#dau-(\d+)">Xem trên trang (\d+)</a>', html)
    assert links and all(n in marks for n, _ in links)
    # the Quốc hiệu is near the top of page 1, the last paragraph further down
    items = re.findall(r'<li id="loi-(\d+)" class="kt-[a-z_]+" value="\d+">\s*<span class="kt-nhan">[^<]*</span> '
                       r"([^<\n]*)", html)  # fmt: skip
    qh = next(n for n, text in items if text.startswith("Quốc hiệu phải in đậm"))
    caps = next(n for n, text in items if text.startswith("Tên đơn vị hành chính"))
    assert int(marks[qh]) < 150 < int(marks[caps])
