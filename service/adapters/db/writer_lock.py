"""Turns for SQLite's writers: a file lock beside the database, shared by every process and
thread of the machine, waited for without polling and given up after a timeout.

SQLite's own wait for a busy database sleeps 1, 2, 5, 10 … ms between tries, far longer than
a write of the register lasts, and a poller that wakes late loses the turn to a writer that is
ready: with two workers one of them starved for tens of milliseconds while the other took
turn after turn. A blocking `flock` is woken by the kernel the moment the lock is free, and the
kernel frees it when its holder dies (kill -9 included). The wait runs in a helper thread so
that the caller can stop waiting at its deadline; a helper that obtains the lock after its
caller gave up releases it at once.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import threading
from collections.abc import Iterator
from pathlib import Path


class WriterLockTimeout(Exception):
    """The turn did not come within the timeout."""


class WriterLock:
    def __init__(self, path: Path):
        self.path = path

    @contextlib.contextmanager
    def turn(self, timeout_s: float) -> Iterator[None]:
        """Hold the lock for the block; WriterLockTimeout when it is not ours in time. Whatever
        interrupts the wait or the block (a request's deadline raised into the thread too), the
        lock is let go or handed on: it can never stay taken by a descriptor nobody closes."""
        wait = _Wait(os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600))
        try:
            if not wait.acquire(timeout_s):
                raise WriterLockTimeout(f"{self.path.name}: not obtained within {timeout_s} s")
            yield
        finally:
            wait.release()


class _Wait:
    """One attempt at the lock on its own descriptor (an open file description of its own, so
    threads of one process exclude each other too). The descriptor is closed exactly once: by
    `release`, or by the helper when it obtains the lock after the caller gave up."""

    def __init__(self, fd: int):
        self.fd = fd
        self._mu = threading.Lock()
        self._held = False
        self._abandoned = False  # the caller stopped waiting
        self._finished = False  # the helper returned
        self._closed = False
        self._done = threading.Event()

    def acquire(self, timeout_s: float) -> bool:
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            self._held = True
            return True
        except BlockingIOError:
            pass
        threading.Thread(target=self._block, name="vb-writer-turn", daemon=True).start()
        try:
            self._done.wait(timeout_s)
        finally:
            with self._mu:
                if not self._held:
                    self._abandoned = True
        return self._held

    def release(self) -> None:
        with self._mu:
            if self._closed or (self._abandoned and not self._finished):
                return  # already closed, or the helper still waits and will close it
            self._closed = True
        os.close(self.fd)  # lets the lock go

    def _block(self) -> None:
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX)  # the GIL is released while the kernel waits
            ok = True
        except OSError:
            ok = False
        with self._mu:
            self._finished = True
            if self._abandoned:  # too late for the caller: hand the turn on at once
                if not self._closed:
                    self._closed = True
                    os.close(self.fd)
                return
            self._held = ok
        self._done.set()
