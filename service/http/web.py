"""The clerks' pages (Vietnamese HTML): list of kinds, generated forms, upload, preview.

Works without JavaScript: repeatable fields render empty rows server-side and a "Thêm dòng"
submit button re-renders the form with more rows; app.js only improves on that.
Every POST carries the session's CSRF token; /api/v1 is not part of this blueprint.
"""

from __future__ import annotations

import base64
from typing import Any

from flask import Blueprint, Flask, Response, current_app, render_template, request
from werkzeug.exceptions import HTTPException

from service.adapters.documents import DOCX_MIME, DocumentService
from service.adapters.spreadsheet import example_csv, example_workbook
from service.domain.kinds import KINDS, DocumentKind
from service.errors import BadRequest, NotFound, ProblemError
from service.http import forms
from service.http import web_forms as wf
from service.http.jsonbody import file_response

bp = Blueprint("web", __name__)
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_FORM_PARTS = 50_000
PREVIEW_DPI = 96
MSG_CSRF = (
    "Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ (thiếu mã bảo vệ). Hãy tải lại trang và gửi lại."
)
MSG_TOO_LARGE = "Tệp hoặc dữ liệu gửi lên quá lớn: giới hạn là {limit}. Hãy chia nhỏ tệp rồi gửi lại."


def documents() -> DocumentService:
    return current_app.extensions["documents"]


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB" if n >= 1024 * 1024 else f"{max(1, n // 1024)} KB"


@bp.before_request
def _limits_and_csrf() -> None:
    if request.endpoint == "web.upload":
        request.max_content_length = current_app.config["MAX_BATCH_BYTES"]
    request.max_form_memory_size = current_app.config["MAX_CONTENT_LENGTH"]
    request.max_form_parts = MAX_FORM_PARTS
    if request.method == "POST" and not wf.csrf_ok(request.form.get("_csrf")):
        raise BadRequest(MSG_CSRF)


@bp.app_context_processor
def _globals() -> dict[str, Any]:
    return {"csrf_token": wf.csrf_token}


def _error_page(status: int, title: str, message: str) -> Response:
    html = render_template("error.html", title=title, message=message, status=status)
    return Response(html, status=status, mimetype="text/html")


@bp.errorhandler(ProblemError)
def _problem(exc: ProblemError) -> Response:
    return _error_page(exc.status, exc.title, exc.detail)


@bp.errorhandler(HTTPException)
def _http(exc: HTTPException) -> Response:
    status = exc.code or 500
    if status == 413:
        limit = current_app.config[
            "MAX_BATCH_BYTES" if request.endpoint == "web.upload" else "MAX_CONTENT_LENGTH"
        ]
        return _error_page(413, "Dữ liệu gửi lên quá lớn", MSG_TOO_LARGE.format(limit=_size(limit)))
    if status == 404:
        return _error_page(404, "Không tìm thấy", "Không có trang này.")
    return _error_page(status, "Yêu cầu không hợp lệ", "Yêu cầu không hợp lệ; hãy tải lại trang.")


@bp.get("/")
def index() -> str:
    return render_template("index.html", kinds=list(KINDS.values()))


def _repeatables(node: forms.FormField) -> list[str]:
    out = [node.name] if node.widget in ("list", "table") else []
    for child in node.children:
        out += _repeatables(child)
    return out


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
    values = forms.flatten(data)
    model = forms.build_form(kind.schema, values)
    rows = {}
    for name in _repeatables(model):
        posted = request.form.get(f"_so_dong.{name}", "")
        rows[name] = min(int(posted), forms.MAX_FORM_ROWS) if posted.isdigit() else 0
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
    pages: list[str] = []
    pdf_error = ""
    converter = current_app.extensions.get("pdf")
    if converter is None or not converter.available():
        pdf_error = (
            "Không xem trước được: máy chủ chưa bật chuyển đổi PDF (LibreOffice). "
            "Tệp .docx vẫn tải được bình thường."
        )
    else:
        from service.adapters.pdf import PdfError, pdf_to_png_pages

        try:
            files["pdf"] = converter.convert(rendered.data)
            pages = [
                base64.b64encode(png).decode("ascii")
                for png in pdf_to_png_pages(files["pdf"], dpi=PREVIEW_DPI)
            ]
        except PdfError as exc:
            current_app.logger.warning("preview failed: %s", exc)
            pdf_error = exc.public_message
    token = wf.store_preview(files, rendered.ten_tep)
    html = render_template(
        "preview.html",
        kind=kind,
        pages=pages,
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


@bp.post("/mau/<kind_id>/tai-len")
def upload(kind_id: str) -> Response:
    kind = documents().kind(kind_id)
    sent = request.files.get("tep")
    data = sent.read() if sent is not None else b""
    result = wf.read_upload(data, kind.schema)
    if not result.items:
        return _form_page(kind, forms.defaults(), status=422, loose=result.errors)
    if len(result.items) == 1:
        return _form_page(
            kind,
            forms.flatten(result.items[0]),
            loose=result.errors,
            field_errors=result.cell_errors,
            notice="Đã điền biểu mẫu từ tệp tải lên; hãy kiểm tra rồi bấm “Xem trước”.",
        )
    batch = any(r.rule.startswith("/api/v1/batches/") for r in current_app.url_map.iter_rules())
    html = render_template(
        "batch.html", kind=kind, count=len(result.items), errors=result.errors, batch=batch
    )
    return Response(html, mimetype="text/html")


@bp.get("/mau/<kind_id>/vi-du.<ext>")
def example(kind_id: str, ext: str) -> Response:
    kind = documents().kind(kind_id)
    if ext == "xlsx":
        data = example_workbook(kind.schema, kind.vi_du, forms.labels(kind.schema))
        return file_response(data, XLSX_MIME, f"{kind.id}-vi-du.xlsx")
    if ext == "csv":
        return file_response(example_csv(kind.schema, kind.vi_du), "text/csv", f"{kind.id}-vi-du.csv")
    raise NotFound("Chỉ có tệp mẫu .xlsx và .csv.")


def install(app: Flask) -> None:
    app.register_blueprint(bp)
