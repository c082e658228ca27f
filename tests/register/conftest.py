"""The register's fixtures: the app on SQLite or PostgreSQL (parametrized), with a settable today."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from service import create_app
from service.domain.kinds import KINDS


class Clock:
    def __init__(self, today: dt.date):
        self.value = today

    def __call__(self) -> dt.date:
        return self.value


@pytest.fixture()
def clock():
    return Clock(dt.date(2026, 3, 10))


def make_app(tmp_path, database_url: str, clock: Clock, **overrides):
    app = create_app(
        {
            "DATA_DIR": str(tmp_path / "var"),
            "DATABASE_URL": database_url,
            "TESTING": True,
            "PDF_ENABLED": False,
            **overrides,
        }
    )
    app.extensions["register"].today = clock
    return app


@pytest.fixture()
def reg_app(tmp_path, database_url, clock):
    app = make_app(tmp_path, database_url, clock)
    yield app
    app.extensions["db"].dispose()


@pytest.fixture()
def reg_client(reg_app):
    return reg_app.test_client()


def document(kind: str = "ke-hoach", **changes) -> dict:
    """The kind's example without a number or a date, with `changes` applied."""
    data = copy.deepcopy(KINDS[kind].vi_du)
    data.pop("so", None)
    data.pop("ngay_ban_hanh", None)
    data.pop("nam", None)
    data.update(changes)
    return data
