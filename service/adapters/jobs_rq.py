"""Batch jobs on RQ over Redis (QUEUE=rq): the state stays in the on-disk job store.

The web process enqueues ``service.job_process.run`` on the queue ``vb-batches``;
an RQ worker started from the repository root (so that ``service`` is importable) runs it::

    .venv/bin/rq worker vb-batches --url redis://127.0.0.1:6379/0

The worker needs the same DATA_DIR and TEMPLATES_DIR paths as the web processes (they are
passed as job arguments, resolved to absolute paths), and for templates uploaded by offices the
service's database: ``VB_DATABASE_URL`` in the worker's environment (PostgreSQL, several
machines), else the SQLite file in the job's DATA_DIR, as the web processes find it. The
uploaded template renders in the same sandbox as in the web process (``VB_TEMPLATE_*`` limits).
"""

from __future__ import annotations

from typing import Any

QUEUE_NAME = "vb-batches"
JOB_FUNC = "service.job_process.run"  # the job composed in the worker's interpreter


class RqRunner:
    name = "rq"

    def __init__(
        self,
        redis_url: str,
        data_dir: str,
        templates_dir: str,
        *,
        queue: str = QUEUE_NAME,
        job_timeout: int = 3600,
    ):
        from redis import Redis
        from rq import Queue

        self.data_dir, self.templates_dir, self.job_timeout = data_dir, templates_dir, job_timeout
        self.queue = Queue(queue, connection=Redis.from_url(redis_url))

    def submit(self, job_id: str, spec: Any = None) -> Any:
        """Enqueue a job; the RQ worker reads its input from the shared DATA_DIR (`spec` unused)."""
        return self.queue.enqueue(
            JOB_FUNC,
            self.data_dir,
            job_id,
            self.templates_dir,
            job_id=f"vb-{job_id}",
            job_timeout=self.job_timeout,
            result_ttl=3600,
            failure_ttl=86400,
        )
