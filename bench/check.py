"""Documents checked per second (kiểm tra thể thức) against just opening the file with
python-docx, in the same run, interleaved.

    .venv/bin/python bench/check.py [--n 200] [--processes 2]

The document is the seed kế hoạch as the service renders it (3 pages A4). "check" = read the
.docx into the reading model and run every rule (service/application/checking.py without
comments); "open" = `docx.Document(bytes)` alone, the least any python-docx based checker pays.
With --processes N both loops also run on N processes at once (the throughput of N cores).
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import docx  # noqa: E402

from service.adapters.documents import DocumentService  # noqa: E402
from service.application.checking import CheckingService  # noqa: E402

SERVICE = CheckingService(20 * 1024 * 1024, 20_000)


def _document() -> bytes:
    data = json.loads((ROOT / "fixtures" / "ke-hoach.json").read_text(encoding="utf-8"))
    return DocumentService(ROOT / "templates_docx").render("ke-hoach", data).data


def _check(data: bytes) -> None:
    SERVICE.check(data)


def _open(data: bytes) -> None:
    docx.Document(io.BytesIO(data))


def _loop(args: tuple[str, bytes, int]) -> float:
    kind, data, n = args
    fn = _check if kind == "check" else _open
    t0 = time.perf_counter()
    for _ in range(n):
        fn(data)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--processes", type=int, default=2)
    args = ap.parse_args()
    data = _document()
    report = SERVICE.check(data).report
    _check(data), _open(data)  # warm: imports, regex compiles
    times: dict[str, list[float]] = {"check": [], "open": []}
    for _ in range(args.n):
        for kind, fn in (("check", _check), ("open", _open)):
            t0 = time.perf_counter()
            fn(data)
            times[kind].append(time.perf_counter() - t0)
    print(
        f"seed kế hoạch ({len(data) // 1024} KB, {len(report.findings)} findings), {args.n} runs each, interleaved"
    )
    print(f"{'path':<8}{'median ms':>12}{'p90 ms':>10}{'docs/s':>10}")
    med = {}
    for kind, v in times.items():
        med[kind] = statistics.median(v) * 1000
        p90 = statistics.quantiles(v, n=10)[-1] * 1000
        print(f"{kind:<8}{med[kind]:>12.2f}{p90:>10.2f}{1000 / med[kind]:>10.0f}")
    print(f"check / open (python-docx) time ratio: {med['check'] / med['open']:.2f}")
    if args.processes > 1:
        per = max(args.n // args.processes, 1)
        with ProcessPoolExecutor(args.processes) as pool:
            for kind in ("check", "open"):
                t0 = time.perf_counter()
                list(pool.map(_loop, [(kind, data, per)] * args.processes))
                wall = time.perf_counter() - t0
                print(f"{kind:<8} on {args.processes} processes: {per * args.processes / wall:.0f} docs/s")


if __name__ == "__main__":
    main()
