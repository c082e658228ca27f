"""The helper processes a large batch renders on: concurrent.futures' ProcessPoolExecutor over
fork, started at once (before the batch's input is loaded, so the helpers do not carry it).

Why not multiprocessing.Pool, which this replaced: a helper that dies (the kernel's
out-of-memory killer picks the largest process) is replaced by a Pool, but the chunk it held is
never answered, and a helper killed while it waited for work leaves the task queue's lock
taken, so every later chunk waits for good (and `Pool.terminate` too). ProcessPoolExecutor
watches its helpers: when one dies, every chunk still waiting fails at once
(BrokenProcessPool, `HelperLost` here) and the pool is marked broken; a new one is started
for the next batch.

Helpers die with the process that started them (each watches its parent's pid; not
PR_SET_PDEATHSIG, which follows the thread that forked, here a web server's request thread),
and answer SIGTERM by ending.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from service.errors import AdapterError, ServiceUnavailable

WATCH_S = 0.5  # how often a helper looks whether its parent is still there


class HelperLost(AdapterError):
    """A helper process of the batch ended while it had work (killed by the system when memory
    runs out, for instance): the batch fails at once instead of waiting for its chunks."""

    problem = ServiceUnavailable
    public_message = (
        "Một tiến trình tạo văn bản của lô đã dừng giữa chừng (có thể do máy hết bộ nhớ); "
        "lô chưa được tạo, chưa số nào được cấp. Hãy gửi lại lô."
    )


class RenderPool:
    """`processes` helper processes, forked now. `submit` returns a future whose `result()`
    raises HelperLost when a helper died; `stop` ends the helpers for sure."""

    def __init__(self, processes: int) -> None:
        self.processes = max(1, processes)
        self._executor = ProcessPoolExecutor(
            self.processes,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_helper_start,
            initargs=(os.getpid(),),
        )
        self._executor.submit(int).result()  # with fork, every helper is started at the first task

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future:
        try:
            return self._executor.submit(fn, *args)
        except BrokenProcessPool as exc:
            raise HelperLost(f"render pool broken: {exc}") from None

    @staticmethod
    def result(future: Future) -> Any:
        """A task's result; HelperLost if its helper (or another) died meanwhile."""
        try:
            return future.result()
        except BrokenProcessPool as exc:
            raise HelperLost(f"a render helper ended: {exc}") from None

    @property
    def broken(self) -> bool:
        """A helper has died: the pool takes no more work (a new one is needed)."""
        return bool(getattr(self._executor, "_broken", False))

    def pids(self) -> list[int]:
        return sorted(getattr(self._executor, "_processes", None) or {})

    def stop(self, wait_s: float = 10.0) -> None:
        """End the helpers: waiting work is cancelled, running work is stopped (SIGTERM, then
        SIGKILL after `wait_s`). Never blocks longer than that."""
        procs = list((getattr(self._executor, "_processes", None) or {}).values())
        self._executor.shutdown(wait=False, cancel_futures=True)
        for proc in procs:
            with contextlib.suppress(OSError, ValueError):
                proc.terminate()
        deadline = time.monotonic() + wait_s
        for proc in procs:
            with contextlib.suppress(OSError, ValueError, AssertionError):
                proc.join(max(0.0, deadline - time.monotonic()))
                if proc.is_alive():
                    proc.kill()
                    proc.join(1)


def _helper_start(parent: int) -> None:
    """In each helper, first: end when the parent is gone; SIGTERM ends it (not the web
    server's graceful handler inherited through fork); Ctrl-C is the parent's to handle."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(WATCH_S)
        os._exit(1)

    threading.Thread(target=watch, name="vb-helper-watch", daemon=True).start()
    if os.getppid() != parent:  # the parent died before the watch started
        os._exit(1)
