"""POST /api/v1/kiem-tra: check any .docx against the decree (contract: "Checking any .docx")."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, Response, current_app, jsonify, request

from service.adapters.documents import DOCX_MIME
from service.application.checking import CheckingService
from service.domain.checking.rules import RULES
from service.domain.vn_format import ten_tep
from service.errors import PayloadTooLarge, UnreadableDocument
from service.http.jsonbody import file_response

bp = Blueprint("kiem_tra", __name__, url_prefix="/api/v1")
RAW_TYPES = (DOCX_MIME, "application/octet-stream")
MSG_NO_FILE = (
    "Hãy gửi tệp .docx trong trường “file” của biểu mẫu (multipart/form-data) hoặc gửi thẳng nội dung tệp "
    f"với Content-Type: {DOCX_MIME}."
)


def checking() -> CheckingService:
    return current_app.extensions["checking"]


def uploaded_docx(field: str = "file") -> tuple[bytes, str]:
    """(bytes, file name) of the upload: a multipart field, or the raw body."""
    limit = current_app.config["MAX_CHECK_BYTES"]
    if request.content_length is not None and request.content_length > limit + 64 * 1024:
        raise PayloadTooLarge(f"Tệp quá lớn để kiểm tra: giới hạn là {limit // (1024 * 1024)} MB.")
    request.max_content_length = limit + 64 * 1024
    if request.mimetype == "multipart/form-data":
        sent = request.files.get(field)
        if sent is None:
            raise UnreadableDocument(MSG_NO_FILE)
        return sent.read(limit + 1), sent.filename or ""
    if request.mimetype in RAW_TYPES or not request.mimetype:
        return request.get_data(cache=False), ""
    raise UnreadableDocument(MSG_NO_FILE, cause=f"content type {request.mimetype}")


def commented_name(original: str) -> str:
    """Download name of the commented copy.

    >>> commented_name("Kế hoạch số 5.docx")
    'Kế hoạch số 5 - kiểm tra thể thức.docx'
    """
    stem = original.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    stem = stem[:-5] if stem.lower().endswith(".docx") else stem
    return ten_tep(stem or "van-ban", "kiểm tra thể thức") + ".docx"


@bp.post("/kiem-tra")
def kiem_tra() -> Response:
    data, name = uploaded_docx()
    want_docx = request.args.get("format", "").lower() == "docx"
    result = checking().check(data, comments=want_docx)
    if want_docx and result.commented is not None:
        resp = file_response(result.commented, DOCX_MIME, commented_name(name))
        resp.headers["X-So-Loi"] = str(sum(f.muc_do == "loi" for f in result.report.findings))
        return resp
    return jsonify(result.report.as_dict())


@bp.get("/kiem-tra/quy-tac")
def quy_tac() -> Response:
    """Every rule the checker applies: id, element, place in the decree, severity, message."""
    return jsonify(
        [
            {"ma": r.ma, "thanh_phan": r.thanh_phan, "can_cu": r.can_cu, "muc_do": r.muc_do, "mo_ta": r.mo_ta}
            for r in RULES.values()
        ]
    )


FINDING_SCHEMA = {
    "type": "object",
    "required": ["ma", "muc_do", "thanh_phan", "vi_tri", "mo_ta", "can_cu", "hien_tai", "dung"],
    "properties": {
        "ma": {"type": "string"},
        "muc_do": {"type": "string", "enum": ["loi", "canh_bao"]},
        "thanh_phan": {"type": "string"},
        "vi_tri": {
            "type": "object",
            "required": ["doan"],
            "properties": {"doan": {"type": ["integer", "null"]}, "trang": {"type": "integer"}},
        },
        "mo_ta": {"type": "string"},
        "can_cu": {"type": "string"},
        "hien_tai": {"type": "string"},
        "dung": {"type": "string"},
    },
}
REPORT_SCHEMA = {
    "type": "object",
    "required": ["loai_van_ban", "dat", "loi"],
    "properties": {
        "loai_van_ban": {"type": ["string", "null"]},
        "ten_loai": {"type": ["string", "null"]},
        "dat": {"type": "boolean"},
        "so_loi": {"type": "integer"},
        "so_canh_bao": {"type": "integer"},
        "loi": {"type": "array", "items": FINDING_SCHEMA},
    },
}


def _openapi() -> dict[str, Any]:
    problem = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    binary = {"schema": {"type": "string", "format": "binary"}}
    return {
        "/api/v1/kiem-tra": {
            "post": {
                "summary": "Kiểm tra thể thức một tệp .docx (JSON, hoặc .docx có ghi chú với ?format=docx)",
                "operationId": "checkDocument",
                "parameters": [
                    {"name": "format", "in": "query", "required": False,
                     "schema": {"type": "string", "enum": ["json", "docx"]}},
                ],
                "requestBody": {
                    "required": True,
                    "content": {
                        "multipart/form-data": {
                            "schema": {"type": "object", "required": ["file"],
                                       "properties": {"file": {"type": "string", "format": "binary"}}}
                        },
                        DOCX_MIME: binary,
                    },
                },
                "responses": {
                    "200": {"description": "Các lỗi tìm thấy, hoặc văn bản có ghi chú",
                            "content": {"application/json": {"schema": REPORT_SCHEMA}, DOCX_MIME: binary}},
                    "401": {"description": "Thiếu khóa API", "content": problem},
                    "403": {"description": "Khóa API không hợp lệ", "content": problem},
                    "413": {"description": "Tệp quá lớn", "content": problem},
                    "422": {"description": "Không phải tệp .docx đọc được", "content": problem},
                },
            }
        },
        "/api/v1/kiem-tra/quy-tac": {
            "get": {
                "summary": "Các quy tắc kiểm tra thể thức",
                "operationId": "checkRules",
                "responses": {"200": {"description": "Quy tắc", "content": {"application/json": {
                    "schema": {"type": "array", "items": {"type": "object"}}}}}},
            }
        },
    }  # fmt: skip


def install(app: Flask) -> None:
    from service.http import openapi

    openapi.EXTRA_PATHS.update(_openapi())
    app.extensions["checking"] = CheckingService(
        app.config["MAX_CHECK_BYTES"], app.config["MAX_CHECK_PARAGRAPHS"]
    )
    app.register_blueprint(bp)
