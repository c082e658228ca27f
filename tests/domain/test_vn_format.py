"""Case tables for the Vietnamese formatting rules (nd30-style.md §4, §6, §7, §8, Part C)."""

import datetime
import unicodedata
from decimal import Decimal

import pytest

from service.domain.tham_quyen import ten_tu_tham_quyen
from service.domain.vn_format import (
    BLANK_DATE,
    BLANK_SO,
    DIEM_LETTERS,
    chu_cai_diem,
    dong_kinh_gui,
    dong_ngay_thang,
    dong_noi_nhan,
    dong_so_ky_hieu,
    khoi_chu_ky,
    la_ma_sang_so,
    nfc,
    ngay_day_du,
    so_kieu_viet,
    so_la_ma,
    so_tien,
    so_van_ban,
    ten_tep,
    ten_tep_ascii,
    viet_hoa,
)

D = datetime.date


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def is_nfc(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)


# --- nfc ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (None, ""),
        ("", ""),
        ("Nghị định", "Nghị định"),
        (nfd("Nghị định 30/2020/NĐ-CP"), "Nghị định 30/2020/NĐ-CP"),
        (nfd("Ủy ban nhân dân"), "Ủy ban nhân dân"),
    ],
)
def test_nfc(text, expected):
    assert nfc(text) == expected
    assert is_nfc(nfc(text))


def test_nfc_rejects_non_text():
    with pytest.raises(TypeError):
        nfc(5)


# --- dates ----------------------------------------------------------------------


def test_blank_constants():
    assert BLANK_DATE == " " * 5
    assert BLANK_SO == " " * 7


@pytest.mark.parametrize(
    ("ngay", "expected"),
    [
        (D(2020, 1, 1), "ngày 01 tháng 01 năm 2020"),
        (D(2020, 1, 5), "ngày 05 tháng 01 năm 2020"),
        (D(2024, 2, 5), "ngày 05 tháng 02 năm 2024"),
        (D(2024, 2, 3), "ngày 03 tháng 02 năm 2024"),
        (D(2024, 2, 29), "ngày 29 tháng 02 năm 2024"),
        (D(2024, 3, 9), "ngày 09 tháng 3 năm 2024"),
        (D(2024, 9, 9), "ngày 09 tháng 9 năm 2024"),
        (D(2019, 6, 29), "ngày 29 tháng 6 năm 2019"),
        (D(2024, 10, 12), "ngày 12 tháng 10 năm 2024"),
        (D(2026, 11, 10), "ngày 10 tháng 11 năm 2026"),
        (D(2026, 12, 31), "ngày 31 tháng 12 năm 2026"),
        ("2024-02-05", "ngày 05 tháng 02 năm 2024"),
        ("2024-03-09", "ngày 09 tháng 3 năm 2024"),
        ("2019-06-29", "ngày 29 tháng 6 năm 2019"),
        ("2028-02-29", "ngày 29 tháng 02 năm 2028"),
        (" 2024-01-01 ", "ngày 01 tháng 01 năm 2024"),
        (datetime.datetime(2024, 9, 9, 15, 30), "ngày 09 tháng 9 năm 2024"),
    ],
)
def test_ngay_day_du(ngay, expected):
    assert ngay_day_du(ngay) == expected


def test_a_given_date_ignores_nam():
    assert ngay_day_du(D(2024, 2, 5), nam=2030) == "ngày 05 tháng 02 năm 2024"


@pytest.mark.parametrize(
    ("ngay", "nam", "hom_nay", "expected"),
    [
        (None, 2026, None, "ngày     tháng     năm 2026"),
        (None, None, D(2026, 11, 28), "ngày     tháng     năm 2026"),
        (None, None, D(2027, 1, 1), "ngày     tháng     năm 2027"),
        (None, 2025, D(2027, 1, 1), "ngày     tháng     năm 2025"),
        ("", None, D(2026, 5, 1), "ngày     tháng     năm 2026"),
        ("   ", 2030, None, "ngày     tháng     năm 2030"),
    ],
)
def test_ngay_day_du_draft(ngay, nam, hom_nay, expected):
    result = ngay_day_du(ngay, nam=nam, hom_nay=hom_nay)
    assert result == expected
    assert result == f"ngày{BLANK_DATE}tháng{BLANK_DATE}năm {expected[-4:]}"


def test_draft_year_defaults_to_today():
    before = datetime.date.today().year
    result = ngay_day_du(None)
    after = datetime.date.today().year
    assert result in {f"ngày{BLANK_DATE}tháng{BLANK_DATE}năm {y}" for y in (before, after)}


@pytest.mark.parametrize("bad", ["2024-02-30", "2023-02-29", "05/02/2024", "20240205", "2024-2-5"])
def test_ngay_day_du_rejects_malformed_strings(bad):
    with pytest.raises(ValueError):
        ngay_day_du(bad)


@pytest.mark.parametrize("bad", [20240205, 2024.0, ["2024-02-05"]])
def test_ngay_day_du_rejects_other_types(bad):
    with pytest.raises(TypeError):
        ngay_day_du(bad)


@pytest.mark.parametrize(
    ("dia_danh", "ngay", "nam", "expected"),
    [
        ("Thái Nguyên", "2024-02-05", None, "Thái Nguyên, ngày 05 tháng 02 năm 2024"),
        ("Hà Nội", D(2020, 1, 5), None, "Hà Nội, ngày 05 tháng 01 năm 2020"),
        (
            "Thành phố Hồ Chí Minh",
            D(2019, 6, 29),
            None,
            "Thành phố Hồ Chí Minh, ngày 29 tháng 6 năm 2019",
        ),
        ("Quận 1", D(2024, 10, 12), None, "Quận 1, ngày 12 tháng 10 năm 2024"),
        ("Thái Nguyên", None, 2026, "Thái Nguyên, ngày     tháng     năm 2026"),
        (
            "  Thái   Nguyên , ",
            "2024-02-05",
            None,
            "Thái Nguyên, ngày 05 tháng 02 năm 2024",
        ),
        (
            nfd("Thái Nguyên"),
            "2024-02-05",
            None,
            "Thái Nguyên, ngày 05 tháng 02 năm 2024",
        ),
        (None, "2024-02-05", None, "ngày 05 tháng 02 năm 2024"),
        ("", None, 2026, "ngày     tháng     năm 2026"),
    ],
)
def test_dong_ngay_thang(dia_danh, ngay, nam, expected):
    result = dong_ngay_thang(dia_danh, ngay, nam)
    assert result == expected
    assert is_nfc(result)


def test_dong_ngay_thang_draft_year_from_hom_nay():
    result = dong_ngay_thang("Thái Nguyên", None, hom_nay=D(2031, 7, 1))
    assert result == "Thái Nguyên, ngày     tháng     năm 2031"


# --- number and symbol ----------------------------------------------------------


@pytest.mark.parametrize(
    ("so", "expected"),
    [
        (1, "01"),
        (5, "05"),
        (9, "09"),
        (10, "10"),
        (12, "12"),
        (99, "99"),
        (100, "100"),
        (123, "123"),
        (1234, "1234"),
        (None, "       "),
    ],
)
def test_so_van_ban(so, expected):
    assert so_van_ban(so) == expected


@pytest.mark.parametrize(
    ("bad", "error"),
    [
        (0, ValueError),
        (-3, ValueError),
        (True, TypeError),
        ("5", TypeError),
        (5.0, TypeError),
    ],
)
def test_so_van_ban_rejects(bad, error):
    with pytest.raises(error):
        so_van_ban(bad)


@pytest.mark.parametrize(
    ("so", "ky_hieu", "expected"),
    [
        (5, "KH-UBND", "Số: 05/KH-UBND"),
        (12, "UBND-VX", "Số: 12/UBND-VX"),
        (15, "QĐ-BNV", "Số: 15/QĐ-BNV"),
        (125, "TTr-SNV", "Số: 125/TTr-SNV"),
        (5, "KH - UBND", "Số: 05/KH-UBND"),
        (5, "  QĐ  –  UBND ", "Số: 05/QĐ-UBND"),
        (9, "BC—SNV", "Số: 09/BC-SNV"),
        (5, "/KH-UBND", "Số: 05/KH-UBND"),
        (None, "KH-UBND", "Số:        /KH-UBND"),
        (None, "QĐ - UBND", "Số:        /QĐ-UBND"),
        (None, None, "Số:        /"),
        (7, None, "Số: 07/"),
    ],
)
def test_dong_so_ky_hieu(so, ky_hieu, expected):
    assert dong_so_ky_hieu(so, ky_hieu) == expected


def test_draft_number_line_keeps_the_blank():
    assert dong_so_ky_hieu(None, "KH-UBND") == "Số: " + BLANK_SO + "/KH-UBND"


# --- recipients -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("noi_nhan", "luu", "expected"),
    [
        (
            ["Thường trực Tỉnh ủy", "- UBND các huyện;"],
            ["VT", "TH"],
            ["- Thường trực Tỉnh ủy;", "- UBND các huyện;", "- Lưu: VT, TH."],
        ),
        (
            ["- Như trên;", "– Sở Nội vụ.", "+ UBND các xã,", "• Báo Thái Nguyên"],
            None,
            [
                "- Như trên;",
                "- Sở Nội vụ;",
                "- UBND các xã;",
                "- Báo Thái Nguyên;",
                "- Lưu: VT.",
            ],
        ),
        (["Như Điều 3"], ["TH", "NC"], ["- Như Điều 3;", "- Lưu: VT, TH, NC."]),
        (["Như trên"], ["TH", "VT", "vt", "TH"], ["- Như trên;", "- Lưu: VT, TH."]),
        (["Như trên"], [], ["- Như trên;", "- Lưu: VT."]),
        ([], None, ["- Lưu: VT."]),
        (None, None, ["- Lưu: VT."]),
        (["", "   ", "-", ";", None], ["VT"], ["- Lưu: VT."]),
        (
            ["Sở Tài chính"],
            ["VT,", "TCCB (02b)."],
            ["- Sở Tài chính;", "- Lưu: VT, TCCB (02b)."],
        ),
        (["Sở Tài chính"], "VT, TH", ["- Sở Tài chính;", "- Lưu: VT, TH."]),
        (["Như trên", "Lưu: VT, TH."], None, ["- Như trên;", "- Lưu: VT, TH."]),
        (["Như trên", "- Lưu: TH"], ["NC"], ["- Như trên;", "- Lưu: VT, NC, TH."]),
        (
            ["UBND các huyện, thành phố"],
            None,
            ["- UBND các huyện, thành phố;", "- Lưu: VT."],
        ),
        (
            ["  Thường   trực\nTỉnh ủy  ;; "],
            None,
            ["- Thường trực Tỉnh ủy;", "- Lưu: VT."],
        ),
        (
            [nfd("Chủ tịch, các PCT UBND tỉnh")],
            [nfd("VT"), nfd("Phòng NC")],
            ["- Chủ tịch, các PCT UBND tỉnh;", "- Lưu: VT, Phòng NC."],
        ),
        (
            ["Thường trực HĐND tỉnh (b/c)"],
            None,
            ["- Thường trực HĐND tỉnh (b/c);", "- Lưu: VT."],
        ),
    ],
)
def test_dong_noi_nhan(noi_nhan, luu, expected):
    result = dong_noi_nhan(noi_nhan, luu)
    assert result == expected
    assert all(is_nfc(line) for line in result)


@pytest.mark.parametrize(
    ("kinh_gui", "expected"),
    [
        (None, []),
        ([], []),
        (["", " - ", ";"], []),
        (["Bộ Nội vụ"], ["Kính gửi: Bộ Nội vụ"]),
        (["- Bộ Nội vụ."], ["Kính gửi: Bộ Nội vụ"]),
        (["Kính gửi: Bộ Nội vụ"], ["Kính gửi: Bộ Nội vụ"]),
        ("Ủy ban nhân dân tỉnh", ["Kính gửi: Ủy ban nhân dân tỉnh"]),
        (
            ["Bộ Nội vụ", "Sở Tài chính"],
            ["Kính gửi:", "- Bộ Nội vụ;", "- Sở Tài chính."],
        ),
        (
            ["- Bộ Nội vụ;", "– Sở Tài chính;", "+ Sở Nội vụ tỉnh Thái Nguyên."],
            [
                "Kính gửi:",
                "- Bộ Nội vụ;",
                "- Sở Tài chính;",
                "- Sở Nội vụ tỉnh Thái Nguyên.",
            ],
        ),
        (
            [nfd("Bộ Tài chính"), "", nfd("Bộ Nội vụ")],
            ["Kính gửi:", "- Bộ Tài chính;", "- Bộ Nội vụ."],
        ),
    ],
)
def test_dong_kinh_gui(kinh_gui, expected):
    result = dong_kinh_gui(kinh_gui)
    assert result == expected
    assert all(is_nfc(line) for line in result)


# --- signature block ------------------------------------------------------------


@pytest.mark.parametrize(
    ("quyen_han", "chuc_vu", "ho_ten", "expected"),
    [
        (
            ["tm. ủy ban nhân dân"],
            "chủ tịch",
            "Nguyễn Văn A",
            (["TM. ỦY BAN NHÂN DÂN"], "CHỦ TỊCH", "Nguyễn Văn A"),
        ),
        (
            ["TM ỦY BAN NHÂN DÂN"],
            "CHỦ TỊCH",
            "Nguyễn Văn A",
            (["TM. ỦY BAN NHÂN DÂN"], "CHỦ TỊCH", "Nguyễn Văn A"),
        ),
        (
            ["kt chủ tịch"],
            "phó chủ tịch",
            "Trần Thị B",
            (["KT. CHỦ TỊCH"], "PHÓ CHỦ TỊCH", "Trần Thị B"),
        ),
        (
            ["KT.CHỦ TỊCH"],
            "PHÓ CHỦ TỊCH",
            "Trần Thị B",
            (["KT. CHỦ TỊCH"], "PHÓ CHỦ TỊCH", "Trần Thị B"),
        ),
        (
            ["Tl. bộ trưởng"],
            "chánh văn phòng",
            "Lê Văn C",
            (["TL. BỘ TRƯỞNG"], "CHÁNH VĂN PHÒNG", "Lê Văn C"),
        ),
        (
            ["tuq giám đốc"],
            "trưởng phòng tổ chức cán bộ",
            "Phạm D",
            (["TUQ. GIÁM ĐỐC"], "TRƯỞNG PHÒNG TỔ CHỨC CÁN BỘ", "Phạm D"),
        ),
        (["q giám đốc"], "", "Đỗ Văn E", (["Q. GIÁM ĐỐC"], "", "Đỗ Văn E")),
        (["Q.GIÁM ĐỐC"], None, "Đỗ Văn E", (["Q. GIÁM ĐỐC"], "", "Đỗ Văn E")),
        (
            ["TM. Ủy ban nhân dân", "KT. Chủ tịch"],
            "Phó Chủ tịch",
            "Hoàng Thị G",
            (["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"], "PHÓ CHỦ TỊCH", "Hoàng Thị G"),
        ),
        (
            ["TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH"],
            "PHÓ CHỦ TỊCH",
            "Hoàng Thị G",
            (["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"], "PHÓ CHỦ TỊCH", "Hoàng Thị G"),
        ),
        (None, "giám đốc", "  Nguyễn   Văn  A ", ([], "GIÁM ĐỐC", "Nguyễn Văn A")),
        (
            ["", "  "],
            "phó giám đốc",
            "nguyễn văn a",
            ([], "PHÓ GIÁM ĐỐC", "nguyễn văn a"),
        ),
        (["quyền chủ tịch"], "x", "y", (["QUYỀN CHỦ TỊCH"], "X", "y")),
        (["tmđt"], "x", "y", (["TMĐT"], "X", "y")),
        (["KT."], "x", "y", (["KT."], "X", "y")),
        (
            [nfd("kt. bộ trưởng")],
            nfd("thứ trưởng"),
            nfd("Vũ Đức Đạm"),
            (["KT. BỘ TRƯỞNG"], "THỨ TRƯỞNG", "Vũ Đức Đạm"),
        ),
        (None, None, None, ([], "", "")),
    ],
)
def test_khoi_chu_ky(quyen_han, chuc_vu, ho_ten, expected):
    result = khoi_chu_ky(quyen_han, chuc_vu, ho_ten)
    assert result == dict(zip(("quyen_han", "chuc_vu", "ho_ten"), expected, strict=True))
    assert all(is_nfc(v) for v in [*result["quyen_han"], result["chuc_vu"], result["ho_ten"]])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ủy ban nhân dân", "ỦY BAN NHÂN DÂN"),
        ("đặc khu", "ĐẶC KHU"),
        ("ưu tiên", "ƯU TIÊN"),
        ("giám đốc sở nội vụ", "GIÁM ĐỐC SỞ NỘI VỤ"),
        (nfd("thành phố"), "THÀNH PHỐ"),
        ("Quỹ", "QUỸ"),
        ("", ""),
        (None, ""),
    ],
)
def test_viet_hoa(text, expected):
    assert viet_hoa(text) == expected


# --- điểm letters and Roman numerals --------------------------------------------

DIEM_1_TO_30 = [
    "a",
    "b",
    "c",
    "d",
    "đ",
    "e",
    "g",
    "h",
    "i",
    "k",
    "l",
    "m",
    "n",
    "o",
    "p",
    "q",
    "r",
    "s",
    "t",
    "u",
    "v",
    "x",
    "y",
    "aa",
    "ab",
    "ac",
    "ad",
    "ađ",
    "ae",
    "ag",
]


def test_diem_alphabet():
    assert DIEM_LETTERS == tuple("abcdđeghiklmnopqrstuvxy")
    assert not set("fjwz") & set(DIEM_LETTERS)


@pytest.mark.parametrize(("n", "expected"), list(enumerate(DIEM_1_TO_30, start=1)))
def test_chu_cai_diem_1_to_30(n, expected):
    assert chu_cai_diem(n) == expected


@pytest.mark.parametrize(("n", "expected"), [(46, "ay"), (47, "ba"), (552, "yy"), (553, "aaa")])
def test_chu_cai_diem_large(n, expected):
    assert chu_cai_diem(n) == expected


@pytest.mark.parametrize(
    ("bad", "error"),
    [(0, ValueError), (-1, ValueError), (True, TypeError), (1.0, TypeError)],
)
def test_chu_cai_diem_rejects(bad, error):
    with pytest.raises(error):
        chu_cai_diem(bad)


ROMAN_1_TO_40 = [
    "I",
    "II",
    "III",
    "IV",
    "V",
    "VI",
    "VII",
    "VIII",
    "IX",
    "X",
    "XI",
    "XII",
    "XIII",
    "XIV",
    "XV",
    "XVI",
    "XVII",
    "XVIII",
    "XIX",
    "XX",
    "XXI",
    "XXII",
    "XXIII",
    "XXIV",
    "XXV",
    "XXVI",
    "XXVII",
    "XXVIII",
    "XXIX",
    "XXX",
    "XXXI",
    "XXXII",
    "XXXIII",
    "XXXIV",
    "XXXV",
    "XXXVI",
    "XXXVII",
    "XXXVIII",
    "XXXIX",
    "XL",
]
ROMAN_LARGE = [
    (49, "XLIX"),
    (90, "XC"),
    (99, "XCIX"),
    (400, "CD"),
    (444, "CDXLIV"),
    (1994, "MCMXCIV"),
    (2024, "MMXXIV"),
    (3888, "MMMDCCCLXXXVIII"),
    (3999, "MMMCMXCIX"),
]


@pytest.mark.parametrize(("n", "roman"), [*enumerate(ROMAN_1_TO_40, start=1), *ROMAN_LARGE])
def test_so_la_ma_and_back(n, roman):
    assert so_la_ma(n) == roman
    assert la_ma_sang_so(roman) == n


@pytest.mark.parametrize("bad", [0, -1, 4000, 10**6])
def test_so_la_ma_range(bad):
    with pytest.raises(ValueError):
        so_la_ma(bad)


@pytest.mark.parametrize(
    "text",
    [
        "IIII",
        "",
        "VV",
        "IL",
        "IC",
        "XM",
        "MMMM",
        "iv",
        "IVX",
        "IIV",
        " IV",
        "IV.",
        "ABC",
        "Ⅳ",
        None,
    ],
)
def test_la_ma_sang_so_rejects_non_canonical(text):
    assert la_ma_sang_so(text) is None


def test_none_inputs_give_empty_text():
    assert chu_cai_diem(None) == ""
    assert so_la_ma(None) == ""


# --- numbers and amounts --------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1500000, "1.500.000"),
        (1234.5, "1.234,5"),
        (0, "0"),
        (999, "999"),
        (1000, "1.000"),
        (-1500000, "-1.500.000"),
        (0.1, "0,1"),
        (-0.0, "0"),
        (Decimal("1234.50"), "1.234,5"),
        (Decimal("1234567.891"), "1.234.567,891"),
        (10**30, "1.000.000.000.000.000.000.000.000.000.000"),
        (None, ""),
    ],
)
def test_so_kieu_viet(n, expected):
    assert so_kieu_viet(n) == expected


@pytest.mark.parametrize(
    ("bad", "error"),
    [
        (True, TypeError),
        ("5", TypeError),
        (float("nan"), ValueError),
        (float("inf"), ValueError),
        (Decimal("NaN"), ValueError),
        (Decimal("-Infinity"), ValueError),
    ],
)
def test_so_kieu_viet_rejects(bad, error):
    with pytest.raises(error):
        so_kieu_viet(bad)


@pytest.mark.parametrize(
    ("n", "expected"),
    [(1500000, "1.500.000 đồng"), (0, "0 đồng"), (2500.5, "2.500,5 đồng"), (None, "")],
)
def test_so_tien(n, expected):
    assert so_tien(n) == expected
    assert "₫" not in so_tien(n)


# --- authority in running text --------------------------------------------------


@pytest.mark.parametrize(
    ("caps", "expected"),
    [
        (
            "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN",
            "Chủ tịch Ủy ban nhân dân tỉnh Thái Nguyên",
        ),
        ("GIÁM ĐỐC SỞ NỘI VỤ", "Giám đốc Sở Nội vụ"),
        (
            "ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH",
            "Ủy ban nhân dân Thành phố Hồ Chí Minh",
        ),
        ("CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG 1", "Chủ tịch Ủy ban nhân dân Phường 1"),
        ("CHỦ TỊCH ỦY BAN NHÂN DÂN QUẬN 10", "Chủ tịch Ủy ban nhân dân Quận 10"),
        (
            "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ TÂN CƯƠNG",
            "Chủ tịch Ủy ban nhân dân xã Tân Cương",
        ),
        ("BỘ TRƯỞNG BỘ NỘI VỤ", "Bộ trưởng Bộ Nội vụ"),
        ("SỞ NỘI VỤ", "Sở Nội vụ"),
        ("SỞ TÀI CHÍNH", "Sở Tài chính"),
        ("GIÁM ĐỐC SỞ CÔNG THƯƠNG", "Giám đốc Sở Công Thương"),
        ("BỘ QUỐC PHÒNG", "Bộ Quốc phòng"),
        (
            "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH TỈNH THÁI NGUYÊN",
            "Sở Văn hóa, Thể thao và Du lịch tỉnh Thái Nguyên",
        ),
        (
            "BỘ TRƯỞNG BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI",
            "Bộ trưởng Bộ Lao động - Thương binh và Xã hội",
        ),
        ("THỦ TƯỚNG CHÍNH PHỦ", "Thủ tướng Chính phủ"),
        (
            "PHÓ CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH SƠN LA",
            "Phó Chủ tịch Ủy ban nhân dân tỉnh Sơn La",
        ),
        (
            "CHỦ TỊCH HỘI ĐỒNG NHÂN DÂN TỈNH SƠN LA",
            "Chủ tịch Hội đồng nhân dân tỉnh Sơn La",
        ),
        (
            "CHỦ TỊCH ỦY BAN NHÂN DÂN THỦ ĐÔ HÀ NỘI",
            "Chủ tịch Ủy ban nhân dân Thủ đô Hà Nội",
        ),
        (
            "CHỦ TỊCH ỦY BAN NHÂN DÂN ĐẶC KHU PHÚ QUỐC",
            "Chủ tịch Ủy ban nhân dân đặc khu Phú Quốc",
        ),
        (
            "CHỦ TỊCH ỦY BAN NHÂN DÂN THỊ XÃ PHÚ THỌ",
            "Chủ tịch Ủy ban nhân dân thị xã Phú Thọ",
        ),
        (
            "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN ĐẠI TỪ, TỈNH THÁI NGUYÊN",
            "Chủ tịch Ủy ban nhân dân huyện Đại Từ, tỉnh Thái Nguyên",
        ),
        (
            "CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG XÃ ĐÀN",
            "Chủ tịch Ủy ban nhân dân phường Xã Đàn",
        ),
        ("CHỦ TỊCH UBND TỈNH THÁI NGUYÊN", "Chủ tịch UBND tỉnh Thái Nguyên"),
        ("ỦY BAN NHÂN DÂN\nTỈNH THÁI NGUYÊN", "Ủy ban nhân dân tỉnh Thái Nguyên"),
        (
            "TRƯỞNG PHÒNG TỔ CHỨC CÁN BỘ SỞ NỘI VỤ",
            "Trưởng phòng Tổ chức cán bộ Sở Nội vụ",
        ),
        (
            "TRƯỞNG BAN THI ĐUA - KHEN THƯỞNG TỈNH",
            "Trưởng ban Thi đua - Khen thưởng tỉnh",
        ),
        ("CỤC TRƯỞNG CỤC THUẾ", "Cục trưởng Cục Thuế"),
        ("THƯỜNG TRỰC TỈNH ỦY", "Thường trực Tỉnh ủy"),
        (nfd("GIÁM ĐỐC SỞ TƯ PHÁP"), "Giám đốc Sở Tư pháp"),
    ],
)
def test_ten_tu_tham_quyen(caps, expected):
    result = ten_tu_tham_quyen(caps)
    assert result == expected
    assert is_nfc(result)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Chủ tịch UBND tỉnh Thái Nguyên", "Chủ tịch UBND tỉnh Thái Nguyên"),
        ("chủ tịch ủy ban", "chủ tịch ủy ban"),
        (nfd("Giám đốc Sở Nội vụ"), "Giám đốc Sở Nội vụ"),
        ("123", "123"),
        ("", ""),
        (None, ""),
    ],
)
def test_ten_tu_tham_quyen_keeps_text_that_is_not_caps(text, expected):
    assert ten_tu_tham_quyen(text) == expected


# --- file names -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (
            ("Kế hoạch", "05/KH-UBND", "Triển khai …"),
            "Kế hoạch - 05-KH-UBND - Triển khai …",
        ),
        (
            ("Quyết định", None, "", "Về việc khen thưởng"),
            "Quyết định - Về việc khen thưởng",
        ),
        (("a\\b",), "a-b"),
        (('A<B>C:D"E|F?G*H',), "A-B-C-D-E-F-G-H"),
        (("Báo\x00cáo\x07năm",), "Báo-cáo-năm"),
        (("Báo\u202ecáo",), "Báo-cáo"),
        (("Kế  hoạch\tnăm\n2026",), "Kế hoạch năm 2026"),
        (("...Kế hoạch. ",), "Kế hoạch"),
        ((nfd("Quyết định"), nfd("Đợt 1")), "Quyết định - Đợt 1"),
        ((), "van-ban"),
        ((None,), "van-ban"),
        (("..", " ", None), "van-ban"),
    ],
)
def test_ten_tep(parts, expected):
    result = ten_tep(*parts)
    assert result == expected
    assert is_nfc(result)


def test_ten_tep_caps_long_names():
    result = ten_tep("Kế hoạch " * 50)
    assert len(result) <= 150
    assert result.startswith("Kế hoạch Kế hoạch")
    assert result == result.strip(" .")


def test_ten_tep_does_not_split_a_combining_sequence():
    # "x" + combining acute has no precomposed form, so it stays two code points in NFC.
    text = "a" * 149 + "x\u0301" + "b" * 10
    assert ten_tep(text) == "a" * 149


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Quyết định số 12", "Quyet_dinh_so_12"),
        ("Kế hoạch - 05-KH-UBND - Triển khai …", "Ke_hoach_-_05-KH-UBND_-_Trien_khai"),
        ("ĐƯỜNG ĐỎ", "DUONG_DO"),
        ("05/KH-UBND", "05-KH-UBND"),
        (nfd("Quyết định"), "Quyet_dinh"),
        (".hidden name.", "hidden_name"),
        ("漢字", "van-ban"),
        ("", "van-ban"),
        (None, "van-ban"),
    ],
)
def test_ten_tep_ascii(name, expected):
    assert ten_tep_ascii(name) == expected


def test_ten_tep_ascii_caps_long_names():
    result = ten_tep_ascii("Quyết định " * 40)
    assert len(result) <= 150
    assert result.startswith("Quyet_dinh_Quyet_dinh")
    assert not result.endswith("_")
