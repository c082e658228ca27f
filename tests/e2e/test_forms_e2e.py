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
