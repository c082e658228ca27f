"""The writers' turn on SQLite: one holder at a time across processes and threads, a waiter
woken as soon as the lock is free, a timeout that answers instead of hanging, and a waiter
that gave up never keeps the lock afterwards."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

import pytest

from service.adapters.db.writer_lock import WriterLock, WriterLockTimeout

HOLD = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
fcntl.flock(fd, fcntl.LOCK_EX)
print("held", flush=True)
sys.stdin.readline()  # release when told
"""

TRY = """
import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDWR)
try:
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    print("free")
except BlockingIOError:
    print("taken")
"""


def _holder(path):
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout.readline().strip() == "held"
    return proc


def _state(path) -> str:
    return subprocess.run(
        [sys.executable, "-c", TRY, str(path)], capture_output=True, text=True
    ).stdout.strip()


def test_threads_of_one_process_take_turns(tmp_path):
    lock = WriterLock(tmp_path / "db.writer")
    inside, most = [0], [0]
    mu = threading.Lock()

    def work() -> None:
        for _ in range(20):
            with lock.turn(10):
                with mu:
                    inside[0] += 1
                    most[0] = max(most[0], inside[0])
                time.sleep(0.0005)
                with mu:
                    inside[0] -= 1

    threads = [threading.Thread(target=work) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert most[0] == 1
    assert _state(tmp_path / "db.writer") == "free"


def test_a_waiter_is_woken_when_the_holder_lets_go(tmp_path):
    path = tmp_path / "db.writer"
    holder = _holder(path)
    got = []

    def wait() -> None:
        with WriterLock(path).turn(10):
            got.append(time.monotonic())

    t = threading.Thread(target=wait)
    t.start()
    time.sleep(0.2)
    assert not got
    released = time.monotonic()
    holder.stdin.write("\n")
    holder.stdin.flush()
    t.join(10)
    holder.wait(10)
    assert got and got[0] - released < 0.5


def test_a_timeout_answers_and_the_abandoned_wait_hands_the_lock_on(tmp_path):
    path = tmp_path / "db.writer"
    holder = _holder(path)
    start = time.monotonic()
    with pytest.raises(WriterLockTimeout), WriterLock(path).turn(0.2):
        pass
    assert 0.15 < time.monotonic() - start < 3
    holder.kill()  # the kernel frees the dead holder's lock; the helper that waited takes it and lets go
    holder.wait(10)
    deadline = time.monotonic() + 5
    while _state(path) != "free":
        assert time.monotonic() < deadline, "the abandoned wait kept the lock"
        time.sleep(0.05)
    with WriterLock(path).turn(1):
        assert _state(path) == "taken"


class Deadline(Exception):
    """Stands for the request deadline service/http/deadline.py raises into a thread."""


def test_a_deadline_raised_into_a_waiting_writer_never_leaves_the_lock_taken(tmp_path):
    import ctypes

    path = tmp_path / "db.writer"
    holder = _holder(path)
    outcome: list = []

    def wait() -> None:
        try:
            with WriterLock(path).turn(1.0):
                outcome.append("entered")
        except BaseException as exc:
            outcome.append(exc)

    t = threading.Thread(target=wait, daemon=True)
    t.start()
    time.sleep(0.2)
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(t.ident), ctypes.py_object(Deadline))
    t.join(10)
    assert len(outcome) == 1 and isinstance(outcome[0], (Deadline, WriterLockTimeout))
    holder.stdin.write("\n")
    holder.stdin.flush()
    holder.wait(10)
    deadline = time.monotonic() + 5
    while _state(path) != "free":  # the helper that still waited got the lock and let it go
        assert time.monotonic() < deadline, "the interrupted wait kept the lock"
        time.sleep(0.05)


def test_a_holder_that_hangs_leaves_one_waiting_thread_and_descriptor(tmp_path):
    """A holder stopped for good (here: never told to let go): every writer of this process
    times out, and however many tried, one helper thread and one descriptor wait for it;
    when the holder lets go, the next writer gets the turn at once."""
    path = tmp_path / "db.writer"
    lock = WriterLock(path)
    holder = _holder(path)
    threads, fds = threading.active_count(), len(os.listdir("/proc/self/fd"))
    try:
        for _ in range(40):
            with pytest.raises(WriterLockTimeout), lock.turn(0.02):
                pass
        assert threading.active_count() <= threads + 1
        assert len(os.listdir("/proc/self/fd")) <= fds + 1
    finally:
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(10)
    start = time.monotonic()
    with lock.turn(5):
        assert _state(path) == "taken"
    assert time.monotonic() - start < 1
    time.sleep(0.2)
    assert threading.active_count() <= threads  # the helper ends when nobody waits


def test_a_helper_without_a_descriptor_answers_at_once_and_the_next_writer_gets_one(tmp_path, monkeypatch):
    """Out of descriptors while the turn is taken: the writer hears so at once (503 upstream),
    not after its whole timeout, and the next writer is served by a new helper."""
    path = tmp_path / "db.writer"
    lock = WriterLock(path)
    holder = _holder(path)
    real, calls = lock._open, []

    def no_descriptor() -> int:
        calls.append(1)
        if len(calls) >= 2:  # the helper's own descriptor
            raise OSError(24, "Too many open files")
        return real()

    monkeypatch.setattr(lock, "_open", no_descriptor)
    start = time.monotonic()
    with pytest.raises(WriterLockTimeout), lock.turn(5):
        pass
    assert time.monotonic() - start < 1
    monkeypatch.setattr(lock, "_open", real)
    holder.stdin.write("\n")
    holder.stdin.flush()
    holder.wait(10)
    with lock.turn(5):
        assert _state(path) == "taken"
