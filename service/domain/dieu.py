"""Articles (Điều) as body blocks: the Điều of a decision (Mẫu 1.2, 1.3) and the Chương / Mục /
Điều structure of a document issued with a decision (Mẫu 1.3, nd30-style.md §5).

Blocks are those of service.domain.outline plus:

* ``dieu``: ``{"nhan": "Điều 1.", "text": …}`` — bold label, upright text on the same line;
* ``dieu_tieu_de``: ``{"nhan": "Điều 1.", "text": "Phạm vi điều chỉnh"}`` — the whole line bold;
* ``chuong`` / ``muc_so``: ``Chương I`` / ``Mục 1`` on a line of their own, bold, centred;
* ``chuong_ten`` / ``muc_ten``: the title of a chương or mục, CAPS, bold, centred.

Điều are numbered through the document, khoản restart in each Điều and điểm in each khoản.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from service.domain.outline import Block, end_with_mark, from_structure, from_text
from service.domain.text import compact
from service.domain.vn_format import la_ma_sang_so, nfc, so_la_ma, viet_hoa


def _lines(text: Any) -> list[str]:
    return [" ".join(line.split()) for line in nfc(text).split("\n") if line.strip()]


def _body(noi_dung: Any) -> list[Block]:
    if isinstance(noi_dung, str):
        return from_text(noi_dung)
    if isinstance(noi_dung, list):
        return from_structure(noi_dung)
    return []


def khoi_dieu(dieu: list[Any] | None) -> list[Block]:
    """The articles of a decision as blocks; the last text ends with ``./.``.

    A Điều is a string (its first line follows the label, further lines are read as outline:
    ``1.`` khoản, ``a)`` điểm …) or ``{"tieu_de"?, "noi_dung"}`` (a title makes the whole line
    bold; the body is outline text or the structured form, numbered within the Điều).

    >>> [(k["kieu"], k.get("nhan"), k["text"]) for k in khoi_dieu(["Một.", "Hai:\\n1. Khoản"])]
    [('dieu', 'Điều 1.', 'Một.'), ('dieu', 'Điều 2.', 'Hai:'), ('khoan_tieu_de', None, '1. Khoản./.')]
    >>> out = khoi_dieu([{"tieu_de": "Phạm vi", "noi_dung": [{"khoan": "A."}, {"khoan": "B."}]},
    ...                  {"noi_dung": "Giao Sở Nội vụ.\\na) Việc một."}])
    >>> [(k["kieu"], k.get("nhan"), k["text"]) for k in out]  # doctest: +NORMALIZE_WHITESPACE
    [('dieu_tieu_de', 'Điều 1.', 'Phạm vi'), ('khoan', None, '1. A.'), ('khoan', None, '2. B.'),
     ('dieu', 'Điều 2.', 'Giao Sở Nội vụ.'), ('diem', None, 'a) Việc một./.')]
    """
    out: list[Block] = []
    n = 0
    for entry in dieu or []:
        if isinstance(entry, Mapping):
            title = compact(nfc(entry.get("tieu_de")))
            blocks = _body(entry.get("noi_dung"))
        else:
            lines = _lines(entry)
            title, blocks = (
                "",
                [{"kieu": "doan", "text": lines[0]}, *from_text("\n".join(lines[1:]))] if lines else [],
            )
        if not title and not blocks:
            continue
        n += 1
        label = f"Điều {n}."
        if title:
            out.append({"kieu": "dieu_tieu_de", "nhan": label, "text": title})
        elif blocks[0]["kieu"] == "doan":
            out.append({"kieu": "dieu", "nhan": label, "text": blocks.pop(0)["text"]})
        else:
            out.append({"kieu": "dieu", "nhan": label, "text": ""})
        out.extend(blocks)
    return end_with_mark(out)


_CHUONG = re.compile(r"^Chương\s+([IVXLCDM]+)\b\.?\s*(.*)$", re.IGNORECASE)
_MUC = re.compile(r"^Mục\s+(\d{1,3})\b\.?\s*(.*)$", re.IGNORECASE)
_DIEU = re.compile(r"^Điều\s+(\d{1,4})\s*\.\s*(.*)$", re.IGNORECASE)


def _title_after(lines: list[str], i: int, inline: str) -> tuple[str, int]:
    """The title of a chương or mục: typed on its line, else the next line when it is in CAPS."""
    if inline:
        return inline, i + 1
    if i + 1 < len(lines) and lines[i + 1] == lines[i + 1].upper() and not _DIEU.match(lines[i + 1]):
        return lines[i + 1], i + 2
    return "", i + 1


def van_ban_from_text(text: str) -> list[Block]:
    """Blocks of an issued document typed as text: ``Chương I`` (its title on the same line or
    the next, in CAPS), ``Mục 1``, ``Điều 1. Tiêu đề`` lines, everything else outline text.
    Numbers stay as typed.

    >>> body = "Chương I\\nQUY ĐỊNH CHUNG\\nĐiều 1. Phạm vi điều chỉnh\\nQuy chế này quy định.\\n1. Khoản."
    >>> [(k["kieu"], k["text"]) for k in van_ban_from_text(body)]  # doctest: +NORMALIZE_WHITESPACE
    [('chuong', 'Chương I'), ('chuong_ten', 'QUY ĐỊNH CHUNG'), ('dieu_tieu_de', 'Phạm vi điều chỉnh'),
     ('doan', 'Quy chế này quy định.'), ('khoan', '1. Khoản.')]
    """
    lines = _lines(text)
    out: list[Block] = []
    pending: list[str] = []

    def flush() -> None:
        out.extend(from_text("\n".join(pending)))
        pending.clear()

    i = 0
    while i < len(lines):
        line = lines[i]
        for pattern, kind in ((_CHUONG, "chuong"), (_MUC, "muc_so")):
            m = pattern.match(line)
            if m and (kind != "chuong" or la_ma_sang_so(m.group(1).upper()) is not None):
                flush()
                word = "Chương" if kind == "chuong" else "Mục"
                number = m.group(1).upper() if kind == "chuong" else m.group(1)
                out.append({"kieu": kind, "text": f"{word} {number}"})
                title, i = _title_after(lines, i, m.group(2))
                if title:
                    out.append(
                        {"kieu": "chuong_ten" if kind == "chuong" else "muc_ten", "text": viet_hoa(title)}
                    )
                break
        else:
            m = _DIEU.match(line)
            if m:
                flush()
                out.append({"kieu": "dieu_tieu_de", "nhan": f"Điều {m.group(1)}.", "text": m.group(2)})
            else:
                pending.append(line)
            i += 1
    flush()
    return out


def van_ban_from_structure(nodes: list[Any]) -> list[Block]:
    """Blocks of an issued document in the structured form, numbered by the service: Chương in
    Roman numerals, Mục from 1 in each chương, Điều from 1 through the document.

    >>> body = [{"chuong": "Quy định chung", "noi_dung": [
    ...     {"dieu": "Phạm vi", "noi_dung": ["Quy chế này.", {"khoan": "Một."}]},
    ...     {"muc": "Tổ chức", "noi_dung": [{"dieu": "Thành phần", "noi_dung": [{"khoan": "Hai."}]}]}]}]
    >>> [(k["kieu"], k.get("nhan", ""), k["text"]) for k in van_ban_from_structure(body)]  # doctest: +NORMALIZE_WHITESPACE
    [('chuong', '', 'Chương I'), ('chuong_ten', '', 'QUY ĐỊNH CHUNG'),
     ('dieu_tieu_de', 'Điều 1.', 'Phạm vi'), ('doan', '', 'Quy chế này.'), ('khoan', '', '1. Một.'),
     ('muc_so', '', 'Mục 1'), ('muc_ten', '', 'TỔ CHỨC'), ('dieu_tieu_de', 'Điều 2.', 'Thành phần'),
     ('khoan', '', '1. Hai.')]
    """
    out: list[Block] = []
    counters = {"chuong": 0, "muc": 0, "dieu": 0}

    def walk(items: list[Any]) -> None:
        loose: list[Any] = []

        def flush() -> None:
            out.extend(from_structure(loose))
            loose.clear()

        for node in items:
            if isinstance(node, Mapping) and "chuong" in node:
                flush()
                counters.update(chuong=counters["chuong"] + 1, muc=0)
                out.append({"kieu": "chuong", "text": f"Chương {so_la_ma(counters['chuong'])}"})
                if compact(nfc(node["chuong"])):
                    out.append({"kieu": "chuong_ten", "text": viet_hoa(compact(nfc(node["chuong"])))})
                walk(node.get("noi_dung") or [])
            elif isinstance(node, Mapping) and "muc" in node and counters["chuong"]:
                flush()
                counters["muc"] += 1
                out.append({"kieu": "muc_so", "text": f"Mục {counters['muc']}"})
                if compact(nfc(node["muc"])):
                    out.append({"kieu": "muc_ten", "text": viet_hoa(compact(nfc(node["muc"])))})
                walk(node.get("noi_dung") or [])
            elif isinstance(node, Mapping) and "dieu" in node:
                flush()
                counters["dieu"] += 1
                title = compact(nfc(node["dieu"]))
                out.append({"kieu": "dieu_tieu_de", "nhan": f"Điều {counters['dieu']}.", "text": title})
                out.extend(from_structure(node.get("noi_dung") or []))
            else:
                loose.append(node)
        flush()

    walk(nodes)
    return out


def khoi_van_ban(noi_dung: Any) -> list[Block]:
    """Blocks of the issued document's body, either form, ending with ``./.``."""
    if isinstance(noi_dung, str):
        return end_with_mark(van_ban_from_text(noi_dung))
    if isinstance(noi_dung, list):
        return end_with_mark(van_ban_from_structure(noi_dung))
    return []
