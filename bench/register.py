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
    return _result(name, statistics.median(render_s), statistics.median(issue_s))


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
    return _result(name, statistics.median(times["render"]), statistics.median(times["issue"]))


def measure_http_concurrent(
    name: str, env: dict[str, str], kind: str, n: int, rounds: int, clients: int
) -> dict:
    """Capacity: gunicorn as shipped (workers = cores), `clients` keep-alive clients at once,
    POST /api/v1/documents/{kind} vs POST /api/v1/van-ban-di/{kind}, interleaved rounds."""
    from bench.load import Server, run_fixed

    body = json.dumps(_data(kind), ensure_ascii=False).encode()
    paths = {"render": f"/api/v1/documents/{kind}", "issue": f"/api/v1/van-ban-di/{kind}"}

    def phase(srv: Server, path: str, count: int) -> tuple[float, float]:
        """(seconds per request, server CPU seconds per request)."""
        cpu, t = srv.cpu_seconds(), time.perf_counter()
        run = run_fixed(srv.port, "POST", path, body, count, clients, ok=(200, 201))
        took = time.perf_counter() - t
        if run["errors"]:
            raise SystemExit(f"{path}: {run['errors']} failed requests, HTTP {run['error_statuses']}")
        return took / count, (srv.cpu_seconds() - cpu) / count

    with Server(env=env) as srv:
        for path in paths.values():
            phase(srv, path, 100)
        took: dict[str, list[tuple[float, float]]] = {"render": [], "issue": []}
        per = max(clients, n // rounds)
        for _ in range(rounds):
            for label, path in paths.items():
                took[label].append(phase(srv, path, per))
        srv.stop()
    return _result(
        name,
        statistics.median(t for t, _c in took["render"]),
        statistics.median(t for t, _c in took["issue"]),
        cpu=(
            statistics.median(c for _t, c in took["render"]),
            statistics.median(c for _t, c in took["issue"]),
        ),
    )


def _result(name: str, render_s: float, issue_s: float, cpu: tuple[float, float] | None = None) -> dict:
    """One line of the report: seconds per render and per issue (and server CPU seconds per
    request for the capacity view), printed and returned."""
    out = {
        "db": name,
        "render_ms": render_s * 1000,
        "issue_ms": issue_s * 1000,
        "renders_s": 1 / render_s,
        "issues_s": 1 / issue_s,
        "extra": issue_s / render_s - 1,
    }
    line = (
        f"{name:<18} render {out['render_ms']:6.2f} ms ({out['renders_s']:6.0f}/s)   "
        f"issue {out['issue_ms']:6.2f} ms ({out['issues_s']:6.0f}/s)   register adds {out['extra'] * 100:+5.1f} %"
    )
    if cpu is not None:
        out["cpu_render_ms"], out["cpu_issue_ms"] = cpu[0] * 1000, cpu[1] * 1000
        out["cpu_extra"] = cpu[1] / cpu[0] - 1 if cpu[0] else float("nan")
        line += (
            f"   server CPU/request {out['cpu_render_ms']:.2f} vs {out['cpu_issue_ms']:.2f} ms"
            f" ({out['cpu_extra'] * 100:+.1f} %)"
        )
    print(line)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=300, help="documents per path and database")
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--kind", default="ke-hoach", choices=list(KINDS))
    ap.add_argument("--no-postgres", action="store_true")
    ap.add_argument("--http", action="store_true", help="also through gunicorn, as clients see it")
    ap.add_argument("--clients", type=int, default=16, help="clients at once for the capacity view")
    ap.add_argument("--only-load", action="store_true", help="only the capacity view (implies --http)")
    args = ap.parse_args()
    args.http = args.http or args.only_load
    docs = DocumentService(config.load()["TEMPLATES_DIR"])
    print(f"{args.n} documents of {args.kind} per path, {args.rounds} interleaved rounds, medians")
    results = []
    if not args.only_load:
        print("in process, one caller:")
    for durable in (True, False) if not args.only_load else ():
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
        if cluster is not None and not args.only_load:
            for durable in (True, False):
                label = "full" if durable else "normal"
                db = Database(cluster.create_database(), durable=durable)
                results.append(measure(f"postgresql/{label}", db, docs, args.kind, args.n, args.rounds))
                db.dispose()
        if args.http and not args.only_load:
            print("through gunicorn, 1 worker, one client, one request after another:")
            for sync in ("full", "normal"):
                results.append(
                    measure_http(f"http sqlite/{sync}", {"VB_DB_SYNC": sync}, args.kind, args.n, args.rounds)
                )
                if cluster is not None:
                    env = {"VB_DB_SYNC": sync, "VB_DATABASE_URL": cluster.create_database()}
                    results.append(measure_http(f"http pg/{sync}", env, args.kind, args.n, args.rounds))
        if args.http:
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
