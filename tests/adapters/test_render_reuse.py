"""One CompiledTemplate reused for many different documents, in turn and from 4 threads,
gives exactly what a fresh docxtpl render (render_stock) gives for the same context."""

from __future__ import annotations

import copy
import io
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import docx
import pytest

from service.adapters.docx_render import CompiledTemplate, render_stock
from service.domain.context import build_context
from service.domain.kinds import KINDS
from service.domain.validation import normalize_and_validate

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates_docx"


def _cases() -> list[tuple[str, dict]]:
    qd = KINDS["quyet-dinh-khen-thuong"].vi_du
    kh = KINDS["ke-hoach"].vi_du
    bc = KINDS["bao-cao"].vi_du
    long_list = copy.deepcopy(qd)
    long_list["danh_sach"]["ca_nhan"] = [
        {"ho_ten": f"Bà Lê Thị {i}", "chuc_vu_don_vi": f"Đơn vị {i}", "ghi_chu": "x" * (i % 3)}
        for i in range(25)
    ]
    long_list["danh_sach"]["tap_the"] = []
    no_list = {k: v for k, v in copy.deepcopy(qd).items() if k != "danh_sach"}
    draft = {
        **copy.deepcopy(qd),
        "so": None,
        "ngay_ban_hanh": None,
        "nam": 2027,
        "dieu": ["Điều duy nhất & đặc biệt <b>."],
    }
    short_kh = {**copy.deepcopy(kh), "so": 123, "noi_dung": "I. MỤC ĐÍCH\n1. Ngắn\n- một dòng"}
    kh_draft = {**copy.deepcopy(kh), "so": None, "ngay_ban_hanh": None}
    bc_one = {**copy.deepcopy(bc), "kinh_gui": ["Bộ Nội vụ"]}
    cases = [("quyet-dinh-khen-thuong", d) for d in (qd, long_list, no_list, draft)]
    cases += [("ke-hoach", short_kh), ("ke-hoach", kh_draft), ("bao-cao", bc), ("bao-cao", bc_one)]
    out = []
    for kind, data in cases:
        clean, errors = normalize_and_validate(KINDS[kind].schema, data)
        assert errors == []
        out.append((kind, clean))
    return out


def _shape(data: bytes) -> list[tuple]:
    d = docx.Document(io.BytesIO(data))
    out = []
    for p in d.paragraphs + [p for t in d.tables for r in t.rows for c in r.cells for p in c.paragraphs]:
        runs = tuple((r.text, r.bold, r.italic, r.font.size) for r in p.runs)
        out.append((p.text, p.style.name if p.style is not None else None, runs))
    for s in d.sections:
        out.append(
            (
                "header",
                tuple(p.text for p in s.header.paragraphs),
                tuple(p.text for p in s.first_page_header.paragraphs),
            )
        )
    return out


@pytest.fixture(scope="module")
def expected() -> list[tuple[str, dict, list, str]]:
    out = []
    for kind, data in _cases():
        ctx = build_context(kind, data)
        stock = render_stock(TEMPLATES / f"{kind}.docx", ctx)
        out.append((kind, ctx, _shape(stock), docx.Document(io.BytesIO(stock)).element.xml))
    return out


def _text_of(xml: str) -> str:
    return "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))


@pytest.fixture(scope="module")
def compiled() -> dict[str, CompiledTemplate]:
    return {k: CompiledTemplate.from_path(TEMPLATES / f"{k}.docx") for k in KINDS}


def test_cases_are_varied(expected):
    shapes = [e[2] for e in expected]
    assert len({repr(s) for s in shapes}) == len(shapes)  # no two inputs render alike


def test_interleaved_reuse_matches_fresh_stock_render(expected, compiled):
    for _round in range(3):
        for kind, ctx, shape, xml in expected + expected[::-1]:
            data = compiled[kind].render(ctx)
            assert _shape(data) == shape
            assert _text_of(docx.Document(io.BytesIO(data)).element.xml) == _text_of(xml)


def test_reuse_from_four_threads(expected, compiled):
    jobs = [e for _ in range(6) for e in expected]

    def one(entry):
        kind, ctx, shape, xml = entry
        data = compiled[kind].render(ctx)
        return _shape(data) == shape and _text_of(docx.Document(io.BytesIO(data)).element.xml) == _text_of(
            xml
        )

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(one, jobs))
    assert len(results) == len(jobs) and all(results)
