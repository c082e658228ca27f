"""200 concurrent issues at the real server: gunicorn with 2 workers on the embedded SQLite,
and 2 gunicorn processes (2 workers each) sharing one PostgreSQL. A worker is killed with
SIGKILL in the middle; clients retry with their Idempotency-Key as a real client would. At the
end the register holds the numbers 1..200, each exactly once, each with its stored document."""

from __future__ import annotations

import http.client
import itertools
import json
import os
import signal
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import text

from bench.load import Server
from service.adapters.db import Database, database_url
from tests.register.conftest import document

N = 200
BODY = json.dumps(document(trich_yeu="Kế hoạch kiểm tra đồng thời"), ensure_ascii=False).encode()


def _issue(urls: list[str], key: str) -> dict:
    """POST until a definitive answer (a killed worker drops its connection: retry, same key)."""
    for attempt in range(60):
        url = urls[attempt % len(urls)]
        req = urllib.request.Request(
            f"{url}/api/v1/van-ban-di/ke-hoach",
            data=BODY,
            headers={"Content-Type": "application/json", "Idempotency-Key": key},
        )
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                assert r.status in (200, 201)
                return json.loads(r.read())
        except urllib.error.HTTPError as exc:
            if exc.code != 503:  # 503: lock wait over, retry later
                raise AssertionError(f"{exc.code}: {exc.read()[:500]!r}") from exc
        except (ConnectionError, urllib.error.URLError, TimeoutError, http.client.HTTPException):
            pass  # the worker died under us (even halfway through the answer)
        time.sleep(0.2)
    raise AssertionError(f"no answer for {key}")


def _fire(servers: list[Server], kill_after: int) -> list[dict]:
    done = itertools.count(1)
    killed = threading.Event()
    urls = [s.url for s in servers]

    def one(i: int) -> dict:
        entry = _issue(urls[i % len(urls) :] + urls[: i % len(urls)], f"conc-{i}")
        if next(done) >= kill_after and not killed.is_set():
            killed.set()
            os.kill(servers[0].worker_pids()[0], signal.SIGKILL)
        return entry

    with ThreadPoolExecutor(max_workers=24) as pool:
        results = list(pool.map(one, range(N)))
    assert killed.is_set()
    return results


def _check(results: list[dict], db: Database) -> None:
    assert len({r["id"] for r in results}) == N
    assert sorted(r["so"] for r in results) == list(range(1, N + 1))
    with db.session() as s:
        rows = s.execute(
            text(
                "SELECT e.so, length(f.docx) FROM van_ban_di e "
                "LEFT JOIN van_ban_di_tep f ON f.van_ban_id = e.id ORDER BY e.so"
            )
        ).all()
        last = s.execute(text("SELECT so_cuoi FROM so_dang_ky")).scalars().all()
    assert [r[0] for r in rows] == list(range(1, N + 1))  # no gap, no duplicate, nothing extra
    assert all(r[1] and r[1] > 1000 for r in rows)  # every number has its document
    assert last == [N]


def test_200_concurrent_issues_sqlite_two_workers_one_killed():
    srv = Server(env={"VB_WORKERS": "2"})
    try:
        results = _fire([srv], kill_after=60)
        db = Database(database_url({"DATABASE_URL": "", "DATA_DIR": f"{srv.tmp.name}/var"}))
        _check(results, db)
        db.dispose()
    finally:
        srv.stop()


def test_200_concurrent_issues_two_servers_sharing_postgresql(postgres_url):
    env = {"VB_WORKERS": "2", "VB_DATABASE_URL": postgres_url}
    servers = [Server(env=env), Server(env=env)]
    try:
        results = _fire(servers, kill_after=60)
        db = Database(postgres_url)
        _check(results, db)
        db.dispose()
    finally:
        for srv in servers:
            srv.stop()


def test_whole_server_killed_and_restarted_keeps_the_sequence(tmp_path):
    """kill -9 of gunicorn's master and workers in the middle of 60 issues, then a new server on
    the same data directory: the clients' retries finish, numbers 1..60 once each, no gap."""
    env = {"VB_WORKERS": "2", "VB_DATA_DIR": str(tmp_path / "var")}
    first = Server(env=env)
    done = itertools.count(1)
    killed = threading.Event()
    holder: dict[str, Server] = {"srv": first}

    def restart_after_kill() -> None:
        for pid in [*first.worker_pids(), first.proc.pid]:
            os.kill(pid, signal.SIGKILL)
        first.proc.wait(30)
        holder["srv"] = Server(env=env)

    def one(i: int) -> dict:
        for _ in range(200):
            try:
                entry = _issue([holder["srv"].url], f"restart-{i}")
                break
            except AssertionError:
                time.sleep(0.3)  # no server for a moment: a client tries again later
        else:
            raise AssertionError(f"restart-{i} never answered")
        if next(done) == 20 and not killed.is_set():
            killed.set()
            restart_after_kill()
        return entry

    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(one, range(60)))
        assert killed.is_set()
        assert sorted(r["so"] for r in results) == list(range(1, 61))
        db = Database(database_url({"DATABASE_URL": "", "DATA_DIR": str(tmp_path / "var")}))
        with db.session() as s:
            rows = s.execute(
                text(
                    "SELECT e.so, f.van_ban_id FROM van_ban_di e LEFT JOIN van_ban_di_tep f ON f.van_ban_id = e.id ORDER BY e.so"
                )
            ).all()
        db.dispose()
        assert [r[0] for r in rows] == list(range(1, 61)) and all(r[1] for r in rows)
    finally:
        if holder["srv"] is not first:
            holder["srv"].stop()
        first.stop()  # already killed: only removes its files
