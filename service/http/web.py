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
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from werkzeug.exceptions import HTTPException

from service.adapters.documents import DOCX_MIME, DocumentService
from service.adapters.spreadsheet import example_csv
from service.application.batches import BatchService, so_bat_dau_from_text
from service.domain.kinds import KINDS, DocumentKind
from service.domain.text import byte_size, field_labels
from service.errors import (
    AdapterError,
    NotFound,
    PayloadTooLarge,
    ProblemError,
    ServiceUnavailable,
    ValidationFailed,
    as_problem,
)
from service.http import access, batches, forms, problems
from service.http import web_forms as wf
from service.http.access import principal
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


@bp.post("/mau/<kind_id>/tai-len")
def upload(kind_id: str) -> Response:
    kind = documents().kind(kind_id)
    sent = request.files.get("tep")
    data = sent.read() if sent is not None else b""
    if batch_service().upload_mode(kind.id, data) == "danh_sach":
        return _list_page(kind, wf.store_upload(data), data)
    result = wf.read_upload(data, kind.schema)
    if not result.items:
        return _form_page(kind, forms.defaults(), status=422, loose=result.errors)
    if len(result.items) == 1:
        return _form_page(
            kind,
            forms.flatten(result.items[0], schema=kind.schema),
            loose=result.errors,
            field_errors=result.cell_errors,
            notice="Đã điền biểu mẫu từ tệp tải lên; hãy kiểm tra rồi bấm “Xem trước”."
            + (
                " Các cột không thuộc mẫu nên đã bỏ qua: " + ", ".join(result.ignored_columns) + "."
                if result.ignored_columns
                else ""
            ),
        )
    if "batches" not in current_app.extensions:
        html = render_template("batch.html", kind=kind, count=len(result.items), errors=[], batch=False)
        return Response(html, mimetype="text/html")
    return _batch_page(kind, wf.store_upload(data), data)


# --------------------------------------------------------------------------- batches


def _labelled(errors: list[dict[str, Any]], labels: dict[str, str]) -> list[str]:
    """Error messages for the clerk: the field's label before a message on a named field."""
    out = []
    for e in errors:
        parts = [p for p in str(e.get("path", "")).split("/") if p and not p.isdigit()]
        if parts and parts[0] in ("items", "chung"):
            parts = parts[1:]
        name = ".".join(parts)
        label = labels.get(name) or labels.get(parts[0] if parts else "", "")
        message = str(e.get("message", ""))
        if label and name not in ("", "file"):
            head, sep, rest = message.partition(": ")
            message = (
                f"{head}: {label}: {rest}" if sep and head.startswith("Dòng ") else f"{label}: {message}"
            )
        out.append(message)
    return out


def _batch_page(
    kind: DocumentKind,
    token: str,
    data: bytes,
    *,
    status: int = 200,
    problems: list[str] | None = None,
    chosen: dict[str, str] | None = None,
) -> Response:
    """One document a row: the rows checked exactly as the batch API checks them."""
    batch, errors = batch_service().check_upload(kind.id, data)
    shown = _labelled(errors, field_labels(kind.schema))
    if errors:  # nothing to start: the clerk fixes the file and uploads it again
        wf.delete_upload(token)
    html = render_template(
        "batch.html",
        kind=kind,
        count=batch.count if batch else 0,
        errors=shown,
        problems=problems or [],
        ignored=batch.ignored_columns if batch else [],
        token=token,
        chosen=chosen or {},
        pdf=_pdf_available(),
        batch=True,
    )
    return Response(html, status=status if not errors else 422, mimetype="text/html")


def _upload_or_404() -> tuple[str, bytes]:
    token = request.form.get("token", "")
    data = wf.load_upload(token)
    if data is None:
        raise NotFound(
            "Tệp bảng tính đã tải lên không còn (quá 1 giờ, đã tạo văn bản, hoặc liên kết sai). "
            "Hãy tải tệp lên lại."
        )
    return token, data


@bp.post("/mau/<kind_id>/tao-lo")
def start_batch(kind_id: str) -> Response:
    """Start a batch of one document a row (zip or gop) from a stored upload."""
    kind = documents().kind(kind_id)
    token, data = _upload_or_404()
    dau_ra = request.form.get("dau_ra") or "zip"
    dinh_dang = request.form.get("dinh_dang") or "docx"
    so_raw = request.form.get("so_bat_dau", "").strip()
    chosen = {"dau_ra": dau_ra, "so_bat_dau": so_raw, "dinh_dang": dinh_dang}
    batch_svc = batch_service()
    problems: list[str] = []
    try:
        batch = batch_svc.from_upload(
            kind.id, data, dau_ra=dau_ra, so_bat_dau=so_bat_dau_from_text(so_raw), dinh_dang=dinh_dang
        )
        spec = batch_svc.validate(kind.id, batch)
    except (ValidationFailed, PayloadTooLarge, ServiceUnavailable) as exc:
        problems = _labelled(exc.errors or [{"message": exc.detail}], field_labels(kind.schema))
    except (UnicodeDecodeError, ValueError, RecursionError):
        problems = ["Tệp JSON không hợp lệ: không đọc được nội dung."]
    if problems:
        return _batch_page(kind, token, data, status=422, problems=problems, chosen=chosen)
    state = batch_svc.start_job(spec, principal())
    wf.delete_upload(token)
    return redirect(url_for("web.job", job_id=state["id"]), code=303)


# --------------------------------------------------------------------------- one document with its list


def _list_page(
    kind: DocumentKind,
    token: str,
    data: bytes,
    values: dict[str, str] | None = None,
    *,
    errors: list[dict[str, Any]] | None = None,
    status: int = 200,
    rows: dict[str, int] | None = None,
) -> Response:
    """The list page: the rows of the "Danh sách" sheet checked, the document's own fields in a
    form (filled from the "Dữ liệu" sheet on first showing), and one button for one document.

    `errors` are exactly the batch API's (dau_ra=danh_sach): the document's own fields beside
    their inputs, the rows' in a list with their row numbers and column labels."""
    batch_svc = batch_service()
    schema = batch_svc.decision_schema(kind.id)
    batch = batch_svc.from_upload(kind.id, data, dau_ra="danh_sach")
    if errors is None:  # first showing: the rows' problems (the form is not filled in yet)
        errors = []
        try:
            batch_svc.validate(kind.id, batch)
        except (ValidationFailed, PayloadTooLarge) as exc:
            errors = [e for e in exc.errors or [] if not str(e.get("path", "")).startswith("/chung")]
    if values is None:
        values = (
            forms.flatten(batch.chung, schema=kind.schema)
            if isinstance(batch.chung, dict) and batch.chung
            else forms.defaults()
        )
    own = [e for e in errors if str(e.get("path", "")).startswith("/chung")]
    in_rows = [e for e in errors if not str(e.get("path", "")).startswith("/chung")]
    model = forms.build_form(schema, values, example=kind.vi_du, rows=rows)
    by_name, extra = forms.error_map(
        [{**e, "path": str(e["path"])[len("/chung") :] or "/"} for e in own], forms.field_names(model)
    )
    if by_name:
        model = forms.build_form(schema, values, example=kind.vi_du, rows=rows, errors=by_name)
    spec = kind.danh_sach
    row_labels = field_labels(spec.row_schema) if spec else {}
    html = render_template(
        "danh_sach.html",
        kind=kind,
        form=model,
        token=token,
        count=batch.count,
        counts=batch_svc.list_counts(kind.id, batch.items if isinstance(batch.items, list) else []),
        row_errors=_labelled(in_rows, row_labels),
        summary=extra,
        error_count=sum(map(len, by_name.values())) + len(extra) + len(in_rows),
        ignored=batch.ignored_columns,
    )
    return Response(html, status=status, mimetype="text/html")


@bp.post("/mau/<kind_id>/tao-danh-sach")
def start_list(kind_id: str) -> Response:
    """Start one document whose list holds every row of the stored upload; its own fields come
    from the form, validated with the rows exactly as the batch API validates them."""
    kind = documents().kind(kind_id)
    token, data = _upload_or_404()
    batch_svc = batch_service()
    schema = batch_svc.decision_schema(kind.id)
    submitted = {k: v for k, v in request.form.items() if not k.startswith("_") and k != "token"}
    chung = forms.parse_form(schema, submitted)
    values = forms.flatten(chung, schema=schema)
    rows = _posted_rows(schema, values)
    action = request.form.get("_hanh_dong", "")
    if action.startswith("them:"):  # "Thêm dòng" without JavaScript
        name = action[5:]
        if name in rows:
            rows[name] = max(rows[name], forms.row_count(values, name) + forms.EXTRA_ROWS) + 1
        return _list_page(kind, token, data, values, errors=[], rows=rows)
    try:
        batch = batch_svc.from_upload(kind.id, data, dau_ra="danh_sach", chung=chung, decision_sheet=False)
        spec = batch_svc.validate(kind.id, batch)
    except (ValidationFailed, PayloadTooLarge) as exc:
        errors = exc.errors or [{"path": "", "message": exc.detail}]
        return _list_page(kind, token, data, values, errors=errors, status=422, rows=rows)
    state = batch_svc.start_job(spec, principal())
    wf.delete_upload(token)
    return redirect(url_for("web.job", job_id=state["id"]), code=303)


STATE_VI = {
    "queued": "đang chờ",
    "running": "đang tạo",
    "done": "xong",
    "failed": "lỗi",
    "cancelled": "đã hủy",
}


@bp.get("/lo/<job_id>")
def job(job_id: str) -> Response:
    state = batch_service().job(job_id, principal())
    kind = documents().kind(state["kind_id"])
    html = render_template(
        "job.html",
        job=state,
        kind=kind,
        state_vi=STATE_VI.get(state["state"], state["state"]),
        running=state["state"] in ("queued", "running"),
    )
    resp = Response(html, mimetype="text/html")
    resp.headers["Cache-Control"] = "no-store"
    return resp


@bp.get("/lo/<job_id>/trang-thai")
def job_state(job_id: str) -> Response:
    """The job's progress for the page's polling (the API takes keys, not the clerk's cookie)."""
    return jsonify(batch_service().public_job(job_id, principal()))


@bp.post("/lo/<job_id>/huy")
def cancel_job(job_id: str) -> Response:
    batch_service().cancel(job_id, principal())
    return redirect(url_for("web.job", job_id=job_id), code=303)


@bp.get("/lo/<job_id>/ket-qua")
def job_download(job_id: str) -> Response:
    return batches.result_response(job_id)


@bp.get("/mau/<kind_id>/vi-du.<ext>")
def example(kind_id: str, ext: str) -> Response:
    kind = documents().kind(kind_id)
    if ext == "xlsx":
        data = batch_service().example_workbook(kind.id)
        return file_response(data, XLSX_MIME, f"{kind.id}-vi-du.xlsx")
    if ext == "csv":
        return file_response(example_csv(kind.schema, kind.vi_du), "text/csv", f"{kind.id}-vi-du.csv")
    raise NotFound("Chỉ có tệp mẫu .xlsx và .csv.")


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
    app.register_blueprint(bp)
    app.register_error_handler(404, _unknown_address)
    app.register_error_handler(405, _unknown_address)
