"""Reading the register: a page of the list, a search, and the printed register (Phụ lục IV) of
a register holding `--n` issued copies of the seed kế hoạch, on the embedded SQLite.

    .venv/bin/python bench/register_reads.py [--n 3000]

The entries are issued in groups of 32 (as a busy service's group commit does). Each read is
timed 5 times and the best is reported, beside a baseline in the same run: `SELECT count(*)` of
the entries, the least a read of the register can cost. Run it on two commits to compare
layouts of the tables (e.g. before and after migration 0004).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from service import config  # noqa: E402
from service.adapters.db import Database, database_url  # noqa: E402
from service.adapters.documents import DocumentService  # noqa: E402
from service.application.register import RegisterService  # noqa: E402


def _best(fn, runs: int = 5) -> float:
    best = float("inf")
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=3000, help="entries in the register")
    args = ap.parse_args()
    docs = DocumentService(config.load()["TEMPLATES_DIR"])
    data = json.loads((ROOT / "fixtures" / "ke-hoach.json").read_text(encoding="utf-8"))
    for k in ("so", "ngay_ban_hanh", "nam"):
        data.pop(k, None)
    with tempfile.TemporaryDirectory(prefix="vb-bench-reads-") as tmp:
        db = Database(database_url({"DATABASE_URL": "", "DATA_DIR": tmp}), durable=False)
        register = RegisterService(db, docs, config.load())
        group = [(register.prepare("ke-hoach", data), None) for _ in range(32)]
        t = time.perf_counter()
        for _ in range(max(1, args.n // 32)):
            register._issue_items(group)
        issued = time.perf_counter() - t
        n = register.list(so_muc=1)["tong_so"]
        size = sum(f.stat().st_size for f in Path(tmp).glob("van-ban.sqlite3*"))
        print(f"{n} entries of the seed kế hoạch issued in {issued:.1f} s; database {size / 1e6:.0f} MB")

        def count() -> None:
            with db.session() as s:
                s.execute(text("SELECT count(*) FROM van_ban_di")).scalar_one()

        base = _best(count)
        print(f"{'baseline: SELECT count(*)':34s} {base * 1e3:8.1f} ms")
        for label, fn in (
            ("list, first page (50)", lambda: register.list()),
            ("search 'văn hóa' (count + page)", lambda: register.list(q="văn hóa")),
            ("search, no match", lambda: register.list(q="khongcotunay")),
            ("printed register rows (Phụ lục IV)", lambda: register.printable()),
        ):
            took = _best(fn)
            print(f"{label:34s} {took * 1e3:8.1f} ms  ({took / base:6.1f} × baseline)")
        db.dispose()


if __name__ == "__main__":
    os.environ.setdefault("VB_PDF_ENABLED", "0")
    main()
