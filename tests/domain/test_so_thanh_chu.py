"""Case tables for amounts in words (formal accounting style), checked by hand."""

import pytest

from service.domain.so_thanh_chu import (
    GIOI_HAN,
    TU_VUNG,
    so_thanh_chu,
    so_tien_bang_chu,
)

# Each row was written by hand from the rules, not produced by the code.
CASES = [
    (0, "không"),
    (1, "một"),
    (4, "bốn"),
    (5, "năm"),
    (10, "mười"),
    (11, "mười một"),
    (14, "mười bốn"),
    (15, "mười lăm"),
    (19, "mười chín"),
    (20, "hai mươi"),
    (21, "hai mươi mốt"),
    (24, "hai mươi bốn"),
    (25, "hai mươi lăm"),
    (31, "ba mươi mốt"),
    (44, "bốn mươi bốn"),
    (55, "năm mươi lăm"),
    (99, "chín mươi chín"),
    (100, "một trăm"),
    (101, "một trăm linh một"),
    (104, "một trăm linh bốn"),
    (105, "một trăm linh năm"),
    (110, "một trăm mười"),
    (111, "một trăm mười một"),
    (115, "một trăm mười lăm"),
    (121, "một trăm hai mươi mốt"),
    (705, "bảy trăm linh năm"),
    (1000, "một nghìn"),
    (1001, "một nghìn không trăm linh một"),
    (1005, "một nghìn không trăm linh năm"),
    (1010, "một nghìn không trăm mười"),
    (1015, "một nghìn không trăm mười lăm"),
    (1050, "một nghìn không trăm năm mươi"),
    (1100, "một nghìn một trăm"),
    (2015, "hai nghìn không trăm mười lăm"),
    (2024, "hai nghìn không trăm hai mươi bốn"),
    (3021, "ba nghìn không trăm hai mươi mốt"),
    (5000, "năm nghìn"),
    (10000, "mười nghìn"),
    (15000, "mười lăm nghìn"),
    (21000, "hai mươi mốt nghìn"),
    (100000, "một trăm nghìn"),
    (105000, "một trăm linh năm nghìn"),
    (1000000, "một triệu"),
    (1000005, "một triệu không trăm linh năm"),
    (1005000, "một triệu không trăm linh năm nghìn"),
    (1500000, "một triệu năm trăm nghìn"),
    (20000000, "hai mươi triệu"),
    (25000000, "hai mươi lăm triệu"),
    (
        123456789,
        "một trăm hai mươi ba triệu bốn trăm năm mươi sáu nghìn bảy trăm tám mươi chín",
    ),
    (1000000000, "một tỷ"),
    (1000000001, "một tỷ không trăm linh một"),
    (1000010000, "một tỷ không trăm mười nghìn"),
    (2000000005, "hai tỷ không trăm linh năm"),
    (1000000000000, "một nghìn tỷ"),
    (1500000000000, "một nghìn năm trăm tỷ"),
    (1000005000000, "một nghìn tỷ không trăm linh năm triệu"),
    (1000000000000000, "một triệu tỷ"),
    (
        999999999999999999,
        (
            "chín trăm chín mươi chín triệu chín trăm chín mươi chín nghìn"
            " chín trăm chín mươi chín tỷ chín trăm chín mươi chín triệu"
            " chín trăm chín mươi chín nghìn chín trăm chín mươi chín"
        ),
    ),
    (-5, "âm năm"),
    (-1500000, "âm một triệu năm trăm nghìn"),
]

CASES_LE = [
    (105, "một trăm lẻ năm"),
    (1005, "một nghìn không trăm lẻ năm"),
    (1005000, "một triệu không trăm lẻ năm nghìn"),
    (2000000005, "hai tỷ không trăm lẻ năm"),
    (24, "hai mươi bốn"),
    (1010, "một nghìn không trăm mười"),
]


@pytest.mark.parametrize(("n", "expected"), CASES)
def test_so_thanh_chu(n, expected):
    assert so_thanh_chu(n) == expected


@pytest.mark.parametrize(("n", "expected"), CASES_LE)
def test_so_thanh_chu_le(n, expected):
    assert so_thanh_chu(n, linh="lẻ") == expected


def test_le_accepts_decomposed_spelling():
    assert so_thanh_chu(105, linh="le\u0309") == "một trăm lẻ năm"


@pytest.mark.parametrize(
    ("n", "linh", "expected"),
    [
        (1500000, "linh", "Một triệu năm trăm nghìn đồng"),
        (0, "linh", "Không đồng"),
        (105, "lẻ", "Một trăm lẻ năm đồng"),
        (2024, "linh", "Hai nghìn không trăm hai mươi bốn đồng"),
        (-5, "linh", "Âm năm đồng"),
    ],
)
def test_so_tien_bang_chu(n, linh, expected):
    assert so_tien_bang_chu(n, linh) == expected


def test_none_gives_empty_text():
    assert so_thanh_chu(None) == ""
    assert so_tien_bang_chu(None) == ""


@pytest.mark.parametrize("bad", [True, False, 1.0, "5", 5.5])
def test_non_int_is_a_type_error(bad):
    with pytest.raises(TypeError):
        so_thanh_chu(bad)


@pytest.mark.parametrize("n", [GIOI_HAN, -GIOI_HAN, 10**30])
def test_out_of_range(n):
    with pytest.raises(ValueError):
        so_thanh_chu(n)


@pytest.mark.parametrize("linh", ["le", "lẽ", "", "LINH"])
def test_unknown_linh_word(linh):
    with pytest.raises(ValueError):
        so_thanh_chu(105, linh=linh)


def test_largest_amount_is_accepted():
    words = so_thanh_chu(GIOI_HAN - 1)
    assert words.startswith("chín trăm chín mươi chín triệu")
    assert words.count("tỷ") == 1


def test_injective_and_in_vocabulary_for_every_number_below_100000():
    seen: dict[str, int] = {}
    for n in range(100_000):
        words = so_thanh_chu(n)
        assert words not in seen, (n, seen.get(words))
        seen[words] = n
        assert set(words.split()) <= TU_VUNG, n
