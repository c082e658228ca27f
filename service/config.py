"""Configuration, read in one place: environment variables `VB_*` over safe defaults.

Every limit is configuration (see README "Configuration"). `load` gives the app's settings,
`server` the settings of gunicorn (gunicorn.conf.py); nothing else reads the environment.
"""

from __future__ import annotations

import itertools
import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SECRET_FILE = "secret_key"


def _int(name: str, default: int, env: Mapping[str, str] | None = None) -> int:
    raw = (os.environ if env is None else env).get(name)
    return int(raw) if raw not in (None, "") else default


def _float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    return float(raw) if raw not in (None, "") else default


def _list(name: str) -> list[str]:
    return [x.strip() for x in os.environ.get(name, "").split(",") if x.strip()]


def load(overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """The service configuration (Flask config keys), with optional overrides for tests."""
    cfg: dict[str, Any] = {
        "TEMPLATES_DIR": os.environ.get("VB_TEMPLATES_DIR", str(ROOT / "templates_docx")),
        "DATA_DIR": os.environ.get("VB_DATA_DIR", str(ROOT / "var")),
        # Bytes of one request body: a document's JSON (the 500,000-character body fits).
        "MAX_CONTENT_LENGTH": _int("VB_MAX_BODY_BYTES", 4 * 1024 * 1024),
        # Bytes of a batch request or an uploaded spreadsheet.
        "MAX_BATCH_BYTES": _int("VB_MAX_BATCH_BYTES", 32 * 1024 * 1024),
        "MAX_BATCH_ITEMS": _int("VB_MAX_BATCH_ITEMS", 20_000),
        "MAX_SHEET_ROWS": _int("VB_MAX_SHEET_ROWS", 20_000),
        "MAX_SHEET_UNCOMPRESSED": _int("VB_MAX_SHEET_UNCOMPRESSED", 200 * 1024 * 1024),
        # Kiểm tra thể thức: bytes of an uploaded .docx, paragraphs read from it.
        "MAX_CHECK_BYTES": _int("VB_MAX_CHECK_BYTES", 20 * 1024 * 1024),
        "MAX_CHECK_PARAGRAPHS": _int("VB_MAX_CHECK_PARAGRAPHS", 20_000),
        # The work a spreadsheet may cause: cells/strings/markup elements counted while
        # streaming, then the reading runs in a child process with CPU-time, wall-clock and
        # memory limits (0 s: in the worker itself, for tests and debugging).
        "MAX_SHEET_CELLS": _int("VB_MAX_SHEET_CELLS", 1_000_000),
        "SHEET_TIMEOUT_S": _int("VB_SHEET_TIMEOUT_S", 20),
        "SHEET_MEMORY_MB": _int("VB_SHEET_MEMORY_MB", 768),
        # Timeouts, innermost first (checked by check_timeouts): one LibreOffice conversion <
        # one request's render deadline (single documents and the pages) < gunicorn's worker
        # timeout (a worker silent that long is killed and replaced; see server()).
        "PDF_TIMEOUT_S": _float("VB_PDF_TIMEOUT_S", 20),
        "RENDER_TIMEOUT_S": _float("VB_RENDER_TIMEOUT_S", 30),
        "WORKER_TIMEOUT_S": _int("VB_WORKER_TIMEOUT", 60),
        # Uploaded templates (issue 11): one render's deadline (below the request's), the .docx
        # size, its uncompressed size, the characters one rendered part may have, the memory of
        # the rendering child process.
        "TEMPLATE_TIMEOUT_S": _float("VB_TEMPLATE_TIMEOUT_S", 5.0),
        "TEMPLATE_MAX_BYTES": _int("VB_TEMPLATE_MAX_BYTES", 10 * 1024 * 1024),
        "TEMPLATE_MAX_UNCOMPRESSED": _int("VB_TEMPLATE_MAX_UNCOMPRESSED", 100 * 1024 * 1024),
        "TEMPLATE_MAX_OUTPUT": _int("VB_TEMPLATE_MAX_OUTPUT", 50_000_000),
        "TEMPLATE_MEMORY_MB": _int("VB_TEMPLATE_MEMORY_MB", 1024),
        # Stored work: uploaded templates kept, versions kept per template (409 past them).
        "MAX_TEMPLATES": _int("VB_MAX_TEMPLATES", 200),
        "MAX_TEMPLATE_VERSIONS": _int("VB_MAX_TEMPLATE_VERSIONS", 50),
        "MAX_CONCURRENT_JOBS": _int("VB_MAX_CONCURRENT_JOBS", 2),
        # Finished jobs (input, state, result) are deleted this long after they end; over
        # MAX_DATA_BYTES of files under DATA_DIR, new jobs are refused (503) until some expire.
        "JOB_TTL_S": _int("VB_JOB_TTL_S", 24 * 3600),
        "MAX_DATA_BYTES": _int("VB_MAX_DATA_MB", 10 * 1024) * 1024 * 1024,
        "SYNC_BATCH_MAX": _int("VB_SYNC_BATCH_MAX", 200),
        "API_KEYS": _list("VB_API_KEYS"),
        "WEB_USERS": _list("VB_WEB_USERS"),
        # The login cookie: never readable by scripts, not sent on cross-site requests (Flask
        # defines SESSION_COOKIE_SAMESITE=None, so it is set here, not with setdefault);
        # Secure (HTTPS only) when the deployment terminates TLS in front of the service.
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": os.environ.get("VB_COOKIE_SECURE", "0") == "1",
        "SESSION_TTL_S": _int("VB_SESSION_TTL_S", 8 * 3600),
        # Failed logins per user name and per client address within the window → 429.
        "LOGIN_WINDOW_S": _int("VB_LOGIN_WINDOW_S", 15 * 60),
        "LOGIN_MAX_PER_USER": _int("VB_LOGIN_MAX_PER_USER", 5),
        "LOGIN_MAX_PER_IP": _int("VB_LOGIN_MAX_PER_IP", 20),
        # Reverse proxies in front whose X-Forwarded-For/-Proto are trusted (0: none).
        "TRUSTED_PROXIES": _int("VB_TRUSTED_PROXIES", 0),
        # LibreOffice converters: one per core by default, shared by all of gunicorn's workers
        # through the pool gunicorn.conf.py starts (it sets VB_PDF_POOL_SOCKET for them).
        "PDF_WORKERS": _int("VB_PDF_WORKERS", os.cpu_count() or 1),
        "PDF_POOL_SOCKET": os.environ.get("VB_PDF_POOL_SOCKET", ""),
        "PDF_ENABLED": os.environ.get("VB_PDF_ENABLED", "1") != "0",
        "PDF_SOFFICE": os.environ.get("VB_PDF_SOFFICE", "soffice"),
        # Python of the unoserver venv made by scripts/install-unoserver.sh (env UNOSERVER_VENV).
        "UNOSERVER_PYTHON": unoserver_python(),
        "QUEUE": os.environ.get("VB_QUEUE", "local"),
        "REDIS_URL": os.environ.get("VB_REDIS_URL", "redis://127.0.0.1:6379/0"),
        "LOG_LEVEL": os.environ.get("VB_LOG_LEVEL", "INFO"),
        # Set by gunicorn.conf.py: each worker writes its metrics there and /metrics sums them.
        "METRICS_MULTIPROC_DIR": os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None,
        # The database (register, uploaded templates): SQLite under DATA_DIR unless a URL is given.
        "DATABASE_URL": os.environ.get("VB_DATABASE_URL", ""),
        # Seconds a request waits for a database lock (below the render deadline): then 503.
        "DB_TIMEOUT_S": _int("VB_DB_TIMEOUT_S", 10),
        # "full": every commit on disk before the answer (default); "normal": faster, a power cut
        # may lose the last commits (never a half transaction).
        "DB_SYNC": os.environ.get("VB_DB_SYNC", "full").strip().lower(),
        # Kinds (ids or abbreviations such as QĐ) numbered in a register of their own (Điều 15.1).
        "REGISTER_SEPARATE": _list("VB_REGISTER_SEPARATE"),
        # Documents of a batch numbered from the register (cap_so) answered in the request;
        # a larger batch is a job that takes its numbers when it runs.
        "MAX_NUMBERED_BATCH": _int("VB_MAX_NUMBERED_BATCH", 500),
        # Whose "today" a document is issued on (default date, the register's year).
        "TIMEZONE": os.environ.get("VB_TIMEZONE", "Asia/Ho_Chi_Minh"),
    }
    if overrides:
        cfg.update(overrides)
    check_timeouts(cfg)
    if not cfg.get("SECRET_KEY"):
        cfg["SECRET_KEY"] = secret_key(cfg["DATA_DIR"])
    return cfg


# What a job's own interpreter (service/job_process.py) takes from the service's config beside
# its environment: the database and the register's rules, the sandbox of uploaded templates.
JOB_KEYS = (
    "DATABASE_URL",
    "DB_TIMEOUT_S",
    "DB_SYNC",
    "REGISTER_SEPARATE",
    "TIMEZONE",
    "TEMPLATE_TIMEOUT_S",
    "TEMPLATE_MAX_OUTPUT",
    "TEMPLATE_MEMORY_MB",
)


def for_job(cfg: dict[str, Any]) -> dict[str, Any]:
    """The part of `cfg` a job process needs (JOB_KEYS), as JSON-ready values.

    >>> for_job({"DATABASE_URL": "", "DB_TIMEOUT_S": 10, "SECRET_KEY": "x"})
    {'DATABASE_URL': '', 'DB_TIMEOUT_S': 10}
    """
    return {k: cfg[k] for k in JOB_KEYS if k in cfg}


def check_timeouts(cfg: dict[str, Any]) -> None:
    """Refuse timeouts that are not nested: an inner one must end before the outer one.

    >>> check_timeouts({"PDF_TIMEOUT_S": 20, "RENDER_TIMEOUT_S": 30, "WORKER_TIMEOUT_S": 60})
    >>> check_timeouts({"PDF_TIMEOUT_S": 40, "RENDER_TIMEOUT_S": 30, "WORKER_TIMEOUT_S": 60})
    Traceback (most recent call last):
    ...
    ValueError: VB_PDF_TIMEOUT_S (40) must be below VB_RENDER_TIMEOUT_S (30)
    >>> check_timeouts({"PDF_ENABLED": False, "PDF_TIMEOUT_S": 40, "RENDER_TIMEOUT_S": 0,
    ...                 "WORKER_TIMEOUT_S": 60})
    """
    chain = [("VB_RENDER_TIMEOUT_S", float(cfg.get("RENDER_TIMEOUT_S") or 0))]  # 0: no deadline
    if cfg.get("PDF_ENABLED", True):
        chain.insert(0, ("VB_PDF_TIMEOUT_S", float(cfg.get("PDF_TIMEOUT_S") or 0)))
    chain.append(("VB_WORKER_TIMEOUT", float(cfg.get("WORKER_TIMEOUT_S") or 0)))
    steps = [(name, value) for name, value in chain if value > 0]
    for (inner, a), (outer, b) in itertools.pairwise(steps):
        if a >= b:
            raise ValueError(f"{inner} ({a:g}) must be below {outer} ({b:g})")
    # An uploaded template's render is killed 1 s after its deadline: that must end first too.
    template, render = float(cfg.get("TEMPLATE_TIMEOUT_S") or 0), float(cfg.get("RENDER_TIMEOUT_S") or 0)
    if template > 0 and render > 0 and template + 1 >= render:
        raise ValueError(
            f"VB_TEMPLATE_TIMEOUT_S ({template:g}) + 1 must be below VB_RENDER_TIMEOUT_S ({render:g})"
        )


def secret_key(data_dir: str | Path) -> str:
    """The session/CSRF signing key: VB_SECRET_KEY when set, else one generated on first start
    and kept in ``<data_dir>/secret_key`` (mode 0600), so that every worker and every restart
    signs with the same key and a clerk's open form survives a restart. An unwritable data
    directory falls back to a key for this process only."""
    if os.environ.get("VB_SECRET_KEY"):
        return os.environ["VB_SECRET_KEY"]
    path = Path(data_dir) / SECRET_FILE
    for _ in range(3):
        try:
            key = path.read_text(encoding="ascii").strip()
            if len(key) >= 32:
                return key
            path.unlink()  # empty or truncated: a new one
        except FileNotFoundError:
            pass
        except (OSError, UnicodeDecodeError):
            break
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            key = secrets.token_hex(32)
            # Written under a temporary name, then linked: a worker starting at the same
            # moment reads either nothing or the whole key, and only one key wins.
            tmp = path.with_name(f".{SECRET_FILE}.{os.getpid()}.{secrets.token_hex(4)}")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="ascii") as f:
                f.write(key)
            try:
                os.link(tmp, path)
            except FileExistsError:
                continue  # another worker won: read its key
            finally:
                tmp.unlink(missing_ok=True)
            return key
        except OSError:
            break
    return secrets.token_hex(32)


def unoserver_python(venv: str | None = None) -> str:
    """Python of the unoserver venv made by scripts/install-unoserver.sh: like the script, it
    honours UNOSERVER_VENV (relative to the repository root).

    >>> unoserver_python("/opt/uno").endswith("/opt/uno/bin/python")
    True
    """
    path = Path(venv or os.environ.get("UNOSERVER_VENV") or ".venv-uno")
    if not path.is_absolute():
        path = ROOT / path
    return str(path / "bin" / "python")


def server(env: Mapping[str, str] | None = None) -> dict[str, Any]:
    """gunicorn's settings (gunicorn.conf.py documents each choice).

    >>> s = server({"VB_WORKERS": "3", "PORT": "9000"})
    >>> s["bind"], s["workers"], s["timeout"], s["pdf_warm"]
    ('0.0.0.0:9000', 3, 60, True)
    >>> s = server({"VB_BIND": "127.0.0.1:8100", "PORT": "9000", "VB_PDF_WARM": "0"})
    >>> s["bind"], s["pdf_warm"]
    ('127.0.0.1:8100', False)
    """
    env = os.environ if env is None else env
    port = env.get("PORT")
    return {
        # VB_BIND, else PORT (as hosting platforms set it) on every interface, else loopback.
        "bind": env.get("VB_BIND") or (f"0.0.0.0:{port}" if port else "127.0.0.1:8000"),
        "workers": _int("VB_WORKERS", 0, env) or _int("WEB_CONCURRENCY", 0, env) or (os.cpu_count() or 2),
        # Threads per worker (gthread): how many slow clients a worker outlasts.
        "threads": _int("VB_THREADS", 8, env),
        "timeout": _int("VB_WORKER_TIMEOUT", 60, env),
        "graceful_timeout": _int("VB_GRACEFUL_TIMEOUT", 30, env),
        "max_requests": _int("VB_MAX_REQUESTS", 2000, env),
        "max_requests_jitter": _int("VB_MAX_REQUESTS_JITTER", 200, env),
        "loglevel": env.get("VB_GUNICORN_LOGLEVEL", "info"),
        "pdf_warm": env.get("VB_PDF_WARM", "1") != "0",
        "metrics_dir": env.get("PROMETHEUS_MULTIPROC_DIR") or None,
    }
