"""The clerks' register pages (Vietnamese HTML): "Cấp số và ban hành" from a previewed form, an
issued document's page (downloads, withdrawal) and the register page (this year's entries,
search, print). Every POST carries the session's CSRF token (service/http/guard.py); the use
case is service/application/register.py, the same the API calls.
"""

from __future__ import annotations

import uuid
from typing import Any

from flask import Blueprint, Flask, Response, current_app, redirect, render_template, request, url_for

from service.adapters import register_print
from service.adapters.documents import DOCX_MIME
from service.application.register import RegisterService
from service.errors import NotFound, ValidationFailed
from service.http import forms
from service.http.api import to_pdf
from service.http.jsonbody import file_response

bp = Blueprint("web_register", __name__)
PER_PAGE = 50


def service() -> RegisterService:
    return current_app.extensions["register"]


def issue_key() -> str:
    """A fresh key for one "Cấp số và ban hành" form: a double click issues one number."""
    return uuid.uuid4().hex


@bp.post("/so-dang-ky/cap-so/<kind_id>")
def issue(kind_id: str) -> Response:
    from service.http.web import _form_page

    register = service()
    kind = register.documents.kind(kind_id)
    submitted = {k: v for k, v in request.form.items() if not k.startswith("_")}
    submitted.pop("so", None)  # the number comes from the register
    data = forms.parse_form(kind.schema, submitted)
    key = request.form.get("_khoa", "")
    try:
        entry, _created = register.issue(
            kind_id, data, idempotency_key=f"web-{key}" if len(key) == 32 else None
        )
    except ValidationFailed as exc:
        notice = "Chưa cấp số: hãy sửa các lỗi dưới đây rồi xem trước và cấp số lại."
        return _form_page(
            kind, forms.flatten(data, schema=kind.schema), status=422, errors=exc.errors or [], notice=notice
        )
    current_app.extensions["metrics"].rendered(kind_id)
    return redirect(url_for("web_register.entry", entry_id=entry["id"]), code=303)


@bp.get("/so-dang-ky/van-ban/<entry_id>")
def entry(entry_id: str) -> Response:
    return _entry_page(service().get(entry_id))


def _entry_page(item: dict[str, Any], *, status: int = 200, ly_do: str = "", error: str = "") -> Response:
    html = render_template("register_entry.html", item=item, pdf=_pdf_available(), ly_do=ly_do, error=error)
    return Response(html, status=status, mimetype="text/html")


@bp.get("/so-dang-ky/van-ban/<entry_id>.<ext>")
def entry_file(entry_id: str, ext: str) -> Response:
    if ext not in ("docx", "pdf"):
        raise NotFound("Không có định dạng này.")
    data, name = service().document(entry_id)
    if ext == "pdf":
        return file_response(to_pdf(data), "application/pdf", name + ".pdf")
    return file_response(data, DOCX_MIME, name + ".docx")


@bp.post("/so-dang-ky/van-ban/<entry_id>/thu-hoi")
def withdraw(entry_id: str) -> Response:
    register = service()
    ly_do = request.form.get("ly_do", "")
    try:
        register.withdraw(entry_id, ly_do)
    except ValidationFailed as exc:
        message = (exc.errors or [{}])[0].get("message") or exc.detail
        return _entry_page(register.get(entry_id), status=422, ly_do=ly_do, error=message)
    return redirect(url_for("web_register.entry", entry_id=entry_id), code=303)


def _year_arg(default: int) -> int:
    raw = request.args.get("nam", "")
    return int(raw) if raw.isdigit() and 1945 <= int(raw) <= 2999 else default


def _page_arg() -> int:
    raw = request.args.get("trang", "")
    return min(int(raw), 100_000) if raw.isdigit() and int(raw) >= 1 else 1


@bp.get("/so-dang-ky")
def register_page() -> Response:
    register = service()
    nam = _year_arg(register.today().year)
    so_dang_ky = request.args.get("so_dang_ky", "")
    reg_id = int(so_dang_ky) if so_dang_ky.isdigit() and len(so_dang_ky) < 10 else None
    q = request.args.get("q", "")[:200]
    trang = _page_arg()
    books = register.registers(nam=nam)
    page = register.list(nam=nam, so_dang_ky=reg_id, q=q or None, trang=trang, so_muc=PER_PAGE)
    pages = max(1, -(-page["tong_so"] // PER_PAGE))
    html = render_template(
        "register.html",
        nam=nam,
        books=books,
        reg_id=reg_id,
        q=q,
        page=page,
        pages=pages,
        pdf=_pdf_available(),
        years=sorted({nam, register.today().year, register.today().year - 1}, reverse=True),
    )
    return Response(html, mimetype="text/html")


@bp.get("/so-dang-ky/in.<ext>")
def print_register(ext: str) -> Response:
    if ext not in ("xlsx", "docx", "pdf"):
        raise NotFound("Không có định dạng này.")
    register = service()
    nam = _year_arg(register.today().year)
    so_dang_ky = request.args.get("so_dang_ky", "")
    reg_id = int(so_dang_ky) if so_dang_ky.isdigit() and len(so_dang_ky) < 10 else None
    books = register.printable(nam=nam, so_dang_ky=reg_id)
    name = f"Sổ đăng ký văn bản đi {nam}"
    if ext == "xlsx":
        return file_response(register_print.to_xlsx(books), register_print.XLSX_MIME, name + ".xlsx")
    data = register_print.to_docx(books)
    if ext == "pdf":
        return file_response(to_pdf(data), "application/pdf", name + ".pdf")
    return file_response(data, DOCX_MIME, name + ".docx")


def _pdf_available() -> bool:
    conv = current_app.extensions.get("pdf")
    return bool(conv is not None and conv.available())


def ngay_vn(iso: str | None) -> str:
    """An ISO date as the clerk reads it.

    >>> ngay_vn("2026-03-05"), ngay_vn(None)
    ('05/03/2026', '')
    """
    if not iso:
        return ""
    y, m, d = str(iso)[:10].split("-")
    return f"{d}/{m}/{y}"


def install(app: Flask) -> None:
    app.jinja_env.globals["register_issue_key"] = issue_key
    app.jinja_env.filters["ngay_vn"] = ngay_vn
    app.register_blueprint(bp)
