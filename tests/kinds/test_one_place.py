"""A kind is one description: a throwaway kind written as a single module in a temporary
directory is served end to end (API, OpenAPI, web form, example spreadsheet, batch) without
touching any other file; and no kind id is spelled outside its own module."""

from __future__ import annotations

import io
import re
import textwrap
import zipfile
from pathlib import Path

import pytest

from service.domain.context import build_context
from service.domain.kinds import KINDS, load_kinds, unregister
from tests.conftest import read_docx

ROOT = Path(__file__).resolve().parents[2]

THROWAWAY = '''
"""Phiếu thử (a throwaway kind of the test suite)."""
from service.domain.kind import DocumentKind
from service.domain.schemas import BAT_BUOC_CHUNG, CHUNG, NOI_DUNG, chuoi, kind_schema


def ghi_chu(data, ctx, hom_nay):
    return {"ghi_chu_thu": (data.get("ghi_chu") or "").upper()}


def ten_tep(kind, data):
    return "Phiếu thử - " + data["trich_yeu"][:20]


KIND = DocumentKind(
    id="phieu-thu",
    ten="Phiếu thử",
    loai_van_ban="PT",
    mo_ta="Một loại văn bản chỉ để kiểm thử.",
    ten_loai="PHIẾU THỬ",
    schema=kind_schema(
        "Phiếu thử",
        {**CHUNG, "ghi_chu": chuoi("Ghi chú"), "noi_dung": NOI_DUNG},
        [*BAT_BUOC_CHUNG, "noi_dung"],
        defs=True,
    ),
    vi_du={
        "co_quan_ban_hanh": "SỞ THỬ NGHIỆM",
        "so": 7,
        "ky_hieu": "PT-STN",
        "dia_danh": "Hà Nội",
        "ngay_ban_hanh": "2026-03-04",
        "trich_yeu": "Thử một loại văn bản mới",
        "noi_dung": "I. PHẦN MỘT\\n1. Khoản một\\nĐoạn văn của phiếu thử.",
        "nguoi_ky": {"chuc_vu": "GIÁM ĐỐC", "ho_ten": "Lê Văn Thử"},
        "noi_nhan": ["Như trên"],
    },
    blocks=("header", "title", "body", "signature"),
    context=(ghi_chu,),
    file_name=ten_tep,
    thu_tu=999,
)
'''


@pytest.fixture()
def throwaway(tmp_path):
    kinds_dir = tmp_path / "kinds"
    kinds_dir.mkdir()
    (kinds_dir / "phieu_thu.py").write_text(textwrap.dedent(THROWAWAY), encoding="utf-8")
    (kinds_dir / "_helper.py").write_text("raise RuntimeError('modules starting with _ are skipped')\n")
    (kind,) = load_kinds(kinds_dir)
    yield kind
    unregister(kind.id)


@pytest.fixture()
def kind_client(throwaway, app):
    return app.test_client()


def test_throwaway_kind_renders_end_to_end(throwaway, kind_client):
    assert list(KINDS)[-1] == "phieu-thu"
    listed = kind_client.get("/api/v1/templates").get_json()
    assert {"id": "phieu-thu", "ten": "Phiếu thử", "loai_van_ban": "PT", "mo_ta": throwaway.mo_ta} in listed
    resp = kind_client.post("/api/v1/documents/phieu-thu", json=throwaway.vi_du)
    assert resp.status_code == 200, resp.get_data(as_text=True)
    assert "Phi%E1%BA%BFu%20th%E1%BB%AD%20-%20Th%E1%BB%AD" in resp.headers["Content-Disposition"]
    doc = read_docx(resp.data)
    texts = [p.text for p in doc.paragraphs]
    assert "PHIẾU THỬ" in texts and "Thử một loại văn bản mới" in texts
    assert "Đoạn văn của phiếu thử./." in texts
    header = [p.text for c in doc.tables[0]._cells for p in c.paragraphs]
    assert "SỞ THỬ NGHIỆM" in header and "Số: 07/PT-STN" in header
    assert doc.sections[0].page_width == 7560310  # A4 from the shared page geometry (EMU)
    ctx = build_context("phieu-thu", {**throwaway.vi_du, "ghi_chu": "hook"})
    assert ctx["ghi_chu_thu"] == "HOOK" and ctx["ten_loai"] == "PHIẾU THỬ"


def test_throwaway_kind_is_validated_published_and_batched(throwaway, kind_client):
    bad = kind_client.post("/api/v1/documents/phieu-thu", json={**throwaway.vi_du, "ghi_chu": 5})
    assert bad.status_code == 422
    assert [e["path"] for e in bad.get_json()["errors"]] == ["/ghi_chu"]
    spec = kind_client.get("/openapi.json").get_json()
    assert "input_phieu_thu" in spec["components"]["schemas"]
    form = kind_client.get("/mau/phieu-thu")
    assert form.status_code == 200 and "Ghi chú" in form.get_data(as_text=True)
    sheet = kind_client.get("/mau/phieu-thu/vi-du.xlsx")
    assert sheet.status_code == 200 and sheet.data[:2] == b"PK"
    items = [{"trich_yeu": f"Phiếu số {i}"} for i in range(3)]
    chung = {k: v for k, v in throwaway.vi_du.items() if k != "trich_yeu"}
    resp = kind_client.post(
        "/api/v1/batches/phieu-thu", json={"chung": chung, "items": items, "so_bat_dau": 1, "dau_ra": "zip"}
    )
    assert resp.status_code == 200, resp.get_data(as_text=True)
    names = zipfile.ZipFile(io.BytesIO(resp.data)).namelist()
    assert sorted(n for n in names if n.endswith(".docx")) == [
        "Phiếu thử - Phiếu số 0.docx",
        "Phiếu thử - Phiếu số 1.docx",
        "Phiếu thử - Phiếu số 2.docx",
    ]


def test_no_code_branches_on_a_kind_id():
    """No `if kind == "…"` anywhere: outside service/domain/kinds/<module>.py, no comparison with a
    kind's id, no membership test in a literal list of ids, no table keyed by ids."""
    offenders = []
    for path in (ROOT / "service").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for kind_id in KINDS:
            own = path.parent.name == "kinds" and path.stem == kind_id.replace("-", "_")
            q = rf"[\"']{re.escape(kind_id)}[\"']"
            branch = rf"(==|!=)\s*{q}|{q}\s*(==|!=|:)|\bin\s*[\(\[{{][^\)\]}}]*{q}"
            if not own and re.search(branch, text):
                offenders.append(f"{path.relative_to(ROOT)}: {kind_id}")
    assert offenders == []


def test_every_kind_has_a_fixture_and_known_blocks():
    from service.adapters.docx_blocks import BLOCKS

    for kind in KINDS.values():
        assert (ROOT / "fixtures" / f"{kind.id}.json").is_file(), kind.id
        assert set(kind.blocks) <= set(BLOCKS), kind.id
