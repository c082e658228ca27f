"""The outgoing register's rules (Điều 15-16, Phụ lục IV), pure: which register a document
belongs to, its number and symbol, and the 10 columns of the printed Sổ đăng ký văn bản đi.

A register (`so_dang_ky`) is one sequence per issuing body and year, starting at 01 on
1 January (Điều 15.1); by default every kind of a body shares it, and configuration may give a
kind (named by its id or its Phụ lục III abbreviation, e.g. ``QĐ``) its own sequence.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from service.domain.text import compact
from service.domain.vn_format import so_van_ban

# Combining tone marks: placed on different vowels by old and new spelling ("Uỷ" / "Ủy").
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_MA_CO_QUAN = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]{0,99}$")

# Phụ lục IV, Sổ đăng ký văn bản đi: the 10 columns and their widths (mm on landscape A4).
COT: tuple[tuple[str, float], ...] = (
    ("Số, ký hiệu văn bản", 27),
    ("Ngày tháng văn bản", 20),
    ("Tên loại và trích yếu nội dung văn bản", 62),
    ("Người ký", 26),
    ("Nơi nhận văn bản", 40),
    ("Đơn vị, người nhận bản lưu", 24),
    ("Số lượng bản", 13),
    ("Ngày chuyển", 17),
    ("Ký nhận", 17),
    ("Ghi chú", 21),
)
TIEU_DE = "SỔ ĐĂNG KÝ VĂN BẢN ĐI"


@functools.lru_cache(maxsize=512)  # pure; the same few bodies issue again and again
def co_quan_mot_dong(co_quan_ban_hanh: str | None) -> str:
    """The issuing body on one line, capitals as the decree prints it.

    >>> co_quan_mot_dong("Ủy ban nhân dân\\ntỉnh Thái Nguyên ")
    'ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN'
    """
    return unicodedata.normalize("NFC", compact(co_quan_ban_hanh).upper())


def _khoa_chu(text: str) -> str:
    """Upper case, tone marks moved to the end of each word (old and new spelling agree).

    >>> _khoa_chu("Uỷ ban") == _khoa_chu("ỦY  BAN")
    True
    >>> _khoa_chu("Bạn") == _khoa_chu("Ban")
    False
    """
    words = []
    for word in compact(text).upper().split(" "):
        decomposed = unicodedata.normalize("NFD", word)
        base = "".join(c for c in decomposed if c not in _TONES)
        tones = "".join(c for c in decomposed if c in _TONES)
        words.append(unicodedata.normalize("NFC", base) + tones)
    return " ".join(words)


@functools.lru_cache(maxsize=512)  # pure; the same few bodies issue again and again
def khoa_co_quan(co_quan_ban_hanh: str | None, ma_co_quan: str | None = None) -> str:
    """The key identifying an issuing body (contract: `co_quan_ban_hanh` normalised, unless the
    data names a `ma_co_quan`): case, spaces, line breaks, NFC and old/new tone placement do not
    matter. The parent body (cơ quan chủ quản) is not part of it: a clerk who sometimes fills it
    in and sometimes not must not split one body's numbers over two registers; two bodies that
    share a name tell themselves apart with `ma_co_quan`.

    >>> khoa_co_quan("ỦY BAN NHÂN DÂN\\nTỈNH THÁI NGUYÊN") == khoa_co_quan("Uỷ ban nhân dân tỉnh  Thái Nguyên")
    True
    >>> khoa_co_quan("SỞ NỘI VỤ") == khoa_co_quan("SỞ TÀI CHÍNH")
    False
    >>> khoa_co_quan("bất kỳ", ma_co_quan="h01") == khoa_co_quan("khác", ma_co_quan="H01")
    True
    """
    if ma_co_quan:
        return "ma:" + compact(ma_co_quan).upper()
    return "ten:" + _khoa_chu(co_quan_ban_hanh or "")


@functools.lru_cache(maxsize=512)  # pure; the same few bodies issue again and again
def bam_khoa(khoa: str) -> str:
    """The stored form of a body key (fixed length, any name length).

    >>> len(bam_khoa("ten: / ỦY BAN NHÂN DÂN"))
    64
    """
    return hashlib.sha256(khoa.encode("utf-8")).hexdigest()


def lo_cua_khoa(idempotency_key: str) -> str:
    """The `lo` (batch id in the register) of a numbered batch sent with an Idempotency-Key:
    the same key always names the same batch, whatever job or request carries it.

    >>> lo_cua_khoa("nam-2026-dot-1") == lo_cua_khoa("nam-2026-dot-1"), len(lo_cua_khoa("x"))
    (True, 32)
    """
    return hashlib.sha256(b"lo\x00" + idempotency_key.encode("utf-8")).hexdigest()[:32]


def ma_co_quan_hop_le(ma: Any) -> bool:
    """A body code: letters, digits, ``.``, ``_``, ``-``; at most 100 characters.

    >>> ma_co_quan_hop_le("000.00.01.H01"), ma_co_quan_hop_le("a b"), ma_co_quan_hop_le("")
    (True, False, False)
    """
    return isinstance(ma, str) and bool(_MA_CO_QUAN.match(ma))


def chuoi_so(kind_id: str, loai_van_ban: str, rieng: Iterable[str]) -> str:
    """The sequence a kind takes its numbers from: "" (the body's shared one) unless
    configuration names the kind (by id or abbreviation), then its abbreviation.

    >>> chuoi_so("quyet-dinh-khen-thuong", "QĐ", ["QĐ"]), chuoi_so("ke-hoach", "KH", ["QĐ"])
    ('QĐ', '')
    >>> chuoi_so("quyet-dinh-khen-thuong", "QĐ", ["quyet-dinh-khen-thuong"])
    'QĐ'
    """
    names = {unicodedata.normalize("NFC", r.strip()).casefold() for r in rieng if r.strip()}
    if kind_id.casefold() in names or unicodedata.normalize("NFC", loai_van_ban).casefold() in names:
        return unicodedata.normalize("NFC", loai_van_ban)
    return ""


def so_ky_hieu(so: int, ky_hieu: str) -> str:
    """Number and symbol as printed and registered.

    >>> so_ky_hieu(9, " QĐ-UBND "), so_ky_hieu(123, "KH-UBND")
    ('09/QĐ-UBND', '123/KH-UBND')
    """
    return f"{so_van_ban(so)}/{compact(ky_hieu)}"


def ngay_so(ngay: dt.date) -> str:
    """Dates in the register's columns, dd/mm/yyyy.

    >>> ngay_so(dt.date(2026, 1, 5))
    '05/01/2026'
    """
    return ngay.strftime("%d/%m/%Y")


@dataclass(frozen=True)
class DongSo:
    """One row of the printed register, the 10 columns of Phụ lục IV in order."""

    cot: tuple[str, ...]
    thu_hoi: bool = False


def dong_so_dang_ky(entry: Mapping[str, Any]) -> DongSo:
    """The printed row of a register entry (Ngày chuyển and Ký nhận are filled by hand).

    >>> d = dong_so_dang_ky({"so_ky_hieu": "09/QĐ-UBND", "ngay_ban_hanh": dt.date(2026, 3, 2),
    ...     "ten_loai": "Quyết định", "trich_yeu": "Về việc A\\nvà B", "nguoi_ky": "Lê Văn C",
    ...     "noi_nhan": "Sở Nội vụ; Lưu: VT", "luu": "VT, TH", "so_luong_ban": 5, "ghi_chu": "",
    ...     "trang_thai": "thu_hoi", "ly_do_thu_hoi": "Sai tên"})
    >>> d.cot[:3], d.cot[6:], d.thu_hoi
    (('09/QĐ-UBND', '02/03/2026', 'Quyết định: Về việc A và B'), ('5', '', '', 'Đã thu hồi: Sai tên'), True)
    """
    thu_hoi = entry.get("trang_thai") == "thu_hoi"
    ghi_chu = [compact(entry.get("ghi_chu"))] if compact(entry.get("ghi_chu")) else []
    if thu_hoi:
        ghi_chu.append("Đã thu hồi: " + compact(entry.get("ly_do_thu_hoi")))
    so_luong = entry.get("so_luong_ban")
    ngay = entry.get("ngay_ban_hanh")
    return DongSo(
        (
            entry.get("so_ky_hieu") or "",
            ngay_so(ngay) if isinstance(ngay, dt.date) else str(ngay or ""),
            f"{compact(entry.get('ten_loai'))}: {compact(entry.get('trich_yeu'))}",
            compact(entry.get("nguoi_ky")),
            compact(entry.get("noi_nhan")),
            compact(entry.get("luu")),
            str(so_luong) if so_luong else "",
            "",
            "",
            "; ".join(ghi_chu),
        ),
        thu_hoi,
    )


def noi_nhan_so(kinh_gui: Iterable[str] | None, noi_nhan: Iterable[str] | None = None) -> str:
    """Where the document goes, as the register writes it: the Kính gửi bodies then the Nơi
    nhận (without "Như trên" and the Lưu line, which has its own column), separated by ``;``.

    >>> noi_nhan_so(["Sở Nội vụ"], ["- Như trên;", "UBND các huyện", " ", "Lưu: VT, TH"])
    'Sở Nội vụ; UBND các huyện'
    >>> noi_nhan_so(None, ["Thường trực Tỉnh ủy;"])
    'Thường trực Tỉnh ủy'
    """
    out: list[str] = []
    for x in [*(kinh_gui or []), *(noi_nhan or [])]:
        item = compact(x).lstrip("-–+• ").rstrip(";., ")
        low = item.casefold()
        if item and not low.startswith(("như trên", "lưu:", "lưu ")) and item not in out:
            out.append(item)
    return "; ".join(out)


def luu_so(luu: Iterable[str] | None) -> str:
    """Units keeping a copy (the Lưu line without its label), VT first.

    >>> luu_so(["TH", "VT", "NC"]), luu_so(None)
    ('VT, TH, NC', 'VT')
    """
    items = [compact(x).rstrip(";., ") for x in luu or []]
    rest = [i for i in items if i and i.casefold() != "vt"]
    return ", ".join(["VT", *dict.fromkeys(rest)])


def tim_kiem(*parts: str | None) -> str:
    """The casefolded text a search matches (NFC), so Vietnamese case is ignored everywhere.

    >>> tim_kiem("09/QĐ-UBND", "Về việc TẶNG")
    '09/qđ-ubnd về việc tặng'
    """
    return unicodedata.normalize("NFC", " ".join(compact(p) for p in parts if p).casefold())
