"""Outline levels of body text, and the structured form's numbering."""

from __future__ import annotations

import pytest

from service.domain.outline import from_structure, from_text, khoi_noi_dung, line_kind

CASES = [
    ("I. MỤC ĐÍCH, YÊU CẦU", "muc"),
    ("XIV. KHÁC", "muc"),
    ("IC. not canonical", "doan"),
    ("1. Mục đích", "khoan_tieu_de"),
    ("12. Thủ trưởng các sở, ban, ngành; Chủ tịch UBND các huyện, thành phố", "khoan_tieu_de"),
    ("2.1. Tiểu khoản có tiêu đề", "khoan_tieu_de"),
    ("1. Một câu đầy đủ.", "khoan"),
    ("3. Danh sách sau:", "khoan"),
    ("1." + " x" * 200, "khoan"),
    ("a) Điểm a", "diem"),
    ("đ) Điểm đ", "diem"),
    ("y) Điểm y", "diem"),
    ("f) not a Vietnamese letter", "doan"),
    ("w) neither", "doan"),
    ("- Gạch đầu dòng", "gach"),
    ("– Gạch ngang dài", "gach"),
    ("+ Ý nhỏ", "cong"),
    ("Thời gian hoàn thành: Thường xuyên.", "doan"),
    ("1.Không có dấu cách", "doan"),
    ("2024 là năm bản lề.", "doan"),
]


@pytest.mark.parametrize("line,kind", CASES)
def test_levels(line, kind):
    assert line_kind(line) == kind


def test_blank_lines_dropped_spaces_collapsed_markers_kept():
    blocks = from_text("\n\n  I.   MỘT  \r\n\n a) hai  ba \n")
    assert [(b["kieu"], b["text"]) for b in blocks] == [("muc", "I. MỘT"), ("diem", "a) hai ba")]


def test_structured_numbering_restarts_per_level():
    body = [
        {"muc": "A", "noi_dung": [{"khoan": "k1", "noi_dung": [{"diem": "x"}] * 8}, {"khoan": "k2."}]},
        {
            "muc": "B",
            "noi_dung": [{"khoan": "k3", "noi_dung": [{"diem": "y"}, {"gach": "g"}, {"cong": "c"}]}],
        },
    ]
    texts = [b["text"] for b in from_structure(body)]
    assert texts == [
        "I. A",
        "1. k1",
        "a) x",
        "b) x",
        "c) x",
        "d) x",
        "đ) x",
        "e) x",
        "g) x",
        "h) x",
        "2. k2.",
        "II. B",
        "1. k3",
        "a) y",
        "- g",
        "+ c",
    ]


def test_end_mark_skips_tables_and_is_not_doubled():
    blocks = khoi_noi_dung(["Cuối.", {"bang": {"dong": [["a"]]}}])
    assert blocks[0]["text"] == "Cuối./." and blocks[1]["kieu"] == "bang"
    assert khoi_noi_dung("Xong./.")[0]["text"] == "Xong./."
