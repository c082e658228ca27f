"""LibreOffice bridge: one `soffice.bin`, driven in-process over a private UNO pipe.

Run by `lo_worker.LoWorker` under a Python that has LibreOffice's `uno` module (Debian's
python3-uno, via `.venv-uno`), as a plain script: it imports nothing of the service.

    <uno python> lo_bridge.py WORKDIR SOFFICE_BIN

Channels (no TCP anywhere):
- service ↔ bridge: the bridge's stdin and stdout, anonymous pipes only its parent holds.
  Frames: ``>IQ`` (header length, body length), a JSON header, the body bytes.
- bridge ↔ LibreOffice: ``--accept=pipe,name=<random>``, a Unix socket LibreOffice creates
  under the umask 077 set here (mode 0700: only this user can connect; the name is random).

Requests: ``{"op": "convert", "destinations": bool}`` + .docx bytes → ``{"ok": true}`` + PDF
bytes, or ``{"ok": false, "error": "rejected" | "dead", "cause": …}``. ``{"op": "ping"}``.

Lifetime: soffice.bin is started directly (not through oosplash) with PR_SET_PDEATHSIG =
SIGKILL, so it dies with this process even if this process is killed with SIGKILL. A
watchdog thread notices when the parent (the service) is gone, kills soffice.bin, deletes
WORKDIR (profile and temporary files) and exits. The service's side also kills the bridge's
process group and deletes WORKDIR when it stops or replaces a bridge.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import secrets
import shutil
import signal
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

FRAME = struct.Struct(">IQ")
DOCX_FILTER = "MS Word 2007 XML"
RESTART_CODE = 81  # soffice.bin asks to be started again (first start on a fresh profile)
PR_SET_PDEATHSIG = 1
CONNECT_TIMEOUT = 60.0


_LIBC = ctypes.CDLL(None, use_errno=True)  # loaded here: a forked child must not dlopen


def _die_with_parent() -> None:
    """preexec_fn: SIGKILL this child when the thread that started it ends; umask 077."""
    os.umask(0o077)
    _LIBC.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


class Bridge:
    def __init__(self, workdir: Path, soffice: str) -> None:
        self.workdir = workdir
        self.soffice = soffice
        self.pipe = "vb" + secrets.token_hex(16)
        self.proc: subprocess.Popen | None = None
        self.desktop = None
        self.count = 0
        self.socket_paths: list[str] = []

    def _spawn(self) -> subprocess.Popen:
        profile = (self.workdir / "profile").as_uri()
        cmd = [
            self.soffice, "--headless", "--invisible", "--norestore", "--nologo",
            "--nodefault", "--nolockcheck", "--nofirststartwizard",
            f"-env:UserInstallation={profile}",
            f"--accept=pipe,name={self.pipe};urp;",
        ]  # fmt: skip
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
        env["SAL_USE_VCLPLUGIN"] = "svp"
        return subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=sys.stderr,
            stderr=sys.stderr,
            cwd=self.workdir,
            env=env,
            preexec_fn=_die_with_parent,  # only a syscall in the child (libc preloaded)
        )

    def start(self) -> None:
        import uno

        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        url = f"uno:pipe,name={self.pipe};urp;StarOffice.ComponentContext"
        self.proc = self._spawn()
        deadline = time.monotonic() + CONNECT_TIMEOUT
        while True:
            try:
                ctx = resolver.resolve(url)
                break
            except Exception:  # NoConnectException until LibreOffice listens
                code = self.proc.poll()
                if code == RESTART_CODE:
                    self.proc = self._spawn()
                elif code is not None:
                    raise SystemExit(f"soffice.bin exited with code {code}") from None
                if time.monotonic() > deadline:
                    raise SystemExit("LibreOffice did not accept the bridge in time") from None
                time.sleep(0.05)
        self.desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        self.socket_paths = self.sockets()

    def sockets(self) -> list[str]:
        """Paths of the Unix sockets soffice.bin listens on (its UNO pipe, its OfficeIPC pipe).

        LibreOffice makes them in /tmp and removes them only on a clean exit: whoever kills
        it unlinks them (this bridge, or the service's side with the list sent at start).
        """
        if self.proc is None:
            return []
        inodes = set()
        fd_dir = Path(f"/proc/{self.proc.pid}/fd")
        for fd in fd_dir.iterdir():
            with contextlib.suppress(OSError):
                target = os.readlink(fd)
                if target.startswith("socket:["):
                    inodes.add(target[8:-1])
        paths = []
        for line in Path("/proc/net/unix").read_text().splitlines()[1:]:
            fields = line.split()
            if len(fields) >= 8 and fields[6] in inodes and fields[7].startswith("/"):
                paths.append(fields[7])
        return paths

    def alive(self) -> bool:
        if self.proc is None or self.proc.poll() is not None:
            return False
        try:
            self.desktop.getComponents()  # a round trip to LibreOffice
        except Exception:
            return False
        return True

    def convert(self, docx: bytes, destinations: bool) -> bytes:
        import uno
        from com.sun.star.beans import PropertyValue

        def props(**values: object) -> tuple:
            out = []
            for name, value in values.items():
                prop = PropertyValue()
                prop.Name, prop.Value = name, value
                out.append(prop)
            return tuple(out)

        self.count += 1
        src = self.workdir / f"in-{self.count}.docx"
        out = self.workdir / f"out-{self.count}.pdf"
        src.write_bytes(docx)
        try:
            doc = self.desktop.loadComponentFromURL(
                src.as_uri(),
                "_blank",
                0,
                props(
                    Hidden=True,
                    ReadOnly=True,
                    FilterName=DOCX_FILTER,
                    MacroExecutionMode=0,  # NEVER_EXECUTE
                    UpdateDocMode=0,  # NO_UPDATE: no external links are fetched
                ),
            )
            if doc is None:
                raise ValueError("LibreOffice could not open the document")
            try:
                data = uno.Any(
                    "[]com.sun.star.beans.PropertyValue",
                    props(ExportBookmarksToPDFDestination=bool(destinations)),
                )
                doc.storeToURL(out.as_uri(), props(FilterName="writer_pdf_Export", FilterData=data))
            finally:
                with contextlib.suppress(Exception):
                    doc.close(True)
            return out.read_bytes()
        finally:
            src.unlink(missing_ok=True)
            out.unlink(missing_ok=True)

    def stop(self) -> None:
        proc = self.proc
        if proc is not None and proc.poll() is None:
            proc.kill()
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(5)
        for path in self.socket_paths:
            with contextlib.suppress(OSError):
                os.unlink(path)


def _read_exact(stream, n: int) -> bytes | None:  # type: ignore[no-untyped-def]
    chunks, left = [], n
    while left:
        chunk = stream.read(left)
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _send(stream, header: dict, body: bytes = b"") -> None:  # type: ignore[no-untyped-def]
    head = json.dumps(header).encode()
    stream.write(FRAME.pack(len(head), len(body)) + head)
    stream.write(body)
    stream.flush()


def _watch_parent(bridge: Bridge, parent: int) -> None:
    """Clean up and exit as soon as the service that started this bridge is gone."""
    while os.getppid() == parent:
        time.sleep(0.2)
    bridge.stop()
    shutil.rmtree(bridge.workdir, ignore_errors=True)
    os._exit(0)


def main() -> None:
    workdir, soffice = Path(sys.argv[1]), sys.argv[2]
    parent = os.getppid()
    inp = sys.stdin.buffer
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # stray prints of LibreOffice's Python go to the log, not into frames
    bridge = Bridge(workdir, soffice)
    closed = False
    threading.Thread(target=_watch_parent, args=(bridge, parent), daemon=True).start()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: sys.exit(0))
    try:
        bridge.start()
        soffice_pid = bridge.proc.pid if bridge.proc else 0
        _send(out, {"ok": True, "ready": True, "soffice_pid": soffice_pid, "sockets": bridge.socket_paths})
        while True:
            raw = _read_exact(inp, FRAME.size)
            if raw is None:
                closed = True  # the service died (it kills a bridge before closing its pipes)
                return
            head_len, body_len = FRAME.unpack(raw)
            head = _read_exact(inp, head_len)
            body = _read_exact(inp, body_len)
            if head is None or body is None:
                closed = True
                return
            request = json.loads(head)
            if request.get("op") == "ping":
                _send(out, {"ok": bridge.alive()})
                continue
            try:
                pdf = bridge.convert(body, bool(request.get("destinations")))
            except Exception as exc:  # UNO exceptions are not importable by name up front
                cause = f"{type(exc).__name__}: {exc}"
                if bridge.alive():
                    _send(out, {"ok": False, "error": "rejected", "cause": cause})
                    continue
                _send(out, {"ok": False, "error": "dead", "cause": cause})
                return
            _send(out, {"ok": True}, pdf)
    finally:
        bridge.stop()
        if closed or os.getppid() != parent:  # the service is gone: nobody else will clean
            shutil.rmtree(workdir, ignore_errors=True)
        else:  # the service deletes WORKDIR, after reading bridge.log
            shutil.rmtree(workdir / "profile", ignore_errors=True)


if __name__ == "__main__":
    main()
