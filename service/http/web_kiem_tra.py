"""The clerks' page "Kiểm tra thể thức": upload a .docx, read the findings grouped by part of the
page, each marked on an image of its page (when LibreOffice is available) and linked to the
decree's words; download the document with a comment at each finding. CSRF by service/http/guard.
"""

from __future__ import annotations

import base64
from typing import Any

from flask import Blueprint, Flask, Response, current_app, render_template, request

from service.application.checking import CheckingService, preview
from service.domain.checking.decree_text import DECREE, neo, trich_dan
from service.errors import ProblemError
from service.http import guard
from service.http import web_forms as wf
from service.http.kiem_tra import commented_name

bp = Blueprint("web_kiem_tra", __name__)
PREVIEW_DPI = 80
PARTS: list[tuple[str, str, set[str]]] = [
    ("trang", "Khổ giấy, lề, phông chữ và số trang", {"trang", "so_trang"}),
    ("dau", "Phần đầu: Quốc hiệu, tên cơ quan, số, ngày tháng", {"quoc_hieu", "tieu_ngu", "co_quan",
                                                                 "so_ky_hieu", "ngay_thang"}),
    ("ten-loai", "Tên loại, trích yếu, thẩm quyền, căn cứ", {"ten_loai", "trich_yeu", "tham_quyen", "can_cu"}),
    ("noi-dung", "Nội dung văn bản", {"noi_dung"}),
    ("cuoi", "Chữ ký, Kính gửi và Nơi nhận", {"chu_ky", "noi_nhan"}),
    ("phu-luc", "Phụ lục", {"phu_luc"}),
]  # fmt: skip
MUC_DO = {"loi": "Lỗi", "canh_bao": "Cảnh báo"}


def checking() -> CheckingService:
    return current_app.extensions["checking"]


def _page(status: int = 200, **values: Any) -> Response:
    html = render_template("kiem_tra.html", muc_do=MUC_DO, **values)
    return Response(html, status=status, mimetype="text/html")


@bp.get("/kiem-tra")
def form() -> Response:
    return _page()


def _groups(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    groups = []
    for key, title, parts in PARTS:
        items = [f for f in findings if f["thanh_phan"] in parts]
        if items:
            groups.append({"id": key, "tieu_de": title, "loi": items})
    rest = [f for f in findings if not any(f["thanh_phan"] in p for _, _, p in PARTS)]
    if rest:
        groups.append({"id": "khac", "tieu_de": "Khác", "loi": rest})
    return groups


@bp.post("/kiem-tra")
def check() -> Response:
    sent = request.files.get("tep")
    data = sent.read(current_app.config["MAX_CHECK_BYTES"] + 1) if sent is not None else b""
    name = sent.filename if sent is not None else ""
    try:
        result = checking().check(data, comments=True)
    except ProblemError as exc:
        return _page(exc.status, error=exc.detail, ten_tep=name)
    report = result.report
    findings = [dict(f.as_dict(), so=i + 1, trich=trich_dan(f.can_cu)) for i, f in enumerate(report.findings)]
    pages: list[dict[str, Any]] = []
    pdf_error = ""
    converter = current_app.extensions.get("pdf")
    if converter is None or not converter.available():
        pdf_error = (
            "Không xem được trang: máy chủ chưa bật LibreOffice. Các lỗi vẫn được liệt kê đầy đủ dưới đây."
        )
    else:
        from service.adapters.pdf import PdfError

        try:
            indices = sorted({f["vi_tri"]["doan"] for f in findings if f["vi_tri"]["doan"] is not None})
            shown = preview(converter, data, indices, dpi=PREVIEW_DPI)
            pages = _pages(shown, findings)
        except PdfError as exc:
            current_app.logger.warning("check preview failed: %s", exc)
            pdf_error = getattr(exc, "public_message", "Không tạo được ảnh trang.")
    token = wf.store_preview({"docx": result.commented or data}, commented_name(name)[: -len(".docx")])
    return _page(
        bao_cao=report.as_dict(),
        nhom=_groups(findings),
        trang=pages,
        token=token,
        pdf_error=pdf_error,
        ten_tep=name,
    )


def _pages(shown: Any, findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    pages = []
    for n, png in enumerate(shown.pages, start=1):
        aspect = shown.aspects[n - 1] if n - 1 < len(shown.aspects) else 1.414
        marks = []
        for f in findings:
            place = shown.places.get(f["vi_tri"]["doan"]) if f["vi_tri"]["doan"] is not None else None
            if place is not None and place.trang == n:
                f["vi_tri"]["trang"] = n
                f["dau"] = f"dau-{f['so']}"
                marks.append({"so": f["so"], "y": round(place.y * 1000 * aspect), "muc_do": f["muc_do"]})
        pages.append({"so": n, "png": base64.b64encode(png).decode("ascii"), "cao": round(1000 * aspect),
                      "dau": marks})  # fmt: skip
    return pages


@bp.get("/kiem-tra/nghi-dinh")
def decree() -> Response:
    items = [{"neo": neo(k), "muc": k, "tieu_de": t, "van_ban": v} for k, (t, v) in DECREE.items()]
    return Response(render_template("kiem_tra_nghi_dinh.html", muc=items), mimetype="text/html")


def install(app: Flask) -> None:
    guard.LARGE_BODY_ENDPOINTS.add("web_kiem_tra.check")
    app.register_blueprint(bp)
