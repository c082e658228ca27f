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
    """The paragraph with the decree's end mark ``./.``; a final ``.`` is folded into it.

    >>> with_end_mark("Xong"), with_end_mark("Xong."), with_end_mark("Xong./.")
    ('Xong./.', 'Xong./.', 'Xong./.')
    """
    if text.endswith(END_MARK):
        return text
    return (text[:-1] if text.endswith(".") else text) + END_MARK


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
