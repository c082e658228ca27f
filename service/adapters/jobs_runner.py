"""Running batch jobs: `run_job` (the same function an RQ worker executes, see
service/job_process.py), the local runner (QUEUE=local: each job in a process forked
from the service process, at most MAX_CONCURRENT_JOBS at once) and the `Jobs` facade.
"""

from __future__ import annotations

import collections
import gc
import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from dataclasses import replace
from pathlib import Path
from typing import Any

from service.adapters.batch import BatchSpec
from service.adapters.batch_package import merge_documents_to, zip_stream
from service.adapters.batch_pool import POOL_MIN_ITEMS, render_ordered
from service.adapters.jobs import MSG_FAILED, JobStore, data_usage, owner
from service.adapters.pdf_batch import documents_to_one_pdf, iter_pdfs
from service.adapters.render_pool import RenderPool
from service.errors import AdapterError, ServiceUnavailable

log = logging.getLogger("service.jobs")
PROGRESS_EVERY = 25


# Numbers a validated batch from the register in one transaction (all or none), `lo` = the job
# id, its drafts rendered on the job's pool (None: in this process) before the transaction:
# (the documents with their numbers, the .docx of each as stored). Given to `run_job` by
# the job's own interpreter (service/job_process.py: batches.issue_numbered on the register).
Issue = Callable[[BatchSpec, str, Any], tuple[list[dict[str, Any]], list[bytes]]]


class Cancelled(AdapterError):
    """The job's cancel flag was found between two documents (caught by run_job, never raised further)."""


def run_job(
    data_dir: str,
    job_id: str,
    templates_dir: str,
    processes: int | None = None,
    spec: BatchSpec | None = None,
    issue: Issue | None = None,
) -> str:
    """Execute a queued job to its end state (in a pool process or an RQ worker).

    `processes` is how many processes render (default: one per core): this one and
    processes - 1 helpers. `spec`: the batch already in memory (a job forked by the web
    process that validated it shares those pages instead of reading input.json again).
    `issue`: how a numbered batch (`spec.cap_so`) takes its numbers; once they are given the
    job is no longer cancelled (the documents are in the register), it finishes its file.
    """
    processes = processes or os.cpu_count() or 2
    store = JobStore(data_dir)
    state = store.read(job_id)
    if state is None or state["state"] != "queued" or store.cancelled(job_id):
        return state["state"] if state else "missing"
    folder = store.path(job_id)
    store.update(job_id, state="running", started=time.time(), **owner())
    pool = None
    converter = None
    partial = folder / "result.part"
    try:
        # The helper processes are forked before the input is loaded, so they do not carry
        # a copy of it (their memory stays that of an idle interpreter).
        # A numbered job's helpers render its drafts before it takes its numbers.
        if processes > 1 and state.get("total", 0) >= POOL_MIN_ITEMS:
            pool = RenderPool(processes - 1)
        if spec is None:  # started later or elsewhere (RQ): the input is on disk
            with open(folder / "input.json", encoding="utf-8") as f:
                spec = BatchSpec.from_json(json.load(f, object_pairs_hook=_shared_strings({})))
        done = 0

        def checked() -> Any:
            nonlocal done
            for data in render_ordered(templates_dir, spec.kind_id, spec.documents, pool=pool):
                if store.cancelled(job_id):
                    raise Cancelled
                yield data
                done += 1
                if done % PROGRESS_EVERY == 0 and not store.cancelled(job_id):
                    store.update(job_id, done=done)

        source: Iterator[bytes] = checked()
        if spec.cap_so is not None:
            if issue is None:
                raise RuntimeError("this process cannot give numbers from the register")
            documents, files = issue(spec, job_id, pool)  # one transaction: every number or none
            spec = replace(spec, documents=documents)  # the file names carry the numbers
            store.update(job_id, done=len(files))
            source = iter(files)
        if spec.dinh_dang == "pdf":  # this process's converter (gunicorn's shared pool if any)
            from service.adapters.pdf import converter_from_config
            from service.config import load

            converter = converter_from_config(load())
        with open(partial, "wb") as out:
            if spec.dau_ra == "zip":
                docs = source if converter is None else iter_pdfs(converter, source)
                for chunk in zip_stream(spec, docs):
                    out.write(chunk)
            elif converter is None:
                merge_documents_to(source, out)  # streamed: one document in memory
            else:
                out.write(documents_to_one_pdf(converter, source))
        if store.cancelled(job_id) and spec.cap_so is None:
            raise Cancelled
        os.replace(partial, folder / "result")
        store.update(job_id, state="done", done=len(spec.documents), finished=time.time())
        return "done"
    except Cancelled:
        partial.unlink(missing_ok=True)
        return "cancelled"
    except Exception as exc:  # a job must always end in a state the client can see
        log.exception("batch job %s failed", job_id)
        partial.unlink(missing_ok=True)
        public = exc.public_message if isinstance(exc, AdapterError) else MSG_FAILED  # never the cause
        store.update(job_id, state="failed", error=public, cause=repr(exc)[:500], finished=time.time())
        return "failed"
    finally:
        (folder / "input.json").unlink(missing_ok=True)
        if pool is not None:
            pool.stop()
        if converter is not None:
            converter.close()


def _shared_strings(memo: dict[str, str]) -> Any:
    """A json object hook that makes equal strings one object: the documents of a batch
    repeat the shared part (căn cứ, điều, người ký …) thousands of times.

    >>> import json
    >>> docs = json.loads('[{"a": "x", "b": ["x"]}, {"a": "x"}]', object_pairs_hook=_shared_strings({}))
    >>> docs[0]["a"] is docs[1]["a"] is docs[0]["b"][0]
    True
    """

    def share(value: Any) -> Any:
        if isinstance(value, str):
            return memo.setdefault(value, value)
        if isinstance(value, list):
            return [share(v) for v in value]
        return value

    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        return {k: share(v) for k, v in pairs}

    return hook


class LocalRunner:
    """Each job in a process of its own, forked from this service process when one of
    `max_jobs` slots is free (later jobs wait in order). The process ends with its job, so
    the memory of a large batch goes back to the system, and a job goes on to its end even
    if the web worker that started it is recycled meanwhile."""

    name = "local"

    def __init__(
        self, data_dir: str, templates_dir: str, max_jobs: int, *, settings: dict[str, Any] | None = None
    ):
        self.data_dir, self.templates_dir, self.max_jobs = data_dir, templates_dir, max(1, max_jobs)
        self.settings = settings or {}  # for a numbered job's own interpreter (config.for_job)
        self._procs: dict[int, subprocess.Popen[bytes]] = {}
        self._waiting: collections.deque[tuple[str, Future, BatchSpec | None]] = collections.deque()
        self._running: dict[int, tuple[str, Future]] = {}
        self._cond = threading.Condition()
        self._thread: threading.Thread | None = None
        self._pid = 0

    def submit(self, job_id: str, spec: BatchSpec | None = None) -> Future:
        """Queue a job; the future's result is the job's end state ("done", "failed", …).

        A job that starts at once gets `spec` from memory (shared with its forked process);
        one that has to wait for a slot reads its input from disk when it starts."""
        future: Future = Future()
        with self._cond:
            if self._thread is None or self._pid != os.getpid():
                self._pid, self._waiting, self._running = os.getpid(), collections.deque(), {}
                self._procs = {}
                self._thread = threading.Thread(target=self._dispatch, name="vb-jobs", daemon=True)
                self._thread.start()
            self._waiting.append((job_id, future, spec))
            self._start_waiting()
            for i, (queued_id, queued_future, _) in enumerate(self._waiting):
                self._waiting[i] = (queued_id, queued_future, None)  # waiting jobs hold no input
            self._cond.notify()
        return future

    def _start_waiting(self) -> None:
        while self._waiting and len(self._running) < self.max_jobs:
            job_id, future, spec = self._waiting.popleft()
            if spec.cap_so is not None if spec is not None else self._numbered(job_id):
                self._spawn(job_id, future)
                continue
            gc.freeze()  # the child's garbage collector then leaves the shared pages untouched
            try:
                pid = os.fork()
            except OSError as exc:  # no process to be had: the job fails visibly
                gc.unfreeze()
                log.error("job %s: fork failed: %r", job_id, exc)
                JobStore(self.data_dir).update(
                    job_id, state="failed", error=MSG_FAILED, cause=repr(exc)[:500], finished=time.time()
                )
                future.set_result("failed")
                continue
            if pid == 0:  # the job's own process
                _run_forked(self.data_dir, job_id, self.templates_dir, spec)
            gc.unfreeze()
            self._running[pid] = (job_id, future)

    def _numbered(self, job_id: str) -> bool:
        state = JobStore(self.data_dir).read(job_id)
        return bool(state and state.get("cap_so"))

    def _spawn(self, job_id: str, future: Future) -> None:
        """A batch numbered from the register runs in an interpreter of its own
        (service/job_process.py), not a fork: SQLite's state of this process's connections
        does not survive a fork. It reads its input from disk and gets the service's settings
        on stdin (never in its arguments, which other users can list)."""
        root = Path(__file__).resolve().parents[2]  # `-m` finds `service` in the working directory
        argv = [sys.executable, "-m", "service.job_process", self.data_dir, job_id, self.templates_dir]
        try:
            proc = subprocess.Popen(argv, stdin=subprocess.PIPE, cwd=root)
            assert proc.stdin is not None
            with proc.stdin:
                proc.stdin.write(json.dumps(self.settings).encode())
        except OSError as exc:  # no process to be had: the job fails visibly
            log.error("job %s: start failed: %r", job_id, exc)
            JobStore(self.data_dir).update(
                job_id, state="failed", error=MSG_FAILED, cause=repr(exc)[:500], finished=time.time()
            )
            future.set_result("failed")
            return
        self._procs[proc.pid] = proc
        self._running[proc.pid] = (job_id, future)

    def _dispatch(self) -> None:
        """Reap finished job processes, settle their futures, start waiting jobs."""
        while True:
            with self._cond:
                for pid in list(self._running):
                    proc = self._procs.get(pid)
                    if proc is not None:  # a numbered job's own interpreter
                        done = proc.poll() is not None
                        if done:
                            del self._procs[pid]
                    else:
                        try:
                            done = os.waitpid(pid, os.WNOHANG)[0] != 0
                        except ChildProcessError:  # already reaped elsewhere: it has ended
                            done = True
                    if done:
                        job_id, future = self._running.pop(pid)
                        state = JobStore(self.data_dir).read(job_id)
                        future.set_result(state["state"] if state else "missing")
                self._start_waiting()
                self._cond.wait(timeout=0.2 if self._running else None)

    def close(self) -> None:
        """Wait for this process's running jobs (tests); jobs never need it to finish."""
        for _, future in list(self._running.values()):
            future.result(timeout=600)


def _run_forked(data_dir: str, job_id: str, templates_dir: str, spec: BatchSpec | None) -> None:
    """Body of a forked job process: never returns into the web server's code."""
    code = 1
    try:
        # Drop inherited descriptors (the server's listening socket, client connections) so a
        # job outliving its web worker never holds the service's port.
        os.closerange(3, _max_fd())
        # The web server's signal handlers (gunicorn's graceful-exit SIGTERM, the render
        # deadline's SIGALRM) mean nothing here; helper processes must die on SIGTERM.
        signal.setitimer(signal.ITIMER_REAL, 0)
        for sig in (
            signal.SIGTERM,
            signal.SIGINT,
            signal.SIGQUIT,
            signal.SIGHUP,
            signal.SIGALRM,
            signal.SIGUSR1,
            signal.SIGUSR2,
            signal.SIGWINCH,
            signal.SIGCHLD,
        ):
            signal.signal(sig, signal.SIG_DFL)
        code = 0 if run_job(data_dir, job_id, templates_dir, spec=spec) else 1
    except BaseException:  # a forked child must always reach os._exit
        log.exception("job %s crashed", job_id)
    finally:
        os._exit(code)


def _max_fd() -> int:
    try:
        return min(os.sysconf("SC_OPEN_MAX"), 65536)
    except (ValueError, OSError):
        return 4096


class Jobs:
    """The job facade of the app (app.extensions["jobs"])."""

    def __init__(self, store: JobStore, runner: Any, *, ttl_s: float = 0, max_bytes: int = 0):
        self.store, self.runner = store, runner
        self.ttl_s, self.max_bytes = ttl_s, max_bytes
        if ttl_s > 0:
            self.store.purge(ttl_s)

    def make_room(self) -> None:
        """Expired jobs are deleted; a data directory still over its bound refuses new work
        (503 with Retry-After) rather than filling the disk."""
        if self.ttl_s > 0:
            self.store.purge(self.ttl_s)
        if self.max_bytes > 0 and data_usage(self.store.data_dir) > self.max_bytes:
            raise ServiceUnavailable(
                "Máy chủ đã hết dung lượng lưu trữ dành cho lô văn bản; hãy tải kết quả cũ về, "
                "xóa các lô đã xong hoặc thử lại sau.",
                cause="VB_MAX_DATA_MB reached",
                headers={"Retry-After": "600"},
            )

    def submit(self, spec: BatchSpec, total: int, requester: str | None = None) -> dict[str, Any]:
        self.make_room()
        name, mimetype = spec.output_name()
        state = self.store.create(
            spec,
            runner=self.runner.name,
            total=total,
            file_name=name,
            mimetype=mimetype,
            requester=requester,
        )
        self.runner.submit(state["id"], spec=spec)
        return state

    def counts(self) -> dict[str, int]:
        return self.store.counts()


def make_jobs(config: dict[str, Any]) -> Jobs:
    """The job facade for an app config (QUEUE = local or rq)."""
    store = JobStore(config["DATA_DIR"])
    templates_dir = str(Path(config["TEMPLATES_DIR"]).resolve())
    data_dir = str(Path(config["DATA_DIR"]).resolve())
    if config.get("QUEUE") == "rq":
        from service.adapters.jobs_rq import RqRunner

        runner: Any = RqRunner(config["REDIS_URL"], data_dir, templates_dir)
    else:
        from service.config import for_job

        runner = LocalRunner(data_dir, templates_dir, config["MAX_CONCURRENT_JOBS"], settings=for_job(config))
    bounds = {"ttl_s": config.get("JOB_TTL_S", 0), "max_bytes": config.get("MAX_DATA_BYTES", 0)}
    return Jobs(store, runner, **bounds)
