"""Read-back checks shared by the layout tests of the Phụ lục III kinds (công văn, tờ trình,
thông báo, văn bản có tên loại, giấy mời, giấy giới thiệu, biên bản, giấy nghỉ phép).

Each `check_*` asserts one element of the decree (nd30-style.md §2–§8) on a document read back
with python-docx; the kind's own test file calls the ones its sample has, then checks what is
its own.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.shared import Mm, Pt

from service.domain.do_rong import do_rong_twips
from tests.layout.docx_read import (
    CENTER,
    JUSTIFY,
    LEFT,
    W,
    alignment,
    all_bold,
    all_italic,
    cell_width_twips,
    has_top_border,
    indents_twips,
    para_attr,
    run_attr,
    sizes,
    text_runs,
)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"


def fixture(kind: str) -> dict:
    return json.loads((FIXTURES / f"{kind}.json").read_text(encoding="utf-8"))


def render(client, kind: str, data: dict | None = None):
    """(data, document) of `kind` rendered through the API (the fixture unless `data`)."""
    data = fixture(kind) if data is None else data
    resp = client.post(f"/api/v1/documents/{kind}", json=data)
    assert resp.status_code == 200, resp.get_data(as_text=True)
    return data, docx.Document(io.BytesIO(resp.data))


def texts(doc) -> list[str]:
    return [p.text for p in doc.paragraphs]


def para(doc, text: str):
    """The body paragraph whose text is `text` (exactly one)."""
    found = [p for p in doc.paragraphs if p.text == text]
    assert len(found) == 1, (text, [p.text for p in doc.paragraphs if p.text])
    return found[0]


def body_paragraphs(doc):
    return [p for p in doc.paragraphs if p.style.name.startswith("VB ") and p.text]


# ---------------------------------------------------------------- page
def check_page(doc) -> None:
    """A4 portrait, margins in the decree's ranges, Times New Roman only, page numbers centred
    in the header from page 2."""
    for s in doc.sections:
        assert s.orientation == WD_ORIENT.PORTRAIT
        assert abs(s.page_width - Mm(210)) < Mm(0.5) and abs(s.page_height - Mm(297)) < Mm(0.5)
        assert Mm(20) <= s.top_margin <= Mm(25) and Mm(20) <= s.bottom_margin <= Mm(25)
        assert Mm(30) <= s.left_margin <= Mm(35) and Mm(15) - 1000 <= s.right_margin <= Mm(20)
        assert s.different_first_page_header_footer
        assert "PAGE" not in s.first_page_header._element.xml
        instr = [e.text.strip() for e in s.header._element.iter(f"{W}instrText")]
        assert instr == ["PAGE"]
        p = s.header.paragraphs[0]
        assert alignment(p) == CENTER and Pt(13) <= p.style.font.size <= Pt(14)
    fonts = doc.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    assert all(fonts.get(f"{W}{a}") == "Times New Roman" for a in ("ascii", "hAnsi", "cs", "eastAsia"))
    assert "w:rFonts" not in doc.element.xml


# ---------------------------------------------------------------- header (ô 1–4)
def check_header(doc, data: dict, *, quoc_hieu_pt: int = 13, date_line: bool = True) -> None:
    """Issuing body (CAPS bold, rule 1/3–1/2 under it), Quốc hiệu and Tiêu ngữ (rule as long as
    the text), Số line (13 pt), place-and-date line (italic) or none."""
    table = doc.tables[0]
    left, right = table.cell(0, 0), table.cell(0, 1)
    body_lines = [line.upper() for line in data["co_quan_ban_hanh"].split("\n")]
    bold = [p for p in left.paragraphs if p.text and all_bold(p)]
    parent = [p for p in left.paragraphs if p.text and not all_bold(p)]
    assert [p.text for p in bold] == body_lines
    if data.get("co_quan_chu_quan"):
        assert [p.text for p in parent] == [data["co_quan_chu_quan"].upper()]
    for p in bold + parent:
        assert alignment(p) == CENTER and sizes(doc, p) == {13}
    rule = next(p for p in left.paragraphs if has_top_border(p))
    l_ind, r_ind = indents_twips(rule)
    longest = max(do_rong_twips(t, 13, dam=True) for t in body_lines)
    assert abs(l_ind - r_ind) <= 1
    assert longest / 3 <= cell_width_twips(left) - 216 - l_ind - r_ind <= longest / 2
    q, t = [p for p in right.paragraphs if p.text]
    assert q.text == QUOC_HIEU and all_bold(q) and sizes(doc, q) == {quoc_hieu_pt}
    assert t.text == TIEU_NGU and all_bold(t) and sizes(doc, t) == {14}
    rule = next(p for p in right.paragraphs if has_top_border(p))
    l_ind, r_ind = indents_twips(rule)
    assert abs(cell_width_twips(right) - 216 - l_ind - r_ind - do_rong_twips(TIEU_NGU, 14, dam=True)) <= 60
    so = table.cell(1, 0).paragraphs[0]
    number = f"{data['so']:02d}" if data.get("so") else " " * 7
    assert so.text == f"Số: {number}/{data['ky_hieu']}"
    assert sizes(doc, so) == {13} and not all_bold(so) and alignment(so) == CENTER
    ngay = [p for p in table.cell(1, 1).paragraphs if p.text]
    if date_line:
        (ngay,) = ngay
        assert all_italic(ngay) and sizes(doc, ngay) == {14} and alignment(ngay) == CENTER
        assert ngay.text.startswith(data["dia_danh"] + ", ngày ")
    else:
        assert ngay == []


def check_title(doc, ten_loai: str, trich_yeu: list[str]) -> None:
    """Type name (CAPS bold 14, centred), trích yếu lines under it (bold 14), then a short
    centred rule (1/3–1/2 of the longest line, at least 2 cm)."""
    paras = doc.paragraphs
    i = texts(doc).index(ten_loai)
    for p in paras[i : i + 1 + len(trich_yeu)]:
        assert alignment(p) == CENTER and all_bold(p) and sizes(doc, p) == {14}
    assert [p.text for p in paras[i + 1 : i + 1 + len(trich_yeu)]] == trich_yeu
    rule = paras[i + 1 + len(trich_yeu)]
    assert has_top_border(rule) and not rule.text
    l_ind, r_ind = indents_twips(rule)
    assert abs(l_ind - r_ind) <= 1
    width = 9355 - l_ind - r_ind
    # 1/3–1/2 of the trích yếu's longest line; with no trích yếu (Mẫu 1.8, 1.10), of the type name
    longest = max(do_rong_twips(t, 14, dam=True) for t in trich_yeu or [ten_loai])
    assert longest / 3 - 1 <= width <= max(longest / 2, 1134) + 1


# ---------------------------------------------------------------- body
def check_body(doc, *, end_mark: bool = True) -> list:
    """Body paragraphs: justified, first-line indent 1–1.27 cm, ≥ 6 pt before, 1–1.5 lines,
    13–14 pt upright; the last ends with ./."""
    body = body_paragraphs(doc)
    assert body
    for p in body:
        assert alignment(p) == JUSTIFY
        assert Mm(10) - 5000 <= para_attr(p, "first_line_indent") <= Mm(12.7) + 5000
        assert para_attr(p, "space_before") >= Pt(6)
        assert 1.0 <= para_attr(p, "line_spacing") <= 1.5
        assert sizes(doc, p) <= {13, 14}
        assert not any(run_attr(p, r, "italic") for r in text_runs(p))
    if end_mark:
        assert body[-1].text.endswith("./.") and body[-1].paragraph_format.keep_with_next
    return body


def check_kinh_gui(doc, kinh_gui: list[str]) -> None:
    """ô 9a: one recipient on the Kính gửi line, centred; several: "Kính gửi:" then one per line,
    dashes aligned together, ";" and "." for the last (14 pt upright)."""
    t = texts(doc)
    if len(kinh_gui) == 1:
        p = para(doc, f"Kính gửi: {kinh_gui[0]}")
        assert alignment(p) == CENTER and sizes(doc, p) == {14}
        return
    i = t.index("Kính gửi:")
    items = doc.paragraphs[i + 1 : i + 1 + len(kinh_gui)]
    expected = [f"- {k};" for k in kinh_gui[:-1]] + [f"- {kinh_gui[-1]}."]
    assert [p.text for p in items] == expected
    lefts = {indents_twips(p)[0] for p in items}
    assert len(lefts) == 1
    head_left = indents_twips(doc.paragraphs[i])[0]
    dash = lefts.pop()
    # the dashes under the colon of "Kính gửi:" (Phụ lục I, ô 9a)
    assert (
        head_left + do_rong_twips("Kính gửi", 14) - 10 <= dash <= head_left + do_rong_twips("Kính gửi:", 14)
    )
    for p in [doc.paragraphs[i], *items]:
        assert sizes(doc, p) == {14} and not all_bold(p) and alignment(p) == LEFT


# ---------------------------------------------------------------- signature (ô 7, 9b)
def signature_table(doc):
    return next(t for t in doc.tables if t.cell(0, 0).paragraphs[0].text == "Nơi nhận:")


def check_noi_nhan(doc, cell, data: dict) -> None:
    left = [p for p in cell.paragraphs if p.text]
    heading, items = left[0], left[1:]
    assert heading.text == "Nơi nhận:" and all_bold(heading) and all_italic(heading)
    assert sizes(doc, heading) == {12} and alignment(heading) == LEFT
    for p in items:
        assert sizes(doc, p) == {11} and not all_bold(p) and p.text.startswith("- ")
    luu = ", ".join(data.get("luu") or ["VT"])
    assert [p.text for p in items] == [*(f"- {r};" for r in data.get("noi_nhan") or []), f"- Lưu: {luu}."]


def check_signature(doc, data: dict) -> None:
    """Nơi nhận (12 bold italic; items 11) beside the signer (CAPS bold, name bold), in one row
    that cannot split."""
    sign = signature_table(doc)
    assert len(sign.rows) == 1 and len(sign.columns) == 2
    assert sign.rows[0]._tr.trPr.find(f"{W}cantSplit") is not None
    check_noi_nhan(doc, sign.cell(0, 0), data)
    signer = data["nguoi_ky"]
    right = [p for p in sign.cell(0, 1).paragraphs if p.text]
    expected = [
        *(q.upper() for q in signer.get("quyen_han", [])),
        signer["chuc_vu"].upper(),
        signer["ho_ten"],
    ]
    assert [p.text for p in right] == expected
    for p in right:
        assert all_bold(p) and alignment(p) == CENTER and sizes(doc, p) == {14}
