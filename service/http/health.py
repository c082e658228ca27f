"""/healthz: 200 when the service can render (a template compiles and renders), else 503."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify

from service.domain.kinds import KINDS

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> Response:
    svc = current_app.extensions["documents"]
    try:
        for kind_id in KINDS:
            svc.templates.get(kind_id)
        first = next(iter(KINDS.values()))
        svc.render(first.id, first.vi_du)
    except Exception as exc:
        current_app.logger.warning("health check failed: %s", exc)
        resp = jsonify({"status": "error", "detail": "Không tạo được văn bản."})
        resp.status_code = 503
        return resp
    pdf = current_app.extensions.get("pdf")
    return jsonify({"status": "ok", "pdf": bool(pdf and pdf.available())})
