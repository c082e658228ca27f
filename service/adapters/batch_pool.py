"""Rendering a batch's validated documents in order, in this process or on a pool of
processes (chunks of ~50, a bounded window of chunks in flight, so memory stays flat).
"""

from __future__ import annotations

import atexit
import ctypes
import gc
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator
from typing import Any

from service.adapters import template_kinds
from service.adapters.docx_render import TemplateCache
from service.adapters.docx_slots import prepare
from service.domain.context import build_context
from service.domain.kinds import KINDS
from service.errors import AdapterError, ServiceUnavailable

CHUNK = 50
POOL_MIN_ITEMS = 2 * CHUNK
HELPER_CHECK_S = 0.5  # how often a wait for the pool looks whether a helper has ended
LARGE_BATCH = 100  # from this size a batch renders on a helper pool and hands memory back after

_CACHES: dict[str, TemplateCache] = {}
_CACHE_LOCK = threading.Lock()


def _cache(templates_dir: str) -> TemplateCache:
    with _CACHE_LOCK:
        cache = _CACHES.get(templates_dir)
        if cache is None:
            cache = _CACHES[templates_dir] = TemplateCache(templates_dir)
        return cache


def render_chunk(templates_dir: str, kind_id: str, documents: list[dict[str, Any]]) -> list[bytes]:
    """Render clean documents with this process's compiled template (pool task)."""
    tpl = _cache(templates_dir).get(kind_id)
    return [tpl.render(build_context(kind_id, d)) for d in documents]


_POOL: Any = None
_POOL_PID = 0
_POOL_LOCK = threading.Lock()


def shared_pool(processes: int = 1) -> Any:
    """This process's rendering pool (fork), started on first use and kept for later batches."""
    global _POOL, _POOL_PID
    with _POOL_LOCK:
        if _POOL is None or _POOL_PID != os.getpid():
            _POOL = multiprocessing.get_context("fork").Pool(processes)
            _POOL_PID = os.getpid()
            atexit.register(close_shared_pool)
        return _POOL


def pool_for(total: int) -> Any:
    """The shared pool (one helper per core but one) for a batch of `total` documents, or None
    when it is too small to be worth one."""
    return shared_pool(max(1, (os.cpu_count() or 2) - 1)) if total >= LARGE_BATCH else None


def release_memory() -> None:
    """After a batch: stop this process's helper processes and hand the memory the batch
    freed back to the system (glibc keeps freed heap pages otherwise)."""
    close_shared_pool()
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to trim
        pass


def close_shared_pool() -> None:
    global _POOL
    with _POOL_LOCK:
        if _POOL is not None and _POOL_PID == os.getpid():
            _POOL.terminate()
            _POOL.join()
        _POOL = None


def render_ordered(
    templates_dir: str,
    kind_id: str,
    documents: list[dict[str, Any]],
    *,
    pool: Any = None,
    chunk: int = CHUNK,
    window: int = 4,
) -> Iterator[bytes]:
    """The .docx bytes of each document, in order.

    With a pool of n processes (and enough documents) this process renders every (n+1)-th
    chunk itself while the pool renders the others, at most `window` chunks ahead of the
    consumer: a batch uses n+1 cores with only n extra processes, and memory stays flat.
    """
    if kind_id not in KINDS:  # an uploaded template: rendered one by one in its sandbox
        yield from template_kinds.render_many(kind_id, documents)
        return
    yield from _in_order(render_chunk, (templates_dir, kind_id), documents, pool, chunk, window)


def draft_chunk(templates_dir: str, kind_id: str, documents: list[tuple[dict[str, Any], bytes]]) -> list[Any]:
    """Drafts of clean documents, each with its token where its number goes (pool task; see
    DocumentService.draft): the parts rendered and compressed, cut at the token."""
    tpl = _cache(templates_dir).get(kind_id)
    return [
        prepare(tpl.render_parts(build_context(kind_id, {**clean, "so": int(token)})), token)
        for clean, token in documents
    ]


def draft_ordered(
    templates_dir: str,
    kind_id: str,
    documents: list[tuple[dict[str, Any], bytes]],
    *,
    pool: Any = None,
    chunk: int = CHUNK,
    window: int = 4,
) -> Iterator[Any]:
    """`draft_chunk` over a batch of (clean data, token) of a built-in kind, in order, shared
    with the pool as `render_ordered` shares renders: a batch numbered from the register
    renders on every core before it takes its numbers."""
    yield from _in_order(draft_chunk, (templates_dir, kind_id), documents, pool, chunk, window)


class HelperLost(AdapterError):
    """A helper process of the batch ended while it had chunks (killed by the system when
    memory runs out, for instance): a multiprocessing pool replaces it but never answers for
    its chunks, so waiting for them would hang the batch for good."""

    problem = ServiceUnavailable
    public_message = (
        "Một tiến trình tạo văn bản của lô đã dừng giữa chừng (có thể do máy hết bộ nhớ); "
        "lô chưa được tạo, chưa số nào được cấp. Hãy gửi lại lô."
    )


def _helpers(pool: Any) -> frozenset[tuple[int | None, int | None]]:
    """The pool's helper processes (pid, exit code): replaced or ended ones change it."""
    return frozenset((p.pid, p.exitcode) for p in list(getattr(pool, "_pool", [])))


def _result(pool: Any, future: Any, helpers: frozenset[tuple[int | None, int | None]]) -> list[Any]:
    """A chunk's result from the pool; HelperLost as soon as a helper has ended instead."""
    while True:
        try:
            return future.get(timeout=HELPER_CHECK_S)
        except multiprocessing.TimeoutError:
            if _helpers(pool) != helpers:
                raise HelperLost(
                    f"a render helper ended: {sorted(helpers)} -> {sorted(_helpers(pool))}"
                ) from None


def _in_order(
    task: Callable[..., list[Any]],
    args: tuple[Any, ...],
    documents: list[Any],
    pool: Any,
    chunk: int,
    window: int,
) -> Iterator[Any]:
    """task(*args, a list of documents) over the documents, results in order: the pool's
    chunks as they come, this process's own (every (n+1)-th chunk) one document at a time."""
    if pool is None or len(documents) < POOL_MIN_ITEMS:
        for d in documents:  # one at a time: the consumer holds one result
            yield from task(*args, [d])
        return
    helpers = _helpers(pool)  # before any chunk is given: a change later means one died
    cycle = getattr(pool, "_processes", 1) + 1  # chunk i is ours when i % cycle == cycle - 1
    chunks = [documents[i : i + chunk] for i in range(0, len(documents), chunk)]
    futures: dict[int, Any] = {}
    submitted = 0
    for i, part in enumerate(chunks):
        while submitted < len(chunks) and submitted <= i + window * cycle:
            if submitted % cycle != cycle - 1:
                futures[submitted] = pool.apply_async(task, (*args, chunks[submitted]))
            submitted += 1
        if i % cycle == cycle - 1:
            for d in part:
                yield from task(*args, [d])
        else:
            yield from _result(pool, futures.pop(i), helpers)
