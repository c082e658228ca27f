"""The service's database: an SQLAlchemy engine, sessions, write transactions, migrations on start.

- Embedded default: SQLite at ``DATA_DIR/van-ban.sqlite3`` in WAL mode with a busy timeout and
  ``synchronous=FULL`` (a number given to a client survives a power cut; ``VB_DB_SYNC=normal``
  trades that for speed, see `_engine`). Write transactions
  start with ``BEGIN IMMEDIATE``: one writer at a time across every process on the machine,
  taken before anything is read, so two workers can never read the same counter. Writers first
  queue on a file lock beside the database (writer_lock.py), which wakes them the moment it
  is free instead of SQLite's 1-2-5-10 ms sleeps. The WAL is copied back into the database
  (a checkpoint) by the writer that finishes its turn, after letting the turn go (`_checkpoint`),
  not by SQLite inside the commit, so the next writer never waits for a checkpoint.
- Several machines: ``VB_DATABASE_URL=postgresql+psycopg://…``; row locks (UPDATE … RETURNING on
  the counter row) serialise the writers of one register, and ``lock_timeout`` bounds the wait.
- Migrations (Alembic, shipped in ``migrations/``) run when the service starts, under a lock
  (a file lock for SQLite, an advisory lock on PostgreSQL), so workers starting at once migrate
  exactly once.

Other engineers: see the README ("Database") for adding a table and getting a session.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from service.adapters.db.writer_lock import WriterLock, WriterLockTimeout
from service.errors import ServiceUnavailable

log = logging.getLogger("service.db")

SQLITE_FILE = "van-ban.sqlite3"
# SQLite: a checkpoint after this many write turns of a process, or at once when the WAL file
# is past WAL_BIG (a large batch); after a checkpoint the WAL file is cut back to WAL_KEEP.
CHECKPOINT_EVERY = 64
WAL_BIG = 32 * 1024 * 1024
WAL_KEEP = 16 * 1024 * 1024
MSG_BUSY = "Cơ sở dữ liệu đang bận; hãy thử lại sau ít giây."
MSG_DOWN = "Chưa kết nối được cơ sở dữ liệu của sổ đăng ký; hãy thử lại sau hoặc báo quản trị viên."


def database_url(config: dict[str, Any]) -> str:
    """`DATABASE_URL` when set, else the embedded SQLite file under `DATA_DIR`.

    >>> database_url({"DATABASE_URL": "", "DATA_DIR": "/srv/vb"})
    'sqlite:////srv/vb/van-ban.sqlite3'
    >>> database_url({"DATABASE_URL": "postgresql://u@h/db", "DATA_DIR": "/x"})
    'postgresql+psycopg://u@h/db'
    """
    url = (config.get("DATABASE_URL") or "").strip()
    if not url:
        return f"sqlite:///{Path(config['DATA_DIR']).resolve() / SQLITE_FILE}"
    for plain in ("postgresql://", "postgres://"):
        if url.startswith(plain):  # psycopg 3 is the driver this service ships
            return "postgresql+psycopg://" + url[len(plain) :]
    return url


class Database:
    """One per process (created by the app factory, `app.extensions["db"]`)."""

    def __init__(self, url: str, *, timeout_s: float = 10.0, durable: bool = True):
        self.url = url
        self.timeout_s = timeout_s
        self.durable = durable
        self.engine = _engine(url, timeout_s, durable)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._write_engine = self.engine.execution_options(vb_write=True)
        self._writes = sessionmaker(self._write_engine, expire_on_commit=False)
        self._ready = False
        self._ready_lock = threading.Lock()
        self._pid = os.getpid()
        path = _sqlite_file(url)
        self._writer_lock = WriterLock(Path(path + ".writer")) if path else None
        self._wal = path + "-wal" if path else ""
        self._turns = 0  # write turns of this process since its last checkpoint
        self._checkpointing = threading.Lock()

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    # -- start ------------------------------------------------------------------------------
    def ensure_ready(self) -> None:
        """Create and migrate the database once per process (safe when processes race)."""
        if self._ready:
            return
        with self._ready_lock:
            if not self._ready:
                from service.adapters.db.migrate import upgrade

                upgrade(self)
                self._ready = True

    def after_fork(self) -> None:
        """In a forked child: drop the parent's pooled connections without closing them."""
        self.engine.dispose(close=False)
        self._pid = os.getpid()

    # -- sessions ---------------------------------------------------------------------------
    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """A read session (commit yourself if you write; prefer `write()` for writes)."""
        with _busy_as_503():
            self._check()
            with self._sessions() as s:
                yield s

    @contextlib.contextmanager
    def write(self) -> Iterator[Session]:
        """A write transaction: committed on success, rolled back on any exception.

        SQLite: ``BEGIN IMMEDIATE`` (the database's write lock is taken first); PostgreSQL: a
        normal transaction in which callers lock the rows they change.
        """
        with _busy_as_503():
            self._check()
            with self._writer_turn(), self._writes() as s, s.begin():
                s.connection()  # BEGIN (IMMEDIATE) now, not at the first statement
                yield s

    @contextlib.contextmanager
    def write_core(self) -> Iterator[Connection]:
        """`write()` without the ORM session: a Core connection in the same kind of transaction
        (for hot paths such as giving a number; statements only, no unit of work)."""
        with _busy_as_503():
            self._check()
            with self._writer_turn(), self._write_engine.begin() as conn:
                yield conn

    @contextlib.contextmanager
    def _writer_turn(self) -> Iterator[None]:
        """SQLite: wait for this machine's write turn (every process, every thread) on the
        file lock beside the database, within the busy timeout; BEGIN IMMEDIATE then finds the
        database free. Other databases: nothing (their row locks wake a waiter at once)."""
        if self._writer_lock is None:
            yield
            return
        with self._writer_lock.turn(self.timeout_s):  # WriterLockTimeout: 503 in _busy_as_503
            yield
        self._checkpoint()

    def _checkpoint(self) -> None:
        """SQLite, after a write turn and outside it: copy the WAL back into the database every
        CHECKPOINT_EVERY turns of this process (or when the WAL has grown past WAL_BIG). A
        PASSIVE checkpoint waits for nobody and makes no writer wait; SQLite's own automatic
        checkpoint is off (`_engine`) because it runs inside the commit, in the writer's turn."""
        self._turns += 1
        if self._turns < CHECKPOINT_EVERY:
            try:
                if os.stat(self._wal).st_size <= WAL_BIG:
                    return
            except OSError:
                return
        if not self._checkpointing.acquire(blocking=False):
            return  # another thread of this process is at it
        try:
            self._turns = 0
            with self.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")
        except Exception as exc:  # the write is committed; a checkpoint can wait for the next turn
            log.warning("WAL checkpoint failed: %s", exc)
        finally:
            self._checkpointing.release()

    def _check(self) -> None:
        if self._pid != os.getpid():
            self.after_fork()
        self.ensure_ready()

    def ping(self) -> None:
        """Raises unless the database answers and is migrated."""
        with self.session() as s:
            s.execute(text("SELECT 1"))

    def dispose(self) -> None:
        self.engine.dispose()


def _engine(url: str, timeout_s: float, durable: bool = True) -> Engine:
    """`durable=False` (VB_DB_SYNC=normal): commits are not flushed to disk one by one (SQLite
    synchronous=NORMAL in WAL mode, PostgreSQL synchronous_commit=off). A crashed process still
    leaves every transaction whole or absent; a power cut may lose the last commits."""
    if url.startswith("sqlite"):
        path = _sqlite_file(url)
        if path:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": timeout_s})

        @event.listens_for(engine, "connect")
        def _sqlite_connect(dbapi_conn: Any, _record: Any) -> None:
            # pysqlite's own transaction handling is off: SQLAlchemy emits BEGIN itself below.
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute(f"PRAGMA busy_timeout = {int(timeout_s * 1000)}")
            cur.execute("PRAGMA journal_mode = WAL")
            cur.execute(f"PRAGMA synchronous = {'FULL' if durable else 'NORMAL'}")
            cur.execute("PRAGMA foreign_keys = ON")
            cur.execute("PRAGMA wal_autocheckpoint = 0")  # Database._checkpoint, outside the turn
            cur.execute(f"PRAGMA journal_size_limit = {WAL_KEEP}")
            cur.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn: Any) -> None:
            write = conn.get_execution_options().get("vb_write")
            conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

        return engine
    if url.startswith("postgresql"):
        ms = int(timeout_s * 1000)
        return create_engine(
            url,
            pool_pre_ping=True,
            connect_args={
                "connect_timeout": max(1, int(timeout_s)),
                "options": f"-c lock_timeout={ms} -c idle_in_transaction_session_timeout={ms * 6}"
                + ("" if durable else " -c synchronous_commit=off"),
            },
        )
    return create_engine(url, pool_pre_ping=True)


def _sqlite_file(url: str) -> str:
    """The file of an SQLite URL; "" for another database or an in-memory one.

    >>> _sqlite_file("sqlite:////srv/vb/van-ban.sqlite3"), _sqlite_file("sqlite:///:memory:")
    ('/srv/vb/van-ban.sqlite3', '')
    >>> _sqlite_file("postgresql+psycopg://u@h/db")
    ''
    """
    path = url.split("///", 1)[1] if url.startswith("sqlite") and "///" in url else ""
    return "" if path == ":memory:" else path


@contextlib.contextmanager
def _busy_as_503() -> Iterator[None]:
    """A lock not obtained in time, or a database that cannot be reached, answers 503 (retry
    later), never 500; the cause is logged, not sent."""
    try:
        yield
    except WriterLockTimeout as exc:
        log.warning("database busy: %s", exc)
        raise ServiceUnavailable(MSG_BUSY, cause=str(exc), headers={"Retry-After": "2"}) from None
    except (OperationalError, InterfaceError) as exc:
        text_ = str(exc.orig if exc.orig is not None else exc).lower()
        busy = "locked" in text_ or "lock timeout" in text_ or "could not obtain lock" in text_
        log.warning("database %s: %s", "busy" if busy else "unavailable", exc)
        raise ServiceUnavailable(
            MSG_BUSY if busy else MSG_DOWN, cause=str(exc), headers={"Retry-After": "2" if busy else "10"}
        ) from exc


@contextlib.contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """An exclusive lock between processes of this machine (released if the holder dies)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
