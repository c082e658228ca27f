"""Merged .docx: one section group per document, opens in python-docx and in LibreOffice."""

from __future__ import annotations

import copy
import io
import subprocess
from pathlib import Path

import docx
import pytest

from service.adapters.docx_merge import MergeError, merge_docx
from service.adapters.docx_render import CompiledTemplate
from service.adapters.pdf import pdf_page_count
from service.domain.context import build_context
from service.domain.kinds import KINDS

ROOT = Path(__file__).resolve().parents[2]
KIND = "quyet-dinh-khen-thuong"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _inputs() -> list[dict]:
    base = KINDS[KIND].vi_du
    no_list = {k: v for k, v in copy.deepcopy(base).items() if k != "danh_sach"}
    long_list = copy.deepcopy(base)
    long_list["danh_sach"]["ca_nhan"] = [
        {"ho_ten": f"Ông Nguyễn Văn {i}", "chuc_vu_don_vi": "Chuyên viên"} for i in range(60)
    ]
    draft = {**copy.deepcopy(base), "so": None, "ngay_ban_hanh": None}
    return [base, no_list, long_list, draft]


@pytest.fixture(scope="module")
def parts() -> list[bytes]:
    tpl = CompiledTemplate.from_path(ROOT / "templates_docx" / f"{KIND}.docx")
    return [tpl.render(build_context(KIND, d)) for d in _inputs()]


def _to_pdf(data: bytes, tmp: Path, name: str) -> bytes:
    src = tmp / f"{name}.docx"
    src.write_bytes(data)
    profile = tmp / f"profile-{name}"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return (tmp / f"{name}.pdf").read_bytes()


def test_sections_and_texts_in_order(parts):
    merged = docx.Document(io.BytesIO(merge_docx(parts)))
    singles = [docx.Document(io.BytesIO(p)) for p in parts]
    assert len(merged.sections) == sum(len(d.sections) for d in singles)
    texts = [p.text for p in merged.paragraphs if p.text]
    expected = [p.text for d in singles for p in d.paragraphs if p.text]
    assert texts == expected
    # every section but the body's last is a paragraph-level sectPr starting on a new page
    body = merged.element.body
    inner = body.findall(f"{W}p/{W}pPr/{W}sectPr")
    assert len(inner) == len(merged.sections) - 1
    closing = [s for s in inner if s.find(f"{W}type") is not None]
    assert len(closing) == len(parts) - 1
    assert all(s.find(f"{W}type").get(f"{W}val") == "nextPage" for s in closing)
    assert all(s.find(f"{W}pgNumType") is not None and s.find(f"{W}titlePg") is not None for s in closing)


def test_single_document_is_unchanged_in_text(parts):
    merged = docx.Document(io.BytesIO(merge_docx(parts[:1])))
    assert [p.text for p in merged.paragraphs] == [
        p.text for p in docx.Document(io.BytesIO(parts[0])).paragraphs
    ]


def test_libreoffice_page_count_is_the_sum(parts, tmp_path):
    merged_pdf = _to_pdf(merge_docx(parts), tmp_path, "merged")
    counts = [pdf_page_count(_to_pdf(p, tmp_path, f"part{i}")) for i, p in enumerate(parts)]
    assert all(c >= 1 for c in counts)
    assert pdf_page_count(merged_pdf) == sum(counts)


def test_nothing_to_merge():
    with pytest.raises(MergeError):
        merge_docx([])
    with pytest.raises(MergeError):
        merge_docx([b"not a zip"])
