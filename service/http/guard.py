"""App-wide protections of every response and every state-changing request.

Installed once for the whole app (not per blueprint), so a page added later gets them without
doing anything:

* Security headers on every response: a Content-Security-Policy allowing only the service's
  own scripts, styles and images (plus ``data:`` images for the preview pages), no plugins,
  no framing (``frame-ancestors 'none'``), forms posting only to the service;
  ``X-Content-Type-Options: nosniff``; ``Referrer-Policy: same-origin`` (download links
  never leak to other sites; ``no-referrer`` would make browsers send ``Origin: null``); ``X-Frame-Options: DENY`` for old browsers; ``Cache-Control: no-store``
  on everything but ``/static/`` (pages carry CSRF tokens, previews and downloads carry the
  clerk's data).
* Cross-site requests refused: a state-changing request (POST, PUT, PATCH, DELETE) whose
  ``Origin`` is another site (or ``null``), or that a browser marks ``Sec-Fetch-Site:
  cross-site``, gets 403 — also on the API, so a hostile page cannot start jobs on an open
  API through a browser that can reach it.
* CSRF tokens: every state-changing request outside ``/api/v1`` must carry this session's
  token (form field ``_csrf`` or header ``X-CSRF-Token``). The API is authenticated by Bearer
  keys only, never by the session cookie, so it needs none.

Form bodies are parsed here (for ``_csrf``) with the limits of the endpoint: those that take
uploads are registered in ``LARGE_BODY_ENDPOINTS`` (MAX_BATCH_BYTES), all others get
MAX_CONTENT_LENGTH; the form's in-memory fields and parts are bounded too.
"""

from __future__ import annotations

import hmac
import logging
import secrets
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, render_template, request, session
from werkzeug.middleware.proxy_fix import ProxyFix

from service.errors import Forbidden

log = logging.getLogger("service")

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
LARGE_BODY_ENDPOINTS: set[str] = {"web.upload"}
MAX_FORM_PARTS = 50_000
CSP = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
MSG_CSRF = (
    "Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ (thiếu mã bảo vệ). Hãy tải lại trang và gửi lại."
)
MSG_CROSS_SITE = "Yêu cầu đến từ một trang web khác; dịch vụ không nhận yêu cầu thay đổi dữ liệu kiểu này."


def csrf_token() -> str:
    """This session's CSRF token (created on first use, renewed at login)."""
    token = session.get("csrf")
    if not isinstance(token, str) or len(token) < 20:
        token = session["csrf"] = secrets.token_urlsafe(32)
    return token


def csrf_ok(sent: str | None) -> bool:
    token = session.get("csrf")
    return bool(
        isinstance(token, str) and isinstance(sent, str) and sent and hmac.compare_digest(token, sent)
    )


def is_api(path: str) -> bool:
    return path == "/api/v1" or path.startswith("/api/v1/")


def same_origin(origin: str, host_url: str) -> bool:
    """Whether an ``Origin`` header names this service.

    >>> same_origin("http://127.0.0.1:8000", "http://127.0.0.1:8000/")
    True
    >>> same_origin("https://evil.example", "http://127.0.0.1:8000/"), same_origin("null", "http://a/")
    (False, False)
    """
    try:
        sent, own = urlsplit(origin), urlsplit(host_url)
    except ValueError:
        return False
    return bool(sent.scheme and sent.netloc) and (sent.scheme, sent.netloc) == (own.scheme, own.netloc)


def _cross_site() -> bool:
    origin = request.headers.get("Origin")
    if origin is not None:
        return not same_origin(origin, request.host_url)
    return request.headers.get("Sec-Fetch-Site", "").lower() == "cross-site"


def _form_limits() -> None:
    cfg = current_app.config
    if request.endpoint in LARGE_BODY_ENDPOINTS:
        request.max_content_length = cfg["MAX_BATCH_BYTES"]
    request.max_form_memory_size = cfg["MAX_CONTENT_LENGTH"]
    request.max_form_parts = MAX_FORM_PARTS


def _check() -> Response | None:
    if request.method not in UNSAFE_METHODS:
        return None
    if _cross_site():
        if is_api(request.path):
            raise Forbidden(MSG_CROSS_SITE, cause="cross-site request refused")
        return _page(403, "Không có quyền", MSG_CROSS_SITE)
    if is_api(request.path):
        return None
    sent = request.headers.get("X-CSRF-Token")
    if sent is None:
        _form_limits()
        sent = request.form.get("_csrf")
    if not csrf_ok(sent):
        log.warning("problem", extra={"fields": {"status": 400, "cause": "missing or wrong CSRF token"}})
        return _page(400, "Yêu cầu không hợp lệ", MSG_CSRF)
    return None


def _page(status: int, title: str, message: str) -> Response:
    """A Vietnamese HTML answer for the pages (the API's answers are problem+json)."""
    html = render_template("error.html", title=title, message=message, status=status)
    return Response(html, status=status, mimetype="text/html")


def _headers(resp: Response) -> Response:
    for name, value in HEADERS.items():
        resp.headers.setdefault(name, value)
    if not request.path.startswith("/static/"):
        resp.headers["Cache-Control"] = "no-store"
    return resp


def install(app: Flask) -> None:
    """The checks before any part's own request hooks, the headers on every response."""
    proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if proxies > 0:  # client address and scheme as the proxy saw them (login throttling, Origin)
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)  # type: ignore[method-assign]
    app.before_request(_check)
    app.after_request(_headers)
    app.jinja_env.globals["csrf_token"] = csrf_token
