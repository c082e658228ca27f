"""The body of a document (`noi_dung`) as a list of styled blocks.

Two input forms give the same blocks:

* outline text, one paragraph a line, whose markers (``I.``, ``1.``, ``a)``, ``-``, ``+``)
  are recognised and kept exactly as typed (nd30-style.md §5, api-contract "Body text");
* a structured list of nodes, numbered by the service (Roman mục, Arabic khoản restarting
  in each mục, Vietnamese điểm letters restarting in each khoản), with simple tables.

A block is a plain dict ``{"kieu": <level>, "text": <str>}`` (tables: ``{"kieu": "bang",
"tieu_de": [...], "dong": [[...]]}``); levels: muc, khoan_tieu_de, khoan, diem, gach, cong,
doan, bang.
"""

from __future__ import annotations

import re
from typing import Any

from service.domain.text import compact, with_end_mark
from service.domain.vn_format import (
    DIEM_LETTERS,
    chu_cai_diem,
    la_ma_sang_so,
    nfc,
    so_la_ma,
)

Block = dict[str, Any]

_ROMAN = re.compile(r"^([IVXLCDM]+)\.\s+\S")
_ARABIC = re.compile(r"^\d{1,3}(?:\.\d{1,3})*\.\s+\S")
_LETTER = re.compile(r"^([a-zđ]{1,2})\)\s+\S")
_DASH = re.compile(r"^[-–]\s+\S")
_PLUS = re.compile(r"^\+\s+\S")
_TITLE_END = (".", ":", ";", "!", "?", "./.")
MAX_TIEU_DE = 250  # a khoản line longer than this is a sentence, not a title

_LETTERS = set(DIEM_LETTERS)


def line_kind(line: str) -> str:
    """The outline level of one line of body text.

    >>> line_kind("I. MỤC ĐÍCH, YÊU CẦU")
    'muc'
    >>> line_kind("1. Mục đích")
    'khoan_tieu_de'
    >>> line_kind("1. Tăng cường thanh tra, kiểm tra.")
    'khoan'
    >>> line_kind("đ) Tham mưu phát động phong trào")
    'diem'
    >>> line_kind("- Phải có ý thức")
    'gach'
    >>> line_kind("+ Ý nhỏ")
    'cong'
    >>> line_kind("Thời gian hoàn thành: Thường xuyên.")
    'doan'
    >>> line_kind("IIII. not a numeral")
    'doan'
    >>> line_kind("f) f is no Vietnamese điểm letter")
    'doan'
    """
    m = _ROMAN.match(line)
    if m and la_ma_sang_so(m.group(1)) is not None:
        return "muc"
    if _ARABIC.match(line):
        stripped = line.rstrip()
        if len(stripped) <= MAX_TIEU_DE and not stripped.endswith(_TITLE_END):
            return "khoan_tieu_de"
        return "khoan"
    m = _LETTER.match(line)
    if m and all(ch in _LETTERS for ch in m.group(1)):
        return "diem"
    if _DASH.match(line):
        return "gach"
    if _PLUS.match(line):
        return "cong"
    return "doan"


def from_text(text: str) -> list[Block]:
    """Blocks of outline text: one per non-blank line, markers kept as typed.

    >>> [(k["kieu"], k["text"]) for k in from_text("I. NỘI DUNG\\n\\n1. Mục đích\\n  a) Việc một;  ")]
    [('muc', 'I. NỘI DUNG'), ('khoan_tieu_de', '1. Mục đích'), ('diem', 'a) Việc một;')]
    """
    blocks = []
    for raw in nfc(text).split("\n"):
        line = " ".join(raw.split())
        if line:
            blocks.append({"kieu": line_kind(line), "text": line})
    return blocks


def from_structure(nodes: list[Any]) -> list[Block]:
    """Blocks of the structured form, numbered by the service.

    >>> body = [{"muc": "MỤC ĐÍCH", "noi_dung": [
    ...     {"khoan": "Mục đích", "noi_dung": [{"diem": "Một"}, {"diem": "Hai"}]},
    ...     {"khoan": "Yêu cầu chung."}]},
    ...     {"muc": "NỘI DUNG", "noi_dung": [{"khoan": "Khoản mới"}, "Đoạn văn."]}]
    >>> [k["text"] for k in from_structure(body)]
    ['I. MỤC ĐÍCH', '1. Mục đích', 'a) Một', 'b) Hai', '2. Yêu cầu chung.', 'II. NỘI DUNG', '1. Khoản mới', 'Đoạn văn.']
    >>> [k["kieu"] for k in from_structure(body)][:5]
    ['muc', 'khoan_tieu_de', 'diem', 'diem', 'khoan']
    """
    out: list[Block] = []
    counters = {"muc": 0, "khoan": 0, "diem": 0}
    _walk(nodes, out, counters)
    return out


def _walk(nodes: list[Any], out: list[Block], counters: dict[str, int]) -> None:
    for node in nodes:
        if isinstance(node, str):
            text = " ".join(nfc(node).split())
            if text:
                out.append({"kieu": "doan", "text": text})
            continue
        children = node.get("noi_dung") or []
        if "bang" in node:
            bang = node["bang"]
            out.append(
                {
                    "kieu": "bang",
                    "tieu_de": [nfc(c) for c in bang.get("tieu_de") or []],
                    "dong": [[nfc(c) for c in row] for row in bang.get("dong") or []],
                }
            )
        elif "muc" in node:
            counters.update(muc=counters["muc"] + 1, khoan=0, diem=0)
            out.append(
                {
                    "kieu": "muc",
                    "text": f"{so_la_ma(counters['muc'])}. {compact(node['muc'])}",
                }
            )
        elif "khoan" in node:
            counters.update(khoan=counters["khoan"] + 1, diem=0)
            text = compact(node["khoan"])
            titled = bool(children) or not text.endswith(_TITLE_END)
            out.append(
                {
                    "kieu": "khoan_tieu_de" if titled else "khoan",
                    "text": f"{counters['khoan']}. {text}",
                }
            )
        elif "diem" in node:
            counters["diem"] += 1
            out.append(
                {
                    "kieu": "diem",
                    "text": f"{chu_cai_diem(counters['diem'])}) {compact(node['diem'])}",
                }
            )
        elif "gach" in node:
            out.append({"kieu": "gach", "text": f"- {compact(node['gach'])}"})
        elif "cong" in node:
            out.append({"kieu": "cong", "text": f"+ {compact(node['cong'])}"})
        else:
            out.append({"kieu": "doan", "text": compact(node.get("doan", ""))})
        _walk(children, out, counters)


def khoi_noi_dung(noi_dung: str | list[Any] | None) -> list[Block]:
    """Blocks of either form of `noi_dung`; the last text block ends with the end mark ``./.``.

    >>> [k["text"] for k in khoi_noi_dung("Câu một.\\nCâu cuối.")]
    ['Câu một.', 'Câu cuối./.']
    >>> khoi_noi_dung(None)
    []
    """
    if not noi_dung:
        return []
    blocks = from_text(noi_dung) if isinstance(noi_dung, str) else from_structure(noi_dung)
    return end_with_mark(blocks)


def end_with_mark(blocks: list[Block]) -> list[Block]:
    """Put the end mark ``./.`` after the last paragraph (the decree's samples all end so).

    >>> [k["text"] for k in end_with_mark([{"kieu": "doan", "text": "Xong"}])]
    ['Xong./.']
    >>> [k["text"] for k in end_with_mark([{"kieu": "doan", "text": "Xong./."}])]
    ['Xong./.']
    """
    for block in reversed(blocks):
        if block["kieu"] == "bang":
            continue
        block["text"] = with_end_mark(block["text"])
        break
    return blocks


def as_text(value: Any) -> str:
    """A body or an article given in structured form as the outline text a clerk would type
    in a text area: each block one line with its marker, so that reading the text back gives
    the same blocks. A table becomes lines of cells separated by `` | `` (a text area has no
    table). An article ``{"tieu_de", "noi_dung"}`` is its title line, then its body.

    >>> print(as_text([{"muc": "MỤC ĐÍCH", "noi_dung": [{"khoan": "Một", "noi_dung": [{"diem": "Hai"}]}]}]))
    I. MỤC ĐÍCH
    1. Một
    a) Hai
    >>> print(as_text({"tieu_de": "Phạm vi", "noi_dung": [{"khoan": "A."}, {"khoan": "B."}]}))
    Phạm vi
    1. A.
    2. B.
    >>> print(as_text([{"bang": {"tieu_de": ["Việc", "Tiền"], "dong": [["Tập huấn", "1.500"]]}}]))
    Việc | Tiền
    Tập huấn | 1.500
    >>> as_text("Đã là văn bản"), as_text(None), as_text(5)
    ('Đã là văn bản', '', '5')
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if (
        isinstance(value, dict)
        and "noi_dung" in value
        and not any(key in value for key in ("muc", "khoan", "diem", "gach", "cong", "doan", "bang"))
    ):
        title = compact(str(value.get("tieu_de") or ""))
        body = as_text(value.get("noi_dung"))
        return "\n".join(part for part in (title, body) if part)
    if isinstance(value, dict):
        value = [value]
    if not isinstance(value, list):
        return str(value)
    lines: list[str] = []
    for block in from_structure([v for v in value if isinstance(v, (str, dict))]):
        if block["kieu"] == "bang":
            lines += [" | ".join(row) for row in [block["tieu_de"], *block["dong"]] if row]
        else:
            lines.append(block["text"])
    return "\n".join(lines)
