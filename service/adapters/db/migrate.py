"""Alembic migrations, run programmatically (no alembic.ini, no step for the user).

`upgrade(db)` brings the database to the newest revision under a lock, so that gunicorn workers
(or several machines on one PostgreSQL) starting together migrate once and the others wait:
a file lock next to the SQLite file, a transaction-level advisory lock on PostgreSQL (DDL is
transactional there: a migration that fails leaves nothing behind).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

from service.adapters.db.database import file_lock

if TYPE_CHECKING:
    from service.adapters.db.database import Database

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# pg_advisory_xact_lock key of the migrations: a constant chosen once ("vb-migrate").
ADVISORY_KEY = 0x76622D6D6967


def alembic_config(connection: Any = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    cfg.attributes["connection"] = connection
    return cfg


def head() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current(connection: Any) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(db: Database, revision: str = "head") -> None:
    """Migrate to `revision` (the newest by default); nothing to do costs one query."""
    with _locked(db) as conn:
        if revision != "head" or current(conn) != head():
            command.upgrade(alembic_config(conn), revision)


def downgrade(db: Database, revision: str) -> None:
    with _locked(db) as conn:
        command.downgrade(alembic_config(conn), revision)


@contextlib.contextmanager
def _locked(db: Database) -> Iterator[Any]:
    """A connection in a transaction that holds the migration lock."""
    if db.dialect == "sqlite":
        path = db.url.split("///", 1)[1] if "///" in db.url else ""
        lock = Path(path + ".migrate.lock") if path and path != ":memory:" else None
        with file_lock(lock) if lock else contextlib.nullcontext():
            with db.engine.execution_options(vb_write=True).begin() as conn:
                yield conn
        return
    with db.engine.begin() as conn:
        if db.dialect == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": ADVISORY_KEY})
        yield conn
