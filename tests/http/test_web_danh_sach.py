"""The danh sách batch in the pages: one decision whose list holds every row of a spreadsheet,
its own fields in a form, the example workbook that round-trips, and exactly the API's errors."""

from __future__ import annotations

import copy
import io
import re

import docx
import openpyxl
import pytest

from service.adapters.spreadsheet import DATA_SHEET, GUIDE_SHEET, LIST_SHEET, sheet_names
from service.domain.kinds import KINDS
from service.http import forms
from tests.http.test_web import csrf, stored_token, upload, wait_page

KIND = "quyet-dinh-khen-thuong"
VI_DU = KINDS[KIND].vi_du


def workbook(*rows, title: str | None = None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    if title:
        sheet.title = title
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def decision_fields() -> dict:
    data = copy.deepcopy(VI_DU)
    for group in ("tap_the", "ca_nhan"):
        data["danh_sach"].pop(group)
    return forms.flatten(data)


def all_text(data: bytes) -> str:
    doc = docx.Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join(parts)


def test_example_workbook_has_the_list_and_the_decision_on_their_own_sheets(client):
    data = client.get(f"/mau/{KIND}/vi-du.xlsx").data
    assert sheet_names(data) == [DATA_SHEET, LIST_SHEET, GUIDE_SHEET]
    book = openpyxl.load_workbook(io.BytesIO(data))
    rows = list(book[LIST_SHEET].iter_rows(values_only=True))
    assert rows[0][:5] == ("loai", "ho_ten", "chuc_vu_don_vi", "ten", "ghi_chu")
    assert rows[1][1] == "Họ và tên (cá nhân)"  # the label row
    assert [r[0] for r in rows[2:]] == ["tap_the", "tap_the", "ca_nhan", "ca_nhan"]
    guide = "\n".join(str(c) for r in book[GUIDE_SHEET].iter_rows(values_only=True) for c in r if c)
    assert (
        "Nhập ở trang 'Danh sách'" in guide
        and "Không nhập được trong bảng tính" not in guide.split("danh_sach.ca_nhan")[1].split("\n")[0]
    )


def test_example_workbook_round_trips_through_the_api(client):
    xlsx = client.get(f"/mau/{KIND}/vi-du.xlsx").data
    resp = client.post(
        f"/api/v1/batches/{KIND}",
        data={"file": (io.BytesIO(xlsx), "vi-du.xlsx"), "dau_ra": "danh_sach"},
        content_type="multipart/form-data",
    )
    assert resp.status_code == 200, resp.get_json()
    single = client.post(f"/api/v1/documents/{KIND}", json=VI_DU)
    assert all_text(resp.data) == all_text(single.data)


def test_example_workbook_round_trips_through_the_page(client):
    xlsx = client.get(f"/mau/{KIND}/vi-du.xlsx").data
    resp = upload(client, xlsx, KIND)
    page = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert "Danh sách trong tệp có 4 dòng: 2 tập thể, 2 cá nhân" in page
    assert ">Tạo quyết định<" in page and "Tạo 4 văn bản" not in page
    assert 'name="so_bat_dau"' not in page and 'value="zip"' not in page  # one decision: no start number
    assert VI_DU["trich_yeu"] in page  # the decision's fields come from the "Dữ liệu" sheet
    form = {"_csrf": csrf(client, KIND), "token": stored_token(page), **decision_fields()}
    resp = client.post(f"/mau/{KIND}/tao-danh-sach", data=form)
    assert resp.status_code == 303
    page = wait_page(client, resp.headers["Location"])
    link = re.search(r'id="lo-tai" href="([^"]+)"', page).group(1)
    single = client.post(f"/api/v1/documents/{KIND}", json=VI_DU)
    assert all_text(client.get(link).data) == all_text(single.data)


def test_a_list_only_sheet_with_a_label_row_opens_the_list_page(client):
    data = workbook(
        ["ho_ten", "chuc_vu_don_vi", "ten"],
        ["Họ và tên (cá nhân)", "Chức vụ, đơn vị công tác (cá nhân)", "Tên tập thể"],
        ["Nguyễn Văn A", "Chuyên viên Phòng Nội vụ", None],
        [None, None, "Phòng Tài chính - Kế hoạch"],
    )
    page = upload(client, data, KIND).get_data(as_text=True)
    assert "Danh sách trong tệp có 2 dòng: 1 tập thể, 1 cá nhân" in page
    assert 'id="loi-tong-hop"' not in page


def _api_errors(client, data: bytes, chung: dict) -> list[dict]:
    import json

    resp = client.post(
        f"/api/v1/batches/{KIND}",
        data={
            "file": (io.BytesIO(data), "ds.xlsx"),
            "dau_ra": "danh_sach",
            "chung": json.dumps(chung, ensure_ascii=False),
        },
        content_type="multipart/form-data",
    )
    assert resp.status_code == 422
    return resp.get_json()["errors"]


def test_one_empty_name_shows_that_one_error_and_nothing_else(client):
    rows = [["loai", "ho_ten", "chuc_vu_don_vi", "ten"]]
    rows += [["ca_nhan", f"Người {i}", "Chuyên viên", None] for i in range(40)]
    rows[18] = ["ca_nhan", None, "Chuyên viên", None]  # Excel row 19
    data = workbook(*rows)
    page = upload(client, data, KIND).get_data(as_text=True)
    shown = re.findall(r"<li>([^<]+)</li>", page.split('id="loi-danh-sach"')[1].split("</ul>")[0])
    chung = {k: v for k, v in VI_DU.items() if k != "danh_sach"}
    api = [e for e in _api_errors(client, data, chung)]
    assert len(shown) == len(api) == 1
    assert shown[0].startswith("Dòng 19: ")
    assert "Họ và tên (cá nhân)" in shown[0]
    assert "Có 1 lỗi cần sửa" in page


def test_errors_in_the_decisions_fields_are_shown_beside_them_with_their_labels(client):
    data = workbook(["ho_ten", "chuc_vu_don_vi"], ["Nguyễn Văn A", "Chuyên viên"])
    page = upload(client, data, KIND).get_data(as_text=True)
    fields = decision_fields()
    fields["trich_yeu"] = ""
    fields["ky_hieu"] = ""
    form = {"_csrf": csrf(client, KIND), "token": stored_token(page), **fields}
    resp = client.post(f"/mau/{KIND}/tao-danh-sach", data=form)
    page = resp.get_data(as_text=True)
    assert resp.status_code == 422
    chung = {k: v for k, v in VI_DU.items() if k != "danh_sach"}
    del chung["trich_yeu"], chung["ky_hieu"]  # an emptied input is an absent field, as in the form
    api = _api_errors(client, data, chung)
    assert sorted(e["path"] for e in api) == ["/chung/ky_hieu", "/chung/trich_yeu"]
    for name in ("trich_yeu", "ky_hieu"):
        err = re.search(rf'id="f-{name}-err">([^<]+)<', page)
        assert err, name
        assert err.group(1) in {e["message"] for e in api}
    assert f"Có {len(api)} lỗi cần sửa" in page
    assert 'aria-invalid="true"' in page


@pytest.mark.parametrize("dau_ra", ["zip", "gop"])
def test_a_batch_of_decisions_still_offers_zip_gop_and_the_start_number(client, dau_ra):
    xlsx = client.get(f"/mau/{KIND}/vi-du.xlsx").data
    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    del book[LIST_SHEET]
    book[DATA_SHEET].append([c.value for c in book[DATA_SHEET][3]])
    out = io.BytesIO()
    book.save(out)
    page = upload(client, out.getvalue(), KIND).get_data(as_text=True)
    assert "Tạo 2 văn bản" in page and 'name="so_bat_dau"' in page and f'value="{dau_ra}"' in page
