"""Reading request bodies and writing file responses: the HTTP details every endpoint shares."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from flask import Response, request

from service.domain.vn_format import ten_tep_ascii
from service.errors import BadRequest


def read_json() -> Any:
    """The request's JSON body; 400 problem for a wrong content type, bad UTF-8 or bad JSON."""
    if not (request.mimetype == "application/json" or request.mimetype.endswith("+json")):
        raise BadRequest("Cần gửi dữ liệu JSON với Content-Type: application/json.")
    raw = request.get_data(cache=False)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BadRequest("Dữ liệu gửi lên không phải UTF-8 hợp lệ.", cause=str(exc)) from exc
    try:
        return json.loads(text)
    except RecursionError as exc:
        raise BadRequest("JSON lồng nhau quá sâu.", cause="RecursionError") from exc
    except ValueError as exc:
        raise BadRequest(f"JSON không hợp lệ: {exc}", cause=str(exc)) from exc


def content_disposition(file_name: str) -> str:
    """An attachment header keeping Vietnamese letters (filename*) with an ASCII fallback.

    >>> content_disposition("Quyết định - 09-QĐ-UBND.docx")
    'attachment; filename="Quyet_dinh_-_09-QD-UBND.docx"; filename*=UTF-8\\'\\'Quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh%20-%2009-Q%C4%90-UBND.docx'
    """
    fallback = ten_tep_ascii(file_name) or "van-ban"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(file_name, safe='')}"


def file_response(data: bytes, mimetype: str, file_name: str) -> Response:
    resp = Response(data, mimetype=mimetype)
    resp.headers["Content-Disposition"] = content_disposition(file_name)
    resp.headers["Content-Length"] = str(len(data))
    return resp
