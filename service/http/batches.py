"""Batches and jobs: POST /api/v1/batches/<id>, GET/DELETE /api/v1/jobs/<job_id>, …/result.

A batch of at most SYNC_BATCH_MAX items answers 200 with the file (a ZIP is streamed as the
documents are rendered); a larger one, or ``?async=1``, answers 202 with a job to poll.
"""

from __future__ import annotations

import json
import os
from typing import Any

from flask import Blueprint, Flask, Response, current_app, jsonify, request, send_file
from werkzeug.exceptions import RequestEntityTooLarge

from service.adapters.batch import (
    ROW_SCHEMA,
    BatchSpec,
    merge_documents,
    prepare,
    release_memory,
    render_ordered,
    shared_pool,
)
from service.adapters.documents import DocumentService
from service.adapters.jobs import Jobs, JobStore, make_jobs, public
from service.adapters.spreadsheet import SheetLimits, SheetRows, SpreadsheetError, read_table
from service.errors import BadRequest, PayloadTooLarge, ValidationFailed
from service.http import openapi
from service.http.jsonbody import content_disposition, file_response, read_json

bp = Blueprint("batches", __name__, url_prefix="/api/v1")


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB" if n >= 1024 * 1024 else f"{n // 1024} KB"


def _too_large() -> PayloadTooLarge:
    limit = current_app.config["MAX_BATCH_BYTES"]
    return PayloadTooLarge(
        f"Dữ liệu của lô vượt quá giới hạn {_size(limit)}; hãy chia thành nhiều lô nhỏ hơn."
    )


def _jobs() -> Jobs:
    return current_app.extensions["jobs"]


def job_store() -> JobStore:
    """The job store of the app (404 NotFound for unknown job ids)."""
    return _jobs().store


def _read_request(svc: DocumentService, kind_id: str) -> tuple[Any, Any, dict[str, Any]]:
    """(chung, items, options) from JSON or from a multipart spreadsheet upload."""
    limit = current_app.config["MAX_BATCH_BYTES"]
    request.max_content_length = limit
    request.max_form_memory_size = limit
    if request.content_length is not None and request.content_length > limit:
        raise _too_large()
    try:
        if request.mimetype == "multipart/form-data":
            return _read_upload(svc, kind_id)
        body = read_json()
    except RequestEntityTooLarge as exc:
        raise _too_large() from exc
    if not isinstance(body, dict):
        raise BadRequest('Cần một đối tượng JSON dạng {"chung": {…}, "items": […]}.')
    options = {"so_bat_dau": body.get("so_bat_dau"), "dau_ra": body.get("dau_ra")}
    return body.get("chung"), body.get("items"), options


def read_sheet(data: bytes, schema: dict[str, Any]) -> SheetRows:
    """A spreadsheet upload read as the batch endpoint reads it (ValidationFailed if unreadable)."""
    cfg = current_app.config
    labels = {
        name: str(prop.get("title", name))
        for name, prop in schema.get("properties", {}).items()
        if isinstance(prop, dict)
    }
    limits = SheetLimits(
        max_bytes=cfg["MAX_BATCH_BYTES"],
        max_rows=cfg["MAX_SHEET_ROWS"],
        max_uncompressed=cfg["MAX_SHEET_UNCOMPRESSED"],
    )
    try:
        return read_table(data, schema, limits=limits, labels=labels)
    except SpreadsheetError as exc:
        raise ValidationFailed(
            "Không đọc được tệp bảng tính.",
            errors=[
                {"path": "/file", "message": e.get("message", ""), "code": "spreadsheet"} for e in exc.errors
            ],
        ) from exc


def start_job(spec: BatchSpec) -> dict[str, Any]:
    """Queue a validated batch as a job; its stored state."""
    return _jobs().submit(spec, len(spec.documents))


def _read_upload(svc: DocumentService, kind_id: str) -> tuple[Any, Any, dict[str, Any]]:
    form = request.form
    upload = request.files.get("file")
    if upload is None:
        raise BadRequest("Cần gửi tệp bảng tính trong trường 'file'.")
    chung: Any = {}
    if form.get("chung", "").strip():
        try:
            chung = json.loads(form["chung"])
        except RecursionError as exc:
            raise ValidationFailed(
                "Trường 'chung' lồng nhau quá sâu.",
                errors=[{"path": "/chung", "message": "JSON lồng nhau quá sâu.", "code": "json"}],
                cause="RecursionError",
            ) from exc
        except ValueError as exc:
            raise ValidationFailed(
                "Trường 'chung' không phải JSON hợp lệ.",
                errors=[{"path": "/chung", "message": f"JSON không hợp lệ: {exc}", "code": "json"}],
            ) from exc
    so_raw = form.get("so_bat_dau", "").strip()
    so_bat_dau: Any = int(so_raw) if so_raw.isdigit() else (so_raw or None)
    dau_ra = form.get("dau_ra") or "zip"
    schema = ROW_SCHEMA if dau_ra == "danh_sach" else svc.kind(kind_id).schema
    table = read_sheet(upload.read(), schema)
    options = {
        "so_bat_dau": so_bat_dau,
        "dau_ra": dau_ra,
        "row_numbers": table.row_numbers,
        "cell_errors": table.cell_errors,
    }
    return chung, table.items, options


def validate_batch(
    svc: DocumentService, kind_id: str, chung: Any, items: Any, options: dict[str, Any]
) -> BatchSpec:
    """The batch's BatchSpec: size limit, then every row validated (ValidationFailed)."""
    max_items = current_app.config["MAX_BATCH_ITEMS"]
    if isinstance(items, list) and len(items) > max_items:
        raise PayloadTooLarge(
            f"Lô có {len(items)} mục, vượt quá giới hạn {max_items} mục; hãy chia thành nhiều lô."
        )
    return prepare(svc.check, kind_id, chung, items, **options)


@bp.post("/batches/<template_id>")
def create_batch(template_id: str) -> Response:
    svc: DocumentService = current_app.extensions["documents"]
    svc.kind(template_id)  # 404 before reading the body
    chung, items, options = _read_request(svc, template_id)
    spec = validate_batch(svc, template_id, chung, items, options)
    total = len(items)
    wants_async = request.args.get("async", "").lower() in ("1", "true", "yes")
    if wants_async or total > current_app.config["SYNC_BATCH_MAX"]:
        state = start_job(spec)
        resp = jsonify(public(state))
        resp.status_code = 202
        resp.headers["Location"] = f"/api/v1/jobs/{state['id']}"
    else:
        resp = _sync_response(spec)
    if total >= 100:  # a large batch leaves parsed rows behind: give that memory back
        resp.call_on_close(release_memory)
    return resp


def _sync_response(spec: BatchSpec) -> Response:
    templates = str(current_app.config["TEMPLATES_DIR"])
    name, mimetype = spec.output_name()
    metrics = current_app.extensions["metrics"]
    pool = shared_pool(max(1, (os.cpu_count() or 2) - 1)) if len(spec.documents) >= 100 else None
    rendered = render_ordered(templates, spec.kind_id, spec.documents, pool=pool)
    if spec.dau_ra != "zip":
        data = merge_documents(rendered)
        metrics.rendered(spec.kind_id, len(spec.documents))
        return file_response(data, mimetype, name)
    from service.adapters.batch import zip_stream

    def body() -> Any:
        yield from zip_stream(spec, rendered)
        metrics.rendered(spec.kind_id, len(spec.documents))

    resp = Response(body(), mimetype=mimetype)
    resp.headers["Content-Disposition"] = content_disposition(name)
    resp.headers["X-Batch-Total"] = str(len(spec.documents))
    return resp


@bp.get("/jobs/<job_id>")
def get_job(job_id: str) -> Response:
    resp = jsonify(public(_jobs().store.get(job_id)))
    resp.headers["Cache-Control"] = "no-store"
    return resp


@bp.delete("/jobs/<job_id>")
def delete_job(job_id: str) -> Response:
    """Cancel an unfinished job (200, state cancelled); delete a finished one and its file (204)."""
    store = _jobs().store
    state = store.get(job_id)
    if state["state"] in ("queued", "running"):
        return jsonify(public(store.cancel(job_id)))
    store.delete(job_id)
    return Response(status=204)


@bp.get("/jobs/<job_id>/result")
def job_result(job_id: str) -> Response:
    return result_response(job_id)


def result_response(job_id: str) -> Response:
    """The finished job's file (404 unknown, 409 not done)."""
    path, state = _jobs().store.result(job_id)
    resp = send_file(path, mimetype=state["mimetype"], conditional=True)
    resp.headers["Content-Disposition"] = content_disposition(state["file_name"])
    return resp


def install(app: Flask) -> None:
    app.extensions["jobs"] = make_jobs(app.config)
    app.register_blueprint(bp)


# ----------------------------------------------------------------------------- OpenAPI

_JOB = {
    "type": "object",
    "required": ["id", "state", "done", "total", "result"],
    "properties": {
        "id": {"type": "string", "pattern": "^[0-9a-f]{32}$"},
        "state": {"type": "string", "enum": ["queued", "running", "done", "failed", "cancelled"]},
        "done": {"type": "integer"},
        "total": {"type": "integer"},
        "result": {"type": "string"},
        "dau_ra": {"type": ["string", "null"]},
        "error": {"type": ["string", "null"]},
        "created": {"type": ["number", "null"]},
        "finished": {"type": ["number", "null"]},
    },
}
_BATCH = {
    "type": "object",
    "required": ["items"],
    "properties": {
        "chung": {"type": "object", "description": "Trường chung, mỗi mục được gộp lên trên (mục thắng)."},
        "items": {"type": "array", "items": {"type": "object"}, "minItems": 1},
        "so_bat_dau": {
            "type": "integer",
            "minimum": 1,
            "description": "Số văn bản đầu tiên; mục i có số so_bat_dau + i.",
        },
        "dau_ra": {"type": "string", "enum": ["zip", "gop", "danh_sach"], "default": "zip"},
    },
}
_UPLOAD = {
    "type": "object",
    "required": ["file"],
    "properties": {
        "file": {"type": "string", "format": "binary", "description": "Bảng tính .xlsx hoặc .csv"},
        "chung": {"type": "string", "description": "JSON của phần chung"},
        "so_bat_dau": {"type": "integer"},
        "dau_ra": {"type": "string", "enum": ["zip", "gop", "danh_sach"]},
    },
}
_JOB_ID = {"name": "job_id", "in": "path", "required": True, "schema": {"type": "string"}}


def _problem(text: str) -> dict[str, Any]:
    return {
        "description": text,
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


def _job_response(text: str) -> dict[str, Any]:
    return {
        "description": text,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Job"}}},
    }


_BINARY = {"schema": {"type": "string", "format": "binary"}}
openapi.EXTRA_COMPONENTS["Job"] = _JOB
openapi.EXTRA_COMPONENTS["BatchRequest"] = _BATCH
openapi.EXTRA_PATHS["/api/v1/batches/{template_id}"] = {
    "post": {
        "summary": "Tạo nhiều văn bản một lần (JSON hoặc bảng tính)",
        "operationId": "createBatch",
        "parameters": [
            {"name": "template_id", "in": "path", "required": True, "schema": {"type": "string"}},
            {
                "name": "async",
                "in": "query",
                "required": False,
                "schema": {"type": "string", "enum": ["0", "1"]},
            },
        ],
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/BatchRequest"}},
                "multipart/form-data": {"schema": _UPLOAD},
            },
        },
        "responses": {
            "200": {
                "description": "Tệp kết quả",
                "content": {
                    "application/zip": _BINARY,
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": _BINARY,
                },
            },
            "202": {
                **_job_response("Lô lớn: đã tạo công việc"),
                "headers": {"Location": {"schema": {"type": "string"}}},
            },
            "400": _problem("JSON hỏng hoặc sai Content-Type"),
            "404": _problem("Không có mẫu này"),
            "413": _problem("Quá lớn"),
            "422": _problem("Dữ liệu không hợp lệ (mọi dòng lỗi)"),
        },
    }
}
openapi.EXTRA_PATHS["/api/v1/jobs/{job_id}"] = {
    "get": {
        "summary": "Trạng thái công việc",
        "operationId": "getJob",
        "parameters": [_JOB_ID],
        "responses": {"200": _job_response("Trạng thái"), "404": _problem("Không có")},
    },
    "delete": {
        "summary": "Hủy (chưa xong) hoặc xóa (đã xong) công việc",
        "operationId": "deleteJob",
        "parameters": [_JOB_ID],
        "responses": {
            "200": _job_response("Đã hủy"),
            "204": {"description": "Đã xóa"},
            "404": _problem("Không có"),
        },
    },
}
openapi.EXTRA_PATHS["/api/v1/jobs/{job_id}/result"] = {
    "get": {
        "summary": "Tải tệp kết quả",
        "operationId": "getJobResult",
        "parameters": [_JOB_ID],
        "responses": {
            "200": {
                "description": "Tệp",
                "content": {
                    "application/zip": _BINARY,
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": _BINARY,
                },
            },
            "404": _problem("Không có"),
            "409": _problem("Chưa xong"),
        },
    }
}
