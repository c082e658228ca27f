"""Puts the PDF converter in app.extensions["pdf"] (absent when PDF_ENABLED is false).

The converter starts its LibreOffice servers lazily on the first conversion and stops them
at exit (PdfConverter registers its own atexit hook). Config: PDF_ENABLED, PDF_WORKERS,
PDF_SOFFICE (the soffice executable, env VB_PDF_SOFFICE; a bogus path makes PDF
unavailable, which the routes report as 503) and DATA_DIR (work files under DATA_DIR/pdf).
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask


def install(app: Flask) -> None:
    if not app.config.get("PDF_ENABLED", True):
        app.extensions.pop("pdf", None)
        return
    from service.adapters.pdf import PdfConverter

    soffice = app.config.get("PDF_SOFFICE") or "soffice"
    app.extensions["pdf"] = PdfConverter(
        soffice=soffice,
        workers=max(1, int(app.config.get("PDF_WORKERS", 1))),
        unoserver_python=app.config.get("UNOSERVER_PYTHON") or None,
        workdir=str(Path(app.config["DATA_DIR"]) / "pdf"),
    )
