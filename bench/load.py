"""Load and soak benchmark: gunicorn (default gunicorn.conf.py) driven from this second process.

    .venv/bin/python bench/load.py                    # 5,000 POSTs of the seed kế hoạch, 8 at a time
    .venv/bin/python bench/load.py -n 20000 -c 16
    .venv/bin/python bench/load.py --soak 600 --rate 50   # steady rate, RSS sampled every 10 s

The server is started on 127.0.0.1 and a free port, with its own data directory and PDF off.
Clients are threads with http.client connections (reopened when the sync worker closes them).
Throughput is also reported as a ratio to a baseline measured in the same run (GET
/api/v1/templates: no render), so figures compare across machines. Exit status 1 on any error.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`gunicorn wsgi:app` in the repository root, on 127.0.0.1 and a free port."""

    def __init__(self, env: dict[str, str] | None = None, args: list[str] | None = None):
        self.port = free_port()
        self.tmp = tempfile.TemporaryDirectory(prefix="vb-bench-")
        full_env = {
            **os.environ,
            "VB_DATA_DIR": f"{self.tmp.name}/var",
            "VB_PDF_ENABLED": "0",
            "VB_BIND": f"127.0.0.1:{self.port}",
            **(env or {}),
        }
        full_env.pop("PROMETHEUS_MULTIPROC_DIR", None)  # gunicorn.conf.py makes a fresh one
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.log = open(f"{self.tmp.name}/gunicorn.log", "w+b")
        self.proc = subprocess.Popen(
            [str(gunicorn), "wsgi:app", *(args or [])],
            cwd=ROOT,
            env=full_env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.wait_ready()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_ready(self, limit_s: float = 60) -> None:
        end = time.monotonic() + limit_s
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                raise RuntimeError("gunicorn exited:\n" + self.output())
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=5) as r:
                    if r.status == 200 and len(self.worker_pids()) >= 1:
                        return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not become ready:\n" + self.output())

    def output(self) -> str:
        self.log.flush()
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")

    def worker_pids(self) -> list[int]:
        pids = []
        for d in Path("/proc").iterdir():
            if d.name.isdigit():
                try:
                    stat = (d / "stat").read_text()
                except OSError:
                    continue
                if int(stat.rsplit(")", 1)[1].split()[1]) == self.proc.pid:
                    pids.append(int(d.name))
        return pids

    def rss_kib(self) -> int:
        """Resident memory of the master and its workers (VmRSS), KiB."""
        total = 0
        for pid in [self.proc.pid, *self.worker_pids()]:
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            except OSError:
                pass
        return total

    def cpu_seconds(self) -> float:
        """CPU time (user + system) used so far by the master and its workers: the live ones,
        and those that ended (a restart after max_requests), which the master has reaped."""
        ticks = 0
        for pid in [self.proc.pid, *self.worker_pids()]:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
            if pid == self.proc.pid:
                ticks += int(fields[13]) + int(fields[14])  # cutime, cstime: reaped workers
        return ticks / os.sysconf("SC_CLK_TCK")

    def stop(self, timeout: float = 60) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout)
        finally:
            self.log.close()
            self.tmp.cleanup()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.proc.poll() is None:
            self.stop()


class Client:
    """One keep-alive-capable connection; `call` returns (status, seconds)."""

    def __init__(self, port: int):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def call(self, method: str, path: str, body: bytes | None = None) -> tuple[int, float]:
        headers = {"Content-Type": "application/json"} if body is not None else {}
        t0 = time.perf_counter()
        try:
            self.conn.request(method, path, body=body, headers=headers)
            resp = self.conn.getresponse()
            resp.read()
            status = resp.status
        except (OSError, http.client.HTTPException):
            self.conn.close()
            status = 0
        return status, time.perf_counter() - t0


def run_fixed(
    port: int,
    method: str,
    path: str,
    body: bytes | None,
    n: int,
    concurrency: int,
    rate: float | None = None,
    duration: float | None = None,
    ok: tuple[int, ...] = (200,),
) -> dict:
    """n requests (or `rate` per second for `duration` seconds) from `concurrency` threads; a
    status not in `ok` counts as an error."""
    lock = threading.Lock()
    latencies: list[float] = []
    errors: list[int] = []
    counter = iter(range(10**12))
    t_start = time.perf_counter()

    def worker() -> None:
        client = Client(port)
        while True:
            with lock:
                i = next(counter)
            if rate is not None:
                due = t_start + i / rate
                if due - t_start >= (duration or 0):
                    return
                delay = due - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
            elif i >= n:
                return
            status, dt = client.call(method, path, body)
            with lock:
                latencies.append(dt)
                if status not in ok:
                    errors.append(status)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t_start
    q = statistics.quantiles(latencies, n=100, method="inclusive") if len(latencies) > 1 else [0] * 99
    return {
        "requests": len(latencies),
        "seconds": round(elapsed, 2),
        "rps": round(len(latencies) / elapsed, 1),
        "p50_ms": round(q[49] * 1000, 1),
        "p99_ms": round(q[98] * 1000, 1),
        "errors": len(errors),
        "error_statuses": sorted(set(errors)),
    }


def seed_body() -> bytes:
    return (ROOT / "fixtures" / "ke-hoach.json").read_bytes()


def load(args: argparse.Namespace) -> dict:
    with Server() as srv:
        base = run_fixed(
            srv.port, "GET", "/api/v1/templates", None, min(args.requests, 1000), args.concurrency
        )
        render = run_fixed(
            srv.port, "POST", "/api/v1/documents/ke-hoach", seed_body(), args.requests, args.concurrency
        )
        code = srv.stop()
    return {
        "mode": "load",
        "workers": "gunicorn.conf.py default",
        "concurrency": args.concurrency,
        "baseline_get_templates": base,
        "render_ke_hoach": render,
        "render_vs_baseline_rps": round(render["rps"] / base["rps"], 3) if base["rps"] else None,
        "server_exit_code": code,
    }


def soak(args: argparse.Namespace) -> dict:
    samples = []
    with Server() as srv:
        result: dict = {}
        t = threading.Thread(
            target=lambda: result.update(
                run_fixed(
                    srv.port,
                    "POST",
                    "/api/v1/documents/ke-hoach",
                    seed_body(),
                    0,
                    args.concurrency,
                    rate=args.rate,
                    duration=args.soak,
                )
            ),
            daemon=True,
        )
        t0 = time.monotonic()
        t.start()
        while t.is_alive():
            samples.append(
                {
                    "t_s": round(time.monotonic() - t0),
                    "rss_kib": srv.rss_kib(),
                    "workers": len(srv.worker_pids()),
                }
            )
            print(json.dumps(samples[-1]), file=sys.stderr, flush=True)
            t.join(args.sample)
        samples.append(
            {"t_s": round(time.monotonic() - t0), "rss_kib": srv.rss_kib(), "workers": len(srv.worker_pids())}
        )
        code = srv.stop()
    rss = [s["rss_kib"] for s in samples]
    return {
        "mode": "soak",
        "seconds": args.soak,
        "target_rate": args.rate,
        **result,
        "rss_start_mib": round(rss[0] / 1024, 1),
        "rss_end_mib": round(rss[-1] / 1024, 1),
        "rss_max_mib": round(max(rss) / 1024, 1),
        "samples": len(samples),
        "server_exit_code": code,
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("-n", "--requests", type=int, default=5000)
    p.add_argument("-c", "--concurrency", type=int, default=8)
    p.add_argument(
        "--soak",
        type=float,
        nargs="?",
        const=600.0,
        default=None,
        metavar="SECONDS",
        help="steady-rate soak for SECONDS (default 600) instead of the load run",
    )
    p.add_argument("--rate", type=float, default=50.0, help="soak requests per second")
    p.add_argument("--sample", type=float, default=10.0, help="soak RSS sampling interval, s")
    args = p.parse_args(argv)
    out = soak(args) if args.soak else load(args)
    print(json.dumps(out, ensure_ascii=False, indent=2))
    run = out.get("render_ke_hoach", out)
    return 1 if run.get("errors") else 0


if __name__ == "__main__":
    raise SystemExit(main())
