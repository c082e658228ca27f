"""Every fixture posted to the API, read back with python-docx: the elements of Nghị định 30.

Figures are the decree's (nd30-style.md §2–§7): ranges where the decree gives ranges.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import docx
import pytest
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
KINDS = ["ke-hoach", "bao-cao", "quyet-dinh-khen-thuong"]


def render(client, kind):
    data = json.loads((FIXTURES / f"{kind}.json").read_text(encoding="utf-8"))
    resp = client.post(f"/api/v1/documents/{kind}", json=data)
    assert resp.status_code == 200, resp.get_data(as_text=True)
    return data, docx.Document(io.BytesIO(resp.data))


@pytest.fixture(params=KINDS)
def rendered(request, client):
    data, doc = render(client, request.param)
    return request.param, data, doc


def test_page_a4_portrait_margins_in_decree_ranges(rendered):
    _, _, doc = rendered
    for s in doc.sections:
        assert s.orientation == WD_ORIENT.PORTRAIT
        assert abs(s.page_width - Mm(210)) < Mm(0.5) and abs(s.page_height - Mm(297)) < Mm(0.5)
        assert Mm(20) <= s.top_margin <= Mm(25)
        assert Mm(20) <= s.bottom_margin <= Mm(25)
        assert Mm(30) <= s.left_margin <= Mm(35)
        assert Mm(15) - 1000 <= s.right_margin <= Mm(20)


def test_times_new_roman_everywhere(rendered):
    _, _, doc = rendered
    defaults = doc.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
    for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
        assert defaults.get(f"{W}{attr}") == "Times New Roman"
    xml = doc.element.xml
    assert "w:rFonts" not in xml  # no run or paragraph overrides the document font
    for st in doc.styles:
        assert st.element.find(f"{W}rPr/{W}rFonts") is None


def test_page_numbers_centred_in_header_from_page_two(rendered):
    _, _, doc = rendered
    for s in doc.sections:
        assert s.different_first_page_header_footer
        first = s.first_page_header
        assert "PAGE" not in first._element.xml and not "".join(p.text for p in first.paragraphs).strip()
        head = s.header
        instr = [e.text for e in head._element.iter(f"{W}instrText")]
        assert [t.strip() for t in instr] == ["PAGE"]
        p = head.paragraphs[0]
        assert alignment(p) == CENTER
        size = p.style.font.size
        assert Pt(13) <= size <= Pt(14)
        assert not run_attr(p, p.runs[0], "italic")


def test_header_table_issuing_body_and_national_title(rendered):
    _kind, data, doc = rendered
    table = doc.tables[0]
    left, right = table.cell(0, 0), table.cell(0, 1)
    body_lines = [line.upper() for line in data["co_quan_ban_hanh"].split("\n")]
    parent = [p for p in left.paragraphs if p.text and not all_bold(p)]
    bold = [p for p in left.paragraphs if p.text and all_bold(p)]
    assert [p.text for p in bold] == body_lines
    for p in bold + parent:
        assert alignment(p) == CENTER and sizes(doc, p) <= {12, 13} and sizes(doc, p)
    if data.get("co_quan_chu_quan"):
        assert [p.text for p in parent] == [data["co_quan_chu_quan"].upper()]
    # The rule under the issuing body: centred, 1/3 to 1/2 of the longest line.
    rule = next(p for p in left.paragraphs if has_top_border(p))
    l_ind, r_ind = indents_twips(rule)
    assert abs(l_ind - r_ind) <= 1
    inner = cell_width_twips(left) - 2 * 108
    longest = max(do_rong_twips(t, 13, dam=True) for t in body_lines)
    assert longest / 3 <= inner - l_ind - r_ind <= longest / 2
    q, t = [p for p in right.paragraphs if p.text]
    assert q.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and all_bold(q) and sizes(doc, q) <= {12, 13}
    assert t.text == "Độc lập - Tự do - Hạnh phúc" and all_bold(t) and sizes(doc, t) <= {13, 14}
    assert not any(run_attr(t, r, "underline") for r in text_runs(t))
    rule = next(p for p in right.paragraphs if has_top_border(p))
    l_ind, r_ind = indents_twips(rule)
    width = cell_width_twips(right) - 2 * 108 - l_ind - r_ind
    assert abs(width - do_rong_twips(t.text, 14, dam=True)) <= 60  # as long as the text line
    # The Quốc hiệu fits its column on one line.
    assert do_rong_twips(q.text, 13, dam=True) < cell_width_twips(right) - 2 * 108


def test_number_and_date_line(rendered):
    _kind, data, doc = rendered
    table = doc.tables[0]
    so = table.cell(1, 0).paragraphs[0]
    ngay = table.cell(1, 1).paragraphs[0]
    if data.get("so"):
        assert so.text == f"Số: {data['so']:02d}/{data['ky_hieu']}"
    else:
        assert so.text == f"Số: {' ' * 7}/{data['ky_hieu']}"
    assert sizes(doc, so) == {13} and not all_bold(so) and alignment(so) == CENTER
    assert all_italic(ngay) and sizes(doc, ngay) <= {13, 14} and alignment(ngay) == CENTER
    assert ngay.text.startswith(data["dia_danh"] + ", ngày ")


def test_type_name_and_summary_centred_bold_with_short_rule(rendered):
    kind, data, doc = rendered
    paras = doc.paragraphs
    name = {"ke-hoach": "KẾ HOẠCH", "bao-cao": "BÁO CÁO", "quyet-dinh-khen-thuong": "QUYẾT ĐỊNH"}[kind]
    i = next(i for i, p in enumerate(paras) if p.text == name)
    lines = data["trich_yeu"].split("\n")
    for offset, p in enumerate([paras[i], *paras[i + 1 : i + 1 + len(lines)]]):
        assert alignment(p) == CENTER and all_bold(p) and sizes(doc, p) <= {13, 14}
        if offset:
            assert p.text == lines[offset - 1]
    rule = paras[i + 1 + len(lines)]
    assert has_top_border(rule) and not rule.text
    l_ind, r_ind = indents_twips(rule)
    assert l_ind == r_ind or abs(l_ind - r_ind) <= 1


def _body_paragraphs(doc):
    return [p for p in doc.paragraphs if p.style.name.startswith("VB ")]


def test_body_justified_indented_spaced(rendered):
    _kind, _data, doc = rendered
    body = _body_paragraphs(doc)
    assert body
    for p in body:
        assert alignment(p) == JUSTIFY
        assert Mm(10) - 5000 <= para_attr(p, "first_line_indent") <= Mm(12.7) + 5000
        assert para_attr(p, "space_before") >= Pt(6)
        spacing = para_attr(p, "line_spacing")
        assert 1.0 <= spacing <= 1.5
        assert sizes(doc, p) <= {13, 14}
    assert body[-1].text.endswith("./.")


def test_recipients_beside_signature(rendered):
    _kind, data, doc = rendered
    sign = next(t for t in doc.tables if t.cell(0, 0).paragraphs[0].text == "Nơi nhận:")
    assert len(sign.rows) == 1 and len(sign.columns) == 2  # beside, not under
    tr_pr = sign.rows[0]._tr.trPr
    assert tr_pr.find(f"{W}cantSplit") is not None
    left = [p for p in sign.cell(0, 0).paragraphs if p.text]
    heading, items = left[0], left[1:]
    assert all_bold(heading) and all_italic(heading) and sizes(doc, heading) == {12}
    assert alignment(heading) == LEFT
    for p in items:
        assert sizes(doc, p) == {11} and not all_bold(p) and p.text.startswith("- ")
    assert all(p.text.endswith(";") for p in items[:-1])
    luu = ", ".join(data.get("luu") or ["VT"])
    assert items[-1].text == f"- Lưu: {luu}."
    assert [p.text for p in items[:-1]] == [f"- {r};" for r in data["noi_nhan"]]
    right = [p for p in sign.cell(0, 1).paragraphs if p.text]
    signer = data["nguoi_ky"]
    expected = [
        *(q.upper() for q in signer.get("quyen_han", [])),
        signer["chuc_vu"].upper(),
        signer["ho_ten"],
    ]
    assert [p.text for p in right] == expected
    for p in right:
        assert all_bold(p) and alignment(p) == CENTER and sizes(doc, p) <= {13, 14}


def test_kinh_gui_several_recipients(client):
    _data, doc = render(client, "bao-cao")
    texts = [p.text for p in doc.paragraphs]
    i = texts.index("Kính gửi:")
    assert texts[i + 1 : i + 3] == ["- Bộ Nội vụ;", "- Ủy ban nhân dân tỉnh Thái Nguyên."]


def test_kinh_gui_one_recipient_on_one_line(client):
    data = json.loads((FIXTURES / "bao-cao.json").read_text(encoding="utf-8"))
    data["kinh_gui"] = ["Bộ Nội vụ"]
    doc = docx.Document(io.BytesIO(client.post("/api/v1/documents/bao-cao", json=data).data))
    p = next(p for p in doc.paragraphs if p.text.startswith("Kính gửi"))
    assert p.text == "Kính gửi: Bộ Nội vụ" and alignment(p) == CENTER


def test_decision_structure(client):
    data, doc = render(client, "quyet-dinh-khen-thuong")
    texts = [p.text for p in doc.paragraphs]
    authority = texts.index(data["tham_quyen"])
    p = doc.paragraphs[authority]
    assert all_bold(p) and alignment(p) == CENTER
    bases = doc.paragraphs[authority + 1 : authority + 1 + len(data["can_cu"]) + 1]
    expected = [*data["can_cu"], data["de_nghi"]]
    assert [b.text for b in bases] == [t + ";" for t in expected[:-1]] + [expected[-1] + "."]
    for b in bases:
        assert all_italic(b) and alignment(b) == JUSTIFY
    decide = doc.paragraphs[authority + 1 + len(expected)]
    assert decide.text == "QUYẾT ĐỊNH:" and all_bold(decide) and alignment(decide) == CENTER
    articles = [p for p in doc.paragraphs if p.text.startswith("Điều ")]
    assert [a.text.split(" ", 2)[:2] for a in articles] == [["Điều", f"{i}."] for i in range(1, 4)]
    for a, _text in zip(articles, data["dieu"], strict=True):
        label, rest = a.runs[0], a.runs[1:]
        assert label.text == a.text.split(" ")[0] + " " + a.text.split(" ")[1] and run_attr(a, label, "bold")
        assert not any(run_attr(a, r, "bold") for r in rest)
    assert articles[-1].text.endswith("Quyết định này./.")


def test_decision_list_on_its_own_numbered_pages(client):
    data, doc = render(client, "quyet-dinh-khen-thuong")
    assert len(doc.sections) == 2
    second = doc.sections[1]
    pg = second._sectPr.find(f"{W}pgNumType")
    assert pg is not None and pg.get(f"{W}start") == "1"  # the list is numbered on its own
    texts = [p.text for p in doc.paragraphs]
    i = texts.index("DANH SÁCH")
    assert texts[i + 1] == data["danh_sach"]["tieu_de"]
    ref = doc.paragraphs[i + 2]
    assert ref.text == (
        "(Kèm theo Quyết định số 09/QĐ-UBND ngày 05 tháng 02 năm 2026 "
        "của Chủ tịch Ủy ban nhân dân tỉnh Thái Nguyên)"
    )
    assert all_italic(ref) and alignment(ref) == CENTER
    # The list starts a new section, hence a new page.
    sect_paras = [
        p for p in doc.paragraphs if p._p.pPr is not None and p._p.pPr.find(f"{W}sectPr") is not None
    ]
    assert len(sect_paras) == 1
    tables = doc.tables[-2:]
    tap_the, ca_nhan = tables
    for t in tables:
        assert t.rows[0]._tr.trPr.find(f"{W}tblHeader") is not None  # header row repeats
        assert all(all_bold(p) for c in t.rows[0].cells for p in c.paragraphs if p.text)
    assert [c.text for c in tap_the.rows[0].cells] == ["STT", "Tên tập thể", "Ghi chú"]
    assert [c.text for c in ca_nhan.rows[0].cells] == [
        "STT",
        "Họ và tên",
        "Chức vụ, đơn vị công tác",
        "Ghi chú",
    ]
    assert [r.cells[1].text for r in tap_the.rows[1:]] == [t["ten"] for t in data["danh_sach"]["tap_the"]]
    assert [r.cells[0].text for r in ca_nhan.rows[1:]] == [str(i) for i in range(1, 6)]
    assert [(r.cells[1].text, r.cells[2].text) for r in ca_nhan.rows[1:]] == [
        (c["ho_ten"], c["chuc_vu_don_vi"]) for c in data["danh_sach"]["ca_nhan"]
    ]
    assert "I. TẬP THỂ (12 tập thể)" in texts and "II. CÁ NHÂN (05 cá nhân)" in texts


def test_draft_decision_keeps_blanks_in_list_reference(client):
    data = json.loads((FIXTURES / "quyet-dinh-khen-thuong.json").read_text(encoding="utf-8"))
    data["so"] = None
    data["ngay_ban_hanh"] = None
    data["nam"] = 2026
    doc = docx.Document(io.BytesIO(client.post("/api/v1/documents/quyet-dinh-khen-thuong", json=data).data))
    ref = next(p.text for p in doc.paragraphs if p.text.startswith("(Kèm theo"))
    assert ref.startswith("(Kèm theo Quyết định số " + " " * 7 + "/QĐ-UBND ngày" + " " * 5 + "tháng")


def test_last_paragraph_kept_with_signature(rendered):
    kind, _, doc = rendered
    body = [p for p in doc.paragraphs if p.style.name.startswith("VB ") and p.text]
    tail = [p for p in body if p.text.startswith("Điều ")] if kind == "quyet-dinh-khen-thuong" else body
    assert para_attr(tail[-1], "keep_with_next")
    plain = [p for p in tail[:-1] if p.style.name not in ("VB Mục (I., II.)", "VB Khoản có tiêu đề (1.)")]
    assert plain and not any(p.paragraph_format.keep_with_next for p in plain)
