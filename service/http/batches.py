"""Batches and jobs: POST /api/v1/batches/<id>, GET/DELETE /api/v1/jobs/<job_id>, …/result.

A batch of at most SYNC_BATCH_MAX items answers 200 with the file (a ZIP is streamed as the
documents are rendered); a larger one, or ``?async=1``, answers 202 with a job to poll.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from flask import Blueprint, Flask, Response, current_app, jsonify, request, send_file
from werkzeug.exceptions import RequestEntityTooLarge

from service.adapters.jobs_runner import make_jobs
from service.application.batches import BatchOutput, BatchRequest, BatchService, so_bat_dau_from_text
from service.errors import BadRequest, ValidationFailed
from service.http import openapi
from service.http.access import principal
from service.http.jsonbody import content_disposition, file_response, read_json
from service.http.templates_api import versioned

bp = Blueprint("batches", __name__, url_prefix="/api/v1")


def service() -> BatchService:
    """The app's batch use case (app.extensions["batches"])."""
    return current_app.extensions["batches"]


def _read_request(batches: BatchService, kind_id: str) -> BatchRequest:
    """The batch from JSON or from a multipart spreadsheet upload."""
    limit = current_app.config["MAX_BATCH_BYTES"]
    request.max_content_length = limit
    request.max_form_memory_size = limit
    if request.content_length is not None and request.content_length > limit:
        raise batches.too_large()
    try:
        if request.mimetype == "multipart/form-data":
            return _read_upload(batches, kind_id)
        return batches.from_json(read_json())
    except RequestEntityTooLarge as exc:
        raise batches.too_large() from exc


def _read_upload(batches: BatchService, kind_id: str) -> BatchRequest:
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
    batch = batches.from_sheet(
        kind_id,
        upload.read(),
        chung=chung,
        so_bat_dau=so_bat_dau_from_text(form.get("so_bat_dau", "")),
        dau_ra=form.get("dau_ra") or "zip",
        dinh_dang=form.get("dinh_dang") or "docx",
    )
    batch.cap_so = form.get("cap_so", "").strip().lower() in ("1", "true", "on", "co", "có")
    batch.ma_co_quan = form.get("ma_co_quan") or None
    return batch


def _accepted(state: dict[str, Any]) -> Response:
    """202 and where to follow the job."""
    resp = jsonify(service().public(state))
    resp.status_code = 202
    resp.headers["Location"] = f"/api/v1/jobs/{state['id']}"
    return resp


@bp.post("/batches/<template_id>")
def create_batch(template_id: str) -> Response:
    batches = service()
    template_id = versioned(template_id)
    batches.kind(template_id)  # 404 before reading the body
    batch = _read_request(batches, template_id)
    wants_async = request.args.get("async", "").lower() in ("1", "true", "yes")
    if batch.cap_so not in (False, None):  # numbered from the register
        spec = batches.check_numbered(template_id, batch, key=request.headers.get("Idempotency-Key"))
        if batches.numbered_is_job(spec, wants_async=wants_async):  # numbered when the job runs
            resp = _accepted(batches.start_job(spec, principal()))
        else:
            out = batches.issue(spec)
            resp = _output(out)
            resp.headers["X-Batch-Total"] = str(out.total)
    else:
        spec = batches.validate(template_id, batch)
        if batches.is_job(spec, wants_async=wants_async):
            resp = _accepted(batches.start_job(spec, principal()))
        else:
            out = batches.render(spec)
            resp = _output(out)
            if not isinstance(out.body, bytes):
                resp.headers["X-Batch-Total"] = str(out.total)
    if spec.ignored_columns:
        resp.headers[IGNORED_HEADER] = ignored_header(spec.ignored_columns)
    total = len(spec.documents)
    resp.call_on_close(lambda: batches.after(total))  # helpers stopped, memory handed back
    return resp


def _output(out: BatchOutput) -> Response:
    """A finished batch as its answer: a file in memory, or a streamed ZIP."""
    if isinstance(out.body, bytes):
        return file_response(out.body, out.mimetype, out.name)
    resp = Response(out.body, mimetype=out.mimetype)
    resp.headers["Content-Disposition"] = content_disposition(out.name)
    return resp


IGNORED_HEADER = "X-Ignored-Columns"


def ignored_header(names: list[str]) -> str:
    """Spreadsheet columns the batch did not read, for a response header: each name
    percent-encoded as UTF-8 (a header holds only ASCII), separated by ", ".

    >>> ignored_header(["Mã hồ sơ", "notes"])
    'M%C3%A3%20h%E1%BB%93%20s%C6%A1, notes'
    """
    return ", ".join(quote(name, safe="") for name in names)


@bp.get("/jobs/<job_id>")
def get_job(job_id: str) -> Response:
    resp = jsonify(service().public_job(job_id, principal()))
    resp.headers["Cache-Control"] = "no-store"
    return resp


@bp.delete("/jobs/<job_id>")
def delete_job(job_id: str) -> Response:
    """Cancel an unfinished job (200, state cancelled); delete a finished one and its file (204)."""
    state = service().cancel_or_delete(job_id, principal())
    return jsonify(state) if state is not None else Response(status=204)


@bp.get("/jobs/<job_id>/result")
def job_result(job_id: str) -> Response:
    return result_response(job_id)


def result_response(job_id: str) -> Response:
    """The finished job's file (404 unknown, 409 not done)."""
    path, state = service().result(job_id, principal())
    resp = send_file(path, mimetype=state["mimetype"], conditional=True)
    resp.headers["Content-Disposition"] = content_disposition(state["file_name"])
    return resp


def install(app: Flask) -> None:
    jobs = make_jobs(app.config)
    app.extensions["jobs"] = jobs
    metrics = app.extensions["metrics"]
    app.extensions["batches"] = BatchService(
        app.extensions["documents"],
        jobs,
        app.config,
        on_rendered=metrics.rendered,
        pdf=app.extensions.get("pdf"),
    )
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
        "ignored_columns": {
            "type": "array",
            "items": {"type": "string"},
            "description": "Cột bảng tính không thuộc mẫu nên không đọc (cột riêng của cơ quan).",
        },
        "cap_so": {
            "type": "boolean",
            "description": "Lô cấp số theo sổ: số được cấp khi công việc chạy (một dãy liên tiếp, tất cả hoặc không).",
        },
        "van_ban_di": {
            "type": "string",
            "description": "Lô cấp số: các văn bản đi do công việc này cấp số (/api/v1/van-ban-di?lo=…).",
        },
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
        "dinh_dang": {
            "type": "string",
            "enum": ["docx", "pdf"],
            "default": "docx",
            "description": "Định dạng văn bản: .docx, hoặc PDF (tệp .zip các PDF; một PDF cho gop, danh_sach).",
        },
        "cap_so": {
            "type": "boolean",
            "default": False,
            "description": (
                "Cấp số theo sổ đăng ký văn bản đi: một dãy số liên tiếp, tất cả hoặc không. Đến "
                "VB_MAX_NUMBERED_BATCH mục (500) trả tệp ngay; lô lớn hơn (hoặc ?async=1) trả 202 "
                "và cấp số khi công việc chạy."
            ),
        },
        "ma_co_quan": {"type": "string", "description": "Mã cơ quan ban hành (xác định sổ đăng ký)."},
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
        "dinh_dang": {"type": "string", "enum": ["docx", "pdf"]},
        "cap_so": {
            "type": "string",
            "description": "1/true/có: cấp số theo sổ đăng ký (như cap_so của JSON)",
        },
        "ma_co_quan": {"type": "string"},
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
_IGNORED = {
    "description": "Cột bảng tính không thuộc mẫu nên đã bỏ qua (mỗi tên mã hóa phần trăm UTF-8, cách nhau bởi ', ')",
    "schema": {"type": "string"},
}
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
            {
                "name": "Idempotency-Key",
                "in": "header",
                "required": False,
                "schema": {"type": "string", "maxLength": 300},
                "description": (
                    "Lô cấp số (cap_so): gửi lại với cùng khóa nhận lại đúng các văn bản đã cấp số, "
                    "không cấp số mới; cùng khóa với dữ liệu khác là 409."
                ),
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
                "headers": {"X-Ignored-Columns": _IGNORED},
            },
            "202": {
                **_job_response("Lô lớn: đã tạo công việc"),
                "headers": {"Location": {"schema": {"type": "string"}}, "X-Ignored-Columns": _IGNORED},
            },
            "400": _problem("JSON hỏng hoặc sai Content-Type"),
            "404": _problem("Không có mẫu này"),
            "409": _problem("Idempotency-Key đã dùng cho một lô cấp số khác"),
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
