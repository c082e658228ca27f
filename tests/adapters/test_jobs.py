"""The on-disk job store and run_job: states, progress, restart, cancel."""

from __future__ import annotations

import copy
import io
import json
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from service.adapters import jobs_runner
from service.adapters.batch import prepare
from service.adapters.documents import DocumentService
from service.adapters.jobs import MSG_RESTARTED, JobStore, owner, public
from service.adapters.jobs_runner import LocalRunner, run_job
from service.domain.kinds import KINDS
from service.errors import Conflict, NotFound

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = str(ROOT / "templates_docx")
KIND = "quyet-dinh-khen-thuong"


def _spec(n: int, dau_ra: str = "zip"):
    svc = DocumentService(TEMPLATES)
    items = [{"trich_yeu": f"Về việc {i}"} for i in range(n)]
    return prepare(svc.check, KIND, copy.deepcopy(KINDS[KIND].vi_du), items, so_bat_dau=1, dau_ra=dau_ra)


def _create(store: JobStore, n: int = 3, dau_ra: str = "zip") -> str:
    spec = _spec(n, dau_ra)
    name, mime = spec.output_name()
    return store.create(spec, runner="local", total=n, file_name=name, mimetype=mime)["id"]


def test_run_to_done_and_read_back(tmp_path):
    store = JobStore(tmp_path)
    job_id = _create(store, 3)
    assert len(job_id) == 32 and store.get(job_id)["state"] == "queued"
    assert run_job(str(tmp_path), job_id, TEMPLATES, processes=1) == "done"
    state = JobStore(tmp_path).get(job_id)  # a new store on the same directory
    assert (state["state"], state["done"], state["total"]) == ("done", 3, 3)
    path, _ = store.result(job_id)
    names = zipfile.ZipFile(io.BytesIO(path.read_bytes())).namelist()
    assert len(names) == 4 and names[-1] == "manifest.csv"
    assert not (tmp_path / "jobs" / job_id / "input.json").exists()
    assert public(state)["result"] == f"/api/v1/jobs/{job_id}/result"
    assert store.counts()["done"] == 1


def test_state_file_is_replaced_atomically(tmp_path):
    store = JobStore(tmp_path)
    job_id = _create(store)
    store.update(job_id, done=2)
    folder = tmp_path / "jobs" / job_id
    assert json.loads((folder / "state.json").read_text())["done"] == 2
    assert not list(folder.glob(".state-*"))  # no temp files left behind


def test_unknown_and_unsafe_ids_are_404(tmp_path):
    store = JobStore(tmp_path)
    for bad in ("0" * 32, "../../etc/passwd", "ABC"):
        with pytest.raises(NotFound):
            store.get(bad)


def test_job_of_dead_process_reported_failed(tmp_path):
    store = JobStore(tmp_path)
    job_id = _create(store)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    store.update(job_id, state="running", pid=dead.pid, pid_start="1")
    state = JobStore(tmp_path).get(job_id)
    assert state["state"] == "failed" and state["error"] == MSG_RESTARTED
    assert store.read(job_id)["state"] == "failed"  # stored, not only reported
    with pytest.raises(Conflict):
        store.result(job_id)


def test_job_of_live_process_stays_running(tmp_path):
    store = JobStore(tmp_path)
    job_id = _create(store)
    store.update(job_id, state="running", **owner())
    assert store.get(job_id)["state"] == "running"


def test_cancel_before_start(tmp_path):
    store = JobStore(tmp_path)
    job_id = _create(store)
    assert store.cancel(job_id)["state"] == "cancelled"
    assert run_job(str(tmp_path), job_id, TEMPLATES, processes=1) == "cancelled"
    assert not (tmp_path / "jobs" / job_id / "result").exists()


def test_cancel_while_running_stops_between_documents(tmp_path, monkeypatch):
    store = JobStore(tmp_path)
    job_id = _create(store, 40)
    real = jobs_runner.render_ordered
    seen = []

    def slow(*args, **kw):
        for i, data in enumerate(real(*args, **kw)):
            seen.append(i)
            if i == 5:
                store.cancel(job_id)
            yield data

    monkeypatch.setattr(jobs_runner, "render_ordered", slow)
    assert run_job(str(tmp_path), job_id, TEMPLATES, processes=1) == "cancelled"
    assert len(seen) < 10
    assert store.get(job_id)["state"] == "cancelled"
    assert not list((tmp_path / "jobs" / job_id).glob("result*"))


def test_a_job_whose_helper_is_killed_fails_instead_of_hanging(tmp_path, monkeypatch):
    """A helper killed mid-job (the system out of memory) loses its chunk: the job ends
    "failed" within seconds, its slot free, no partial file left."""
    from service.adapters import batch_pool
    from service.adapters.render_pool import HelperLost
    from tests.adapters.test_batch import dying_chunk

    monkeypatch.setattr(dying_chunk, "real", batch_pool.render_chunk, raising=False)
    monkeypatch.setattr(batch_pool, "render_chunk", dying_chunk)
    store = JobStore(tmp_path)
    spec = _spec(150)
    spec.documents[0]["trich_yeu"] = "boom"  # chunk 0: a helper's
    name, mime = spec.output_name()
    job_id = store.create(spec, runner="local", total=150, file_name=name, mimetype=mime)["id"]
    started = time.monotonic()
    assert run_job(str(tmp_path), job_id, TEMPLATES, processes=2) == "failed"
    assert time.monotonic() - started < 20
    state = store.get(job_id)
    assert state["state"] == "failed" and "helper" in state["cause"]
    assert state["error"] == HelperLost.public_message  # the clerk's words, not the cause
    assert not list((tmp_path / "jobs" / job_id).glob("result*"))


def test_gop_job_and_local_runner_with_pool(tmp_path):
    store = JobStore(tmp_path)
    big = _create(store, 120)
    merged = _create(store, 3, "gop")
    runner = LocalRunner(str(tmp_path), TEMPLATES, 2)
    try:
        futures = [runner.submit(big), runner.submit(merged)]
        assert [f.result(timeout=300) for f in futures] == ["done", "done"]
    finally:
        runner.close()
    assert store.get(big)["done"] == 120
    names = zipfile.ZipFile(store.result(big)[0]).namelist()
    assert len(names) == 121
    assert store.result(merged)[1]["file_name"].endswith(".docx")
