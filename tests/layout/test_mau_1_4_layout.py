"""Tờ trình, thông báo and văn bản có tên loại (Mẫu 1.4) read back: header, type name and
trích yếu with its rule, Kính gửi where the kind has it, body, Nơi nhận beside the signer."""

from __future__ import annotations

import pytest

from tests.layout.forms_check import (
    check_body,
    check_header,
    check_kinh_gui,
    check_page,
    check_signature,
    check_title,
    fixture,
    render,
    texts,
)

TITLES = {"to-trinh": "TỜ TRÌNH", "thong-bao": "THÔNG BÁO", "van-ban": "HƯỚNG DẪN"}


@pytest.mark.parametrize("kind", list(TITLES))
def test_fixture_laid_out_as_mau_1_4(client, kind):
    data, doc = render(client, kind)
    check_page(doc)
    check_header(doc, data)
    check_title(doc, TITLES[kind], data["trich_yeu"].split("\n"))
    if data.get("kinh_gui"):
        check_kinh_gui(doc, data["kinh_gui"])
    else:
        assert not any(t.startswith("Kính gửi") for t in texts(doc))
    check_body(doc)
    check_signature(doc, data)


def test_to_trinh_kinh_gui_comes_between_title_and_body(client):
    data = fixture("to-trinh") | {"kinh_gui": ["Ủy ban nhân dân tỉnh", "Hội đồng Thi đua - Khen thưởng tỉnh"]}
    _, doc = render(client, "to-trinh", data)
    t = texts(doc)
    assert t.index("TỜ TRÌNH") < t.index("Kính gửi:") < t.index(data["noi_dung"].split("\n")[0])
    check_kinh_gui(doc, data["kinh_gui"])


@pytest.mark.parametrize(
    ("typed", "title", "ky_hieu"),
    [
        ("Quy chế", "QUY CHẾ", "QC-UBND"),
        ("qui định", "QUY ĐỊNH", "QyĐ-UBND"),
        ("CHƯƠNG TRÌNH", "CHƯƠNG TRÌNH", "CTr-UBND"),
        ("Giấy uỷ quyền", "GIẤY ỦY QUYỀN", "GUQ-SNV"),
        ("phieu chuyen", "PHIẾU CHUYỂN", "PC-VP"),
        ("Đề án", "ĐỀ ÁN", "ĐA-UBND"),
    ],
)
def test_van_ban_title_is_the_type_in_capitals(client, typed, title, ky_hieu):
    data = fixture("van-ban") | {"loai": typed, "ky_hieu": ky_hieu, "kinh_gui": ["Bộ Nội vụ"]}
    _, doc = render(client, "van-ban", data)
    check_title(doc, title, data["trich_yeu"].split("\n"))
    check_kinh_gui(doc, ["Bộ Nội vụ"])
    assert doc.tables[0].cell(1, 0).paragraphs[0].text == f"Số: 07/{ky_hieu}"
