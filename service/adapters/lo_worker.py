"""One LibreOffice bridge process (`lo_bridge.py`) and its soffice.bin, seen from the service.

`LoWorker` starts `<uno python> lo_bridge.py WORKDIR SOFFICE_BIN` in a process group of its
own (so stopping it also stops soffice.bin) with its own LibreOffice profile under WORKDIR:
two LibreOffice processes on one profile lose documents silently. The service talks to the
bridge over the bridge's stdin/stdout (anonymous pipes: no port, no socket file), the bridge
to LibreOffice over a private UNO pipe; the project venv never imports `uno`.

Every call has a deadline: a conversion that does not answer in time, or whose caller goes
away, raises and the caller (`pdf_pool.Pool`) kills the whole group and starts a fresh one.

Errors are split in two: `WorkerError` (the process died, hung or never answered: replace
it) and `DocumentRejected` (the bridge is healthy but LibreOffice refused this document).
`service.adapters.pdf` turns them into the public exceptions.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import select
import shutil
import signal
import struct
import subprocess
import tempfile
import threading
import time
import zipfile
from pathlib import Path

from service.errors import AdapterError

# Import filter of LibreOffice for .docx; forcing it keeps LibreOffice from
# guessing (it would happily render random bytes as a text document).
DOCX_IMPORT_FILTER = "MS Word 2007 XML"
BRIDGE_SCRIPT = Path(__file__).with_name("lo_bridge.py")
FRAME = struct.Struct(">IQ")  # header length, body length (as in lo_bridge.py)
START_TIMEOUT = 90.0  # seconds for a fresh bridge + LibreOffice to answer
STOP_GRACE = 5.0  # seconds to wait for killed processes to vanish
REAP_GRACE = 2.0  # seconds for parents to reap their killed children
_ENV_DROP = ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP")
_CHUNK = 1 << 20


class WorkerError(AdapterError):
    """The bridge or its LibreOffice is dead, hung or unreachable."""

    def __init__(self, message: str, *, timed_out: bool = False) -> None:
        super().__init__(message)
        self.timed_out = timed_out


class Abandoned(AdapterError):
    """The caller went away while its document was being converted."""


class DocumentRejected(AdapterError):
    """A healthy LibreOffice could not convert the document."""


def soffice_binary(soffice: str) -> str:
    """`soffice.bin` beside the real path of the `soffice` launcher, else `soffice` itself.

    The bridge starts soffice.bin directly (not through the oosplash launcher) so that the
    process that does the work is its direct child and dies with it (PR_SET_PDEATHSIG).
    """
    real = Path(os.path.realpath(shutil.which(soffice) or soffice))
    candidate = real.with_name("soffice.bin")
    return str(candidate) if candidate.is_file() and os.access(candidate, os.X_OK) else str(real)


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

    SIGKILL (the profile is thrown away anyway; LibreOffice's launchers were seen
    to hang on SIGTERM after soffice.bin had exited), children before their
    parents, so that each is reaped by its own parent (soffice.bin by the bridge,
    the bridge by us) rather than left as a zombie for init.
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
    """A bridge process with its own LibreOffice profile and temporary files."""

    def __init__(self, *, python: str, soffice: str, root: Path, timeout: float) -> None:
        self.python = python
        self.soffice = soffice
        self.root = root
        self.timeout = timeout
        self.soffice_pid: int | None = None
        self.conversions = 0  # since the last start (the pool recycles a busy converter)
        self._sockets: list[str] = []
        self._lock = threading.Lock()
        self._proc: subprocess.Popen | None = None
        self._dir: Path | None = None
        self._retired = False

    @property
    def pid(self) -> int | None:
        proc = self._proc
        return proc.pid if proc is not None else None

    @property
    def workdir(self) -> Path | None:
        return self._dir

    def running(self) -> bool:
        proc = self._proc
        return proc is not None and proc.poll() is None

    def start(self) -> None:
        """(Re)start the bridge with a fresh profile; wait until it converts."""
        self.stop()
        with self._lock:
            if self._retired:
                raise WorkerError("converter closed")
            self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
            self._dir = Path(tempfile.mkdtemp(prefix="lo-", dir=self.root))  # mode 0700
            cmd = [self.python, "-I", str(BRIDGE_SCRIPT), str(self._dir), soffice_binary(self.soffice)]
            env = {k: v for k, v in os.environ.items() if k not in _ENV_DROP}
            with open(self._dir / "bridge.log", "wb") as log:
                self._proc = subprocess.Popen(
                    cmd,
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=log,
                    cwd=self._dir,
                    env=env,
                    bufsize=0,
                    start_new_session=True,  # own process group, see kill_group
                )
        try:
            ready, _ = self._receive(time.monotonic() + max(START_TIMEOUT, self.timeout), None)
            if not ready.get("ready"):
                raise WorkerError(f"unexpected first answer {ready!r}")
            self.soffice_pid = int(ready.get("soffice_pid") or 0) or None
            self._sockets = [str(p) for p in ready.get("sockets") or [] if "/OSL_PIPE_" in str(p)]
            self.convert(minimal_docx())  # warm up: loads Writer and the PDF filter
            self.conversions = 0
        except (WorkerError, DocumentRejected) as exc:
            tail = self.log_tail()
            self.stop()
            raise WorkerError(f"LibreOffice bridge did not start: {exc}; log: {tail}") from exc

    def convert(
        self,
        docx: bytes,
        *,
        timeout: float | None = None,
        destinations: bool = False,
        cancel_fd: int | None = None,
    ) -> bytes:
        """Convert .docx bytes to PDF bytes on this bridge within `timeout` seconds.

        `destinations` exports the document's bookmarks as PDF named destinations.
        `cancel_fd` (a socket of the caller): readable means the caller hung up → Abandoned.
        """
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        head = json.dumps({"op": "convert", "destinations": destinations}).encode()
        self._send(FRAME.pack(len(head), len(docx)) + head + docx, deadline, cancel_fd)
        answer, body = self._receive(deadline, cancel_fd)
        if answer.get("ok"):
            return body
        if answer.get("error") == "rejected":
            raise DocumentRejected(str(answer.get("cause")))
        raise WorkerError(f"LibreOffice failed: {answer.get('cause')}")

    def _pipes(self) -> tuple[int, int]:
        proc = self._proc
        if proc is None or proc.stdin is None or proc.stdout is None:
            raise WorkerError("bridge not running")
        return proc.stdin.fileno(), proc.stdout.fileno()

    def _wait(self, fd: int, write: bool, deadline: float, cancel_fd: int | None) -> None:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise WorkerError(f"no answer in {self.timeout:g} s", timed_out=True)
        readers = [] if write else [fd]
        if cancel_fd is not None:
            readers.append(cancel_fd)
        ready_r, ready_w, _ = select.select(readers, [fd] if write else [], [], remaining)
        if cancel_fd is not None and cancel_fd in ready_r:
            raise Abandoned("the caller hung up")
        if not ready_r and not ready_w:
            raise WorkerError(f"no answer in {self.timeout:g} s", timed_out=True)

    def _send(self, data: bytes, deadline: float, cancel_fd: int | None) -> None:
        wfd, _ = self._pipes()
        view = memoryview(data)
        try:
            while view:
                self._wait(wfd, True, deadline, cancel_fd)
                view = view[os.write(wfd, view[:_CHUNK]) :]
        except OSError as exc:  # broken pipe: the bridge died
            raise WorkerError(f"bridge unreachable: {exc!r}") from exc

    def _read(self, n: int, deadline: float, cancel_fd: int | None) -> bytes:
        _, rfd = self._pipes()
        buf = bytearray()
        while len(buf) < n:
            self._wait(rfd, False, deadline, cancel_fd)
            try:
                chunk = os.read(rfd, min(_CHUNK, n - len(buf)))
            except OSError as exc:
                raise WorkerError(f"bridge unreachable: {exc!r}") from exc
            if not chunk:
                raise WorkerError(f"bridge exited: {self.log_tail(300)}")
            buf += chunk
        return bytes(buf)

    def _receive(self, deadline: float, cancel_fd: int | None) -> tuple[dict, bytes]:
        head_len, body_len = FRAME.unpack(self._read(FRAME.size, deadline, cancel_fd))
        header = json.loads(self._read(head_len, deadline, cancel_fd))
        return header, self._read(body_len, deadline, cancel_fd)

    def log_tail(self, limit: int = 1500) -> str:
        if self._dir is None:
            return ""
        try:
            data = (self._dir / "bridge.log").read_bytes()
        except OSError:
            return ""
        return data[-limit:].decode("utf-8", "replace").strip()

    def stop(self) -> None:
        """Kill the process group, delete the profile and temporary files."""
        with self._lock:
            proc, self._proc = self._proc, None
            workdir, self._dir = self._dir, None
            self.soffice_pid = None
            sockets, self._sockets = self._sockets, []
        if proc is not None:
            kill_group(proc)
        for path in sockets:  # LibreOffice removes its pipes only when it exits cleanly
            with contextlib.suppress(OSError):
                os.unlink(path)
            for pipe in (proc.stdin, proc.stdout):
                if pipe is not None:
                    with contextlib.suppress(OSError):
                        pipe.close()
        if workdir is not None:
            shutil.rmtree(workdir, ignore_errors=True)

    def retire(self) -> None:
        """Stop for good: a start() racing with this fails instead of spawning."""
        with self._lock:
            self._retired = True
        self.stop()
