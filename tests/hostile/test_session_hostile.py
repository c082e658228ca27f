"""Hostile session and CSRF cases (issue 13, item 6) against the app: forged, foreign and
replayed cookies, stolen or missing tokens, cross-site origins, odd login input. Each is
refused cleanly (never a 500, never a session)."""

from __future__ import annotations

import re

import pytest
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer
from werkzeug.security import generate_password_hash

from service import create_app

PASSWORD = "mật-khẩu-Thù-địch-5"


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    return create_app(
        {
            "DATA_DIR": str(tmp_path_factory.mktemp("var")),
            "TESTING": True,
            "PDF_ENABLED": False,
            "WEB_USERS": [f"vanthu:{generate_password_hash(PASSWORD, method='pbkdf2:sha256:1000')}"],
            "SECRET_KEY": "s" * 32,
            "LOGIN_MAX_PER_IP": 1000,
            "LOGIN_MAX_PER_USER": 1000,
        }
    )


def token(c, path="/dang-nhap") -> str:
    return re.search(r'name="_csrf" value="([^"]+)"', c.get(path).get_data(as_text=True)).group(1)


def logged_in(app):
    c = app.test_client()
    resp = c.post("/dang-nhap", data={"_csrf": token(c), "username": "vanthu", "password": PASSWORD})
    assert resp.status_code == 302
    return c


def forged(payload: dict, key: str) -> str:
    iface = SecureCookieSessionInterface()
    signer = URLSafeTimedSerializer(
        key,
        salt=iface.salt,
        serializer=iface.serializer,
        signer_kwargs={"key_derivation": "hmac", "digest_method": iface.digest_method},
    )
    return signer.dumps(payload)


COOKIE_CASES = {
    "random": "eyJ1c2VyIjoidmFudGh1In0.ZZZZ.abcdefghijklmnop",
    "other-key": forged({"user": "vanthu", "sid": "x" * 43, "csrf": "y" * 43}, "another-secret-key"),
    "right-key-no-live-session": forged({"user": "vanthu", "sid": "x" * 43, "csrf": "y" * 43}, "s" * 32),
    "right-key-no-sid": forged({"user": "vanthu"}, "s" * 32),
    "empty": "",
}


@pytest.mark.parametrize("name", sorted(COOKIE_CASES))
def test_forged_cookies_never_log_in(app, name):
    c = app.test_client()
    c.set_cookie("session", COOKIE_CASES[name])
    resp = c.get("/mau/ke-hoach")
    assert resp.status_code == 302 and resp.headers["Location"].startswith("/dang-nhap")


def test_cookie_replayed_after_logout(app):
    c = logged_in(app)
    stolen = c.get_cookie("session").value
    c.post("/dang-xuat", data={"_csrf": token(c, "/dang-xuat")})
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    assert thief.get("/mau/ke-hoach").status_code == 302


CSRF_CASES = {
    "missing": {},
    "empty": {"_csrf": ""},
    "wrong": {"_csrf": "A" * 43},
    "another-session": "other",
    "in-query-only": "query",
}


@pytest.mark.parametrize("name", sorted(CSRF_CASES))
def test_posts_without_this_sessions_token_refused(app, name):
    c = logged_in(app)
    case = CSRF_CASES[name]
    path = "/mau/ke-hoach"
    if case == "other":
        data = {"_csrf": token(logged_in(app), "/mau/ke-hoach")}
    elif case == "query":
        path += "?_csrf=" + token(c, "/mau/ke-hoach")
        data = {}
    else:
        data = case
    for target in (path, "/dang-xuat"):
        resp = c.post(target, data={**data, "trich_yeu": "A"})
        assert resp.status_code == 400 and resp.mimetype == "text/html", (name, target)
    assert c.get("/mau/ke-hoach").status_code == 200  # still logged in


ORIGINS = ["https://evil.example", "null", "http://localhost.evil.example", "http://localhost:1", "file://"]


@pytest.mark.parametrize("origin", ORIGINS)
def test_cross_site_origins_refused_even_with_the_token(app, origin):
    c = logged_in(app)
    data = {"_csrf": token(c, "/mau/ke-hoach")}
    assert c.post("/mau/ke-hoach", data=data, headers={"Origin": origin}).status_code == 403
    resp = c.post("/api/v1/documents/ke-hoach", json={}, headers={"Origin": origin})
    assert resp.status_code == 403 and resp.mimetype == "application/problem+json"


LOGIN_INPUT = {
    "long-user": ("u" * 100_000, "x"),
    "nul-user": ("van\x00thu", PASSWORD),
    "crlf-user": ("vanthu\r\nSet-Cookie: a=b", PASSWORD),
    "long-password": ("vanthu", "p" * 1_000_000),
    "unicode-confusable": ("vаnthu", PASSWORD),  # Cyrillic а
}


@pytest.mark.parametrize("name", sorted(LOGIN_INPUT))
def test_odd_login_input_refused_cleanly(app, name):
    c = app.test_client()
    user, password = LOGIN_INPUT[name]
    resp = c.post("/dang-nhap", data={"_csrf": token(c), "username": user, "password": password})
    assert resp.status_code in (401, 413, 429), (name, resp.status_code)
    assert "a=b" not in resp.headers.get("Set-Cookie", "")
    assert c.get("/mau/ke-hoach").status_code == 302
