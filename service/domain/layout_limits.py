"""Limits that keep the decree's layout: how many printed lines a field may take.

A character count cannot say whether a title still leaves room on page 1: widths can. Each
limit here measures the field as it prints (Times New Roman advance widths, domain/do_rong.py,
at the size and weight the templates use, in the column it sits in, domain/page.py) and counts
the lines a word-wrapping printer makes. Above the limit, a problem in the clerk's words says
how many lines it takes and roughly how many characters fit.

Chosen limits (the decree is silent on numbers, its samples are short):

* trích yếu: 6 lines of 14 pt bold across the text block (about 400 characters): the header,
  the kind's name and the title then use about a third of page 1, the body starts on it;
  for a công văn (no kind name, the title after "V/v" under the Số line, 12 pt in the
  header's left column) 6 lines of that column;
* cơ quan chủ quản 3 lines and cơ quan ban hành 4 lines of 13 pt in the header's left column;
* ký hiệu: the Số line "Số: 9999/<ký hiệu>" on one line of that column;
* địa danh: the date line "<địa danh>, ngày 30 tháng 12 năm 2026" on 2 lines (14 pt italic) of
  the header's right column;
* người ký: the name on one line, the title on 2, each line of quyền hạn on 2 (14 pt bold, the
  signature column).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from service.domain.do_rong import do_rong_twips
from service.domain.page import CELL_MAR, HEAD_L, HEAD_R, SIGN_R, TEXT_W
from service.domain.text import thousands
from service.domain.validation import FieldError


def printed_lines(text: str, width: int, size_pt: float, *, bold: bool = False) -> int:
    """Lines `text` takes when printed `width` twips wide, words wrapped (line breaks kept).

    >>> printed_lines("Về việc A", 9355, 14, bold=True), printed_lines("", 9355, 14)
    (1, 0)
    >>> printed_lines("MỘT HAI\\nBA", 9355, 13), printed_lines("chữ " * 200, 9355, 14, bold=True)
    (2, 12)
    """
    count = 0
    space = do_rong_twips(" ", size_pt, dam=bold)
    for paragraph in text.split("\n"):
        words = paragraph.split()
        if not words:
            continue
        count += 1
        used = 0
        for word in words:
            w = do_rong_twips(word, size_pt, dam=bold)
            if used and used + space + w > width:
                count += 1
                used = 0
            while w > width:  # a word longer than the line breaks where it must
                count += 1
                w -= width
            used += (space if used else 0) + w
    return count


@dataclass(frozen=True)
class Limit:
    """At most `lines` printed lines of `template` (the field's text put in "{}") in a column
    `width` twips wide, at `size_pt`, bold or not."""

    path: tuple[str, ...]
    label: str
    width: int
    size_pt: float
    lines: int
    bold: bool = False
    template: str = "{}"
    why: str = "để giữ bố cục theo Nghị định 30"

    def chars(self) -> int:
        """About how many characters fit (for the message): average Vietnamese text."""
        sample = "Về việc triển khai thực hiện nhiệm vụ năm "
        per_line = self.width * len(sample) / max(1, do_rong_twips(sample, self.size_pt, dam=self.bold))
        return int(per_line * self.lines / 10) * 10


_HEAD_LEFT = HEAD_L - 2 * CELL_MAR
_HEAD_RIGHT = HEAD_R - 2 * CELL_MAR
_SIGN = SIGN_R - 2 * CELL_MAR
_PAGE_1 = "để trang 1 còn chỗ cho nội dung theo bố cục của Nghị định 30"

TRICH_YEU = Limit(("trich_yeu",), "Trích yếu", TEXT_W, 14, 6, bold=True, why=_PAGE_1)
TRICH_YEU_CONG_VAN = Limit(("trich_yeu",), "Trích yếu (V/v)", _HEAD_LEFT, 12, 6, why=_PAGE_1)
COMMON = (
    Limit(("co_quan_chu_quan",), "Cơ quan chủ quản", _HEAD_LEFT, 13, 3),
    Limit(("co_quan_ban_hanh",), "Cơ quan ban hành", _HEAD_LEFT, 13, 4, bold=True),
    Limit(("ky_hieu",), "Ký hiệu", _HEAD_LEFT, 13, 1, template="Số: 9999/{}"),
    Limit(("dia_danh",), "Địa danh", _HEAD_RIGHT, 14, 2, template="{}, ngày 30 tháng 12 năm 2026"),
    Limit(("nguoi_ky", "ho_ten"), "Họ và tên người ký", _SIGN, 14, 1, bold=True),
    Limit(("nguoi_ky", "chuc_vu"), "Chức vụ người ký", _SIGN, 14, 2, bold=True),
    Limit(("nguoi_ky", "quyen_han"), "Quyền hạn ký", _SIGN, 14, 2, bold=True),
)


def _values(data: Any, path: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    """(JSON Pointer, text) of the field; a list gives each entry."""
    value: Any = data
    for part in path:
        value = value.get(part) if isinstance(value, Mapping) else None
    pointer = "/" + "/".join(path)
    if isinstance(value, str):
        yield pointer, value
    elif isinstance(value, list):
        for i, entry in enumerate(value):
            if isinstance(entry, str):
                yield f"{pointer}/{i}", entry


def layout_problems(data: Mapping[str, Any], *, cong_van: bool = False) -> list[FieldError]:
    """Fields that would break the decree's layout, each with the clerk's message.

    >>> [e.path for e in layout_problems({"trich_yeu": "Về việc " * 300, "ky_hieu": "KH-UBND"})]
    ['/trich_yeu']
    >>> layout_problems({"trich_yeu": "Về việc tặng Bằng khen", "nguoi_ky": {"ho_ten": "Lê Văn A"}})
    []
    """
    problems = []
    for limit in (TRICH_YEU_CONG_VAN if cong_van else TRICH_YEU, *COMMON):
        for pointer, text in _values(data, limit.path):
            lines = printed_lines(limit.template.format(text), limit.width, limit.size_pt, bold=limit.bold)
            if lines > limit.lines:
                problems.append(
                    FieldError(
                        pointer,
                        f"{limit.label} quá dài: khi in chiếm {lines} dòng, tối đa {limit.lines} dòng "
                        f"(khoảng {thousands(limit.chars())} ký tự) {limit.why}; hãy rút gọn "
                        f"(đang có {thousands(len(text))} ký tự).",
                        "layout",
                    )
                )
    return problems
