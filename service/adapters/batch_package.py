"""Packaging a batch's rendered documents: a streamed ZIP with manifest.csv, or one merged .docx."""

from __future__ import annotations

import csv
import io
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator
from typing import Any, BinaryIO

from service.adapters.batch import BatchSpec
from service.adapters.docx_merge import merge_docx, merge_docx_to


def unique_names(names: Iterable[str], ext: str = ".docx") -> list[str]:
    """File names made unique (case-insensitively) with " (2)", " (3)" … suffixes.

    >>> unique_names(["A", "a", "B", "A"])
    ['A.docx', 'a (2).docx', 'B.docx', 'A (3).docx']
    """
    seen: set[str] = set()
    counts: dict[str, int] = {}
    out = []
    for name in names:
        key = name.casefold()
        n = counts.get(key, 1)
        candidate = name if n == 1 else f"{name} ({n})"
        while candidate.casefold() in seen:
            n += 1
            candidate = f"{name} ({n})"
        counts[key] = n
        seen.add(candidate.casefold())
        out.append(candidate + ext)
    return out


class _Sink(io.RawIOBase):
    """A write-only, non-seekable buffer drained after each zip entry."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, b: Any) -> int:
        self.parts.append(bytes(b))
        return len(b)

    def take(self) -> bytes:
        out = b"".join(self.parts)
        self.parts.clear()
        return out


def _entry(name: str, compress: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, time.localtime()[:6])
    info.compress_type = compress
    return info


def zip_stream(
    spec: BatchSpec, rendered: Iterable[bytes], *, progress: Callable[[int], None] | None = None
) -> Iterator[bytes]:
    """A ZIP of the batch's documents (.docx or .pdf, as `spec.dinh_dang` says) plus
    manifest.csv, yielded as each document arrives.

    When spreadsheet columns were ignored (an office's own columns), the manifest gains a
    column ``cot_bo_qua`` naming them ("; " between names) on every row."""
    ext = spec.ext
    names = unique_names((spec.kind.ten_tep(d) for d in spec.documents), ext)
    sink = _Sink()
    manifest = io.StringIO()
    writer = csv.writer(manifest)
    ignored = "; ".join(spec.ignored_columns)
    writer.writerow(["row", "file", "so", "ten_tep", *(["cot_bo_qua"] if ignored else [])])
    with zipfile.ZipFile(sink, "w", allowZip64=True) as zf:
        for i, data in enumerate(rendered):
            zf.writestr(_entry(names[i], zipfile.ZIP_STORED), data)
            d = spec.documents[i]
            row = [
                spec.rows[i] if i < len(spec.rows) else i + 1,
                names[i],
                d.get("so") or "",
                names[i][: -len(ext)],
            ]
            writer.writerow([*row, ignored] if ignored else row)
            if progress is not None:
                progress(i + 1)
            yield sink.take()
        zf.writestr(_entry("manifest.csv", zipfile.ZIP_DEFLATED), "\ufeff" + manifest.getvalue())
    yield sink.take()


def merge_documents(rendered: Iterable[bytes]) -> bytes:
    """One .docx of every document, each from a new page."""
    return merge_docx(rendered)


def merge_documents_to(rendered: Iterable[bytes], out: BinaryIO) -> None:
    """The merged .docx written to ``out`` as documents come (one in memory at a time)."""
    merge_docx_to(rendered, out)
