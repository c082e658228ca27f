"""/healthz: 200 when the service can render (a template compiles and renders), else 503;
reports whether the PDF converter and the database are available."""

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
    return jsonify({"status": "ok", "pdf": bool(pdf and pdf.available()), "database": _database_ok()})


def _database_ok() -> bool:
    """The database answers (the register needs it; rendering does not, so no 503 for it)."""
    db = current_app.extensions.get("db")
    if db is None:
        return False
    try:
        db.ping()
    except Exception as exc:
        current_app.logger.warning("database check failed: %s", exc)
        return False
    return True
