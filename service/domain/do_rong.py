"""Estimated printed width of short lines, for the rules (đường kẻ) the decree sizes by text.

The decree sizes two rules by the text above them: under the issuing body "từ 1/3 đến 1/2
độ dài của dòng chữ", under the Tiêu ngữ "bằng độ dài của dòng chữ". Word cannot size a
border by its text, so the service estimates the width from Times New Roman advance widths
(units per 1,000 em, the public Times metrics; Liberation Serif has the same metrics).
Vietnamese letters take the width of their base letter.
"""

from __future__ import annotations

import functools
import unicodedata

# Advance widths (1/1000 em) of Times-Roman and Times-Bold for the characters that matter.
_REGULAR = dict(
    zip(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 -,.:;()/",
        [
            722,
            667,
            667,
            722,
            611,
            556,
            722,
            722,
            333,
            389,
            722,
            611,
            889,
            722,
            722,
            556,
            722,
            667,
            556,
            611,
            722,
            722,
            944,
            722,
            722,
            611,
            444,
            500,
            444,
            500,
            444,
            333,
            500,
            500,
            278,
            278,
            500,
            278,
            778,
            500,
            500,
            500,
            500,
            333,
            389,
            278,
            500,
            500,
            722,
            500,
            500,
            444,
        ]
        + [500] * 10
        + [250, 333, 250, 250, 278, 278, 333, 333, 278],
        strict=True,
    )
)
_BOLD = dict(
    zip(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 -,.:;()/",
        [
            722,
            667,
            722,
            722,
            667,
            611,
            778,
            778,
            389,
            500,
            778,
            667,
            944,
            722,
            778,
            611,
            778,
            722,
            556,
            667,
            722,
            722,
            1000,
            722,
            722,
            667,
            500,
            556,
            444,
            556,
            444,
            333,
            500,
            556,
            278,
            333,
            556,
            278,
            833,
            556,
            500,
            556,
            556,
            444,
            389,
            333,
            556,
            500,
            722,
            500,
            500,
            444,
        ]
        + [500] * 10
        + [250, 333, 250, 250, 333, 333, 333, 333, 278],
        strict=True,
    )
)

TWIPS_PER_POINT = 20


def _base_letter(ch: str) -> str:
    if ch in "đĐ":
        return "d" if ch == "đ" else "D"
    return unicodedata.normalize("NFD", ch)[0]


def do_rong_twips(text: str, size_pt: float, *, dam: bool = False) -> int:
    """Estimated width of one line of text, in twips (1/20 pt).

    >>> do_rong_twips("SỞ NỘI VỤ", 13, dam=True)
    1343
    >>> do_rong_twips("", 13)
    0
    """
    return _width(text, size_pt, dam)


@functools.lru_cache(maxsize=8192)
def _width(text: str, size_pt: float, dam: bool) -> int:
    # Cached: a batch repeats the same issuing bodies and reference lines thousands of times.
    table = _BOLD if dam else _REGULAR
    units = sum(table.get(_base_letter(ch), 556) for ch in text)
    return round(units * size_pt * TWIPS_PER_POINT / 1000)


def do_dai_gach(
    dong: list[str],
    size_pt: float,
    *,
    ti_le: float = 0.4,
    dam: bool = True,
    toi_da: int | None = None,
) -> int:
    """Length in twips of a short rule under lines of text: `ti_le` of the longest line.

    The decree asks for 1/3 to 1/2 of the line; 0.4 sits inside that range.

    >>> do_dai_gach(["ỦY BAN NHÂN DÂN", "TỈNH THÁI NGUYÊN"], 13)
    1034
    >>> do_dai_gach([], 13)
    0
    >>> do_dai_gach(["X" * 200], 14, toi_da=9000)
    3600
    """
    widest = max((do_rong_twips(d, size_pt, dam=dam) for d in dong), default=0)
    if toi_da is not None:
        widest = min(widest, toi_da)
    return round(widest * ti_le)
