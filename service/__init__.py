"""The document service: an application factory (see README, Architecture)."""

from __future__ import annotations

import logging
import sys
from typing import Any

from flask import Flask

from service import config


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__, template_folder="web_templates", static_folder="static")
    app.config.from_mapping(config.load(overrides))
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]
    _logging(app)

    from service.adapters.documents import DocumentService
    from service.http import api, health, metrics, openapi, problems, templates_api

    _database(app)
    app.extensions["documents"] = DocumentService(app.config["TEMPLATES_DIR"], uploaded=_uploaded(app))
    problems.install(app)
    metrics.install(app)
    app.register_blueprint(api.bp)
    app.register_blueprint(templates_api.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(openapi.bp)
    _optional_parts(app)
    return app


def _optional_parts(app: Flask) -> None:
    """Parts added by later capabilities (PDF, web pages, batches, access): each installs itself."""
    from service.http import extensions

    extensions.install(app)


def _database(app: Flask) -> None:
    """The database (SQLAlchemy + Alembic): created and migrated now, with no step for the user.

    If it cannot be reached at start (PostgreSQL down), the service still starts and renders;
    the database is retried on first use and /healthz reports it.
    """
    from service.adapters.db import Database, database_url

    db = Database(
        database_url(app.config),
        timeout_s=app.config["DB_TIMEOUT_S"],
        durable=app.config["DB_SYNC"] != "normal",
    )
    app.extensions["db"] = db
    try:
        db.ensure_ready()
    except Exception as exc:
        logging.getLogger("service.db").error("database not ready at start: %s", exc)


def _uploaded(app: Flask) -> Any:
    """Templates uploaded by offices (issue 11): stored in the database, rendered in a sandboxed
    child process; `app.extensions["templates"]` is their use case."""
    from service.adapters.template_kinds import UploadedTemplates
    from service.adapters.template_store import TemplateStore
    from service.application.templates import TemplateService

    cfg = app.config
    store = TemplateStore(app.extensions["db"])
    uploaded = UploadedTemplates.from_config(cfg, store).activate()
    app.extensions["templates"] = TemplateService(store, uploaded, cfg, checker=_checker(app))
    return uploaded


def _checker(app: Flask) -> Any:
    """The format checker (kiểm tra thể thức) run on an upload's trial render, when installed
    (looked up when called: it is installed after this)."""
    from service.errors import ProblemError

    def check(sample: bytes) -> dict[str, Any] | None:
        checking = app.extensions.get("checking")
        if checking is None:
            return None
        try:
            return checking.check(sample).report.as_dict()
        except ProblemError:  # a sample it cannot read (too large …): no findings rather than no upload
            return None

    return check


def _logging(app: Flask) -> None:
    from service.http.problems import JsonFormatter

    logger = logging.getLogger("service")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonFormatter())
        logger.addHandler(handler)
        logger.propagate = False
    logger.setLevel(app.config["LOG_LEVEL"])
