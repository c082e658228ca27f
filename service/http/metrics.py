"""/metrics in Prometheus text format: documents by kind, errors by type, latency, jobs by state."""

from __future__ import annotations

import time

from flask import Blueprint, Flask, Response, current_app, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)

bp = Blueprint("metrics", __name__)


class Metrics:
    def __init__(self, multiproc_dir: str | None = None) -> None:
        self.multiproc_dir = multiproc_dir
        self.registry = CollectorRegistry()
        self.documents = Counter(
            "vb_documents_rendered_total", "Documents rendered, by kind", ["kind"], registry=self.registry
        )
        self.errors = Counter(
            "vb_errors_total",
            "Error responses, by status and type",
            ["status", "type"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "vb_request_seconds",
            "Request latency, by endpoint",
            ["endpoint"],
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
            registry=self.registry,
        )
        self.jobs = Gauge(
            "vb_jobs", "Batch jobs known to this process, by state", ["state"], registry=self.registry
        )

    def rendered(self, kind: str, n: int = 1) -> None:
        self.documents.labels(kind=kind).inc(n)

    def exposition(self) -> bytes:
        """The text format; under gunicorn (PROMETHEUS_MULTIPROC_DIR set) summed over all workers."""
        if self.multiproc_dir:
            from prometheus_client import multiprocess

            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry)
            return generate_latest(registry)
        return generate_latest(self.registry)


def install(app: Flask) -> Metrics:
    metrics = Metrics(app.config.get("METRICS_MULTIPROC_DIR"))
    app.extensions["metrics"] = metrics

    @app.before_request
    def _t0() -> None:
        g.metrics_t0 = time.perf_counter()

    @app.after_request
    def _observe(resp: Response) -> Response:
        endpoint = request.url_rule.rule if request.url_rule else "unmatched"
        metrics.latency.labels(endpoint=endpoint).observe(time.perf_counter() - g.get("metrics_t0", 0.0))
        if resp.status_code >= 400:
            kind = "problem" if resp.mimetype == "application/problem+json" else "other"
            metrics.errors.labels(status=str(resp.status_code), type=kind).inc()
        return resp

    app.register_blueprint(bp)
    return metrics


@bp.get("/metrics")
def metrics_endpoint() -> Response:
    m: Metrics = current_app.extensions["metrics"]
    jobs = current_app.extensions.get("jobs")
    if jobs is not None and hasattr(jobs, "counts"):
        for state, n in jobs.counts().items():
            m.jobs.labels(state=state).set(n)
    return Response(m.exposition(), mimetype=CONTENT_TYPE_LATEST)
