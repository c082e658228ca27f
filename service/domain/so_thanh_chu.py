"""Amounts in words, the formal (accounting) style of Vietnamese administrative text.

Rules, as written in invoices and decisions ("Bằng chữ: …"):

* groups of three digits from the right, units "", "nghìn", "triệu"; above a
  billion the part in billions is read on its own and followed by "tỷ"
  (10**12 → "một nghìn tỷ", 10**15 → "một triệu tỷ", 1_500 * 10**9 → "một
  nghìn năm trăm tỷ");
* a group after the leading one always says its hundreds, even "không trăm";
  an all-zero group is skipped;
* "linh" (or "lẻ") between a hundreds word and a lone units digit;
* "mười" for 10–19, "mươi" for 20–99, "lăm" for a units 5 and "mốt" for a
  units 1 after "mươi"; 4 is always "bốn".

num2words is not used: it drops "không trăm" (2024 → "hai nghìn lẻ hai mươi bốn").
"""

from __future__ import annotations

import unicodedata

GIOI_HAN = 10**18  # amounts must satisfy abs(n) < GIOI_HAN
_TY = 10**9
_CHU_SO = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_DON_VI = ("triệu", "nghìn", "")  # units of the three groups below a billion
TU_VUNG = frozenset(
    {*_CHU_SO, "mười", "mươi", "mốt", "lăm", "trăm", "linh", "lẻ"} | {"nghìn", "triệu", "tỷ", "âm"}
)  # every word so_thanh_chu may produce


def _three_digits(n: int, day_du: bool, linh: str) -> list[str]:
    """Words for a group 1..999; ``day_du`` says the hundreds even when zero."""
    tram, chuc, don_vi = n // 100, n // 10 % 10, n % 10
    words: list[str] = []
    if day_du or tram:
        words += [_CHU_SO[tram], "trăm"]
    if chuc == 0:
        if don_vi:
            words += [linh, _CHU_SO[don_vi]] if words else [_CHU_SO[don_vi]]
    elif chuc == 1:
        words.append("mười")
        if don_vi:
            words.append("lăm" if don_vi == 5 else _CHU_SO[don_vi])
    else:
        words += [_CHU_SO[chuc], "mươi"]
        if don_vi:
            words.append({1: "mốt", 5: "lăm"}.get(don_vi, _CHU_SO[don_vi]))
    return words


def _read_number(n: int, dau: bool, linh: str) -> list[str]:
    """Words for 0 < n < 10**18; ``dau`` is True for the leading part of the number."""
    if n >= _TY:
        cao, thap = divmod(n, _TY)
        words = [*_read_number(cao, dau, linh), "tỷ"]
        return words + _read_number(thap, False, linh) if thap else words
    words: list[str] = []
    groups = (n // 10**6, n // 1000 % 1000, n % 1000)
    for group, unit in zip(groups, _DON_VI, strict=True):
        if group:
            words += _three_digits(group, day_du=not dau or bool(words), linh=linh)
            if unit:
                words.append(unit)
    return words


def so_thanh_chu(n: int | None, linh: str = "linh") -> str:
    """An integer in words, lower case; ``linh="lẻ"`` for the southern variant.

    ``None`` gives ``""``; a bool, float or string raises TypeError; an amount
    of 10**18 or more (either sign) raises ValueError.

    >>> so_thanh_chu(2024)
    'hai nghìn không trăm hai mươi bốn'
    >>> so_thanh_chu(1005000)
    'một triệu không trăm linh năm nghìn'
    >>> so_thanh_chu(1000005)
    'một triệu không trăm linh năm'
    >>> so_thanh_chu(1005, linh="lẻ")
    'một nghìn không trăm lẻ năm'
    >>> so_thanh_chu(21), so_thanh_chu(15), so_thanh_chu(55), so_thanh_chu(0)
    ('hai mươi mốt', 'mười lăm', 'năm mươi lăm', 'không')
    >>> so_thanh_chu(-1500)
    'âm một nghìn năm trăm'
    >>> so_thanh_chu(10**12)
    'một nghìn tỷ'
    """
    if n is None:
        return ""
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"expected an int, got {type(n).__name__}")
    linh = unicodedata.normalize("NFC", linh) if isinstance(linh, str) else linh
    if linh not in ("linh", "lẻ"):
        raise ValueError(f'linh must be "linh" or "lẻ", got {linh!r}')
    if abs(n) >= GIOI_HAN:
        raise ValueError(f"amount out of range: abs(n) must be below 10**18, got {n}")
    if n == 0:
        return "không"
    words = _read_number(abs(n), True, linh)
    return " ".join(["âm", *words] if n < 0 else words)


def so_tien_bang_chu(n: int | None, linh: str = "linh") -> str:
    """An amount of money in words: capitalised, followed by "đồng".

    >>> so_tien_bang_chu(1500000)
    'Một triệu năm trăm nghìn đồng'
    >>> so_tien_bang_chu(105, linh="lẻ")
    'Một trăm lẻ năm đồng'
    >>> so_tien_bang_chu(None)
    ''
    """
    words = so_thanh_chu(n, linh)
    if not words:
        return ""
    return f"{words[0].upper()}{words[1:]} đồng"
