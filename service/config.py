"""Configuration, read in one place: environment variables `VB_*` over safe defaults.

Every limit is configuration (see README "Configuration").
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw not in (None, "") else default


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
        "RENDER_TIMEOUT_S": _int("VB_RENDER_TIMEOUT_S", 30),
        "MAX_CONCURRENT_JOBS": _int("VB_MAX_CONCURRENT_JOBS", 2),
        "SYNC_BATCH_MAX": _int("VB_SYNC_BATCH_MAX", 200),
        "API_KEYS": _list("VB_API_KEYS"),
        "WEB_USERS": _list("VB_WEB_USERS"),
        "SECRET_KEY": os.environ.get("VB_SECRET_KEY") or os.urandom(32).hex(),
        "PDF_WORKERS": _int("VB_PDF_WORKERS", 1),
        "PDF_ENABLED": os.environ.get("VB_PDF_ENABLED", "1") != "0",
        "PDF_SOFFICE": os.environ.get("VB_PDF_SOFFICE", "soffice"),
        "QUEUE": os.environ.get("VB_QUEUE", "local"),
        "REDIS_URL": os.environ.get("VB_REDIS_URL", "redis://127.0.0.1:6379/0"),
        "LOG_LEVEL": os.environ.get("VB_LOG_LEVEL", "INFO"),
    }
    if overrides:
        cfg.update(overrides)
    return cfg
