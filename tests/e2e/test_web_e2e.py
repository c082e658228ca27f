"""The clerks' pages in a real browser: fill, preview, download, errors, spreadsheet upload."""

from __future__ import annotations

import io
import unicodedata

import docx
import openpyxl
import pytest

from service.domain.kinds import KINDS
from service.http import forms


def nfc(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def fill(page, kind_id: str, data: dict) -> None:
    """Type the example into the form, adding rows with the "Thêm dòng" button when needed."""
    values = forms.flatten(data)
    for name, value in values.items():
        loc = page.locator(f'[name="{name}"]')
        while loc.count() == 0:
            parent = name.rsplit(".", 1)[0]
            while (
                not parent.rsplit(".", 1)[-1].isdigit()
                and "." in parent
                and page.locator(f'button[data-add="{parent}"]').count() == 0
            ):
                parent = parent.rsplit(".", 1)[0]
            if parent.rsplit(".", 1)[-1].isdigit():
                parent = parent.rsplit(".", 1)[0]
            page.locator(f'button[data-add="{parent}"]').click()
        loc.fill(value)


def docx_text(data: bytes) -> str:
    d = docx.Document(io.BytesIO(data))
    parts = [p.text for p in d.paragraphs]
    for table in d.tables:
        for row in table.rows:
            parts += [c.text for c in row.cells]
    return nfc("\n".join(parts))


@pytest.mark.parametrize("kind_id", list(KINDS))
def test_fill_preview_download(server, page, shot, kind_id):
    kind = KINDS[kind_id]
    page.goto(server + "/")
    shot(page, "01-trang-chu")
    page.get_by_role("link", name=kind.ten, exact=True).click()
    assert page.locator("h1").inner_text() == kind.ten
    assert page.locator('[name="nam"]').input_value().isdigit()
    assert page.locator('[name="luu.0"]').input_value() == "VT"
    page.locator('[name="luu.0"]').fill("")
    fill(page, kind_id, kind.vi_du)
    shot(page, f"02-bieu-mau-{kind_id}")
    page.get_by_role("button", name="Xem trước").click()
    images = page.locator(".pages img")
    assert images.count() >= 1
    assert page.locator("figcaption").first.inner_text().startswith("Trang 1/")
    assert images.first.evaluate("img => img.complete && img.naturalWidth > 100")
    shot(page, f"03-xem-truoc-{kind_id}")
    with page.expect_download() as info:
        page.locator("#tai-docx").click()
    data = open(info.value.path(), "rb").read()
    assert info.value.suggested_filename.endswith(".docx")
    first_line = kind.vi_du["trich_yeu"].split("\n")[0]
    assert nfc(first_line) in docx_text(data)
    with page.expect_download() as info_pdf:
        page.locator("#tai-pdf").click()
    assert open(info_pdf.value.path(), "rb").read().startswith(b"%PDF-")


def test_errors_keep_data(server, page, shot):
    page.goto(server + "/mau/ke-hoach")
    page.locator('[name="trich_yeu"]').fill("Kế hoạch thử nghiệm lỗi")
    page.locator('[name="so"]').fill("năm")
    page.locator('[name="noi_nhan.0"]').fill("Sở Nội vụ")
    page.get_by_role("button", name="Xem trước").click()
    assert page.locator("#loi-tong-hop").is_visible()
    assert "lỗi cần sửa" in page.locator("#loi-tong-hop").inner_text()
    assert page.locator('[name="trich_yeu"]').input_value() == "Kế hoạch thử nghiệm lỗi"
    assert page.locator('[name="so"]').input_value() == "năm"
    assert page.locator('[name="noi_nhan.0"]').input_value() == "Sở Nội vụ"
    assert "Sai kiểu dữ liệu" in page.locator("#f-so-err").inner_text()
    assert "Thiếu trường bắt buộc" in page.locator("#f-ky_hieu-err").inner_text()
    assert page.locator("#f-ky_hieu").get_attribute("aria-describedby").endswith("f-ky_hieu-err")
    assert "Thiếu trường bắt buộc" in page.locator("#f-nguoi_ky-ho_ten-err").inner_text()
    shot(page, "04-loi-ke-hoach")


def test_spreadsheet_upload_fills_form(server, page, shot, tmp_path):
    kind = KINDS["bao-cao"]
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["ky_hieu", "trich_yeu", "nguoi_ky.ho_ten", "nguoi_ky.chuc_vu", "noi_nhan", "ngay_ban_hanh"])
    ws.append(
        [
            "BC-VP",
            "Báo cáo từ bảng tính",
            "Phạm Văn Cường",
            "CHÁNH VĂN PHÒNG",
            "Ủy ban nhân dân tỉnh\nLưu trữ",
            "05/02/2026",
        ]
    )
    path = tmp_path / "bang-tinh.xlsx"
    book.save(path)
    page.goto(server + f"/mau/{kind.id}")
    page.locator("details.upload summary").click()
    page.locator("#tep").set_input_files(str(path))
    page.get_by_role("button", name="Tải lên").click()
    assert "Đã điền biểu mẫu" in page.locator(".notice").inner_text()
    assert page.locator('[name="trich_yeu"]').input_value() == "Báo cáo từ bảng tính"
    assert page.locator('[name="nguoi_ky.ho_ten"]').input_value() == "Phạm Văn Cường"
    assert page.locator('[name="noi_nhan.1"]').input_value() == "Lưu trữ"
    assert page.locator('[name="ngay_ban_hanh"]').input_value() == "2026-02-05"
    shot(page, "05-tai-len-bang-tinh")


def test_add_row_with_javascript(server, page):
    page.goto(server + "/mau/ke-hoach")
    before = page.locator('[data-repeat="noi_nhan"] [data-row]').count()
    page.locator('button[data-add="noi_nhan"]').click()
    assert page.locator('[data-repeat="noi_nhan"] [data-row]').count() == before + 1
    assert page.locator(f'[name="noi_nhan.{before}"]').is_visible()


def test_several_rows_hand_over_to_batch(server, page, shot, tmp_path):
    kind = KINDS["ke-hoach"]
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(
        [
            "ky_hieu",
            "co_quan_ban_hanh",
            "dia_danh",
            "trich_yeu",
            "noi_dung",
            "nguoi_ky.ho_ten",
            "nguoi_ky.chuc_vu",
            "noi_nhan",
        ]
    )
    for i in (1, 2):
        ws.append(
            [
                "KH-UBND",
                "ỦY BAN NHÂN DÂN",
                "Hà Nội",
                f"Kế hoạch số {i}",
                "I. MỤC ĐÍCH\nNội dung.",
                "Nguyễn Văn A",
                "CHỦ TỊCH",
                "Sở Nội vụ",
            ]
        )
    path = tmp_path / "lo.xlsx"
    book.save(path)
    page.goto(server + f"/mau/{kind.id}")
    page.locator("details.upload summary").click()
    page.locator("#tep").set_input_files(str(path))
    page.get_by_role("button", name="Tải lên").click()
    assert "2 văn bản" in page.locator("h1").inner_text()
    page.locator("#lo-tep").set_input_files(str(path))
    page.get_by_role("button", name="Tạo 2 văn bản").click()
    page.locator("#tien-do-tai").wait_for(state="visible", timeout=60_000)
    shot(page, "06-tao-nhieu-van-ban")
    with page.expect_download() as info:
        page.locator("#tien-do-tai a").click()
    assert open(info.value.path(), "rb").read()[:2] == b"PK"
