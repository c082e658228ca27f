"""Hypothesis properties of the Vietnamese formatting functions and amounts in words."""

import datetime
import re
import unicodedata
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from service.domain.so_thanh_chu import (
    GIOI_HAN,
    TU_VUNG,
    so_thanh_chu,
    so_tien_bang_chu,
)
from service.domain.tham_quyen import ten_tu_tham_quyen
from service.domain.vn_format import (
    BLANK_DATE,
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

PROPERTY = settings(deadline=None, max_examples=200)

VIET_LOWER = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
VIET_LETTERS = VIET_LOWER + VIET_LOWER.upper()
viet_words = st.text(alphabet=VIET_LETTERS, min_size=1, max_size=8)
viet_phrase = st.lists(viet_words, min_size=1, max_size=6).map(" ".join)
# Any text, in NFC or decomposed: the functions must normalise it.
any_text = st.one_of(st.text(), st.text().map(lambda s: unicodedata.normalize("NFD", s)))
maybe_text = st.one_of(st.none(), any_text)
text_lists = st.one_of(st.none(), st.lists(maybe_text, max_size=8))


def is_nfc(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)


# --- nfc and dates --------------------------------------------------------------


@PROPERTY
@given(maybe_text)
def test_nfc_is_normalised_and_idempotent(text):
    result = nfc(text)
    assert is_nfc(result)
    assert nfc(result) == result
    if text is not None:
        assert nfc(unicodedata.normalize("NFD", text)) == result


DATE_LINE = re.compile(r"ngày ([0-9]{2}) tháng ([0-9]{1,2}) năm ([0-9]+)")


@PROPERTY
@given(st.dates())
def test_date_round_trips(day):
    text = ngay_day_du(day)
    match = DATE_LINE.fullmatch(text)
    assert match is not None
    d, m, y = match.groups()
    assert datetime.date(int(y), int(m), int(d)) == day
    assert (len(m) == 2) == (day.month <= 2 or day.month >= 10)
    assert m.startswith("0") == (day.month <= 2)
    assert ngay_day_du(day.isoformat()) == text
    assert is_nfc(text)


@PROPERTY
@given(st.integers(1, 9999), st.dates())
def test_draft_date_has_blanks_and_year(nam, hom_nay):
    assert ngay_day_du(None, nam=nam) == f"ngày{BLANK_DATE}tháng{BLANK_DATE}năm {nam}"
    assert ngay_day_du(None, hom_nay=hom_nay).endswith(f"năm {hom_nay.year}")


@PROPERTY
@given(
    maybe_text,
    st.one_of(st.none(), st.dates()),
    st.one_of(st.none(), st.integers(1, 9999)),
)
def test_date_line_ends_with_the_date(dia_danh, day, nam):
    line = dong_ngay_thang(dia_danh, day, nam)
    assert is_nfc(line)
    assert line.endswith(ngay_day_du(day, nam))
    place = " ".join(nfc(dia_danh).split()).rstrip(" ,")
    assert line.startswith(f"{place}, " if place else "ngày")


# --- number and symbol ----------------------------------------------------------


@PROPERTY
@given(st.integers(1, 10**12))
def test_document_number_round_trips(so):
    text = so_van_ban(so)
    assert int(text) == so
    assert len(text) == max(2, len(str(so)))


@PROPERTY
@given(st.one_of(st.none(), st.integers(1, 10**6)), maybe_text)
def test_number_line_shape(so, ky_hieu):
    line = dong_so_ky_hieu(so, ky_hieu)
    assert is_nfc(line)
    assert line.startswith("Số:")
    symbol = line.split("/", 1)[1]
    assert not re.search(r"\s-|-\s", symbol)
    assert not symbol.startswith("/")


# --- recipients -----------------------------------------------------------------


@PROPERTY
@given(text_lists, text_lists)
def test_recipient_lines_shape(noi_nhan, luu):
    lines = dong_noi_nhan(noi_nhan, luu)
    assert lines
    assert all(is_nfc(line) and line.startswith("- ") for line in lines)
    assert all(line.endswith(";") for line in lines[:-1])
    assert all(len(line) > len("- ;") for line in lines[:-1])
    last = lines[-1]
    assert last.startswith("- Lưu: VT") and last.endswith(".")
    items = last[len("- Lưu: ") : -1].split(", ")
    assert items.count("VT") == 1 and items[0] == "VT"
    assert len(lines) <= len(noi_nhan or []) + 1


@PROPERTY
@given(st.lists(viet_phrase, max_size=6), st.lists(viet_words, max_size=4))
def test_plain_recipients_are_kept_in_order(noi_nhan, luu):
    lines = dong_noi_nhan(noi_nhan, luu)
    assert lines[:-1] == [f"- {item};" for item in noi_nhan]
    expected_luu = ["VT", *dict.fromkeys(w for w in luu if w.casefold() != "vt")]
    assert lines[-1] == "- Lưu: " + ", ".join(expected_luu) + "."


@PROPERTY
@given(text_lists)
def test_kinh_gui_shape(kinh_gui):
    lines = dong_kinh_gui(kinh_gui)
    assert all(is_nfc(line) for line in lines)
    if len(lines) == 1:
        assert lines[0].startswith("Kính gửi: ") and len(lines[0]) > len("Kính gửi: ")
    elif lines:
        assert lines[0] == "Kính gửi:"
        assert len(lines) >= 3
        assert all(line.startswith("- ") for line in lines[1:])
        assert all(line.endswith(";") for line in lines[1:-1])
        assert lines[-1].endswith(".")


# --- signature block ------------------------------------------------------------


@PROPERTY
@given(text_lists, maybe_text, maybe_text)
def test_signature_block_shape(quyen_han, chuc_vu, ho_ten):
    block = khoi_chu_ky(quyen_han, chuc_vu, ho_ten)
    assert set(block) == {"quyen_han", "chuc_vu", "ho_ten"}
    for line in block["quyen_han"]:
        assert line and is_nfc(line) and "\n" not in line
        assert line == viet_hoa(line)
    assert is_nfc(block["chuc_vu"]) and block["chuc_vu"] == viet_hoa(block["chuc_vu"])
    assert is_nfc(block["ho_ten"])
    assert block["ho_ten"] == " ".join(block["ho_ten"].split())


@PROPERTY
@given(
    st.sampled_from(["tm", "kt", "tl", "tuq", "q"]),
    st.booleans(),
    st.booleans(),
    viet_phrase,
)
def test_signer_prefixes_are_normalised(prefix, upper, dot, rest):
    typed = (prefix.upper() if upper else prefix) + ("." if dot else "") + " " + rest
    block = khoi_chu_ky([typed], None, None)
    assert block["quyen_han"] == [f"{prefix.upper()}. {rest.upper()}"]


@PROPERTY
@given(maybe_text)
def test_viet_hoa_is_nfc(text):
    assert is_nfc(viet_hoa(text))


@PROPERTY
@given(viet_phrase)
def test_viet_hoa_is_case_only_for_vietnamese(text):
    upper = viet_hoa(text)
    assert upper == viet_hoa(text.lower()) == viet_hoa(upper)
    assert len(upper) == len(text)
    assert upper.lower() == text.lower()


# --- điểm letters and Roman numerals --------------------------------------------


def diem_key(letters: str) -> tuple:
    return (len(letters), [DIEM_LETTERS.index(c) for c in letters])


@PROPERTY
@given(st.integers(1, 10**6), st.integers(1, 10**6))
def test_diem_letters_injective_and_ordered(a, b):
    la, lb = chu_cai_diem(a), chu_cai_diem(b)
    assert set(la) <= set(DIEM_LETTERS)
    assert (la == lb) == (a == b)
    assert (diem_key(la) < diem_key(lb)) == (a < b)


def test_diem_letters_consecutive_for_the_first_thousand():
    letters = [chu_cai_diem(n) for n in range(1, 1001)]
    assert len(set(letters)) == len(letters)
    assert letters == sorted(letters, key=diem_key)


@PROPERTY
@given(st.integers(1, 3999))
def test_roman_round_trips(n):
    roman = so_la_ma(n)
    assert set(roman) <= set("MDCLXVI")
    assert la_ma_sang_so(roman) == n


def test_roman_round_trips_exhaustively():
    assert [la_ma_sang_so(so_la_ma(n)) for n in range(1, 4000)] == list(range(1, 4000))


@PROPERTY
@given(st.one_of(st.none(), st.text(), st.text(alphabet="MDCLXVI", max_size=16)))
def test_roman_parser_accepts_only_canonical(text):
    value = la_ma_sang_so(text)
    if value is not None:
        assert so_la_ma(value) == text


# --- numbers and amounts --------------------------------------------------------


@PROPERTY
@given(st.integers(-(10**30), 10**30))
def test_integer_grouping_round_trips(n):
    text = so_kieu_viet(n)
    assert int(text.replace(".", "")) == n
    assert "," not in text
    assert so_tien(n) == f"{text} đồng"


@PROPERTY
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_float_formatting_is_close(x):
    text = so_kieu_viet(x)
    assert is_nfc(text)
    parsed = Decimal(text.replace(".", "").replace(",", "."))
    assert abs(parsed - Decimal(repr(x))) <= Decimal("0.0005") + abs(Decimal(repr(x))) * Decimal("1e-15")


@PROPERTY
@given(st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**20), max_value=10**20))
def test_decimal_formatting_never_fails(x):
    text = so_kieu_viet(x)
    assert re.fullmatch(r"-?[0-9]{1,3}(\.[0-9]{3})*(,[0-9]{1,3})?", text)


# --- authority in running text --------------------------------------------------

AUTHORITY_WORDS = [
    "CHỦ TỊCH",
    "PHÓ CHỦ TỊCH",
    "GIÁM ĐỐC",
    "BỘ TRƯỞNG",
    "ỦY BAN NHÂN DÂN",
    "HỘI ĐỒNG NHÂN DÂN",
    "SỞ",
    "BỘ",
    "NỘI VỤ",
    "TÀI CHÍNH",
    "VÀ",
    "-",
    "TỈNH",
    "THÀNH PHỐ",
    "XÃ",
    "PHƯỜNG",
    "ĐẶC KHU",
    "1",
    "12",
    "HỒ CHÍ MINH",
    "THÁI NGUYÊN",
    "XÃ HỘI",
    "UBND",
    "TÂN CƯƠNG,",
    "CÔNG THƯƠNG",
    "CỤC",
    "TRƯỞNG PHÒNG",
]
caps_authority = st.lists(
    st.one_of(st.sampled_from(AUTHORITY_WORDS), viet_words.map(str.upper)),
    min_size=1,
    max_size=10,
).map(" ".join)


@PROPERTY
@given(maybe_text)
def test_authority_never_fails_and_is_nfc(text):
    assert is_nfc(ten_tu_tham_quyen(text))


@PROPERTY
@given(caps_authority)
def test_authority_only_changes_case(caps):
    assert viet_hoa(ten_tu_tham_quyen(caps)) == caps


@PROPERTY
@given(viet_phrase.filter(lambda s: s != s.upper()))
def test_authority_keeps_text_that_is_not_caps(text):
    assert ten_tu_tham_quyen(text) == text


# --- file names -----------------------------------------------------------------


@PROPERTY
@given(st.lists(maybe_text, max_size=5))
def test_file_name_is_safe(parts):
    name = ten_tep(*parts)
    assert name and len(name) <= 150 and is_nfc(name)
    assert not set(name) & set('/\\<>:"|?*')
    assert not any(unicodedata.category(c).startswith("C") for c in name)
    assert name == name.strip(" .")
    assert "  " not in name
    assert all(c == " " or not c.isspace() for c in name)


@PROPERTY
@given(st.lists(viet_phrase, min_size=1, max_size=2))
def test_file_name_keeps_vietnamese_parts(parts):
    assert ten_tep(*parts) == " - ".join(parts)


@PROPERTY
@given(maybe_text)
def test_ascii_file_name_is_safe(name):
    result = ten_tep_ascii(name)
    assert re.fullmatch(r"[A-Za-z0-9._-]+", result)
    assert len(result) <= 150
    assert not result.startswith(".")


def base_letter(c: str) -> str:
    return {"đ": "d", "Đ": "D"}.get(c, unicodedata.normalize("NFD", c)[0])


@PROPERTY
@given(viet_phrase)
def test_ascii_file_name_keeps_one_letter_per_vietnamese_letter(text):
    expected = "_".join("".join(base_letter(c) for c in word) for word in text.split())
    assert ten_tep_ascii(text) == expected


# --- amounts in words -----------------------------------------------------------

DIGIT = dict(
    zip(
        ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"),
        range(10),
        strict=True,
    )
)


def _units_after_ten(word: str, tens: int) -> int:
    """The units word after mười (tens 1) or mươi (tens >= 2), strictly."""
    if word == "lăm":
        return 5
    if word == "mốt" and tens >= 2:
        return 1
    assert word in DIGIT and word not in ("không", "năm"), word
    assert not (tens >= 2 and word == "một"), word
    return DIGIT[word]


def parse_group(words: list[str], leading: bool) -> int:
    """Strict reader of one group 1..999: rejects every form the rules forbid."""
    value, rest = 0, words
    hundreds = len(words) >= 2 and words[1] == "trăm"
    if hundreds:
        value, rest = 100 * DIGIT[words[0]], words[2:]
        assert value or not leading, f"a leading group never says 'không trăm': {words}"
    else:
        assert leading, f"hundreds missing in a non-leading group: {words}"
    if not rest:
        return value
    if rest[0] in ("linh", "lẻ"):
        assert words[1:2] == ["trăm"] and len(rest) == 2, words
        assert rest[1] in DIGIT and rest[1] != "không", rest
        return value + DIGIT[rest[1]]
    if rest[0] == "mười":
        assert len(rest) <= 2
        return value + 10 + (_units_after_ten(rest[1], 1) if len(rest) == 2 else 0)
    if len(rest) >= 2 and rest[1] == "mươi":
        tens = DIGIT[rest[0]]
        assert tens >= 2 and len(rest) <= 3
        return value + 10 * tens + (_units_after_ten(rest[2], tens) if len(rest) == 3 else 0)
    assert len(rest) == 1 and not hundreds and rest[0] in DIGIT and rest[0] != "không", rest
    return DIGIT[rest[0]]


def parse_below_billion(words: list[str], leading: bool) -> int:
    total, group, first = 0, [], True
    for word in [*words, ""]:
        if word in ("triệu", "nghìn", ""):
            if group:
                value = parse_group(group, leading and first)
                assert value > 0, f"an all-zero group must be skipped: {words}"
                total += value * {"triệu": 10**6, "nghìn": 1000, "": 1}[word]
                first = False
            group = []
        else:
            group.append(word)
    return total


def parse_words(text: str) -> int:
    words = text.split()
    sign = -1 if words[0] == "âm" else 1
    words = words[1:] if sign < 0 else words
    if words == ["không"]:
        return 0
    if "tỷ" in words:
        k = words.index("tỷ")
        assert "tỷ" not in words[k + 1 :]
        return sign * (
            parse_below_billion(words[:k], True) * 10**9 + parse_below_billion(words[k + 1 :], False)
        )
    return sign * parse_below_billion(words, True)


amounts = st.one_of(
    st.integers(-(GIOI_HAN - 1), GIOI_HAN - 1),
    st.integers(0, 100_000),
    st.builds(
        lambda a, e, b: a * 10**e + b,
        st.integers(1, 999),
        st.integers(3, 15),
        st.integers(0, 999),
    ),
)


@PROPERTY
@given(amounts)
def test_words_read_back_to_the_number(n):
    words = so_thanh_chu(n)
    assert parse_words(words) == n
    assert set(words.split()) <= TU_VUNG
    assert "tư" not in words.split()


@PROPERTY
@given(amounts, amounts)
def test_words_are_injective(a, b):
    assert (so_thanh_chu(a) == so_thanh_chu(b)) == (a == b)


@PROPERTY
@given(amounts)
def test_le_variant_differs_only_by_that_word(n):
    assert so_thanh_chu(n, linh="lẻ").split() == ["lẻ" if w == "linh" else w for w in so_thanh_chu(n).split()]
    assert parse_words(so_thanh_chu(n, linh="lẻ")) == n


@PROPERTY
@given(st.integers(1, GIOI_HAN - 1))
def test_negative_amounts(n):
    assert so_thanh_chu(-n) == "âm " + so_thanh_chu(n)


@PROPERTY
@given(amounts)
def test_amount_in_words_sentence(n):
    text = so_tien_bang_chu(n)
    assert text.endswith(" đồng") and text[0].isupper()
    assert text[0].lower() + text[1:] == so_thanh_chu(n) + " đồng"
    assert is_nfc(text)
