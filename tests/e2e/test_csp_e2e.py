"""The pages under the Content-Security-Policy (service/http/guard.py) in a real browser: no
script, style, image or form the policy blocks, and the JavaScript still works."""

from __future__ import annotations

import pytest

from service.domain.kinds import KINDS
from tests.e2e.test_web_e2e import batch_workbook, fill, upload_sheet

WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + e.blockedURI);
});
"""


@pytest.fixture()
def watched(page):
    messages: list[str] = []
    page.add_init_script(WATCH)
    page.on("console", lambda msg: messages.append(msg.text))
    page.messages = messages
    return page


def violations(page) -> list[str]:
    seen = page.evaluate("window.__csp || []")
    return seen + [m for m in page.messages if "Content Security Policy" in m]


def test_pages_work_under_the_policy(server, watched, tmp_path):
    page = watched
    resp = page.goto(server + "/")
    assert "frame-ancestors 'none'" in resp.headers["content-security-policy"]
    page.goto(server + "/mau/ke-hoach")
    before = page.locator('[data-repeat="noi_nhan"] [data-row]').count()
    page.locator('button[data-add="noi_nhan"]').click()  # app.js runs
    assert page.locator('[data-repeat="noi_nhan"] [data-row]').count() == before + 1
    # The stylesheet applies (a rule of app.css, not the browser's default).
    assert page.evaluate("getComputedStyle(document.querySelector('header.top')).display") != "inline"
    page.goto(server + "/mau/bao-cao")
    fill(page, "bao-cao", KINDS["bao-cao"].vi_du)
    page.get_by_role("button", name="Xem trước").click()
    page.wait_for_selector("#tai-docx")
    images = page.locator("figure.page img")
    if images.count():  # preview pages are data: images
        assert page.evaluate("document.querySelector('figure.page img').naturalWidth") > 0
    # An error page's "Quay lại" goes back through app.js (no javascript: URL).
    page.goto(server + "/mau/ke-hoach")
    page.goto(server + "/mau/khong-co")
    page.locator("[data-quay-lai]").click()
    page.wait_for_url(server + "/mau/ke-hoach")
    # The progress page polls the job's state with fetch.
    path = tmp_path / "lo.xlsx"
    batch_workbook(path, 3)
    upload_sheet(page, server, "ke-hoach", path)
    page.get_by_role("button", name="Tạo 3 văn bản").click()
    page.locator("#lo-trang-thai", has_text="xong").wait_for(timeout=60_000)
    assert violations(page) == []
