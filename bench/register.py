"""The outgoing register's cost: issues per second (number + render + store, one transaction)
against plain renders of the same document, measured in the same run, interleaved.

    .venv/bin/python bench/register.py [--n 300] [--kind ke-hoach] [--no-postgres] [--http]
        [--clients 16]

Three views, each on SQLite and PostgreSQL:
- in process, one caller: the cost of one issue alone (one transaction, one flush per number);
- `--http`, gunicorn with 1 worker and one client sending one request after another;
- `--http`, gunicorn as shipped (one worker per core) and `--clients` clients at once: the
  service's capacity, where requests that arrive together share a transaction (group commit).
  Besides requests per second it reports the server's CPU per request (user + system time of
  gunicorn's processes; PostgreSQL's own processes not counted), the steadier figure on a
  noisy machine.

"render" = DocumentService.render (validate, build the context, render: what
POST /api/v1/documents does); "issue" = RegisterService.issue (validate, then in one
transaction: take the next number, render with it, store the entry and the .docx, commit).
SQLite: the embedded default (WAL) in a temporary directory; PostgreSQL: a throwaway cluster
of Debian's postgresql 15 (fsync on, as in production) started by this script. Each database is
measured with VB_DB_SYNC=full (the default: one flush to disk per number given) and =normal.
The goal: an issue costs at most 20 % more than a render.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service import config  # noqa: E402
from service.adapters.db import Database, database_url  # noqa: E402
from service.adapters.documents import DocumentService  # noqa: E402
from service.application.register import RegisterService  # noqa: E402
from service.domain.kinds import KINDS  # noqa: E402


def _data(kind: str) -> dict:
    data = copy.deepcopy(KINDS[kind].vi_du)
    for k in ("so", "ngay_ban_hanh", "nam"):
        data.pop(k, None)
    return data


def measure(name: str, db: Database, docs: DocumentService, kind: str, n: int, rounds: int) -> dict:
    register = RegisterService(db, docs, config.load())
    data = _data(kind)
    for _ in range(20):  # warm up both paths (compiled template, connections, first register row)
        docs.render(kind, data)
        register.issue(kind, data)
    render_s, issue_s = [], []
    per = max(1, n // rounds)
    for _ in range(rounds):
        t = time.perf_counter()
        for _ in range(per):
            docs.render(kind, data)
        render_s.append((time.perf_counter() - t) / per)
        t = time.perf_counter()
        for _ in range(per):
            register.issue(kind, data)
        issue_s.append((time.perf_counter() - t) / per)
    r, i = statistics.median(render_s), statistics.median(issue_s)
    out = {
        "db": name,
        "render_ms": r * 1000,
        "issue_ms": i * 1000,
        "renders_s": 1 / r,
        "issues_s": 1 / i,
        "extra": i / r - 1,
    }
    print(
        f"{name:<18} render {out['render_ms']:6.2f} ms ({out['renders_s']:6.0f}/s)   "
        f"issue {out['issue_ms']:6.2f} ms ({out['issues_s']:6.0f}/s)   register adds {out['extra'] * 100:+5.1f} %"
    )
    return out


def measure_http(name: str, env: dict[str, str], kind: str, n: int, rounds: int) -> dict:
    """The same comparison as a client sees it: gunicorn (1 worker), sequential requests,
    POST /api/v1/documents/{kind} vs POST /api/v1/van-ban-di/{kind}, interleaved."""
    from bench.load import Client, Server

    body = json.dumps(_data(kind), ensure_ascii=False).encode()
    with Server(env={"VB_WORKERS": "1", **env}) as srv:
        client = Client(srv.port)
        paths = {"render": f"/api/v1/documents/{kind}", "issue": f"/api/v1/van-ban-di/{kind}"}
        for _ in range(20):
            for path in paths.values():
                client.call("POST", path, body)
        times: dict[str, list[float]] = {"render": [], "issue": []}
        per = max(1, n // rounds)
        for _ in range(rounds):
            for label, path in paths.items():
                t = time.perf_counter()
                for _ in range(per):
                    status, _s = client.call("POST", path, body)
                    if status not in (200, 201):
                        raise SystemExit(f"{path}: HTTP {status}")
                times[label].append((time.perf_counter() - t) / per)
        srv.stop()
    r, i = statistics.median(times["render"]), statistics.median(times["issue"])
    out = {
        "db": name,
        "render_ms": r * 1000,
        "issue_ms": i * 1000,
        "renders_s": 1 / r,
        "issues_s": 1 / i,
        "extra": i / r - 1,
    }
    print(
        f"{name:<18} render {out['render_ms']:6.2f} ms ({out['renders_s']:6.0f}/s)   "
        f"issue {out['issue_ms']:6.2f} ms ({out['issues_s']:6.0f}/s)   register adds {out['extra'] * 100:+5.1f} %"
    )
    return out


def measure_http_concurrent(
    name: str, env: dict[str, str], kind: str, n: int, rounds: int, clients: int
) -> dict:
    """Capacity: gunicorn as shipped (workers = cores), `clients` keep-alive clients at once,
    POST /api/v1/documents/{kind} vs POST /api/v1/van-ban-di/{kind}, interleaved rounds."""
    import threading

    from bench.load import Client, Server

    body = json.dumps(_data(kind), ensure_ascii=False).encode()
    paths = {"render": f"/api/v1/documents/{kind}", "issue": f"/api/v1/van-ban-di/{kind}"}
    tick = os.sysconf("SC_CLK_TCK")

    def cpu_s(srv: Server) -> float:
        total = 0
        for pid in [srv.proc.pid, *srv.worker_pids()]:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])
        return total / tick

    def phase(port: int, path: str, count: int) -> float:
        todo = iter(range(count))
        lock = threading.Lock()
        bad: list[int] = []

        def worker() -> None:
            client = Client(port)
            while True:
                with lock:
                    if next(todo, None) is None:
                        return
                status, _s = client.call("POST", path, body)
                if status not in (200, 201):
                    bad.append(status)

        threads = [threading.Thread(target=worker) for _ in range(clients)]
        t = time.perf_counter()
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        if bad:
            raise SystemExit(f"{path}: {len(bad)} failed requests, e.g. HTTP {bad[0]}")
        return count / (time.perf_counter() - t)

    with Server(env=env) as srv:
        for path in paths.values():
            phase(srv.port, path, 100)
        rate: dict[str, list[float]] = {"render": [], "issue": []}
        cpu: dict[str, list[float]] = {"render": [], "issue": []}
        per = max(clients, n // rounds)
        for _ in range(rounds):
            for label, path in paths.items():
                c0 = cpu_s(srv)
                rate[label].append(phase(srv.port, path, per))
                cpu[label].append((cpu_s(srv) - c0) / per)
        srv.stop()
    r, i = statistics.median(rate["render"]), statistics.median(rate["issue"])
    cr, ci = statistics.median(cpu["render"]), statistics.median(cpu["issue"])
    out = {
        "db": name,
        "render_ms": 1000 / r,
        "issue_ms": 1000 / i,
        "renders_s": r,
        "issues_s": i,
        "extra": r / i - 1,
        "cpu_render_ms": cr * 1000,
        "cpu_issue_ms": ci * 1000,
        "cpu_extra": ci / cr - 1 if cr else float("nan"),
    }
    print(
        f"{name:<18} renders {r:6.0f}/s   issues {i:6.0f}/s   register adds {out['extra'] * 100:+5.1f} %   "
        f"server CPU/request {out['cpu_render_ms']:.2f} vs {out['cpu_issue_ms']:.2f} ms ({out['cpu_extra'] * 100:+.1f} %)"
    )
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=300, help="documents per path and database")
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--kind", default="ke-hoach", choices=list(KINDS))
    ap.add_argument("--no-postgres", action="store_true")
    ap.add_argument("--http", action="store_true", help="also through gunicorn, as clients see it")
    ap.add_argument("--clients", type=int, default=16, help="clients at once for the capacity view")
    args = ap.parse_args()
    docs = DocumentService(config.load()["TEMPLATES_DIR"])
    print(f"{args.n} documents of {args.kind} per path, {args.rounds} interleaved rounds, medians")
    print("in process, one caller:")
    results = []
    for durable in (True, False):
        label = "full" if durable else "normal"
        with tempfile.TemporaryDirectory(prefix="vb-bench-reg-") as tmp:
            db = Database(database_url({"DATABASE_URL": "", "DATA_DIR": tmp}), durable=durable)
            results.append(measure(f"sqlite/{label}", db, docs, args.kind, args.n, args.rounds))
            db.dispose()
    cluster = None
    if not args.no_postgres:
        sys.path.insert(0, str(ROOT / "tests"))
        from pgcluster import PostgresCluster

        cluster = PostgresCluster(fsync=True)
    try:
        if cluster is not None:
            for durable in (True, False):
                label = "full" if durable else "normal"
                db = Database(cluster.create_database(), durable=durable)
                results.append(measure(f"postgresql/{label}", db, docs, args.kind, args.n, args.rounds))
                db.dispose()
        if args.http:
            print("through gunicorn, 1 worker, one client, one request after another:")
            for sync in ("full", "normal"):
                results.append(
                    measure_http(f"http sqlite/{sync}", {"VB_DB_SYNC": sync}, args.kind, args.n, args.rounds)
                )
                if cluster is not None:
                    env = {"VB_DB_SYNC": sync, "VB_DATABASE_URL": cluster.create_database()}
                    results.append(measure_http(f"http pg/{sync}", env, args.kind, args.n, args.rounds))
            print(f"through gunicorn as shipped ({os.cpu_count()} workers), {args.clients} clients at once:")
            for sync in ("full", "normal"):
                n = args.n * 4
                results.append(
                    measure_http_concurrent(
                        f"load sqlite/{sync}", {"VB_DB_SYNC": sync}, args.kind, n, args.rounds, args.clients
                    )
                )
                if cluster is not None:
                    env = {"VB_DB_SYNC": sync, "VB_DATABASE_URL": cluster.create_database()}
                    results.append(
                        measure_http_concurrent(
                            f"load pg/{sync}", env, args.kind, n, args.rounds, args.clients
                        )
                    )
    finally:
        if cluster is not None:
            cluster.stop()
    for r in results:
        verdict = "met" if r["extra"] <= 0.20 else "NOT met"
        print(
            f"goal (register adds at most 20 % to a render), {r['db']}: {verdict} ({r['extra'] * 100:+.1f} %)"
        )
    print(
        "full = VB_DB_SYNC=full (default: each number on disk before the answer, one fsync per transaction);"
    )
    print("normal = VB_DB_SYNC=normal (no fsync per commit; a crash never loses a whole transaction's half).")


if __name__ == "__main__":
    main()
