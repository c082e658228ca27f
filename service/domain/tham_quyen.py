"""An authority line in running text, with the capitalisation of Phụ lục II.

Used for the "của …" part of a danh sách reference line when the client gives none: the
CAPS authority of a decision ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN") becomes "Chủ tịch
Ủy ban nhân dân tỉnh Thái Nguyên". A heuristic, documented in `ten_tu_tham_quyen`.
"""

from __future__ import annotations

import functools
import re

from service.domain.text import compact
from service.domain.vn_format import nfc

# --- authority in running text (Phụ lục II capitalisation) ------------------

# Fixed phrases in their proper form: titles and collective bodies.
_FIXED = (
    "Phó Chủ tịch Thường trực", "Phó Chủ tịch", "Chủ tịch", "Phó Tổng Giám đốc",
    "Tổng Giám đốc", "Phó Giám đốc", "Giám đốc", "Phó Thủ tướng Chính phủ",
    "Thủ tướng Chính phủ", "Phó Thủ tướng", "Thủ tướng", "Bộ trưởng", "Thứ trưởng",
    "Phó Tổng cục trưởng", "Tổng cục trưởng", "Phó Cục trưởng", "Cục trưởng",
    "Phó Vụ trưởng", "Vụ trưởng", "Viện trưởng", "Hiệu trưởng", "Chủ nhiệm",
    "Phó Chánh Văn phòng", "Chánh Văn phòng", "Phó Chánh Thanh tra", "Chánh Thanh tra",
    "Phó Trưởng phòng", "Trưởng phòng", "Phó Trưởng ban", "Trưởng ban", "Chánh án",
    "Ủy ban Mặt trận Tổ quốc Việt Nam", "Ủy ban nhân dân", "Uỷ ban nhân dân",
    "Hội đồng nhân dân", "Chính phủ", "Quốc hội", "Văn phòng", "Thanh tra", "Công an",
    "Tỉnh ủy", "Tỉnh uỷ", "Thành ủy", "Thành uỷ", "Đảng ủy", "Đảng uỷ", "Nhà nước",
    "Việt Nam", "Thủ đô Hà Nội", "Thành phố Hồ Chí Minh", "Bộ phận",
)  # fmt: skip
# Body words followed by a name whose first word is capitalised: Sở Nội vụ.
_BODY = (
    "Tổng cục", "Chi cục", "Hội đồng", "Trung tâm", "Sở", "Bộ", "Ban", "Cục", "Vụ",
    "Viện", "Phòng", "Đài", "Trường",
)  # fmt: skip
# Administrative unit words, lower case before a Title Case name.
_UNIT = (
    "thành phố", "thị xã", "thị trấn", "đặc khu", "tỉnh", "huyện", "quận", "xã",
    "phường", "TP.",
)  # fmt: skip
_NOT_UNIT = {("XÃ", "HỘI")}  # "Lao động - Thương binh và Xã hội"
_KEEP = {"UBND", "HĐND", "MTTQ", "TW"}  # abbreviations kept in CAPS
_NAME_SPECIAL = {
    "công thương": "Công Thương",
    "việt nam": "Việt Nam",
    "nhà nước": "Nhà nước",
}
_SEPARATORS = {"VÀ", "-", "–", "—"}
# Body words that open a new body inside a run, unless they end a common word:
# "TỔ CHỨC CÁN BỘ SỞ NỘI VỤ" splits before SỞ, not before BỘ.
_INNER_BODY = {"SỞ": {"CƠ"}, "BỘ": {"CÁN", "ĐỒNG", "TOÀN", "NỘI", "SƠ", "THIẾT"}}


def _phrases(forms: tuple[str, ...]) -> list[tuple[list[str], str]]:
    table = [(f.upper().split(), f) for f in forms]
    return sorted(table, key=lambda entry: -len(entry[0]))


_FIXED_TABLE = _phrases(_FIXED)
_BODY_TABLE = _phrases(_BODY)
_UNIT_TABLE = _phrases(_UNIT)


def _match(tokens: list[str], i: int, table: list[tuple[list[str], str]]) -> tuple[int, str] | None:
    for words, form in table:
        if tokens[i : i + len(words)] == words:
            if table is _UNIT_TABLE and tuple(tokens[i : i + 2]) in _NOT_UNIT:
                continue
            return len(words), form
    return None


def _capitalise(word: str) -> str:
    for k, c in enumerate(word):
        if c.isalpha():
            return word[:k] + c.upper() + word[k + 1 :].lower()
    return word


def _keep_or(word: str, form: str) -> str:
    return word if word in _KEEP or any(c.isdigit() for c in word) else form


def _name_words(words: list[str], title_case: bool) -> str:
    """Title Case (unit names) or capitalised components (body names)."""
    out: list[str] = []
    start = True
    for word in words:
        if title_case or start:
            out.append(_keep_or(word, _capitalise(word)))
        else:
            out.append(_keep_or(word, word.lower()))
        start = word in _SEPARATORS or word.endswith(",")
    text = " ".join(out)
    for plain, proper in _NAME_SPECIAL.items():
        text = re.sub(rf"(?<!\w){plain}(?!\w)", proper, text, flags=re.IGNORECASE)
    return text


def _run_end(tokens: list[str], i: int, *, unit_name: bool) -> int:
    """End of the name starting at ``i``: before a unit word, fixed phrase or new body.

    The first word of a unit name may itself be a unit word (a ward called
    "Xã Đàn"); a unit name also ends after a word carrying a comma.
    """
    j = i
    if unit_name and i < len(tokens) and not _match(tokens, i, _FIXED_TABLE):
        j = i + 1
        if tokens[i].endswith(","):
            return j
    while j < len(tokens):
        if _match(tokens, j, _UNIT_TABLE) or _match(tokens, j, _FIXED_TABLE):
            break
        word = tokens[j]
        if j > i and word in _INNER_BODY and tokens[j - 1] not in _INNER_BODY[word]:
            break
        j += 1
        if unit_name and tokens[j - 1].endswith(","):
            break
    return min(j, len(tokens))


def ten_tu_tham_quyen(tham_quyen: str | None) -> str:
    """Turn a CAPS authority line into the running-text form of Phụ lục II.

    This is a heuristic: a table of known titles and bodies (Chủ tịch, Giám
    đốc, Bộ trưởng, Ủy ban nhân dân, …), body words (Sở, Bộ, Ban, Cục, …) whose
    name gets a capital on its first word and after "và", "-" or ",", and
    administrative unit words (tỉnh, xã, …) kept lower case before a Title Case
    name, capitalised before a number.  Unknown words are read as a body name.
    Text that is not all CAPS is returned as typed (NFC, spaces collapsed).

    >>> ten_tu_tham_quyen("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN")
    'Chủ tịch Ủy ban nhân dân tỉnh Thái Nguyên'
    >>> ten_tu_tham_quyen("GIÁM ĐỐC SỞ NỘI VỤ")
    'Giám đốc Sở Nội vụ'
    >>> ten_tu_tham_quyen("ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH")
    'Ủy ban nhân dân Thành phố Hồ Chí Minh'
    >>> ten_tu_tham_quyen("CHỦ TỊCH ỦY BAN NHÂN DÂN PHƯỜNG 1")
    'Chủ tịch Ủy ban nhân dân Phường 1'
    >>> ten_tu_tham_quyen("BỘ TRƯỞNG BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI")
    'Bộ trưởng Bộ Lao động - Thương binh và Xã hội'
    >>> ten_tu_tham_quyen("Chủ tịch UBND tỉnh")
    'Chủ tịch UBND tỉnh'
    """
    return _ten_tu_tham_quyen(tham_quyen)


@functools.lru_cache(maxsize=4096)
def _ten_tu_tham_quyen(tham_quyen: str | None) -> str:
    text = compact(tham_quyen)
    if text != text.upper() or text == text.lower():
        return text
    tokens = text.split()
    out: list[str] = []
    i = 0
    while i < len(tokens):
        if fixed := _match(tokens, i, _FIXED_TABLE):
            out.append(fixed[1])
            i += fixed[0]
        elif body := _match(tokens, i, _BODY_TABLE):
            out.append(body[1])
            j = _run_end(tokens, i + body[0], unit_name=False)
            if j > i + body[0]:
                out.append(_name_words(tokens[i + body[0] : j], title_case=False))
            i = j
        elif unit := _match(tokens, i, _UNIT_TABLE):
            start = i + unit[0]
            j = _run_end(tokens, start, unit_name=True)
            name = tokens[start:j]
            numbered = bool(name) and name[0][0].isdigit()
            out.append(unit[1][0].upper() + unit[1][1:] if numbered else unit[1])
            if name:
                out.append(_name_words(name, title_case=True))
            i = j
        else:
            j = max(_run_end(tokens, i, unit_name=False), i + 1)
            out.append(_name_words(tokens[i:j], title_case=False))
            i = j
    return nfc(" ".join(out))
