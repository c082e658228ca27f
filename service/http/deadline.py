"""The render deadline of one request, in whatever thread serves it.

gunicorn serves requests from a pool of threads (gthread workers: a slow client holds one
thread, not the whole worker), so the deadline cannot be a SIGALRM, which only ever reaches
the main thread. Instead one watchdog thread per process keeps the armed deadlines; when one
passes, it raises ``RenderDeadline`` (a ``RenderTimeout`` → 503 problem) in the request's
thread with ``PyThreadState_SetAsyncExc``. Like a signal handler, the exception surfaces
at the next Python bytecode of that thread: a blocking call (a socket read, a database lock)
ends on its own timeout first — those are set below the deadline (``time_left``).

Arming and disarming share a lock with the watchdog; a deadline fired just as its request
ended is cleared before the thread goes on to anything else, so the exception can never
land in a later request.

An exception raised while the thread runs a finalizer (``__del__``, a garbage collector
callback) cannot leave it: Python reports it to ``sys.unraisablehook`` and goes on. A
deadline landing there would be lost, and the render would run on to the worker's timeout.
The hook this module puts in front (on each `arm`, so a hook set later, pytest's for
instance, is wrapped too) gives a swallowed ``RenderDeadline`` back to the watchdog, which
raises it again moments later.
"""

from __future__ import annotations

import ctypes
import sys
import threading
import time
from typing import Any

from service.errors import RenderTimeout

_set_async_exc = ctypes.pythonapi.PyThreadState_SetAsyncExc
_set_async_exc.argtypes = (ctypes.c_ulong, ctypes.py_object)
_set_async_exc.restype = ctypes.c_int


class RenderDeadline(RenderTimeout):
    """Raised in a request's thread when its deadline passes (made without arguments)."""

    def __init__(self) -> None:
        super().__init__(
            "Tạo văn bản quá thời gian cho phép; hãy rút gọn nội dung hoặc thử lại sau.",
            cause="render deadline exceeded",
            headers={"Retry-After": "5"},
        )


REFIRE_S = 0.005  # a deadline swallowed by a finalizer is raised again after this


class _Watchdog:
    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._armed: dict[int, float] = {}  # thread ident -> monotonic deadline
        self._fired: set[int] = set()
        self._thread: threading.Thread | None = None

    def arm(self, seconds: float) -> None:
        ident = threading.get_ident()
        _install_hook()
        with self._lock:
            self._armed[ident] = time.monotonic() + seconds
            self._fired.discard(ident)
            if self._thread is None or not self._thread.is_alive():  # also after a fork
                self._thread = threading.Thread(target=self._run, name="render-deadline", daemon=True)
                self._thread.start()
            self._lock.notify()

    def disarm(self) -> None:
        ident = threading.get_ident()
        with self._lock:
            self._armed.pop(ident, None)
            if ident in self._fired:  # fired as the request ended: drop it if still pending
                self._fired.discard(ident)
                _set_async_exc(ident, ctypes.py_object())

    def swallowed(self) -> None:
        """This thread's deadline was raised inside a finalizer and swallowed: raise it again
        (unless its request has ended meanwhile)."""
        ident = threading.get_ident()
        with self._lock:
            if ident in self._fired and ident not in self._armed:
                self._fired.discard(ident)
                self._armed[ident] = time.monotonic() + REFIRE_S
                self._lock.notify()

    def left(self) -> float | None:
        with self._lock:
            at = self._armed.get(threading.get_ident())
        return None if at is None else at - time.monotonic()

    def _run(self) -> None:
        with self._lock:
            while True:
                now = time.monotonic()
                for ident, at in list(self._armed.items()):
                    if at <= now:
                        del self._armed[ident]
                        self._fired.add(ident)
                        _set_async_exc(ident, RenderDeadline)
                nearest = min(self._armed.values(), default=None)
                self._lock.wait(None if nearest is None else max(0.0, nearest - now))


_WATCHDOG = _Watchdog()


def _install_hook() -> None:
    """Put the deadline's hook in front of whatever `sys.unraisablehook` is now."""
    current = sys.unraisablehook
    if getattr(current, "_vb_deadline", False):
        return

    def hook(unraisable: Any) -> None:
        if isinstance(unraisable.exc_value, RenderDeadline):
            _WATCHDOG.swallowed()
            return
        current(unraisable)

    hook._vb_deadline = True  # type: ignore[attr-defined]
    sys.unraisablehook = hook


def arm(seconds: float) -> None:
    """Raise RenderDeadline in this thread after `seconds` unless disarmed first."""
    _WATCHDOG.arm(seconds)


def disarm() -> None:
    _WATCHDOG.disarm()


def time_left(margin: float = 1.0) -> float | None:
    """Seconds left before this thread's deadline, less `margin` (at least 0.05); None when
    no deadline is armed. Give it to blocking calls (a converter, a lock) as their timeout."""
    left = _WATCHDOG.left()
    return None if left is None else max(0.05, left - margin)
