"""/api/v1/van-ban-di and /api/v1/so-dang-ky: the outgoing register (contract: "Outgoing register").

Blueprints only parse and answer; the use case is service/application/register.py.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, Response, current_app, jsonify, request

from service.adapters import register_print
from service.adapters.documents import DOCX_MIME
from service.application.register import RegisterService
from service.errors import BadRequest, ValidationFailed
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
    if errors:
        raise ValidationFailed("Tham số không hợp lệ.", errors=errors)
    page = service().list(
        **_filters(),
        q=request.args.get("q", "")[:500] or None,
        trang_thai=trang_thai,
        loai=request.args.get("loai") or None,
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
