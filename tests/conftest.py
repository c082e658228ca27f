"""Shared fixtures: the app on a temporary data directory, its test client, fixtures, readers."""

from __future__ import annotations

import io
import json
from pathlib import Path

import docx
import pytest

from service import create_app

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"


@pytest.fixture()
def app(tmp_path):
    return create_app({"DATA_DIR": str(tmp_path / "var"), "TESTING": True, "PDF_ENABLED": False})


@pytest.fixture()
def client(app):
    return app.test_client()


def load_fixture(kind: str) -> dict:
    return json.loads((FIXTURES / f"{kind}.json").read_text(encoding="utf-8"))


def read_docx(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


@pytest.fixture()
def fixture_data():
    return load_fixture
