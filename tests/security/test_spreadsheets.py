"""Spreadsheets that cost work, not size, sent to the real service (issue 13, item 4): two
uploads of two million tiny shared strings at a modest ratio, and a row of two million cells,
are answered 422 in seconds while the workers stay small and /healthz keeps answering;
DOCTYPE hidden after a comment or in a part with another name is refused."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from tests.hostile.sheets import (
    bare_doctype_after_comment,
    bare_doctype_in_sheet_other_name,
    tiny_strings,
    wide_row,
)
from tests.security.live import as_json, call, multipart


def _peak_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def _upload(srv, data: bytes) -> tuple[int, dict, float]:
    body, ctype = multipart({"file": ("bang.xlsx", data)})
    t0 = time.monotonic()
    status, _, raw = call(srv, "POST", "/api/v1/batches/ke-hoach", body, {"Content-Type": ctype}, timeout=300)
    return status, as_json(raw), time.monotonic() - t0


def test_work_bounded_and_doctype_refused(serve):
    srv = serve({"VB_WORKERS": "2"})
    bombs = [tiny_strings(2_000_000), wide_row(2_000_000)]
    results: list[tuple[int, dict, float]] = []
    threads = [threading.Thread(target=lambda d=d: results.append(_upload(srv, d))) for d in bombs]
    health: list[int] = []
    for t in threads:
        t.start()
    while any(t.is_alive() for t in threads):
        health.append(call(srv, "GET", "/healthz", timeout=30)[0])
        time.sleep(0.5)
    for t in threads:
        t.join()
    for status, problem, seconds in results:
        assert status in (413, 422), (status, problem)
        assert problem["errors"][0]["path"] == "/file"
        assert (
            "quá nhiều ô" in problem["errors"][0]["message"] or "thời gian" in problem["errors"][0]["message"]
        )
        assert seconds < 20, seconds
    assert health and all(s == 200 for s in health)
    for pid in srv.worker_pids():
        assert _peak_kib(pid) < 400 * 1024, _peak_kib(pid)
    for data in (bare_doctype_after_comment(), bare_doctype_in_sheet_other_name()):
        status, problem, _ = _upload(srv, data)
        assert status == 422 and "DOCTYPE" in problem["errors"][0]["message"], problem
