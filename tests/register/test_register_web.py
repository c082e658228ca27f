"""The clerks' register pages: "Cấp số và ban hành" beside the preview's downloads (a double
click issues one number), the issued document's page and withdrawal, the register page with
search and print links; CSRF refused without the token; errors shown beside the field."""

from __future__ import annotations

import html
import io
import re

import docx
import openpyxl

from service.http import forms
from tests.register.conftest import document


def _hidden(page: str, form_action: str) -> dict[str, str]:
    """The fields of the form posting to `form_action` on `page`."""
    start = page.index(f'action="{form_action}"')
    chunk = page[start : page.index("</form>", start)]
    return {
        html.unescape(m.group(1)): html.unescape(m.group(2))
        for m in re.finditer(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', chunk)
    }


def _preview(client, **changes) -> str:
    page = client.get("/mau/ke-hoach").get_data(as_text=True)
    token = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
    data = {"_csrf": token, **forms.flatten(document(**changes))}
    resp = client.post("/mau/ke-hoach", data=data)
    assert resp.status_code == 200
    return resp.get_data(as_text=True)


def test_issue_from_the_preview_once_even_when_clicked_twice(reg_client):
    page = _preview(reg_client)
    assert "Cấp số và ban hành" in page
    fields = _hidden(page, "/so-dang-ky/cap-so/ke-hoach")
    assert "so" not in fields and len(fields["_khoa"]) == 32
    first = reg_client.post("/so-dang-ky/cap-so/ke-hoach", data=fields)
    assert first.status_code == 303
    second = reg_client.post("/so-dang-ky/cap-so/ke-hoach", data=fields)  # double click
    assert second.headers["Location"] == first.headers["Location"]
    entry = reg_client.get(first.headers["Location"]).get_data(as_text=True)
    assert "Văn bản đi số 01/KH-UBND" in entry and "Đã cấp số" in entry
    link = re.search(r'id="tai-docx" href="([^"]+)"', entry).group(1)
    d = docx.Document(io.BytesIO(reg_client.get(link).data))
    text = "\n".join(p.text for t in d.tables for r in t.rows for c in r.cells for p in c.paragraphs)
    assert "Số: 01/KH-UBND" in text
    again = _hidden(_preview(reg_client), "/so-dang-ky/cap-so/ke-hoach")
    r = reg_client.post("/so-dang-ky/cap-so/ke-hoach", data=again)
    assert (
        "02-KH-UBND" in reg_client.get(r.headers["Location"]).get_data(as_text=True) or r.status_code == 303
    )
    assert reg_client.get("/api/v1/van-ban-di").json["tong_so"] == 2


def test_issue_needs_the_csrf_token(reg_client):
    fields = _hidden(_preview(reg_client), "/so-dang-ky/cap-so/ke-hoach")
    fields.pop("_csrf")
    assert reg_client.post("/so-dang-ky/cap-so/ke-hoach", data=fields).status_code in (400, 403)
    assert reg_client.get("/api/v1/van-ban-di").json["tong_so"] == 0


def test_refused_issue_shows_the_message_beside_the_field(reg_client):
    fields = _hidden(_preview(reg_client), "/so-dang-ky/cap-so/ke-hoach")
    fields["ngay_ban_hanh"] = "2099-05-01"
    r = reg_client.post("/so-dang-ky/cap-so/ke-hoach", data=fields)
    assert r.status_code == 422
    page = r.get_data(as_text=True)
    assert "Ngày ban hành không được sau ngày hôm nay." in page
    assert 'value="01/05/2099"' in page  # what was typed is kept (as the form shows dates)
    assert reg_client.get("/api/v1/van-ban-di").json["tong_so"] == 0


def test_withdraw_from_the_entry_page(reg_client):
    entry = reg_client.post("/api/v1/van-ban-di/ke-hoach", json=document()).json
    page = reg_client.get(f"/so-dang-ky/van-ban/{entry['id']}").get_data(as_text=True)
    fields = _hidden(page, f"/so-dang-ky/van-ban/{entry['id']}/thu-hoi")
    empty = reg_client.post(f"/so-dang-ky/van-ban/{entry['id']}/thu-hoi", data={**fields, "ly_do": " "})
    assert empty.status_code == 422 and "Cần ghi lý do thu hồi" in empty.get_data(as_text=True)
    ok = reg_client.post(
        f"/so-dang-ky/van-ban/{entry['id']}/thu-hoi", data={**fields, "ly_do": "Sai <b>tên</b>"}
    )
    assert ok.status_code == 303
    after = reg_client.get(f"/so-dang-ky/van-ban/{entry['id']}").get_data(as_text=True)
    assert "Văn bản đã bị thu hồi: Sai &lt;b&gt;tên&lt;/b&gt;" in after


def test_register_page_lists_searches_and_prints(reg_client):
    for i in range(3):
        reg_client.post(
            "/api/v1/van-ban-di/ke-hoach",
            json=document(trich_yeu=f"Kế hoạch <script>{i}</script> ĐẶC BIỆT" if i == 1 else f"Kế hoạch {i}"),
        )
    page = reg_client.get("/so-dang-ky").get_data(as_text=True)
    assert "Sổ đăng ký văn bản đi năm 2026" in page and "3 văn bản" in page
    assert "<script>1</script>" not in page
    found = reg_client.get("/so-dang-ky?q=đặc+biệt").get_data(as_text=True)
    assert "1 văn bản" in found and "02/KH-UBND" in found and "03/KH-UBND" not in found
    link = html.unescape(re.search(r'id="in-xlsx" href="([^"]+)"', page).group(1))
    wb = openpyxl.load_workbook(io.BytesIO(reg_client.get(link).data))
    assert [wb.worksheets[0].cell(r, 1).value for r in (7, 8, 9)] == [
        "01/KH-UBND",
        "02/KH-UBND",
        "03/KH-UBND",
    ]
    assert reg_client.get("/so-dang-ky/in.exe").status_code == 404
    assert reg_client.get("/so-dang-ky?nam=1900&trang=abc").status_code == 200
    assert reg_client.get("/so-dang-ky/van-ban/khong-co").status_code == 404
