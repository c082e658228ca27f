"""Batch preparation (all errors at once), ordered rendering and the streamed ZIP."""

from __future__ import annotations

import copy
import csv
import io
import os
import signal
import time
import zipfile
from pathlib import Path

import docx
import pytest

from service.adapters import batch_pool
from service.adapters.batch import BatchSpec, merge_over, prepare
from service.adapters.batch_package import unique_names, zip_stream
from service.adapters.batch_pool import (
    close_shared_pool,
    draft_ordered,
    render_ordered,
    shared_pool,
)
from service.adapters.documents import DocumentService
from service.adapters.render_pool import HelperLost
from service.domain.kinds import KINDS
from service.errors import ValidationFailed, as_problem

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = str(ROOT / "templates_docx")
KIND = "quyet-dinh-khen-thuong"


@pytest.fixture(scope="module")
def svc() -> DocumentService:
    return DocumentService(TEMPLATES)


def chung() -> dict:
    return copy.deepcopy(KINDS[KIND].vi_du)


def test_merge_over_is_deep_and_item_wins():
    merged = merge_over(chung(), {"nguoi_ky": {"ho_ten": "Lê Văn C"}, "so": 3})
    assert merged["nguoi_ky"] == {**chung()["nguoi_ky"], "ho_ten": "Lê Văn C"}
    assert merged["so"] == 3


def test_unique_names_keep_vietnamese():
    assert unique_names(["Quyết định", "quyết định", "Quyết định (2)"]) == [
        "Quyết định.docx",
        "quyết định (2).docx",
        "Quyết định (2) (2).docx",
    ]


def test_so_bat_dau_numbers_in_order_and_overrides(svc):
    items = [{"so": 99, "trich_yeu": f"Về việc {i}"} for i in range(4)]
    spec = prepare(svc.check, KIND, chung(), items, so_bat_dau=41)
    assert [d["so"] for d in spec.documents] == [41, 42, 43, 44]
    assert [d["trich_yeu"] for d in spec.documents] == [f"Về việc {i}" for i in range(4)]


def test_every_error_at_once_with_rows(svc):
    items = [{"ngay_ban_hanh": "2026-13-01"}, {}, {"nguoi_ky": {"ho_ten": ""}}, {"ngay_ban_hanh": "x"}]
    with pytest.raises(ValidationFailed) as info:
        prepare(
            svc.check,
            KIND,
            chung(),
            items,
            row_numbers=[3, 4, 7, 15],
            cell_errors=[
                {
                    "path": "/items/3/ngay_ban_hanh",
                    "message": "Ngày không hợp lệ: 'x'.",
                    "row": 15,
                    "column": "ngay_ban_hanh",
                }
            ],
        )
    errors = info.value.errors
    paths = [e["path"] for e in errors]
    assert "/items/0/ngay_ban_hanh" in paths and "/items/2/nguoi_ky/ho_ten" in paths
    assert paths.count("/items/3/ngay_ban_hanh") == 1  # the cell error, not repeated by the schema
    by_path = {e["path"]: e for e in errors}
    assert by_path["/items/2/nguoi_ky/ho_ten"]["row"] == 7
    assert by_path["/items/2/nguoi_ky/ho_ten"]["message"].startswith("Dòng 7: ")
    assert by_path["/items/3/ngay_ban_hanh"]["message"].startswith("Dòng 15: ")


def test_error_in_chung_reported_once(svc):
    bad = chung()
    bad["tham_quyen"] = ""
    with pytest.raises(ValidationFailed) as info:
        prepare(svc.check, KIND, bad, [{}, {}, {}])
    assert [e["path"] for e in info.value.errors] == ["/chung/tham_quyen"]


def test_options_validated(svc):
    with pytest.raises(ValidationFailed) as info:
        prepare(svc.check, "ke-hoach", {}, [{}], dau_ra="danh_sach", so_bat_dau=0)
    paths = [e["path"] for e in info.value.errors]
    assert "/dau_ra" in paths and "/so_bat_dau" in paths
    with pytest.raises(ValidationFailed):
        prepare(svc.check, KIND, chung(), [])


def test_danh_sach_rows_become_list_entries(svc):
    rows = [
        {"loai": "tap_the", "ten": "Phòng A"},
        {"ho_ten": "Ông B", "chuc_vu_don_vi": "CV"},
        {"ten": "Phòng C", "ghi_chu": "x"},
        {"loai": "Cá nhân", "ho_ten": "Bà D"},
    ]
    spec = prepare(svc.check, KIND, chung(), rows, dau_ra="danh_sach", so_bat_dau=12)
    (doc,) = spec.documents
    assert doc["so"] == 12
    assert [t["ten"] for t in doc["danh_sach"]["tap_the"]] == ["Phòng A", "Phòng C"]
    assert [c["ho_ten"] for c in doc["danh_sach"]["ca_nhan"]] == ["Ông B", "Bà D"]
    assert doc["danh_sach"]["tieu_de"] == chung()["danh_sach"]["tieu_de"]


def test_danh_sach_errors_point_to_rows(svc):
    rows = [{"ho_ten": "Ông B"}, {"loai": "ca_nhan", "ten": "Sai cột"}, {}, {"loai": "khac", "ho_ten": "X"}]
    with pytest.raises(ValidationFailed) as info:
        prepare(svc.check, KIND, chung(), rows, dau_ra="danh_sach", row_numbers=[2, 3, 4, 5])
    by_path = {e["path"]: e for e in info.value.errors}
    assert set(by_path) >= {"/items/2/loai", "/items/3/loai"}
    assert any(p.startswith("/items/1") for p in by_path)
    assert by_path["/items/2/loai"]["row"] == 4


def test_render_ordered_pool_equals_in_process(svc):
    items = [{"trich_yeu": f"Về việc số {i}"} for i in range(230)]
    spec = prepare(svc.check, KIND, chung(), items, so_bat_dau=1)
    local = list(render_ordered(TEMPLATES, KIND, spec.documents))
    pooled = list(render_ordered(TEMPLATES, KIND, spec.documents, pool=shared_pool(2)))
    assert len(pooled) == 230
    texts = [[p.text for p in docx.Document(io.BytesIO(b)).paragraphs] for b in (local[7], pooled[7])]
    assert texts[0] == texts[1]
    assert all(docx.Document(io.BytesIO(b)).paragraphs for b in pooled[::50])
    assert [b.count(b"PK\x03\x04") for b in local] == [b.count(b"PK\x03\x04") for b in pooled]
    # Every document in its place, whichever process rendered its chunk.
    for size in (2, 1):
        close_shared_pool()
        got = list(render_ordered(TEMPLATES, KIND, spec.documents, pool=shared_pool(size), chunk=7))
        for i, b in enumerate(got):
            xml = zipfile.ZipFile(io.BytesIO(b)).read("word/document.xml").decode()
            assert f"Về việc số {i}<" in xml
        close_shared_pool()


class CountingPool:
    """A real pool that counts the chunks given to it."""

    def __init__(self, pool):
        self.pool, self.processes, self.tasks = pool, pool.processes, []

    def submit(self, func, *args):
        self.tasks.append(func.__name__)
        return self.pool.submit(func, *args)

    def result(self, future):
        return self.pool.result(future)


def test_draft_ordered_on_a_pool_equals_drafts_in_process(svc):
    """A numbered batch's drafts (each with its own token where its number goes) rendered on
    the pool: the chunks go to the helpers, every draft in its place, and each one filled
    with a number is the document rendered with that number, part for part."""
    items = [{"trich_yeu": f"Về việc số {i}"} for i in range(130)]
    spec = prepare(svc.check, KIND, chung(), items, so_bat_dau=1)
    cleans = [{k: v for k, v in d.items() if k != "so"} for d in spec.documents]
    tokens = [str(10**17 + 7919 * i).encode() for i in range(130)]
    local = list(draft_ordered(TEMPLATES, KIND, list(zip(cleans, tokens, strict=True))))
    close_shared_pool()
    pool = CountingPool(shared_pool(1))
    try:
        pooled = list(
            draft_ordered(TEMPLATES, KIND, list(zip(cleans, tokens, strict=True)), pool=pool, chunk=20)
        )
    finally:
        close_shared_pool()
    assert pool.tasks and set(pool.tasks) == {"draft_chunk"}  # half the chunks: 4 of 7
    assert len(pool.tasks) == 4
    assert len(pooled) == 130
    for i in (0, 19, 20, 77, 129):
        filled = pooled[i].fill(f"{i + 1:02d}".encode())
        assert filled == local[i].fill(f"{i + 1:02d}".encode())
        direct = svc.render_clean(KIND, {**cleans[i], "so": i + 1}).data
        got, want = zipfile.ZipFile(io.BytesIO(filled)), zipfile.ZipFile(io.BytesIO(direct))
        assert got.namelist() == want.namelist()
        assert all(got.read(n) == want.read(n) for n in want.namelist())
        assert f"Về việc số {i}<" in got.read("word/document.xml").decode()


def dying_chunk(templates_dir, kind_id, documents):
    """A pool task whose helper is killed (as the system's OOM killer would) by one document."""
    if any(d.get("trich_yeu") == "boom" for d in documents):
        os.kill(os.getpid(), signal.SIGKILL)
    return dying_chunk.real(templates_dir, kind_id, documents)


def dying_draft_chunk(templates_dir, kind_id, documents):
    """`dying_chunk` for the drafts of a numbered batch ((clean data, token) pairs)."""
    if any(clean.get("trich_yeu") == "boom" for clean, _token in documents):
        os.kill(os.getpid(), signal.SIGKILL)
    return dying_draft_chunk.real(templates_dir, kind_id, documents)


def test_a_helper_killed_mid_batch_fails_the_batch_instead_of_hanging_it(svc, monkeypatch):
    """A multiprocessing pool replaces a dead helper but never answers for its chunk: the
    batch would wait for it for good. It fails at once instead (HelperLost, 503), and the
    next batch gets a new pool."""
    monkeypatch.setattr(dying_chunk, "real", batch_pool.render_chunk, raising=False)
    monkeypatch.setattr(batch_pool, "render_chunk", dying_chunk)
    items = [{"trich_yeu": "boom" if i == 0 else f"Về việc {i}"} for i in range(200)]
    spec = prepare(svc.check, KIND, chung(), items, so_bat_dau=1)
    close_shared_pool()
    try:
        pool = shared_pool(1)  # forked now: its helper runs dying_chunk
        started = time.monotonic()
        with pytest.raises(HelperLost) as info:
            list(render_ordered(TEMPLATES, KIND, spec.documents, pool=pool, chunk=20))
        assert time.monotonic() - started < 10
        assert as_problem(info.value).status == 503
        assert pool.broken  # the executor noticed the death and stopped its other helpers
        again = list(render_ordered(TEMPLATES, KIND, spec.documents[1:], pool=shared_pool(1), chunk=20))
        assert len(again) == 199
        # a helper killed while it waited for work, between batches: the pool is broken (a
        # multiprocessing.Pool here kept its queue's lock taken and hung every later batch),
        # and the next batch gets a new pool
        pool = shared_pool(1)
        for pid in pool.pids():
            os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while not pool.broken and time.monotonic() < deadline:
            time.sleep(0.05)
        assert pool.broken
        fresh = shared_pool(1)
        assert fresh is not pool and not set(fresh.pids()) & set(pool.pids())
        after = list(render_ordered(TEMPLATES, KIND, spec.documents[1:], pool=fresh, chunk=20))
        assert len(after) == 199
    finally:
        close_shared_pool()


def test_zip_streams_before_rendering_ends(svc):
    items = [{"trich_yeu": "Cùng tên"} for _ in range(5)]
    spec = prepare(svc.check, KIND, chung(), items)
    consumed = []

    def docs():
        for data in render_ordered(TEMPLATES, KIND, spec.documents):
            consumed.append(1)
            yield data

    stream = zip_stream(spec, docs())
    first = next(stream)
    assert first.startswith(b"PK\x03\x04") and len(consumed) == 1
    archive = zipfile.ZipFile(io.BytesIO(first + b"".join(stream)))
    names = archive.namelist()
    assert len(consumed) == 5 and names[-1] == "manifest.csv"
    assert names[1].endswith(" (2).docx") and all(n.startswith("Quyết định") for n in names[:5])
    assert archive.getinfo(names[0]).flag_bits & 0x800  # UTF-8 names
    manifest = archive.read("manifest.csv")
    assert manifest.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(manifest.decode("utf-8-sig"))))
    assert [r["file"] for r in rows] == names[:5] and rows[0]["row"] == "1"
    assert docx.Document(io.BytesIO(archive.read(names[4]))).paragraphs


def test_spec_json_roundtrip(svc):
    spec = prepare(svc.check, KIND, chung(), [{}], so_bat_dau=5)
    again = BatchSpec.from_json(spec.to_json())
    assert again.documents == spec.documents and again.output_name() == spec.output_name()


def test_text_problems_reported_once_for_chung_and_per_item(svc):
    shared = chung()
    shared["tham_quyen"] = "CHỦ TỊCH\x07"
    items = [{"trich_yeu": "Về việc A"}, {"trich_yeu": "Về\x00 việc B", "dieu": []}]
    with pytest.raises(ValidationFailed) as exc:
        prepare(svc.check, KIND, shared, items)
    paths = [e["path"] for e in exc.value.errors]
    assert paths.count("/chung/tham_quyen") == 1
    assert "/items/1/trich_yeu" in paths and "/items/1/dieu" in paths  # text and schema, at once
    assert "/items/0/trich_yeu" not in paths


def test_items_normalised_like_single_documents(svc):
    shared = chung()
    shared["tham_quyen"] = "CHU\u0309 TI\u0323CH ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN"  # NFD
    spec = prepare(svc.check, KIND, shared, [{"trich_yeu": "Ve\u0302\u0300 vie\u0323\u0302c A\r\nB"}])
    single, errors = svc.check(
        KIND, merge_over(shared, {"trich_yeu": "Ve\u0302\u0300 vie\u0323\u0302c A\r\nB"})
    )
    assert not errors and spec.documents[0] == single
    assert spec.documents[0]["tham_quyen"] == "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN"
