"""Rendering a batch's validated documents in order, in this process or on a pool of
processes (chunks of ~50, a bounded window of chunks in flight, so memory stays flat).
"""

from __future__ import annotations

import atexit
import ctypes
import gc
import os
import threading
from collections.abc import Callable, Iterator
from typing import Any

from service.adapters import template_kinds
from service.adapters.docx_render import TemplateCache
from service.adapters.docx_slots import prepare
from service.adapters.render_pool import RenderPool
from service.domain.context import build_context
from service.domain.kinds import KINDS

CHUNK = 50
POOL_MIN_ITEMS = 2 * CHUNK
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


_POOL: RenderPool | None = None
_POOL_PID = 0
_POOL_LOCK = threading.Lock()


def shared_pool(processes: int = 1) -> RenderPool:
    """This process's rendering pool (fork), started on first use and kept for later batches;
    a new one when a helper of the last one died (a broken pool takes no work)."""
    global _POOL, _POOL_PID
    with _POOL_LOCK:
        if _POOL is not None and _POOL_PID == os.getpid() and _POOL.broken:
            _POOL.stop()
            _POOL = None
        if _POOL is None or _POOL_PID != os.getpid():
            _POOL = RenderPool(processes)
            _POOL_PID = os.getpid()
            atexit.register(close_shared_pool)
        return _POOL


def pool_for(total: int) -> RenderPool | None:
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
            _POOL.stop()
        _POOL = None


def render_ordered(
    templates_dir: str,
    kind_id: str,
    documents: list[dict[str, Any]],
    *,
    pool: RenderPool | None = None,
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
    pool: RenderPool | None = None,
    chunk: int = CHUNK,
    window: int = 4,
) -> Iterator[Any]:
    """`draft_chunk` over a batch of (clean data, token) of a built-in kind, in order, shared
    with the pool as `render_ordered` shares renders: a batch numbered from the register
    renders on every core before it takes its numbers."""
    yield from _in_order(draft_chunk, (templates_dir, kind_id), documents, pool, chunk, window)


def _in_order(
    task: Callable[..., list[Any]],
    args: tuple[Any, ...],
    documents: list[Any],
    pool: RenderPool | None,
    chunk: int,
    window: int,
) -> Iterator[Any]:
    """task(*args, a list of documents) over the documents, results in order: the pool's
    chunks as they come, this process's own (every (n+1)-th chunk) one document at a time."""
    if pool is None or len(documents) < POOL_MIN_ITEMS:
        for d in documents:  # one at a time: the consumer holds one result
            yield from task(*args, [d])
        return
    cycle = pool.processes + 1  # chunk i is ours when i % cycle == cycle - 1
    chunks = [documents[i : i + chunk] for i in range(0, len(documents), chunk)]
    futures: dict[int, Any] = {}
    submitted = 0
    for i, part in enumerate(chunks):
        while submitted < len(chunks) and submitted <= i + window * cycle:
            if submitted % cycle != cycle - 1:
                futures[submitted] = pool.submit(task, *args, chunks[submitted])
            submitted += 1
        if i % cycle == cycle - 1:
            for d in part:
                yield from task(*args, [d])
        else:
            yield from pool.result(futures.pop(i))  # HelperLost if a helper died
