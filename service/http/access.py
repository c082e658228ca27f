"""Who may call the service, and how long one render may take.

API keys (machine clients): ``Authorization: Bearer <key>``; keys come from ``API_KEYS``
(env ``VB_API_KEYS``, comma-separated). With no key configured the API is open (the embedded
default, for a service on a trusted network). With keys configured, every ``/api/v1`` call
without a key gets 401 problem+json with ``WWW-Authenticate: Bearer``, a wrong key 403.
Keys are compared with ``hmac.compare_digest``. Only keys authenticate the API: a browser
session never does (a hostile page could otherwise use the clerk's cookie).

Web login (service/http/login.py): with ``WEB_USERS`` (env ``VB_WEB_USERS``, comma-separated
``user:hash`` entries, hashes made by ``python -m service.http.access hash-password``) every
page except ``/healthz``, ``/dang-nhap``, ``/dang-xuat`` and ``/static/…`` needs a login. The signing key is ``VB_SECRET_KEY``, else one generated once and kept
in ``VB_DATA_DIR/secret_key`` (service/config.py), shared by every worker and every restart.
With keys configured and no users, the pages are closed (403, a Vietnamese page saying how
to open them): they would otherwise hand documents and job results to anyone.

Owners: every request has a ``principal()`` — ``key:<digest of the key>``, ``user:<name>`` or
None (open service) — stored with the jobs it creates; a job is found only by its owner.

Always open: ``/healthz`` (load balancers), ``/openapi.json`` (the public contract) and
``/metrics`` (Prometheus scrapes without credentials; it holds counts only, no data — keep it
on the internal network).

Render deadline: a single-document request (API, or the page that previews it) may run at
most ``RENDER_TIMEOUT_S`` seconds (0 disables). A PDF conversion inside it gets the time that
is left (``time_left``), capped by its own ``PDF_TIMEOUT_S``. A watchdog thread
(service/http/deadline.py) raises ``RenderTimeout`` in the request's own thread (any thread:
gunicorn's gthread workers, a threaded dev server) → 503 problem ``/problems/render-timeout``.
Input sizes are bounded too (MAX_CONTENT_LENGTH, schema maxLength/maxItems), so the watchdog
is a second line of defence.

Secrets (keys, passwords, hashes) are never logged or echoed.
"""

from __future__ import annotations

import getpass
import hashlib
import hmac
import sys
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, g, redirect, render_template, request
from werkzeug.security import generate_password_hash

from service.errors import Forbidden, Unauthorized
from service.http import deadline, login
from service.http.login import PASSWORD_METHOD, current_user, parse_users

OPEN_PATHS = ("/healthz", "/openapi.json", "/metrics", "/dang-nhap", "/dang-xuat")
# Single documents (API, and the page that previews one) and the register's issue.
DEADLINE_ENDPOINTS = {"api.create_document", "web.submit", "register.issue"}


def bearer_token(header: str | None) -> str | None:
    """The token of an ``Authorization: Bearer …`` header, else None.

    >>> bearer_token("Bearer abc")
    'abc'
    >>> bearer_token("bearer  abc ") , bearer_token("Basic abc"), bearer_token(None)
    ('abc', None, None)
    """
    if not header:
        return None
    scheme, _, token = header.strip().partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def key_is_valid(token: str, keys: list[str]) -> bool:
    """Constant-time comparison against every configured key."""
    ok = False
    for key in keys:
        ok |= hmac.compare_digest(token.encode("utf-8", "replace"), key.encode("utf-8"))
    return ok


def safe_next(target: str | None) -> str:
    """A local path to return to after login (never another site).

    >>> safe_next("/tao"), safe_next("//evil.example/x"), safe_next("https://evil/"), safe_next(None)
    ('/tao', '/', '/', '/')
    >>> safe_next("/x\\r\\nSet-Cookie: a=b"), safe_next("/a\\tb"), safe_next("/\\x7f")
    ('/', '/', '/')
    """
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in target):  # header injection, tabs
        return "/"
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else "/"


def _is_open(path: str) -> bool:
    return path in OPEN_PATHS or path.startswith("/static/")


CLOSED_PAGE = (
    "Dịch vụ đang dùng khóa API (VB_API_KEYS) và chưa có tài khoản đăng nhập cho trang web, nên các "
    "trang soạn văn bản đang đóng. Để mở: quản trị viên tạo mật khẩu bằng lệnh "
    "“python -m service.http.access hash-password”, đặt VB_WEB_USERS=tên:mã-băm rồi khởi động lại "
    "dịch vụ; người dùng đăng nhập tại /dang-nhap. Các chương trình khác vẫn gọi /api/v1 bằng khóa API."
)


def key_id(token: str) -> str:
    """A stable, non-secret name of an API key (what job owners record).

    >>> key_id("abc")
    'key:ba7816bf8f01cfea'
    """
    return "key:" + hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()[:16]


def principal() -> str | None:
    """Who makes this request: ``key:…``, ``user:…``, or None on an open service."""
    return g.get("principal")


def _check_access() -> Response | None:
    path = request.path
    if _is_open(path):
        return None
    cfg = current_app.config
    keys: list[str] = cfg.get("API_KEYS") or []
    users = parse_users(cfg.get("WEB_USERS") or [])
    if path == "/api/v1" or path.startswith("/api/v1/"):
        if not keys:
            return None
        token = bearer_token(request.headers.get("Authorization"))
        if token is None:
            raise Unauthorized(
                "Cần khóa API: gửi tiêu đề Authorization: Bearer <khóa>.",
                headers={"WWW-Authenticate": 'Bearer realm="api"'},
            )
        if not key_is_valid(token, keys):
            raise Forbidden(
                "Khóa API không hợp lệ.",
                headers={"WWW-Authenticate": 'Bearer realm="api", error="invalid_token"'},
            )
        g.principal = key_id(token)
        return None
    if users:
        user = current_user()
        if user is None:
            return redirect("/dang-nhap?next=" + _quote_path(request.full_path.rstrip("?")))
        g.principal = "user:" + user
        return None
    if keys:
        html = render_template("error.html", title="Trang web đang đóng", message=CLOSED_PAGE, status=403)
        return Response(html, status=403, mimetype="text/html")
    return None


def _quote_path(path: str) -> str:
    from urllib.parse import quote

    return quote(path, safe="")


# ---------------------------------------------------------------------------------------------
# Render deadline


def _arm() -> None:
    limit = float(current_app.config.get("RENDER_TIMEOUT_S") or 0)
    if limit <= 0 or request.endpoint not in DEADLINE_ENDPOINTS:
        return
    deadline.arm(limit)
    g.deadline_armed = True


def _disarm(*_: Any) -> None:
    if g.pop("deadline_armed", False):
        deadline.disarm()


time_left = deadline.time_left  # kept importable here


def install(app: Flask) -> None:
    login.install(app)

    @app.before_request
    def _access() -> Response | None:
        resp = _check_access()
        if resp is None:
            _arm()
        return resp

    @app.after_request
    def _after(resp: Response) -> Response:
        _disarm()
        return resp

    app.teardown_request(_disarm)


def main(argv: list[str]) -> int:
    """``python -m service.http.access hash-password``: a hash for VB_WEB_USERS."""
    if argv[:1] != ["hash-password"]:
        print("Dùng: python -m service.http.access hash-password", file=sys.stderr)
        return 2
    if sys.stdin.isatty():
        password = getpass.getpass("Mật khẩu: ")
        if getpass.getpass("Nhập lại: ") != password:
            print("Hai lần nhập không khớp.", file=sys.stderr)
            return 1
    else:
        password = sys.stdin.readline().rstrip("\n")
    if not password:
        print("Mật khẩu không được để trống.", file=sys.stderr)
        return 1
    print(generate_password_hash(password, method=PASSWORD_METHOD))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
