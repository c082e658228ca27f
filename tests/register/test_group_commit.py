"""GroupCommit on its own (no database): requests that arrive together share one run, each
gets its own outcome, a failure never strands a waiter, the lead passes on."""

from __future__ import annotations

import threading
import time

import pytest

from service.application.group_commit import GroupCommit


class SlowFirstRun:
    """`run` that records its groups; the first run waits until `hold` is released."""

    def __init__(self) -> None:
        self.groups: list[list[int]] = []
        self.hold = threading.Event()

    def __call__(self, take):
        items = take()
        if not self.groups:
            self.hold.wait(10)
        self.groups.append(list(items))
        return [(x * 10, None) for x in items]


def _submit_all(gc: GroupCommit, values: list[int]) -> tuple[list, list[threading.Thread]]:
    results: list = [None] * len(values)

    def one(i: int) -> None:
        try:
            results[i] = gc.submit(values[i])
        except Exception as exc:  # the test reads it
            results[i] = exc

    threads = [threading.Thread(target=one, args=(i,), daemon=True) for i in range(len(values))]
    return results, threads


def _wait_until(predicate, limit: float = 10.0) -> None:
    end = time.monotonic() + limit
    while not predicate():
        assert time.monotonic() < end, "condition not reached"
        time.sleep(0.001)


def _crowd_behind_a_held_run(gc: GroupCommit, run: SlowFirstRun) -> list:
    """Items 1..8: the first leads and its run holds; the seven others queue behind it; then
    the run goes on. The results, in item order."""
    results, threads = _submit_all(gc, list(range(1, 9)))
    threads[0].start()
    _wait_until(lambda: gc._leading and not gc._waiting)  # the first leads, its run holds
    for t in threads[1:]:
        t.start()
    _wait_until(lambda: len(gc._waiting) == 7)
    run.hold.set()
    for t in threads:
        t.join(10)
    return results


def test_requests_waiting_behind_a_run_form_one_group():
    run = SlowFirstRun()
    gc = GroupCommit(run)
    results = _crowd_behind_a_held_run(gc, run)
    assert results == [i * 10 for i in range(1, 9)]
    assert run.groups[0] == [1]
    assert sorted(run.groups[1]) == list(range(2, 9))  # the seven that waited: one run, not seven
    assert not gc._leading and not gc._waiting


def test_max_group_splits_a_crowd():
    run = SlowFirstRun()
    gc = GroupCommit(run, max_group=3)
    results = _crowd_behind_a_held_run(gc, run)
    assert results == [i * 10 for i in range(1, 9)]
    assert [len(g) for g in run.groups] == [1, 3, 3, 1]
    assert sorted(x for g in run.groups for x in g) == list(range(1, 9))  # each exactly once


def test_each_item_gets_its_own_error():
    def run(take):
        return [(None, ValueError(f"bad {x}")) if x % 2 else (x, None) for x in take()]

    gc = GroupCommit(run)
    assert gc.submit(4) == 4
    with pytest.raises(ValueError, match="bad 3"):
        gc.submit(3)
    assert gc.submit(6) == 6


def test_a_run_that_raises_fails_its_whole_group_and_the_lead_passes_on():
    state = {"fail": True}

    def run(take):
        items = take()
        if state["fail"]:
            raise RuntimeError("database gone")
        return [(x, None) for x in items]

    gc = GroupCommit(run)
    with pytest.raises(RuntimeError, match="database gone"):
        gc.submit(1)
    state["fail"] = False
    assert gc.submit(2) == 2  # nobody is left holding the lead


def test_a_run_that_raises_before_taking_still_answers_everyone():
    gc = GroupCommit(lambda take: (_ for _ in ()).throw(OSError("lock timeout")))
    with pytest.raises(OSError, match="lock timeout"):
        gc.submit(1)
    assert not gc._leading and not gc._waiting


def test_a_run_with_the_wrong_number_of_outcomes_is_an_error_for_all():
    gc = GroupCommit(lambda take: take()[:0])
    with pytest.raises(RuntimeError, match="0 outcomes for 1 items"):
        gc.submit(1)


def test_the_leader_waits_for_announced_requests():
    run = SlowFirstRun()
    run.hold.set()
    gc = GroupCommit(run, max_wait_s=5.0)
    arrival = gc.announce()
    leader_result: list = []
    leader = threading.Thread(target=lambda: leader_result.append(gc.submit(1)))
    leader.start()
    time.sleep(0.05)  # the leader is gathering: the announced request is still on its way
    assert run.groups == []
    with arrival:
        assert arrival.submit(2) == 20
    leader.join(10)
    assert leader_result == [10]
    assert [sorted(g) for g in run.groups] == [[1, 2]]


def test_a_withdrawn_announcement_does_not_keep_the_leader_waiting():
    gc = GroupCommit(lambda take: [(x, None) for x in take()], max_wait_s=5.0)
    arrival = gc.announce()
    done: list = []
    leader = threading.Thread(target=lambda: done.append(gc.submit(1)))
    t0 = time.monotonic()
    leader.start()
    time.sleep(0.05)
    with arrival:
        pass  # e.g. its validation failed: it never submits
    leader.join(10)
    assert done == [1]
    assert time.monotonic() - t0 < 2.0
    with pytest.raises(RuntimeError):
        arrival.submit(3)


def test_many_threads_many_rounds_every_item_once():
    seen: list[int] = []
    lock = threading.Lock()

    def run(take):
        items = take()
        with lock:
            seen.extend(items)
        return [(x, None) for x in items]

    gc = GroupCommit(run, max_group=5)
    results, threads = _submit_all(gc, list(range(200)))
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert results == list(range(200))
    assert sorted(seen) == list(range(200))


class Deadline(Exception):
    """Stands for the request deadline that service/http/deadline.py raises into a thread."""


def _raise_in(thread: threading.Thread) -> None:
    import ctypes

    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread.ident), ctypes.py_object(Deadline))


def test_a_deadline_raised_into_a_waiting_request_strands_nobody():
    """A request whose deadline passes while it waits behind a group (it was even chosen to lead
    the next one) answers its 503; the others still get their numbers and the lead passes on."""
    run = SlowFirstRun()
    gc = GroupCommit(run)
    results, threads = _submit_all(gc, [1, 2, 3])
    threads[0].start()
    _wait_until(lambda: gc._leading and not gc._waiting)
    threads[1].start()
    _wait_until(lambda: len(gc._waiting) == 1)  # 2 will lead the next group
    threads[2].start()
    _wait_until(lambda: len(gc._waiting) == 2)
    _raise_in(threads[1])
    time.sleep(0.05)
    run.hold.set()
    for t in threads:
        t.join(10)
    assert not any(t.is_alive() for t in threads)
    assert results[0] == 10 and isinstance(results[1], Deadline) and results[2] == 30
    assert gc.submit(4) == 40 and not gc._leading


def test_a_deadline_raised_into_the_leader_answers_its_whole_group():
    started = threading.Event()

    def run(take):
        items = take()
        started.set()
        for _ in range(500):  # interrupted by the deadline (between two bytecodes)
            time.sleep(0.01)
        return [(x, None) for x in items]

    gc = GroupCommit(run)
    results, threads = _submit_all(gc, [1, 2])
    threads[0].start()
    _wait_until(lambda: gc._leading and not gc._waiting)
    threads[1].start()  # waits for the next group
    _wait_until(lambda: len(gc._waiting) == 1)
    _wait_until(started.is_set)
    _raise_in(threads[0])
    for t in threads:
        t.join(15)
    assert not any(t.is_alive() for t in threads)
    assert isinstance(results[0], Deadline)
    assert results[1] == 2  # the next group still ran
    assert not gc._leading and not gc._waiting
