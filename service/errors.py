"""Errors that carry their HTTP status; mapped to problem+json in one place (service/http/problems.py).

`detail` is the public message; `cause` (never sent to clients) is what gets logged.

The adapters (service/adapters) raise subclasses of `AdapterError`, one root: each names the
`ProblemError` it answers as, and `as_problem` is the one place that turns it into one.
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


class Conflict(ProblemError):
    status, title, type = 409, "Xung đột trạng thái", "/problems/conflict"


class PayloadTooLarge(ProblemError):
    status, title, type = 413, "Dữ liệu gửi lên quá lớn", "/problems/payload-too-large"


class ValidationFailed(ProblemError):
    status, title, type = 422, "Dữ liệu không hợp lệ", "/problems/validation"


class TemplateFailed(ProblemError):
    """An uploaded template could not render (its tags, a sandbox limit, the deadline)."""

    status, title, type = 422, "Mẫu không tạo được văn bản", "/problems/template"


class UnreadableDocument(ProblemError):
    status, title, type = 422, "Không đọc được tệp", "/problems/unreadable-document"


class ServiceUnavailable(ProblemError):
    status, title, type = 503, "Dịch vụ tạm thời không sẵn sàng", "/problems/unavailable"


class RenderTimeout(ProblemError):
    status, title, type = 503, "Quá thời gian tạo văn bản", "/problems/render-timeout"


class AdapterError(Exception):
    """Root of the adapters' errors: ``cause`` (``str(exc)``) is logged, ``public_message`` is for
    users, ``problem`` the ProblemError it answers as (500 unless a subclass says otherwise)."""

    public_message = "Đã có lỗi không mong muốn khi tạo văn bản; mã yêu cầu giúp tra cứu nhật ký."
    problem: type[ProblemError] = ProblemError

    def __init__(self, cause: str = "", public_message: str | None = None) -> None:
        super().__init__(cause or type(self).__name__)
        self.cause = cause or type(self).__name__
        if public_message is not None:
            self.public_message = public_message

    def problem_errors(self) -> list[dict[str, Any]] | None:
        """The problem's ``errors`` list, when the failure names parts of the input."""
        return None


def as_problem(exc: AdapterError) -> ProblemError:
    """The problem an adapter's error answers as: its status, its public message, its cause logged.

    >>> p = as_problem(AdapterError("lxml: bad part"))
    >>> p.status, p.cause
    (500, 'lxml: bad part')
    """
    return exc.problem(exc.public_message, errors=exc.problem_errors(), cause=exc.cause)
