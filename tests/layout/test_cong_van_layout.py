"""Công văn (Mẫu 1.5) read back: V/v under the Số line, no type name, Kính gửi, body, signer."""

from __future__ import annotations

from docx.shared import Pt

from tests.layout.docx_read import CENTER, alignment, all_bold, para_attr, sizes
from tests.layout.forms_check import (
    check_body,
    check_header,
    check_kinh_gui,
    check_page,
    check_signature,
    fixture,
    render,
    texts,
)


def test_fixture_laid_out_as_mau_1_5(client):
    data, doc = render(client, "cong-van")
    check_page(doc)
    check_header(doc, data, quoc_hieu_pt=12)  # the sample sets the Quốc hiệu of a công văn in 12 pt
    check_kinh_gui(doc, data["kinh_gui"])
    check_body(doc)
    check_signature(doc, data)


def test_vv_line_under_the_number(client):
    data, doc = render(client, "cong-van")
    cell = doc.tables[0].cell(1, 0)
    so, vv, *rest = [p for p in cell.paragraphs if p.text]
    assert so.text == f"Số: {data['so']}/{data['ky_hieu']}"
    assert vv.text == f"V/v {data['trich_yeu']}" and not rest
    assert sizes(doc, vv) == {12} and not all_bold(vv) and alignment(vv) == CENTER
    assert para_attr(vv, "space_before") == Pt(6)  # "cách dòng 6pt với số và ký hiệu"


def test_no_type_name_and_no_centred_summary(client):
    data, doc = render(client, "cong-van")
    body_texts = texts(doc)
    assert "CÔNG VĂN" not in body_texts
    assert data["trich_yeu"] not in body_texts and f"V/v {data['trich_yeu']}" not in body_texts


def test_multi_line_vv_typed_prefix_kept_once_and_one_recipient(client):
    data = fixture("cong-van") | {
        "trich_yeu": "V/v: đề nghị cung cấp số liệu\nbiên chế năm 2027",
        "kinh_gui": ["Sở Tài chính"],
        "so": 7,
    }
    _, doc = render(client, "cong-van", data)
    cell = doc.tables[0].cell(1, 0)
    assert [p.text for p in cell.paragraphs if p.text] == [
        f"Số: 07/{data['ky_hieu']}",
        "V/v đề nghị cung cấp số liệu",
        "biên chế năm 2027",
    ]
    check_kinh_gui(doc, ["Sở Tài chính"])


def test_draft_keeps_the_blanks(client):
    data = {k: v for k, v in fixture("cong-van").items() if k not in ("so", "ngay_ban_hanh")} | {"nam": 2027}
    _, doc = render(client, "cong-van", data)
    table = doc.tables[0]
    assert table.cell(1, 0).paragraphs[0].text == f"Số: {' ' * 7}/{data['ky_hieu']}"
    assert [p.text for p in table.cell(1, 1).paragraphs if p.text] == [
        f"{data['dia_danh']}, ngày{' ' * 5}tháng{' ' * 5}năm 2027"
    ]


def test_optional_marks_come_after_the_vv_line_and_address_footer_on_page_one(client):
    """Sơ đồ of Phụ lục I Mục IV: left column 3 (Số) → 5b (V/v) → 10a (độ mật) → 10b (độ khẩn)."""
    data = fixture("cong-van") | {
        "do_mat": "MẬT",
        "do_khan": "HỎA TỐC",
        "dia_chi": {"dia_chi": "Số 18 đường Nha Trang, tỉnh Thái Nguyên", "dien_thoai": "0208.3855.123"},
    }
    _, doc = render(client, "cong-van", data)
    cell = doc.tables[0].cell(1, 0)
    assert [p.text for p in cell.paragraphs if p.text] == [
        f"Số: {data['so']}/{data['ky_hieu']}",
        f"V/v {data['trich_yeu']}",
        "MẬT",
        "HỎA TỐC",
    ]
    footer = doc.sections[0].first_page_footer
    assert "Số 18 đường Nha Trang, tỉnh Thái Nguyên" in "\n".join(p.text for p in footer.paragraphs)
