"""Spreadsheet adapter: an uploaded .xlsx or .csv becomes rows of dicts shaped by a JSON Schema.

Layout expected from clerks: the first non-empty row holds field names (dotted for nested
fields, ``nguoi_ky.ho_ten``); an optional next row of Vietnamese labels is recognised and
skipped; every later non-empty row is one item.  Row numbers reported back are the ones
Excel shows, whatever rows were skipped.

Design decisions:

* The format is detected by content, never by file name.  Zip archives are checked against
  declared sizes and compression ratios before anything decompresses them; Python's
  ``zipfile`` refuses to inflate a member beyond its declared size, so the declared sizes
  are binding.  XML parts carrying a DOCTYPE (entity tricks) are refused outright.
* Cells are streamed with openpyxl's read-only reader (``data_only=True``: formulas give
  their cached values), opening only the chosen worksheet and skipping openpyxl's up-front
  size scan, so reading stops as soon as the row limit is exceeded even when the sheet has
  no ``<dimension>``.  Only then is the worksheet XML scanned once more with lxml
  ``iterparse`` to collect what read-only openpyxl does not expose: the merged ranges
  (``<mergeCell ref>``, which sit after ``<sheetData>``) and the formula cells that carry
  no cached value.  A merged range's value is copied into the covered cells of data rows
  that have content of their own; a row whose only content would come from a merge is
  still an empty row.  The first visible worksheet is read unless one is named.
* CSV is decoded as UTF-8 (BOM optional), UTF-16 with a BOM (Excel's "Unicode text"), or
  else Windows-1258; the delimiter is sniffed from the header line (or an Excel
  ``sep=`` line).  Reading raises the process-wide ``csv.field_size_limit`` to the byte
  limit so that over-long cells become cell errors instead of parser failures.
* Problems with one cell never stop the reading: every one is reported in
  ``SheetRows.cell_errors``; header problems are reported there too, with the path ``""``.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
import zipfile
import zlib
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, NamedTuple

import openpyxl
from lxml import etree
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.utils.datetime import CALENDAR_WINDOWS_1900, from_excel
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

MSG_NOT_SHEET = "Tệp không phải bảng tính Excel (.xlsx) hay CSV."
MSG_OLE2 = (
    "Tệp bảng tính được đặt mật khẩu hoặc là định dạng .xls cũ; hãy lưu lại dưới dạng .xlsx không mật khẩu."
)
MSG_CORRUPT = "Tệp bảng tính bị hỏng, không đọc được; hãy mở bằng Excel và lưu lại dạng .xlsx."
MSG_NO_HEADER = "Bảng tính trống: dòng đầu tiên phải là tên các cột."
MSG_FORMULA = "Ô chứa công thức chưa có giá trị tính sẵn; hãy mở tệp bằng Excel và lưu lại."
GUIDE_SHEET = "Hướng dẫn"
DATA_SHEET = "Dữ liệu"

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_MAX_MEMBERS = 10_000
_MAX_MERGES = 100_000
_BOMB_RATIO = 200
_BOMB_MIN_SIZE = 1 << 20
_TEXT_KINDS = ("string", "date", "lines")
_TRUE = {"true", "có", "co", "x", "1", "yes", "đúng"}
_FALSE = {"false", "không", "khong", "0", "no", "sai"}
_INT_RE = re.compile(r"[+-]?[0-9]{1,30}")
_NUM_RE = re.compile(r"[+-]?[0-9]{1,30}(?:[.,][0-9]{1,30})?")
_DATE_RE = re.compile(
    r"(?:([0-9]{1,2})([/.-])([0-9]{1,2})\2([0-9]{4})|([0-9]{4})-([0-9]{1,2})-([0-9]{1,2}))"
    r"(?:[ T][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)?"
)
_DATE_WORDS_RE = re.compile(r"ngày\s*([0-9]{1,2})\s*tháng\s*([0-9]{1,2})\s*năm\s*([0-9]{4})", re.IGNORECASE)
# What reading a damaged or exotic zip member can raise (encrypted members: RuntimeError).
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    OSError,
    EOFError,
    ValueError,
    NotImplementedError,
    RuntimeError,
)
_ESCAPE_RE = re.compile(r"_x([0-9A-Fa-f]{4})_")


class SpreadsheetError(Exception):
    """The whole file cannot be read; ``errors`` are ``{"path": "", "message": …}`` dicts."""

    def __init__(self, errors: list[dict[str, str]] | str) -> None:
        if isinstance(errors, str):
            errors = [{"path": "", "message": errors}]
        self.errors = errors
        super().__init__("; ".join(e["message"] for e in errors))


@dataclass(frozen=True)
class SheetLimits:
    max_bytes: int = 20 * 1024 * 1024
    max_rows: int = 20000
    max_uncompressed: int = 200 * 1024 * 1024
    max_cell_chars: int = 200_000


@dataclass
class SheetRows:
    items: list[dict]
    row_numbers: list[int]  # Excel row number (1-based) of each item
    cell_errors: list[dict]  # {"path", "message", "row", "column"}; path "" = header problem


class _Cell(NamedTuple):
    value: Any  # str | int | float | bool | datetime | time | timedelta | None
    fmt: str = "General"  # Excel number format, for numbers
    kind: str = "v"  # "v" value, "e" Excel error such as #N/A, "f" formula without value


class _Column(NamedTuple):
    index: int
    header: str
    path: tuple[str, ...]
    kind: str


class _Field(NamedTuple):
    header: str
    path: tuple[str, ...]
    kind: str | None
    required: str
    title: str
    description: str


@dataclass
class _Sheet:
    rows: list[tuple[int, list[_Cell | None]]]
    epoch: datetime = CALENDAR_WINDOWS_1900
    merges: tuple[tuple[int, int, int, int], ...] = ()
    uncached: frozenset[tuple[int, int]] = frozenset()


# --------------------------------------------------------------------------- reading


def read_table(
    data: bytes,
    schema: dict,
    *,
    limits: SheetLimits = SheetLimits(),
    labels: dict[str, str] | None = None,
    sheet: str | None = None,
) -> SheetRows:
    """Read an .xlsx or .csv upload into items shaped by ``schema`` (``sheet`` is xlsx-only).

    ``labels`` (header → Vietnamese label, for recognising the label row) completes the
    schema's titles (``column_labels``); a header missing from both never matches.  Raises
    SpreadsheetError for whole-file problems; cell problems go to ``cell_errors``.
    """
    if len(data) > limits.max_bytes:
        raise SpreadsheetError(f"Tệp quá lớn ({_size(len(data))}); giới hạn là {_size(limits.max_bytes)}.")
    if not data.strip():
        raise SpreadsheetError(MSG_NO_HEADER)
    if data.startswith(_OLE2_MAGIC):
        raise SpreadsheetError(MSG_OLE2)
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        parsed = _read_xlsx(data, limits, sheet)
    else:
        parsed = _read_csv(data, limits)
    return _assemble(parsed, schema, {**column_labels(schema), **(labels or {})}, limits)


def _read_xlsx(data: bytes, limits: SheetLimits, wanted: str | None) -> _Sheet:
    archive = _open_zip(data, limits)
    names = set(archive.namelist())
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise SpreadsheetError(MSG_NOT_SHEET)
    _refuse_doctypes(archive)
    try:  # openpyxl's load_workbook(read_only=True) minus its per-sheet size scans
        reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
        reader.read_manifest()
        reader.read_strings()
        reader.read_workbook()
        apply_stylesheet(reader.archive, reader.wb)
        sheets = [
            (sheet.name, sheet.state, rel.target)
            for sheet, rel in reader.parser.find_sheets()
            if rel.Type.endswith("/worksheet") and rel.target in reader.valid_files
        ]
    except Exception as exc:  # openpyxl raises all kinds of errors on malformed files
        raise SpreadsheetError(MSG_CORRUPT) from exc
    try:
        name, path = _pick_sheet(sheets, wanted)
        ws = _StreamedSheet(reader.wb, name, path, reader.shared_strings)
        rows = _collect(enumerate(ws.iter_rows(), start=1), _xlsx_cell, limits)
    except SpreadsheetError:
        raise
    except Exception as exc:  # malformed XML surfaces while streaming
        raise SpreadsheetError(MSG_CORRUPT) from exc
    finally:
        reader.archive.close()
    merges, uncached = _scan_sheet_xml(archive, path, rows, limits)
    return _Sheet(rows, reader.wb.epoch, merges, uncached)


class _StreamedSheet(ReadOnlyWorksheet):
    """openpyxl's read-only sheet without the up-front size scan, which parses the whole
    sheet when ``<dimension>`` is missing (files from openpyxl's write-only mode): the rows
    are streamed once, stopping at the row limit, and no padding to a declared size."""

    def _get_size(self) -> None:
        return None


def _open_zip(data: bytes, limits: SheetLimits) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except _ZIP_ERRORS as exc:
        raise SpreadsheetError(MSG_CORRUPT) from exc
    bomb = (
        f"Tệp bảng tính khi giải nén quá lớn (giới hạn {_size(limits.max_uncompressed)}) "
        "hoặc có dấu hiệu là tệp nén độc hại; không thể xử lý."
    )
    if len(members) > _MAX_MEMBERS:
        raise SpreadsheetError(bomb)
    total = 0
    for info in members:
        total += info.file_size
        ratio_too_high = info.file_size > _BOMB_RATIO * max(info.compress_size, 1)
        if info.file_size > _BOMB_MIN_SIZE and ratio_too_high:
            raise SpreadsheetError(bomb)
    if total > limits.max_uncompressed:
        raise SpreadsheetError(bomb)
    return archive


def _refuse_doctypes(archive: zipfile.ZipFile) -> None:
    """No genuine OOXML part has a DOCTYPE; one signals an entity-expansion attack."""
    for info in archive.infolist():
        if not info.filename.endswith((".xml", ".rels")):
            continue
        try:
            with archive.open(info) as part:
                head = part.read(4096)
        except _ZIP_ERRORS as exc:
            raise SpreadsheetError(MSG_CORRUPT) from exc
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            head = head[: len(head) // 2 * 2].decode("utf-16", "ignore").encode()
        if b"<!DOCTYPE" in head.upper() or b"<!ENTITY" in head.upper():
            raise SpreadsheetError(MSG_CORRUPT)


def _pick_sheet(sheets: list[tuple[str, str, str]], wanted: str | None) -> tuple[str, str]:
    """(name, zip path) of the requested worksheet, else of the first visible one."""
    if not sheets:
        raise SpreadsheetError("Tệp không có trang tính (worksheet) nào.")
    if wanted is None:
        visible = [s for s in sheets if s[1] == "visible"] or sheets
        return visible[0][0], visible[0][2]
    for name, _, path in sheets:
        if name == wanted or _fold(name) == _fold(wanted):
            return name, path
    listed = ", ".join(f"'{s[0]}'" for s in sheets)
    raise SpreadsheetError(f"Không có trang tính '{_show(wanted)}'. Các trang tính trong tệp: {listed}.")


def _xlsx_cell(cell: Any) -> _Cell | None:
    value = cell.value
    if value is None:
        return None
    if cell.data_type == "e":
        return _Cell(value, kind="e")
    if isinstance(value, str):
        if not value.strip():
            return None
        if "_x" in value:  # OOXML escapes such as _x000D_
            value = _ESCAPE_RE.sub(lambda m: chr(int(m.group(1), 16)), value)
        return _Cell(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return _Cell(value, cell.number_format or "General")
        except (IndexError, KeyError):  # style index out of range in a sloppy file
            return _Cell(value)
    return _Cell(value)


def _collect(
    rows: Iterable[tuple[int, Any]],
    convert: Callable[[Any], _Cell | None],
    limits: SheetLimits,
) -> list[tuple[int, list[_Cell | None]]]:
    """Keep the non-empty rows, cut to the header's width; stop past the row limit."""
    kept: list[tuple[int, list[_Cell | None]]] = []
    width: int | None = None
    for number, raw in rows:
        if width is not None:
            raw = raw[:width]
        cells = [convert(x) for x in raw]
        filled = [j for j, c in enumerate(cells) if c is not None]
        if not filled:
            continue
        if width is None:
            width = filled[-1] + 1
            cells = cells[:width]
        kept.append((number, cells))
        if len(kept) > limits.max_rows + 2:  # header and label rows aside
            raise _too_many_rows(limits)
    return kept


def _scan_sheet_xml(
    archive: zipfile.ZipFile,
    path: str,
    rows: list[tuple[int, list[_Cell | None]]],
    limits: SheetLimits,
) -> tuple[tuple[tuple[int, int, int, int], ...], frozenset[tuple[int, int]]]:
    """Merged ranges and formula cells without cached value (row, column), 1-based."""
    if not rows:
        return (), frozenset()
    header_row, width = rows[0][0], len(rows[0][1])
    known = {number for number, _ in rows}
    extra_rows: set[int] = set()
    merges: list[tuple[int, int, int, int]] = []
    uncached: set[tuple[int, int]] = set()
    row_tag, merge_tag = f"{{{_MAIN_NS}}}row", f"{{{_MAIN_NS}}}mergeCell"
    f_tag, v_tag = f"{{{_MAIN_NS}}}f", f"{{{_MAIN_NS}}}v"
    number = 0
    try:
        with archive.open(path) as source:
            parts = etree.iterparse(
                source,
                tag=(row_tag, merge_tag),
                resolve_entities=False,
                no_network=True,
            )
            for _, el in parts:
                if el.tag == merge_tag:
                    try:
                        merges.append(range_boundaries(el.get("ref", "")))
                    except (ValueError, TypeError):
                        pass
                    if len(merges) > _MAX_MERGES:
                        raise SpreadsheetError("Bảng tính có quá nhiều ô gộp.")
                    continue
                number = int(el.get("r") or number + 1)
                for formula in el.iter(f_tag):  # C-level search: plain cells cost nothing
                    cell = formula.getparent()
                    cached = cell.find(v_tag)
                    if cached is not None and (cached.text or cell.get("t") == "str"):
                        continue
                    ref = cell.get("r")
                    column = coordinate_to_tuple(ref)[1] if ref else el.index(cell) + 1
                    if number > header_row and column <= width:
                        uncached.add((number, column))
                        if number not in known:
                            extra_rows.add(number)
                if len(known) + len(extra_rows) > limits.max_rows + 2:
                    raise _too_many_rows(limits)
                el.clear()
                while el.getprevious() is not None:
                    del el.getparent()[0]
    except (etree.XMLSyntaxError, KeyError, *_ZIP_ERRORS) as exc:
        raise SpreadsheetError(MSG_CORRUPT) from exc
    return tuple(merges), frozenset(uncached)


def _read_csv(data: bytes, limits: SheetLimits) -> _Sheet:
    text = _decode_text(data)
    newline = text.find("\n")
    first = text[: newline if newline >= 0 else len(text)].rstrip("\r")
    if re.fullmatch(r"sep=.", first, re.IGNORECASE):  # Excel's delimiter hint line
        delimiter, text = first[4], text[newline + 1 :] if newline >= 0 else ""
    else:
        counts = [(first.count(d), d) for d in (",", ";", "\t")]
        best = max(counts, key=lambda pair: pair[0])  # the first of equals wins
        delimiter = best[1] if best[0] else ","
    if csv.field_size_limit() <= limits.max_bytes:
        csv.field_size_limit(limits.max_bytes + 1)  # only ever raised; cells checked below
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = _collect(enumerate(reader, start=1), _csv_cell, limits)
    except csv.Error as exc:
        raise SpreadsheetError(
            f"Tệp CSV sai định dạng ở dòng {reader.line_num}; hãy mở bằng Excel và lưu lại."
        ) from exc
    return _Sheet(rows)


def _decode_text(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings: tuple[str, ...] = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "cp1258")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text.lstrip("\ufeff")
    raise SpreadsheetError(MSG_NOT_SHEET)


def _csv_cell(value: str) -> _Cell | None:
    return _Cell(value) if value.strip() else None


# --------------------------------------------------------------------------- assembling


def _assemble(sheet: _Sheet, schema: dict, labels: dict[str, str], limits: SheetLimits) -> SheetRows:
    if not sheet.rows:
        raise SpreadsheetError(MSG_NO_HEADER)
    header_row, header_cells = sheet.rows[0]
    headers = [_clean(_as_text(c)) if c else "" for c in header_cells]
    width = len(headers)
    columns, errors = _map_columns(headers, header_row, schema)
    body = sheet.rows[1:]
    last_skipped = header_row
    if body and _is_label_row(body[0][1], headers, labels):
        last_skipped, body = body[0][0], body[1:]
    grid = {number: cells + [None] * (width - len(cells)) for number, cells in body}
    for number, column in sheet.uncached:
        if number > last_skipped:
            cells = grid.setdefault(number, [None] * width)
            cells[column - 1] = cells[column - 1] or _Cell(None, kind="f")
    if len(grid) > limits.max_rows:
        raise _too_many_rows(limits)
    numbers = sorted(grid)
    _fill_merges(sheet, grid, numbers, width)
    items: list[dict] = []
    for number in numbers:
        item: dict = {}
        for col in columns:
            cell = grid[number][col.index]
            if cell is None:
                continue
            value, problem = _convert(cell, col.kind, sheet.epoch, limits.max_cell_chars)
            if problem is not None:
                pointer = "".join("/" + p.replace("~", "~0").replace("/", "~1") for p in col.path)
                errors.append(
                    {
                        "path": f"/items/{len(items)}{pointer}",
                        "message": problem,
                        "row": number,
                        "column": col.header,
                    }
                )
            elif value is not None:
                target = item
                for part in col.path[:-1]:
                    target = target.setdefault(part, {})
                target[col.path[-1]] = value
        items.append(item)
    return SheetRows(items, numbers, errors)


def _fill_merges(sheet: _Sheet, grid: dict[int, list[_Cell | None]], numbers: list[int], width: int) -> None:
    """Copy each merged range's top-left value into the covered cells of data rows."""
    everything = {number: cells for number, cells in sheet.rows} | grid
    budget = 4 * (len(numbers) + 1) * (width + 1) + 10_000
    for min_col, min_row, max_col, max_row in sheet.merges:
        source_row = everything.get(min_row)
        if source_row is None or min_col > len(source_row):
            continue
        source = source_row[min_col - 1]
        if source is None:
            continue
        covered = numbers[bisect_left(numbers, min_row) : bisect_right(numbers, max_row)]
        budget -= len(covered) * max(0, min(max_col, width) - min_col + 1)
        if budget < 0:
            raise SpreadsheetError("Bảng tính có các vùng ô gộp chồng lên nhau; hãy bỏ gộp ô rồi lưu lại.")
        for number in covered:
            cells = grid[number]
            for j in range(min_col - 1, min(max_col, width)):
                if cells[j] is None:
                    cells[j] = source


def _map_columns(headers: list[str], header_row: int, schema: dict) -> tuple[list[_Column], list[dict]]:
    columns: list[_Column] = []
    errors: list[dict] = []
    seen: dict[str, int] = {}
    for index, header in enumerate(headers):
        if not header:
            continue
        letter = get_column_letter(index + 1)
        problem = None
        if header in seen:
            first = get_column_letter(seen[header] + 1)
            problem = f"Cột '{_show(header)}' bị lặp (cột {first} và cột {letter}); hãy giữ lại một cột."
        else:
            seen[header] = index
            found = _lookup(schema, header)
            if isinstance(found, str):
                problem = found
            else:
                columns.append(_Column(index, header, found[0], found[1]))
        if problem:
            errors.append({"path": "", "message": problem, "row": header_row, "column": header})
    return columns, errors


def _is_label_row(cells: list[_Cell | None], headers: list[str], labels: dict) -> bool:
    filled = [(j, c) for j, c in enumerate(cells) if c is not None]
    if not all(c.kind == "v" and isinstance(c.value, str) for _, c in filled):
        return False  # labels are text; "#N/A" and numbers belong to data rows
    texts = [(j, _clean(c.value)) for j, c in filled]
    if texts[0][1].startswith("#"):
        return True
    for j, text in texts:
        label = labels.get(headers[j]) if j < len(headers) and headers[j] else None
        if not isinstance(label, str) or _fold(label) != _fold(text):
            return False
    return True


# --------------------------------------------------------------------------- schema


def _resolve(node: Any, root: dict) -> dict:
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
            out.extend(_resolve(b, root) for b in node[key])
    return out


def _kind(node: Any, root: dict, depth: int = 0) -> str | None:
    """How a schema node fits in cells: "string", "date", "integer", "number", "boolean",
    "lines" (array of strings, one a line), "object" (dotted columns) or None (cannot).

    >>> _kind({"type": ["integer", "null"]}, {})
    'integer'
    >>> _kind({"type": "array", "items": {"type": "string"}}, {})
    'lines'
    >>> _kind({"oneOf": [{"type": "string"}, {"type": "array"}]}, {})
    'string'
    """
    node = _resolve(node, root)
    types = node.get("type")
    if isinstance(types, str):
        types = [types]
    if types is None:
        for branch in _branches(node, root):
            kind = _kind(branch, root, depth + 1) if depth < 16 else None
            if kind not in (None, "null"):
                return kind
        if "properties" in node:
            return "object"
        options = node.get("enum", [node["const"]] if "const" in node else [])
        if options and all(isinstance(v, int) and not isinstance(v, bool) for v in options):
            return "integer"
        return "string"
    if "string" in types:
        return "date" if node.get("format") == "date" else "string"
    for name in ("integer", "number", "boolean"):
        if name in types:
            return name
    if "array" in types:
        items = node.get("items", {})
        return "lines" if _kind(items, root, depth + 1) == "string" else None
    if "object" in types:
        return "object"
    return "null" if "null" in types else None


def _properties(node: Any, root: dict) -> tuple[dict, set]:
    node = _resolve(node, root)
    props = dict(node.get("properties") or {})
    required = set(node.get("required") or [])
    for branch in _branches(node, root):
        for name, sub in (branch.get("properties") or {}).items():
            props.setdefault(name, sub)
    for branch in node.get("allOf") or []:
        required |= set(_resolve(branch, root).get("required") or [])
    return props, required


def _lookup(schema: dict, header: str) -> tuple[tuple[str, ...], str] | str:
    """(path, kind) of a dotted header, or a clerk-facing message saying why not.

    >>> s = {"properties": {"nguoi_ky": {"type": "object",
    ...      "properties": {"ho_ten": {"type": "string"}}}}}
    >>> _lookup(s, "nguoi_ky.ho_ten")
    (('nguoi_ky', 'ho_ten'), 'string')
    """
    node: Any = schema
    kind: str | None = "object"
    parts = header.split(".")
    for part in parts:
        props, _ = _properties(node, schema)
        if kind != "object" or part not in props:
            return (
                f"Cột '{_show(header)}' không có trong mẫu văn bản này; "
                "hãy sửa tên cột cho đúng hoặc xoá cột."
            )
        node = props[part]
        kind = _kind(node, schema)
    if kind == "object":
        first = next(iter(_properties(node, schema)[0]), "ten_truong")
        return f"Cột '{_show(header)}' là một nhóm trường; hãy dùng các cột con, ví dụ '{header}.{first}'."
    if kind in (None, "null"):
        return (
            f"Cột '{_show(header)}' là một bảng nhiều cột, không nhập được trong một ô; "
            "hãy xoá cột này và nhập phần đó trên trang web hoặc qua API."
        )
    return tuple(parts), kind


def _fields(schema: dict) -> list[_Field]:
    """Every field of the schema in order; ``kind`` None = not representable in cells."""
    found: list[_Field] = []

    def walk(node: Any, prefix: str, optional_parent: str | None, depth: int) -> None:
        props, required = _properties(node, schema)
        for name, sub in props.items():
            header, kind = prefix + name, _kind(sub, schema)
            if name not in required:
                status = "Không"
            else:
                status = f"Có, nếu nhập {optional_parent}" if optional_parent else "Có"
            if kind == "object" and depth < 8:
                parent = optional_parent if name in required else optional_parent or header
                walk(sub, header + ".", parent, depth + 1)
                continue
            resolved = _resolve(sub, schema)
            title, text = str(resolved.get("title") or ""), str(resolved.get("description") or "")
            usable = kind if kind not in ("object", "null") else None
            found.append(_Field(header, tuple(header.split(".")), usable, status, title, text))

    walk(schema, "", None, 0)
    return found


def column_labels(schema: dict) -> dict[str, str]:
    """Header → the field's ``title``, for every column a spreadsheet can have.

    >>> column_labels({"properties": {"so": {"type": "integer", "title": "Số"}}})
    {'so': 'Số'}
    """
    return {f.header: f.title for f in _fields(schema) if f.kind is not None and f.title}


# --------------------------------------------------------------------------- cell values


def _convert(cell: _Cell, kind: str, epoch: datetime, max_chars: int) -> tuple[Any, str | None]:
    """(value or None to omit, error message or None) for one cell of a column kind."""
    if cell.kind == "f":
        return None, MSG_FORMULA
    if cell.kind == "e":
        return None, f"Ô bị lỗi {cell.value}; hãy sửa công thức hoặc nhập giá trị."
    value = cell.value
    if isinstance(value, str) and len(value) > max_chars:
        return None, (f"Ô dài {_vn_int(len(value))} ký tự, vượt giới hạn {_vn_int(max_chars)} ký tự.")
    if kind == "date":
        found = _to_date(value, epoch)
        if found is None:
            return None, (
                f"Ngày không hợp lệ: '{_show(_as_text(cell))}'. "
                "Hãy nhập theo dạng ngày/tháng/năm, ví dụ 05/02/2024."
            )
        return found.isoformat(), None
    if kind in ("integer", "number"):
        number = _to_number(value, integer=kind == "integer")
        if number is None:
            noun = "số nguyên" if kind == "integer" else "số"
            return None, f"Giá trị '{_show(_as_text(cell))}' không phải {noun}."
        return number, None
    if kind == "boolean":
        if isinstance(value, bool):
            return value, None
        word = _fold(_as_text(cell))
        if word in _TRUE or word in _FALSE:
            return word in _TRUE, None
        return None, f"Giá trị '{_show(_as_text(cell))}' không phải Có/Không."
    text = _clean(_as_text(cell))
    if kind == "lines":
        lines = [line.strip() for line in text.split("\n")]
        return [line for line in lines if line] or None, None
    return text or None, None


def _to_date(value: Any, epoch: datetime) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 2958466:  # Excel serial numbers up to 9999-12-31
            try:
                found = from_excel(value, epoch)
            except (OverflowError, ValueError):
                return None
            return found.date() if isinstance(found, datetime) else None
        return None
    return _parse_date_text(_clean(value)) if isinstance(value, str) else None


def _parse_date_text(text: str) -> date | None:
    """A date typed as text, day first as in Vietnam; None when it is not one.

    >>> [str(_parse_date_text(t)) for t in ("05/02/2024", "5/2/2024", "05-02-2024",
    ...                                      "2024-02-05", "05.02.2024")]
    ['2024-02-05', '2024-02-05', '2024-02-05', '2024-02-05', '2024-02-05']
    >>> _parse_date_text("ngày 5 tháng 2 năm 2024")
    datetime.date(2024, 2, 5)
    >>> _parse_date_text("31/02/2024") is None, _parse_date_text("5/2/24") is None
    (True, True)
    """
    text = text.strip()
    match = _DATE_RE.fullmatch(text)
    if match:
        day, _, month, year, iso_year, iso_month, iso_day = match.groups()
        parts = (year, month, day) if year else (iso_year, iso_month, iso_day)
    elif found := _DATE_WORDS_RE.fullmatch(text):
        parts = (found.group(3), found.group(2), found.group(1))
    else:
        return None
    try:
        return date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        return None


def _to_number(value: Any, *, integer: bool) -> int | float | None:
    """An int (or float for a "number" field) from a cell value, or None.

    >>> _to_number(12.0, integer=True), _to_number(" 007 ", integer=True)
    (12, 7)
    >>> _to_number(12.5, integer=True) is None, _to_number("2,5", integer=False)
    (True, 2.5)
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int) or (isinstance(value, float) and not integer):
        return value
    if not isinstance(value, str):
        return None
    text = _clean(value)
    if _INT_RE.fullmatch(text):
        return int(text)
    if not integer and _NUM_RE.fullmatch(text):
        return float(text.replace(",", "."))
    return None


def _as_text(cell: _Cell | None) -> str:
    """What the clerk typed or sees, as text."""
    value = None if cell is None else cell.value
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        text = f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
        return text if value.time() == time() else f"{text} {_clock(value.time())}"
    if isinstance(value, date):
        return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
    if isinstance(value, time):
        return _clock(value)
    if isinstance(value, (int, float)):
        return _number_text(value, cell.fmt if cell is not None else "General")
    if isinstance(value, timedelta):
        return str(value)
    return str(value)


def _clock(value: time) -> str:
    return f"{value:%H:%M:%S}" if value.second else f"{value:%H:%M}"


def _number_text(value: float, fmt: str) -> str:
    """The text Excel shows for a number: integers without ".0", codes with their zeros.

    >>> _number_text(123, "00000"), _number_text(12.0, "General"), _number_text(-5, "000")
    ('00123', '12', '-005')
    >>> _number_text(0.1 + 0.2, "General"), _number_text(0.5, "0%")
    ('0.3', '50%')
    """
    section = (fmt or "General").split(";")[0]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if section.endswith("%") and not section.endswith("\\%"):
        return _number_text(value * 100, "General") + "%"
    if isinstance(value, int):
        if re.fullmatch(r"0+", section):
            return ("-" if value < 0 else "") + str(abs(value)).zfill(len(section))
        return str(value)
    text = f"{value:.15g}"
    if "e" in text:
        text = f"{value:.15f}".rstrip("0").rstrip(".")
    return text


def _clean(text: str) -> str:
    """NFC text with ``\\n`` line ends and no surrounding blanks.

    >>> _clean(" Nguye\\u0302\\u0303n\\r\\nVa\\u0306n ") == "Nguyễn\\nVăn"
    True
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text).strip()


def _fold(text: str) -> str:
    return " ".join(_clean(text).casefold().split())


def _show(text: str, limit: int = 80) -> str:
    text = _clean(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _vn_int(number: int) -> str:
    """
    >>> _vn_int(20000)
    '20.000'
    """
    return f"{number:,}".replace(",", ".")


def _size(number: int) -> str:
    """
    >>> _size(20 * 1024 * 1024), _size(1536), _size(10)
    ('20 MB', '1,5 KB', '10 byte')
    """
    for unit, scale in (("MB", 1 << 20), ("KB", 1 << 10)):
        if number >= scale:
            text = f"{number / scale:.1f}".replace(".", ",").removesuffix(",0")
            return f"{text} {unit}"
    return f"{number} byte"


def _too_many_rows(limits: SheetLimits) -> SpreadsheetError:
    return SpreadsheetError(
        f"Bảng tính có quá nhiều dòng: tối đa {_vn_int(limits.max_rows)} dòng dữ liệu "
        "mỗi lần; hãy chia thành nhiều tệp nhỏ hơn."
    )


# --------------------------------------------------------------------------- examples

_HINTS = {
    "string": "Chữ",
    "date": "Ngày, dạng ngày/tháng/năm (ví dụ 05/02/2024)",
    "integer": "Số nguyên",
    "number": "Số",
    "boolean": "Có/Không",
    "lines": "Danh sách: mỗi mục một dòng trong cùng ô (Alt+Enter để xuống dòng)",
}


def _example_value(example: dict, path: tuple[str, ...]) -> Any:
    value: Any = example
    for part in path:
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _example_text(value: Any, kind: str | None) -> str:
    """The example value as a clerk would type it (dates day first, lists one a line)."""
    if value is None:
        return ""
    if kind == "date" and isinstance(value, str):
        found = _DATE_RE.fullmatch(value)
        if found and found.group(5):
            return f"{int(found.group(7)):02d}/{int(found.group(6)):02d}/{found.group(5)}"
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return str(value)


def example_workbook(schema: dict, example: dict, labels: dict[str, str]) -> bytes:
    """An .xlsx to fill in: field names, Vietnamese labels, one example row, a guide sheet.

    Text, date and list columns are formatted as text ("@") so that Excel keeps leading
    zeros and does not reinterpret dates with the computer's locale.
    """
    fields = _fields(schema)
    cells = [f for f in fields if f.kind is not None]
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = DATA_SHEET
    bold, muted = Font(bold=True), Font(italic=True, color="555555")
    tint = PatternFill("solid", fgColor="DDEBF7")
    lines_needed = 1
    for col, spec in enumerate(cells, start=1):
        head = ws.cell(1, col, spec.header)
        head.font, head.fill = bold, tint
        label = ws.cell(2, col, labels.get(spec.header) or None)
        label.font = muted
        value = _example_value(example, spec.path)
        target = ws.cell(3, col)
        if spec.kind in _TEXT_KINDS or not isinstance(value, (int, float)):
            text = _example_text(value, spec.kind)
            if text:
                target.value = text
                target.data_type = "s"  # never a formula, even if it starts with "="
            target.number_format = "@"
            ws.column_dimensions[get_column_letter(col)].number_format = "@"
        else:
            target.value = value
        target.alignment = Alignment(wrap_text=True, vertical="top")
        shown = _example_text(value, spec.kind).split("\n")
        lines_needed = max(lines_needed, len(shown))
        longest = max(len(spec.header), len(labels.get(spec.header) or ""), *map(len, shown))
        ws.column_dimensions[get_column_letter(col)].width = min(max(longest + 2, 10), 60)
    ws.row_dimensions[3].height = 15 * min(lines_needed, 15)
    ws.freeze_panes = "A3"
    _guide_sheet(book, fields, labels)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _guide_sheet(book: openpyxl.Workbook, fields: list[_Field], labels: dict) -> None:
    guide = book.create_sheet(GUIDE_SHEET)
    titles = ("Cột", "Tên trường", "Bắt buộc", "Kiểu dữ liệu", "Mô tả")
    guide.append(titles)
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for spec in fields:
        hint = _HINTS.get(spec.kind or "", "Không nhập được trong bảng tính (dùng trang web)")
        label = labels.get(spec.header) or spec.title
        guide.append((spec.header, label, spec.required, hint, spec.description or spec.title))
    guide.append(())
    for note in (
        f"Mỗi dòng từ dòng 3 của trang '{DATA_SHEET}' là một văn bản; dòng 1 giữ nguyên.",
        "Dòng 2 (tên tiếng Việt) có thể giữ hoặc xoá.",
        "Ô để trống là không nhập trường đó.",
    ):
        guide.append((note,))
    for letter, width in zip("ABCDE", (28, 30, 18, 45, 60), strict=True):
        guide.column_dimensions[letter].width = width
    guide.freeze_panes = "A2"


def example_csv(schema: dict, example: dict) -> bytes:
    """A UTF-8 (with BOM, for Excel) CSV: the header row and one example row.

    Dates are written day first (dd/mm/yyyy) so that Excel, whatever its locale, saves
    them back in a form read_table understands.
    """
    cells = [f for f in _fields(schema) if f.kind is not None]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([f.header for f in cells])
    writer.writerow([_example_text(_example_value(example, f.path), f.kind) for f in cells])
    return codecs.BOM_UTF8 + out.getvalue().encode("utf-8")
