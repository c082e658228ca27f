"""Input checks of the domain: text clean-up, then the JSON Schema, every problem at once.

`normalize` normalises text (NFC, line breaks) and reports characters no document can hold
(control characters, lone surrogates); `validate` runs the kind's JSON Schema. Both give
`FieldError`s with JSON Pointer paths and Vietnamese messages for clerks and integrators.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import fastjsonschema
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from service.domain.ngay_gio import la_ngay_gio
from service.domain.text import shorten, thousands

MAX_DO_SAU = 24  # deepest nesting accepted anywhere in a document's data

_NEWLINES = str.maketrans(
    {"\r": "\n", "\v": "\n", "\f": "\n", "\u2028": "\n", "\u2029": "\n", "\x85": "\n", "\t": " "}
)
_NEEDS_LINE_FIX = re.compile("[\r\v\f\t\x85\u2028\u2029]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_FORBIDDEN = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")

# What a field needs, in the clerk's words (never "null", "integer" or "số nguyên").
_TYPE_NAMES = {
    "string": "chữ",
    "integer": "một số viết bằng chữ số (ví dụ 12)",
    "number": "một số (ví dụ 2,5)",
    "array": "một danh sách",
    "object": "một nhóm trường",
    "boolean": "có hoặc không",
}


@dataclass(frozen=True)
class FieldError:
    """One problem in the input: where (JSON Pointer), what (Vietnamese), and its kind."""

    path: str
    message: str
    code: str = "invalid"

    def as_dict(self) -> dict[str, str]:
        return {"path": self.path, "message": self.message, "code": self.code}


def pointer(parts: Any) -> str:
    """JSON Pointer of a path.

    >>> pointer(["nguoi_ky", "ho_ten"])
    '/nguoi_ky/ho_ten'
    >>> pointer(["a/b", "c~d", 3])
    '/a~1b/c~0d/3'
    >>> pointer([])
    ''
    """
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def safe_text(text: str) -> str:
    """Text that can always be encoded (lone surrogates become U+FFFD), for messages and paths."""
    return text.encode("utf-8", "replace").decode("utf-8") if isinstance(text, str) else str(text)


def clean_text(text: str) -> str:
    """NFC text with one kind of line break and no tabs.

    >>> clean_text("Nguye\\u0302\\u0303n\\r\\nA\\tB")
    'Nguyễn\\nA B'
    """
    if _NEEDS_LINE_FIX.search(text):
        text = text.replace("\r\n", "\n").translate(_NEWLINES)
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def normalize(data: Any) -> tuple[Any, list[FieldError]]:
    """A normalised copy of the data, and the strings holding characters no .docx can carry.

    >>> normalize({"a": ["x\\x07y", "ok"]})[1][0].path
    '/a/0'
    >>> normalize({"a": "Ho\\u0300a"})
    ({'a': 'Hòa'}, [])
    """
    errors: list[FieldError] = []

    def walk(value: Any, path: list[Any], depth: int) -> Any:
        if depth > MAX_DO_SAU:
            errors.append(
                FieldError(pointer(path), f"Dữ liệu lồng nhau quá sâu (tối đa {MAX_DO_SAU} cấp).", "too_deep")
            )
            return None
        if isinstance(value, str):
            clean = clean_text(value) if not _has_surrogate(value) else value
            bad = _FORBIDDEN.search(clean)
            if bad:
                ch = bad.group(0)
                errors.append(
                    FieldError(
                        pointer(path),
                        f"Có ký tự điều khiển không in được (U+{ord(ch):04X}) ở vị trí {bad.start() + 1}; "
                        "hãy xóa ký tự này.",
                        "control_character",
                    )
                )
            return clean
        if isinstance(value, dict):
            return {k: walk(v, [*path, k], depth + 1) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v, [*path, i], depth + 1) for i, v in enumerate(value)]
        if isinstance(value, float) and value.is_integer():
            return int(value)  # JSON Schema counts 5.0 as an integer; formatters need an int
        return value

    return walk(data, [], 0), errors


def _has_surrogate(text: str) -> bool:
    return _SURROGATE.search(text) is not None


_VALIDATORS: dict[int, tuple[dict[str, Any], Draft202012Validator, Callable[[Any], Any] | None]] = {}


def _is_date(value: Any) -> bool:
    """The "date" format, strictly: YYYY-MM-DD that is a real calendar day."""
    if not isinstance(value, str) or len(value) != 10:
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


# Formats beyond JSON Schema's own: "local-date-time" is an ISO date and time without a zone
# (a meeting at 2026-12-07T08:00 local time), see service.domain.ngay_gio.
FORMATS: dict[str, Callable[[Any], bool]] = {"date": _is_date, "local-date-time": la_ngay_gio}
_FORMAT_CHECKER = FormatChecker()
_FORMAT_CHECKER.checks("local-date-time")(la_ngay_gio)


# What a schema fastjsonschema cannot compile raises, and what its compiled code raises on data
# it refuses. Named, not `Exception`: an interruption (the request's render deadline, raised in
# this thread) must pass through instead of leaving the schema on the slow path for good.
_COMPILE_ERRORS = (
    fastjsonschema.JsonSchemaDefinitionException,
    ValueError,
    TypeError,
    LookupError,  # KeyError, IndexError
    AttributeError,
    re.error,
    RecursionError,
    SyntaxError,
)
_REFUSALS = (
    fastjsonschema.JsonSchemaValueException,
    ValueError,
    TypeError,
    KeyError,
    AttributeError,
    RecursionError,
)


def _validators(schema: dict[str, Any]) -> tuple[Draft202012Validator, Callable[[Any], Any] | None]:
    """The full validator (every error, for messages) and a compiled one (fast yes/no)."""
    entry = _VALIDATORS.get(id(schema))
    if entry is None or entry[0] is not schema:
        full = Draft202012Validator(schema, format_checker=_FORMAT_CHECKER)
        try:
            fast_schema = {k: v for k, v in schema.items() if k != "$schema"}
            fast = fastjsonschema.compile(fast_schema, formats=FORMATS)
        except _COMPILE_ERRORS:  # a schema fastjsonschema cannot compile uses the full path
            fast = None
        entry = _VALIDATORS[id(schema)] = (schema, full, fast)
    return entry[1], entry[2]


def validate(schema: dict[str, Any], data: Any) -> list[FieldError]:
    """Every schema problem of `data`, one FieldError each, sorted by path.

    Valid data (the common case) is confirmed by a compiled validator (fastjsonschema, ~50x
    faster); only data it rejects goes through jsonschema, which lists every problem.
    """
    if not isinstance(data, dict):
        return [FieldError("", "Dữ liệu phải là một đối tượng JSON ({…}).", "type")]
    full, fast = _validators(schema)
    if fast is not None:
        try:
            fast(data)
            return []
        except _REFUSALS:  # any refusal: the full validator says why
            pass
    found: dict[tuple[str, str], FieldError] = {}
    for err in full.iter_errors(data):
        for fe in _field_errors(err):
            found.setdefault((fe.path, fe.code), fe)
    return sorted(found.values(), key=lambda e: (e.path, e.code))


def _field_errors(err: ValidationError) -> list[FieldError]:
    """Vietnamese FieldErrors of one jsonschema error."""
    path = list(err.absolute_path)
    v, val, inst = err.validator, err.validator_value, err.instance
    if v == "required":
        return [
            FieldError(pointer([*path, name]), "Thiếu trường bắt buộc.", "required")
            for name in val
            if isinstance(inst, dict) and name not in inst
        ]
    if v == "additionalProperties":
        allowed = err.schema.get("properties", {})
        return [
            FieldError(
                pointer([*path, safe_text(k)]), "Trường này không có trong mẫu văn bản.", "unknown_field"
            )
            for k in inst
            if k not in allowed
        ]
    if v in ("anyOf", "oneOf") and err.context:
        # Report the branch that fits the value's JSON type, not every alternative.
        branch = [e for e in err.context if e.validator != "type"] or list(err.context)
        best = min(branch, key=lambda e: len(e.absolute_path) * -1)
        if best.validator == "type" and len(best.absolute_path) == len(err.absolute_path):
            return [FieldError(pointer(path), "Sai kiểu dữ liệu.", "type")]
        return _field_errors(best)
    msg, code = _message(v, val, inst)
    return [FieldError(pointer(path), msg, code)]


def _typed(inst: Any) -> str:
    """What was typed, quoted for a message (long text cut between words)."""
    return f"“{shorten(str(inst), 60)}”"


def _type_message(kinds: list[str], inst: Any) -> str:
    """The clerk's words for a value of the wrong kind.

    >>> _type_message(["integer", "null"], "năm")
    'Cần nhập một số viết bằng chữ số (ví dụ 12), hoặc để trống; đã nhập “năm”.'
    >>> _type_message(["string"], 5)
    'Cần nhập chữ; đã nhập “5”.'
    >>> _type_message(["array"], {"a": 1})
    'Cần nhập một danh sách.'
    """
    wanted = " hoặc ".join(_TYPE_NAMES.get(k, k) for k in kinds if k != "null") or "để trống"
    blank = ", hoặc để trống" if "null" in kinds and len(kinds) > 1 else ""
    shown = f"; đã nhập {_typed(inst)}" if isinstance(inst, (str, int, float)) and str(inst).strip() else ""
    return f"Cần nhập {wanted}{blank}{shown}."


def _date_message(inst: Any) -> str:
    """A date that is none: one that does not exist (31/02) or one written another way.

    >>> _date_message("31/02/2024")
    'Ngày “31/02/2024” không có thật (tháng 2 năm 2024 không có ngày 31); hãy sửa lại.'
    >>> _date_message("2024-13-01")
    'Ngày “2024-13-01” không có thật (không có tháng 13); hãy sửa lại.'
    >>> _date_message("mai")
    'Ngày “mai” không đúng dạng: hãy viết ngày/tháng/năm, ví dụ 05/02/2026.'
    """
    text = str(inst)
    found = _DAY_FIRST.fullmatch(text.strip()) or _ISO_DAY.fullmatch(text.strip())
    if found:
        day, month, year = (int(found.group(g)) for g in ("d", "m", "y"))
        if not 1 <= month <= 12:
            return f"Ngày {_typed(text)} không có thật (không có tháng {month}); hãy sửa lại."
        return (
            f"Ngày {_typed(text)} không có thật (tháng {month} năm {year} không có ngày {day}); hãy sửa lại."
        )
    return f"Ngày {_typed(text)} không đúng dạng: hãy viết ngày/tháng/năm, ví dụ 05/02/2026."


_DAY_FIRST = re.compile(r"(?P<d>[0-9]{1,2})[/.-](?P<m>[0-9]{1,2})[/.-](?P<y>[0-9]{4})")
_ISO_DAY = re.compile(r"(?P<y>[0-9]{4})-(?P<m>[0-9]{1,2})-(?P<d>[0-9]{1,2})")


def _message(v: str, val: Any, inst: Any) -> tuple[str, str]:
    if v == "type":
        return _type_message(val if isinstance(val, list) else [val], inst), "type"
    if v in ("minLength", "pattern") and isinstance(inst, str) and not inst.strip():
        return "Không được để trống.", "required"
    if v == "pattern":
        return "Không đúng định dạng (không được có dấu cách hay dấu /).", "pattern"
    if v == "maxLength":
        return f"Quá dài: tối đa {thousands(val)} ký tự, đang có {thousands(len(inst))}.", "too_long"
    if v == "minItems":
        return f"Cần ít nhất {val} mục.", "required"
    if v == "maxItems":
        return f"Quá nhiều mục: tối đa {thousands(val)}.", "too_many"
    if v == "minimum":
        return f"Phải lớn hơn hoặc bằng {val}.", "range"
    if v == "maximum":
        return f"Phải nhỏ hơn hoặc bằng {val}.", "range"
    if v == "format" and val == "date":
        return _date_message(inst), "date"
    if v == "format" and val == "local-date-time":
        return (
            "Ngày giờ không hợp lệ: dùng dạng năm-tháng-ngàyTgiờ:phút, ví dụ 2026-12-07T08:00.",
            "date_time",
        )
    if v == "enum":
        return "Chọn một trong: " + ", ".join(str(x) for x in val if x not in (None, "")) + ".", "enum"
    if v == "contains":
        return "Cần ít nhất một mục có nội dung.", "required"
    if v == "minProperties":
        return "Không được để trống.", "required"
    return "Giá trị không hợp lệ.", v or "invalid"


def normalize_and_validate(schema: dict[str, Any], data: Any) -> tuple[Any, list[FieldError]]:
    """Normalise then validate: the clean data and every problem found."""
    clean, errors = normalize(data)
    if any(e.code == "too_deep" for e in errors):
        return clean, errors
    schema_errors = validate(schema, clean)
    bad_paths = {e.path for e in errors}
    return clean, errors + [e for e in schema_errors if e.path not in bad_paths]
