"""Uploaded templates: upload time, and rendering through the sandboxed child vs plain docxtpl.

    .venv/bin/python bench/own_templates.py [--n 100]

One in-process app on a temporary data directory. "service" = POST /api/v1/documents/{id} for an
uploaded plain docxtpl template (validation, the child process round trip, docxtpl in the sandbox,
the output's XML parsed back); "docxtpl" = a new DocxTemplate, render, save in this process (no
sandbox, no limits), the documented way. Interleaved, so the ratio is reliable on a noisy machine.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docxtpl import DocxTemplate  # noqa: E402

from service import create_app  # noqa: E402
from tests.templates.test_api import DATA, cert  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100)
    args = ap.parse_args()
    app = create_app(
        {"DATA_DIR": tempfile.mkdtemp(), "TESTING": True, "PDF_ENABLED": False, "LOG_LEVEL": "ERROR"}
    )
    client = app.test_client()
    template = cert()
    uploads = []
    for i in range(5):
        t0 = time.perf_counter()
        form = {"id": f"mau-{i}", "ten": "Giấy chứng nhận", "file": (io.BytesIO(template), "m.docx")}
        resp = client.post("/api/v1/templates", data=form, content_type="multipart/form-data")
        uploads.append(time.perf_counter() - t0)
        assert resp.status_code == 201, resp.get_json()
    times: dict[str, list[float]] = {"service": [], "docxtpl": []}
    for _ in range(args.n):
        t0 = time.perf_counter()
        resp = client.post("/api/v1/documents/mau-0", json=DATA)
        times["service"].append(time.perf_counter() - t0)
        assert resp.status_code == 200
        t0 = time.perf_counter()
        tpl = DocxTemplate(io.BytesIO(template))
        tpl.render(DATA, autoescape=True)
        tpl.save(io.BytesIO())
        times["docxtpl"].append(time.perf_counter() - t0)
    app.extensions["documents"].uploaded.runner.close()
    print(
        f"upload (check, infer, trial render, checker, store): first {uploads[0] * 1000:.0f} ms "
        f"(starts the child), then median {statistics.median(uploads[1:]) * 1000:.0f} ms"
    )
    med = {k: statistics.median(v) * 1000 for k, v in times.items()}
    print(f"certificate template, {args.n} renders each, interleaved")
    print(f"{'path':<10}{'median ms':>12}{'p90 ms':>10}{'docs/s':>10}")
    for k, v in times.items():
        p90 = statistics.quantiles(v, n=10)[-1] * 1000
        print(f"{k:<10}{med[k]:>12.2f}{p90:>10.2f}{1000 / med[k]:>10.0f}")
    print(
        f"cost of the sandbox and the API (service median / docxtpl median): {med['service'] / med['docxtpl']:.2f}x"
    )


if __name__ == "__main__":
    main()
