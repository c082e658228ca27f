"""/api/v1/templates: offices' own templates (upload, new version, versions, delete).

The blueprint only reads the request and answers; the use case is
service/application/templates.py (`app.extensions["templates"]`).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request
from werkzeug.exceptions import RequestEntityTooLarge

from service.application.templates import TemplateService
from service.errors import BadRequest, PayloadTooLarge
from service.http import openapi
from service.http.access import principal

bp = Blueprint("templates_api", __name__, url_prefix="/api/v1")


def service() -> TemplateService:
    return current_app.extensions["templates"]


def version_arg() -> int | None:
    """`?version=N` (a positive integer) or None."""
    raw = request.args.get("version", "").strip()
    if not raw:
        return None
    if not raw.isdigit() or not 0 < int(raw) < 10**9:
        raise BadRequest("Tham số version phải là số nguyên dương, ví dụ ?version=2.")
    return int(raw)


def versioned(template_id: str) -> str:
    """The kind id a document or batch request names: "id", or "id@N" with ?version=N."""
    version = version_arg()
    return template_id if version is None else f"{template_id}@{version}"


def _upload() -> tuple[dict[str, str], bytes | None]:
    limit = int(current_app.config["TEMPLATE_MAX_BYTES"]) + 256 * 1024  # the file and the fields
    if request.content_length is not None and request.content_length > limit:
        raise PayloadTooLarge(
            f"Tệp mẫu lớn hơn {current_app.config['TEMPLATE_MAX_BYTES'] // (1024 * 1024)} MB."
        )
    if request.mimetype != "multipart/form-data":
        raise BadRequest("Gửi mẫu dạng multipart/form-data: trường file (.docx), id, ten, mo_ta, schema.")
    request.max_content_length = limit
    request.max_form_memory_size = 2 * 1024 * 1024
    try:
        form = {k: request.form.get(k, "") for k in ("id", "ten", "mo_ta", "schema")}
        upload = request.files.get("file")
        data = upload.read(limit + 1) if upload is not None else None
    except RequestEntityTooLarge as exc:
        raise PayloadTooLarge("Tệp mẫu quá lớn.") from exc
    return form, data


@bp.post("/templates")
def create_template() -> Response:
    form, data = _upload()
    body = service().create(form, data, owner=principal())
    resp = jsonify(body)
    resp.status_code = 201
    resp.headers["Location"] = f"/api/v1/templates/{body['id']}"
    return resp


@bp.put("/templates/<template_id>")
def new_version(template_id: str) -> Response:
    form, data = _upload()
    body = service().create(form, data, template_id=template_id, owner=principal())
    resp = jsonify(body)
    resp.headers["Location"] = f"/api/v1/templates/{body['id']}?version={body['phien_ban']}"
    return resp


@bp.get("/templates/<template_id>/versions")
def versions(template_id: str) -> Response:
    return jsonify(service().versions(template_id))


@bp.delete("/templates/<template_id>")
def delete_template(template_id: str) -> Response:
    service().delete(template_id, owner=principal())
    return Response(status=204)


# ----------------------------------------------------------------------------- OpenAPI
_ID = {"name": "template_id", "in": "path", "required": True, "schema": {"type": "string", "maxLength": 100}}
_UPLOAD = {
    "type": "object",
    "required": ["file", "ten"],
    "properties": {
        "file": {"type": "string", "format": "binary", "description": "Tệp .docx có thẻ docxtpl"},
        "id": {"type": "string", "description": "Mã mẫu (chữ thường không dấu, số, '-'); chỉ khi tạo mới"},
        "ten": {"type": "string"},
        "mo_ta": {"type": "string"},
        "schema": {"type": "string", "description": "JSON Schema của dữ liệu (không có: suy ra từ thẻ)"},
    },
}
_STORED = {
    "type": "object",
    "required": ["id", "ten", "phien_ban", "sha256", "bien", "schema", "vi_du"],
    "properties": {
        "id": {"type": "string"},
        "ten": {"type": "string"},
        "loai_van_ban": {"type": "string"},
        "mo_ta": {"type": "string"},
        "phien_ban": {"type": "integer"},
        "sha256": {"type": "string"},
        "kich_thuoc": {"type": "integer"},
        "tao_luc": {"type": "string"},
        "bien": {"type": "array", "items": {"type": "string"}},
        "schema_suy_ra": {"type": "boolean"},
        "schema": {"type": "object"},
        "vi_du": {"type": "object"},
        "kiem_tra": {"type": ["object", "null"]},
    },
}


def _problems(*codes: str) -> dict[str, Any]:
    return {code: openapi._problem_response("Không thực hiện được") for code in codes}


openapi.EXTRA_COMPONENTS["MauTaiLen"] = _STORED
_BODY = {"required": True, "content": {"multipart/form-data": {"schema": _UPLOAD}}}
_ANSWER = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/MauTaiLen"}}}}
openapi.EXTRA_PATHS["/api/v1/templates"] = {
    "post": {
        "summary": "Tải lên mẫu riêng (.docx docxtpl): kiểm tra thẻ, suy ra schema, thử tạo văn bản",
        "operationId": "uploadTemplate",
        "requestBody": _BODY,
        "responses": {
            "201": {"description": "Mẫu đã lưu (phiên bản 1)", **_ANSWER},
            **_problems("400", "409", "413", "422"),
        },
    }
}  # 409 too when VB_MAX_TEMPLATES templates are stored
openapi.EXTRA_PATHS["/api/v1/templates/{template_id}/versions"] = {
    "get": {
        "summary": "Các phiên bản của một mẫu tải lên",
        "operationId": "templateVersions",
        "parameters": [_ID],
        "responses": {
            "200": {
                "description": "Phiên bản",
                "content": {"application/json": {"schema": {"type": "array"}}},
            },
            **_problems("404"),
        },
    }
}
openapi.EXTRA_PATHS["/api/v1/templates/{template_id}"] = {
    "put": {
        "summary": "Tải lên phiên bản mới của một mẫu (chỉ khóa đã tải lên)",
        "operationId": "newTemplateVersion",
        "parameters": [_ID],
        "requestBody": _BODY,
        "responses": {
            "200": {"description": "Phiên bản mới", **_ANSWER},
            **_problems("400", "403", "404", "405", "409", "413", "422"),
        },
    },
    "delete": {
        "summary": "Xóa một mẫu tải lên (chỉ khóa đã tải lên; mẫu có sẵn: 405)",
        "operationId": "deleteTemplate",
        "parameters": [_ID],
        "responses": {"204": {"description": "Đã xóa"}, **_problems("403", "404", "405")},
    },
}
