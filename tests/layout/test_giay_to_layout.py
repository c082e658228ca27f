"""Giấy giới thiệu (Mẫu 1.8), biên bản (Mẫu 1.9) and giấy nghỉ phép (Mẫu 1.10) read back: their
fixed sentences in the samples' order, titles without trích yếu, the two signatures of a biên
bản with no date line in its header, the confirmation box of a giấy nghỉ phép."""

from __future__ import annotations

import pytest
from docx.shared import Pt

from tests.layout.docx_read import CENTER, W, alignment, all_bold, all_italic, para_attr, sizes
from tests.layout.forms_check import (
    body_paragraphs,
    check_body,
    check_header,
    check_noi_nhan,
    check_page,
    check_signature,
    check_title,
    fixture,
    para,
    render,
    signature_table,
)


# ---------------------------------------------------------------- giấy giới thiệu
def test_giay_gioi_thieu_laid_out_as_mau_1_8(client):
    data, doc = render(client, "giay-gioi-thieu")
    check_page(doc)
    check_header(doc, data)
    check_title(doc, "GIẤY GIỚI THIỆU", [])
    opening = para(doc, "Sở Nội vụ trân trọng giới thiệu:")
    assert alignment(opening) == CENTER and sizes(doc, opening) == {14} and not all_bold(opening)
    nguoi = data["nguoi_duoc_gioi_thieu"]
    assert [p.text for p in check_body(doc)] == [
        f"Bà {nguoi['ho_ten']}",
        f"Chức vụ: {nguoi['chuc_vu']}",
        f"Được cử đến: {data['duoc_cu_den']}",
        f"Về việc: {data['ve_viec']}",
        "Đề nghị Quý cơ quan tạo điều kiện để bà có tên ở trên hoàn thành nhiệm vụ.",
        "Giấy này có giá trị đến hết ngày 31 tháng 12 năm 2026./.",
    ]
    check_signature(doc, data)


def test_giay_gioi_thieu_without_danh_xung_reads_as_the_sample(client):
    data = fixture("giay-gioi-thieu")
    data["nguoi_duoc_gioi_thieu"].pop("danh_xung")
    _, doc = render(client, "giay-gioi-thieu", data)
    body = [p.text for p in body_paragraphs(doc)]
    assert body[0].startswith("Ông (bà) ") and "để ông (bà) có tên ở trên" in body[4]


def test_giay_gioi_thieu_expiring_before_it_is_signed_is_refused(client):
    data = fixture("giay-gioi-thieu") | {"hieu_luc_den": "2026-11-01"}
    resp = client.post("/api/v1/documents/giay-gioi-thieu", json=data)
    assert resp.status_code == 422 and [e["path"] for e in resp.json["errors"]] == ["/hieu_luc_den"]


# ---------------------------------------------------------------- biên bản
def test_bien_ban_laid_out_as_mau_1_9(client):
    data, doc = render(client, "bien-ban")
    check_page(doc)
    check_header(doc, data, date_line=False)
    check_title(doc, "BIÊN BẢN", data["trich_yeu"].split("\n"))
    body = [p.text for p in check_body(doc)]
    assert body[:3] == [
        "Thời gian bắt đầu: 08 giờ 00, ngày 07 tháng 12 năm 2026",
        f"Địa điểm: {data['dia_diem']}",
        "Thành phần tham dự:",
    ]
    n = len(data["thanh_phan"])
    assert body[3 : 3 + n] == [f"- {t};" for t in data["thanh_phan"][:-1]] + [f"- {data['thanh_phan'][-1]}."]
    assert body[3 + n : 6 + n] == [
        f"Chủ trì (chủ tọa): {data['chu_tri']}",
        f"Thư ký (người ghi biên bản): {data['thu_ky']}",
        "Nội dung (theo diễn biến cuộc họp):",
    ]
    assert body[6 + n] == data["noi_dung"].split("\n")[0]
    assert body[-2] == data["noi_dung"].split("\n")[-1]  # the meeting's body keeps its own end
    assert body[-1] == "Cuộc họp kết thúc vào 11 giờ 00, ngày 07 tháng 12 năm 2026./."


def test_bien_ban_two_signatures_then_noi_nhan(client):
    data, doc = render(client, "bien-ban")
    sign = next(
        t for t in doc.tables if t.cell(0, 0).paragraphs and t.cell(0, 0).paragraphs[0].text == "THƯ KÝ"
    )
    assert len(sign.columns) == 2 and sign.rows[0]._tr.trPr.find(f"{W}cantSplit") is not None
    left = [p for p in sign.cell(0, 0).paragraphs if p.text]
    right = [p for p in sign.cell(0, 1).paragraphs if p.text]
    assert [p.text for p in left] == ["THƯ KÝ", data["nguoi_ky_thu_ky"]["ho_ten"]]
    assert [p.text for p in right] == ["CHỦ TỌA", data["nguoi_ky"]["ho_ten"]]
    for p in left + right:
        assert all_bold(p) and alignment(p) == CENTER and sizes(doc, p) == {14}
    check_noi_nhan(doc, sign.cell(1, 0), data)
    assert not [p for p in sign.cell(1, 1).paragraphs if p.text]
    assert not [t for t in doc.tables if t.cell(0, 0).paragraphs[0].text == "Nơi nhận:"]


def test_bien_ban_optional_parts(client):
    data = fixture("bien-ban") | {"thanh_phan": ["Toàn thể công chức Văn phòng Sở"], "hinh_thuc": "Hội nghị"}
    data["nguoi_ky"] = {"ho_ten": "Nguyễn Văn A", "chuc_vu": "Chủ tịch Ủy ban nhân dân xã"}
    data.pop("noi_nhan")
    _, doc = render(client, "bien-ban", data)
    body = [p.text for p in body_paragraphs(doc)]
    assert "Thành phần tham dự: Toàn thể công chức Văn phòng Sở" in body
    assert "Nội dung (theo diễn biến hội nghị):" in body and body[-1].startswith("Hội nghị kết thúc vào ")
    sign = next(t for t in doc.tables if t.cell(0, 0).paragraphs[0].text == "THƯ KÝ")
    assert [p.text for p in sign.cell(0, 1).paragraphs if p.text][:2] == [
        "CHỦ TỌA",
        "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ",
    ]
    assert [p.text for p in sign.cell(1, 0).paragraphs if p.text] == ["Nơi nhận:", "- Lưu: VT, Hồ sơ."]


@pytest.mark.parametrize(("field", "value"), [("ket_thuc", "2026-12-07T07:00"), ("ky_hieu", "QĐ-SNV")])
def test_bien_ban_refusals_name_the_field(client, field, value):
    resp = client.post("/api/v1/documents/bien-ban", json=fixture("bien-ban") | {field: value})
    assert resp.status_code == 422 and [e["path"] for e in resp.json["errors"]] == [f"/{field}"]


# ---------------------------------------------------------------- giấy nghỉ phép
def test_giay_nghi_phep_laid_out_as_mau_1_10(client):
    data, doc = render(client, "giay-nghi-phep")
    check_page(doc)
    check_header(doc, data)
    check_title(doc, "GIẤY NGHỈ PHÉP", [])
    nguoi = data["nguoi_nghi"]
    assert [p.text for p in check_body(doc)] == [
        f"Xét Đơn đề nghị nghỉ phép ngày 01 tháng 12 năm 2026 của ông {nguoi['ho_ten']}, Sở Nội vụ cấp cho:",
        f"Ông: {nguoi['ho_ten']}",
        f"Chức vụ: {nguoi['chuc_vu']}",
        "Được nghỉ phép trong thời gian 05 ngày kể từ ngày 14 tháng 12 năm 2026 đến hết ngày 18 tháng 12 "
        f"năm 2026 tại {data['noi_nghi']}.",
        f"Số ngày nghỉ phép nêu trên được tính vào thời gian {data['tinh_vao']}./.",
    ]
    check_signature(doc, data)


def test_giay_nghi_phep_confirmation_box_under_the_signatures(client):
    _, doc = render(client, "giay-nghi-phep")
    assert signature_table(doc)._tbl is doc.tables[-2]._tbl  # the box comes right after the signatures
    box = doc.tables[-1]
    lines = [p for p in box.cell(0, 0).paragraphs if p.text]
    assert [p.text for p in lines] == [
        "Xác nhận của cơ quan (tổ chức) hoặc",
        "chính quyền địa phương nơi nghỉ phép",
        "(nếu cần)",
        "(Chữ ký, dấu)",
    ]
    for p in lines:
        assert all_italic(p) and alignment(p) == CENTER and sizes(doc, p) == {11}
    assert para_attr(lines[-1], "space_before") == Pt(6)


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"den_ngay": "2026-12-10"}, "/den_ngay"),
        ({"so_ngay": 9}, "/so_ngay"),
        ({"ky_hieu": "GP-SNV"}, "/ky_hieu"),
    ],
)
def test_giay_nghi_phep_refusals_name_the_field(client, change, path):
    resp = client.post("/api/v1/documents/giay-nghi-phep", json=fixture("giay-nghi-phep") | change)
    assert resp.status_code == 422 and [e["path"] for e in resp.json["errors"]] == [path]


def test_giay_nghi_phep_without_day_count_or_counted_against(client):
    data = {k: v for k, v in fixture("giay-nghi-phep").items() if k not in ("so_ngay", "tinh_vao")}
    _, doc = render(client, "giay-nghi-phep", data)
    body = [p.text for p in body_paragraphs(doc)]
    assert body[3].startswith("Được nghỉ phép kể từ ngày 14 tháng 12 năm 2026 đến hết ngày 18 ")
    assert body[4] == "Số ngày nghỉ phép nêu trên được tính vào thời gian nghỉ phép năm 2026./."


def test_bien_ban_marks_without_a_date_line(client):
    data = fixture("bien-ban") | {"do_khan": "KHẨN"}
    _, doc = render(client, "bien-ban", data)
    assert [p.text for p in doc.tables[0].cell(1, 0).paragraphs if p.text] == [
        f"Số: {data['so']}/{data['ky_hieu']}",
        "KHẨN",
    ]
    assert not [p.text for p in doc.tables[0].cell(1, 1).paragraphs if p.text]
