"""A corpus of hostile inputs for POST /api/v1/documents/<kind>, and the oracle that judges them.

Generated from each kind's JSON Schema (every text slot of a valid base document, every field
with wrong types) plus hand-written cases. Each `Case` carries its expected outcome:

=========================  ===================================================================
Category                   Expected outcome (decided here, checked by test_corpus.py)
=========================  ===================================================================
wrong types / shapes       422; ``errors`` names the field (path == pointer or below it)
null in a non-null field   422 naming the field (``so``, ``nam``, ``ngay_ban_hanh`` accept null)
huge / zero / negative so  422 naming ``/so`` (range); a float ``so`` 5.0 is the integer 5 (200)
sizes over maxLength       422 naming every too-long field (code too_long), all at once
10,000 recipients          422 naming ``/noi_nhan`` (too_many)
3 MB noi_dung              422 naming ``/noi_dung`` (the limit is 500,000 characters)
body > MAX_CONTENT_LENGTH  413 problem
NFD Vietnamese             200, rendered NFC
stacked combining marks    200, rendered literally (NFC)
emoji, ZWJ, flags          200, rendered literally
bidi controls, ZW chars    200, rendered literally (they are legitimate text in XML)
C0/C1 controls, NUL,       422 naming the field, code control_character, Vietnamese message
lone surrogates, U+FFFE
tab, CR, VT, FF, NEL       200: normalised (tab → space, the others → line break)
template / XML syntax      200, rendered literally (``{{ 7*7 }}`` stays ``{{ 7*7 }}``), except in
                           fields whose schema pattern forbids it (``ky_hieu``: no spaces) → 422
deep nesting               10,000 levels → 400 (JSON too deep); 40 levels in a field → 422
duplicated keys            the last one wins (Python's json), 200
top-level non-object       422 with path "" (the document must be an object)
wrong content type         400; invalid UTF-8 → 400; empty body → 400; UTF-8 BOM → accepted
unknown kind               404
=========================  ===================================================================
"""

from __future__ import annotations

import copy
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from service.domain.kinds import KINDS
from service.domain.layout_limits import layout_problems

# ---------------------------------------------------------------------------------------------
# The oracle: which characters no document may hold, and how text is expected to appear.

_FORBIDDEN = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_BREAKS = {"\r": "\n", "\v": "\n", "\f": "\n", "\x85": "\n", "\u2028": "\n", "\u2029": "\n", "\t": " "}


def normalise(text: str) -> str:
    """The text as the service is expected to keep it: one line break, no tabs, NFC."""
    text = text.replace("\r\n", "\n")
    text = "".join(_BREAKS.get(ch, ch) for ch in text)
    if any("\ud800" <= ch <= "\udfff" for ch in text):
        return text
    return unicodedata.normalize("NFC", text)


def has_forbidden(text: str) -> bool:
    return bool(_FORBIDDEN.search(normalise(text)))


def comparable(text: str) -> str:
    """Whitespace collapsed, case folded, NFC: the form document text and input are compared in."""
    folded = unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).casefold())
    return " ".join(folded.split())


def expected_lines(text: str) -> list[str]:
    """Each non-empty line of an input, in comparable form, without the bullets and final
    punctuation the service adds or replaces (``- …;`` recipients, ``;`` after bases)."""
    out = []
    for line in normalise(text).split("\n"):
        core = comparable(line).lstrip("-–+• ").rstrip(" ;.,")
        if core:
            out.append(core)
    return out


def text_verdict(schema: dict[str, Any], text: str, required: bool) -> str | None:
    """None when `text` must be accepted in a slot of this schema, else the expected error code."""
    if has_forbidden(text):
        return "control_character"
    clean = normalise(text)
    string_schema = schema
    if "anyOf" in schema:  # noi_dung: the text branch
        string_schema = next(s for s in schema["anyOf"] if s.get("type") == "string")
    if len(clean) > string_schema.get("maxLength", 10**9):
        return "too_long"
    if len(clean) < string_schema.get("minLength", 0):
        return "required"
    pattern = string_schema.get("pattern")
    if pattern and not re.search(pattern, clean):
        return "pattern"
    if required and not clean.strip():
        return "required"
    return None


# ---------------------------------------------------------------------------------------------
# Slots: the places a text can go in a valid base document.


@dataclass(frozen=True)
class Slot:
    path: tuple[Any, ...]
    schema: dict[str, Any]
    required: bool

    @property
    def pointer(self) -> str:
        return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in self.path)


def base_document(kind: str) -> dict[str, Any]:
    """A valid document with every optional text field present."""
    doc = copy.deepcopy(KINDS[kind].vi_du)
    doc["co_quan_chu_quan"] = "UBND TỈNH THÁI NGUYÊN"
    if kind == "bao-cao":
        doc["kinh_gui"] = ["Bộ Nội vụ", "Ủy ban nhân dân tỉnh"]
    if kind == "quyet-dinh-khen-thuong":
        doc["danh_sach"]["cua"] = "Chủ tịch Ủy ban nhân dân tỉnh Thái Nguyên"
        doc["danh_sach"]["tap_the"][0]["ghi_chu"] = "Ghi chú"
        doc["danh_sach"]["ca_nhan"][0]["ghi_chu"] = "Ghi chú"
    return doc


def _own_rules(sch: dict[str, Any]) -> bool:
    """Slots whose accepted values are not "any text the schema's string rules allow": dates and
    date-times (own cases), choices (enum), and fields a kind checks against the decree's tables
    (`x-kiem-tra`, e.g. a type name of Điều 7; tested by their kinds' own tests)."""
    return sch.get("format") in ("date", "local-date-time") or "enum" in sch or "x-kiem-tra" in sch


def text_slots(kind: str) -> list[Slot]:
    """Every string leaf of the base document with its schema (see `_own_rules` for the ones left out)."""
    schema = KINDS[kind].schema
    slots: list[Slot] = []

    def branch(value: Any, sch: dict[str, Any]) -> dict[str, Any]:
        """The anyOf branch of `sch` that fits the value's JSON type (an Điều: text or object)."""
        kind = "object" if isinstance(value, dict) else "array" if isinstance(value, list) else "string"
        for sub in sch.get("anyOf", []):
            if sub.get("type") == kind:
                return {**sch, **sub}
        return sch

    def walk(value: Any, sch: dict[str, Any], path: tuple[Any, ...], required: bool) -> None:
        sch = branch(value, sch) if "anyOf" in sch and "type" not in sch else sch
        if isinstance(value, dict):
            req = set(sch.get("required", []))
            for k, v in value.items():
                walk(v, sch["properties"][k], (*path, k), k in req)
        elif isinstance(value, list):
            for i, v in enumerate(value[:1]):  # the first entry stands for all
                walk(v, sch["items"], (*path, i), False)  # blank entries are dropped
        elif isinstance(value, str) and not _own_rules(sch):
            slots.append(Slot(path, sch, required))

    walk(base_document(kind), schema, (), True)
    return slots


def put(doc: dict[str, Any], path: tuple[Any, ...], value: Any) -> None:
    target = doc
    for p in path[:-1]:
        target = target[p]
    target[path[-1]] = value


# ---------------------------------------------------------------------------------------------
# Cases.


@dataclass
class Case:
    name: str
    kind: str
    body: bytes
    content_type: str | None = "application/json"
    status: int = 422
    bad_paths: list[str] = field(default_factory=list)  # for 422: each must be named
    literal: list[str] = field(default_factory=list)  # for 200: texts that must appear
    category: str = ""


def encode(obj: Any) -> bytes:
    """JSON bytes; lone surrogates travel as \\ud800 escapes, everything else as UTF-8."""
    text = json.dumps(obj, ensure_ascii=False)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(obj, ensure_ascii=True).encode("ascii")


VI_NFD = unicodedata.normalize("NFD", "Nguyễn Thị Hồng Nhung, Đắk Lắk, ỦY BAN NHÂN DÂN")

TEXT_PAYLOADS: dict[str, tuple[str, str]] = {
    # name: (category, text)
    "nfd": ("unicode", VI_NFD),
    "combining-50": ("unicode", "Tha" + "\u0301\u0323\u0306" * 17 + "i Nguyên"),
    "emoji-zwj": ("unicode", "Chúc mừng 👨‍👩‍👧‍👦 🇻🇳 👍🏽 🏳️‍🌈 ✅"),
    "bidi": ("unicode", "Văn bản \u202eđảo chiều\u202c và \u2066cô lập\u2069 \u200fאבג\u200e"),
    "zero-width": ("unicode", "Lê\u200bQuang\u200cTiến\u200d\u2060\ufeff kết thúc"),
    "cjk-astral": ("unicode", "漢字 𠀀𪚥 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ﷽"),
    "noncharacter-fdd0": ("unicode", "ký tự \ufdd0 riêng \U0010fffd"),
    "nul": ("control", "Ủy ban\x00nhân dân"),
    "bell-escape": ("control", "Thông báo\x07\x1b[31m đỏ"),
    "c1": ("control", "Giá trị\x80\x9b lạ"),
    "del": ("control", "Xóa\x7f ký tự"),
    "fffe": ("control", "Kết thúc \ufffe"),
    "ffff": ("control", "Kết thúc \uffff"),
    "lone-high-surrogate": ("control", "Nửa \ud800 ký tự"),
    "lone-low-surrogate": ("control", "Nửa \udfff ký tự"),
    "tab-cr-ff": ("whitespace", "Cột\tmột\r\nDòng hai\fDòng ba\x85Dòng bốn"),
    "jinja-expr": ("template", "{{ 7*7 }}"),
    "jinja-loop": ("template", "{% for x in range(10**9) %}x{% endfor %}"),
    "jinja-mro": ("template", "{{ ''.__class__.__mro__ }}"),
    "jinja-config": ("template", "{{ config }} {{ self }} {{ request }}"),
    "jinja-subclasses": ("template", "{{ ''.__class__.__mro__[1].__subclasses__() }}"),
    "jinja-import": ("template", "{% import os %}{{ os.system('id') }}"),
    "docxtpl-p": ("template", "{%p if true %}mở{%p endif %}"),
    "docxtpl-r": ("template", "{{r x }} {%tr for r in rows %} {{ x }}"),
    "half-tags": ("template", "{_{ x }_} {{ {% %} }} {# bình luận #}"),
    "cdata-end": ("xml", "đóng ]]> CDATA"),
    "xml-tags": ("xml", "<w:p><w:r><w:t>chèn</w:t></w:r></w:p>"),
    "xml-close": ("xml", "</w:t></w:r></w:p><w:p><w:r><w:t>"),
    "xml-entity": ("xml", "&amp; &lt; &#x41; &nbsp;"),
    "xml-doctype": ("xml", '<!DOCTYPE x [<!ENTITY a "b">]>&a;'),
    "specials": ("xml", "& < > \" ' ; / \\ %s {0} $x `cmd`"),
    "long-line-100k": ("size", ("Nguyễn Văn A cần " * 6250)[:100_000]),
    "only-spaces": ("size", "   "),
    "empty": ("size", ""),
}


def breaks_layout(kind: str, slot: Slot, text: str) -> bool:
    """Whether `text` in this slot prints too long for the decree's layout (layout_limits)."""
    doc = base_document(kind)
    put(doc, slot.path, normalise(text))
    cong_van = "header_cong_van" in KINDS[kind].blocks
    return any(e.path == slot.pointer for e in layout_problems(doc, cong_van=cong_van))


def _text_cases() -> Iterator[Case]:
    for kind in KINDS:
        slots = text_slots(kind)
        for name, (category, text) in TEXT_PAYLOADS.items():
            accept = [
                s
                for s in slots
                if text_verdict(s.schema, text, s.required) is None and not breaks_layout(kind, s, text)
            ]
            reject = [s for s in slots if s not in accept]
            if accept:
                doc = base_document(kind)
                for s in accept:
                    put(doc, s.path, text)
                yield Case(
                    f"{kind}:text:{name}:accepted",
                    kind,
                    encode(doc),
                    status=200,
                    literal=[text] if expected_lines(text) else [],
                    category=category,
                )
            if reject:
                doc = base_document(kind)
                for s in reject:
                    put(doc, s.path, text)
                yield Case(
                    f"{kind}:text:{name}:rejected",
                    kind,
                    encode(doc),
                    bad_paths=[s.pointer for s in reject],
                    category=category,
                )


WRONG_VALUES: dict[str, Any] = {
    "int": 1,
    "huge-int": 10**30,
    "float": 1.5,
    "bool": True,
    "null": None,
    "empty-list": [],
    "object": {"a": 1},
    "list-of-ints": [1, 2],
    "string": "x",
    "negative": -1,
    "zero": 0,
}
_JSON_TYPES = {
    bool: "boolean",
    int: "integer",
    float: "number",
    str: "string",
    list: "array",
    dict: "object",
    type(None): "null",
}


def _fits(schema: dict[str, Any], value: Any) -> bool:
    """Whether a wrong-type value happens to be valid for a field (those are skipped)."""
    if "anyOf" in schema:  # noi_dung: text, or a structured list of nodes
        if isinstance(value, str):
            return text_verdict(schema, value, True) is None
        return False  # a structured body needs at least one node
    types = schema.get("type")
    types = types if isinstance(types, list) else [types]
    jtype = _JSON_TYPES[type(value)]
    if jtype not in types:
        return False
    if jtype == "integer":
        return schema.get("minimum", -(10**40)) <= value <= schema.get("maximum", 10**40)
    if jtype == "null":
        return True
    if jtype == "array":
        return len(value) >= schema.get("minItems", 0) and all(
            _JSON_TYPES[type(v)] == schema["items"].get("type") for v in value
        )
    if jtype == "string":
        return text_verdict(schema, value, False) is None and schema.get("format") != "date"
    return False


def _fields(kind: str) -> Iterator[tuple[tuple[Any, ...], dict[str, Any]]]:
    schema = KINDS[kind].schema
    for name, sub in schema["properties"].items():
        yield (name,), sub
        if sub.get("type") == "object":
            for inner, inner_schema in sub["properties"].items():
                yield (name, inner), inner_schema


def _type_cases() -> Iterator[Case]:
    for kind in KINDS:
        for path, sub in _fields(kind):
            for vname, value in WRONG_VALUES.items():
                if _fits(sub, value):
                    continue
                doc = base_document(kind)
                if len(path) == 2 and path[0] not in doc:
                    continue
                put(doc, path, value)
                pointer = "/" + "/".join(path)
                yield Case(
                    f"{kind}:type:{pointer}:{vname}", kind, encode(doc), bad_paths=[pointer], category="type"
                )


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def _hand_cases() -> Iterator[Case]:
    kh = base_document("ke-hoach")
    raw = json.dumps(kh, ensure_ascii=False)

    def doc_with(**kw: Any) -> bytes:
        d = copy.deepcopy(kh)
        d.update(kw)
        return encode(d)

    k = "ke-hoach"
    yield Case("float-so", k, doc_with(so=5.0), status=200, category="type")
    for bad in ("2026-02-30", "31/12/2026", "2026-1-5", "20260205", "hôm nay", "2026-02-05T00:00"):
        yield Case(
            f"date:{bad}", k, doc_with(ngay_ban_hanh=bad), bad_paths=["/ngay_ban_hanh"], category="type"
        )
    yield Case("nam-out-of-range", k, doc_with(nam=10**30), bad_paths=["/nam"], category="type")
    yield Case("so-huge", k, doc_with(so=10**30), bad_paths=["/so"], category="type")
    yield Case(
        "so-nan-literal", k, raw.replace('"so": 5', '"so": NaN').encode(), bad_paths=["/so"], category="type"
    )
    yield Case(
        "so-infinity", k, raw.replace('"so": 5', '"so": 1e999').encode(), bad_paths=["/so"], category="type"
    )
    yield Case(
        "recipients-10000",
        k,
        doc_with(noi_nhan=[f"Nơi nhận {i}" for i in range(10_000)]),
        bad_paths=["/noi_nhan"],
        category="size",
    )
    yield Case(
        "noi-dung-3mb",
        k,
        doc_with(noi_dung="Doan van ban dai. " * 175_000),
        bad_paths=["/noi_dung"],
        category="size",
    )
    yield Case(
        "every-field-100k",
        k,
        encode({key: "x" * 100_000 for key in kh}),
        bad_paths=[f"/{key}" for key in kh if key != "noi_dung"],
        category="size",
    )
    yield Case(
        "body-over-limit",
        k,
        b'{"noi_dung": "' + b"a" * (5 * 1024 * 1024) + b'"}',
        status=413,
        category="size",
    )
    yield Case("noi-dung-5000-lines", k, doc_with(noi_dung="- Dòng.\n" * 5000), status=200, category="size")
    yield Case(
        "structured-deep-40",
        k,
        doc_with(noi_dung=json.loads('[{"muc": "A", "noi_dung": ' * 40 + "[]" + "}]" * 40)),
        bad_paths=["/noi_dung"],
        category="nesting",
    )
    yield Case(
        "structured-bad-node",
        k,
        doc_with(noi_dung=[{"muc": "A", "khoan": "B"}, 5, []]),
        bad_paths=["/noi_dung"],
        category="type",
    )
    yield Case("nested-10000-top", k, _nested(10_000).encode(), status=400, category="nesting")
    yield Case(
        "nested-10000-field",
        k,
        raw.replace('"noi_dung": ', '"noi_dung": ' + _nested(10_000) + ', "x": ', 1).encode(),
        status=400,
        category="nesting",
    )
    yield Case(
        "nested-objects-10000",
        k,
        ('{"a":' * 10_000 + "1" + "}" * 10_000).encode(),
        status=400,
        category="nesting",
    )
    dup = raw.replace('"trich_yeu": ', '"trich_yeu": "Bản thứ nhất bị bỏ", "trich_yeu": ', 1)
    yield Case(
        "duplicate-keys-last-wins", k, dup.encode(), status=200, literal=[kh["trich_yeu"]], category="json"
    )
    for name, body in {
        "array": b"[]",
        "string": b'"x"',
        "number": b"42",
        "null": b"null",
        "true": b"true",
        "list-of-docs": ("[" + raw + "]").encode(),
    }.items():
        yield Case(f"top-level-{name}", k, body, bad_paths=[""], category="json")
    for ctype in (
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data",
        "application/xml",
        "",
        None,
    ):
        yield Case(f"content-type:{ctype}", k, raw.encode(), content_type=ctype, status=400, category="json")
    yield Case(
        "json-suffix-content-type",
        k,
        raw.encode(),
        content_type="application/problem+json",
        status=200,
        category="json",
    )
    yield Case(
        "invalid-utf8",
        k,
        raw.encode()[:40] + b"\xff\xfe\xc3\x28" + raw.encode()[40:],
        status=400,
        category="json",
    )
    yield Case("utf16-body", k, raw.encode("utf-16"), status=400, category="json")
    yield Case("bom-prefixed", k, b"\xef\xbb\xbf" + raw.encode(), status=200, category="json")
    yield Case("empty-body", k, b"", status=400, category="json")
    yield Case("whitespace-body", k, b"  \n ", status=400, category="json")
    yield Case("truncated-json", k, raw.encode()[:-10], status=400, category="json")
    yield Case("trailing-garbage", k, raw.encode() + b"}}", status=400, category="json")
    yield Case(
        "unknown-fields",
        k,
        doc_with(**{"x": 1, "a/b~c": 2, "\ud800": 3}),
        bad_paths=["/x", "/a~1b~0c"],
        category="type",
    )
    yield Case("empty-object", k, b"{}", bad_paths=["/noi_dung", "/trich_yeu", "/nguoi_ky"], category="type")
    for bad_kind in ("khong-co", "..%2F..%2Fetc%2Fpasswd", "ke-hoach.docx", "x" * 3000, "%00"):
        yield Case(f"unknown-kind:{bad_kind[:20]}", bad_kind, raw.encode(), status=404, category="path")


def build_corpus() -> list[Case]:
    return [*_text_cases(), *_type_cases(), *_hand_cases()]
