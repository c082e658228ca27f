"""The clerks' batch pages: a spreadsheet uploaded from a form's page, one document a row
(checked as the batch API checks them) or one document with its list (danh sách), the job's
page while it runs, its download, the example spreadsheet. The routes are on the pages'
blueprint (`web.bp`, endpoints `web.*`), so its error pages and CSRF check apply.
"""

from __future__ import annotations

from typing import Any

from flask import (
    Response,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)

from service.adapters.spreadsheet import example_csv
from service.application.batches import so_bat_dau_from_text
from service.domain.kinds import DocumentKind
from service.domain.text import field_labels
from service.errors import (
    NotFound,
    PayloadTooLarge,
    ServiceUnavailable,
    ValidationFailed,
)
from service.http import batches, forms
from service.http import web_forms as wf
from service.http.access import principal
from service.http.jsonbody import file_response
from service.http.web import (
    XLSX_MIME,
    _form_page,
    _pdf_available,
    _posted_rows,
    batch_service,
    bp,
    documents,
)


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
