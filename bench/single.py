"""Median time to render the seed kế hoạch: the service's own render path vs plain docxtpl.

    .venv/bin/python bench/single.py [--n 200]

Both run in this process on the same template and data, interleaved, so the ratio is
reliable on a noisy machine. "service" = DocumentService.render (validate, build the context,
render through the compiled template, check the XML); "docxtpl" = a new DocxTemplate, render,
save (with the same sandboxed environment), the documented way to use docxtpl.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.adapters.documents import DocumentService  # noqa: E402
from service.adapters.docx_render import render_stock  # noqa: E402
from service.domain.context import build_context  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=200)
    args = ap.parse_args()
    data = json.loads((ROOT / "fixtures" / "ke-hoach.json").read_text(encoding="utf-8"))
    svc = DocumentService(ROOT / "templates_docx")
    template = ROOT / "templates_docx" / "ke-hoach.docx"
    svc.render("ke-hoach", data)  # compile once, as a running service has
    times = {"service": [], "docxtpl": []}
    for _ in range(args.n):
        t0 = time.perf_counter()
        svc.render("ke-hoach", data)
        times["service"].append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        render_stock(template, build_context("ke-hoach", svc.validate("ke-hoach", data)))
        times["docxtpl"].append(time.perf_counter() - t0)
    med = {k: statistics.median(v) * 1000 for k, v in times.items()}
    print(f"seed kế hoạch, {args.n} renders each, interleaved")
    print(f"{'path':<10}{'median ms':>12}{'p90 ms':>10}{'docs/s':>10}")
    for k, v in times.items():
        p90 = statistics.quantiles(v, n=10)[-1] * 1000
        print(f"{k:<10}{med[k]:>12.2f}{p90:>10.2f}{1000 / med[k]:>10.0f}")
    print(f"speed-up (docxtpl median / service median): {med['docxtpl'] / med['service']:.1f}x")


if __name__ == "__main__":
    main()
