"""Sessions, CSRF, login throttling and closed pages, attacked on the real service (gunicorn,
two workers: a session made by one is checked by the other). Issue 13, items 6 and 7."""

from __future__ import annotations

import json
import re
import threading
import time
from http.cookies import SimpleCookie

from werkzeug.security import generate_password_hash

from tests.security.live import call

KEY = "k-0b5e1d9c3a7f4e2b8d6c"
PASSWORD = "mật-khẩu-Thử-91"
USERS = f"vanthu:{generate_password_hash(PASSWORD, method='pbkdf2:sha256:600000')}"


class Browser:
    """A cookie jar over `call`: what a browser would send back."""

    def __init__(self, srv):
        self.srv, self.cookies, self.set_cookie = srv, {}, []

    def go(self, method, path, form=None, headers=None):
        body = None
        hdrs = dict(headers or {})
        if form is not None:
            from urllib.parse import urlencode

            body = urlencode(form).encode()
            hdrs["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            hdrs["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        status, got, data = call(self.srv, method, path, body, hdrs)
        raw = got.get("set-cookie")
        if raw:
            self.set_cookie.append(raw)
            for name, morsel in SimpleCookie(raw).items():
                if morsel.value:
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        return status, got, data.decode("utf-8", "replace")

    def token(self, path="/dang-nhap"):
        _, _, page = self.go("GET", path)
        return re.search(r'name="_csrf" value="([^"]+)"', page).group(1)

    def login(self, password=PASSWORD, user="vanthu"):
        return self.go("POST", "/dang-nhap", {"_csrf": self.token(), "username": user, "password": password})


def test_session_cookie_csrf_and_logout(serve):
    srv = serve({"VB_WORKERS": "2", "VB_API_KEYS": KEY, "VB_WEB_USERS": USERS, "VB_COOKIE_SECURE": "0"})
    b = Browser(srv)
    # The login form needs its CSRF token.
    status, _, _ = b.go("POST", "/dang-nhap", {"username": "vanthu", "password": PASSWORD})
    assert status == 400
    status, _, _ = b.login()
    assert status == 302
    cookie = b.set_cookie[-1].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie
    assert b.go("GET", "/mau/ke-hoach")[0] == 200
    # A logged-in browser cannot call the API with its cookie (a hostile page would).
    body = json.dumps({"chung": {}, "items": [{}]}).encode()
    status, _, _ = b.go(
        "POST", "/api/v1/batches/ke-hoach?async=1", headers={"Content-Type": "application/json"}
    )
    assert status == 401
    status, _, _ = b.go("GET", "/api/v1/templates")
    assert status == 401
    # Page POSTs need the token; a cross-site POST is refused even with one.
    assert b.go("POST", "/mau/ke-hoach", {"trich_yeu": "A"})[0] == 400
    page_token = b.token("/mau/ke-hoach")
    status, _, _ = b.go(
        "POST", "/mau/ke-hoach", {"_csrf": page_token}, headers={"Origin": "https://evil.example"}
    )
    assert status == 403
    # Logout: a link (GET) does not log out; a POST without the token does not either.
    stolen = dict(b.cookies)
    assert b.go("GET", "/dang-xuat")[0] == 200
    assert b.go("GET", "/mau/ke-hoach")[0] == 200
    assert b.go("POST", "/dang-xuat", {})[0] == 400
    assert b.go("GET", "/mau/ke-hoach")[0] == 200
    status, _, _ = b.go("POST", "/dang-xuat", {"_csrf": b.token("/dang-xuat")})
    assert status == 303
    # The cookie from before logout is dead on every worker.
    replay = Browser(srv)
    replay.cookies = stolen
    for _ in range(4):
        status, headers, _ = replay.go("GET", "/mau/ke-hoach")
        assert status == 302 and headers["location"].startswith("/dang-nhap"), status
    del body


def test_secure_cookie_when_configured(serve):
    srv = serve({"VB_WORKERS": "1", "VB_WEB_USERS": USERS, "VB_COOKIE_SECURE": "1"})
    b = Browser(srv)
    b.go("GET", "/dang-nhap")
    assert "secure" in b.set_cookie[-1].lower() and "samesite=lax" in b.set_cookie[-1].lower()


def test_cross_site_post_to_open_api_refused(serve):
    """With no key (open API on 127.0.0.1) a hostile page can still reach it through the
    clerk's browser: a form post (multipart, no preflight) must not start a job."""
    srv = serve({"VB_WORKERS": "1"})
    body = b'--b\r\nContent-Disposition: form-data; name="file"; filename="x.csv"\r\n\r\ntrich_yeu\r\nA\r\n--b--\r\n'
    for origin in ("https://evil.example", "null"):
        headers = {"Content-Type": "multipart/form-data; boundary=b", "Origin": origin}
        status, got, _ = call(srv, "POST", "/api/v1/batches/ke-hoach?async=1", body, headers)
        assert status == 403 and got["content-type"] == "application/problem+json", (origin, status)
    headers = {"Content-Type": "multipart/form-data; boundary=b", "Sec-Fetch-Site": "cross-site"}
    assert call(srv, "POST", "/api/v1/batches/ke-hoach?async=1", body, headers)[0] == 403
    # The service's own origin and plain API clients (no Origin) are served.
    headers = {"Content-Type": "multipart/form-data; boundary=b", "Origin": srv.url}
    assert call(srv, "POST", "/api/v1/batches/ke-hoach", body, headers)[0] in (200, 422)


def test_login_throttled_before_hashing(serve):
    srv = serve({"VB_WORKERS": "2", "VB_WEB_USERS": USERS, "VB_LOGIN_MAX_PER_IP": "10"})
    statuses: list[int] = []
    health: list[float] = []
    stop = threading.Event()

    def guess(n):
        b = Browser(srv)
        for i in range(n):
            statuses.append(b.login(password=f"sai-{i}", user=f"u{i % 3}")[0])

    def probe():
        while not stop.is_set():
            t0 = time.monotonic()
            assert call(srv, "GET", "/healthz", timeout=10)[0] == 200
            health.append(time.monotonic() - t0)
            time.sleep(0.05)

    threads = [threading.Thread(target=guess, args=(64,)) for _ in range(4)]
    prober = threading.Thread(target=probe)
    prober.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stop.set()
    prober.join()
    assert len(statuses) == 256
    hashed = statuses.count(401)
    # Each worker hashes at most LOGIN_MAX_PER_IP guesses from one address, then answers 429.
    assert hashed <= 2 * 10, statuses
    assert statuses.count(429) >= 256 - hashed
    # The right password of a throttled address is refused too (no guessing through).
    assert all(Browser(srv).login()[0] == 429 for _ in range(2))
    assert health and len(health) >= 3
