"""PDF under the real server: one LibreOffice pool shared by gunicorn's workers, reachable
only through a private Unix socket, and nothing of it left once a worker or the master dies."""

from __future__ import annotations

import os
import signal
import time
import urllib.request
from pathlib import Path

import pytest

from bench.load import Server
from tests.adapters.lo_procs import (
    alive,
    cmdline,
    descendants,
    libreoffice_processes,
    socket_inodes,
    tcp_listening_inodes,
    wait_gone,
)

ROOT = Path(__file__).resolve().parents[2]


def _pdf(url: str) -> bytes:
    body = (ROOT / "fixtures" / "ke-hoach.json").read_bytes()
    req = urllib.request.Request(
        url + "/api/v1/documents/ke-hoach?format=pdf", data=body, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(req, timeout=60) as r:
        assert r.status == 200
        return r.read()


def _start() -> Server:
    return Server(env={"VB_PDF_ENABLED": "1", "VB_WORKERS": "2", "VB_PDF_WORKERS": "1"})


def _pool_pid(srv: Server) -> int:
    (pid,) = [p for p in srv.worker_pids() if "service.adapters.pdf_pool" in cmdline(p)]
    return pid


def _leftovers(data_dir: Path) -> list[Path]:
    """Profiles or pool directories left under VB_DATA_DIR/pdf."""
    base = data_dir / "pdf"
    return [p for p in base.rglob("*")] if base.exists() else []


@pytest.fixture()
def server():  # type: ignore[no-untyped-def]
    srv = _start()
    yield srv
    srv.stop()


def test_workers_share_one_private_pool_and_a_killed_worker_leaves_nothing(server: Server) -> None:
    assert _pdf(server.url).startswith(b"%PDF-")
    pool = _pool_pid(server)
    workers = [p for p in server.worker_pids() if p != pool]
    assert len(workers) == 2
    lo = libreoffice_processes(descendants(server.proc.pid))
    assert pool in lo and any("soffice.bin" in cmdline(p) for p in lo)
    for worker in workers:  # the workers own no LibreOffice process
        assert not libreoffice_processes(descendants(worker))
    listening = tcp_listening_inodes()
    assert all(not socket_inodes(p) & listening for p in lo), "a LibreOffice process listens on TCP"
    sock = Path(cmdline(pool).split("--dir ")[1].split()[0]) / "pool.sock"
    assert sock.exists() and (sock.parent.stat().st_mode & 0o077) == 0

    os.kill(workers[0], signal.SIGKILL)  # like gunicorn's timeout or the OOM killer
    end = time.monotonic() + 30
    while (workers[0] in server.worker_pids() or len(server.worker_pids()) < 3) and time.monotonic() < end:
        time.sleep(0.1)
    for _ in range(3):  # every worker still makes PDFs
        assert _pdf(server.url).startswith(b"%PDF-")
    assert libreoffice_processes(descendants(server.proc.pid)) == lo  # nothing orphaned, none new


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL], ids=["stopped", "master-killed"])
def test_stopping_the_service_leaves_no_libreoffice_and_no_profile(how: int) -> None:
    srv = _start()
    try:
        assert _pdf(srv.url).startswith(b"%PDF-")
        lo = libreoffice_processes(descendants(srv.proc.pid))
        assert len(lo) >= 3  # the pool, a bridge, soffice.bin
        data_dir = Path(srv.tmp.name) / "var"
        assert any(p.name == "profile" for p in _leftovers(data_dir))
        srv.proc.send_signal(how)
        srv.proc.wait(60)
        assert not wait_gone(lo, 20), [cmdline(p) for p in lo if alive(p)]
        end = time.monotonic() + 10
        while _leftovers(data_dir) and time.monotonic() < end:
            time.sleep(0.1)
        assert _leftovers(data_dir) == []
    finally:
        if srv.proc.poll() is None:
            srv.proc.kill()
        srv.stop()
