"""Benchmark: PDF through the real service vs one cold `soffice --convert-to pdf` per document.

    .venv/bin/python bench/pdf.py [--singles 80] [--clients 4] [--batch 200] [--cold 3] [--rounds 2]

Starts `gunicorn wsgi:app` (gunicorn.conf.py: sync workers and one LibreOffice pool, both one
per core) on a free port, then measures, in alternating rounds so that a change of load on a
shared machine hits every side alike:

- single PDFs: `POST /api/v1/documents/quyet-dinh-khen-thuong?format=pdf` from `--clients`
  client threads;
- a batch as PDF: `POST /api/v1/batches/quyet-dinh-khen-thuong` with `--batch` decisions,
  `"dinh_dang": "pdf"` (a ZIP of PDFs; every PDF checked);
- the baseline: `soffice --headless --convert-to pdf` in a fresh profile, one document at a
  time, on the same documents' .docx (the service's own .docx of the single document and of a
  batch decision).

It prints documents per second for each and the two ratios against the cold baseline
(targets: single PDFs ≥ 20×, the batch ≥ 60×). Absolute times are not comparable across
machines; the ratios are.
"""

from __future__ import annotations

import argparse
import copy
import http.client
import io
import json
import sys
import threading
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.load import Server  # noqa: E402
from service.adapters.pdf import convert_cold, pdf_page_count  # noqa: E402
from service.domain.kinds import KINDS  # noqa: E402

KIND = "quyet-dinh-khen-thuong"


def post(port: int, path: str, body: bytes, timeout: float = 300) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("POST", path, body=body, headers={"Content-Type": "application/json"})
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


def single_body() -> bytes:
    return (ROOT / "fixtures" / f"{KIND}.json").read_bytes()


def batch_body(n: int) -> bytes:
    chung = copy.deepcopy(KINDS[KIND].vi_du)
    chung.pop("danh_sach", None)  # a year-end batch: one decision per person or unit
    items = [
        {"trich_yeu": f"Về việc tặng Giấy khen cho cá nhân số {i + 1} đã có thành tích xuất sắc"}
        for i in range(n)
    ]
    body = {"chung": chung, "items": items, "so_bat_dau": 1, "dinh_dang": "pdf"}
    return json.dumps(body, ensure_ascii=False).encode()


def singles(port: int, body: bytes, count: int, clients: int) -> float:
    """Seconds for `count` single PDFs from `clients` threads."""
    left = [count]
    lock = threading.Lock()
    errors: list[str] = []

    def client() -> None:
        while True:
            with lock:
                if left[0] <= 0:
                    return
                left[0] -= 1
            status, data = post(port, f"/api/v1/documents/{KIND}?format=pdf", body)
            if status != 200 or not data.startswith(b"%PDF-"):
                errors.append(f"{status}: {data[:200]!r}")

    threads = [threading.Thread(target=client) for _ in range(clients)]
    t0 = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise SystemExit(f"{len(errors)} single PDFs failed, e.g. {errors[0]}")
    return time.perf_counter() - t0


def batch(port: int, body: bytes, n: int) -> float:
    t0 = time.perf_counter()
    status, data = post(port, f"/api/v1/batches/{KIND}", body)
    seconds = time.perf_counter() - t0
    if status != 200:
        raise SystemExit(f"batch failed: {status} {data[:300]!r}")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        pdfs = [archive.read(name) for name in archive.namelist() if name.endswith(".pdf")]
    if len(pdfs) != n or not all(p.startswith(b"%PDF-") for p in pdfs):
        raise SystemExit(f"batch gave {len(pdfs)} PDFs for {n} decisions")
    return seconds


def cold(docx: bytes, count: int) -> float:
    t0 = time.perf_counter()
    for _ in range(count):
        convert_cold(docx)
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--singles", type=int, default=80, help="single PDFs (over all rounds)")
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--batch", type=int, default=200, help="decisions in the batch")
    parser.add_argument("--cold", type=int, default=3, help="cold conversions per document per round")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()

    srv = Server(env={"VB_PDF_ENABLED": "1"})
    try:
        one = single_body()
        many = batch_body(args.batch)
        # The service's own .docx of the documents the baseline converts cold.
        status, single_docx = post(srv.port, f"/api/v1/documents/{KIND}", one)
        assert status == 200
        first = json.loads(many)
        first["items"], first["dinh_dang"] = first["items"][:1], "docx"
        status, archive = post(srv.port, f"/api/v1/batches/{KIND}", json.dumps(first).encode())
        with zipfile.ZipFile(io.BytesIO(archive)) as z:
            batch_docx = z.read(next(n for n in z.namelist() if n.endswith(".docx")))
        # Warm: the pool has started and each gunicorn worker has served a PDF once.
        end = time.monotonic() + 120
        while post(srv.port, f"/api/v1/documents/{KIND}?format=pdf", one)[0] != 200:
            if time.monotonic() > end:
                raise SystemExit("the PDF pool did not come up")
            time.sleep(0.5)
        singles(srv.port, one, 4, args.clients)

        t_single = t_batch = t_cold_single = t_cold_batch = 0.0
        n_single = n_cold = 0
        for r in range(args.rounds):
            share = args.singles * (r + 1) // args.rounds - args.singles * r // args.rounds
            t_cold_single += cold(single_docx, args.cold)
            t_single += singles(srv.port, one, share, args.clients)
            t_cold_batch += cold(batch_docx, args.cold)
            t_batch += batch(srv.port, many, args.batch)
            n_single += share
            n_cold += args.cold
    finally:
        srv.stop()

    rate = {
        "single": n_single / t_single,
        "batch": args.rounds * args.batch / t_batch,
        "cold_single": n_cold / t_cold_single,
        "cold_batch": n_cold / t_cold_batch,
    }
    pages = (pdf_page_count(convert_cold(single_docx)), pdf_page_count(convert_cold(batch_docx)))
    print(f"documents: single {KIND} {pages[0]} page(s); batch decision {pages[1]} page(s)")
    print(f"{'method':<58} {'docs':>5} {'seconds':>8} {'docs/s':>7}")
    rows = [
        (f"single PDFs over HTTP, {args.clients} clients", n_single, t_single),
        ("  baseline: cold soffice per document (same .docx)", n_cold, t_cold_single),
        (f"batch of {args.batch} as PDF over HTTP (ZIP of PDFs)", args.rounds * args.batch, t_batch),
        ("  baseline: cold soffice per document (a batch decision)", n_cold, t_cold_batch),
    ]
    for name, count, seconds in rows:
        print(f"{name:<58} {count:>5} {seconds:>8.2f} {count / seconds:>7.2f}")
    print(f"single PDFs: {rate['single'] / rate['cold_single']:.1f}x cold soffice (target 20x)")
    print(f"batch as PDF: {rate['batch'] / rate['cold_batch']:.1f}x cold soffice (target 60x)")


if __name__ == "__main__":
    main()
