"""The register in a real browser: a clerk previews a kế hoạch, double-clicks "Cấp số và ban
hành" (one number), downloads the issued .docx, finds it on the register page and withdraws it."""

from __future__ import annotations

import copy
import io
import re

import docx

from service.domain.kinds import KINDS
from tests.e2e.test_web_e2e import fill


def test_issue_from_preview_then_register_page(server, page, shot):
    data = copy.deepcopy(KINDS["ke-hoach"].vi_du)
    for key in ("so", "ngay_ban_hanh"):
        data.pop(key, None)
    data["trich_yeu"] = "Kiểm tra sổ đăng ký trên trình duyệt"
    before = page.request.get(server + "/api/v1/van-ban-di").json()["tong_so"]
    page.goto(server + "/mau/ke-hoach")
    page.locator('[name="luu.0"]').fill("")
    fill(page, "ke-hoach", data)
    page.get_by_role("button", name="Xem trước").click()
    assert page.locator("#cap-so").inner_text() == "Cấp số và ban hành"
    shot(page, "so-dang-ky-01-xem-truoc")
    page.locator("#cap-so").dblclick()
    page.wait_for_url(re.compile(r".*/so-dang-ky/van-ban/[0-9a-f]{32}$"))
    heading = page.locator("h1").inner_text()
    assert re.fullmatch(r"Văn bản đi số \d{2,}/KH-UBND", heading)
    number = heading.split("số ")[1]
    shot(page, "so-dang-ky-02-da-cap-so")
    assert page.request.get(server + "/api/v1/van-ban-di").json()["tong_so"] == before + 1  # one number
    with page.expect_download() as info:
        page.locator("#tai-docx").click()
    doc = docx.Document(io.BytesIO(open(info.value.path(), "rb").read()))
    cells = [p.text for t in doc.tables for r in t.rows for c in r.cells for p in c.paragraphs]
    assert f"Số: {number}" in cells
    page.get_by_role("link", name="Sổ đăng ký văn bản đi", exact=True).click()
    assert page.locator("h1").inner_text().startswith("Sổ đăng ký văn bản đi năm")
    assert page.locator("table.register").get_by_text(number).count() == 1
    shot(page, "so-dang-ky-03-so")
    page.locator("table.register").get_by_role("link", name=number).click()
    page.locator("#ly_do").fill("Ban hành nhầm")
    page.get_by_role("button", name="Thu hồi").click()
    assert "Văn bản đã bị thu hồi: Ban hành nhầm" in page.locator("#da-thu-hoi").inner_text()
    shot(page, "so-dang-ky-04-thu-hoi")
