"""Errors that carry their HTTP status; mapped to problem+json in one place (service/http/problems.py).

`detail` is the public message; `cause` (never sent to clients) is what gets logged.
"""

from __future__ import annotations

from typing import Any


class ProblemError(Exception):
    status = 500
    title = "Lỗi máy chủ"
    type = "about:blank"

    def __init__(
        self,
        detail: str = "",
        *,
        errors: list[dict[str, Any]] | None = None,
        cause: str | None = None,
        headers: dict[str, str] | None = None,
    ):
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        self.errors = errors
        self.cause = cause
        self.headers = headers or {}


class BadRequest(ProblemError):
    status, title, type = 400, "Yêu cầu không hợp lệ", "/problems/bad-request"


class Unauthorized(ProblemError):
    status, title, type = 401, "Cần xác thực", "/problems/unauthorized"


class Forbidden(ProblemError):
    status, title, type = 403, "Không có quyền", "/problems/forbidden"


class NotFound(ProblemError):
    status, title, type = 404, "Không tìm thấy", "/problems/not-found"


class MethodNotAllowed(ProblemError):
    status, title, type = 405, "Phương thức không được hỗ trợ", "/problems/method-not-allowed"


class NotAcceptable(ProblemError):
    status, title, type = 406, "Không có định dạng phù hợp", "/problems/not-acceptable"


class Conflict(ProblemError):
    status, title, type = 409, "Xung đột trạng thái", "/problems/conflict"


class PayloadTooLarge(ProblemError):
    status, title, type = 413, "Dữ liệu gửi lên quá lớn", "/problems/payload-too-large"


class UnsupportedMediaType(ProblemError):
    status, title, type = 415, "Kiểu dữ liệu không được hỗ trợ", "/problems/unsupported-media-type"


class ValidationFailed(ProblemError):
    status, title, type = 422, "Dữ liệu không hợp lệ", "/problems/validation"


class TooManyRequests(ProblemError):
    status, title, type = 429, "Quá nhiều yêu cầu", "/problems/too-many-requests"


class ServiceUnavailable(ProblemError):
    status, title, type = 503, "Dịch vụ tạm thời không sẵn sàng", "/problems/unavailable"


class RenderTimeout(ProblemError):
    status, title, type = 503, "Quá thời gian tạo văn bản", "/problems/render-timeout"
