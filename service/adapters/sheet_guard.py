"""Bounds on the work an uploaded spreadsheet can cause, before and while it is read.

Two layers (service/adapters/spreadsheet.py uses both):

* ``scan_parts`` reads every member of an .xlsx once, streaming, before openpyxl sees any:
  - every member that looks like XML (whatever its name) goes through expat, which refuses a
    DOCTYPE or an entity declaration anywhere in it (after a long comment, in a part named
    ``.bin``, in UTF-16…); an XML member in an encoding expat does not know is refused too
    (genuine OOXML is UTF-8 or UTF-16);
  - markup is counted as it streams (the ``<`` of every tag, at C speed): a file holding more
    than ``max_cells`` elements' worth of markup is refused, however well it compresses —
    a zip ratio guard does not bound work (11 million tiny shared strings stay under any
    ratio and cost minutes of CPU and gigabytes in openpyxl).
* ``run_limited`` runs the whole reading in a child process forked for it, with a CPU-time
  limit, an address-space limit and a wall-clock timeout, dying with its parent
  (``PR_SET_PDEATHSIG``): whatever a file finds that the scan did not foresee, it costs one
  short-lived process, never the web worker.
"""

from __future__ import annotations

import ctypes
import os
import pickle
import resource
import select
import signal
import time
import zipfile
from collections.abc import Callable
from typing import Any
from xml.parsers import expat

from service.domain.text import thousands

MSG_TOO_MUCH = (
    "Bảng tính có quá nhiều ô hoặc chuỗi ký tự (giới hạn {cells}); hãy chia thành nhiều tệp nhỏ hơn."
)
MSG_LIMIT = (
    "Đọc bảng tính vượt quá thời gian hoặc bộ nhớ cho phép; hãy chia thành nhiều tệp nhỏ hơn "
    "hoặc mở bằng Excel và lưu lại."
)
MSG_DOCTYPE = "Tệp bảng tính chứa khai báo DOCTYPE/ENTITY không được phép; hãy mở bằng Excel và lưu lại."
CHUNK = 1 << 16
_PR_SET_PDEATHSIG = 1
_XMLISH = (b"<", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00<", b"<\x00", b"\x4c\x6f\xa7\x94")


class SheetRefused(Exception):
    """The file is refused; ``message`` says why in the clerk's words."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class _Declared(Exception):
    pass


def _refuse(*_: Any) -> None:
    raise _Declared


def _looks_like_xml(head: bytes) -> bool:
    """Whether a member's first bytes are those of an XML document in any encoding.

    >>> _looks_like_xml(b'<?xml version="1.0"?>'), _looks_like_xml(b"\\x89PNG"), _looks_like_xml(b" \\n<a/>")
    (True, False, True)
    """
    return head.lstrip(b" \t\r\n").startswith(_XMLISH)


def scan_parts(archive: zipfile.ZipFile, max_cells: int) -> None:
    """Refuse DOCTYPE/ENTITY anywhere and markup beyond the budget (SheetRefused); a damaged
    member raises what zipfile raises."""
    budget = 4 * max_cells + 100_000  # tags (start and end) of cells, shared strings and the rest
    seen = 0
    for info in archive.infolist():
        if info.is_dir():
            continue
        parser = expat.ParserCreate()
        parser.StartDoctypeDeclHandler = _refuse
        parser.EntityDeclHandler = _refuse
        parser.UnparsedEntityDeclHandler = _refuse
        parser.ExternalEntityRefHandler = _refuse  # type: ignore[assignment]
        xml: bool | None = None
        try:
            with archive.open(info) as part:
                while chunk := part.read(CHUNK):
                    if xml is None:
                        xml = _looks_like_xml(chunk[:64])
                        if not xml:
                            break
                    seen += chunk.count(b"<")
                    if seen > budget:
                        raise SheetRefused(MSG_TOO_MUCH.format(cells=thousands(max_cells)))
                    parser.Parse(chunk, False)
                if xml:
                    parser.Parse(b"", True)
        except _Declared as exc:
            raise SheetRefused(MSG_DOCTYPE) from exc
        except expat.ExpatError as exc:
            if exc.code in (
                expat.errors.codes[expat.errors.XML_ERROR_UNKNOWN_ENCODING],
                expat.errors.codes[expat.errors.XML_ERROR_INCORRECT_ENCODING],
            ):
                raise SheetRefused(MSG_DOCTYPE) from exc
            continue  # not well-formed: the reader says the file is damaged if it needs the part


# --------------------------------------------------------------------------- the child process


def _vm_size() -> int:
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _die_with_parent() -> None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def _child(fn: Callable[[], Any], write_fd: int, cpu_s: int, memory_bytes: int) -> None:
    code = 0
    try:
        _die_with_parent()
        signal.setitimer(signal.ITIMER_REAL, 0)  # the web server's alarms mean nothing here
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGQUIT, signal.SIGHUP, signal.SIGALRM):
            signal.signal(sig, signal.SIG_DFL)
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_s, cpu_s + 1))
        if memory_bytes > 0:
            limit = _vm_size() + memory_bytes
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        try:
            out: tuple[str, Any] = ("ok", fn())
        except MemoryError:
            out = ("limit", None)
        except BaseException as exc:
            out = ("error", exc)
        try:
            payload = pickle.dumps(out, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # an unpicklable exception
            payload = pickle.dumps(("error", RuntimeError(repr(exc))))
        view = memoryview(payload)
        while view:
            view = view[os.write(write_fd, view) :]
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def run_limited(fn: Callable[[], Any], *, timeout_s: float, memory_bytes: int) -> Any:
    """``fn()`` in a forked child limited to ``timeout_s`` seconds (CPU and wall clock) and
    ``memory_bytes`` more address space than the parent; its exception re-raised here, or
    SheetRefused when it hit a limit."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(read_fd)
        _child(fn, write_fd, max(1, int(timeout_s)), memory_bytes)
    os.close(write_fd)
    chunks: list[bytes] = []
    end = time.monotonic() + timeout_s + 1
    timed_out = False
    try:
        while True:
            left = end - time.monotonic()
            if left <= 0:
                timed_out = True
                break
            ready, _, _ = select.select([read_fd], [], [], left)
            if not ready:
                continue
            chunk = os.read(read_fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_fd)
        if timed_out:
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    if timed_out or not chunks:
        raise SheetRefused(MSG_LIMIT)
    status, value = pickle.loads(b"".join(chunks))
    if status == "ok":
        return value
    if status == "limit":
        raise SheetRefused(MSG_LIMIT)
    raise value
