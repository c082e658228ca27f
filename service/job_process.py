"""A batch job in an interpreter of its own: the entry an RQ worker runs (QUEUE=rq,
service/adapters/jobs_rq.py), and the process the local runner starts for a batch numbered
from the register (`python -m service.job_process DATA_DIR JOB_ID TEMPLATES_DIR`, the
service's JOB_KEYS settings as JSON on stdin). A fresh interpreter rather than a fork of the
web worker: SQLite's state of the worker's connections does not survive a fork.

The parts of the service a job needs are composed here as the app factory composes them for
the web processes: the database (``VB_DATABASE_URL``, else the SQLite file in the job's
DATA_DIR), the offices' uploaded templates (the version the batch pinned, rendered in the same
sandbox) and the register that numbers a `cap_so` batch (one transaction, its entries' `lo` =
the job id).
"""

from __future__ import annotations

import json
import sys
from typing import Any

from service import config
from service.adapters.db import Database, database_url
from service.adapters.documents import DocumentService
from service.adapters.jobs_runner import run_job
from service.adapters.template_kinds import UploadedTemplates
from service.adapters.template_store import TemplateStore
from service.application.batches_numbered import issue_numbered
from service.application.register import RegisterService


def run(data_dir: str, job_id: str, templates_dir: str, settings: dict[str, Any] | None = None) -> str:
    """Run one queued job to its end state (see `run_job`); `settings` over the environment's."""
    cfg = config.load({**(settings or {}), "DATA_DIR": data_dir, "TEMPLATES_DIR": templates_dir})
    db = Database(database_url(cfg), timeout_s=cfg["DB_TIMEOUT_S"], durable=cfg["DB_SYNC"] != "normal")
    uploaded = UploadedTemplates.from_config(cfg, TemplateStore(db)).activate()
    register = RegisterService(db, DocumentService(templates_dir, uploaded=uploaded), cfg)
    try:
        return run_job(
            data_dir,
            job_id,
            templates_dir,
            issue=lambda spec, lo, pool: issue_numbered(register, spec, lo, pool=pool),
        )
    finally:
        uploaded.runner.close()
        db.dispose()


def main(argv: list[str]) -> int:
    data_dir, job_id, templates_dir = argv
    settings = json.loads(sys.stdin.read() or "{}")
    return 0 if run(data_dir, job_id, templates_dir, settings) == "done" else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
