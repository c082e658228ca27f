"""Installs the optional parts of the service; each capability adds its line here."""

from __future__ import annotations

from flask import Flask


def install(app: Flask) -> None:
    from service.http import access, batches, pdf_install, web

    access.install(app)  # first: it guards every other part
    batches.install(app)
    pdf_install.install(app)
    web.install(app)
