"""Công văn and giấy mời typed by a clerk in a real browser: the generated form, rows added in
place, the preview pages and the downloaded .docx laid out as Mẫu 1.5 / 1.7."""

from __future__ import annotations

import io

import docx

from service.domain.kinds import KINDS
from tests.e2e.test_web_e2e import fill


def _download_docx(page):
    with page.expect_download() as info:
        page.locator("#tai-docx").click()
    return docx.Document(io.BytesIO(open(info.value.path(), "rb").read()))


def test_cong_van_typed_with_three_recipients(server, page, shot):
    data = dict(KINDS["cong-van"].vi_du)
    data["kinh_gui"] = [*data["kinh_gui"], "Văn phòng Ủy ban nhân dân tỉnh"]
    page.goto(server + "/mau/cong-van")
    assert page.locator("h1").inner_text() == "Công văn"
    page.locator('[name="luu.0"]').fill("")
    fill(page, "cong-van", data)  # the third Kính gửi row is added with "Thêm dòng"
    shot(page, "cong-van-bieu-mau")
    page.get_by_role("button", name="Xem trước").click()
    assert page.locator(".pages img").count() >= 1
    shot(page, "cong-van-xem-truoc")
    doc = _download_docx(page)
    header = doc.tables[0].cell(1, 0)
    assert [p.text for p in header.paragraphs if p.text] == [
        f"Số: {data['so']}/{data['ky_hieu']}",
        f"V/v {data['trich_yeu']}",
    ]
    texts = [p.text for p in doc.paragraphs]
    i = texts.index("Kính gửi:")
    assert texts[i + 1 : i + 4] == [
        "- Các sở, ban, ngành tỉnh;",
        "- Ủy ban nhân dân các xã, phường;",
        "- Văn phòng Ủy ban nhân dân tỉnh.",
    ]
    assert "CÔNG VĂN" not in texts


def test_giay_moi_with_the_date_time_picker(server, page, shot):
    data = dict(KINDS["giay-moi"].vi_du)
    page.goto(server + "/mau/giay-moi")
    assert page.locator('[name="thoi_gian"]').get_attribute("type") == "datetime-local"
    page.locator('[name="luu.0"]').fill("")
    fill(page, "giay-moi", data | {"thoi_gian": "2026-12-09T14:30"})
    shot(page, "giay-moi-bieu-mau")
    page.get_by_role("button", name="Xem trước").click()
    assert page.locator(".pages img").count() >= 1
    shot(page, "giay-moi-xem-truoc")
    texts = [p.text for p in _download_docx(page).paragraphs]
    assert "Thời gian: 14 giờ 30, thứ Tư, ngày 09 tháng 12 năm 2026" in texts
    assert texts.index("GIẤY MỜI") + 1 == texts.index(data["trich_yeu"])


def test_giay_moi_bad_time_keeps_what_was_typed(server, page):
    page.goto(server + "/mau/giay-moi")
    page.locator('[name="trich_yeu"]').fill("Dự họp giao ban")
    page.get_by_role("button", name="Xem trước").click()
    assert "Thiếu trường bắt buộc" in page.locator("#f-thoi_gian-err").inner_text()
    assert page.locator('[name="trich_yeu"]').input_value() == "Dự họp giao ban"
