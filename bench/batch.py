"""Year-end batch benchmark: 5,000 quyết định khen thưởng through the HTTP API (gunicorn, 2 workers).

Reports in one run: documents/s of the streamed sync ZIP and of the job flow, the same job
numbered from the register (`cap_so`: one transaction giving 5,000 numbers, entries and files
stored) against the unnumbered job, time to the first bytes of the ZIP, peak memory (RSS and PSS summed over gunicorn master + workers + their render /
job processes, sampled from /proc), a 10,000-document run for peak memory, and the plain docxtpl
loop (render_stock) on a sample of the same data, with the ratio.

    .venv/bin/python bench/batch.py [--n 5000] [--big 10000] [--sample 200]
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from service.adapters.docx_render import render_stock  # noqa: E402
from service.domain.context import build_context  # noqa: E402
from service.domain.kinds import KINDS  # noqa: E402
from service.domain.validation import normalize_and_validate  # noqa: E402

KIND = "quyet-dinh-khen-thuong"
HO = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"]
TEN = ["Văn An", "Thị Bình", "Minh Cường", "Thu Dung", "Quốc Hùng", "Ngọc Lan", "Đức Mạnh"]


def batch(n: int) -> dict:
    chung = copy.deepcopy(KINDS[KIND].vi_du)
    chung["danh_sach"]["tap_the"] = []
    items = []
    for i in range(n):
        people = [
            {
                "ho_ten": f"Ông {HO[(i + k) % 8]} {TEN[(i * 3 + k) % 7]}",
                "chuc_vu_don_vi": f"Chuyên viên phòng {k + 1}, đơn vị số {i % 97}",
            }
            for k in range(1 + i % 3)
        ]
        items.append(
            {
                "trich_yeu": f"Về việc tặng Giấy khen cho cá nhân có thành tích năm 2026 (đợt {i})",
                "nguoi_ky": {"ho_ten": f"{HO[i % 8]} {TEN[i % 7]}"},
                "danh_sach": {"tieu_de": chung["danh_sach"]["tieu_de"], "ca_nhan": people},
            }
        )
    return {"chung": chung, "items": items, "so_bat_dau": 1}


def numbered(data: dict) -> dict:
    """The same batch numbered from the register: no number, no start, no date (today's)."""
    chung = {k: v for k, v in data["chung"].items() if k not in ("so", "nam", "ngay_ban_hanh")}
    return {"chung": chung, "items": data["items"], "cap_so": True}


def _tree(root_pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
            except (OSError, ValueError, IndexError):
                pass
    out, todo = [], [root_pid]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


def _mem(pid: int) -> tuple[int, int]:
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


def settle(root_pid: int, processes: int, limit_s: float = 30) -> None:
    """Wait until the tree is back to `processes` (master and workers): a job's process, or a
    batch's helpers, still exiting after the last run would count in the next run's peak."""
    end = time.monotonic() + limit_s
    while len(_tree(root_pid)) > processes and time.monotonic() < end:
        time.sleep(0.05)


class Sampler(threading.Thread):
    def __init__(self, root_pid: int):
        super().__init__(daemon=True)
        self.root_pid, self.peak_rss, self.peak_pss, self.stop = root_pid, 0, 0, False

    def reset(self) -> None:
        self.peak_rss = self.peak_pss = 0

    def run(self) -> None:
        while not self.stop:
            mems = [_mem(p) for p in _tree(self.root_pid)]
            self.peak_rss = max(self.peak_rss, sum(m[0] for m in mems))
            self.peak_pss = max(self.peak_pss, sum(m[1] for m in mems))
            time.sleep(0.05)


def sync_run(base: str, body: bytes) -> dict:
    t0 = time.perf_counter()
    resp = requests.post(
        f"{base}/api/v1/batches/{KIND}",
        data=body,
        stream=True,
        headers={"Content-Type": "application/json"},
        timeout=600,
    )
    first, size = None, 0
    for chunk in resp.iter_content(65536):
        if first is None:
            first = time.perf_counter() - t0
        size += len(chunk)
    assert resp.status_code == 200, resp.text[:500]
    return {"seconds": time.perf_counter() - t0, "first_bytes_s": first, "bytes": size}


def job_run(base: str, body: bytes) -> dict:
    t0 = time.perf_counter()
    resp = requests.post(
        f"{base}/api/v1/batches/{KIND}?async=1",
        data=body,
        headers={"Content-Type": "application/json"},
        timeout=600,
    )
    assert resp.status_code == 202, resp.text[:500]
    accepted = time.perf_counter() - t0
    location = base + resp.headers["Location"]
    while True:
        state = requests.get(location, timeout=30).json()
        if state["state"] not in ("queued", "running"):
            break
        time.sleep(0.1)
    assert state["state"] == "done", state
    size = len(requests.get(location + "/result", timeout=120).content)
    return {"seconds": time.perf_counter() - t0, "accepted_s": accepted, "bytes": size}


def stock_rate(data: dict, sample: int) -> float:
    kind = KINDS[KIND]
    path = ROOT / "templates_docx" / f"{KIND}.docx"
    from service.adapters.batch import merge_over

    contexts = []
    for i in range(sample):
        clean, errors = normalize_and_validate(kind.schema, merge_over(data["chung"], data["items"][i]))
        assert not errors
        contexts.append(build_context(KIND, clean))
    t0 = time.perf_counter()
    for ctx in contexts:
        render_stock(path, ctx)
    return sample / (time.perf_counter() - t0)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=5000)
    ap.add_argument("--big", type=int, default=10000)
    ap.add_argument("--sample", type=int, default=200)
    args = ap.parse_args()
    data = batch(args.n)
    body = json.dumps(data, ensure_ascii=False).encode()
    big_body = json.dumps(batch(args.big), ensure_ascii=False).encode()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    tmp = tempfile.mkdtemp(prefix="vb-bench-")
    env = {
        **os.environ,
        "VB_DATA_DIR": tmp,
        "VB_PDF_ENABLED": "0",
        "VB_SYNC_BATCH_MAX": "100000",
        "VB_MAX_BATCH_BYTES": str(64 * 1024 * 1024),
        "VB_LOG_LEVEL": "WARNING",
    }
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    proc = subprocess.Popen(
        [
            gunicorn,
            "wsgi:app",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--timeout",
            "600",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if requests.get(base + "/healthz", timeout=1).ok:
                    break
            except requests.RequestException:
                time.sleep(0.1)
        sampler = Sampler(proc.pid)
        sampler.start()
        # warm both workers (compile templates, start pools) with small batches
        small = json.dumps({**data, "items": data["items"][:120]}, ensure_ascii=False).encode()
        for _ in range(4):
            sync_run(base, small)
        workers = 1 + 2  # the master and its two workers, between runs
        settle(proc.pid, workers)
        sampler.reset()
        sync = sync_run(base, body)
        sync_peak = (sampler.peak_rss, sampler.peak_pss)
        settle(proc.pid, workers)
        sampler.reset()
        job = job_run(base, body)
        job_peak = (sampler.peak_rss, sampler.peak_pss)
        settle(proc.pid, workers)
        sampler.reset()
        numbered_job = job_run(base, json.dumps(numbered(data), ensure_ascii=False).encode())
        numbered_peak = (sampler.peak_rss, sampler.peak_pss)
        settle(proc.pid, workers)
        sampler.reset()
        big = sync_run(base, big_body)
        big_peak = (sampler.peak_rss, sampler.peak_pss)
        settle(proc.pid, workers)
        sampler.reset()
        big_job = job_run(base, big_body)
        big_job_peak = (sampler.peak_rss, sampler.peak_pss)
        sampler.stop = True
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    stock = stock_rate(data, args.sample)
    sync_rate = args.n / sync["seconds"]
    job_rate = args.n / job["seconds"]
    mb = 1024
    print(f"documents: {args.n} (body {len(body) / 1e6:.1f} MB), big run {args.big}")
    print(f"plain docxtpl loop (render_stock, {args.sample} docs): {stock:.1f} docs/s")
    print(
        f"sync streamed ZIP: {sync_rate:.0f} docs/s ({sync['seconds']:.2f} s, {sync['bytes'] / 1e6:.0f} MB), "
        f"first bytes after {sync['first_bytes_s']:.3f} s, ratio {sync_rate / stock:.1f}x plain loop, "
        f"peak RSS {sync_peak[0] / mb:.0f} MB / PSS {sync_peak[1] / mb:.0f} MB"
    )
    print(
        f"job flow (202 + poll + download): {job_rate:.0f} docs/s ({job['seconds']:.2f} s, "
        f"202 after {job['accepted_s']:.3f} s), ratio {job_rate / stock:.1f}x plain loop, "
        f"peak RSS {job_peak[0] / mb:.0f} MB / PSS {job_peak[1] / mb:.0f} MB"
    )
    numbered_rate = args.n / numbered_job["seconds"]
    print(
        f"numbered job (cap_so, one transaction, register stored): {numbered_rate:.0f} docs/s "
        f"({numbered_job['seconds']:.2f} s, 202 after {numbered_job['accepted_s']:.3f} s), "
        f"{job['seconds'] / numbered_job['seconds']:.2f}x the unnumbered job's rate, "
        f"peak RSS {numbered_peak[0] / mb:.0f} MB / PSS {numbered_peak[1] / mb:.0f} MB"
    )
    print(
        f"sync {args.big}: {args.big / big['seconds']:.0f} docs/s, first bytes {big['first_bytes_s']:.3f} s, "
        f"peak RSS {big_peak[0] / mb:.0f} MB / PSS {big_peak[1] / mb:.0f} MB"
    )
    print(
        f"job {args.big}: {args.big / big_job['seconds']:.0f} docs/s, "
        f"peak RSS {big_job_peak[0] / mb:.0f} MB / PSS {big_job_peak[1] / mb:.0f} MB"
    )
    print("memory: sum over gunicorn master, workers, job and render processes; RSS counts pages that")
    print("forked processes share once per process, PSS divides them among the sharers.")
    print("targets: >=15x plain loop, >=500 docs/s, peak memory <300 MB at 10,000 docs, first bytes <1 s")


if __name__ == "__main__":
    main()
