"""The database layer: created and migrated on start, migrations that race, models equal to
the migrations, locks that answer 503 instead of hanging; on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
import threading
import time

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from service import create_app
from service.adapters.db import Database, database_url
from service.adapters.db import migrate as migrations
from service.adapters.db.models import Base
from service.errors import ServiceUnavailable

TABLES = {"so_dang_ky", "van_ban_di", "van_ban_di_tep", "alembic_version"}


def _db(url: str, tmp_path, timeout_s: float = 10.0) -> Database:
    return Database(
        database_url({"DATABASE_URL": url, "DATA_DIR": str(tmp_path / "var")}), timeout_s=timeout_s
    )


def test_embedded_sqlite_is_created_in_wal_mode_on_start(tmp_path):
    app = create_app({"DATA_DIR": str(tmp_path / "var"), "TESTING": True, "PDF_ENABLED": False})
    path = tmp_path / "var" / "van-ban.sqlite3"
    assert path.exists()  # no step for the user: the app factory made it
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert TABLES <= names
        assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == migrations.head()
    finally:
        con.close()
    app.extensions["db"].dispose()


def test_postgres_url_forms_select_psycopg3():
    assert database_url({"DATABASE_URL": "postgres://u:p@h:5/d", "DATA_DIR": "x"}).startswith(
        "postgresql+psycopg://u:p@h:5/d"
    )


def _migrate(url: str, data_dir: str, out) -> None:
    try:
        db = Database(database_url({"DATABASE_URL": url, "DATA_DIR": data_dir}))
        db.ensure_ready()
        with db.session() as s:
            out.put(s.execute(text("SELECT version_num FROM alembic_version")).scalar_one())
        db.dispose()
    except Exception as exc:  # reported to the test
        out.put(repr(exc))


def test_workers_starting_at_once_migrate_once(database_url, tmp_path):
    """Six processes start on a new database at the same moment (gunicorn workers, machines)."""
    ctx = multiprocessing.get_context("spawn")
    out = ctx.Queue()
    procs = [ctx.Process(target=_migrate, args=(database_url, str(tmp_path / "var"), out)) for _ in range(6)]
    for p in procs:
        p.start()
    results = [out.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(30)
    assert results == [migrations.head()] * 6


def test_models_and_migrations_agree(database_url, tmp_path):
    """A table or column added to a model without its migration fails here."""
    db = _db(database_url, tmp_path)
    db.ensure_ready()
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert diff == []
    db.dispose()


def test_downgrade_then_upgrade(database_url, tmp_path):
    db = _db(database_url, tmp_path)
    db.ensure_ready()
    migrations.downgrade(db, "base")
    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
    migrations.upgrade(db, "head")
    assert TABLES <= set(inspect(db.engine).get_table_names())
    db.dispose()


def test_the_data_of_issued_documents_moves_beside_their_files_and_back(database_url, tmp_path):
    """0004 moves `du_lieu` from the entries (where every list read it) to the files: an entry
    issued before the migration keeps its data, and a downgrade puts it back."""
    db = _db(database_url, tmp_path)
    migrations.upgrade(db, "0003_template_owners")
    data = '{"trich_yeu":"Về việc thử","so":7}'
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO so_dang_ky (id, co_quan_khoa, co_quan, nam, chuoi, so_cuoi, tao_luc)"
                " VALUES (1, 'k', 'UBND X', 2026, '', 7, :t)"
            ),
            {"t": "2026-01-02 03:04:05"},
        )
        conn.execute(
            text(
                "INSERT INTO van_ban_di (id, so_dang_ky_id, so, ky_hieu, so_ky_hieu, ngay_ban_hanh, loai,"
                " ten_loai, trich_yeu, nguoi_ky, noi_nhan, luu, ghi_chu, trang_thai, request_hash,"
                " du_lieu, ten_tep, tim_kiem, tao_luc) VALUES ('e1', 1, 7, 'KH-UBND', '07/KH-UBND',"
                " '2026-01-02', 'ke-hoach', 'Kế hoạch', 'Về việc thử', '', '', '', '', 'da_ban_hanh',"
                " 'h', :d, 'x', 'x', :t)"
            ),
            {"d": data, "t": "2026-01-02 03:04:05"},
        )
        conn.execute(
            text("INSERT INTO van_ban_di_tep (van_ban_id, docx, sha256) VALUES ('e1', :b, 's')"), {"b": b"PK"}
        )
    migrations.upgrade(db, "head")
    assert "du_lieu" not in {c["name"] for c in inspect(db.engine).get_columns("van_ban_di")}
    with db.engine.connect() as conn:
        moved = conn.execute(text("SELECT du_lieu FROM van_ban_di_tep WHERE van_ban_id = 'e1'")).scalar_one()
    assert json.loads(moved) == json.loads(data)
    migrations.downgrade(db, "0003_template_owners")
    with db.engine.connect() as conn:
        back = conn.execute(text("SELECT du_lieu FROM van_ban_di WHERE id = 'e1'")).scalar_one()
    assert (json.loads(back) if isinstance(back, str) else back) == json.loads(data)
    assert "du_lieu" not in {c["name"] for c in inspect(db.engine).get_columns("van_ban_di_tep")}
    db.dispose()


def test_sqlite_writer_waits_then_answers_503(tmp_path):
    """BEGIN IMMEDIATE: a second writer waits for the first; past the timeout it gets a 503."""
    db = _db("", tmp_path, timeout_s=0.3)
    db.ensure_ready()
    held = threading.Event()
    release = threading.Event()

    def holder() -> None:
        with db.write():
            held.set()
            release.wait(10)

    t = threading.Thread(target=holder)
    t.start()
    assert held.wait(10)
    start = time.monotonic()
    with pytest.raises(ServiceUnavailable) as info, db.write() as s:
        s.execute(text("SELECT 1"))
    assert 0.2 < time.monotonic() - start < 5
    assert info.value.headers.get("Retry-After")
    release.set()
    t.join()
    db.dispose()


_HOLDER = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
fcntl.flock(fd, fcntl.LOCK_EX)
print("held", flush=True)
time.sleep(60)
"""


def test_sqlite_writers_of_other_processes_take_turns_and_a_dead_holder_frees_the_turn(tmp_path):
    """Writers queue on a file lock beside the database (a fast hand-over instead of SQLite's
    sleeps): held by another process, a write waits and answers 503 past the timeout; when that
    process is killed (-9), the kernel frees the lock and the next write goes through at once."""
    import subprocess
    import sys

    db = _db("", tmp_path, timeout_s=0.3)
    db.ensure_ready()
    lock_file = tmp_path / "var" / "van-ban.sqlite3.writer"
    with db.write_core() as conn:  # the first write creates the lock file, private to the service
        conn.execute(text("SELECT 1"))
    assert oct(lock_file.stat().st_mode & 0o777) == "0o600"
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(lock_file)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        start = time.monotonic()
        with pytest.raises(ServiceUnavailable) as info, db.write_core() as conn:
            conn.execute(text("SELECT 1"))
        assert 0.25 < time.monotonic() - start < 5
        assert info.value.headers.get("Retry-After")
        holder.kill()
        holder.wait(10)
        start = time.monotonic()
        with db.write() as s:
            s.execute(text("SELECT 1"))
        assert time.monotonic() - start < 0.25
    finally:
        holder.kill()
        holder.wait(10)
        db.dispose()


def test_postgres_lock_timeout_answers_503(postgres_url, tmp_path):
    db = _db(postgres_url, tmp_path, timeout_s=0.3)
    db.ensure_ready()
    with db.write() as s:
        s.execute(text("INSERT INTO so_dang_ky (co_quan_khoa, co_quan, nam, chuoi, so_cuoi, tao_luc) "
                       "VALUES ('k', 'X', 2026, '', 0, now())"))  # fmt: skip
    with db.write() as s1:
        s1.execute(text("SELECT so_cuoi FROM so_dang_ky WHERE co_quan_khoa = 'k' FOR UPDATE"))
        with pytest.raises(ServiceUnavailable), db.write() as s2:
            s2.execute(text("UPDATE so_dang_ky SET so_cuoi = so_cuoi + 1 WHERE co_quan_khoa = 'k'"))
    db.dispose()


def test_sqlite_checkpoint_runs_after_the_writers_turn_not_inside_the_commit(tmp_path, monkeypatch):
    """SQLite's automatic checkpoint (inside a commit, in the writer's turn) is off; the writer
    copies the WAL back every CHECKPOINT_EVERY turns, after letting the turn go, or at once
    when the WAL has grown past WAL_BIG."""
    import fcntl
    import os

    from service.adapters.db import database as database_module

    monkeypatch.setattr(database_module, "CHECKPOINT_EVERY", 4)
    db = _db("", tmp_path)
    db.ensure_ready()
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 0
    lock_file = tmp_path / "var" / "van-ban.sqlite3.writer"
    turn_free = []
    real = Database._checkpoint

    def watched(self: Database) -> None:
        fd = os.open(lock_file, os.O_RDWR)
        try:  # nobody holds the writers' turn while the checkpoint may run
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            turn_free.append(True)
        finally:
            os.close(fd)
        real(self)

    monkeypatch.setattr(Database, "_checkpoint", watched)
    db._turns = 0
    main = tmp_path / "var" / "van-ban.sqlite3"  # grows only when a checkpoint copies pages in
    with db.write_core() as conn:
        conn.exec_driver_sql("CREATE TABLE scratch (x BLOB)")
    size = main.stat().st_size
    for _ in range(2):
        with db.write_core() as conn:
            conn.exec_driver_sql("INSERT INTO scratch VALUES (randomblob(100000))")
    assert main.stat().st_size == size  # three turns: everything still in the WAL
    with db.write_core() as conn:
        conn.exec_driver_sql("INSERT INTO scratch VALUES (randomblob(100000))")
    assert main.stat().st_size >= size + 300_000  # the fourth turn copied it all back
    assert turn_free == [True] * 4

    monkeypatch.setattr(database_module, "CHECKPOINT_EVERY", 10**6)
    monkeypatch.setattr(database_module, "WAL_BIG", 200_000)
    size = main.stat().st_size
    with db.write_core() as conn:  # a large write: the WAL passes WAL_BIG, checkpoint at once
        conn.exec_driver_sql("INSERT INTO scratch VALUES (randomblob(400000))")
    assert main.stat().st_size >= size + 400_000
    db.dispose()
