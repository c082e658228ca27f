"""Operations: /metrics content, JSON logs with request ids, gunicorn multiprocess metrics and
graceful shutdown (a real gunicorn on a free port)."""

from __future__ import annotations

import io
import json
import logging
import re
import signal
import socket
import time
import urllib.request
from pathlib import Path

import pytest

from bench.load import Server
from service.http.problems import JsonFormatter

ROOT = Path(__file__).resolve().parent.parent.parent


def metric(text: str, name: str, **labels: str) -> float:
    """The value of one sample of a Prometheus text exposition (0 when absent)."""
    total = 0.0
    for line in text.splitlines():
        if not line.startswith(name):
            continue
        m = re.match(r"^([a-zA-Z_:]+)(\{(.*)\})? (\S+)$", line)
        if not m or m.group(1) != name:
            continue
        found = dict(re.findall(r'(\w+)="([^"]*)"', m.group(3) or ""))
        if all(found.get(k) == v for k, v in labels.items()):
            total += float(m.group(4))
    return total


def test_metrics_show_documents_errors_latency_and_jobs(client, fixture_data):
    for _ in range(3):
        assert client.post("/api/v1/documents/ke-hoach", json=fixture_data("ke-hoach")).status_code == 200
    client.post("/api/v1/documents/ke-hoach", json={"so": "x"})
    client.get("/api/v1/khong-co")
    client.get("/khong-co")  # a page address: an HTML page for people
    text = client.get("/metrics").get_data(as_text=True)
    assert metric(text, "vb_documents_rendered_total", kind="ke-hoach") == 3
    assert metric(text, "vb_errors_total", status="422", type="problem") == 1
    assert metric(text, "vb_errors_total", status="404", type="problem") == 1
    assert metric(text, "vb_errors_total", status="404", type="other") == 1
    endpoint = "/api/v1/documents/<template_id>"
    assert metric(text, "vb_request_seconds_count", endpoint=endpoint) == 4
    assert metric(text, "vb_request_seconds_bucket", endpoint=endpoint, le="+Inf") == 4
    assert "# TYPE vb_request_seconds histogram" in text
    if client.application.extensions.get("jobs") is not None:
        counts = client.application.extensions["jobs"].counts()
        for state, n in counts.items():
            assert metric(text, "vb_jobs", state=state) == n


def test_logs_are_json_with_the_request_id(client):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("service")
    logger.addHandler(handler)
    try:
        ok = client.get("/api/v1/templates", headers={"X-Request-Id": "trace-42"})
        bad = client.post("/api/v1/documents/ke-hoach", data="{", content_type="application/json")
    finally:
        logger.removeHandler(handler)
    records = [json.loads(line) for line in stream.getvalue().splitlines()]
    by_id = {r.get("request_id"): r for r in records if r["msg"] == "request"}
    assert by_id["trace-42"]["status"] == 200 and by_id["trace-42"]["path"] == "/api/v1/templates"
    rid = bad.headers["X-Request-Id"]
    assert by_id[rid]["status"] == 400 and ok.headers["X-Request-Id"] == "trace-42"
    assert json.loads(bad.data)["request_id"] == rid
    for r in records:
        assert {"ts", "level", "logger", "msg"} <= r.keys()


@pytest.fixture(scope="module")
def gunicorn_server():
    srv = Server(env={"VB_WORKERS": "2"})
    yield srv
    if srv.proc.poll() is None:
        srv.stop()


def _post(url: str, body: bytes) -> int:
    req = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        r.read()
        return r.status


def test_metrics_are_summed_over_gunicorn_workers(gunicorn_server):
    srv = gunicorn_server
    assert len(srv.worker_pids()) == 2
    body = (ROOT / "fixtures" / "ke-hoach.json").read_bytes()
    n = 12
    for _ in range(n):
        assert _post(srv.url + "/api/v1/documents/ke-hoach", body) == 200
    # Whichever worker answers, /metrics reports the documents of both.
    for _ in range(4):
        with urllib.request.urlopen(srv.url + "/metrics", timeout=30) as r:
            text = r.read().decode()
        assert metric(text, "vb_documents_rendered_total", kind="ke-hoach") == n
        assert metric(text, "vb_request_seconds_count", endpoint="/api/v1/documents/<template_id>") == n


def test_graceful_shutdown_finishes_the_request_in_flight(gunicorn_server):
    srv = gunicorn_server
    data = json.loads((ROOT / "fixtures" / "ke-hoach.json").read_text(encoding="utf-8"))
    data["noi_dung"] = "\n".join([data["noi_dung"]] * 10)  # a large valid kế hoạch
    body = json.dumps(data, ensure_ascii=False).encode()
    head = (
        f"POST /api/v1/documents/ke-hoach HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        "Connection: close\r\n\r\n"
    ).encode()
    sock = socket.create_connection(("127.0.0.1", srv.port), timeout=60)
    # Half the body: a worker has accepted the request and is reading it …
    sock.sendall(head + body[: len(body) // 2])
    time.sleep(0.5)  # synchronisation only: let the worker take the connection
    srv.proc.send_signal(signal.SIGTERM)  # … when the master is told to stop.
    time.sleep(0.5)
    sock.sendall(body[len(body) // 2 :])
    chunks = []
    while chunk := sock.recv(65536):
        chunks.append(chunk)
    sock.close()
    response = b"".join(chunks)
    assert response.startswith(b"HTTP/1.1 200"), response[:300]
    assert b"wordprocessingml.document" in response.split(b"\r\n\r\n", 1)[0]
    assert srv.proc.wait(60) == 0  # and the server exits
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", srv.port), timeout=2).close()
