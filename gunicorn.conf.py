"""gunicorn settings of `gunicorn wsgi:app` (read automatically from the repository root).

Every value can be overridden from the environment (VB_* read by service/config.server, or
gunicorn's own GUNICORN_CMD_ARGS).
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading

from service import config as _config  # not `config`: gunicorn would take it for its setting
from service.config import server

_SETTINGS = server()

# Where to listen. Default 127.0.0.1:8000: the API is open when no key is configured, so the
# embedded default never listens on every interface; put a reverse proxy in front, or set
# VB_BIND=0.0.0.0:8000 (or PORT, as platforms do) deliberately.
bind = _SETTINGS["bind"]

# One worker per core: a render is CPU-bound Python (Jinja + zlib + lxml, ~10-30 ms), so more
# processes than cores only add memory. Each worker serves from a pool of threads (gthread):
# a client that sends its request slowly (a header line every few seconds) holds one thread,
# not the whole worker, so a handful of slow clients cannot stop /healthz or anyone else
# (sync workers were held by two such clients). The threads share the GIL, so renders still
# run one at a time per worker; the render deadline works in any thread
# (service/http/deadline.py). In production nginx in front reads whole requests first
# (deploy/nginx.conf), which bounds slow clients for good.
workers = _SETTINGS["workers"]
worker_class = "gthread"
threads = _SETTINGS["threads"]

# A worker silent for 60 s (VB_WORKER_TIMEOUT) is killed and replaced. It is twice the render
# deadline (RENDER_TIMEOUT_S, 30 s) so the deadline answers 503 first, and a LibreOffice
# conversion (PDF_TIMEOUT_S, 20 s) is killed before either (service/config.check_timeouts
# refuses another order); synchronous batches (at most SYNC_BATCH_MAX documents) finish well
# inside it, larger batches go to the job queue.
timeout = _SETTINGS["timeout"]

# On SIGTERM (deploys, systemd stop) workers stop accepting and finish the requests in flight;
# 30 s covers any single request the deadline allows, then they are killed.
graceful_timeout = _SETTINGS["graceful_timeout"]

# An idle keep-alive connection waits in the worker's poller, holding no thread; closed after 2 s.
keepalive = 2

# Each worker is replaced after ~2,000 requests (jitter spreads the restarts) so that any
# slow growth of memory (caches, fragmentation) stays bounded over weeks of uptime.
max_requests = _SETTINGS["max_requests"]
max_requests_jitter = _SETTINGS["max_requests_jitter"]

# Not preloaded: each worker imports the app and compiles its templates itself, so a worker
# restart (max_requests) or a code reload never shares half-initialised state across forks.
preload_app = False

# Request bodies are bounded by the app (MAX_CONTENT_LENGTH); headers by these limits.
limit_request_line = 8190
limit_request_fields = 100

# Access lines are written by the app itself (JSON, with the request id); errors to stderr.
accesslog = None
errorlog = "-"
loglevel = _SETTINGS["loglevel"]

# No runtime control socket: one fixed path per user would clash between instances (tests,
# benchmarks and the service on one machine); restarts go through signals (HUP, TERM).
control_socket_disable = True

# Heartbeat files in memory, not on a possibly slow disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# One secret for every worker and every restart, so that a login session or an open form made
# with one worker is valid in all of them: VB_SECRET_KEY, else the key generated once and kept
# in VB_DATA_DIR/secret_key (service/config.secret_key).

# Prometheus multiprocess mode: each worker writes its metrics to files in a fresh directory,
# /metrics sums them. It must be set before any worker imports prometheus_client.
if not _SETTINGS["metrics_dir"]:
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="vb-metrics-")
    _OWN_METRICS_DIR = True
else:
    _OWN_METRICS_DIR = False
    _dir = _SETTINGS["metrics_dir"]
    os.makedirs(_dir, exist_ok=True)
    for _name in os.listdir(_dir):  # counts of a previous run must not be added to this one
        if _name.endswith(".db"):
            os.unlink(os.path.join(_dir, _name))


# One pool of LibreOffice converters (PDF_WORKERS, one per core) for every worker and job,
# started by the master before it forks the workers and reached through a Unix socket in a
# private directory (mode 0700) whose path the workers inherit in VB_PDF_POOL_SOCKET. No
# LibreOffice process listens on TCP. The pool dies with the master (stopped in on_exit,
# SIGTERM if the master dies, and it watches the master too), killing LibreOffice and deleting
# its profiles; a killed worker leaves nothing behind, as it owns no LibreOffice process.
def when_ready(server):
    cfg = _config.load()  # also refuses timeouts that are not nested
    if not cfg["PDF_ENABLED"] or cfg["PDF_POOL_SOCKET"]:
        return  # PDF off, or a pool set up by whoever started gunicorn
    from service.adapters.pdf_pool import PoolError, spawn_server

    if shutil.which(cfg["PDF_SOFFICE"]) is None or not os.access(cfg["UNOSERVER_PYTHON"], os.X_OK):
        return  # the PDF routes answer 503 and say what is missing
    try:
        path = spawn_server(cfg, cfg["UNOSERVER_PYTHON"], warm=_SETTINGS["pdf_warm"])
    except PoolError as exc:
        server.log.warning("PDF pool not started: %s", exc)
        return
    os.environ["VB_PDF_POOL_SOCKET"] = str(path)  # inherited by the workers forked next


def post_worker_init(worker):
    """Without the shared pool, warm this worker's own converter in the background, so the
    first clerk's PDF does not wait for LibreOffice to start. VB_PDF_WARM=0 keeps it lazy."""
    if not _SETTINGS["pdf_warm"]:
        return
    pdf = getattr(getattr(worker, "wsgi", None), "extensions", {}).get("pdf")
    if pdf is not None and pdf.endpoint is None and pdf.available():
        threading.Thread(target=pdf.start, name="pdf-warm", daemon=True).start()


def child_exit(server, worker):
    """A dead worker's live gauges (jobs by state) no longer count."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    from service.adapters.pdf_pool import stop_server

    stop_server()  # the shared PDF pool, if this master started one
    if _OWN_METRICS_DIR:
        shutil.rmtree(os.environ["PROMETHEUS_MULTIPROC_DIR"], ignore_errors=True)
