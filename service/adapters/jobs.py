"""Batch jobs: the on-disk store shared by every worker process (runners: jobs_runner.py).

Layout: ``DATA_DIR/jobs/<job_id>/`` (job ids are uuid4 hex, never user data) holding
``state.json`` (written atomically: temp file + os.replace), ``input.json`` (the validated
batch, removed when the job ends), ``cancel`` (flag file) and ``result`` (the file).

States: queued → running → done | failed | cancelled. Any process on the same DATA_DIR can
answer for any job. A job left ``queued``/``running`` by a process that no longer exists
(recorded pid + its start time, same host) is reported — and stored — as ``failed`` with a
message saying the service restarted; it is not re-run (the client re-sends the batch).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from service.adapters.batch import BatchSpec
from service.errors import Conflict, NotFound

STATES = ("queued", "running", "done", "failed", "cancelled")
FINISHED = ("done", "failed", "cancelled")
_ID = re.compile(r"^[0-9a-f]{32}$")
MSG_RESTARTED = "Dịch vụ đã khởi động lại khi lô đang chờ hoặc đang chạy; hãy gửi lại lô văn bản."
MSG_FAILED = "Không tạo được lô văn bản do lỗi máy chủ; hãy thử lại hoặc báo quản trị viên."


def _proc_start(pid: int) -> str | None:
    """The start time (clock ticks since boot) of a live process, None if there is none."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            stat = f.read().decode("ascii", "replace")
    except OSError:
        return None
    fields = stat[stat.rfind(")") + 2 :].split()
    return fields[19] if len(fields) > 19 else None


def owner() -> dict[str, Any]:
    pid = os.getpid()
    return {"pid": pid, "pid_start": _proc_start(pid), "host": socket.gethostname()}


class JobStore:
    """Jobs on disk under ``<data_dir>/jobs``."""

    def __init__(self, data_dir: str | Path):
        self.data_dir = str(data_dir)
        self.root = Path(data_dir) / "jobs"
        self.root.mkdir(parents=True, exist_ok=True)

    def path(self, job_id: str) -> Path:
        if not isinstance(job_id, str) or not _ID.match(job_id):
            raise NotFound("Không có lô văn bản này.")
        return self.root / job_id

    def _write(self, job_id: str, state: dict[str, Any]) -> None:
        folder = self.path(job_id)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".state-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(state, f, ensure_ascii=False)
        os.replace(tmp, folder / "state.json")

    def read(self, job_id: str) -> dict[str, Any] | None:
        try:
            with open(self.path(job_id) / "state.json", encoding="utf-8") as f:
                return json.load(f)
        except (OSError, ValueError):
            return None

    def create(
        self,
        spec: BatchSpec,
        *,
        runner: str,
        total: int,
        file_name: str,
        mimetype: str,
        requester: str | None = None,
    ) -> dict:
        job_id = uuid.uuid4().hex
        folder = self.root / job_id
        folder.mkdir()
        with open(folder / "input.json", "w", encoding="utf-8") as f:
            json.dump(spec.to_json(), f, ensure_ascii=False)
        state = {
            "id": job_id,
            "state": "queued",
            "done": 0,
            "total": total,
            "kind_id": spec.kind_id,
            "dau_ra": spec.dau_ra,
            "ignored_columns": spec.ignored_columns,
            "cap_so": spec.cap_so is not None,  # numbered from the register
            # its entries' lo: the job id, or the one its Idempotency-Key gives
            "lo": (spec.cap_so.get("lo") or job_id) if spec.cap_so is not None else None,
            "file_name": file_name,
            "mimetype": mimetype,
            "error": None,
            "created": time.time(),
            "started": None,
            "finished": None,
            "runner": runner,
            # who asked for it (an API key's digest, a user, None on an open service): only
            # the same requester finds the job (service/application/batches.py)
            "requester": requester,
            # a local job waits in this process's executor; an RQ job waits in Redis
            **(owner() if runner == "local" else {"pid": None, "pid_start": None, "host": None}),
        }
        self._write(job_id, state)
        return state

    def update(self, job_id: str, **changes: Any) -> dict[str, Any] | None:
        state = self.read(job_id)
        if state is None:
            return None
        state.update(changes)
        self._write(job_id, state)
        return state

    def cancelled(self, job_id: str) -> bool:
        return (self.path(job_id) / "cancel").exists()

    def get(self, job_id: str) -> dict[str, Any]:
        """The job's state (404 if unknown), reconciled with dead owners and the cancel flag."""
        state = self.read(job_id)
        if state is None:
            raise NotFound("Không có lô văn bản này.")
        if state["state"] in ("queued", "running"):
            if self.cancelled(job_id):
                state["state"] = "cancelled"
            elif self._owner_dead(state):
                state = (
                    self.update(job_id, state="failed", error=MSG_RESTARTED, finished=time.time()) or state
                )
        return state

    @staticmethod
    def _owner_dead(state: dict[str, Any]) -> bool:
        pid = state.get("pid")
        if not pid or state.get("host") != socket.gethostname():
            return False
        return _proc_start(int(pid)) != state.get("pid_start")

    def cancel(self, job_id: str) -> dict[str, Any]:
        state = self.get(job_id)
        if state["state"] in FINISHED:
            return state
        (self.path(job_id) / "cancel").touch()
        return self.update(job_id, state="cancelled", finished=time.time()) or state

    def delete(self, job_id: str) -> None:
        shutil.rmtree(self.path(job_id), ignore_errors=True)

    def result(self, job_id: str) -> tuple[Path, dict[str, Any]]:
        state = self.get(job_id)
        if state["state"] != "done":
            raise Conflict(
                f"Lô văn bản chưa xong (trạng thái: {state['state']}); chưa có tệp kết quả để tải."
            )
        return self.path(job_id) / "result", state

    def purge(self, ttl_s: float, now: float | None = None) -> int:
        """Delete finished jobs older than ``ttl_s`` (and leftovers without a state); the
        number deleted. Unfinished jobs stay (the owner check reports dead ones failed)."""
        now = time.time() if now is None else now
        deleted = 0
        for folder in self.root.iterdir():
            if not _ID.match(folder.name):
                continue
            state = self.read(folder.name)
            try:
                if state is None:
                    old = now - folder.stat().st_mtime > ttl_s
                else:
                    ended = state.get("finished") or state.get("created") or 0
                    old = state.get("state") in FINISHED and now - float(ended) > ttl_s
            except (OSError, TypeError, ValueError):
                continue
            if old:
                shutil.rmtree(folder, ignore_errors=True)
                deleted += 1
        return deleted

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(STATES, 0)
        for folder in self.root.iterdir():
            if _ID.match(folder.name):
                state = self.read(folder.name)
                if state is not None:
                    out[state["state"]] = out.get(state["state"], 0) + 1
        return out


def public(state: dict[str, Any]) -> dict[str, Any]:
    """The JSON a client (or a polling web page) sees."""
    return {
        "id": state["id"],
        "state": state["state"],
        "done": state["done"],
        "total": state["total"],
        "result": f"/api/v1/jobs/{state['id']}/result",
        "dau_ra": state.get("dau_ra"),
        "ignored_columns": state.get("ignored_columns") or [],
        "cap_so": bool(state.get("cap_so")),
        # a numbered job's entries in the register (the numbers it gave, once it has run)
        **({"van_ban_di": f"/api/v1/van-ban-di?lo={state['lo']}"} if state.get("lo") else {}),
        "error": state.get("error"),
        "created": state.get("created"),
        "finished": state.get("finished"),
    }


def data_usage(data_dir: str | Path) -> int:
    """Bytes of the files under the data directory (jobs, previews, uploads, database)."""
    total = 0
    for folder, _dirs, files in os.walk(data_dir):
        for name in files:
            try:
                total += os.lstat(os.path.join(folder, name)).st_size
            except OSError:
                continue
    return total
