"""Jobs under the real server: a job forked from a gunicorn worker renders with a helper
process, finishes, and leaves no process behind (gunicorn's own signal handlers, inherited
by the fork, once kept a helper alive and the job hung)."""

from __future__ import annotations

import copy
import json
import os
import time
import urllib.request
from pathlib import Path

from bench.load import Server
from service.domain.kinds import KINDS

KIND = "quyet-dinh-khen-thuong"


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def _group(pgid: int) -> set[int]:
    """Live processes of a process group (a job's helpers stay in the server's group)."""
    out = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError, IndexError):
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            out.add(int(stat.parent.name))
    return out


def _json(url: str, body: bytes | None = None) -> tuple[int, dict]:
    req = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return r.status, json.loads(r.read())


def test_job_in_gunicorn_finishes_and_leaves_no_process():
    srv = Server(env={"VB_WORKERS": "2"})
    pgid = os.getpgid(srv.proc.pid)
    before = _group(pgid)  # this test's own processes and the server's
    try:
        chung = copy.deepcopy(KINDS[KIND].vi_du)
        items = [{"trich_yeu": f"Về việc tặng Giấy khen đợt {i}"} for i in range(260)]
        body = json.dumps({"chung": chung, "items": items, "so_bat_dau": 1}, ensure_ascii=False).encode()
        status, job = _json(srv.url + f"/api/v1/batches/{KIND}?async=1", body)
        assert status == 202
        deadline = time.monotonic() + 120
        while job["state"] in ("queued", "running") and time.monotonic() < deadline:
            time.sleep(0.2)
            job = _json(srv.url + f"/api/v1/jobs/{job['id']}")[1]
        assert job["state"] == "done" and job["done"] == 260
        with urllib.request.urlopen(srv.url + job["result"], timeout=60) as r:
            assert r.status == 200 and r.read(2) == b"PK"
        state_file = Path(srv.tmp.name) / "var" / "jobs" / job["id"] / "state.json"
        job_pid = json.loads(state_file.read_text())["pid"]
        assert job_pid not in srv.worker_pids() and job_pid != os.getpid()
        end = time.monotonic() + 30
        while _alive(job_pid) and time.monotonic() < end:
            time.sleep(0.1)
        assert not _alive(job_pid), "the job process did not exit"
        while _group(pgid) - before and time.monotonic() < end:
            time.sleep(0.1)
        assert not _group(pgid) - before, "a helper process outlived its job"
        assert not (state_file.parent / "input.json").exists()  # cleaned up at the very end
    finally:
        srv.stop()
