"""The printed register (Phụ lục IV, Sổ đăng ký văn bản đi) read back with openpyxl and
python-docx: the 10 columns, the two header rows repeated on every page, landscape A4, one
book per register, withdrawn entries marked, text kept as text (never a formula)."""

from __future__ import annotations

import io

import docx
import openpyxl
from docx.shared import Mm

from service.domain.so_dang_ky import COT
from tests.register.conftest import document

COLUMNS = [
    "Số, ký hiệu văn bản",
    "Ngày tháng văn bản",
    "Tên loại và trích yếu nội dung văn bản",
    "Người ký",
    "Nơi nhận văn bản",
    "Đơn vị, người nhận bản lưu",
    "Số lượng bản",
    "Ngày chuyển",
    "Ký nhận",
    "Ghi chú",
]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _fill(client):
    ids = []
    for i in range(3):
        data = document(
            trich_yeu=f"Kế hoạch số {i + 1}", noi_nhan=["Sở Nội vụ", "UBND các huyện"], luu=["VT", "NC"]
        )
        data["so_luong_ban"] = 10 + i
        ids.append(client.post("/api/v1/van-ban-di/ke-hoach", json=data).json["id"])
    client.post(f"/api/v1/van-ban-di/{ids[1]}/thu-hoi", json={"ly_do": "Ban hành nhầm"})
    hostile = document(trich_yeu='=HYPERLINK("http://x","y")')
    client.post("/api/v1/van-ban-di/ke-hoach", json=hostile)
    other = document(co_quan_ban_hanh="SỞ NỘI VỤ")
    client.post("/api/v1/van-ban-di/ke-hoach", json=other)


def test_columns_match_the_decree():
    assert [c for c, _w in COT] == COLUMNS


def test_register_as_xlsx(reg_client):
    _fill(reg_client)
    r = reg_client.get(
        "/api/v1/so-dang-ky", query_string={"co_quan": "ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN", "nam": 2026}
    )
    assert r.status_code == 200
    assert r.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    wb = openpyxl.load_workbook(io.BytesIO(r.data))
    assert len(wb.worksheets) == 1
    ws = wb.worksheets[0]
    assert ws["A1"].value == "ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN"
    assert ws["A2"].value == "SỔ ĐĂNG KÝ VĂN BẢN ĐI" and ws["A2"].font.b
    assert ws["A3"].value == "Năm: 2026"
    assert [ws.cell(5, c).value for c in range(1, 11)] == COLUMNS
    assert [ws.cell(6, c).value for c in range(1, 11)] == [f"({i})" for i in range(1, 11)]
    assert ws.print_title_rows == "$5:$6"
    assert ws.page_setup.orientation == "landscape"
    rows = [[ws.cell(r, c).value for c in range(1, 11)] for r in range(7, ws.max_row + 1)]
    assert [r[0] for r in rows] == ["01/KH-UBND", "02/KH-UBND", "03/KH-UBND", "04/KH-UBND"]
    assert rows[0][1] == "10/03/2026"
    assert rows[0][2].startswith("Kế hoạch: Kế hoạch số 1")
    assert rows[0][4] == "Sở Nội vụ; UBND các huyện"
    assert rows[0][5] == "VT, NC"
    assert rows[0][6] == "10"
    assert rows[0][7] is None and rows[0][8] is None  # filled in by hand
    assert rows[1][9] == "Đã thu hồi: Ban hành nhầm" and ws.cell(8, 3).font.strike
    hostile = ws.cell(10, 3)
    assert hostile.data_type == "s" and hostile.value.startswith("Kế hoạch: =HYPERLINK")


def test_every_register_of_the_year_is_its_own_sheet(reg_client):
    _fill(reg_client)
    wb = openpyxl.load_workbook(io.BytesIO(reg_client.get("/api/v1/so-dang-ky?nam=2026").data))
    assert sorted(ws["A1"].value for ws in wb.worksheets) == ["SỞ NỘI VỤ", "ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN"]
    assert reg_client.get("/api/v1/so-dang-ky?nam=2019").status_code == 404
    assert reg_client.get("/api/v1/so-dang-ky?format=odt").status_code == 422


def test_register_as_docx_landscape_with_repeating_headers(reg_client):
    _fill(reg_client)
    r = reg_client.get("/api/v1/so-dang-ky", query_string={"nam": 2026, "format": "docx"})
    assert r.status_code == 200
    d = docx.Document(io.BytesIO(r.data))
    assert len(d.sections) == 2 and len(d.tables) == 2  # one book per register
    for section in d.sections:
        assert section.orientation == 1  # landscape
        assert abs(section.page_width - Mm(297)) < Mm(1) and abs(section.page_height - Mm(210)) < Mm(1)
        assert "PAGE" in section.footer._element.xml
    texts = [p.text for p in d.paragraphs]
    assert "SỔ ĐĂNG KÝ VĂN BẢN ĐI" in texts and "Năm: 2026" in texts
    table = next(t for t in d.tables if len(t.rows) == 6)
    assert [c.text for c in table.rows[0].cells] == COLUMNS
    assert [c.text for c in table.rows[1].cells] == [f"({i})" for i in range(1, 11)]
    for row in table.rows[:2]:
        assert row._tr.trPr.find(W + "tblHeader") is not None
    assert table.rows[2]._tr.trPr.find(W + "tblHeader") is None
    assert [table.rows[i].cells[0].text for i in range(2, 6)] == [
        "01/KH-UBND",
        "02/KH-UBND",
        "03/KH-UBND",
        "04/KH-UBND",
    ]
    withdrawn = table.rows[3].cells[2].paragraphs[0].runs[0]
    assert withdrawn.font.strike
    assert table.rows[3].cells[9].text == "Đã thu hồi: Ban hành nhầm"
    assert table.rows[2].cells[0].paragraphs[0].runs[0].font.name in (None, "Times New Roman")
    assert d.styles["Normal"].font.name == "Times New Roman"
