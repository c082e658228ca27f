"""API keys and the web login (service/http/access.py): who may call what, secrets never logged."""

from __future__ import annotations

import io
import json
import logging
import re
import subprocess
import sys

import pytest
from werkzeug.security import check_password_hash, generate_password_hash

from service import create_app
from service.http.problems import JsonFormatter

KEY = "k-3f9a1c0e7b2d4a6f8e1c"
PASSWORD = "mật-khẩu-Bí-mật-42"


@pytest.fixture()
def secured(tmp_path):
    users = [f"vanthu:{generate_password_hash(PASSWORD)}"]
    return create_app(
        {
            "DATA_DIR": str(tmp_path / "var"),
            "TESTING": True,
            "PDF_ENABLED": False,
            "API_KEYS": [KEY, "second-key"],
            "WEB_USERS": users,
            "SECRET_KEY": "t" * 32,
        }
    )


def api_rules(app):
    """One concrete URL and method for every /api/v1 rule of the app."""
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1"):
            continue
        url = rule.rule
        for arg in rule.arguments:
            url = url.replace(f"<{arg}>", "ke-hoach").replace(f"<path:{arg}>", "x")
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield method, url


def test_open_by_default(client, fixture_data):
    assert client.get("/api/v1/templates").status_code == 200
    assert client.post("/api/v1/documents/ke-hoach", json=fixture_data("ke-hoach")).status_code == 200
    assert client.get("/").status_code == 200


def test_every_api_rule_refuses_missing_and_wrong_keys(secured):
    c = secured.test_client()
    rules = list(api_rules(secured))
    assert len(rules) >= 4
    for method, url in rules:
        resp = c.open(url, method=method, json={})
        assert resp.status_code == 401, (method, url)
        assert resp.mimetype == "application/problem+json"
        assert resp.headers["WWW-Authenticate"].startswith("Bearer")
        assert json.loads(resp.data)["request_id"] == resp.headers["X-Request-Id"]
        for header in ("Bearer nope", "Bearer " + KEY + "x", "Bearer " + KEY[:-1], "Bearer ừ"):
            resp = c.open(url, method=method, json={}, headers={"Authorization": header})
            assert resp.status_code == 403, (method, url, header)
            assert resp.mimetype == "application/problem+json"
        resp = c.open(url, method=method, json={}, headers={"Authorization": "Basic " + KEY})
        assert resp.status_code == 401


def test_valid_key_is_served(secured, fixture_data):
    c = secured.test_client()
    for key in (KEY, "second-key"):
        auth = {"Authorization": f"Bearer {key}"}
        assert c.get("/api/v1/templates", headers=auth).status_code == 200
    resp = c.post(
        "/api/v1/documents/ke-hoach",
        json=fixture_data("ke-hoach"),
        headers={"Authorization": f"bearer {KEY}"},
    )
    assert resp.status_code == 200


def test_open_paths_stay_open(secured):
    c = secured.test_client()
    for path in ("/healthz", "/openapi.json", "/metrics", "/dang-nhap"):
        assert c.get(path).status_code == 200, path


def login_token(c) -> str:
    page = c.get("/dang-nhap").get_data(as_text=True)
    return re.search(r'name="_csrf" value="([^"]+)"', page).group(1)


def test_pages_need_login_and_login_works(secured):
    c = secured.test_client()
    resp = c.get("/mau/ke-hoach")
    assert resp.status_code == 302 and resp.headers["Location"].startswith("/dang-nhap?next=")
    page = c.get("/dang-nhap").get_data(as_text=True)
    assert "Đăng nhập" in page and 'name="password"' in page
    token = login_token(c)
    bad = c.post("/dang-nhap", data={"_csrf": token, "username": "vanthu", "password": "sai"})
    assert bad.status_code == 401 and "Sai tên đăng nhập hoặc mật khẩu" in bad.get_data(as_text=True)
    form = {"_csrf": token, "username": "ai-do", "password": PASSWORD}
    assert c.post("/dang-nhap", data=form).status_code == 401
    form = {"_csrf": token, "username": "vanthu", "password": PASSWORD, "next": "/mau/ke-hoach"}
    ok = c.post("/dang-nhap", data=form)
    assert ok.status_code == 302 and ok.headers["Location"] == "/mau/ke-hoach"
    assert c.get("/mau/ke-hoach").status_code == 200
    assert c.get("/api/v1/templates").status_code == 401  # only keys authenticate the API
    c.post("/dang-xuat", data={"_csrf": login_token_after_login(c)})
    assert c.get("/mau/ke-hoach").status_code == 302


def login_token_after_login(c) -> str:
    page = c.get("/dang-xuat").get_data(as_text=True)
    return re.search(r'name="_csrf" value="([^"]+)"', page).group(1)


def test_login_never_redirects_off_site(secured):
    for nxt in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        c = secured.test_client()
        form = {"_csrf": login_token(c), "username": "vanthu", "password": PASSWORD, "next": nxt}
        resp = c.post("/dang-nhap", data=form)
        assert resp.headers["Location"] == "/"


def test_secrets_never_logged(secured):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    loggers = [logging.getLogger("service"), logging.getLogger(), logging.getLogger("werkzeug")]
    for lg in loggers:
        lg.addHandler(handler)
    try:
        c = secured.test_client()
        c.get("/api/v1/templates", headers={"Authorization": f"Bearer {KEY}"})
        c.get("/api/v1/templates", headers={"Authorization": f"Bearer {KEY}wrong"})
        c.post("/dang-nhap", data={"_csrf": login_token(c), "username": "vanthu", "password": PASSWORD})
        c.post("/dang-xuat", data={"_csrf": login_token_after_login(c)})
        form = {"_csrf": login_token(c), "username": "vanthu", "password": PASSWORD + "x"}
        c.post("/dang-nhap", data=form)
        c.get(f"/api/v1/templates?api_key={KEY}")
    finally:
        for lg in loggers:
            lg.removeHandler(handler)
    logs = stream.getvalue()
    assert logs.count('"msg": "request"') >= 5  # the requests were logged …
    assert KEY not in logs and PASSWORD not in logs and "pbkdf2" not in logs  # … without secrets


def test_hash_password_command():
    out = subprocess.run(
        [sys.executable, "-m", "service.http.access", "hash-password"],
        input=PASSWORD + "\n",
        capture_output=True,
        text=True,
        check=True,
    )
    pw_hash = out.stdout.strip()
    assert pw_hash.startswith("pbkdf2:sha256:") and check_password_hash(pw_hash, PASSWORD)
    bad = subprocess.run([sys.executable, "-m", "service.http.access"], capture_output=True, text=True)
    assert bad.returncode == 2
