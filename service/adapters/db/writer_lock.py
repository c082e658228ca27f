"""Turns for SQLite's writers: a file lock beside the database, shared by every process and
thread of the machine, waited for without polling and given up after a timeout.

SQLite's own wait for a busy database sleeps 1, 2, 5, 10 … ms between tries, far longer than
a write of the register lasts, and a poller that wakes late loses the turn to a writer that is
ready: with two workers one of them starved for tens of milliseconds while the other took
turn after turn. A blocking `flock` is woken by the kernel the moment the lock is free, and the
kernel frees it when its holder dies (kill -9 included).

The blocking wait runs in ONE helper thread per process, which serves the waiting writers in
order, so that a caller can stop waiting at its deadline. A writer that gave up is skipped;
if the helper obtains the lock for it too late, it lets the lock go at once. However long a
holder hangs (a stopped process), a process has at most that one thread and one descriptor
waiting: writers that time out leave nothing behind.
"""

from __future__ import annotations

import collections
import contextlib
import fcntl
import os
import threading
from collections.abc import Iterator
from pathlib import Path


class WriterLockTimeout(Exception):
    """The turn did not come within the timeout."""


class _Request:
    """One writer waiting for the helper: `fd` is set when the lock is its."""

    __slots__ = ("abandoned", "done", "fd")

    def __init__(self) -> None:
        self.fd: int | None = None
        self.abandoned = False
        self.done = threading.Event()


class WriterLock:
    def __init__(self, path: Path):
        self.path = path
        self._mu = threading.Lock()
        self._queue: collections.deque[_Request] = collections.deque()
        self._helper: threading.Thread | None = None
        self._pid = os.getpid()

    @contextlib.contextmanager
    def turn(self, timeout_s: float) -> Iterator[None]:
        """Hold the lock for the block; WriterLockTimeout when it is not ours in time. Whatever
        interrupts the wait or the block (a request's deadline raised into the thread too), the
        lock is let go or handed on: it can never stay taken by a descriptor nobody closes."""
        fd = self._acquire(timeout_s)
        try:
            yield
        finally:
            os.close(fd)  # lets the lock go

    def _open(self) -> int:
        return os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)

    def _acquire(self, timeout_s: float) -> int:
        fd = self._open()  # a descriptor of its own: threads of one process exclude each other too
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            os.close(fd)
        except BaseException:
            os.close(fd)
            raise
        request = _Request()
        with self._mu:
            if self._pid != os.getpid():  # a forked child: the parent's helper is not here
                self._pid, self._queue, self._helper = os.getpid(), collections.deque(), None
            self._queue.append(request)
            if self._helper is None:
                self._helper = threading.Thread(target=self._serve, name="vb-writer-turn", daemon=True)
                self._helper.start()
        try:
            request.done.wait(timeout_s)
        except BaseException:  # raised into this thread while it waited (a request's deadline)
            got = self._settle(request)
            if got is not None:
                os.close(got)  # it came just now: hand it on
            raise
        got = self._settle(request)
        if got is None:
            raise WriterLockTimeout(f"{self.path.name}: not obtained within {timeout_s} s")
        return got

    def _settle(self, request: _Request) -> int | None:
        """The lock's descriptor if the helper got it for `request`; else `request` is given
        up (the helper skips it, or lets the lock go if it obtains it later)."""
        with self._mu:
            if request.fd is None:
                request.abandoned = True
                with contextlib.suppress(ValueError):
                    self._queue.remove(request)
            return request.fd

    def _serve(self) -> None:
        """The helper: wait for the lock for each writer in turn; stop when none waits."""
        try:
            self._serve_queue()
        finally:  # even on an unexpected error: the next writer starts a helper again
            with self._mu:
                if self._helper is threading.current_thread():
                    self._helper = None

    def _serve_queue(self) -> None:
        while True:
            with self._mu:
                if not self._queue:
                    self._helper = None
                    return
                request = self._queue[0]
            try:
                fd = self._open()
            except OSError:  # no descriptor to be had (EMFILE …): this writer gets no turn
                fd = -1
            else:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX)  # the GIL is released while the kernel waits
                except OSError:
                    os.close(fd)
                    fd = -1
            with self._mu:
                if self._queue and self._queue[0] is request:
                    self._queue.popleft()
                if request.abandoned or fd < 0:  # too late (or failed): hand the turn on at once
                    if fd >= 0:
                        os.close(fd)
                    request.done.set()
                    continue
                request.fd = fd
            request.done.set()
