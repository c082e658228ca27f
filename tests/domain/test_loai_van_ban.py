"""Điều 7 types and Phụ lục III Mục I abbreviations: the table, the clerk-tolerant lookup, the
symbol check of a `van-ban` (nd30-style.md §9)."""

import unicodedata

import pytest

from service.domain.loai_van_ban import DIEU_7, THEO_MAU_1_4, loi_ky_hieu, loi_loai, tim_loai

# Phụ lục III Mục I, row by row (read from nd30-phu-luc-III-mau.docx); công văn and thư công
# have no abbreviation.
PHU_LUC_III_MUC_I = {
    "Nghị quyết (cá biệt)": "NQ", "Quyết định (cá biệt)": "QĐ", "Chỉ thị": "CT", "Quy chế": "QC",
    "Quy định": "QyĐ", "Thông cáo": "TC", "Thông báo": "TB", "Hướng dẫn": "HD", "Chương trình": "CTr",
    "Kế hoạch": "KH", "Phương án": "PA", "Đề án": "ĐA", "Dự án": "DA", "Báo cáo": "BC",
    "Biên bản": "BB", "Tờ trình": "TTr", "Hợp đồng": "HĐ", "Công điện": "CĐ", "Bản ghi nhớ": "BGN",
    "Bản thỏa thuận": "BTT", "Giấy ủy quyền": "GUQ", "Giấy mời": "GM", "Giấy giới thiệu": "GGT",
    "Giấy nghỉ phép": "GNP", "Phiếu gửi": "PG", "Phiếu chuyển": "PC", "Phiếu báo": "PB",
    "Công văn": None, "Thư công": None,
}  # fmt: skip

# The note under Mẫu 1.4: the types it lays out.
MAU_1_4 = (
    "chỉ thị, quy chế, quy định, thông cáo, thông báo, hướng dẫn, chương trình, kế hoạch, phương án, "
    "đề án, dự án, báo cáo, tờ trình, giấy ủy quyền, phiếu gửi, phiếu chuyển, phiếu báo"
).split(", ")


def test_table_is_dieu_7_with_the_abbreviations_of_muc_i():
    assert len(DIEU_7) == 29
    assert {t.ten: t.viet_tat for t in DIEU_7} == PHU_LUC_III_MUC_I


def test_mau_1_4_types_are_those_of_the_sample_note():
    assert [t.ten.lower() for t in THEO_MAU_1_4] == MAU_1_4


@pytest.mark.parametrize(
    ("typed", "ten"),
    [
        ("Hướng dẫn", "Hướng dẫn"),
        ("hướng dẫn", "Hướng dẫn"),
        ("HƯỚNG DẪN", "Hướng dẫn"),
        ("  Hướng   dẫn. ", "Hướng dẫn"),
        ("Hướng\u00a0dẫn", "Hướng dẫn"),
        (unicodedata.normalize("NFD", "Hướng dẫn"), "Hướng dẫn"),
        ("huong dan", "Hướng dẫn"),
        ("Huong Dan", "Hướng dẫn"),
        ("Giấy uỷ quyền", "Giấy ủy quyền"),
        ("GIẤY UỶ QUYỀN", "Giấy ủy quyền"),
        ("giay uy quyen", "Giấy ủy quyền"),
        ("Bản thoả thuận", "Bản thỏa thuận"),
        ("Qui chế", "Quy chế"),
        ("qui định", "Quy định"),
        ("Quyết định (cá biệt)", "Quyết định (cá biệt)"),
        ("Quyết định", "Quyết định (cá biệt)"),
        ("Nghị quyết (Cá biệt)", "Nghị quyết (cá biệt)"),
        ("Đề án", "Đề án"),
        ("de an", "Đề án"),
        ("Dự án", "Dự án"),
        ("Thông cáo", "Thông cáo"),
        ("thong bao", "Thông báo"),
        ("Kế hoạch", "Kế hoạch"),
        ("KẾ HOẠCH", "Kế hoạch"),
        ("Kế hoach", "Kế hoạch"),  # a dropped dot below: found without diacritics
        ("phiếu chuyển", "Phiếu chuyển"),
        ("Chương trình", "Chương trình"),
    ],
)
def test_lookup_tolerates_how_clerks_type(typed, ten):
    found = tim_loai(typed)
    assert found is not None and found.ten == ten


@pytest.mark.parametrize(
    "typed",
    ["", "   ", None, "Giấy xác nhận", "Bản sao y", "Bản trích sao", "Quyết", "Hướng dẫn thi hành", "HD"],
)
def test_lookup_refuses_what_is_not_a_type(typed):
    assert tim_loai(typed) is None


@pytest.mark.parametrize("ten", MAU_1_4)
def test_every_mau_1_4_type_is_accepted_with_its_abbreviation(ten):
    loai = tim_loai(ten)
    assert loi_loai(ten) is None
    assert loi_ky_hieu(loai, f"{loai.viet_tat}-UBND") is None
    assert loai.ten_in_hoa == loai.ten.upper()


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("Giấy mời", "giay-moi"),
        ("Giấy giới thiệu", "giay-gioi-thieu"),
        ("Biên bản", "bien-ban"),
        ("Giấy nghỉ phép", "giay-nghi-phep"),
        ("Công văn", "cong-van"),
        ("Quyết định", "quyet-dinh"),
        ("Nghị quyết", "Mẫu 1.1"),
        ("Công điện", "Mẫu 1.6"),
        ("Hợp đồng", "không trình bày theo Mẫu 1.4"),
        ("Thư công", "không trình bày theo Mẫu 1.4"),
        ("Công văn hỏa tốc", "không phải tên loại văn bản hành chính tại Điều 7"),
    ],
)
def test_types_with_their_own_sample_are_refused_with_the_way_out(typed, words):
    assert words in loi_loai(typed)


@pytest.mark.parametrize(
    ("ten", "ky_hieu"),
    [
        ("Quy định", "QyĐ-UBND"),
        ("Tờ trình", "TTr-SNV"),
        ("Chương trình", "CTr-UBND"),
        ("Đề án", "ĐA-UBND"),
        ("Hướng dẫn", "HD-SNV-VP"),
        ("Giấy ủy quyền", "GUQ-CTY"),
    ],
)
def test_symbols_that_start_with_the_abbreviation(ten, ky_hieu):
    assert loi_ky_hieu(tim_loai(ten), ky_hieu) is None


@pytest.mark.parametrize(
    ("ten", "ky_hieu"),
    [
        ("Quy định", "QĐ-UBND"),  # the abbreviation of a decision, not of a quy định
        ("Quy định", "QYĐ-UBND"),  # the decree writes QyĐ
        ("Tờ trình", "TT-SNV"),
        ("Tờ trình", "TTR-SNV"),
        ("Hướng dẫn", "UBND-HD"),
        ("Hướng dẫn", "HDUBND"),
        ("Hướng dẫn", "HD"),
        ("Hướng dẫn", "HD-"),
        ("Đề án", "DA-UBND"),  # Dự án's abbreviation
    ],
)
def test_symbols_that_do_not(ten, ky_hieu):
    message = loi_ky_hieu(tim_loai(ten), ky_hieu)
    assert message and tim_loai(ten).viet_tat in message
