"""The administrative document types of Điều 7 and their abbreviations (Phụ lục III, Mục I).

Nghị định 30/2020/NĐ-CP, Điều 7 names 29 types of administrative document; Phụ lục III,
Mục I gives the abbreviation that opens the symbol (ký hiệu) of 27 of them (công văn and thư
công have none: a công văn's symbol is the issuing body's, e.g. ``UBND-VX``). Mẫu 1.4 of
Phụ lục III is the layout of the 17 types its note lists ("văn bản có tên loại"); the other
types have a sample of their own (or, for hợp đồng, bản ghi nhớ, bản thỏa thuận and thư công,
a layout of their own that Mẫu 1.4 does not describe).

`tim_loai` finds a type the way clerks type it: any case, decomposed or precomposed
letters, the old tone placement (``uỷ``, ``hoà``), ``qui`` for ``quy``, extra spaces or a
final full stop, the ``(cá biệt)`` qualifier left out, and, when nothing else matches,
without diacritics at all (``huong dan``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from service.domain.validation import FieldError

MAU_1_4 = "1.4"
# `x-kiem-tra` annotations of the schema fields these checks cover (shown to integrators).
LOAI_KIEM_TRA = "Tên loại tại Điều 7, trình bày theo Mẫu 1.4 (Phụ lục III)."
KY_HIEU_KIEM_TRA = "Bắt đầu bằng chữ viết tắt tên loại (Phụ lục III, Mục I)."


@dataclass(frozen=True)
class LoaiVanBan:
    """One type of Điều 7: its name as the decree writes it (sentence case, new-style tone
    marks), the abbreviation of Phụ lục III Mục I (None when there is none) and the sample
    of Phụ lục III that lays it out (``"1.4"``), or the id of the kind that renders it."""

    ten: str
    viet_tat: str | None
    mau: str
    kind: str | None = None

    @property
    def ten_in_hoa(self) -> str:
        """The type name as printed on the page (ô 5a): capitals, the qualifier dropped.

        >>> tim_loai("giấy uỷ quyền").ten_in_hoa
        'GIẤY ỦY QUYỀN'
        >>> tim_loai("Nghị quyết").ten_in_hoa
        'NGHỊ QUYẾT'
        """
        return _QUALIFIER.sub("", self.ten).strip().upper()

    @property
    def theo_mau_1_4(self) -> bool:
        return self.mau == MAU_1_4


# Điều 7, in the decree's order; abbreviations from Phụ lục III Mục I.
DIEU_7: tuple[LoaiVanBan, ...] = (
    LoaiVanBan("Nghị quyết (cá biệt)", "NQ", "1.1"),
    LoaiVanBan("Quyết định (cá biệt)", "QĐ", "1.2", "quyet-dinh"),
    LoaiVanBan("Chỉ thị", "CT", MAU_1_4),
    LoaiVanBan("Quy chế", "QC", MAU_1_4),
    LoaiVanBan("Quy định", "QyĐ", MAU_1_4),
    LoaiVanBan("Thông cáo", "TC", MAU_1_4),
    LoaiVanBan("Thông báo", "TB", MAU_1_4, "thong-bao"),
    LoaiVanBan("Hướng dẫn", "HD", MAU_1_4),
    LoaiVanBan("Chương trình", "CTr", MAU_1_4),
    LoaiVanBan("Kế hoạch", "KH", MAU_1_4, "ke-hoach"),
    LoaiVanBan("Phương án", "PA", MAU_1_4),
    LoaiVanBan("Đề án", "ĐA", MAU_1_4),
    LoaiVanBan("Dự án", "DA", MAU_1_4),
    LoaiVanBan("Báo cáo", "BC", MAU_1_4, "bao-cao"),
    LoaiVanBan("Biên bản", "BB", "1.9", "bien-ban"),
    LoaiVanBan("Tờ trình", "TTr", MAU_1_4, "to-trinh"),
    LoaiVanBan("Hợp đồng", "HĐ", "riêng"),
    LoaiVanBan("Công văn", None, "1.5", "cong-van"),
    LoaiVanBan("Công điện", "CĐ", "1.6"),
    LoaiVanBan("Bản ghi nhớ", "BGN", "riêng"),
    LoaiVanBan("Bản thỏa thuận", "BTT", "riêng"),
    LoaiVanBan("Giấy ủy quyền", "GUQ", MAU_1_4),
    LoaiVanBan("Giấy mời", "GM", "1.7", "giay-moi"),
    LoaiVanBan("Giấy giới thiệu", "GGT", "1.8", "giay-gioi-thieu"),
    LoaiVanBan("Giấy nghỉ phép", "GNP", "1.10", "giay-nghi-phep"),
    LoaiVanBan("Phiếu gửi", "PG", MAU_1_4),
    LoaiVanBan("Phiếu chuyển", "PC", MAU_1_4),
    LoaiVanBan("Phiếu báo", "PB", MAU_1_4),
    LoaiVanBan("Thư công", None, "riêng"),
)

# Types laid out by Mẫu 1.4 (the note under the sample lists exactly these 17).
THEO_MAU_1_4: tuple[LoaiVanBan, ...] = tuple(t for t in DIEU_7 if t.theo_mau_1_4)

_QUALIFIER = re.compile(r"\s*\(\s*cá\s+biệt\s*\)", re.IGNORECASE)
# Old ("oà", "uỷ") and new ("òa", "ủy") tone placement: compare in the new style.
_OLD_TONES = {
    f"{v}{e}{t}": f"{v}{t}{e}"
    for v in ("o", "u")
    for e in (("a", "e") if v == "o" else ("y",))
    for t in ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
}
_OLD_TONE = re.compile("(" + "|".join(_OLD_TONES) + r")(?![^\W\d_])")  # at a syllable's end


def _decomposed(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def _khoa(text: str) -> str:
    """The comparison key: case-folded, new-style tone marks, ``quy`` for ``qui``, the
    ``(cá biệt)`` qualifier and final punctuation dropped, spaces collapsed.

    >>> _khoa("  GIẤY  UỶ QUYỀN. ") == _khoa("Giấy ủy quyền")
    True
    >>> _khoa("Qui chế") == _khoa("Quy chế")
    True
    >>> _khoa("Nghị quyết (cá biệt)") == _khoa("nghị quyết")
    True
    >>> _khoa("KẾ HOẠCH")   # a closed syllable keeps its tone where it is
    'kế hoạch'
    """
    text = unicodedata.normalize("NFC", text).casefold()
    text = _QUALIFIER.sub("", text)
    text = " ".join(text.replace("\u00a0", " ").split()).strip(" .;:,")
    text = _OLD_TONE.sub(lambda m: _OLD_TONES[m.group(0)], _decomposed(text))
    text = re.sub(r"\bqui\b", "quy", text)
    return unicodedata.normalize("NFC", text)


def _khong_dau(text: str) -> str:
    """Without diacritics: ``đ`` → ``d``, combining marks removed.

    >>> _khong_dau("giấy nghỉ phép")
    'giay nghi phep'
    """
    text = _decomposed(text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in text if not unicodedata.combining(c))


_THEO_KHOA = {_khoa(t.ten): t for t in DIEU_7}
_THEO_KHONG_DAU = {_khong_dau(k): t for k, t in _THEO_KHOA.items()}
assert len(_THEO_KHONG_DAU) == len(DIEU_7), "two types of Điều 7 differ only by diacritics"


def tim_loai(text: str | None) -> LoaiVanBan | None:
    """The type of Điều 7 that `text` names, as clerks type it; None if it names none.

    >>> tim_loai("Hướng dẫn").viet_tat
    'HD'
    >>> tim_loai("HƯỚNG DẪN").ten
    'Hướng dẫn'
    >>> tim_loai("Hu\\u031bo\\u031b\\u0301ng da\\u0302\\u0303n").ten   # decomposed (NFD)
    'Hướng dẫn'
    >>> tim_loai("giấy uỷ quyền").ten
    'Giấy ủy quyền'
    >>> tim_loai("Bản thoả thuận").viet_tat
    'BTT'
    >>> tim_loai("qui định").viet_tat
    'QyĐ'
    >>> tim_loai("huong dan").ten
    'Hướng dẫn'
    >>> tim_loai("DE AN").ten, tim_loai("du an").ten
    ('Đề án', 'Dự án')
    >>> tim_loai("Quyết định (cá biệt)").viet_tat, tim_loai("quyết định").viet_tat
    ('QĐ', 'QĐ')
    >>> tim_loai("Giấy xác nhận") is None, tim_loai("") is None, tim_loai(None) is None
    (True, True, True)
    >>> tim_loai("Bản sao y") is None   # a copy, not a type of Điều 7
    True
    """
    if not text or not text.strip():
        return None
    key = _khoa(text)
    found = _THEO_KHOA.get(key)
    if found is None:
        found = _THEO_KHONG_DAU.get(_khong_dau(key))
    return found


def nhom_dau_ky_hieu(ky_hieu: str | None) -> str:
    """The first group of a symbol: the part before the first ``-``.

    >>> nhom_dau_ky_hieu(" HD-UBND ")
    'HD'
    >>> nhom_dau_ky_hieu("UBND")
    'UBND'
    """
    return unicodedata.normalize("NFC", ky_hieu or "").strip().split("-")[0].strip()


def loi_loai(text: str | None) -> str | None:
    """Why `text` cannot be the type of a Mẫu 1.4 document (a Vietnamese message for the
    clerk), or None when it can.

    >>> loi_loai("Hướng dẫn") is None
    True
    >>> print(loi_loai("Giấy xác nhận"))
    “Giấy xác nhận” không phải tên loại văn bản hành chính tại Điều 7 Nghị định 30/2020/NĐ-CP. \
Các loại trình bày theo Mẫu 1.4: Chỉ thị, Quy chế, Quy định, Thông cáo, Thông báo, Hướng dẫn, \
Chương trình, Kế hoạch, Phương án, Đề án, Dự án, Báo cáo, Tờ trình, Giấy ủy quyền, Phiếu gửi, \
Phiếu chuyển, Phiếu báo.
    >>> print(loi_loai("giấy mời"))
    Giấy mời có mẫu trình bày riêng (Mẫu 1.7): dùng mẫu văn bản “giay-moi”.
    >>> print(loi_loai("Nghị quyết"))
    Nghị quyết (cá biệt) có mẫu trình bày riêng (Mẫu 1.1), không theo Mẫu 1.4.
    >>> print(loi_loai("Hợp đồng"))
    Hợp đồng không trình bày theo Mẫu 1.4 (văn bản có tên loại).
    """
    loai = tim_loai(text)
    if loai is None:
        names = ", ".join(t.ten for t in THEO_MAU_1_4)
        shown = " ".join((text or "").split())
        return (
            f"“{shown}” không phải tên loại văn bản hành chính tại Điều 7 Nghị định 30/2020/NĐ-CP. "
            f"Các loại trình bày theo Mẫu 1.4: {names}."
        )
    if loai.theo_mau_1_4:
        return None
    if loai.mau == "riêng":
        return f"{loai.ten} không trình bày theo Mẫu 1.4 (văn bản có tên loại)."
    if loai.kind:
        return f"{loai.ten} có mẫu trình bày riêng (Mẫu {loai.mau}): dùng mẫu văn bản “{loai.kind}”."
    return f"{loai.ten} có mẫu trình bày riêng (Mẫu {loai.mau}), không theo Mẫu 1.4."


def loi_ky_hieu(loai: LoaiVanBan, ky_hieu: str | None) -> str | None:
    """Why `ky_hieu` is not a symbol of type `loai` (Phụ lục III Mục I, Phụ lục I II.3), or None.

    The first group must be the abbreviation exactly as the decree writes it (``QyĐ``,
    ``TTr``, ``CTr`` keep their lower-case letters) and be followed by the body's group.

    >>> hd = tim_loai("Hướng dẫn")
    >>> loi_ky_hieu(hd, "HD-UBND") is None, loi_ky_hieu(hd, "HD-SNV-VP") is None
    (True, True)
    >>> print(loi_ky_hieu(hd, "KH-UBND"))
    Ký hiệu của Hướng dẫn phải bắt đầu bằng HD (Phụ lục III, Mục I), ví dụ: HD-UBND.
    >>> print(loi_ky_hieu(tim_loai("Quy định"), "QYĐ-UBND"))
    Ký hiệu của Quy định phải bắt đầu bằng QyĐ (Phụ lục III, Mục I), ví dụ: QyĐ-UBND.
    >>> print(loi_ky_hieu(hd, "HD"))
    Sau HD cần dấu - và chữ viết tắt tên cơ quan ban hành, ví dụ: HD-UBND.
    """
    abbr = loai.viet_tat
    if abbr is None:
        return None
    text = unicodedata.normalize("NFC", ky_hieu or "").strip()
    groups = text.split("-")
    if groups[0] != abbr:
        body = "-".join(groups[1:]) or "UBND"
        return f"Ký hiệu của {loai.ten} phải bắt đầu bằng {abbr} (Phụ lục III, Mục I), ví dụ: {abbr}-{body}."
    if len(groups) < 2 or not all(g.strip() for g in groups[1:]):
        return f"Sau {abbr} cần dấu - và chữ viết tắt tên cơ quan ban hành, ví dụ: {abbr}-UBND."
    return None


def kiem_tra_ky_hieu(ten: str) -> Callable[[Mapping[str, Any]], list[FieldError]]:
    """A kind's check (DocumentKind.checks): `ky_hieu` starts with the abbreviation of type `ten`.

    >>> check = kiem_tra_ky_hieu("Tờ trình")
    >>> check({"ky_hieu": "TTr-SNV"})
    []
    >>> [(e.path, e.code) for e in check({"ky_hieu": "TT-SNV"})]
    [('/ky_hieu', 'ky_hieu')]
    """
    loai = tim_loai(ten)
    if loai is None or loai.viet_tat is None:
        raise ValueError(f"{ten!r} is not a type of Điều 7 with an abbreviation")

    def check(data: Mapping[str, Any]) -> list[FieldError]:
        ky_hieu = data.get("ky_hieu")
        if not isinstance(ky_hieu, str) or not ky_hieu.strip():
            return []  # missing or not text: the schema says so
        message = loi_ky_hieu(loai, ky_hieu)
        return [FieldError("/ky_hieu", message, "ky_hieu")] if message else []

    return check


def kiem_tra_loai(data: Mapping[str, Any]) -> list[FieldError]:
    """The check of a `van-ban`: `loai` is a type of Điều 7 laid out by Mẫu 1.4, and `ky_hieu`
    starts with its abbreviation (Phụ lục III, Mục I).

    >>> kiem_tra_loai({"loai": "hướng dẫn", "ky_hieu": "HD-SNV"})
    []
    >>> [(e.path, e.code) for e in kiem_tra_loai({"loai": "Hướng dẫn", "ky_hieu": "KH-SNV"})]
    [('/ky_hieu', 'ky_hieu')]
    >>> [(e.path, e.code) for e in kiem_tra_loai({"loai": "Giấy xác nhận", "ky_hieu": "GXN-SNV"})]
    [('/loai', 'loai')]
    >>> kiem_tra_loai({"loai": 5, "ky_hieu": None}), kiem_tra_loai({})
    ([], [])
    """
    text, ky_hieu = data.get("loai"), data.get("ky_hieu")
    if not isinstance(text, str) or not text.strip():
        return []  # missing or not text: the schema says so
    message = loi_loai(text)
    if message:
        return [FieldError("/loai", message, "loai")]
    if not isinstance(ky_hieu, str) or not ky_hieu.strip():
        return []
    message = loi_ky_hieu(tim_loai(text), ky_hieu)
    return [FieldError("/ky_hieu", message, "ky_hieu")] if message else []
