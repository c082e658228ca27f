"""Spreadsheet columns (cột bảng tính) from a document kind's JSON Schema.

A field becomes one column whose header is its dotted path (``nguoi_ky.ho_ten``); local
``$ref`` pointers and ``allOf``/``anyOf``/``oneOf`` branches are followed.  Each column has a
kind saying how its cells are read: "string", "date", "datetime", "integer", "number", "boolean" or
"lines" (an array of strings, one a line in the cell).  Objects spread into dotted columns;
arrays of objects cannot be typed into one cell.
"""

from __future__ import annotations

import difflib
import unicodedata
from typing import Any, NamedTuple

from service.domain.cell_values import show

# How close an unknown header must be to a field name to be taken for a misspelling of it
# (difflib ratio of the two names without accents, case or separators).
SIMILAR = 0.8


class Field(NamedTuple):
    """One schema field as a column; ``kind`` None = cannot be typed in a cell, ``required``
    is the "Bắt buộc" text of the guide sheet ("Có", "Không", "Có, nếu nhập …")."""

    header: str
    path: tuple[str, ...]
    kind: str | None
    required: str
    title: str
    description: str


def resolve(node: Any, root: dict) -> dict:
    """Follow local ``$ref`` pointers (``#/$defs/…``), keeping sibling keywords."""
    for _ in range(32):
        if not isinstance(node, dict) or not isinstance(node.get("$ref"), str):
            break
        ref = node["$ref"]
        target: Any = root
        if not ref.startswith("#"):
            return {}
        for part in ref[1:].split("/")[1:]:
            part = part.replace("~1", "/").replace("~0", "~")
            target = target.get(part, {}) if isinstance(target, dict) else {}
        rest = {k: v for k, v in node.items() if k != "$ref"}
        node = {**target, **rest} if isinstance(target, dict) else rest
    return node if isinstance(node, dict) else {}


def _branches(node: dict, root: dict) -> list[dict]:
    out = []
    for key in ("allOf", "anyOf", "oneOf"):
        if isinstance(node.get(key), list):
            out.extend(resolve(b, root) for b in node[key])
    return out


def column_kind(node: Any, root: dict, depth: int = 0) -> str | None:
    """How a schema node fits in cells: "string", "date", "integer", "number", "boolean",
    "lines" (array of strings, one a line), "object" (dotted columns) or None (cannot).

    >>> column_kind({"type": ["integer", "null"]}, {})
    'integer'
    >>> column_kind({"type": "array", "items": {"type": "string"}}, {})
    'lines'
    >>> column_kind({"oneOf": [{"type": "string"}, {"type": "array"}]}, {})
    'string'
    """
    node = resolve(node, root)
    types = node.get("type")
    if isinstance(types, str):
        types = [types]
    if types is None:
        for branch in _branches(node, root):
            kind = column_kind(branch, root, depth + 1) if depth < 16 else None
            if kind not in (None, "null"):
                return kind
        if "properties" in node:
            return "object"
        options = node.get("enum", [node["const"]] if "const" in node else [])
        if options and all(isinstance(v, int) and not isinstance(v, bool) for v in options):
            return "integer"
        return "string"
    if "string" in types:
        return {"date": "date", "local-date-time": "datetime"}.get(node.get("format"), "string")
    for name in ("integer", "number", "boolean"):
        if name in types:
            return name
    if "array" in types:
        items = node.get("items", {})
        return "lines" if column_kind(items, root, depth + 1) == "string" else None
    if "object" in types:
        return "object"
    return "null" if "null" in types else None


def _properties(node: Any, root: dict) -> tuple[dict, set]:
    node = resolve(node, root)
    props = dict(node.get("properties") or {})
    required = set(node.get("required") or [])
    for branch in _branches(node, root):
        for name, sub in (branch.get("properties") or {}).items():
            props.setdefault(name, sub)
    for branch in node.get("allOf") or []:
        required |= set(resolve(branch, root).get("required") or [])
    return props, required


class UnknownColumn(str):
    """The message of `lookup_column` for a header that names no field (not a misused one)."""


def _bare(name: str) -> str:
    """A header compared without accents, case or separators.

    >>> _bare("Họ Tên"), _bare("nguoi_ky.ho-ten"), _bare("Đơn vị")
    ('hoten', 'nguoikyhoten', 'donvi')
    """
    text = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D")).casefold()
    return "".join(c for c in text if c.isalnum() and not unicodedata.combining(c))


def suggest_column(header: str, known: list[str]) -> str | None:
    """The field name an unknown header looks like a misspelling of, or None when it is a
    column of its own (an office's "mã hồ sơ", internal notes …).

    >>> known = ["ho_ten", "chuc_vu_don_vi", "ten", "ghi_chu", "nguoi_ky.ho_ten"]
    >>> suggest_column("ho_tne", known), suggest_column("Ghi chú", known), suggest_column("HO TEN", known)
    ('ho_ten', 'ghi_chu', 'ho_ten')
    >>> suggest_column("nguoi_ky.ho_tem", known)
    'nguoi_ky.ho_ten'
    >>> suggest_column("mã hồ sơ", known), suggest_column("Ghi chú nội bộ", known), suggest_column("stt", known)
    (None, None, None)
    """
    bare = _bare(header)
    if not bare:
        return None
    best, score = None, 0.0
    for name in known:
        ratio = difflib.SequenceMatcher(None, bare, _bare(name)).ratio()
        if ratio > score:
            best, score = name, ratio
    return best if score >= SIMILAR else None


def lookup_column(schema: dict, header: str) -> tuple[tuple[str, ...], str] | str:
    """(path, kind) of a dotted header, or a clerk-facing message saying why not.

    >>> s = {"properties": {"nguoi_ky": {"type": "object",
    ...      "properties": {"ho_ten": {"type": "string"}}}}}
    >>> lookup_column(s, "nguoi_ky.ho_ten")
    (('nguoi_ky', 'ho_ten'), 'string')
    """
    node: Any = schema
    kind: str | None = "object"
    parts = header.split(".")
    for part in parts:
        props, _ = _properties(node, schema)
        if kind != "object" or part not in props:
            return UnknownColumn(
                f"Cột '{show(header)}' không có trong mẫu văn bản này; hãy sửa tên cột cho đúng hoặc xoá cột."
            )
        node = props[part]
        kind = column_kind(node, schema)
    if kind == "object":
        first = next(iter(_properties(node, schema)[0]), "ten_truong")
        return f"Cột '{show(header)}' là một nhóm trường; hãy dùng các cột con, ví dụ '{header}.{first}'."
    if kind in (None, "null"):
        return (
            f"Cột '{show(header)}' là một bảng nhiều cột, không nhập được trong một ô; "
            "hãy xoá cột này và nhập phần đó trên trang web hoặc qua API."
        )
    return tuple(parts), kind


def schema_fields(schema: dict) -> list[Field]:
    """Every field of the schema in order; ``kind`` None = not representable in cells."""
    found: list[Field] = []

    def walk(node: Any, prefix: str, optional_parent: str | None, depth: int) -> None:
        props, required = _properties(node, schema)
        for name, sub in props.items():
            header, kind = prefix + name, column_kind(sub, schema)
            if name not in required:
                status = "Không"
            else:
                status = f"Có, nếu nhập {optional_parent}" if optional_parent else "Có"
            if kind == "object" and depth < 8:
                parent = optional_parent if name in required else optional_parent or header
                walk(sub, header + ".", parent, depth + 1)
                continue
            resolved = resolve(sub, schema)
            title, text = str(resolved.get("title") or ""), str(resolved.get("description") or "")
            usable = kind if kind not in ("object", "null") else None
            found.append(Field(header, tuple(header.split(".")), usable, status, title, text))

    walk(schema, "", None, 0)
    return found


def column_labels(schema: dict) -> dict[str, str]:
    """Header → the field's ``title``, for every column a spreadsheet can have.

    >>> column_labels({"properties": {"so": {"type": "integer", "title": "Số"}}})
    {'so': 'Số'}
    """
    return {f.header: f.title for f in schema_fields(schema) if f.kind is not None and f.title}
