"""Uploaded templates render in a child process that the parent kills at the deadline.

A thread cannot be stopped, and some work cannot be interrupted from inside Python (one huge
multiplication, a loop that calls nothing). So each service process keeps one child
(`python -m service.adapters.template_worker`), started on first use, that renders with
docxtpl in the sandbox of `template_sandbox`:

* its address space is limited (``RLIMIT_AS``), its CPU time too, and it dies with its parent
  (``PR_SET_PDEATHSIG``, and it exits when its input pipe closes);
* the parent waits at most the deadline plus one second for an answer, then kills it with
  SIGKILL and starts a new one on the next render;
* the exchange is JSON and raw bytes over pipes (no pickle): the child never sends the parent
  anything the parent would execute.

The child renders with docxtpl's own `DocxTemplate.render` (a new object per render, as the field
notes advise), so an uploaded docxtpl template gives exactly the text plain docxtpl gives.
"""

from __future__ import annotations

import io
import json
import os
import select
import signal
import struct
import subprocess
import sys
import threading
import time
import weakref
from dataclasses import asdict
from typing import Any

from service.adapters.template_sandbox import Limits
from service.errors import AdapterError, TemplateFailed

_HEADER = struct.Struct("<I")
MAX_FRAME = 512 * 1024 * 1024


class TemplateRenderFailed(AdapterError):
    """The template could not render these data (its defect, a limit, or the deadline): 422."""

    problem = TemplateFailed

    def __init__(self, message: str, *, kind: str = "template"):
        super().__init__(f"uploaded template failed ({kind}): {message}", message)
        self.message = message
        self.kind = kind


# ----------------------------------------------------------------------------- framing
def _write_frame(stream: Any, payload: bytes) -> None:
    stream.write(_HEADER.pack(len(payload)))
    stream.write(payload)


def _read_exact(fd: int, n: int, deadline: float | None) -> bytes:
    chunks, got = [], 0
    while got < n:
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise TimeoutError
        chunk = os.read(fd, min(n - got, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def _read_frame(fd: int, deadline: float | None = None, limit: int = MAX_FRAME) -> bytes:
    (size,) = _HEADER.unpack(_read_exact(fd, _HEADER.size, deadline))
    if size > limit:
        raise EOFError("frame too large")
    return _read_exact(fd, size, deadline)


# ----------------------------------------------------------------------------- parent side
class TemplateRunner:
    """The parent's handle on its rendering child (one per process, thread-safe)."""

    def __init__(self, limits: Limits | None = None, *, memory_mb: int = 768, max_docx_bytes: int = 64 << 20):
        self.limits = limits or Limits()
        self.memory_mb = memory_mb
        self.max_docx_bytes = max_docx_bytes
        self._lock = threading.Lock()
        self._proc: subprocess.Popen[bytes] | None = None
        self._owner = 0
        self._known: set[str] = set()

    def _start(self) -> subprocess.Popen[bytes]:
        if self._proc is not None and self._owner == os.getpid() and self._proc.poll() is None:
            return self._proc
        if self._proc is not None and self._owner == os.getpid():
            self._kill()
        config = json.dumps({"limits": asdict(self.limits), "memory_mb": self.memory_mb})
        root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "service.adapters.template_worker", str(os.getpid()), config],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            cwd=root,
            close_fds=True,
            start_new_session=False,
        )
        self._owner = os.getpid()
        self._known = set()
        weakref.finalize(self, _reap, self._proc, self._owner)  # a forgotten runner takes its child along
        try:  # the child says it is ready once its imports are done: its start is not a render's time
            assert self._proc.stdout is not None
            ready = json.loads(_read_frame(self._proc.stdout.fileno(), time.monotonic() + 60, limit=1024))
            if not ready.get("ready"):
                raise EOFError
        except (TimeoutError, EOFError, OSError, ValueError):
            self._kill()
            raise TemplateRenderFailed(
                "Không khởi động được tiến trình tạo văn bản từ mẫu.", kind="crash"
            ) from None
        return self._proc

    def _kill(self) -> None:
        proc, self._proc = self._proc, None
        self._known = set()
        if proc is None:
            return
        try:
            proc.kill()
        except ProcessLookupError:
            pass
        for stream in (proc.stdin, proc.stdout):
            try:
                stream.close()  # type: ignore[union-attr]
            except OSError:
                pass
        proc.wait()

    def close(self) -> None:
        with self._lock:
            if self._owner == os.getpid():
                self._kill()

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None and self._owner == os.getpid() else None

    def render(self, template: bytes, digest: str, context: dict[str, Any]) -> bytes:
        """The .docx bytes of `template` rendered with `context`, or TemplateRenderFailed."""
        with self._lock:
            proc = self._start()
            send_template = digest not in self._known
            request = {"digest": digest, "context": context, "with_template": send_template}
            # The start of a child (imports) is not the template's time.
            deadline = time.monotonic() + self.limits.timeout_s + 1.0
            try:
                assert proc.stdin is not None and proc.stdout is not None
                _write_frame(proc.stdin, json.dumps(request, ensure_ascii=False).encode("utf-8"))
                if send_template:
                    _write_frame(proc.stdin, template)
                proc.stdin.flush()
                fd = proc.stdout.fileno()
                answer = json.loads(_read_frame(fd, deadline, limit=1 << 20))
                data = _read_frame(fd, deadline, limit=self.max_docx_bytes) if answer.get("ok") else b""
            except TimeoutError:
                self._kill()
                raise TemplateRenderFailed(
                    f"Mẫu chạy quá {self.limits.timeout_s:g} giây nên đã bị dừng.", kind="timeout"
                ) from None
            except (EOFError, OSError, ValueError):
                self._kill()
                raise TemplateRenderFailed(
                    "Mẫu làm tiến trình tạo văn bản dừng bất thường (quá bộ nhớ hoặc quá giới hạn).",
                    kind="crash",
                ) from None
            except BaseException:  # the request's own deadline (SIGALRM) mid-exchange
                self._kill()
                raise
            if send_template:
                self._known.add(digest)
            if not answer.get("ok"):
                if answer.get("kind") in ("limit", "security"):
                    self._kill()  # a child that hit a limit may keep its memory: start afresh
                raise TemplateRenderFailed(str(answer.get("error"))[:2000], kind=str(answer.get("kind")))
            return data


def _reap(proc: subprocess.Popen[bytes], owner: int) -> None:
    if os.getpid() == owner and proc.poll() is None:
        proc.kill()
        proc.wait()


# ----------------------------------------------------------------------------- child side
def _die_with_parent(parent: int) -> None:
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:
        os._exit(0)


def _limit_resources(memory_mb: int) -> None:
    import resource

    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_NOFILE, (64, 64))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))  # the child writes no file
    sys.setrecursionlimit(1500)


def _describe(exc: BaseException) -> tuple[str, str]:
    """(kind, Vietnamese message) of a render failure; never a traceback or a server path."""
    from jinja2 import TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError, TemplateError

    from service.adapters.template_sandbox import TemplateLimitExceeded

    if isinstance(exc, TemplateLimitExceeded):
        return "limit", f"Mẫu vượt giới hạn: {exc}."
    if isinstance(exc, SecurityError):
        return "security", "Mẫu dùng một thao tác không được phép trong hộp cát (sandbox)."
    if isinstance(exc, UndefinedError):
        return "undefined", f"Mẫu dùng biến không có trong dữ liệu: {exc.message}."
    if isinstance(exc, TemplateSyntaxError):
        return "syntax", f"Thẻ mẫu sai cú pháp (dòng {exc.lineno}): {exc.message}."
    if isinstance(exc, TemplateError):
        return "template", f"Mẫu không tạo được văn bản: {exc.message}."
    if isinstance(exc, MemoryError):
        return "limit", "Mẫu dùng quá nhiều bộ nhớ."
    if isinstance(exc, RecursionError):
        return "limit", "Mẫu gọi lồng nhau quá sâu (macro đệ quy)."
    return "template", f"Mẫu không tạo được văn bản ({type(exc).__name__}: {str(exc)[:300]})."


def _child(parent: int, config: dict[str, Any]) -> None:
    _die_with_parent(parent)
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # stray prints go to stderr, never into the answer stream
    fd_in = sys.stdin.fileno()
    from docxtpl import DocxTemplate

    from service.adapters.template_blocks import make_sandbox

    env = make_sandbox(Limits(**config["limits"]))
    _limit_resources(int(config["memory_mb"]))
    templates: dict[str, bytes] = {}
    _write_frame(out, b'{"ready": true}')
    out.flush()
    while True:
        try:
            request = json.loads(_read_frame(fd_in))
            if request.get("with_template"):
                templates[request["digest"]] = _read_frame(fd_in)
        except EOFError:
            return
        answer: dict[str, Any]
        data = b""
        try:
            source = templates[request["digest"]]
            tpl = DocxTemplate(io.BytesIO(source))
            env.start()
            tpl.render(request["context"], jinja_env=env, autoescape=True)
            buf = io.BytesIO()
            tpl.save(buf)
            data = buf.getvalue()
            answer = {"ok": True}
        except BaseException as exc:  # every failure is an answer, the child keeps serving
            kind, message = _describe(exc)
            answer = {"ok": False, "kind": kind, "error": message}
        _write_frame(out, json.dumps(answer, ensure_ascii=False).encode("utf-8"))
        if answer["ok"]:
            _write_frame(out, data)
        out.flush()


if __name__ == "__main__":
    _child(int(sys.argv[1]), json.loads(sys.argv[2]))
