"""A mistyped page address answers a Vietnamese HTML page; the API keeps problem+json."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "path", ["/mau-sai", "/mau/ke-hoach/khong-co", "/lo", "/tai-ve", "/static/khong-co.css"]
)
def test_mistyped_page_address_is_an_html_404_in_vietnamese(client, path):
    resp = client.get(path, headers={"Accept": "text/html"})
    assert resp.status_code == 404
    assert resp.mimetype == "text/html"
    html = resp.get_data(as_text=True)
    assert "Không tìm thấy trang" in html and "trang chủ" in html
    assert '"status"' not in html


@pytest.mark.parametrize(
    "path", ["/api/v1/khong-co", "/api/v2/templates", "/api", "/openapi.jsonx", "/healthz/x"]
)
def test_mistyped_api_address_keeps_problem_json(client, path):
    resp = client.get(path)
    assert resp.status_code == 404
    assert resp.mimetype == "application/problem+json"
    assert resp.get_json()["status"] == 404


def test_wrong_method_on_a_page_is_html_and_on_the_api_problem_json(client):
    page = client.get("/mau/ke-hoach/tao-lo")
    assert page.status_code == 405 and page.mimetype == "text/html"
    assert "POST" in page.headers["Allow"]
    api = client.put("/api/v1/templates")
    assert api.status_code == 405 and api.mimetype == "application/problem+json"
