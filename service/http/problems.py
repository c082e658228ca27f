"""problem+json (RFC 9457) for every error, a request id on every response, JSON access logs."""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from typing import Any

from flask import Flask, Response, g, request
from werkzeug.exceptions import HTTPException

from service.domain.validation import safe_text
from service.errors import AdapterError, ProblemError, as_problem

log = logging.getLogger("service")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")

_HTTP_TITLES = {
    400: "Yêu cầu không hợp lệ",
    404: "Không tìm thấy",
    405: "Phương thức không được hỗ trợ",
    413: "Dữ liệu gửi lên quá lớn",
    415: "Kiểu dữ liệu không được hỗ trợ",
    429: "Quá nhiều yêu cầu",
}
_HTTP_DETAILS = {
    404: "Không có địa chỉ này.",
    405: "Phương thức HTTP này không dùng được cho địa chỉ này.",
    413: "Dữ liệu gửi lên vượt quá giới hạn cho phép.",
}


def problem(
    status: int,
    title: str,
    detail: str,
    *,
    type_: str = "about:blank",
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    body: dict[str, Any] = {
        "type": type_,
        "title": title,
        "status": status,
        "detail": safe_text(detail),
        "request_id": getattr(g, "request_id", None),
    }
    if errors is not None:
        body["errors"] = [
            {k: safe_text(v) if isinstance(v, str) else v for k, v in e.items()} for e in errors
        ]
    resp = Response(json.dumps(body, ensure_ascii=False), status=status, mimetype="application/problem+json")
    for k, v in (headers or {}).items():
        resp.headers[k] = v
    return resp


def http_problem(exc: HTTPException) -> Response:
    """A Werkzeug HTTP error (unknown address, wrong method, too large …) as problem+json."""
    status = exc.code or 500
    headers = {}
    if status == 405 and exc.valid_methods:  # type: ignore[attr-defined]
        headers["Allow"] = ", ".join(exc.valid_methods)  # type: ignore[attr-defined]
    return problem(
        status,
        _HTTP_TITLES.get(status, exc.name),
        _HTTP_DETAILS.get(status, exc.description or exc.name),
        type_=f"/problems/http-{status}",
        headers=headers,
    )


def install(app: Flask) -> None:
    @app.before_request
    def _start() -> None:
        rid = request.headers.get("X-Request-Id", "")
        g.request_id = rid if _REQUEST_ID.match(rid) else uuid.uuid4().hex
        g.t0 = time.perf_counter()

    @app.after_request
    def _finish(resp: Response) -> Response:
        resp.headers["X-Request-Id"] = getattr(g, "request_id", "")
        log.info(
            "request",
            extra={
                "fields": {
                    "request_id": getattr(g, "request_id", None),
                    "method": request.method,
                    "path": request.path,
                    "status": resp.status_code,
                    "ms": round((time.perf_counter() - getattr(g, "t0", time.perf_counter())) * 1000, 2),
                }
            },
        )
        return resp

    @app.errorhandler(ProblemError)
    def _problem(exc: ProblemError) -> Response:
        if exc.cause:
            log.warning(
                "problem",
                extra={
                    "fields": {"request_id": g.get("request_id"), "status": exc.status, "cause": exc.cause}
                },
            )
        return problem(
            exc.status, exc.title, exc.detail, type_=exc.type, errors=exc.errors, headers=exc.headers
        )

    @app.errorhandler(AdapterError)
    def _adapter(exc: AdapterError) -> Response:
        return _problem(as_problem(exc))

    app.register_error_handler(HTTPException, http_problem)

    @app.errorhandler(RecursionError)
    def _too_deep(exc: RecursionError) -> Response:
        # Only hostile input nests deep enough for this (JSON, XML, form names); the endpoints
        # catch it where they parse, this is the net under any that does not.
        log.warning(
            "problem", extra={"fields": {"request_id": g.get("request_id"), "cause": "RecursionError"}}
        )
        return problem(
            400,
            "Yêu cầu không hợp lệ",
            "Dữ liệu gửi lên lồng nhau quá sâu.",
            type_="/problems/bad-request",
        )

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception) -> Response:
        log.exception("unhandled", extra={"fields": {"request_id": g.get("request_id")}})
        return problem(
            500,
            "Lỗi máy chủ",
            "Đã có lỗi không mong muốn; mã yêu cầu giúp tra cứu nhật ký.",
            type_="/problems/internal",
        )


class JsonFormatter(logging.Formatter):
    """One JSON object per log line, with the request's fields; no secrets are ever passed in."""

    def format(self, record: logging.LogRecord) -> str:
        out = {
            "ts": round(record.created, 3),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        out.update(getattr(record, "fields", {}))
        if record.exc_info:
            out["exc"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False, default=str)
