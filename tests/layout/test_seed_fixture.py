"""The seed kế hoạch (fixtures/seed/) comes out word for word, in order, styled by level.

The seed text is carried by the repository: tests never read the reference folder beside the clone.
"""

from __future__ import annotations

import io
import json
import re
import unicodedata
from pathlib import Path

import docx
import pytest

from tests.layout.docx_read import all_bold, text_runs

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "fixtures" / "seed" / "ke-hoach-van-hoa-cong-vu-thai-nguyen-2024-2025.txt"

# The extraction flaws of the seed text, as documented in scripts/make_seed_fixture.py.
REPAIRS = [("bồ nh\u6eb2m", "bổ nhiệm"), ("Bộ Quy\n\ntắc ứng xử", "Bộ Quy tắc ứng xử"), ("./. *HHT*", "./.")]


def seed_body() -> list[str]:
    text = SEED.read_text(encoding="utf-8")
    for flawed, repaired in REPAIRS:
        assert flawed in text
        text = text.replace(flawed, repaired)
    body = text.split("tỉnh Thái Nguyên giai đoạn 2024 - 2025**", 1)[1].split("Noi nhận:", 1)[0]
    return [unicodedata.normalize("NFC", line.strip()) for line in body.split("\n") if line.strip()]


def expected_style(line: str) -> str:
    if re.match(r"^[IVX]+\. ", line):
        return "VB Mục (I., II.)"
    if re.match(r"^\d+\. ", line):
        return "VB Khoản (1.)" if line.endswith((".", ":", ";")) else "VB Khoản có tiêu đề (1.)"
    if re.match(r"^[a-zđ]\) ", line):
        return "VB Điểm (a))"
    if line.startswith("- "):
        return "VB Gạch đầu dòng (-)"
    return "VB Đoạn văn"


@pytest.fixture(scope="module")
def seed_doc():
    from service import create_app

    app = create_app({"PDF_ENABLED": False})
    data = json.loads((ROOT / "fixtures" / "ke-hoach.json").read_text(encoding="utf-8"))
    resp = app.test_client().post("/api/v1/documents/ke-hoach", json=data)
    assert resp.status_code == 200
    return docx.Document(io.BytesIO(resp.data))


def test_seed_has_the_paragraphs_we_expect():
    lines = seed_body()
    assert len(lines) == 69
    assert lines[0].startswith("Thực hiện Quyết định số 1847/QĐ-TTg")
    assert lines[-1].endswith("để tổng hợp xử lý kịp thời./.")


def test_every_seed_paragraph_in_order_and_styled_by_level(seed_doc):
    body = [p for p in seed_doc.paragraphs if p.style.name.startswith("VB ")]
    lines = seed_body()
    assert [p.text for p in body] == lines
    for p, line in zip(body, lines, strict=True):
        assert p.style.name == expected_style(line), line
        bold = expected_style(line) in ("VB Mục (I., II.)", "VB Khoản có tiêu đề (1.)")
        assert all_bold(p) == bold, line
        assert text_runs(p)


def test_seed_header_signature_and_recipients(seed_doc):
    header = seed_doc.tables[0]
    assert [p.text for p in header.cell(0, 0).paragraphs if p.text] == ["ỦY BAN NHÂN DÂN", "TỈNH THÁI NGUYÊN"]
    assert header.cell(1, 0).paragraphs[0].text == "Số: " + " " * 7 + "/KH-UBND"
    assert (
        header.cell(1, 1).paragraphs[0].text == "Thái Nguyên, ngày" + " " * 5 + "tháng" + " " * 5 + "năm 2024"
    )
    sign = seed_doc.tables[-1]
    left = [p.text for p in sign.cell(0, 0).paragraphs if p.text]
    assert left == [
        "Nơi nhận:",
        "- Thường trực Tỉnh ủy;",
        "- Thường trực HĐND tỉnh;",
        "- Chủ tịch và các PCT UBND tỉnh;",
        "- Ủy ban MTTQ tỉnh;",
        "- Các sở, ban, ngành, đoàn thể tỉnh;",
        "- UBND các huyện, thành phố;",
        "- Lãnh đạo VPUBND tỉnh;",
        "- Trung tâm Thông tin tỉnh;",
        "- Lưu: VT, TH, NC, TTPVHCC.",
    ]
    right = [p.text for p in sign.cell(0, 1).paragraphs if p.text]
    assert right == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Quang Tiến"]
    assert all(all_bold(p) for p in sign.cell(0, 1).paragraphs if p.text)
