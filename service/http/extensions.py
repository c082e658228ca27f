"""Installs the optional parts of the service; each capability adds its line here."""

from __future__ import annotations

from flask import Flask


def install(app: Flask) -> None:
    from service.http import (
        access,
        batches,
        guard,
        kiem_tra,
        pdf_install,
        register,
        web,
        web_kiem_tra,
        web_register,
    )

    guard.install(app)  # first: headers, cross-site and CSRF checks for every part
    access.install(app)  # then who may call what
    pdf_install.install(app)  # before the batches, which convert to PDF with it
    batches.install(app)
    register.install(app)
    kiem_tra.install(app)
    web.install(app)
    web_kiem_tra.install(app)
    web_register.install(app)
