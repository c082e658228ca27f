"""The HTML form of a document kind, generated from its JSON Schema, and the way back.

One source of truth: every field, label (schema "title"), help text ("description"),
repeatable row and text area comes from the kind's schema. Form field names are dotted
paths (``nguoi_ky.ho_ten``, ``noi_nhan.0``, ``danh_sach.ca_nhan.3.ho_ten``); `parse_form`
turns submitted fields back into JSON data and `flatten` turns JSON data into field values.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from service.domain import outline
from service.domain.cell_values import parse_date_text

EXTRA_ROWS = 2  # empty rows rendered below the filled ones of a repeatable field
MAX_FORM_ROWS = 500  # rows the form ever renders for one repeatable field


@dataclass
class FormField:
    """One node of the form model the templates render."""

    name: str  # dotted name ("" for the root)
    widget: str  # text | textarea | integer | date | datetime | select | list | table | group
    label: str = ""
    help: str = ""
    required: bool = False
    value: str = ""
    placeholder: str = ""
    options: list[str] = field(default_factory=list)  # select: the schema's enum
    suggestions: list[str] = field(default_factory=list)  # text: the schema's examples, offered as typed
    errors: list[str] = field(default_factory=list)
    children: list[FormField] = field(default_factory=list)  # group fields
    rows: list[list[FormField]] = field(default_factory=list)  # list/table rows

    @property
    def dom_id(self) -> str:
        return "f-" + self.name.replace(".", "-")


def _types(node: Mapping[str, Any]) -> list[str]:
    t = node.get("type")
    if isinstance(t, str):
        return [t]
    if isinstance(t, list):
        return [x for x in t if isinstance(x, str)]
    return []


def widget_of(node: Mapping[str, Any]) -> str:
    """The input kind of a schema node.

    >>> widget_of({"type": "string", "x-nhieu-dong": True})
    'textarea'
    >>> widget_of({"type": ["integer", "null"]})
    'integer'
    >>> widget_of({"type": ["string", "null"], "format": "date"})
    'date'
    >>> widget_of({"type": "array", "items": {"type": "string"}})
    'list'
    >>> widget_of({"type": "array", "items": {"type": "object", "properties": {}}})
    'table'
    >>> widget_of({"anyOf": [{"type": "string"}, {"type": "array"}], "x-nhieu-dong": True})
    'textarea'
    >>> widget_of({"type": "string", "format": "local-date-time"}), widget_of({"enum": ["Ông", "Bà"]})
    ('datetime', 'select')
    """
    types = _types(node)
    if node.get("x-nhieu-dong"):
        return "textarea"
    if "object" in types:
        return "group"
    if "array" in types:
        return "table" if "object" in _types(node.get("items", {})) else "list"
    if "integer" in types:
        return "integer"
    if node.get("format") == "date":
        return "date"
    if node.get("format") == "local-date-time":
        return "datetime"
    if node.get("enum"):
        return "select"
    return "text"


def _get(data: Any, parts: list[str]) -> Any:
    for part in parts:
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and part.isdigit() and int(part) < len(data):
            data = data[int(part)]
        else:
            return None
    return data


def _text(value: Any) -> str:
    """A value as the text of one box: a structured body or article as outline text."""
    return outline.as_text(value)


def flatten(data: Any, prefix: str = "", schema: Mapping[str, Any] | None = None) -> dict[str, str]:
    """Form field values of JSON data (dotted names). With the kind's `schema`, a value the
    form shows in one text area (a structured body, an article with khoản and điểm) becomes
    that area's outline text instead of names the form does not have, so nothing is lost.

    >>> flatten({"so": 5, "nguoi_ky": {"ho_ten": "A"}, "noi_nhan": ["X", "Y"]})
    {'so': '5', 'nguoi_ky.ho_ten': 'A', 'noi_nhan.0': 'X', 'noi_nhan.1': 'Y'}
    >>> schema = {"properties": {"dieu": {"type": "array", "items": {"x-nhieu-dong": True}}}}
    >>> flatten({"dieu": ["Một.", {"tieu_de": "Hai", "noi_dung": [{"khoan": "Ba."}]}]}, schema=schema)
    {'dieu.0': 'Một.', 'dieu.1': 'Hai\\n1. Ba.'}
    """
    out: dict[str, str] = {}
    if schema is not None and schema.get("x-nhieu-dong") and isinstance(data, (dict, list)):
        out[prefix[:-1]] = _text(data)
    elif isinstance(data, dict):
        props = schema.get("properties", {}) if schema is not None else {}
        for k, v in data.items():
            out.update(flatten(v, f"{prefix}{k}.", props.get(k)))
    elif isinstance(data, list) and all(isinstance(v, (dict, str, int, float)) for v in data):
        item = schema.get("items") if schema is not None else None
        for i, v in enumerate(data):
            out.update(flatten(v, f"{prefix}{i}.", item))
    elif data is not None:
        out[prefix[:-1]] = _text(data)
    return out


def row_count(values: Mapping[str, str], name: str) -> int:
    """Rows holding data for the repeatable field `name` (highest index + 1).

    >>> row_count({"noi_nhan.0": "A", "noi_nhan.4": "B", "luu.9": "C"}, "noi_nhan")
    5
    """
    top = 0
    head = name + "."
    for key in values:
        if key.startswith(head):
            idx = key[len(head) :].split(".", 1)[0]
            if idx.isdigit():
                top = max(top, int(idx) + 1)
    return top


def build_form(
    schema: Mapping[str, Any],
    values: Mapping[str, str],
    *,
    errors: Mapping[str, list[str]] | None = None,
    example: Any = None,
    rows: Mapping[str, int] | None = None,
) -> FormField:
    """The form model: `values` fill inputs, `example` gives placeholders, `rows` asks for more rows."""
    errors = errors or {}
    rows = rows or {}

    def node_for(name: str, node: Mapping[str, Any], required: bool) -> FormField:
        widget = widget_of(node)
        f = FormField(
            name=name,
            widget=widget,
            label=str(node.get("title", name.rsplit(".", 1)[-1])),
            help=str(node.get("description", "")),
            required=required,
            errors=list(errors.get(name, [])),
        )
        parts = name.split(".") if name else []
        if widget == "group":
            req = set(node.get("required", []))
            for key, sub in node.get("properties", {}).items():
                f.children.append(node_for(f"{name}.{key}" if name else key, sub, key in req))
            return f
        if widget in ("list", "table"):
            filled = row_count(values, name)
            n = min(
                max(filled + EXTRA_ROWS, rows.get(name, 0)),
                MAX_FORM_ROWS,
                int(node.get("maxItems", MAX_FORM_ROWS)),
            )
            item = node.get("items", {})
            for i in range(n):
                if widget == "list":
                    cell = FormField(
                        name=f"{name}.{i}",
                        widget="textarea" if item.get("x-nhieu-dong") else "text",
                        label=f"{f.label} {i + 1}",
                        value=values.get(f"{name}.{i}", ""),
                        placeholder=_text(_get(example, [*parts, str(i)])),
                        errors=list(errors.get(f"{name}.{i}", [])),
                    )
                    f.rows.append([cell])
                else:
                    req = set(item.get("required", []))
                    f.rows.append(
                        [
                            FormField(
                                name=f"{name}.{i}.{k}",
                                widget=widget_of(sub),
                                label=str(sub.get("title", k)),
                                required=k in req,
                                value=values.get(f"{name}.{i}.{k}", ""),
                                placeholder=_text(_get(example, [*parts, str(i), k])),
                                errors=list(errors.get(f"{name}.{i}.{k}", [])),
                                options=[str(v) for v in sub.get("enum", []) if v not in (None, "")],
                            )
                            for k, sub in item.get("properties", {}).items()
                        ]
                    )
            return f
        f.value = values.get(name, "")
        f.placeholder = _text(_get(example, parts))
        if widget == "date":
            f.value, f.placeholder = day_first(f.value), day_first(f.placeholder) or "ngày/tháng/năm"
        f.options = [str(v) for v in node.get("enum", []) if v not in (None, "")]
        if widget == "text":  # e.g. the type names of Điều 7 for a văn bản có tên loại
            f.suggestions = [v for v in node.get("examples", []) if isinstance(v, str)]
        return f

    return node_for("", schema, True)


def day_first(value: str) -> str:
    """An ISO date as the clerk reads and types it; anything else as it is.

    >>> day_first("2026-02-05"), day_first("31/02/2026"), day_first("")
    ('05/02/2026', '31/02/2026', '')
    """
    try:
        return _dt.date.fromisoformat(value).strftime("%d/%m/%Y") if len(value) == 10 else value
    except ValueError:
        return value


def defaults(today: _dt.date | None = None) -> dict[str, str]:
    """Values a new form starts with: the current year (drafts) and 'VT' in Lưu.

    >>> defaults(_dt.date(2026, 11, 28))
    {'nam': '2026', 'luu.0': 'VT'}
    """
    return {"nam": str((today or _dt.date.today()).year), "luu.0": "VT"}


def _scalar(node: Mapping[str, Any], raw: str) -> Any:
    if "integer" in _types(node):
        text = raw.strip()
        if text.lstrip("+-").isdigit() and len(text) < 19:
            return int(text)
        return text  # the validator reports "Sai kiểu dữ liệu" and the text stays in the form
    if widget_of(node) == "date":  # typed by hand, day first; an impossible date stays as typed
        text = raw.strip()
        day = parse_date_text(text)
        return day.isoformat() if day else text
    if widget_of(node) in ("datetime", "select"):
        return raw.strip()
    return raw.replace("\r\n", "\n")


def parse_form(schema: Mapping[str, Any], form: Mapping[str, str]) -> dict[str, Any]:
    """JSON data of submitted form fields: empty optional fields and empty rows are left out.

    >>> s = {"type": "object", "required": ["noi_nhan"], "properties": {
    ...     "so": {"type": ["integer", "null"]}, "noi_nhan": {"type": "array", "items": {"type": "string"}},
    ...     "nguoi_ky": {"type": "object", "properties": {"ho_ten": {"type": "string"}}}}}
    >>> parse_form(s, {"so": "", "noi_nhan.0": "A", "noi_nhan.1": " ", "noi_nhan.2": "B",
    ...                "nguoi_ky.ho_ten": "Lan"})
    {'noi_nhan': ['A', 'B'], 'nguoi_ky': {'ho_ten': 'Lan'}}
    """

    def walk(name: str, node: Mapping[str, Any], required: bool) -> Any:
        widget = widget_of(node)
        if widget == "group":
            req = set(node.get("required", []))
            out = {}
            for key, sub in node.get("properties", {}).items():
                val = walk(f"{name}.{key}" if name else key, sub, key in req)
                if val is not None:
                    out[key] = val
            return out if out or required else None
        if widget in ("list", "table"):
            n = min(row_count(form, name), MAX_FORM_ROWS * 4)
            item = node.get("items", {})
            items = []
            for i in range(n):
                if widget == "list":
                    raw = form.get(f"{name}.{i}", "")
                    if raw.strip():
                        items.append(_scalar(item, raw).strip())
                else:
                    row = walk(f"{name}.{i}", {**item, "required": []}, False)
                    if row:
                        items.append(row)
            return items or None
        raw = form.get(name, "")
        if not raw.strip():
            return None
        return _scalar(node, raw)

    return walk("", schema, True) or {}


def field_name(path: str) -> str:
    """Form field name of a JSON Pointer.

    >>> field_name("/danh_sach/ca_nhan/3/ho_ten")
    'danh_sach.ca_nhan.3.ho_ten'
    >>> field_name("/a~1b")
    'a/b'
    """
    return ".".join(p.replace("~1", "/").replace("~0", "~") for p in path.split("/")[1:])


def error_map(errors: list[dict[str, str]], known: set[str]) -> tuple[dict[str, list[str]], list[str]]:
    """Errors by form field name, and the messages of paths no field shows (for the page top)."""
    by_name: dict[str, list[str]] = {}
    loose: list[str] = []
    for err in errors:
        name = field_name(err.get("path", ""))
        while name and name not in known:
            name = name.rsplit(".", 1)[0] if "." in name else ""
        if name:
            by_name.setdefault(name, []).append(err["message"])
        else:
            loose.append(err["message"])
    return by_name, loose


def field_names(form: FormField) -> set[str]:
    """Every name of the form model (groups, lists, rows and inputs)."""
    out = {form.name} if form.name else set()
    for child in form.children:
        out |= field_names(child)
    for row in form.rows:
        for cell in row:
            out.add(cell.name)
    return out
