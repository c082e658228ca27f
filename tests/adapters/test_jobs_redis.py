"""QUEUE=rq: jobs enqueued on a real redis-server and executed by a real `rq worker` process."""

from __future__ import annotations

import copy
import io
import os
import shutil
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from service import create_app
from service.domain.kinds import KINDS
from tests.templates.docx_make import make_docx

ROOT = Path(__file__).resolve().parents[2]
KIND = "quyet-dinh-khen-thuong"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def redis_url():
    server = shutil.which("redis-server")
    assert server, "redis-server (Debian package redis-server) is required"
    port = _free_port()
    proc = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    from redis import Redis

    client = Redis(port=port)
    for _ in range(200):
        try:
            client.ping()
            break
        except Exception:
            time.sleep(0.05)
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _worker(url: str) -> None:
    """`rq worker vb-batches --burst`: runs every queued job, then exits."""
    rq = str(Path(sys.executable).with_name("rq"))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [rq, "worker", "vb-batches", "--url", url, "--burst"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr.decode()[-2000:]


def _rq_app(tmp_path, redis_url: str, **overrides):
    """The service with QUEUE=rq on the test's redis-server."""
    return create_app(
        {
            "DATA_DIR": str(tmp_path / "var"),
            "TESTING": True,
            "PDF_ENABLED": False,
            "QUEUE": "rq",
            "REDIS_URL": redis_url,
            **overrides,
        }
    )


def test_batch_job_runs_on_rq_worker(tmp_path, redis_url):
    app = _rq_app(tmp_path, redis_url)
    client = app.test_client()
    body = {
        "chung": copy.deepcopy(KINDS[KIND].vi_du),
        "so_bat_dau": 20,
        "items": [{"trich_yeu": f"Về việc {i}"} for i in range(6)],
    }
    resp = client.post(f"/api/v1/batches/{KIND}?async=1", json=body)
    assert resp.status_code == 202
    location = resp.headers["Location"]
    assert client.get(location).json["state"] == "queued"
    assert client.get(location + "/result").status_code == 409
    cancelled = client.post(f"/api/v1/batches/{KIND}?async=1", json=body).headers["Location"]
    assert client.delete(cancelled).json["state"] == "cancelled"
    _worker(redis_url)
    state = client.get(location).json
    assert (state["state"], state["done"], state["total"]) == ("done", 6, 6)
    result = client.get(location + "/result")
    names = zipfile.ZipFile(io.BytesIO(result.data)).namelist()
    assert len(names) == 7 and "20-QĐ-UBND" in names[0]
    assert client.get(cancelled).json["state"] == "cancelled"
    assert client.get(cancelled + "/result").status_code == 409


def test_a_batch_of_an_uploaded_template_renders_on_the_rq_worker(tmp_path, redis_url):
    """An office's own template (stored in the service's database) in a job run by an RQ worker
    process: the worker finds the version the batch pinned, renders it in its sandbox, and a
    new version uploaded meanwhile does not change the job."""
    from tests.templates.test_api import DATA, all_text, upload

    app = _rq_app(tmp_path, redis_url)
    client = app.test_client()
    assert upload(client).status_code == 201
    items = [{**DATA, "ho_ten": f"Người thứ {i}"} for i in range(5)]
    resp = client.post("/api/v1/batches/giay-chung-nhan?async=1", json={"items": items})
    assert resp.status_code == 202, resp.get_json()
    location = resp.headers["Location"]
    changed = make_docx("GIẤY CHỨNG NHẬN MỚI {{ ho_ten }}")
    assert upload(client, data=changed, method="put").status_code in (200, 201)
    _worker(redis_url)
    state = client.get(location).json
    assert (state["state"], state["done"], state["total"]) == ("done", 5, 5), state
    result = client.get(location + "/result")
    with zipfile.ZipFile(io.BytesIO(result.data)) as zf:
        docs = [zf.read(n) for n in zf.namelist() if n.endswith(".docx")]
    assert len(docs) == 5
    for i, data in enumerate(docs):
        text = all_text(data)
        assert text[0] == "GIẤY CHỨNG NHẬN" and f"Người thứ {i}" in text[1]


def test_a_numbered_batch_takes_its_numbers_on_the_rq_worker(tmp_path, redis_url):
    """`cap_so` past VB_MAX_NUMBERED_BATCH on RQ: the worker opens the register (the SQLite file
    in the shared DATA_DIR) and numbers the batch as one block after the numbers given before."""
    app = _rq_app(tmp_path, redis_url, MAX_NUMBERED_BATCH=2)
    client = app.test_client()
    chung = copy.deepcopy(KINDS[KIND].vi_du)
    for key in ("so", "ngay_ban_hanh", "nam"):
        chung.pop(key, None)
    assert client.post(f"/api/v1/van-ban-di/{KIND}", json=chung).json["so"] == 1
    body = {"chung": chung, "cap_so": True, "items": [{"trich_yeu": f"Về việc {i}"} for i in range(4)]}
    resp = client.post(f"/api/v1/batches/{KIND}", json=body)
    assert resp.status_code == 202 and resp.json["cap_so"] is True
    assert client.get("/api/v1/van-ban-di").json["tong_so"] == 1  # nothing numbered before it runs
    _worker(redis_url)
    state = client.get(resp.headers["Location"]).json
    assert (state["state"], state["done"]) == ("done", 4), state
    names = zipfile.ZipFile(io.BytesIO(client.get(resp.headers["Location"] + "/result").data)).namelist()
    numbers = [n.split(" - ")[1] for n in names if n.endswith(".docx")]
    assert numbers == ["02-QĐ-UBND", "03-QĐ-UBND", "04-QĐ-UBND", "05-QĐ-UBND"], names
    assert client.post(f"/api/v1/van-ban-di/{KIND}", json=chung).json["so"] == 6
