"""Peak memory of merging N rendered decisions into one .docx (the `gop` output).

Each variant runs in a fresh process (peak RSS from getrusage): the baseline merges in memory
as the service did before issue 13 (one lxml tree of every body, then the whole package in
bytes), the service's merge_docx_to streams to a file. Both read documents from the same
generator (rendered on the fly by the service's own path), so the difference is the merge.

    .venv/bin/python bench/merge_memory.py [--n 3000]
"""

from __future__ import annotations

import argparse
import copy
import io
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

KIND = "quyet-dinh-khen-thuong"


def documents(n: int):
    from service.adapters.documents import DocumentService
    from service.domain.kinds import KINDS

    svc = DocumentService(str(ROOT / "templates_docx"))
    base = copy.deepcopy(KINDS[KIND].vi_du)
    for i in range(n):
        yield svc.render(KIND, {**base, "trich_yeu": f"Về việc tặng Giấy khen đợt {i}"}).data


def in_memory(docs) -> int:
    """The former merge: every body appended to the first document's tree."""
    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    root = body = base = None
    for data in docs:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            doc = etree.fromstring(zf.read("word/document.xml"))
        if root is None:
            root, body, base = doc, doc.find(w + "body"), data
            continue
        for child in doc.find(w + "body"):
            body.append(child)
    xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(
                info.filename, xml if info.filename == "word/document.xml" else src.read(info.filename)
            )
    return len(out.getvalue())


def streamed(docs) -> int:
    from service.adapters.docx_merge import merge_docx_to

    with tempfile.TemporaryFile() as out:
        merge_docx_to(docs, out)
        return out.tell()


def child(variant: str, n: int) -> None:
    docs = documents(n)
    next(documents(1))  # templates compiled before the baseline RSS is taken
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    size = (in_memory if variant == "in_memory" else streamed)(docs)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"{variant} {n} {peak // 1024} {(peak - before) // 1024} {time.perf_counter() - t0:.1f} {size}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=3000)
    ap.add_argument("--child", nargs=2)
    args = ap.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]))
        return
    rows = {}
    for variant in ("in_memory", "streamed"):
        out = subprocess.run(
            [sys.executable, __file__, "--child", variant, str(args.n)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        rows[variant] = out
        print(
            f"{variant:10} n={out[1]}  peak RSS {out[2]} MB  (+{out[3]} MB during the merge)  {out[4]} s  {out[5]} bytes"
        )
    ratio = int(rows["in_memory"][2]) / max(1, int(rows["streamed"][2]))
    print(f"peak RSS, in memory / streamed: {ratio:.1f}x")


if __name__ == "__main__":
    main()
