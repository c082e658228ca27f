"""Puts the PDF converter in app.extensions["pdf"] (absent when PDF_ENABLED is false).

Under gunicorn (gunicorn.conf.py) the master runs one pool of LibreOffice converters for all
workers and job processes, and passes its private socket in PDF_POOL_SOCKET: the converter
here is then its client. Without it (tests, `flask run`, an RQ worker) the converter starts
its own LibreOffice bridges lazily on the first conversion, as children that die with this
process, and stops them at exit. Config: PDF_ENABLED, PDF_WORKERS, PDF_TIMEOUT_S (one
conversion), PDF_SOFFICE (the soffice executable; a bogus path makes PDF unavailable, which
the routes report as 503), PDF_POOL_SOCKET and DATA_DIR (work files under DATA_DIR/pdf).
"""

from __future__ import annotations

from flask import Flask


def install(app: Flask) -> None:
    if not app.config.get("PDF_ENABLED", True):
        app.extensions.pop("pdf", None)
        return
    from service.adapters.pdf import converter_from_config

    app.extensions["pdf"] = converter_from_config(app.config)
