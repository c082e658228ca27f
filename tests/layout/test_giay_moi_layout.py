"""Giấy mời (Mẫu 1.7) read back: GIẤY MỜI and its trích yếu with the rule, the labelled lines
in the sample's order (1 cm indent, 6 pt before), the time with its weekday, the end mark."""

from __future__ import annotations

import pytest

from tests.layout.forms_check import (
    body_paragraphs,
    check_body,
    check_header,
    check_page,
    check_signature,
    check_title,
    fixture,
    render,
)


def test_fixture_laid_out_as_mau_1_7(client):
    data, doc = render(client, "giay-moi")
    check_page(doc)
    check_header(doc, data)
    check_title(doc, "GIẤY MỜI", data["trich_yeu"].split("\n"))
    body = check_body(doc)
    assert [p.text for p in body] == [
        f"Sở Nội vụ trân trọng kính mời: {data['kinh_moi']}",
        f"Tới dự {data['toi_du']}",
        f"Chủ trì: {data['chu_tri']}",
        "Thời gian: 08 giờ 00, thứ Hai, ngày 07 tháng 12 năm 2026",
        f"Địa điểm: {data['dia_diem']}",
        data["luu_y"][:-1] + "./.",
    ]
    check_signature(doc, data)


@pytest.mark.parametrize(
    ("thoi_gian", "printed"),
    [
        ("2026-12-12T14:00", "14 giờ 00, thứ Bảy, ngày 12 tháng 12 năm 2026"),
        ("2027-01-03T07:30", "07 giờ 30, Chủ nhật, ngày 03 tháng 01 năm 2027"),
        ("2027-03-09T13:45", "13 giờ 45, thứ Ba, ngày 09 tháng 3 năm 2027"),
    ],
)
def test_time_printed_with_its_weekday(client, thoi_gian, printed):
    _, doc = render(client, "giay-moi", fixture("giay-moi") | {"thoi_gian": thoi_gian})
    assert f"Thời gian: {printed}" in [p.text for p in body_paragraphs(doc)]


def test_without_notes_the_place_ends_the_invitation_and_body_name_can_be_given(client):
    data = {k: v for k, v in fixture("giay-moi").items() if k != "luu_y"}
    data |= {"ten_co_quan": "Sở Nội vụ tỉnh Thái Nguyên"}
    _, doc = render(client, "giay-moi", data)
    body = [p.text for p in body_paragraphs(doc)]
    assert body[0].startswith("Sở Nội vụ tỉnh Thái Nguyên trân trọng kính mời: ")
    assert body[-1] == f"Địa điểm: {data['dia_diem']}./."


@pytest.mark.parametrize(
    "bad", ["2026-12-07", "07/12/2026 08:00", "2026-12-07T08:00+07:00", "2026-02-30T08:00"]
)
def test_bad_time_is_422_on_the_field(client, bad):
    resp = client.post("/api/v1/documents/giay-moi", json=fixture("giay-moi") | {"thoi_gian": bad})
    assert resp.status_code == 422
    assert [e["path"] for e in resp.json["errors"]] == ["/thoi_gian"]
