"""Pieces of the fixed wording of Phụ lục III's forms (giấy mời, giấy giới thiệu, giấy nghỉ
phép, biên bản): the issuing body inside a sentence, how a person is addressed, lists that
end each line with ``;`` and the last with ``.``, labelled lines.

Pure and null-tolerant: ``None`` gives the empty form.
"""

from __future__ import annotations

from collections.abc import Iterable

from service.domain.text import compact
from service.domain.tham_quyen import ten_tu_tham_quyen

DANH_XUNG = ("Ông", "Bà")


def ten_co_quan(co_quan_ban_hanh: str | None, ten_trong_cau: str | None = None) -> str:
    """The issuing body as it stands inside a sentence ("Sở Nội vụ trân trọng kính mời"):
    `ten_trong_cau` when the clerk typed one, else the CAPS heading in the capitalisation of
    Phụ lục II.

    >>> ten_co_quan("ỦY BAN NHÂN DÂN\\nTỈNH THÁI NGUYÊN")
    'Ủy ban nhân dân tỉnh Thái Nguyên'
    >>> ten_co_quan("SỞ NỘI VỤ")
    'Sở Nội vụ'
    >>> ten_co_quan("SỞ NỘI VỤ", "Sở Nội vụ tỉnh Thái Nguyên")
    'Sở Nội vụ tỉnh Thái Nguyên'
    >>> ten_co_quan(None)
    ''
    """
    typed = compact(ten_trong_cau)
    return typed or ten_tu_tham_quyen(compact(co_quan_ban_hanh))


def xung_ho(danh_xung: str | None, *, dau_cau: bool = False) -> str:
    """How the form addresses the person: ``ông``, ``bà``, or the sample's ``ông (bà)`` when
    the clerk did not say; capitalised at the start of a sentence.

    >>> xung_ho("Bà"), xung_ho(None), xung_ho(None, dau_cau=True), xung_ho("ông", dau_cau=True)
    ('bà', 'ông (bà)', 'Ông (bà)', 'Ông')
    """
    word = compact(danh_xung).lower()
    text = word if word in ("ông", "bà") else "ông (bà)"
    return text[0].upper() + text[1:] if dau_cau else text


def liet_ke(items: Iterable[str | None] | None, *, cuoi: str = ".") -> list[str]:
    """Entries of a list, each ending ``;`` and the last with `cuoi`; typed dashes and final
    punctuation replaced, blank entries dropped.

    >>> liet_ke(["- Ông A;", "", "Bà B."])
    ['- Ông A;', '- Bà B.']
    >>> liet_ke(None)
    []
    """
    clean = [compact(i).lstrip("-–+• ").rstrip(" ;.,") for i in items or []]
    clean = [c for c in clean if c]
    return [f"- {c}{cuoi if n == len(clean) - 1 else ';'}" for n, c in enumerate(clean)]


def cau(text: str | None) -> str:
    """A sentence ending with one full stop (typed ``;`` ``,`` ``.`` replaced).

    >>> cau("Đúng giờ"), cau("Đúng giờ.;"), cau("")
    ('Đúng giờ.', 'Đúng giờ.', '')
    """
    text = compact(text).rstrip(" ;,.")
    return f"{text}." if text else ""
