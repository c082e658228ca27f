"""The clerks' pages in a real browser: fill, preview, download, errors, spreadsheet upload."""

from __future__ import annotations

import io
import unicodedata
import zipfile

import docx
import openpyxl
import pytest

from service.domain.kinds import KINDS
from service.http import forms


def nfc(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


MAX_ADDED_ROWS = 60


def fill(page, kind_id: str, data: dict) -> None:
    """Type the example into the form, adding rows with the "Thêm dòng" button when needed."""
    values = forms.flatten(data, schema=KINDS[kind_id].schema)
    for name, value in values.items():
        loc = page.locator(f'[name="{name}"]')
        for _ in range(MAX_ADDED_ROWS):  # a name the form never shows fails, it does not loop
            if loc.count():
                break
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
        assert loc.count(), f"the form has no field {name} for the example's value"
        if loc.evaluate("e => e.tagName") == "SELECT":  # a choice (enum), e.g. Ông/Bà
            loc.select_option(value)
        else:
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
    if "nam" in kind.schema["properties"]:  # a biên bản has no date line, so no draft year
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
    first_line = (kind.vi_du.get("trich_yeu") or kind.vi_du["nguoi_ky"]["ho_ten"]).split("\n")[0]
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
    assert "Cần nhập một số viết bằng chữ số" in page.locator("#f-so-err").inner_text()
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
    assert page.locator('[name="ngay_ban_hanh"]').input_value() == "05/02/2026"
    shot(page, "05-tai-len-bang-tinh")


def test_add_row_with_javascript(server, page):
    page.goto(server + "/mau/ke-hoach")
    before = page.locator('[data-repeat="noi_nhan"] [data-row]').count()
    page.locator('button[data-add="noi_nhan"]').click()
    assert page.locator('[data-repeat="noi_nhan"] [data-row]').count() == before + 1
    assert page.locator(f'[name="noi_nhan.{before}"]').is_visible()


def batch_workbook(path, n: int) -> None:
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
    for i in range(1, n + 1):
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
    book.save(path)


def upload_sheet(page, server: str, kind_id: str, path) -> None:
    page.goto(server + f"/mau/{kind_id}")
    page.locator("details.upload summary").click()
    page.locator("#tep").set_input_files(str(path))
    page.get_by_role("button", name="Tải lên").click()


def test_spreadsheet_batch_progress_and_download(server, page, shot, tmp_path):
    path = tmp_path / "lo.xlsx"
    batch_workbook(path, 3)
    upload_sheet(page, server, "ke-hoach", path)
    assert "3 dòng dữ liệu" in page.locator("h1").inner_text()
    assert page.get_by_label("Tệp .zip", exact=False).is_checked()
    page.locator("#lo-so").fill("20")
    shot(page, "06-tao-nhieu-van-ban")
    page.get_by_role("button", name="Tạo 3 văn bản").click()
    assert "/lo/" in page.url
    page.locator("#lo-trang-thai", has_text="xong").wait_for(timeout=60_000)
    assert page.locator("#lo-so-luong").inner_text() == "3/3"
    assert page.locator("#lo-thanh").evaluate("p => p.value === p.max")
    shot(page, "07-lo-van-ban-xong")
    with page.expect_download() as info:
        page.get_by_role("link", name="Tải kết quả").click()
    assert info.value.suggested_filename.endswith(".zip")
    archive = zipfile.ZipFile(info.value.path())
    names = sorted(n for n in archive.namelist() if n.endswith(".docx"))
    assert len(names) == 3 and names[0].startswith("Kế hoạch - 20-KH-UBND")
    assert "Kế hoạch số 1" in docx_text(archive.read(names[0]))


def test_batch_errors_show_rows_before_starting(server, page, shot, tmp_path):
    path = tmp_path / "loi.xlsx"
    batch_workbook(path, 3)
    book = openpyxl.load_workbook(path)
    book.active["G3"] = None  # second item (spreadsheet row 3) without the signer's title
    book.save(path)
    upload_sheet(page, server, "ke-hoach", path)
    alert = page.locator("#loi-lo").inner_text()
    assert "Dòng 3: Chức vụ người ký: Thiếu trường bắt buộc." in alert
    assert page.get_by_role("button", name="Tạo 3 văn bản").count() == 0
    shot(page, "08-lo-van-ban-loi")


def test_progress_page_refreshes_without_javascript(server, browser, tmp_path):
    context = browser.new_context(java_script_enabled=False, locale="vi-VN")
    try:
        pg = context.new_page()
        path = tmp_path / "lo.xlsx"
        batch_workbook(path, 3)
        pg.goto(server + "/mau/ke-hoach")
        pg.locator("#tep").set_input_files(str(path))  # <details> needs no script to submit
        pg.locator("details.upload form").evaluate("f => f.submit()")
        pg.get_by_role("button", name="Tạo 3 văn bản").click()
        pg.locator("#lo-trang-thai", has_text="xong").wait_for(timeout=60_000)
        assert pg.get_by_role("link", name="Tải kết quả").is_visible()
    finally:
        context.close()
