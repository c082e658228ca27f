"""One supervised unoserver process (plus its LibreOffice children).

`LoWorker` owns a single `python -m unoserver.server` process that runs under
the system Python (the only one with LibreOffice's `uno` module).  It lives in
its own process group, so stopping it also stops `oosplash`/`soffice.bin`,
and it has its own LibreOffice user profile: two LibreOffice processes on one
profile lose documents silently.

The project venv never imports `uno`: documents travel as bytes over the
unoserver XML-RPC API (`convert(indata=..., convert_to="pdf")`), and no file
path holds user data (unoserver writes its temporary files with random names
inside the worker's own temp dir).

Errors are split in two: `WorkerError` (the process died, hung or never
answered: restart it and retry elsewhere) and `DocumentRejected` (the server
is healthy but LibreOffice refused this document).  `service.adapters.pdf`
turns them into the public exceptions.
"""

from __future__ import annotations

import contextlib
import fcntl
import http.client
import io
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import xmlrpc.client
import zipfile
from pathlib import Path

from service.errors import AdapterError

# Import filter of LibreOffice for .docx; forcing it keeps LibreOffice from
# guessing (it would happily render random bytes as a text document).
DOCX_IMPORT_FILTER = "MS Word 2007 XML"
START_TIMEOUT = 90.0  # seconds for a fresh unoserver + LibreOffice to answer
STOP_GRACE = 5.0  # seconds to wait for killed processes to vanish
REAP_GRACE = 2.0  # seconds for parents to reap their killed children
PORT_SEARCH_SPAN = 200  # how far above base_port to look for free ports
_PORT_LOCK_DIR = Path(tempfile.gettempdir())
_ENV_DROP = ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP")


class WorkerError(AdapterError):
    """The unoserver process is dead, hung or unreachable."""

    def __init__(self, message: str, *, timed_out: bool = False) -> None:
        super().__init__(message)
        self.timed_out = timed_out


class DocumentRejected(AdapterError):
    """A healthy unoserver could not convert the document."""


class _TimeoutTransport(xmlrpc.client.Transport):
    """XML-RPC transport whose socket operations time out."""

    def __init__(self, timeout: float) -> None:
        super().__init__()
        self._timeout = timeout

    def make_connection(self, host):  # type: ignore[no-untyped-def]
        conn = super().make_connection(host)
        conn.timeout = self._timeout
        return conn


def _proxy(port: int, timeout: float) -> xmlrpc.client.ServerProxy:
    return xmlrpc.client.ServerProxy(
        f"http://127.0.0.1:{port}",
        allow_none=True,
        transport=_TimeoutTransport(timeout),
    )


def _port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def reserve_ports(base_port: int) -> tuple[int, int]:
    """Reserve a free (xml-rpc port, uno port) pair at or above `base_port`.

    The reservation is an flock on a lock file per port pair, held through the
    returned file descriptor, so converters in other gunicorn workers (or in the
    same process) skip pairs that are taken.  Returns (port, lock_fd); closing
    lock_fd releases the reservation.
    """
    for port in range(base_port, base_port + PORT_SEARCH_SPAN, 2):
        path = _PORT_LOCK_DIR / f"pdf-converter-port-{port}.lock"
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError:  # e.g. a lock file of another user
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            continue
        if _port_is_free(port) and _port_is_free(port + 1):
            return port, fd
        os.close(fd)  # closing releases the lock
    raise WorkerError(f"no free port pair in {base_port}..{base_port + PORT_SEARCH_SPAN}")


def _group_processes(pgid: int) -> dict[int, tuple[str, int]]:
    """{pid: (state, ppid)} of the processes of group `pgid`, zombies included."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # Fields after the ")" closing the command name: state ppid pgrp ...
        fields = stat[stat.rfind(")") + 2 :].split()
        if len(fields) >= 3 and int(fields[2]) == pgid:
            found[int(entry.name)] = (fields[0], int(fields[1]))
    return found


def live_group_members(pgid: int) -> list[int]:
    """Pids of the non-zombie processes of process group `pgid` (Linux /proc)."""
    return sorted(pid for pid, (state, _) in _group_processes(pgid).items() if state != "Z")


def kill_group(proc: subprocess.Popen) -> None:
    """Kill `proc` and every process of its group, and wait until they are gone.

    SIGKILL (the profile is thrown away anyway; on SIGTERM oosplash and
    unoserver were seen to hang after soffice.bin had exited), children before
    their parents, so that each is reaped by its own parent (soffice.bin by
    oosplash, oosplash by unoserver, unoserver by us) rather than left as a
    zombie for init.
    """
    pgid = proc.pid  # started with start_new_session=True: leader of its group
    start = time.monotonic()
    while time.monotonic() - start < STOP_GRACE:
        proc.poll()  # reap the leader once it is dead
        procs = _group_processes(pgid)
        live = [pid for pid, (state, _) in procs.items() if state != "Z"]
        if not live:
            break
        parents = {ppid for _, ppid in procs.values()}  # zombies' parents too
        leaves = [pid for pid in live if pid not in parents]
        if not leaves and time.monotonic() - start > REAP_GRACE:
            leaves = live  # a parent does not reap its dead child: kill the rest
        for pid in leaves:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        time.sleep(0.02)
    else:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=STOP_GRACE)


def minimal_docx() -> bytes:
    """A one-paragraph .docx, built by hand, used to warm a fresh server up."""
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas'
            '.openxmlformats.org/package/2006/content-types"><Default Extension='
            '"rels" ContentType="application/vnd.openxmlformats-package.relatio'
            'nships+xml"/><Default Extension="xml" ContentType="application/xml"'
            '/><Override PartName="/word/document.xml" ContentType="application/'
            "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xm"
            'l"/></Types>'
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://'
            'schemas.openxmlformats.org/package/2006/relationships"><Relationshi'
            'p Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="word/document.xml"/>'
            "</Relationships>"
        ),
        "word/document.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><w:document {ns}><w:body>'
            "<w:p><w:r><w:t>Khởi động</w:t></w:r></w:p></w:body></w:document>"
        ),
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in parts.items():
            zf.writestr(name, text.encode("utf-8"))
    return buf.getvalue()


class LoWorker:
    """A unoserver process with its own ports, profile and temp dir."""

    def __init__(self, *, python: str, soffice: str, root: Path, base_port: int, timeout: float) -> None:
        self.python = python
        self.soffice = soffice
        self.root = root
        self.base_port = base_port
        self.timeout = timeout
        self.port = 0
        self._lock = threading.Lock()
        self._proc: subprocess.Popen | None = None
        self._port_fd: int | None = None
        self._dir: Path | None = None
        self._retired = False

    @property
    def pid(self) -> int | None:
        proc = self._proc
        return proc.pid if proc is not None else None

    def running(self) -> bool:
        proc = self._proc
        return proc is not None and proc.poll() is None

    def start(self) -> None:
        """(Re)start the server with a fresh profile; wait until it converts."""
        self.stop()
        with self._lock:
            if self._retired:
                raise WorkerError("converter closed")
            self.port, self._port_fd = reserve_ports(self.base_port)
            self._dir = Path(tempfile.mkdtemp(prefix="worker-", dir=self.root))
            (self._dir / "tmp").mkdir()
            cmd = [
                self.python, "-m", "unoserver.server",
                "--interface", "127.0.0.1", "--uno-interface", "127.0.0.1",
                "--port", str(self.port), "--uno-port", str(self.port + 1),
                "--executable", self.soffice,
                "--user-installation", str(self._dir / "profile"),
                "--temp-dir", str(self._dir / "tmp"),
            ]  # fmt: skip
            env = {k: v for k, v in os.environ.items() if k not in _ENV_DROP}
            with open(self._dir / "unoserver.log", "wb") as log:
                self._proc = subprocess.Popen(
                    cmd,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    cwd=self._dir,
                    env=env,
                    start_new_session=True,  # own process group, see kill_group
                )
        try:
            self._wait_ready()
            self.convert(minimal_docx())  # warm up: loads Writer and the PDF filter
        except (WorkerError, DocumentRejected) as exc:
            tail = self.log_tail()
            self.stop()
            raise WorkerError(f"unoserver did not start: {exc}; log: {tail}") from exc

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + max(START_TIMEOUT, self.timeout)
        while time.monotonic() < deadline:
            proc = self._proc
            if proc is None or proc.poll() is not None:
                code = None if proc is None else proc.returncode
                raise WorkerError(f"unoserver exited with code {code}")
            try:
                # Registered only once the UNO connection is up and serving.
                _proxy(self.port, 5.0).system.listMethods()
                return
            except (OSError, xmlrpc.client.Error):
                time.sleep(0.25)
        raise WorkerError("unoserver did not answer in time", timed_out=True)

    def convert(self, docx: bytes) -> bytes:
        """Convert .docx bytes to PDF bytes on this server."""
        try:
            result = _proxy(self.port, self.timeout).convert(
                None,  # inpath
                xmlrpc.client.Binary(docx),  # indata
                None,  # outpath
                "pdf",  # convert_to
                None,  # filtername: PDF export filter picked by type
                [],  # filter_options
                True,  # update_index
                DOCX_IMPORT_FILTER,  # infiltername
                None,  # password
            )
        except xmlrpc.client.Fault as exc:
            if self.healthy():
                raise DocumentRejected(exc.faultString) from exc
            raise WorkerError(f"unoserver failed: {exc.faultString}") from exc
        except TimeoutError as exc:
            raise WorkerError(f"no answer in {self.timeout} s", timed_out=True) from exc
        except (OSError, xmlrpc.client.Error, http.client.HTTPException) as exc:
            raise WorkerError(f"unoserver unreachable: {exc!r}") from exc
        if not isinstance(result, xmlrpc.client.Binary):
            raise DocumentRejected(f"unexpected answer {type(result).__name__}")
        return result.data

    def healthy(self) -> bool:
        """True when the process runs and LibreOffice answers a UNO call."""
        if not self.running():
            return False
        try:
            _proxy(self.port, 10.0).info()  # touches LibreOffice's configuration
        except (OSError, xmlrpc.client.Error):
            return False
        return True

    def log_tail(self, limit: int = 1500) -> str:
        if self._dir is None:
            return ""
        try:
            data = (self._dir / "unoserver.log").read_bytes()
        except OSError:
            return ""
        return data[-limit:].decode("utf-8", "replace").strip()

    def stop(self) -> None:
        """Stop the process group, free the ports, delete profile and temp files."""
        with self._lock:
            proc, self._proc = self._proc, None
            fd, self._port_fd = self._port_fd, None
            workdir, self._dir = self._dir, None
        if proc is not None:
            kill_group(proc)
        if fd is not None:
            os.close(fd)
        if workdir is not None:
            shutil.rmtree(workdir, ignore_errors=True)

    def retire(self) -> None:
        """Stop for good: a start() racing with this fails instead of spawning."""
        with self._lock:
            self._retired = True
        self.stop()
