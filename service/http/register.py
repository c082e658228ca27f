"""/api/v1/van-ban-di and /api/v1/so-dang-ky: the outgoing register (contract: "Outgoing register").

Blueprints only parse and answer; the use case is service/application/register.py.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, Flask, Response, current_app, jsonify, request

from service.adapters import register_print
from service.adapters.documents import DOCX_MIME
from service.application.register import RegisterService
from service.errors import BadRequest, ValidationFailed
from service.http import openapi
from service.http.api import to_pdf, wants_pdf
from service.http.jsonbody import file_response, read_json

bp = Blueprint("register", __name__, url_prefix="/api/v1")


def service() -> RegisterService:
    return current_app.extensions["register"]


def entry_response(entry: dict[str, Any], status: int) -> Response:
    resp = jsonify(entry)
    resp.status_code = status
    resp.headers["Location"] = f"/api/v1/van-ban-di/{entry['id']}"
    return resp


@bp.post("/van-ban-di/<template_id>")
def issue(template_id: str) -> Response:
    register = service()
    register.documents.kind(template_id)  # 404 before reading the body
    entry, created = register.issue(
        template_id, read_json(), idempotency_key=request.headers.get("Idempotency-Key")
    )
    if created:
        current_app.extensions["metrics"].rendered(template_id)
    return entry_response(entry, 201 if created else 200)


def _int_arg(name: str, errors: list[dict[str, Any]], *, low: int = 1, high: int = 10**9) -> int | None:
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    if not raw.isdigit() or not low <= int(raw) <= high:
        errors.append(
            {
                "path": f"?{name}",
                "message": f"'{name}' phải là số nguyên từ {low} đến {high}.",
                "code": "type",
            }
        )
        return None
    return int(raw)


def _filters() -> dict[str, Any]:
    errors: list[dict[str, Any]] = []
    out = {
        "co_quan": request.args.get("co_quan", "").strip()[:2000] or None,
        "nam": _int_arg("nam", errors, low=1945, high=2999),
        "so_dang_ky": _int_arg("so_dang_ky", errors),
    }
    if errors:
        raise ValidationFailed("Tham số không hợp lệ.", errors=errors)
    return out


@bp.get("/van-ban-di")
def list_entries() -> Response:
    errors: list[dict[str, Any]] = []
    trang = _int_arg("trang", errors) or 1
    so_muc = _int_arg("so_muc", errors, high=200) or 50
    trang_thai = request.args.get("trang_thai") or None
    if trang_thai not in (None, "da_ban_hanh", "thu_hoi"):
        errors.append(
            {"path": "?trang_thai", "message": "trang_thai là da_ban_hanh hoặc thu_hoi.", "code": "enum"}
        )
    lo = request.args.get("lo", "").strip() or None
    if lo is not None and not re.fullmatch(r"[0-9a-f]{32}", lo):
        errors.append({"path": "?lo", "message": "lo là mã lô (32 ký tự 0-9, a-f).", "code": "pattern"})
    if errors:
        raise ValidationFailed("Tham số không hợp lệ.", errors=errors)
    page = service().list(
        **_filters(),
        q=request.args.get("q", "")[:500] or None,
        trang_thai=trang_thai,
        loai=request.args.get("loai") or None,
        lo=lo,
        trang=trang,
        so_muc=so_muc,
    )
    return jsonify(page)


@bp.get("/van-ban-di/<entry_id>")
def get_entry(entry_id: str) -> Response:
    return jsonify(service().get(entry_id))


@bp.get("/van-ban-di/<entry_id>/tai-lieu")
def get_document(entry_id: str) -> Response:
    data, name = service().document(entry_id)
    if wants_pdf():
        return file_response(to_pdf(data), "application/pdf", name + ".pdf")
    return file_response(data, DOCX_MIME, name + ".docx")


@bp.post("/van-ban-di/<entry_id>/thu-hoi")
def withdraw(entry_id: str) -> Response:
    body = read_json()
    if not isinstance(body, dict):
        raise BadRequest('Cần một đối tượng JSON dạng {"ly_do": "…"}.')
    return jsonify(service().withdraw(entry_id, body.get("ly_do")))


@bp.get("/so-dang-ky")
def print_register() -> Response:
    fmt = (request.args.get("format") or "xlsx").lower()
    if fmt not in ("xlsx", "docx", "pdf"):
        raise ValidationFailed(
            "Định dạng không hỗ trợ.",
            errors=[{"path": "?format", "message": "format là xlsx, docx hoặc pdf.", "code": "enum"}],
        )
    books = service().printable(**_filters())
    reg = books[0][0]
    name = f"Sổ đăng ký văn bản đi {reg['nam']}" + (f" - {reg['co_quan'][:80]}" if len(books) == 1 else "")
    if fmt == "xlsx":
        return file_response(register_print.to_xlsx(books), register_print.XLSX_MIME, name + ".xlsx")
    data = register_print.to_docx(books)
    if fmt == "pdf":
        return file_response(to_pdf(data), "application/pdf", name + ".pdf")
    return file_response(data, DOCX_MIME, name + ".docx")


@bp.get("/so-dang-ky/danh-muc")
def list_registers() -> Response:
    """The registers (body, year, separate sequence, last number), newest year first."""
    return jsonify(service().registers(**_filters()))


def install(app: Flask) -> None:
    register = RegisterService(app.extensions["db"], app.extensions["documents"], app.config)
    app.extensions["register"] = register
    batches = app.extensions.get("batches")
    if batches is not None:
        batches.register = register  # batches with "cap_so": true
    app.register_blueprint(bp)


# ----------------------------------------------------------------------------- OpenAPI


def _problem(text: str) -> dict[str, Any]:
    return {
        "description": text,
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


def _entry_ok(text: str) -> dict[str, Any]:
    return {
        "description": text,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/VanBanDi"}}},
    }


def _file(text: str, *types: str) -> dict[str, Any]:
    return {
        "description": text,
        "content": {t: {"schema": {"type": "string", "format": "binary"}} for t in types},
    }


_ENTRY = {
    "type": "object",
    "required": [
        "id",
        "so",
        "ky_hieu",
        "so_ky_hieu",
        "ngay_ban_hanh",
        "so_dang_ky",
        "trang_thai",
        "tai_lieu",
    ],
    "properties": {
        "id": {"type": "string", "pattern": "^[0-9a-f]{32}$"},
        "so": {"type": "integer", "minimum": 1},
        "ky_hieu": {"type": "string"},
        "so_ky_hieu": {"type": "string", "examples": ["09/QĐ-UBND"]},
        "ngay_ban_hanh": {"type": "string", "format": "date"},
        "so_dang_ky": {"type": "integer"},
        "trang_thai": {"type": "string", "enum": ["da_ban_hanh", "thu_hoi"]},
        "tai_lieu": {"type": "string"},
        "ly_do_thu_hoi": {"type": ["string", "null"]},
        "lo": {"type": "string", "description": "Lô đã cấp số này (mã lô, hoặc mã công việc nền)."},
    },
}
_ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
_FILTERS = [
    {
        "name": "co_quan",
        "in": "query",
        "schema": {"type": "string"},
        "description": "Cơ quan ban hành hoặc mã cơ quan",
    },
    {"name": "nam", "in": "query", "schema": {"type": "integer", "minimum": 1945, "maximum": 2999}},
    {"name": "so_dang_ky", "in": "query", "schema": {"type": "integer", "minimum": 1}},
]
_BAD = {
    "400": _problem("Yêu cầu không hợp lệ"),
    "404": _problem("Không tìm thấy"),
    "422": _problem("Dữ liệu không hợp lệ"),
}
_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
openapi.EXTRA_COMPONENTS["VanBanDi"] = _ENTRY
_ONE = "/api/v1/van-ban-di/{id}"  # POST: id = a template id; GET: id = an entry's id
openapi.EXTRA_PATHS[_ONE] = {
    "post": {
        "summary": "Cấp số, ban hành và đăng ký một văn bản đi",
        "operationId": "issueDocument",
        "parameters": [
            {
                "name": "id",
                "in": "path",
                "required": True,
                "schema": {"type": "string"},
                "description": "Mẫu văn bản",
            },
            {"name": "Idempotency-Key", "in": "header", "schema": {"type": "string", "maxLength": 300}},
        ],
        "requestBody": {"required": True, "content": {"application/json": {"schema": {"type": "object"}}}},
        "responses": {
            "201": _entry_ok("Đã cấp số và lưu văn bản"),
            "200": _entry_ok("Lặp lại với cùng Idempotency-Key: văn bản đã cấp"),
            "409": _problem("Idempotency-Key đã dùng cho dữ liệu khác"),
            "503": _problem("Cơ sở dữ liệu bận hoặc quá thời gian"),
            **_BAD,
        },
    }
}
openapi.EXTRA_PATHS["/api/v1/van-ban-di"] = {
    "get": {
        "summary": "Sổ đăng ký văn bản đi: các văn bản, mới nhất trước, có phân trang",
        "operationId": "listIssued",
        "parameters": [
            *_FILTERS,
            {"name": "q", "in": "query", "schema": {"type": "string"}},
            {
                "name": "trang_thai",
                "in": "query",
                "schema": {"type": "string", "enum": ["da_ban_hanh", "thu_hoi"]},
            },
            {"name": "loai", "in": "query", "schema": {"type": "string"}},
            {
                "name": "lo",
                "in": "query",
                "schema": {"type": "string", "pattern": "^[0-9a-f]{32}$"},
                "description": "Các văn bản do một lô cấp số (mã lô; với lô chạy nền: mã công việc).",
            },
            {"name": "trang", "in": "query", "schema": {"type": "integer", "minimum": 1}},
            {"name": "so_muc", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 200}},
        ],
        "responses": {
            "200": {
                "description": "Một trang của sổ",
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["tong_so", "trang", "so_muc", "muc"],
                            "properties": {
                                "tong_so": {"type": "integer"},
                                "trang": {"type": "integer"},
                                "so_muc": {"type": "integer"},
                                "muc": {"type": "array", "items": {"$ref": "#/components/schemas/VanBanDi"}},
                            },
                        }
                    }
                },
            },
            "422": _problem("Tham số không hợp lệ"),
        },
    }
}
openapi.EXTRA_PATHS[_ONE]["get"] = {
    "summary": "Một văn bản đi",
    "operationId": "getIssued",
    "parameters": [_ID],
    "responses": {"200": _entry_ok("Văn bản đi"), "404": _problem("Không có")},
}
openapi.EXTRA_PATHS["/api/v1/van-ban-di/{id}/tai-lieu"] = {
    "get": {
        "summary": "Tệp văn bản đúng như đã ban hành (.docx, hoặc ?format=pdf)",
        "operationId": "getIssuedDocument",
        "parameters": [
            _ID,
            {"name": "format", "in": "query", "schema": {"type": "string", "enum": ["docx", "pdf"]}},
        ],
        "responses": {
            "200": _file("Tệp văn bản", _DOCX, "application/pdf"),
            "404": _problem("Không có"),
            "503": _problem("Không tạo được PDF"),
        },
    }
}
openapi.EXTRA_PATHS["/api/v1/van-ban-di/{id}/thu-hoi"] = {
    "post": {
        "summary": "Thu hồi văn bản đi (số vẫn giữ, không cấp lại)",
        "operationId": "withdrawIssued",
        "parameters": [_ID],
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "required": ["ly_do"],
                        "properties": {"ly_do": {"type": "string"}},
                    }
                }
            },
        },
        "responses": {
            "200": _entry_ok("Đã thu hồi"),
            "409": _problem("Đã thu hồi trước đó"),
            "503": _problem("Cơ sở dữ liệu bận"),
            **_BAD,
        },
    }
}
openapi.EXTRA_PATHS["/api/v1/so-dang-ky"] = {
    "get": {
        "summary": "In sổ đăng ký văn bản đi (mẫu Phụ lục IV): .xlsx, .docx hoặc PDF",
        "operationId": "printRegister",
        "parameters": [
            *_FILTERS,
            {"name": "format", "in": "query", "schema": {"type": "string", "enum": ["xlsx", "docx", "pdf"]}},
        ],
        "responses": {
            "200": _file("Sổ đăng ký", register_print.XLSX_MIME, _DOCX, "application/pdf"),
            "404": _problem("Không có sổ nào khớp"),
            "422": _problem("Tham số không hợp lệ"),
            "503": _problem("Không tạo được PDF"),
        },
    }
}
openapi.EXTRA_PATHS["/api/v1/so-dang-ky/danh-muc"] = {
    "get": {
        "summary": "Các sổ đăng ký (cơ quan, năm, sổ riêng, số cuối)",
        "operationId": "listRegisters",
        "parameters": _FILTERS,
        "responses": {
            "200": {
                "description": "Các sổ",
                "content": {"application/json": {"schema": {"type": "array", "items": {"type": "object"}}}},
            },
            "422": _problem("Tham số không hợp lệ"),
        },
    }
}
