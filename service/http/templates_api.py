"""/api/v1/templates: offices' own templates (upload, new version, versions, delete).

The blueprint only reads the request and answers; the use case is
service/application/templates.py (`app.extensions["templates"]`).
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, request
from werkzeug.exceptions import RequestEntityTooLarge

from service.application.templates import TemplateService
from service.errors import BadRequest, PayloadTooLarge

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
    body = service().create(form, data)
    resp = jsonify(body)
    resp.status_code = 201
    resp.headers["Location"] = f"/api/v1/templates/{body['id']}"
    return resp


@bp.put("/templates/<template_id>")
def new_version(template_id: str) -> Response:
    form, data = _upload()
    body = service().create(form, data, template_id=template_id)
    resp = jsonify(body)
    resp.headers["Location"] = f"/api/v1/templates/{body['id']}?version={body['phien_ban']}"
    return resp


@bp.get("/templates/<template_id>/versions")
def versions(template_id: str) -> Response:
    return jsonify(service().versions(template_id))


@bp.delete("/templates/<template_id>")
def delete_template(template_id: str) -> Response:
    service().delete(template_id)
    return Response(status=204)
