"""/api/v1: templates and single documents (the public contract, shared/docs/api-contract.md)."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, request

from service.adapters.documents import DOCX_MIME, DocumentService
from service.domain.kinds import KINDS
from service.errors import ServiceUnavailable
from service.http import access, templates_api
from service.http.jsonbody import file_response, read_json

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def documents() -> DocumentService:
    return current_app.extensions["documents"]


@bp.get("/templates")
def list_templates() -> Response:
    return jsonify([k.tom_tat() for k in KINDS.values()] + templates_api.service().list())


@bp.get("/templates/<template_id>")
def get_template(template_id: str) -> Response:
    version = templates_api.version_arg()
    if template_id not in KINDS:  # an uploaded template: its stored description
        return jsonify(templates_api.service().describe(template_id, version))
    kind = documents().kind(templates_api.versioned(template_id))
    return jsonify({**kind.tom_tat(), "schema": kind.schema, "vi_du": kind.vi_du})


def wants_pdf() -> bool:
    fmt = request.args.get("format", "").lower()
    if fmt:
        return fmt == "pdf"
    best = request.accept_mimetypes.best_match([DOCX_MIME, "application/pdf"], default=DOCX_MIME)
    return (
        best == "application/pdf"
        and request.accept_mimetypes["application/pdf"] > request.accept_mimetypes[DOCX_MIME]
    )


def to_pdf(docx: bytes) -> bytes:
    """PDF of a rendered .docx through the warm LibreOffice converter; 503 when it is absent."""
    converter = current_app.extensions.get("pdf")
    if converter is None or not converter.available():
        raise ServiceUnavailable(
            "Không tạo được PDF: LibreOffice chưa được cài đặt hoặc đã tắt trên máy chủ. "
            "Tệp .docx vẫn tải được bình thường.",
            headers={"Retry-After": "60"},
        )
    # A PdfError (LibreOffice gone, or this document failed) answers 503 with its own message.
    return converter.convert(docx, timeout=access.time_left())


@bp.post("/documents/<template_id>")
def create_document(template_id: str) -> Response:
    svc = documents()
    kind_id = templates_api.versioned(template_id)
    svc.kind(kind_id)  # 404 before reading the body
    rendered = svc.render(kind_id, read_json())
    current_app.extensions["metrics"].rendered(template_id if template_id in KINDS else "mau-tai-len")
    if wants_pdf():
        return file_response(to_pdf(rendered.data), "application/pdf", rendered.ten_tep + ".pdf")
    return file_response(rendered.data, DOCX_MIME, rendered.ten_tep + ".docx")
