"""A pool of LibreOffice bridges, used in this process or shared by the service's processes.

`Pool` hands each conversion to an idle `LoWorker`. A conversion that fails in any way other
than "LibreOffice refused this document" — its converter timeout, the caller's own deadline
(a `RenderTimeout` raised inside it), the caller hanging up, a crash — kills that worker's
whole process group at once and starts a fresh worker in the background: a converter is
never left checked out, and no abandoned LibreOffice keeps working.

`PoolServer` serves one Pool to every gunicorn worker and job process of the service over a
Unix socket in a directory of mode 0700 (only this user can reach it; peers of another uid
are refused as well), one request per connection. `gunicorn.conf.py` starts it in the master
(`python -m service.adapters.pdf_pool`), so LibreOffice processes are sized to the cores, not
multiplied by the workers. `PoolClient` is its client. The server stops on SIGTERM or when
its parent (the gunicorn master) is gone, killing its bridges and deleting their profiles.

Protocol (both ways): ``>IQ`` (header length, body length), a JSON header, the body.
Request ``{"op": "convert", "timeout": s, "destinations": bool}`` + .docx; answer
``{"ok": true}`` + PDF or ``{"ok": false, "error": "rejected"|"timeout"|"unavailable"|"failed",
"cause": …}``. ``{"op": "status"}`` answers the pids (tests, health).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import queue
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from service.adapters.lo_worker import (
    FRAME,
    START_TIMEOUT,
    Abandoned,
    DocumentRejected,
    LoWorker,
    WorkerError,
)
from service.errors import AdapterError

logger = logging.getLogger(__name__)

MAX_REQUEST_BYTES = 256 * 1024 * 1024  # a merged batch chunk is a few MB
SOCKET_NAME = "pool.sock"
RECYCLE_AFTER = 500  # conversions before a converter is replaced (LibreOffice's memory grows)
MAX_CONNECTIONS = 128  # requests held at once by the pool server (waiting ones included)


class PoolError(AdapterError):
    """A conversion failed: `kind` is rejected, timeout, unavailable or failed."""

    def __init__(self, kind: str, cause: str) -> None:
        super().__init__(cause)
        self.kind = kind


class Pool:
    """Started workers plus a FIFO queue of the idle ones (thread-safe)."""

    def __init__(self, factory: Callable[[], LoWorker], size: int, root: Path) -> None:
        self.workers = [factory() for _ in range(size)]
        self.root = root
        self.free: queue.Queue[LoWorker] = queue.Queue()
        self.closed = False

    def start(self) -> None:
        """Start every worker in parallel; fails only when none starts."""
        errors: list[WorkerError] = []

        def run(worker: LoWorker) -> None:
            try:
                worker.start()
            except WorkerError as exc:
                errors.append(exc)

        threads = [threading.Thread(target=run, args=(w,)) for w in self.workers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for worker in self.workers:
            self.free.put(worker)  # a failed one is restarted when acquired
        if len(errors) == len(self.workers):
            self.close()
            raise PoolError("unavailable", f"no LibreOffice bridge started: {errors[0]}")
        for exc in errors:
            logger.warning("a LibreOffice bridge did not start: %s", exc)

    def _acquire(self, deadline: float, cancel: socket.socket | None) -> LoWorker:
        while True:
            if self.closed:
                raise PoolError("unavailable", "PDF converter closed")
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise PoolError("timeout", "no LibreOffice bridge free in time")
            try:
                worker = self.free.get(timeout=min(remaining, 0.2))
                break
            except queue.Empty:
                if cancel is not None and _hung_up(cancel):
                    raise Abandoned("the caller hung up while waiting") from None
        if worker.running():
            return worker
        logger.warning("a LibreOffice bridge is dead; restarting it")
        try:
            worker.start()
        except WorkerError as exc:
            self.free.put(worker)
            raise PoolError("unavailable", str(exc)) from exc
        return worker

    def _replace(self, worker: LoWorker) -> None:
        """Kill the worker now; start a fresh one in the background, then make it idle."""
        worker.stop()

        def run() -> None:
            try:
                worker.start()
            except WorkerError as exc:
                logger.warning("restarting a LibreOffice bridge failed: %s", exc)
            finally:
                self.free.put(worker)

        threading.Thread(target=run, name="pdf-bridge-restart", daemon=True).start()

    def convert(
        self,
        docx: bytes,
        *,
        timeout: float,
        destinations: bool = False,
        cancel: socket.socket | None = None,
    ) -> bytes:
        """PDF of `docx`; waiting for a worker and converting share `timeout` seconds.

        A dead worker's document is retried once on another worker (a crash says nothing
        about the document); a timed-out one is not (it would only double the wait).
        """
        deadline = time.monotonic() + timeout
        for attempt in range(2):
            worker = self._acquire(deadline, cancel)
            handed_back = False
            try:
                pdf = worker.convert(
                    docx,
                    timeout=max(0.001, deadline - time.monotonic()),
                    destinations=destinations,
                    cancel_fd=None if cancel is None else cancel.fileno(),
                )
                handed_back = True
                worker.conversions += 1
                if worker.conversions >= RECYCLE_AFTER:
                    self._replace(worker)  # a fresh LibreOffice, in the background
                else:
                    self.free.put(worker)
                return pdf
            except DocumentRejected as exc:
                handed_back = True
                self.free.put(worker)
                raise PoolError("rejected", str(exc)) from exc
            except WorkerError as exc:
                logger.warning("LibreOffice bridge failed (%s); replacing it", exc)
                if exc.timed_out or attempt or self.closed:
                    kind = "timeout" if exc.timed_out else "unavailable" if self.closed else "failed"
                    raise PoolError(kind, str(exc)) from exc
            finally:
                if not handed_back:  # any failure, also RenderTimeout or Abandoned
                    self._replace(worker)
        raise AssertionError("unreachable")

    def pids(self) -> dict[str, list[int]]:
        running = [w for w in self.workers if w.running()]
        return {
            "bridges": [pid for w in running if (pid := w.pid) is not None],
            "soffice": [pid for w in running if (pid := w.soffice_pid) is not None],
        }

    def close(self) -> None:
        self.closed = True
        threads = [threading.Thread(target=w.retire) for w in self.workers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        shutil.rmtree(self.root, ignore_errors=True)


def _hung_up(sock: socket.socket) -> bool:
    """True when the peer closed its end (readable with no data) or the socket broke."""
    try:
        return sock.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True


# --------------------------------------------------------------------------- wire format


def send_frame(sock: socket.socket, header: dict, body: bytes = b"") -> None:
    head = json.dumps(header).encode()
    sock.sendall(FRAME.pack(len(head), len(body)) + head)
    if body:
        sock.sendall(body)


def _recv_exact(sock: socket.socket, n: int) -> bytes:
    buf = bytearray()
    while len(buf) < n:
        chunk = sock.recv(min(1 << 20, n - len(buf)))
        if not chunk:
            raise ConnectionError("connection closed mid-frame")
        buf += chunk
    return bytes(buf)


def recv_frame(sock: socket.socket, limit: int = MAX_REQUEST_BYTES) -> tuple[dict, bytes]:
    head_len, body_len = FRAME.unpack(_recv_exact(sock, FRAME.size))
    if head_len > 65536 or body_len > limit:
        raise ConnectionError(f"frame too large ({head_len}, {body_len})")
    header = json.loads(_recv_exact(sock, head_len))
    return header, _recv_exact(sock, body_len)


# --------------------------------------------------------------------------- server


class PoolServer:
    """Serves a Pool on a Unix socket (`<private dir>/pool.sock`), a thread per request."""

    def __init__(self, pool: Pool, path: Path, max_timeout: float) -> None:
        self.pool = pool
        self.path = path
        self.max_timeout = max_timeout
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.bind(str(path))
        os.chmod(path, 0o600)
        self.sock.listen(128)
        self.slots = threading.BoundedSemaphore(MAX_CONNECTIONS)

    def serve_forever(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return  # closed
            if not self.slots.acquire(blocking=False):
                with conn, contextlib.suppress(OSError):
                    send_frame(conn, {"ok": False, "error": "unavailable", "cause": "PDF pool busy"})
                continue
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        try:
            self._serve(conn)
        finally:
            self.slots.release()

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            creds = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
            _pid, uid, _gid = struct.unpack("3i", creds)
            if uid != os.getuid():
                return  # the directory's mode already keeps others out
            try:
                conn.settimeout(30)
                header, body = recv_frame(conn)
                conn.settimeout(None)
            except (OSError, ValueError):
                return
            op = header.get("op")
            if op == "status":
                send_frame(conn, {"ok": True, "pid": os.getpid(), **self.pool.pids()})
                return
            if op != "convert":
                send_frame(conn, {"ok": False, "error": "failed", "cause": f"unknown op {op!r}"})
                return
            timeout = min(float(header.get("timeout") or self.max_timeout), self.max_timeout)
            try:
                pdf = self.pool.convert(
                    body, timeout=timeout, destinations=bool(header.get("destinations")), cancel=conn
                )
            except PoolError as exc:
                answer = {"ok": False, "error": exc.kind, "cause": str(exc)}
                with contextlib.suppress(OSError):
                    send_frame(conn, answer)
                return
            except Abandoned:
                return
            with contextlib.suppress(OSError):
                send_frame(conn, {"ok": True}, pdf)

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.sock.close()
        with contextlib.suppress(OSError):
            self.path.unlink()


class PoolClient:
    """Client of a PoolServer: one connection per request."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)

    def _call(self, header: dict, body: bytes, timeout: float) -> tuple[dict, bytes]:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(timeout)
            try:
                sock.connect(self.path)
                send_frame(sock, header, body)
                return recv_frame(sock, limit=1 << 40)
            except TimeoutError as exc:
                raise PoolError("timeout", f"PDF pool gave no answer in {timeout:g} s") from exc
            except (OSError, ValueError) as exc:
                raise PoolError("unavailable", f"PDF pool at {self.path} unreachable: {exc!r}") from exc

    def convert(self, docx: bytes, *, timeout: float, destinations: bool = False) -> bytes:
        header = {"op": "convert", "timeout": timeout, "destinations": destinations}
        # The server enforces `timeout`; the margin only covers a server that stopped answering.
        answer, body = self._call(header, docx, timeout + START_TIMEOUT)
        if not answer.get("ok"):
            raise PoolError(str(answer.get("error") or "failed"), str(answer.get("cause")))
        return body

    def status(self, timeout: float = 10.0) -> dict:
        return self._call({"op": "status"}, b"", timeout)[0]


# --------------------------------------------------------------------------- process


def socket_dir(base: str | None = None) -> Path:
    """A fresh private directory (mode 0700) for the pool's socket and profiles."""
    if base:
        os.makedirs(base, mode=0o700, exist_ok=True)
        sweep_stale(Path(base))
    return Path(tempfile.mkdtemp(prefix="vb-pdf-", dir=base))


def sweep_stale(base: Path) -> None:
    """Delete what dead owners left under `base`: pool directories whose socket no longer
    answers, and empty converter roots (their bridges already deleted their profiles)."""
    for entry in base.glob("vb-pdf-*"):
        sock = entry / SOCKET_NAME
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
                probe.settimeout(1)
                probe.connect(str(sock))
        except OSError:
            if time.time() - entry.stat().st_mtime > 60:  # not one being set up right now
                shutil.rmtree(entry, ignore_errors=True)
    for entry in base.glob("pdfconv-*"):
        with contextlib.suppress(OSError):
            entry.rmdir()  # only when empty


def _term_with_parent() -> None:
    """preexec_fn: SIGTERM this child when the thread that started it (the master's main
    thread) ends; the child also watches its parent itself."""
    import ctypes

    ctypes.CDLL(None).prctl(1, signal.SIGTERM, 0, 0, 0)  # PR_SET_PDEATHSIG


_SERVER: subprocess.Popen | None = None  # the pool process this process started


def spawn_server(cfg: dict, uno_python: str, *, warm: bool = True) -> Path:
    """Start the shared pool process for the service's config; return its socket's path."""
    global _SERVER
    directory = socket_dir(os.path.join(cfg["DATA_DIR"], "pdf"))
    soffice = shutil.which(cfg.get("PDF_SOFFICE") or "soffice") or "soffice"
    cmd = [
        sys.executable, "-m", "service.adapters.pdf_pool", "--dir", str(directory),
        "--workers", str(max(1, int(cfg.get("PDF_WORKERS") or 1))),
        "--timeout", str(float(cfg["PDF_TIMEOUT_S"])),
        "--soffice", soffice, "--python", uno_python,
    ] + ([] if warm else ["--lazy"])  # fmt: skip
    proc = subprocess.Popen(
        cmd,
        stdin=subprocess.DEVNULL,
        cwd=str(Path(__file__).resolve().parents[2]),
        start_new_session=True,  # terminal signals go to gunicorn, which stops it
        preexec_fn=_term_with_parent,
    )
    path = directory / SOCKET_NAME
    end = time.monotonic() + 30
    while not path.exists():
        if proc.poll() is not None or time.monotonic() > end:
            _stop(proc)
            shutil.rmtree(directory, ignore_errors=True)
            raise PoolError("unavailable", "the shared PDF pool did not start")
        time.sleep(0.05)
    _SERVER = proc
    return path


def stop_server() -> None:
    """Stop the pool process started by `spawn_server`, if any."""
    global _SERVER
    proc, _SERVER = _SERVER, None
    if proc is not None:
        _stop(proc)


def _stop(proc: subprocess.Popen, grace: float = 15.0) -> None:
    """SIGTERM the pool process (it stops its bridges and deletes its directory); wait."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the shared pool process (started by gunicorn.conf.py)."""
    parser = argparse.ArgumentParser(description="Shared LibreOffice pool of the service")
    parser.add_argument("--dir", required=True, help="private directory (mode 0700) it owns")
    parser.add_argument("--workers", type=int, required=True)
    parser.add_argument("--timeout", type=float, required=True, help="longest conversion, s")
    parser.add_argument("--soffice", required=True)
    parser.add_argument("--python", required=True, help="Python with LibreOffice's uno module")
    parser.add_argument("--lazy", action="store_true", help="start LibreOffice on first use")
    args = parser.parse_args(argv)
    directory = Path(args.dir)
    parent = os.getppid()
    root = directory / "profiles"
    pool = Pool(
        lambda: LoWorker(python=args.python, soffice=args.soffice, root=root, timeout=args.timeout),
        args.workers,
        root,
    )
    server = PoolServer(pool, directory / SOCKET_NAME, args.timeout)
    stopping = threading.Event()

    def stop(*_: object) -> None:
        if stopping.is_set():
            return
        stopping.set()
        server.close()
        pool.close()
        shutil.rmtree(directory, ignore_errors=True)
        os._exit(0)

    def watch_parent() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        stop()

    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, stop)
    threading.Thread(target=watch_parent, name="pdf-pool-parent", daemon=True).start()
    if args.lazy:
        for worker in pool.workers:
            pool.free.put(worker)  # started when first acquired
    else:
        threading.Thread(target=_start_quietly, args=(pool,), daemon=True).start()
    print(f"pdf pool ready on {server.path}", file=sys.stderr, flush=True)
    server.serve_forever()


def _start_quietly(pool: Pool) -> None:
    try:
        pool.start()
    except PoolError as exc:
        logger.warning("%s", exc)


if __name__ == "__main__":
    main()
