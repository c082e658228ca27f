"""Installs the optional parts of the service; each capability adds its line here."""

from __future__ import annotations

from flask import Flask


def install(app: Flask) -> None:
    return None
