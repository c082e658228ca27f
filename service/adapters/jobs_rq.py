"""Batch jobs on RQ over Redis (QUEUE=rq): the state stays in the on-disk job store.

The web process enqueues ``service.adapters.jobs_runner.run_job`` on the queue ``vb-batches``;
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
JOB_FUNC = "service.adapters.jobs_rq.run_rq_job"


def run_rq_job(data_dir: str, job_id: str, templates_dir: str) -> str:
    """A job in an RQ worker: `run_job` with this service's uploaded templates made available
    (a batch of an office's own template finds its pinned version in the database)."""
    from service import config
    from service.adapters.db import Database, database_url
    from service.adapters.jobs_runner import run_job
    from service.adapters.template_kinds import UploadedTemplates
    from service.adapters.template_store import TemplateStore

    cfg = {**config.load(), "DATA_DIR": data_dir}
    db = Database(database_url(cfg), timeout_s=cfg["DB_TIMEOUT_S"], durable=cfg["DB_SYNC"] != "normal")
    uploaded = UploadedTemplates.from_config(cfg, TemplateStore(db)).activate()
    try:
        return run_job(data_dir, job_id, templates_dir)
    finally:
        uploaded.runner.close()
        db.dispose()


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
