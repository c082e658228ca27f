"""The batch's helper processes (service/adapters/render_pool.py): they die with their parent,
a task's own error comes back as it was, a dead helper fails the work instead of hanging it,
and `stop` ends them."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from service.adapters.render_pool import HelperLost, RenderPool

ROOT = Path(__file__).resolve().parents[2]


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _wait_gone(pids: list[int], limit_s: float = 10) -> list[int]:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline and any(_alive(p) for p in pids):
        time.sleep(0.05)
    return [p for p in pids if _alive(p)]


def _fail(message: str) -> None:
    raise ValueError(message)


def test_a_tasks_own_error_comes_back_and_the_pool_goes_on():
    pool = RenderPool(1)
    try:
        with pytest.raises(ValueError, match="hỏng"):
            pool.result(pool.submit(_fail, "hỏng"))
        assert not pool.broken
        assert pool.result(pool.submit(sum, [1, 2, 3])) == 6
    finally:
        pool.stop()


def test_a_helper_killed_while_working_fails_the_waiting_work_at_once():
    pool = RenderPool(1)
    try:
        slow = pool.submit(time.sleep, 30)
        time.sleep(0.3)  # the helper is in the task
        (pid,) = pool.pids()
        os.kill(pid, signal.SIGKILL)
        started = time.monotonic()
        with pytest.raises(HelperLost):
            pool.result(slow)
        assert time.monotonic() - started < 5
        assert pool.broken
        with pytest.raises(HelperLost):
            pool.submit(sum, [1])  # a broken pool takes no more work: the caller starts a new one
    finally:
        pool.stop()


def test_stop_ends_helpers_even_mid_task():
    pool = RenderPool(2)
    pids = pool.pids()
    assert len(pids) == 2 and all(_alive(p) for p in pids)
    pool.submit(time.sleep, 60)
    time.sleep(0.2)
    started = time.monotonic()
    pool.stop(wait_s=5)
    assert time.monotonic() - started < 7
    assert _wait_gone(pids, 2) == []


def test_helpers_die_with_their_parent_killed_by_sigkill():
    """Made by a thread that has ended since (a web server's request thread may): the helpers
    stay while their parent lives, and go when it is killed."""
    code = (
        "from service.adapters.render_pool import RenderPool\n"
        "import threading, time\n"
        "box = []\n"
        "maker = threading.Thread(target=lambda: box.append(RenderPool(2)))\n"
        "maker.start(); maker.join(); time.sleep(1.5)\n"
        "print(*box[0].pids(), flush=True)\n"
        "print(box[0].result(box[0].submit(sum, [2, 3])), flush=True)\n"
        "time.sleep(120)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout is not None
        pids = [int(p) for p in parent.stdout.readline().split()]
        assert len(pids) == 2 and all(_alive(p) for p in pids)
        assert parent.stdout.readline().strip() == "5"  # still working after their maker ended
        parent.kill()
        parent.wait(10)
        assert _wait_gone(pids) == []
    finally:
        if parent.poll() is None:
            parent.kill()
