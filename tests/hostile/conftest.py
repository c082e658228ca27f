"""Fixtures of the hostile-input tests: one app per module (the corpus is large)."""

from __future__ import annotations

import pytest

from service import create_app


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory):
    return create_app(
        {"DATA_DIR": str(tmp_path_factory.mktemp("var")), "TESTING": True, "PDF_ENABLED": False}
    )


@pytest.fixture(scope="module")
def hostile_client(hostile_app):
    return hostile_app.test_client()
