"""The clerk's rough edges of issue 12 in a real browser (Debian's Chromium driven by Playwright):
Enter submits, rows keep unique names, dates typed by hand, the danh sách page, own spreadsheet
columns, layout limits, the Vietnamese 404 page and previews on a phone."""

from __future__ import annotations

import copy
import io

import docx
import openpyxl
import pytest

from service.domain.kinds import KINDS
from tests.e2e.test_web_e2e import docx_text, fill, upload_sheet

QD = "quyet-dinh-khen-thuong"


def _label_texts(page, selector: str) -> list[str]:
    return page.locator(selector).evaluate_all(
        "els => els.map(e => (e.labels && e.labels[0] ? e.labels[0].textContent : '').replace(/\\s+/g, ' ').trim())"
    )


def test_enter_in_a_one_line_field_previews_and_adds_no_row(server, page, shot):
    page.goto(server + "/mau/ke-hoach")
    rows = page.locator('[data-repeat="noi_nhan"] [data-row]').count()
    page.locator('[name="ky_hieu"]').fill("KH-UBND")
    with page.expect_navigation():
        page.locator('[name="ky_hieu"]').press("Enter")
    assert page.locator("#loi-tong-hop").is_visible()  # the form was checked: "Xem trước" ran
    assert page.locator('[data-repeat="noi_nhan"] [data-row]').count() == rows
    assert page.locator('[name="ky_hieu"]').input_value() == "KH-UBND"
    shot(page, "20-enter-xem-truoc")


def test_rows_added_by_script_keep_unique_labels_and_accessible_names(server, page):
    page.goto(server + f"/mau/{QD}")
    for _ in range(3):
        page.locator('button[data-add="noi_nhan"]').click()
        page.locator('button[data-add="danh_sach.ca_nhan"]').click()
    names = _label_texts(page, '[data-repeat="noi_nhan"] input[name^="noi_nhan."]')
    assert len(names) == len(set(names)) and all(names)
    assert names[-1] == f"Nơi nhận {len(names)}"
    people = _label_texts(page, '[data-repeat="danh_sach.ca_nhan"] input[name$=".ho_ten"]')
    assert len(people) == len(set(people)) >= 4
    assert page.get_by_role("textbox", name=f"Nơi nhận {len(names)}", exact=True).count() == 1
    ids = page.evaluate("Array.from(document.querySelectorAll('[id]')).map(e => e.id)")
    assert len(ids) == len(set(ids))


def test_a_date_typed_by_hand_and_an_impossible_one(server, page, shot):
    kind = KINDS["ke-hoach"]
    page.goto(server + "/mau/ke-hoach")
    data = copy.deepcopy(kind.vi_du)
    data.pop("ngay_ban_hanh", None)
    page.locator('[name="luu.0"]').fill("")
    fill(page, "ke-hoach", data)
    assert page.get_by_role("button", name="Chọn ngày").count() >= 1  # the calendar is still offered
    page.locator('[name="ngay_ban_hanh"]').fill("31/02/2026")
    page.get_by_role("button", name="Xem trước").last.click()
    error = page.locator("#f-ngay_ban_hanh-err").inner_text()
    assert "“31/02/2026” không có thật" in error and "null" not in error
    assert page.locator('[name="ngay_ban_hanh"]').input_value() == "31/02/2026"
    shot(page, "21-ngay-khong-co-that")
    page.locator('[name="ngay_ban_hanh"]').fill("5/2/2026")
    page.get_by_role("button", name="Xem trước").last.click()
    with page.expect_download() as info:
        page.locator("#tai-docx").click()
    assert "ngày 05 tháng 02 năm 2026" in docx_text(open(info.value.path(), "rb").read())


def test_the_danh_sach_page_makes_one_decision_from_the_example_workbook(server, page, shot, tmp_path):
    example = page.request.get(server + f"/mau/{QD}/vi-du.xlsx")
    path = tmp_path / "vi-du.xlsx"
    path.write_bytes(example.body())
    upload_sheet(page, server, QD, path)
    assert "2 tập thể, 2 cá nhân" in page.locator("#so-dong").inner_text()
    assert page.locator("#lo-so").count() == 0  # no "Số bắt đầu" for one decision
    assert page.locator('[name="trich_yeu"]').input_value() == KINDS[QD].vi_du["trich_yeu"]
    shot(page, "22-quyet-dinh-kem-danh-sach")
    page.get_by_role("button", name="Tạo quyết định").click()
    page.locator("#lo-trang-thai", has_text="xong").wait_for(timeout=60_000)
    with page.expect_download() as info:
        page.get_by_role("link", name="Tải kết quả").click()
    text = docx_text(open(info.value.path(), "rb").read())
    for entry in KINDS[QD].vi_du["danh_sach"]["ca_nhan"]:
        assert entry["ho_ten"] in text


def test_an_empty_name_shows_only_its_own_error_with_its_label(server, page, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["loai", "ho_ten", "chuc_vu_don_vi"])
    for i in range(30):
        sheet.append(["ca_nhan", None if i == 7 else f"Người {i}", "Chuyên viên"])
    path = tmp_path / "ds.xlsx"
    book.save(path)
    upload_sheet(page, server, QD, path)
    items = page.locator("#loi-danh-sach li")
    assert items.count() == 1
    assert items.first.inner_text().startswith("Dòng 9: Họ và tên (cá nhân):")


def test_own_columns_are_reported_on_the_page(server, page, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["trich_yeu", "Mã hồ sơ"])
    sheet.append(["Kế hoạch thử", "HS-01"])
    path = tmp_path / "mot-dong.xlsx"
    book.save(path)
    upload_sheet(page, server, "ke-hoach", path)
    assert "Các cột không thuộc mẫu nên đã bỏ qua: Mã hồ sơ." in page.locator(".notice").first.inner_text()
    assert page.locator('[name="trich_yeu"]').input_value() == "Kế hoạch thử"


def test_a_5000_character_title_gets_a_clear_message_beside_it(server, page):
    page.goto(server + "/mau/ke-hoach")
    page.locator('[name="trich_yeu"]').fill(("Về việc triển khai nhiệm vụ " * 200)[:5000])
    page.get_by_role("button", name="Xem trước").last.click()
    error = page.locator("#f-trich_yeu-err").inner_text()
    assert "Trích yếu quá dài" in error and "tối đa 6 dòng" in error


def test_a_mistyped_page_address_is_a_vietnamese_page(server, page, shot):
    resp = page.goto(server + "/mau/ke-hoach/khong-co-trang-nay")
    assert resp.status == 404 and resp.headers["content-type"].startswith("text/html")
    assert page.locator("h1").inner_text() == "Không tìm thấy trang"
    assert page.get_by_role("link", name="Trang chủ").count() >= 1
    shot(page, "23-khong-tim-thay")
    api = page.request.get(server + "/api/v1/khong-co")
    assert api.status == 404 and api.headers["content-type"] == "application/problem+json"


@pytest.fixture()
def phone(browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=3,
        is_mobile=True,
        has_touch=True,
        locale="vi-VN",
        accept_downloads=True,
    )
    yield context.new_page()
    context.close()


def test_the_preview_is_readable_on_a_phone(server, phone, shot):
    kind = KINDS["ke-hoach"]
    phone.goto(server + "/mau/ke-hoach")
    phone.locator('[name="luu.0"]').fill("")
    fill(phone, "ke-hoach", kind.vi_du)
    phone.get_by_role("button", name="Xem trước").last.click()
    image = phone.locator(".pages img").first
    image.wait_for()
    natural, shown = image.evaluate("img => [img.naturalWidth, img.getBoundingClientRect().width]")
    assert shown <= 390 and natural >= 1200  # sharp at the phone's 3 device pixels per CSS pixel
    shot(phone, "24-xem-truoc-dien-thoai")
    href = phone.locator(".pages a").first.get_attribute("href")
    full = phone.request.get(server + href)
    assert full.status == 200 and full.headers["content-type"] == "image/png"
    assert phone.locator("#tai-pdf").is_visible()
    reread = docx.Document(
        io.BytesIO(phone.request.get(server + phone.locator("#tai-docx").get_attribute("href")).body())
    )
    assert reread.paragraphs
