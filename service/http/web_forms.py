"""Helpers of the clerks' pages: the preview cache, reading uploads (CSRF: service/http/guard.py).

The preview cache keeps rendered files under DATA_DIR/previews/<random token>/ for
PREVIEW_TTL_S seconds: file paths never hold user data, only the token.
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import current_app

from service.adapters.spreadsheet import SpreadsheetError
from service.application.batches import looks_like_json
from service.domain.text import field_labels
from service.http import forms
from service.http.guard import csrf_ok, csrf_token  # noqa: F401  (kept importable here)

PREVIEW_TTL_S = 30 * 60
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
MSG_JSON_OBJECT = "Tệp JSON phải chứa một đối tượng ({…}) là dữ liệu của một văn bản."
MSG_EMPTY_FILE = "Chưa chọn tệp hoặc tệp trống."
MSG_NO_ROWS = "Bảng tính không có dòng dữ liệu nào (dòng 1 là tên cột, dữ liệu từ dòng 3)."


# --------------------------------------------------------------------------- previews


def _root() -> Path:
    return Path(current_app.config["DATA_DIR"]) / "previews"


def _purge(root: Path, now: float) -> None:
    if not root.is_dir():
        return
    for entry in root.iterdir():
        try:
            if now - entry.stat().st_mtime > PREVIEW_TTL_S:
                shutil.rmtree(entry, ignore_errors=True)
        except OSError:
            continue


def store_preview(files: dict[str, bytes], ten_tep: str, pages: Sequence[bytes] = ()) -> str:
    """Keep rendered files ({"docx": …, "pdf": …}) and the preview's page images (PNG) under a
    new random token."""
    root = _root()
    now = time.time()
    _purge(root, now)
    token = secrets.token_urlsafe(24)
    folder = root / token
    folder.mkdir(parents=True, exist_ok=False)
    for ext, data in files.items():
        (folder / f"van-ban.{ext}").write_bytes(data)
    for number, png in enumerate(pages, start=1):
        (folder / f"trang-{number}.png").write_bytes(png)
    (folder / "meta.json").write_text(json.dumps({"ten_tep": ten_tep, "created": now}), encoding="utf-8")
    return token


def load_preview(token: str, ext: str) -> tuple[bytes, str] | None:
    """(file bytes, download name) of a cached preview file, or None when unknown or expired."""
    if not TOKEN_RE.match(token) or ext not in ("docx", "pdf"):
        return None
    folder = _root() / token
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        if time.time() - float(meta["created"]) > PREVIEW_TTL_S:
            shutil.rmtree(folder, ignore_errors=True)
            return None
        return (folder / f"van-ban.{ext}").read_bytes(), f"{meta['ten_tep']}.{ext}"
    except (OSError, ValueError, KeyError):
        return None


def load_preview_page(token: str, number: int) -> bytes | None:
    """The PNG of one previewed page, or None when unknown or expired."""
    if not TOKEN_RE.match(token) or not 1 <= number <= 1000:
        return None
    folder = _root() / token
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        if time.time() - float(meta["created"]) > PREVIEW_TTL_S:
            return None
        return (folder / f"trang-{number}.png").read_bytes()
    except (OSError, ValueError, KeyError):
        return None


# --------------------------------------------------------------------------- uploads


@dataclass
class Upload:
    """What an uploaded file holds: items (documents' data) and problems found."""

    items: list[dict[str, Any]]
    errors: list[str]
    cell_errors: dict[str, list[str]]  # form field name → messages, first item only
    ignored_columns: list[str] = field(default_factory=list)  # spreadsheet headers of no field


def read_upload(data: bytes, schema: dict[str, Any]) -> Upload:
    """Items of an uploaded JSON object or spreadsheet (.xlsx / .csv), type checked by content."""
    if not data.strip():
        return Upload([], [MSG_EMPTY_FILE], {})
    if looks_like_json(data):
        try:
            value = json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            return Upload([], ["Tệp JSON không hợp lệ: không đọc được nội dung."], {})
        if isinstance(value, dict) and isinstance(value.get("items"), list):
            items = [v for v in value["items"] if isinstance(v, dict)]
            if len(items) == len(value["items"]) and items:
                return Upload(items, [], {})
        if not isinstance(value, dict):
            return Upload([], [MSG_JSON_OBJECT], {})
        return Upload([value], [], {})
    try:
        table = current_app.extensions["batches"].read_table(data, schema, field_labels(schema))
    except SpreadsheetError as exc:
        return Upload([], [e["message"] for e in exc.errors], {})
    header = [e["message"] for e in table.cell_errors if not e.get("path")]
    if not table.items:
        return Upload([], header or [MSG_NO_ROWS], {})
    cells: dict[str, list[str]] = {}
    other: list[str] = list(header)
    for err in table.cell_errors:
        path = err.get("path") or ""
        if path.startswith("/items/0/"):
            name = forms.field_name("/" + path[len("/items/0/") :]).replace("/", ".")
            cells.setdefault(name, []).append(err["message"])
        elif path and len(table.items) > 1:
            row = err.get("row", "")
            other.append(f"Dòng {row}: {err['message']}")
    return Upload(table.items, other, cells, table.ignored_columns)


# --------------------------------------------------------------------------- stored uploads
# A multi-row upload waits under DATA_DIR/uploads/<random token> (never a name from the
# upload) until the clerk starts the batch; older than UPLOAD_TTL_S it is gone.

UPLOAD_TTL_S = 60 * 60


def _uploads() -> Path:
    return Path(current_app.config["DATA_DIR"]) / "uploads"


def store_upload(data: bytes) -> str:
    """Keep an uploaded file under a new random token (expired uploads are deleted first)."""
    root = _uploads()
    root.mkdir(parents=True, exist_ok=True)
    now = time.time()
    for entry in root.iterdir():
        try:
            if now - entry.stat().st_mtime > UPLOAD_TTL_S:
                entry.unlink()
        except OSError:
            continue
    token = secrets.token_urlsafe(24)
    (root / token).write_bytes(data)
    return token


def _upload_path(token: str) -> Path | None:
    return _uploads() / token if isinstance(token, str) and TOKEN_RE.match(token) else None


def load_upload(token: str) -> bytes | None:
    """The stored upload's bytes, or None when the token is unknown, malformed or expired."""
    path = _upload_path(token)
    try:
        if path is None or time.time() - path.stat().st_mtime > UPLOAD_TTL_S:
            return None
        return path.read_bytes()
    except OSError:
        return None


def delete_upload(token: str) -> None:
    path = _upload_path(token)
    if path is not None:
        path.unlink(missing_ok=True)
