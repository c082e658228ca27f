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


@pytest.fixture(scope="session")
def pg_cluster():
    """One throwaway PostgreSQL cluster for the test session (Debian's postgresql 15)."""
    from tests.pgcluster import PostgresCluster, available

    if not available():
        pytest.fail("PostgreSQL server binaries missing: run scripts/install-system-deps.sh (postgresql)")
    cluster = PostgresCluster()
    yield cluster
    cluster.stop()


@pytest.fixture()
def postgres_url(pg_cluster):
    """A fresh, empty database on the session's PostgreSQL cluster (SQLAlchemy URL)."""
    return pg_cluster.create_database()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """The same test against the embedded SQLite and against PostgreSQL."""
    if request.param == "sqlite":
        return ""  # the default: DATA_DIR/van-ban.sqlite3
    return request.getfixturevalue("postgres_url")
