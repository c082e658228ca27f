"""Small text helpers, one home for what the domain, the adapters and the pages all need.

Pure and null-tolerant: whitespace collapsed, thousands and byte sizes the Vietnamese way, the
decree's end mark ``./.``, and the Vietnamese label of every field of a JSON Schema.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any

END_MARK = "./."


def compact(text: str | None) -> str:
    """NFC, whitespace runs (line breaks, tabs, no-break spaces) collapsed to one space, ends stripped.

    >>> compact("  Nghi\u0323   định\\n 30 ") == "Nghị định 30"
    True
    >>> compact(None)
    ''
    """
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def shorten(text: str | None, limit: int, *, mark: str = "…") -> str:
    """At most `limit` characters, cut between words (never inside a word or a number), the
    cut shown by `mark`; punctuation left hanging at the cut is dropped. Only a single word
    longer than `limit` has to be cut inside.

    >>> shorten("Về việc khen thưởng 1.250 cá nhân", 24)
    'Về việc khen thưởng…'
    >>> shorten("Về việc khen thưởng 1.250 cá nhân", 26)
    'Về việc khen thưởng 1.250…'
    >>> shorten("Ngắn", 80), shorten(None, 5), shorten("Mộtừrấtdàiliền", 6)
    ('Ngắn', '', 'Mộtừr…')
    >>> shorten("a" * 5 + "x\u0301b", 6, mark="")
    'aaaaa'
    >>> shorten("Kế hoạch - 05-KH-UBND - Triển khai", 22, mark="")
    'Kế hoạch - 05-KH-UBND'
    """
    text = compact(text)
    if len(text) <= limit:
        return text
    room = max(1, limit - len(mark))
    head = text[: room + 1]  # one more: is the character after the cut a space?
    space = head.rfind(" ")
    if space > 0:
        cut = head[:space]
    else:  # one word longer than the limit: cut it, but never between a letter and its marks
        end = room
        while end > 0 and unicodedata.combining(text[end]):
            end -= 1
        cut = text[:end]
    return cut.rstrip(" ,.;:-–—/") + mark


def thousands(number: int) -> str:
    """An integer with ``.`` between thousands, as Vietnamese text writes it.

    >>> thousands(20000), thousands(1000000), thousands(999), thousands(-1500)
    ('20.000', '1.000.000', '999', '-1.500')
    """
    return f"{number:,}".replace(",", ".")


def byte_size(number: int) -> str:
    """A size in bytes as a clerk reads it (1 KB = 1,024 bytes, decimal comma).

    >>> byte_size(32 * 1024 * 1024), byte_size(20 * 1024 * 1024), byte_size(1536), byte_size(10)
    ('32 MB', '20 MB', '1,5 KB', '10 byte')
    >>> byte_size(200 * 1024 * 1024 + 1)
    '200 MB'
    """
    for unit, scale in (("MB", 1 << 20), ("KB", 1 << 10)):
        if number >= scale:
            text = f"{number / scale:.1f}".replace(".", ",").removesuffix(",0")
            return f"{text} {unit}"
    return f"{number} byte"


def with_end_mark(text: str) -> str:
    """The paragraph with the decree's end mark ``./.``; a final ``.``, ``;`` or ``,`` (the last
    item of a list typed as such) is folded into it, and trailing spaces dropped.

    >>> with_end_mark("Xong"), with_end_mark("Xong."), with_end_mark("Xong./.")
    ('Xong./.', 'Xong./.', 'Xong./.')
    >>> with_end_mark("- Điểm cuối;"), with_end_mark("Hết , "), with_end_mark("")
    ('- Điểm cuối./.', 'Hết./.', './.')
    """
    text = text.rstrip()
    if text.endswith(END_MARK):
        return text
    if text[-1:] in (".", ";", ","):
        text = text[:-1].rstrip()
    return text + END_MARK


def field_labels(schema: Mapping[str, Any], prefix: str = "") -> dict[str, str]:
    """The Vietnamese label (``title``) of every dotted field, nested objects included.

    >>> field_labels({"properties": {"nguoi_ky": {"type": "object", "title": "Người ký",
    ...     "properties": {"ho_ten": {"type": "string", "title": "Họ và tên"}}}}})
    {'nguoi_ky': 'Người ký', 'nguoi_ky.ho_ten': 'Họ và tên'}
    >>> field_labels({"properties": {"so": {"type": ["integer", "null"]}}})
    {}
    """
    out: dict[str, str] = {}
    for key, sub in schema.get("properties", {}).items():
        if not isinstance(sub, Mapping):
            continue
        name = prefix + key
        if "title" in sub:
            out[name] = str(sub["title"])
        types = sub.get("type")
        types = [types] if isinstance(types, str) else types if isinstance(types, list) else []
        if "object" in types and not sub.get("x-nhieu-dong"):
            out.update(field_labels(sub, name + "."))
    return out
