"""The production front, deploy/nginx.conf, in Debian's real nginx started by the test (own
prefix, pid, logs and temp dirs in tmp_path) in front of the real service (issue 13, item 5)."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest

from bench.load import free_port
from service import config
from service.http.guard import HEADERS
from tests.security.live import call
from tests.security.test_slow_clients import trickle

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "deploy" / "nginx.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


class Front:
    def __init__(self, port: int):
        self.port = port


@pytest.fixture()
def nginx(tmp_path):
    """A factory: nginx with deploy/nginx.conf in front of 127.0.0.1:<upstream>."""
    procs: list[subprocess.Popen] = []

    def start(upstream: int) -> Front:
        assert os.access(NGINX, os.X_OK), "nginx-light is required (scripts/install-system-deps.sh)"
        port = free_port()
        site = SITE.read_text(encoding="utf-8")
        site = site.replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{upstream};")
        site = site.replace("listen 80;", f"listen 127.0.0.1:{port};")
        (tmp_path / "site.conf").write_text(site, encoding="utf-8")
        for d in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (tmp_path / d).mkdir(exist_ok=True)
        main = f"""
{"user root;" if os.geteuid() == 0 else ""}
worker_processes 1;
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {tmp_path}/body;
    proxy_temp_path {tmp_path}/proxy;
    fastcgi_temp_path {tmp_path}/fastcgi;
    uwsgi_temp_path {tmp_path}/uwsgi;
    scgi_temp_path {tmp_path}/scgi;
    include {tmp_path}/site.conf;
}}
"""
        (tmp_path / "nginx.conf").write_text(main, encoding="utf-8")
        proc = subprocess.Popen(
            [
                NGINX,
                "-p",
                str(tmp_path),
                "-e",
                str(tmp_path / "error.log"),
                "-c",
                str(tmp_path / "nginx.conf"),
                "-g",
                "daemon off;",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        procs.append(proc)
        end = time.monotonic() + 15
        while time.monotonic() < end:
            assert proc.poll() is None, (tmp_path / "error.log").read_text()
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return Front(port)
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("nginx did not start")

    yield start
    for proc in procs:
        if proc.poll() is None:
            proc.send_signal(signal.SIGQUIT)
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def test_config_matches_the_service():
    site = SITE.read_text(encoding="utf-8")
    body = int(re.search(r"client_max_body_size (\d+)m;", site).group(1))
    assert body * 1024 * 1024 == config.load()["MAX_BATCH_BYTES"]
    for name, value in HEADERS.items():
        assert f'add_header {name} "{value}" always;' in site, name
        assert f"proxy_hide_header {name};" in site, name
    read = int(re.search(r"proxy_read_timeout (\d+)s;", site).group(1))
    assert read > config.server({})["timeout"]


def test_nginx_front_outlasts_slow_clients_and_limits_bodies(serve, nginx):
    # Sync workers behind nginx: even the old worker class is safe there, nginx reads requests.
    srv = serve({"VB_WORKERS": "1", "VB_TRUSTED_PROXIES": "1"}, args=["--worker-class", "sync"])
    front = nginx(srv.port)
    stop = threading.Event()
    slow = [threading.Thread(target=trickle, args=(front.port, stop)) for _ in range(8)]
    for t in slow:
        t.start()
    time.sleep(1.5)
    try:
        for _ in range(10):
            status, headers, _ = call(front, "GET", "/healthz", timeout=3)
            assert status == 200
            time.sleep(0.1)
    finally:
        stop.set()
        for t in slow:
            t.join()
    # One copy of each security header on proxied answers, and on nginx's own 413.
    status, headers, _ = call(front, "GET", "/")
    assert status == 200 and headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    raw = socket.create_connection(("127.0.0.1", front.port), timeout=10)
    raw.sendall(
        b"POST /api/v1/batches/ke-hoach HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + f"Content-Length: {33 * 1024 * 1024}\r\nConnection: close\r\n\r\n".encode()
    )
    answer = b""
    while chunk := raw.recv(65536):
        answer += chunk
    raw.close()
    head = answer.split(b"\r\n\r\n")[0].decode()
    assert head.startswith("HTTP/1.1 413"), head
    assert head.lower().count("x-content-type-options: nosniff") == 1
    assert "frame-ancestors 'none'" in head
    # The client's address reaches the service through X-Forwarded-For (login throttling).
    assert call(front, "GET", "/metrics")[0] == 200  # from 127.0.0.1: allowed


def test_nginx_slows_login_guessing(serve, nginx):
    srv = serve({"VB_WORKERS": "1", "VB_WEB_USERS": "vanthu:pbkdf2:sha256:1000$s$h"})
    front = nginx(srv.port)
    statuses = [
        call(front, "POST", "/dang-nhap", b"", {"Content-Type": "application/x-www-form-urlencoded"})[0]
        for _ in range(12)
    ]
    assert statuses.count(429) >= 5, statuses
