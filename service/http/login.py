"""The clerks' login: /dang-nhap, /dang-xuat, server-side session validity, login throttling.

* The session cookie (Flask's signed cookie) holds the user, this login's session id and its
  CSRF token. It is HttpOnly, SameSite=Lax, Secure when ``SESSION_COOKIE_SECURE``
  (env ``VB_COOKIE_SECURE=1``, behind HTTPS) — set in service/config.py.
* A session is valid only while its id is registered on the server: ``DATA_DIR/sessions/``
  holds one empty file per live login, named by the SHA-256 of the id (the directory never
  holds a usable cookie value), shared by every worker. Logout (a POST carrying the CSRF
  token; GET only shows the button) deletes it, so a copy of the old cookie is worthless.
  A login lasts ``SESSION_TTL_S`` (env ``VB_SESSION_TTL_S``, 8 h); expired files are purged
  at each login.
* The login form carries the CSRF token (checked app-wide by service/http/guard.py); a
  successful login renews the session id and the CSRF token (no session fixation).
* Throttling: failed logins are counted per user name and per client address over
  ``LOGIN_WINDOW_S``; past ``LOGIN_MAX_PER_USER`` / ``LOGIN_MAX_PER_IP`` failures the form
  answers 429 with ``Retry-After`` *before* any password hashing, and at most one password
  is hashed at a time per process (others get 429 at once), so guessing cannot take the CPU
  from other requests (/healthz). The counters live in each process, bounded to
  ``THROTTLE_KEYS`` entries (least recently used dropped).
"""

from __future__ import annotations

import functools
import hashlib
import secrets
import threading
import time
from collections import OrderedDict, deque
from pathlib import Path
from typing import Any

from flask import Flask, Response, current_app, redirect, render_template_string, request, session
from werkzeug.security import check_password_hash, generate_password_hash

PASSWORD_METHOD = "pbkdf2:sha256:600000"
THROTTLE_KEYS = 10_000
MSG_THROTTLED = "Đăng nhập sai quá nhiều lần; hãy chờ {phut} phút rồi thử lại."
MSG_BUSY = "Máy chủ đang kiểm tra một lần đăng nhập khác; hãy thử lại sau giây lát."
MSG_WRONG = "Sai tên đăng nhập hoặc mật khẩu."

PAGE = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>{{ tieu_de }}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/static/app.css"></head>
<body><main class="login">
<h1>{{ tieu_de }}</h1>
{% if loi %}<p role="alert" class="alert">{{ loi }}</p>{% endif %}
{% if dang_xuat %}
<form method="post" action="/dang-xuat">
<input type="hidden" name="_csrf" value="{{ csrf }}">
<p>Đang đăng nhập: <strong>{{ user }}</strong></p>
<p><button type="submit">Đăng xuất</button></p>
</form>
{% else %}
<form method="post" action="/dang-nhap">
<input type="hidden" name="_csrf" value="{{ csrf }}">
<input type="hidden" name="next" value="{{ next }}">
<p><label>Tên đăng nhập<br><input name="username" autocomplete="username" required></label></p>
<p><label>Mật khẩu<br><input name="password" type="password" autocomplete="current-password"
 required></label></p>
<p><button type="submit">Đăng nhập</button></p>
</form>
{% endif %}
</main></body></html>"""


@functools.cache
def _dummy_hash() -> str:
    """A hash checked for unknown users (same work as a real one); made on first use, not at
    import: hashing costs every worker time and memory at start-up."""
    return generate_password_hash("khong-dung-mat-khau-nay", method=PASSWORD_METHOD)


def parse_users(entries: list[str]) -> dict[str, str]:
    """``user:hash`` entries as a dict (the hash itself contains colons).

    >>> parse_users(["an:pbkdf2:sha256:1$s$h", "bad", ":x"])
    {'an': 'pbkdf2:sha256:1$s$h'}
    """
    users = {}
    for entry in entries:
        name, sep, pw_hash = entry.partition(":")
        if sep and name.strip() and pw_hash:
            users[name.strip()] = pw_hash
    return users


# --------------------------------------------------------------------------- sessions


class SessionRegistry:
    """Live logins as files under ``<data_dir>/sessions`` (shared by every worker)."""

    def __init__(self, data_dir: str | Path, ttl_s: float):
        self.root = Path(data_dir) / "sessions"
        self.ttl_s = ttl_s

    def _file(self, sid: Any) -> Path | None:
        if not isinstance(sid, str) or len(sid) < 20:
            return None
        return self.root / hashlib.sha256(sid.encode("utf-8", "replace")).hexdigest()

    def open(self) -> str:
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.purge()
        sid = secrets.token_urlsafe(32)
        path = self._file(sid)
        assert path is not None
        path.touch(mode=0o600)
        return sid

    def alive(self, sid: Any) -> bool:
        path = self._file(sid)
        try:
            return path is not None and time.time() - path.stat().st_mtime < self.ttl_s
        except OSError:
            return False

    def close(self, sid: Any) -> None:
        path = self._file(sid)
        if path is not None:
            path.unlink(missing_ok=True)

    def purge(self) -> None:
        now = time.time()
        for entry in self.root.iterdir():
            try:
                if now - entry.stat().st_mtime >= self.ttl_s:
                    entry.unlink()
            except OSError:
                continue


def registry() -> SessionRegistry:
    return current_app.extensions["sessions"]


def current_user() -> str | None:
    """The logged-in user of this request (a configured user with a live session), else None."""
    users = parse_users(current_app.config.get("WEB_USERS") or [])
    name = session.get("user")
    if not users or name not in users or not registry().alive(session.get("sid")):
        return None
    return name


# --------------------------------------------------------------------------- throttling


class Throttle:
    """Failures per key in a sliding window, for at most ``max_keys`` keys (LRU).

    >>> t = Throttle(window_s=60, max_keys=2)
    >>> for _ in range(3): t.fail("u:an", now=0)
    >>> t.count("u:an", now=1), t.count("u:an", now=61)
    (3, 0)
    >>> t.fail("a", now=0); t.fail("b", now=0); t.count("u:an", now=1)  # dropped: oldest
    0
    """

    def __init__(self, window_s: float, max_keys: int = THROTTLE_KEYS):
        self.window_s, self.max_keys = window_s, max_keys
        self._fails: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def count(self, key: str, now: float | None = None) -> int:
        now = time.monotonic() if now is None else now
        with self._lock:
            times = self._fails.get(key)
            if not times:
                return 0
            while times and now - times[0] >= self.window_s:
                times.popleft()
            return len(times)

    def fail(self, key: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        with self._lock:
            times = self._fails.pop(key, None) or deque(maxlen=1000)
            times.append(now)
            self._fails[key] = times
            while len(self._fails) > self.max_keys:
                self._fails.popitem(last=False)

    def clear(self, key: str) -> None:
        with self._lock:
            self._fails.pop(key, None)


_HASHING = threading.Semaphore(1)


def _page(status: int = 200, loi: str = "", **values: Any) -> Response:
    from service.http.guard import csrf_token

    html = render_template_string(
        PAGE,
        tieu_de="Đăng xuất" if values.get("dang_xuat") else "Đăng nhập",
        loi=loi,
        csrf=csrf_token(),
        **values,
    )
    return Response(html, status=status, mimetype="text/html")


def login() -> Any:
    from service.http.access import safe_next

    cfg = current_app.config
    users = parse_users(cfg.get("WEB_USERS") or [])
    nxt = safe_next(request.values.get("next"))
    if request.method == "GET":
        if not users or current_user():
            return redirect(nxt)
        return _page(next=nxt)
    name = request.form.get("username", "")
    password = request.form.get("password", "")
    throttle: Throttle = current_app.extensions["login_throttle"]
    keys = ("u:" + name[:200], "ip:" + str(request.remote_addr))

    def throttled() -> bool:
        return (
            throttle.count(keys[0]) >= cfg["LOGIN_MAX_PER_USER"]
            or throttle.count(keys[1]) >= cfg["LOGIN_MAX_PER_IP"]
        )

    if throttled():
        return _throttled_page(nxt)
    if not _HASHING.acquire(timeout=2):
        resp = _page(429, MSG_BUSY, next=nxt)
        resp.headers["Retry-After"] = "2"
        return resp
    try:
        if throttled():  # counted again: guesses that waited for the hashing slot
            return _throttled_page(nxt)
        pw_hash = users.get(name) or _dummy_hash()  # same work for an unknown user
        try:
            ok = check_password_hash(pw_hash, password) and name in users
        except (ValueError, TypeError):  # a malformed hash in the configuration
            ok = False
        if not ok:
            for key in keys:
                throttle.fail(key)
    finally:
        _HASHING.release()
    if not ok:
        return _page(401, MSG_WRONG, next=nxt)
    throttle.clear(keys[0])
    registry().close(session.get("sid"))
    session.clear()
    session["user"] = name
    session["sid"] = registry().open()
    return redirect(nxt)


def _throttled_page(nxt: str) -> Response:
    window = current_app.config["LOGIN_WINDOW_S"]
    resp = _page(429, MSG_THROTTLED.format(phut=max(1, round(window / 60))), next=nxt)
    resp.headers["Retry-After"] = str(int(window))
    return resp


def logout() -> Any:
    if request.method == "GET":  # a link must never log anyone out: show the button
        user = current_user()
        if user is None:
            return redirect("/dang-nhap")
        return _page(dang_xuat=True, user=user)
    registry().close(session.get("sid"))  # the CSRF token was checked by guard
    session.clear()
    return redirect("/dang-nhap", code=303)


def install(app: Flask) -> None:
    cfg = app.config
    app.extensions["sessions"] = SessionRegistry(cfg["DATA_DIR"], cfg["SESSION_TTL_S"])
    app.extensions["login_throttle"] = Throttle(cfg["LOGIN_WINDOW_S"])
    app.add_url_rule("/dang-nhap", "dang_nhap", login, methods=["GET", "POST"])
    app.add_url_rule("/dang-xuat", "dang_xuat", logout, methods=["GET", "POST"])
