"""Vietnamese formatting rules of Nghị định 30/2020/NĐ-CP as pure functions.

Every function here is pure, normalises the text it takes and returns to Unicode
NFC, and tolerates ``None``: a missing value gives the empty form (``""`` or
``[]``) or, for the number and date lines, the draft form with blanks that the
clerk fills in by hand.  See ``nd30-style.md`` §4, §6, §7, §8 and Part C.
"""

from __future__ import annotations

import datetime
import decimal
import math
import re
import unicodedata
from collections.abc import Iterable
from typing import TypedDict

from babel.numbers import format_decimal

from service.domain.text import compact, shorten

BLANK_DATE = "     "  # 5 spaces: the draft blank for the day and the month
BLANK_SO = "       "  # 7 spaces: the draft blank for the document number
DIEM_LETTERS: tuple[str, ...] = tuple("abcdđeghiklmnopqrstuvxy")

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_LEADING_MARKS = "-–—+•"  # bullets a clerk may type before a recipient
_TRAILING_MARKS = ";.,"  # punctuation the service adds itself
_DASHES = {ord(c): "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2212"}
_LUU_PREFIX = re.compile(r"^lưu\s*:\s*", re.IGNORECASE)
_KINH_GUI_PREFIX = re.compile(r"^kính\s+gửi\s*:\s*", re.IGNORECASE)
_SIGN_PREFIX = re.compile(r"(tm|kt|tl|tuq|q)(?:\.\s*|\s+)(?=\S)(.*)", re.IGNORECASE)
_ROMAN = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip
_ROMAN_VALUE = {letter: value for value, letter in _ROMAN if len(letter) == 1}
_UNSAFE_IN_FILE_NAME = set('/\\<>:"|?*')
_UNSAFE_TABLE = str.maketrans(dict.fromkeys(_UNSAFE_IN_FILE_NAME, "-"))
_MAX_FILE_NAME = 150
_FALLBACK_FILE_NAME = "van-ban"


def nfc(text: str | None) -> str:
    """Return ``text`` in Unicode NFC; ``None`` gives ``""``.

    >>> nfc("Nghi\u0323 đi\u0323nh") == "Nghị định"
    True
    >>> nfc(None)
    ''
    """
    if text is None:
        return ""
    if not isinstance(text, str):
        raise TypeError(f"expected str or None, got {type(text).__name__}")
    return unicodedata.normalize("NFC", text)


def _as_list(values: Iterable[str | None] | str | None) -> list[str]:
    """A list argument that also tolerates ``None``, a bare string and ``None`` items."""
    if values is None:
        return []
    if isinstance(values, str):
        return [values]
    return [v for v in values if v is not None]


def _check_int(n: object, name: str) -> None:
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"{name} must be an int, got {type(n).__name__}")


# --- dates -----------------------------------------------------------------


def _as_date(ngay: datetime.date | str | None) -> datetime.date | None:
    if ngay is None:
        return None
    if isinstance(ngay, datetime.datetime):
        return ngay.date()
    if isinstance(ngay, datetime.date):
        return ngay
    if isinstance(ngay, str):
        text = nfc(ngay).strip()
        if not text:
            return None
        if not _ISO_DATE.fullmatch(text):
            raise ValueError(f"expected a date as YYYY-MM-DD, got {ngay!r}")
        return datetime.date.fromisoformat(text)
    raise TypeError(f"expected a date, an ISO string or None, got {type(ngay).__name__}")


def ngay_day_du(
    ngay: datetime.date | str | None,
    nam: int | None = None,
    hom_nay: datetime.date | None = None,
) -> str:
    """The decree's full date: a zero before a day below 10 and before months 1 and 2.

    ``None`` (or an empty string) gives the draft form with blanks; its year is
    ``nam`` if given, else the year of ``hom_nay`` (default: today).  ``nam`` is
    ignored when a date is given.

    >>> ngay_day_du(datetime.date(2024, 2, 5))
    'ngày 05 tháng 02 năm 2024'
    >>> ngay_day_du("2024-03-09")
    'ngày 09 tháng 3 năm 2024'
    >>> ngay_day_du("2019-06-29")
    'ngày 29 tháng 6 năm 2019'
    >>> ngay_day_du(datetime.date(2026, 10, 12))
    'ngày 12 tháng 10 năm 2026'
    >>> ngay_day_du(None, hom_nay=datetime.date(2026, 11, 28))
    'ngày     tháng     năm 2026'
    >>> ngay_day_du(None, nam=2027)
    'ngày     tháng     năm 2027'
    """
    d = _as_date(ngay)
    if d is None:
        if nam is None:
            nam = (hom_nay or datetime.date.today()).year
        _check_int(nam, "nam")
        return f"ngày{BLANK_DATE}tháng{BLANK_DATE}năm {nam}"
    thang = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    return f"ngày {d.day:02d} tháng {thang} năm {d.year}"


def dong_ngay_thang(
    dia_danh: str | None,
    ngay: datetime.date | str | None,
    nam: int | None = None,
    hom_nay: datetime.date | None = None,
) -> str:
    """The place-and-date line (ô 4); an empty place gives the date alone.

    >>> dong_ngay_thang("Thái Nguyên", "2024-02-05")
    'Thái Nguyên, ngày 05 tháng 02 năm 2024'
    >>> dong_ngay_thang("Thái Nguyên", None, nam=2026)
    'Thái Nguyên, ngày     tháng     năm 2026'
    >>> dong_ngay_thang(None, "2020-01-05")
    'ngày 05 tháng 01 năm 2020'
    """
    place = compact(dia_danh).rstrip(" ,")
    date_part = ngay_day_du(ngay, nam, hom_nay)
    return f"{place}, {date_part}" if place else date_part


# --- document number ---------------------------------------------------------


def so_van_ban(so: int | None) -> str:
    """The document number: two digits below 10; ``None`` gives the blank.

    >>> so_van_ban(5), so_van_ban(12), so_van_ban(123)
    ('05', '12', '123')
    >>> so_van_ban(None) == BLANK_SO
    True
    """
    if so is None:
        return BLANK_SO
    _check_int(so, "so")
    if so < 1:
        raise ValueError(f"a document number starts at 1, got {so}")
    return f"{so:02d}"


def _clean_ky_hieu(ky_hieu: str | None) -> str:
    text = compact(ky_hieu).translate(_DASHES)
    text = re.sub(r"\s*([-/])\s*", r"\1", text)
    return text.lstrip("/")


def dong_so_ky_hieu(so: int | None, ky_hieu: str | None) -> str:
    """The "Số, ký hiệu" line (ô 3); a draft keeps the blank for the clerk.

    Spaces around hyphens in the symbol are removed (the decree: "không cách
    chữ") and typographic dashes become ``-``.

    >>> dong_so_ky_hieu(5, "KH-UBND")
    'Số: 05/KH-UBND'
    >>> dong_so_ky_hieu(125, "QĐ - UBND")
    'Số: 125/QĐ-UBND'
    >>> dong_so_ky_hieu(None, "KH-UBND")
    'Số:        /KH-UBND'
    """
    symbol = _clean_ky_hieu(ky_hieu)
    if so is None:
        return f"Số: {BLANK_SO}/{symbol}"
    return f"Số: {so_van_ban(so)}/{symbol}"


# --- recipients --------------------------------------------------------------


def _clean_item(text: str | None) -> str:
    """A recipient as the clerk meant it: no typed bullet, no final punctuation."""
    return compact(text).lstrip(_LEADING_MARKS + " ").rstrip(_TRAILING_MARKS + " ")


def _luu_items(luu: Iterable[str | None] | str | None) -> list[str]:
    items: list[str] = []
    for entry in _as_list(luu):
        entry = _LUU_PREFIX.sub("", compact(entry), count=1)
        for part in re.split(r"[,;]", entry):
            item = _clean_item(part)
            if item and item.casefold() != "vt" and item not in items:
                items.append(item)
    return ["VT", *items]


def dong_noi_nhan(noi_nhan: list[str] | None, luu: list[str] | None = None) -> list[str]:
    """The "Nơi nhận" lines (ô 9b): ``- …;`` per recipient, then ``- Lưu: VT, ….``.

    Typed bullets (``-``, ``–``, ``+``, ``•``) and final ``;``, ``.``, ``,`` are
    removed before the service adds its own; empty entries are dropped.  ``VT``
    always comes first on the Lưu line, once.  A ``Lưu: …`` entry typed among
    the recipients is merged into the Lưu line.

    >>> dong_noi_nhan(["Thường trực Tỉnh ủy", "- UBND các huyện;"], ["VT", "TH"])
    ['- Thường trực Tỉnh ủy;', '- UBND các huyện;', '- Lưu: VT, TH.']
    >>> dong_noi_nhan(["Như trên."], ["TH", "NC"])
    ['- Như trên;', '- Lưu: VT, TH, NC.']
    >>> dong_noi_nhan(None)
    ['- Lưu: VT.']
    """
    lines: list[str] = []
    extra_luu: list[str] = []
    for entry in _as_list(noi_nhan):
        item = _clean_item(entry)
        match = _LUU_PREFIX.match(item)
        if match:
            extra_luu.append(item[match.end() :])
        elif item:
            lines.append(nfc(f"- {item};"))
    lines.append(nfc("- Lưu: " + ", ".join(_luu_items([*_as_list(luu), *extra_luu])) + "."))
    return lines


def dong_kinh_gui(kinh_gui: list[str] | None) -> list[str]:
    """The "Kính gửi" lines (ô 9a): one recipient on the same line, several as a list.

    >>> dong_kinh_gui(["Bộ Nội vụ"])
    ['Kính gửi: Bộ Nội vụ']
    >>> dong_kinh_gui(["- Bộ Nội vụ;", "Sở Tài chính"])
    ['Kính gửi:', '- Bộ Nội vụ;', '- Sở Tài chính.']
    >>> dong_kinh_gui([])
    []
    """
    items = [_clean_item(_KINH_GUI_PREFIX.sub("", compact(e), count=1)) for e in _as_list(kinh_gui)]
    items = [item for item in items if item]
    if not items:
        return []
    if len(items) == 1:
        return [nfc(f"Kính gửi: {items[0]}")]
    body = [nfc(f"- {item};") for item in items[:-1]]
    return ["Kính gửi:", *body, nfc(f"- {items[-1]}.")]


# --- signature block ---------------------------------------------------------


def viet_hoa(text: str | None) -> str:
    """Vietnamese upper case (NFC before and after).

    >>> viet_hoa("phó chủ tịch ủy ban nhân dân")
    'PHÓ CHỦ TỊCH ỦY BAN NHÂN DÂN'
    >>> viet_hoa(None)
    ''
    """
    return nfc(nfc(text).upper())


class KhoiChuKy(TypedDict):
    """The signature block as rendered: ``quyen_han`` lines, ``chuc_vu``, ``ho_ten``."""

    quyen_han: list[str]
    chuc_vu: str
    ho_ten: str


def _authority_line(line: str) -> str:
    text = compact(line)
    match = _SIGN_PREFIX.fullmatch(text)
    if match:
        text = f"{match.group(1).upper()}. {match.group(2)}"
    return viet_hoa(text)


def khoi_chu_ky(quyen_han: list[str] | None, chuc_vu: str | None, ho_ten: str | None) -> KhoiChuKy:
    """The signature block (ô 7a, 7b): authority lines and title in CAPS, name as typed.

    The prefixes TM., KT., TL., TUQ. and Q. are normalised (any case, dot
    optional); an entry holding several lines is split at its line breaks.

    >>> khoi_chu_ky(["tm. ủy ban nhân dân", "kt chủ tịch"], "phó chủ tịch",
    ...             "  Nguyễn  Văn A ")  # doctest: +NORMALIZE_WHITESPACE
    {'quyen_han': ['TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH'], 'chuc_vu': 'PHÓ CHỦ TỊCH',
     'ho_ten': 'Nguyễn Văn A'}
    >>> khoi_chu_ky(["q giám đốc"], "", "Trần Thị B")["quyen_han"]
    ['Q. GIÁM ĐỐC']
    >>> khoi_chu_ky(None, None, None)
    {'quyen_han': [], 'chuc_vu': '', 'ho_ten': ''}
    """
    lines: list[str] = []
    for entry in _as_list(quyen_han):
        for line in nfc(entry).splitlines():
            text = _authority_line(line)
            if text:
                lines.append(text)
    return KhoiChuKy(quyen_han=lines, chuc_vu=viet_hoa(compact(chuc_vu)), ho_ten=compact(ho_ten))


# --- điểm letters and Roman numerals ----------------------------------------


def chu_cai_diem(n: int | None) -> str:
    """The n-th điểm letter (1-based); after "y" two letters, like spreadsheet columns.

    >>> [chu_cai_diem(i) for i in (1, 5, 6, 7, 23, 24, 25)]
    ['a', 'đ', 'e', 'g', 'y', 'aa', 'ab']
    """
    if n is None:
        return ""
    _check_int(n, "n")
    if n < 1:
        raise ValueError(f"điểm letters start at 1, got {n}")
    letters: list[str] = []
    while n > 0:
        n, rest = divmod(n - 1, len(DIEM_LETTERS))
        letters.append(DIEM_LETTERS[rest])
    return "".join(reversed(letters))


def so_la_ma(n: int | None) -> str:
    """Roman numeral for 1..3999.

    >>> [so_la_ma(i) for i in (4, 9, 14, 2024)]
    ['IV', 'IX', 'XIV', 'MMXXIV']
    """
    if n is None:
        return ""
    _check_int(n, "n")
    if not 1 <= n <= 3999:
        raise ValueError(f"Roman numerals cover 1..3999, got {n}")
    out: list[str] = []
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


def la_ma_sang_so(s: str | None) -> int | None:
    """The value of a canonical upper-case Roman numeral, else ``None``.

    >>> la_ma_sang_so("IV"), la_ma_sang_so("MMXXIV")
    (4, 2024)
    >>> la_ma_sang_so("IIII"), la_ma_sang_so(""), la_ma_sang_so("iv")
    (None, None, None)
    """
    if not isinstance(s, str) or not s or len(s) > 15:  # MMMDCCCLXXXVIII is longest
        return None
    if any(c not in _ROMAN_VALUE for c in s):
        return None
    total = 0
    for i, c in enumerate(s):
        value = _ROMAN_VALUE[c]
        following = _ROMAN_VALUE[s[i + 1]] if i + 1 < len(s) else 0
        total += -value if following > value else value
    if 1 <= total <= 3999 and so_la_ma(total) == s:
        return total
    return None


# --- amounts -----------------------------------------------------------------


def so_kieu_viet(n: int | float | decimal.Decimal | None) -> str:
    """A number the Vietnamese way (Babel, vi_VN): ``.`` for thousands, ``,`` for decimals.

    Babel keeps at most three decimals.

    >>> so_kieu_viet(1500000), so_kieu_viet(1234.5), so_kieu_viet(None)
    ('1.500.000', '1.234,5', '')
    """
    if n is None:
        return ""
    if isinstance(n, bool) or not isinstance(n, (int, float, decimal.Decimal)):
        raise TypeError(f"expected a number, got {type(n).__name__}")
    if isinstance(n, float) and not math.isfinite(n):
        raise ValueError(f"not a finite number: {n}")
    if isinstance(n, decimal.Decimal) and not n.is_finite():
        raise ValueError(f"not a finite number: {n}")
    exact = decimal.Decimal(repr(n)) if isinstance(n, float) else decimal.Decimal(n)
    with decimal.localcontext() as ctx:  # Babel rounds in the current context
        ctx.prec = max(ctx.prec, exact.adjusted() + 10)
        text = format_decimal(n, locale="vi_VN")
    if text.startswith("-") and not text.strip("-0.,"):
        text = text[1:]  # "-0" from -0.0 or a tiny negative rounded away
    return nfc(text)


def so_tien(n: int | float | decimal.Decimal | None) -> str:
    """An amount of money in administrative text: ``đồng``, not ``₫``.

    >>> so_tien(1500000)
    '1.500.000 đồng'
    >>> so_tien(None)
    ''
    """
    if n is None:
        return ""
    return nfc(f"{so_kieu_viet(n)} đồng")


# --- download file names -----------------------------------------------------


def ten_tep(*parts: str | None) -> str:
    """A download file name (without extension) built from data, Vietnamese kept.

    Non-empty parts are joined with `` - ``; ``/``, ``\\``, ``<>:"|?*`` and
    control characters become ``-``; whitespace collapses; dots and spaces are
    stripped at both ends; at most 150 characters, cut between words; never empty.

    >>> ten_tep("Kế hoạch", "05/KH-UBND", "Triển khai …")
    'Kế hoạch - 05-KH-UBND - Triển khai …'
    >>> ten_tep(None, " ", "..")
    'van-ban'
    """
    joined = " - ".join(p for p in (compact(part) for part in parts) if p)
    if joined.isprintable():  # the common case: no control or format characters, fast path
        cleaned = joined.translate(_UNSAFE_TABLE)
    else:
        chars = []
        for c in joined:
            if c.isspace():
                chars.append(" ")
            elif c in _UNSAFE_IN_FILE_NAME or unicodedata.category(c).startswith("C"):
                chars.append("-")
            else:
                chars.append(c)
        cleaned = "".join(chars)
    text = " ".join(cleaned.split()).strip(" .")
    text = shorten(text, _MAX_FILE_NAME, mark="").strip(" .")  # between words, never inside one
    return text or _FALLBACK_FILE_NAME


def ten_tep_ascii(name: str | None) -> str:
    """An ASCII fallback file name: diacritics dropped, only ``[A-Za-z0-9._-]``.

    >>> ten_tep_ascii("Quyết định số 12")
    'Quyet_dinh_so_12'
    >>> ten_tep_ascii("Kế hoạch - 05-KH-UBND - Triển khai …")
    'Ke_hoach_-_05-KH-UBND_-_Trien_khai'
    """
    text = nfc(name).replace("đ", "d").replace("Đ", "D")
    text = text.replace("/", "-").replace("\\", "-")
    text = unicodedata.normalize("NFD", text)
    kept = []
    for c in text:
        if c.isspace():
            kept.append(" ")
        elif c.isascii() and (c.isalnum() or c in "._-"):
            kept.append(c)
    text = "_".join(shorten("".join(kept), _MAX_FILE_NAME, mark="").split()).strip("._-")
    return text or _FALLBACK_FILE_NAME
