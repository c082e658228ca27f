"""The clerks' pages (Vietnamese HTML): list of kinds, generated forms, upload, preview.

Works without JavaScript: repeatable fields render empty rows server-side and a "Thêm dòng"
submit button re-renders the form with more rows; app.js only improves on that.
Every POST carries the session's CSRF token; /api/v1 is not part of this blueprint.
"""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    Flask,
    Response,
    current_app,
    render_template,
    request,
)
from werkzeug.exceptions import HTTPException

from service.adapters.documents import DOCX_MIME, DocumentService
from service.application.batches import BatchService
from service.domain.kinds import KINDS, DocumentKind
from service.domain.text import byte_size
from service.errors import (
    AdapterError,
    NotFound,
    ProblemError,
    as_problem,
)
from service.http import access, forms, problems
from service.http import web_forms as wf
from service.http.guard import MSG_CSRF  # noqa: F401  (kept importable here)
from service.http.jsonbody import file_response

bp = Blueprint("web", __name__)
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_FORM_PARTS = 50_000
# Page images at 150 dpi (1,240 pixels across A4): shown 794 CSS pixels wide on a computer, they
# stay sharp on a phone's dense screen and when zoomed; each opens full size, and the PDF is
# one tap away.
PREVIEW_DPI = 150
# Pages shown as images: drawing each costs ~0.1 s, so a 130-page document would spend its
# whole render deadline in pdftoppm; the rest is in the PDF download.
PREVIEW_MAX_PAGES = 10
MSG_TOO_LARGE = "Tệp hoặc dữ liệu gửi lên quá lớn: giới hạn là {limit}. Hãy chia nhỏ tệp rồi gửi lại."


def documents() -> DocumentService:
    return current_app.extensions["documents"]


def batch_service() -> BatchService:
    return current_app.extensions["batches"]


@bp.before_request
def _limits_and_csrf() -> None:
    if request.endpoint == "web.upload":
        request.max_content_length = current_app.config["MAX_BATCH_BYTES"]
    request.max_form_memory_size = current_app.config["MAX_CONTENT_LENGTH"]
    request.max_form_parts = MAX_FORM_PARTS  # the CSRF check is app-wide (service/http/guard.py)


def _error_page(status: int, title: str, message: str) -> Response:
    html = render_template("error.html", title=title, message=message, status=status)
    return Response(html, status=status, mimetype="text/html")


@bp.errorhandler(ProblemError)
def _problem(exc: ProblemError) -> Response:
    return _error_page(exc.status, exc.title, exc.detail)


@bp.errorhandler(AdapterError)
def _adapter(exc: AdapterError) -> Response:
    problem = as_problem(exc)
    current_app.logger.warning("problem: %s", problem.cause)
    return _error_page(problem.status, problem.title, problem.detail)


@bp.errorhandler(HTTPException)
def _http(exc: HTTPException) -> Response:
    status = exc.code or 500
    if status == 413:
        limit = current_app.config[
            "MAX_BATCH_BYTES" if request.endpoint == "web.upload" else "MAX_CONTENT_LENGTH"
        ]
        return _error_page(413, "Dữ liệu gửi lên quá lớn", MSG_TOO_LARGE.format(limit=byte_size(limit)))
    if status == 404:
        return _error_page(404, "Không tìm thấy", "Không có trang này.")
    return _error_page(status, "Yêu cầu không hợp lệ", "Yêu cầu không hợp lệ; hãy tải lại trang.")


@bp.get("/")
def index() -> str:
    uploaded = documents().uploaded
    return render_template("index.html", kinds=list(KINDS.values()) + (uploaded.all() if uploaded else []))


def _repeatables(node: forms.FormField) -> list[str]:
    out = [node.name] if node.widget in ("list", "table") else []
    for child in node.children:
        out += _repeatables(child)
    return out


def _posted_rows(schema: dict[str, Any], values: dict[str, str]) -> dict[str, int]:
    """Rows shown of each repeatable field, as the submitted form said (``_so_dong.<name>``)."""
    rows = {}
    for name in _repeatables(forms.build_form(schema, values)):
        posted = request.form.get(f"_so_dong.{name}", "")
        rows[name] = min(int(posted), forms.MAX_FORM_ROWS) if posted.isdigit() else 0
    return rows


def _form_page(
    kind: DocumentKind,
    values: dict[str, str],
    *,
    status: int = 200,
    errors: list[dict[str, str]] | None = None,
    loose: list[str] | None = None,
    rows: dict[str, int] | None = None,
    notice: str = "",
    field_errors: dict[str, list[str]] | None = None,
) -> Response:
    model = forms.build_form(kind.schema, values, example=kind.vi_du, rows=rows)
    by_name, extra = forms.error_map(errors or [], forms.field_names(model))
    for name, msgs in (field_errors or {}).items():
        by_name.setdefault(name, []).extend(msgs)
    if by_name:
        model = forms.build_form(kind.schema, values, example=kind.vi_du, rows=rows, errors=by_name)
    summary = [*(loose or []), *extra]
    html = render_template(
        "form.html",
        kind=kind,
        form=model,
        summary=summary,
        error_count=sum(map(len, by_name.values())) + len(summary),
        notice=notice,
        pdf=_pdf_available(),
    )
    return Response(html, status=status, mimetype="text/html")


def _pdf_available() -> bool:
    conv = current_app.extensions.get("pdf")
    return bool(conv is not None and conv.available())


@bp.get("/mau/<kind_id>")
def form(kind_id: str) -> Response:
    kind = documents().kind(kind_id)
    return _form_page(kind, forms.defaults())


@bp.post("/mau/<kind_id>")
def submit(kind_id: str) -> Response:
    kind = documents().kind(kind_id)
    submitted = {k: v for k, v in request.form.items() if not k.startswith("_")}
    data = forms.parse_form(kind.schema, submitted)
    values = forms.flatten(data, schema=kind.schema)
    rows = _posted_rows(kind.schema, values)
    action = request.form.get("_hanh_dong", "xem")
    if action.startswith("them:"):
        name = action[5:]
        if name in rows:
            rows[name] = max(rows[name], forms.row_count(values, name) + forms.EXTRA_ROWS) + 1
        return _form_page(kind, values, rows=rows)
    clean, errors = documents().check(kind_id, data)
    if errors:
        return _form_page(kind, values, status=422, rows=rows, errors=[e.as_dict() for e in errors])
    rendered = documents().render_clean(kind_id, clean)
    current_app.extensions["metrics"].rendered(kind_id)
    files = {"docx": rendered.data}
    pages: list[bytes] = []
    page_total = 0
    pdf_error = ""
    converter = current_app.extensions.get("pdf")
    if converter is None or not converter.available():
        pdf_error = (
            "Không xem trước được: máy chủ chưa bật chuyển đổi PDF (LibreOffice). "
            "Tệp .docx vẫn tải được bình thường."
        )
    else:
        from service.adapters.pdf import PdfError, pdf_page_count, pdf_to_png_pages

        try:
            files["pdf"] = converter.convert(rendered.data, timeout=access.time_left(margin=2.0))
            page_total = pdf_page_count(files["pdf"])
            pages = pdf_to_png_pages(files["pdf"], dpi=PREVIEW_DPI, last=PREVIEW_MAX_PAGES)
        except PdfError as exc:
            current_app.logger.warning("preview failed: %s", exc)
            pdf_error = exc.public_message
    token = wf.store_preview(files, rendered.ten_tep, pages)
    html = render_template(
        "preview.html",
        kind=kind,
        pages=range(1, len(pages) + 1),
        page_total=page_total,
        token=token,
        has_pdf="pdf" in files,
        pdf_error=pdf_error,
        ten_tep=rendered.ten_tep,
        values=values,
    )
    return Response(html, mimetype="text/html")


@bp.get("/tai-ve/<token>.<ext>")
def download(token: str, ext: str) -> Response:
    found = wf.load_preview(token, ext)
    if found is None:
        raise NotFound("Liên kết tải về đã hết hạn (30 phút) hoặc không đúng. Hãy tạo lại văn bản.")
    data, name = found
    return file_response(data, DOCX_MIME if ext == "docx" else "application/pdf", name)


@bp.get("/xem-truoc/<token>/trang-<int:number>.png")
def preview_page(token: str, number: int) -> Response:
    png = wf.load_preview_page(token, number)
    if png is None:
        raise NotFound("Bản xem trước đã hết hạn (30 phút) hoặc không đúng. Hãy tạo lại văn bản.")
    resp = Response(png, mimetype="image/png")
    resp.headers["Cache-Control"] = "private, max-age=1800"
    return resp


# Addresses of machines (API clients, monitoring): a mistyped one answers problem+json.
MACHINE_PATHS = ("/api/", "/openapi.json", "/healthz", "/metrics")


def _for_machines(path: str) -> bool:
    return path == "/api" or path.startswith(MACHINE_PATHS)


def _unknown_address(exc: HTTPException) -> Response:
    """A mistyped page address (no route at all) gets a Vietnamese HTML page; the API's keep
    problem+json."""
    if _for_machines(request.path):
        return problems.http_problem(exc)
    if exc.code == 405:
        resp = _error_page(
            405, "Không mở được trang này", "Địa chỉ này không mở trực tiếp được; hãy bắt đầu từ trang chủ."
        )
        if getattr(exc, "valid_methods", None):
            resp.headers["Allow"] = ", ".join(exc.valid_methods)  # type: ignore[attr-defined]
        return resp
    return _error_page(
        404,
        "Không tìm thấy trang",
        "Không có trang nào ở địa chỉ này (có thể địa chỉ gõ sai hoặc liên kết đã cũ). "
        "Hãy về trang chủ để chọn loại văn bản.",
    )


def install(app: Flask) -> None:
    from service.http import web_batches  # noqa: F401  (its routes are on bp)

    app.register_blueprint(bp)
    app.register_error_handler(404, _unknown_address)
    app.register_error_handler(405, _unknown_address)
