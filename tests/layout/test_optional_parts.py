"""The optional components of every kind (ô 10a, 10b, 11, 12, 13) and the appendices (Mẫu 2.1),
read back from the .docx: text, frames, sizes, bold/italic, alignment, footers, sections,
orientation and page numbering; LibreOffice converts the document with all of them."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.shared import Mm

from service.domain.kinds import KINDS
from service.domain.page import CELL_MAR, HEAD_IND, HEAD_L, HEAD_R, TEXT_W, TEXT_W_LANDSCAPE
from tests.layout.docx_read import (
    CENTER,
    W,
    alignment,
    all_bold,
    all_italic,
    has_top_border,
    indents_twips,
    sizes,
)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
DIA_CHI = {
    "dia_chi": "Số 18 Nguyễn Du, phường Phan Đình Phùng, tỉnh Thái Nguyên",
    "dien_thoai": "0208 3855 123",
    "fax": "0208 3855 124",
    "email": "snv@thainguyen.gov.vn",
    "website": "snv.thainguyen.gov.vn",
}
BANG = {
    "tieu_de": ["STT", "Nội dung", "Đơn vị", "Kinh phí (đồng)", "Ghi chú"],
    "dong": [[str(i), f"Nhiệm vụ số {i}", "Sở Nội vụ", "1.500.000", ""] for i in range(1, 60)],
}
PHU_LUC = [
    {"tieu_de": "Bảng chữ viết tắt", "noi_dung": "UBND: Ủy ban nhân dân.\nHĐND: Hội đồng nhân dân."},
    {
        "tieu_de": "Kinh phí thực hiện",
        "huong": "ngang",
        "noi_dung": [{"bang": BANG}, "Tổng cộng: 88.500.000 đồng."],
    },
]


def fixture(kind: str) -> dict:
    return json.loads((FIXTURES / f"{kind}.json").read_text(encoding="utf-8"))


def full(kind: str = "ke-hoach", **extra) -> dict:
    data = fixture(kind)
    data.update(
        do_mat="MẬT",
        do_khan="THƯỢNG KHẨN",
        pham_vi_luu_hanh="LƯU HÀNH NỘI BỘ",
        nguoi_soan_thao={"ky_hieu": "th", "so_ban": 10},
        luu=["VT", "TH (02)"],
        dia_chi=DIA_CHI,
        phu_luc=PHU_LUC,
    )
    data.update(extra)
    return data


def render(client, kind: str, data: dict) -> docx.document.Document:
    resp = client.post(f"/api/v1/documents/{kind}", json=data)
    assert resp.status_code == 200, resp.get_data(as_text=True)
    return docx.Document(io.BytesIO(resp.data))


def frame(p) -> dict[str, str]:
    bdr = p._p.find(f"{W}pPr/{W}pBdr")
    return {} if bdr is None else {b.tag.removeprefix(W): b.get(f"{W}val") for b in bdr}


FRAMED = {"top": "single", "left": "single", "bottom": "single", "right": "single"}


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_kind_accepts_the_optional_components(client, kind):
    for name in ("do_mat", "do_khan", "pham_vi_luu_hanh", "nguoi_soan_thao", "dia_chi", "phu_luc"):
        assert name in KINDS[kind].schema["properties"], name
    doc = render(client, kind, full(kind))
    assert len(doc.sections) >= 3  # the main text, then the two appendices (after any list)


def test_secrecy_and_urgency_marks_framed_under_the_number(client):
    doc = render(client, "ke-hoach", full())
    left = doc.tables[0].cell(1, 0)
    so, mat, khan = left.paragraphs[:3]
    assert so.text.startswith("Số:")
    inner = HEAD_L - 2 * CELL_MAR
    for p, text, width in ((mat, "MẬT", None), (khan, "THƯỢNG KHẨN", 2268)):
        assert p.text == text and frame(p) == FRAMED
        assert all_bold(p) and sizes(doc, p) == {13} and alignment(p) == CENTER
        l_ind, r_ind = indents_twips(p)
        assert l_ind == 0  # at the left of the column, as in the layout of Mục IV
        if width:
            assert inner - r_ind == width  # the urgency stamp's size: 40 x 8 mm


def test_circulation_notice_framed_above_the_national_title(client):
    doc = render(client, "ke-hoach", full())
    first = doc.element.body[0]
    assert first.tag == f"{W}p"  # before the header table
    p = doc.paragraphs[0]
    assert p.text == "LƯU HÀNH NỘI BỘ" and frame(p) == FRAMED and all_bold(p) and sizes(doc, p) == {13}
    l_ind, r_ind = indents_twips(p)
    centre = l_ind + (TEXT_W - l_ind - r_ind) / 2
    right_column_centre = HEAD_IND + HEAD_L + HEAD_R / 2
    assert abs(centre - right_column_centre) <= 2


def test_drafter_code_ends_the_luu_line_and_luu_kept_as_typed(client):
    doc = render(client, "ke-hoach", full())
    sign = doc.tables[-2] if len(doc.tables) > 2 else doc.tables[1]
    left = next(t for t in doc.tables if t.cell(0, 0).paragraphs[0].text == "Nơi nhận:").cell(0, 0)
    last = left.paragraphs[-1]
    assert last.text == "- Lưu: VT, TH (02). TH(10)."
    assert sizes(doc, last) == {11} and not all_bold(last)
    assert sign is not None


def test_address_footer_on_the_first_page_only(client):
    doc = render(client, "ke-hoach", full())
    main = doc.sections[0]
    assert main.different_first_page_header_footer
    lines = [p for p in main.first_page_footer.paragraphs if p.text]
    assert [p.text for p in lines] == [
        DIA_CHI["dia_chi"],
        "ĐT: 0208 3855 123; Fax: 0208 3855 124",
        "E-mail: snv@thainguyen.gov.vn; Website: snv.thainguyen.gov.vn",
    ]
    assert has_top_border(lines[0]) and lines[0]._p.pPr.find(f"{W}ind") is None  # rule across the text block
    for p in lines:
        assert sizes(doc, p) == {11} and alignment(p) == CENTER and not all_bold(p)
    for later in doc.sections[1:]:
        assert not "".join(p.text for p in later.first_page_footer.paragraphs).strip()
        assert not "".join(p.text for p in later.footer.paragraphs).strip()


def test_no_optional_component_no_trace(client):
    doc = render(client, "ke-hoach", fixture("ke-hoach"))
    assert len(doc.sections) == 1
    assert not any(frame(p) == FRAMED for p in doc.paragraphs)
    assert not "".join(p.text for p in doc.sections[0].first_page_footer.paragraphs).strip()


def _appendix_heads(doc):
    return [p for p in doc.paragraphs if p.text.startswith("Phụ lục")]


def test_appendices_in_sections_of_their_own(client):
    doc = render(client, "ke-hoach", full(so=5, ngay_ban_hanh="2026-02-05"))
    main, first, second = doc.sections
    assert main.orientation == WD_ORIENT.PORTRAIT and first.orientation == WD_ORIENT.PORTRAIT
    assert second.orientation == WD_ORIENT.LANDSCAPE
    assert abs(second.page_width - Mm(297)) < Mm(0.5) and abs(second.page_height - Mm(210)) < Mm(0.5)
    for s in (first, second):
        assert s.start_type == 2  # new page
        num = s._sectPr.find(f"{W}pgNumType")
        assert num is not None and num.get(f"{W}start") == "1"  # numbered on its own
        assert s.different_first_page_header_footer
        assert [e.text.strip() for e in s.header._element.iter(f"{W}instrText")] == ["PAGE"]
        assert Mm(30) <= s.left_margin <= Mm(35) and Mm(20) <= s.top_margin <= Mm(25)
    heads = _appendix_heads(doc)
    assert [p.text for p in heads] == ["Phụ lục I", "Phụ lục II"]
    paras = doc.paragraphs
    for head, title in zip(heads, ("BẢNG CHỮ VIẾT TẮT", "KINH PHÍ THỰC HIỆN"), strict=True):
        i = paras.index(head) if head in paras else [p._p for p in paras].index(head._p)
        label, name, ref, rule = paras[i : i + 4]
        assert all_bold(label) and sizes(doc, label) == {14} and alignment(label) == CENTER
        assert (
            name.text == title and all_bold(name) and sizes(doc, name) == {14} and alignment(name) == CENTER
        )
        assert ref.text == (
            "(Kèm theo Kế hoạch số 05/KH-UBND ngày 05 tháng 02 năm 2026 của Ủy ban nhân dân tỉnh Thái Nguyên)"
        )
        assert all_italic(ref) and sizes(doc, ref) == {14} and alignment(ref) == CENTER
        assert has_top_border(rule)
    body = paras[[p._p for p in paras].index(heads[0]._p) + 4]
    assert body.text == "UBND: Ủy ban nhân dân." and body.style.name == "VB Đoạn văn"
    assert any(p.text == "HĐND: Hội đồng nhân dân./." for p in paras)  # the end mark
    table = doc.tables[-1]
    assert int(table._tbl.find(f"{W}tblPr/{W}tblW").get(f"{W}w")) <= TEXT_W_LANDSCAPE
    assert int(table._tbl.find(f"{W}tblPr/{W}tblW").get(f"{W}w")) > TEXT_W  # as wide as the landscape page
    header_row = table.rows[0]._tr
    assert header_row.find(f"{W}trPr/{W}tblHeader") is not None  # repeated on every page
    assert [c.text for c in table.rows[0].cells] == BANG["tieu_de"]
    assert len(table.rows) == 60


def test_one_appendix_alone_is_phu_luc_and_a_draft_keeps_blanks(client):
    data = full(phu_luc=[PHU_LUC[0]])
    data.pop("so")
    data.pop("ngay_ban_hanh", None)
    data["nam"] = 2026
    doc = render(client, "ke-hoach", data)
    (head,) = _appendix_heads(doc)
    assert head.text == "Phụ lục"
    ref = next(p for p in doc.paragraphs if p.text.startswith("(Kèm theo"))
    assert ref.text == (
        "(Kèm theo Kế hoạch số        /KH-UBND ngày     tháng     năm 2026 của Ủy ban nhân dân tỉnh Thái Nguyên)"
    )
    assert len(doc.sections) == 2 and doc.sections[1].orientation == WD_ORIENT.PORTRAIT


def test_decision_list_then_appendix(client):
    doc = render(client, "quyet-dinh-khen-thuong", full("quyet-dinh-khen-thuong", phu_luc=[PHU_LUC[1]]))
    main, danh_sach, _appendix = doc.sections
    assert [s.orientation for s in doc.sections] == [
        WD_ORIENT.PORTRAIT,
        WD_ORIENT.PORTRAIT,
        WD_ORIENT.LANDSCAPE,
    ]
    assert "".join(p.text for p in main.first_page_footer.paragraphs).startswith(DIA_CHI["dia_chi"])
    assert not "".join(p.text for p in danh_sach.first_page_footer.paragraphs).strip()
    ref = next(
        p for p in doc.paragraphs if p.text.startswith("(Kèm theo Quyết định") and "Phụ lục" not in p.text
    )
    assert ref.text.endswith("của Chủ tịch Ủy ban nhân dân tỉnh Thái Nguyên)")
    assert _appendix_heads(doc)[0].text == "Phụ lục"


def test_bad_optional_values_are_named(client):
    data = full(do_khan="khẩn gấp", do_mat="BÍ MẬT", nguoi_soan_thao={"ky_hieu": "T H", "so_ban": 0})
    data["phu_luc"] = [{"tieu_de": "A", "noi_dung": "x", "huong": "xien"}, {"tieu_de": "B"}]
    resp = client.post("/api/v1/documents/ke-hoach", json=data)
    assert resp.status_code == 422
    paths = {e["path"] for e in resp.get_json()["errors"]}
    assert {
        "/do_khan",
        "/do_mat",
        "/nguoi_soan_thao/ky_hieu",
        "/nguoi_soan_thao/so_ban",
        "/phu_luc/0/huong",
        "/phu_luc/1/noi_dung",
    } <= paths


def test_merged_batch_keeps_each_documents_address(client):
    chung = fixture("bao-cao")
    items = [{"dia_chi": {"dia_chi": "Địa chỉ số 1"}}, {"dia_chi": {"dia_chi": "Địa chỉ số 2"}}, {}]
    resp = client.post("/api/v1/batches/bao-cao", json={"chung": chung, "items": items, "dau_ra": "gop"})
    assert resp.status_code == 200, resp.get_data(as_text=True)
    doc = docx.Document(io.BytesIO(resp.data))
    firsts = [s for s in doc.sections if s.different_first_page_header_footer]
    footers = ["".join(p.text for p in s.first_page_footer.paragraphs) for s in firsts]
    assert footers == ["Địa chỉ số 1", "Địa chỉ số 2", ""]


def test_libreoffice_lays_out_appendices(client, tmp_path):
    assert shutil.which("soffice"), "LibreOffice is installed by scripts/install-system-deps.sh"
    from pypdf import PdfReader

    doc = client.post("/api/v1/documents/ke-hoach", json=full()).data
    (tmp_path / "d.docx").write_bytes(doc)
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/p", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(tmp_path / "d.docx")],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    pages = PdfReader(tmp_path / "d.pdf").pages
    texts = [" ".join(p.extract_text().split()) for p in pages]
    first = texts[0]
    for mark in ("LƯU HÀNH NỘI BỘ", "MẬT", "THƯỢNG KHẨN", "snv@thainguyen.gov.vn"):
        assert mark in first
    assert not any("snv@thainguyen.gov.vn" in t for t in texts[1:])  # ô 13 on page 1 only
    landscape = [i for i, p in enumerate(pages) if p.mediabox.width > p.mediabox.height]
    start = next(i for i, t in enumerate(texts) if "Phụ lục II" in t)
    assert landscape == list(range(start, len(pages)))  # appendix II and only it is landscape
    assert len(landscape) >= 2
    # Own page numbers: appendix II's second page shows 2 at its top; its first shows none.
    assert texts[start + 1].startswith("2 ") and not texts[start].startswith("1 ")
    assert "STT Nội dung Đơn vị" in texts[start + 1]  # the header row repeated on the next page


def test_clerk_form_offers_the_optional_components(client):
    import re

    page = client.get("/mau/ke-hoach").get_data(as_text=True)
    select = re.search(r'<select id="f-do_khan" name="do_khan".*?</select>', page, re.S).group(0)
    assert re.findall(r"<option[^>]*>([^<]*)</option>", select)[1:] == ["KHẨN", "THƯỢNG KHẨN", "HỎA TỐC"]
    for name in ("nguoi_soan_thao.ky_hieu", "dia_chi.dia_chi", "phu_luc.0.tieu_de", "phu_luc.0.noi_dung"):
        assert f'name="{name}"' in page, name
    assert re.search(r'<select id="f-phu_luc-0-huong" name="phu_luc.0.huong"', page)
    token = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
    from service.http import forms

    form = {"_csrf": token, **forms.flatten(fixture("ke-hoach"))}
    form.update(
        {
            "do_khan": "KHẨN",
            "dia_chi.dia_chi": "Số 1 Hoàng Văn Thụ",
            "phu_luc.0.tieu_de": "Danh mục",
            "phu_luc.0.noi_dung": "1. Mục một\nNội dung.",
            "phu_luc.0.huong": "ngang",
            "phu_luc.1.huong": "",
        }
    )
    resp = client.post("/mau/ke-hoach", data=form)
    assert resp.status_code == 200, resp.get_data(as_text=True)
    link = re.search(r'href="(/tai-ve/[^"]+\.docx)"', resp.get_data(as_text=True)).group(1)
    doc = docx.Document(io.BytesIO(client.get(link).data))
    assert [p.text for p in _appendix_heads(doc)] == ["Phụ lục"]
    assert doc.sections[1].orientation == WD_ORIENT.LANDSCAPE
    assert doc.tables[0].cell(1, 0).paragraphs[1].text == "KHẨN"
    assert "Số 1 Hoàng Văn Thụ" in doc.sections[0].first_page_footer.paragraphs[0].text
