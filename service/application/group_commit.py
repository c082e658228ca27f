"""Group commit: the writes that arrive together in one process share one transaction.

Giving a number costs a transaction, and a durable commit costs a flush to disk (fsync) that
takes longer than rendering the document. When several requests of one worker want a number at
the same moment, the first becomes the *leader*: it calls `run(take)`, which obtains the write
lock and only then calls `take()` for the group: every request waiting by then (up to
`max_group`), so the time spent waiting for the lock grows the group instead of the queue. One
transaction, one flush; each request gets its own outcome, and the lead passes to the first
request that arrived meanwhile. A lone request is a group of one, so a quiet service behaves
exactly as before; a busy one pays one flush per group instead of one per number.

Requests announce themselves early (`announce`, while they are still being validated and
rendered): before taking the lock, a leader waits for those, at most `max_wait_s`, so the group
holds every request already under way instead of leaving half of them to a group of their own
(PostgreSQL's commit_delay/commit_siblings idea, counted instead of guessed).

`run` must give every item taken an outcome, (value, None) or (None, the exception its own
request raises); when `run` raises instead, every item of the group gets that exception.
Nothing here knows about databases.

>>> groups = []
>>> def run(take):
...     items = take()  # a real `run` takes its lock first
...     groups.append(items)
...     return [(x * 2, None) if x else (None, ValueError("zero")) for x in items]
>>> gc = GroupCommit(run)
>>> gc.submit(21), groups
(42, [[21]])
>>> gc.submit(0)
Traceback (most recent call last):
ValueError: zero
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

T = TypeVar("T")

# An item's outcome: (value, None) or (None, the exception to raise in its request).
Outcome = tuple[Any, BaseException | None]


class _Ticket(Generic[T]):
    __slots__ = ("event", "item", "lead", "outcome")

    def __init__(self, item: T):
        self.item = item
        self.event = threading.Event()
        self.lead = False
        self.outcome: Outcome | None = None


class GroupCommit(Generic[T]):
    """Thread-safe; one per process (a forked worker gets its own copy's fresh state)."""

    def __init__(
        self,
        run: Callable[[Callable[[], list[T]]], Sequence[Outcome]],
        *,
        max_group: int = 32,
        max_wait_s: float = 0.002,
    ):
        self._run = run
        self.max_group = max(1, max_group)
        self.max_wait_s = max_wait_s
        self._mu = threading.Lock()
        self._arrived = threading.Condition(self._mu)
        self._waiting: list[_Ticket[T]] = []
        self._leading = False  # invariant: when False, nobody is waiting
        self._coming = 0  # requests announced, not yet submitted

    def announce(self) -> Arrival[T]:
        """A request on its way (still being validated and rendered): the leader of the next
        group waits for it. Use as a context manager and `submit` through it."""
        with self._mu:
            self._coming += 1
        return Arrival(self)

    def submit(self, item: T) -> Any:
        """Run `item` in the next group and return its value (or raise its exception)."""
        return self._submit(item, announced=False)

    def _submit(self, item: T, *, announced: bool) -> Any:
        ticket: _Ticket[T] = _Ticket(item)
        with self._mu:
            self._waiting.append(ticket)
            if announced:
                self._coming -= 1
                self._wake_gatherer()
            if not self._leading:
                self._leading = ticket.lead = True
        try:
            if not ticket.lead:
                ticket.event.wait()  # woken with an outcome, or to lead the next group
            if ticket.outcome is None:
                self._lead(ticket)
        except BaseException:
            # raised into this thread while it waited (a request's deadline): nobody may be
            # left waiting for it, above all not the group it was to lead
            self._abandon(ticket)
            raise
        assert ticket.outcome is not None
        value, error = ticket.outcome
        if error is not None:
            raise error
        return value

    def _abandon(self, ticket: _Ticket[T]) -> None:
        with self._mu:
            if any(t is ticket for t in self._waiting):
                self._waiting.remove(ticket)
                if ticket.lead:
                    self._pass_lead()
            # else: taken into a group, whose leader answers it and passes the lead on

    def _pass_lead(self) -> None:
        """(Under the mutex.) The first request still waiting leads the next group."""
        if self._waiting:
            self._waiting[0].lead = True
            self._waiting[0].event.set()
        else:
            self._leading = False

    def _withdraw(self) -> None:
        with self._mu:
            self._coming -= 1
            self._wake_gatherer()

    def _wake_gatherer(self) -> None:
        """(Under the mutex.) Wake a gathering leader only when its wait is over: every
        announced request has arrived, or the group is full (one wake-up, not one per arrival)."""
        if not self._coming or len(self._waiting) >= self.max_group:
            self._arrived.notify_all()

    def _lead(self, me: _Ticket[T]) -> None:
        group: list[_Ticket[T]] = []
        taken = False

        def take() -> list[T]:
            nonlocal taken
            if not taken:
                taken = True
                self._take(group)
            return [t.item for t in group]

        try:
            self._gather()
            try:
                outcomes = list(self._run(take))
                take()
                if len(outcomes) != len(group):
                    raise RuntimeError(f"group commit: {len(outcomes)} outcomes for {len(group)} items")
            except BaseException as exc:  # every request of the group gets an answer
                take()
                outcomes = [(None, exc)] * len(group)
            for ticket, outcome in zip(group, outcomes, strict=True):
                ticket.outcome = outcome
        finally:  # whatever happened, even an exception raised into this thread: nobody left waiting
            for ticket in group:
                if ticket.outcome is None:
                    ticket.outcome = (None, RuntimeError("group commit interrupted"))
            with self._mu:
                if not taken and any(t is me for t in self._waiting):
                    self._waiting.remove(me)  # interrupted before its group was formed
                self._pass_lead()
            for ticket in group:
                ticket.event.set()

    def _gather(self) -> None:
        """Before the lock: wait (at most `max_wait_s`) for the requests already announced."""
        with self._mu:
            deadline = time.monotonic() + self.max_wait_s
            while self._coming and len(self._waiting) < self.max_group:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._arrived.wait(left)

    def _take(self, group: list[_Ticket[T]]) -> None:
        """The group: every request waiting now (at most `max_group`)."""
        with self._mu:
            group.extend(self._waiting[: self.max_group])
            del self._waiting[: self.max_group]


class Arrival(Generic[T]):
    """An announced request: `submit` it once, or leave the `with` block to withdraw it."""

    def __init__(self, group: GroupCommit[T]):
        self._group = group
        self._open = True

    def submit(self, item: T) -> Any:
        if not self._open:
            raise RuntimeError("this arrival was already submitted or withdrawn")
        self._open = False
        return self._group._submit(item, announced=True)

    def __enter__(self) -> Arrival[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._open:
            self._open = False
            self._group._withdraw()
