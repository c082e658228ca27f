"""Spreadsheet adapter: an uploaded .xlsx or .csv becomes rows of dicts shaped by a JSON Schema.

Layout expected from clerks: the first non-empty row holds field names (dotted for nested
fields, ``nguoi_ky.ho_ten``); an optional next row of Vietnamese labels is recognised and
skipped; every later non-empty row is one item.  Row numbers reported back are the ones
Excel shows, whatever rows were skipped.

Design decisions:

* The format is detected by content, never by file name.  Zip archives are checked against
  declared sizes and compression ratios before anything decompresses them; Python's
  ``zipfile`` refuses to inflate a member beyond its declared size, so the declared sizes
  are binding.  Every XML part, whatever its name, is streamed through expat first and refused
  if it declares a DOCTYPE or an entity anywhere (service/adapters/sheet_guard.py); the same
  pass counts markup against ``SheetLimits.max_cells`` (a ratio guard does not bound work),
  and the cells read are counted against it too.  With ``SheetLimits.timeout_s`` the whole
  reading runs in a child process with CPU, memory and wall-clock limits.
* Cells are streamed with openpyxl's read-only reader (``data_only=True``: formulas give
  their cached values), opening only the chosen worksheet and skipping openpyxl's up-front
  size scan, so reading stops as soon as the row limit is exceeded even when the sheet has
  no ``<dimension>``.  Only then is the worksheet XML scanned once more with lxml
  ``iterparse`` to collect what read-only openpyxl does not expose: the merged ranges
  (``<mergeCell ref>``, which sit after ``<sheetData>``) and the formula cells that carry
  no cached value.  The first visible worksheet is read unless one is named.
* CSV is decoded as UTF-8 (BOM optional), UTF-16 with a BOM (Excel's "Unicode text"), or
  else Windows-1258; the delimiter is sniffed from the header line (or an Excel
  ``sep=`` line).  Reading raises the process-wide ``csv.field_size_limit`` to the byte
  limit so that over-long cells become cell errors instead of parser failures.
* Problems with one cell never stop the reading: every one is reported in
  ``SheetRows.cell_errors``; header problems are reported there too, with the path ``""``.

This module reads the file into rows; the rest lives in companions, and every public name
stays importable from here:

* service.adapters.spreadsheet_rows: the row model, ``SpreadsheetError``/``SheetLimits``/
  ``SheetRows``, and the assembling of rows into items (label row, merges, cell kinds);
* service.adapters.spreadsheet_example: ``example_workbook`` and ``example_csv``;
* service.domain.sheet_columns: schema → columns (``column_labels``);
* service.domain.cell_values: the pure cell-text helpers (dates, numbers, clean-up).
"""

from __future__ import annotations

import codecs
import csv
import dataclasses
import io
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as DefusedET
from lxml import etree
from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils import range_boundaries
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from service.adapters.sheet_guard import MSG_TOO_MUCH, SheetRefused, run_limited, scan_parts
from service.adapters.spreadsheet_example import (
    DATA_SHEET,
    GUIDE_SHEET,
    LIST_SHEET,
    ListSheet,
    example_csv,
    example_workbook,
)
from service.adapters.spreadsheet_rows import (
    MSG_FORMULA,
    MSG_NO_HEADER,
    Cell,
    Sheet,
    SheetLimits,
    SheetRows,
    SpreadsheetError,
    assemble,
    too_many_rows,
)
from service.domain.cell_values import fold, parse_date_text, show
from service.domain.sheet_columns import column_labels
from service.domain.text import byte_size, thousands

__all__ = [
    "DATA_SHEET",
    "GUIDE_SHEET",
    "LIST_SHEET",
    "MSG_CORRUPT",
    "MSG_FORMULA",
    "MSG_NOT_SHEET",
    "MSG_NO_HEADER",
    "MSG_OLE2",
    "ListSheet",
    "SheetLimits",
    "SheetRows",
    "SpreadsheetError",
    "column_labels",
    "example_csv",
    "example_workbook",
    "read_table",
    "sheet_names",
]

MSG_NOT_SHEET = "Tệp không phải bảng tính Excel (.xlsx) hay CSV."
MSG_OLE2 = (
    "Tệp bảng tính được đặt mật khẩu hoặc là định dạng .xls cũ; hãy lưu lại dưới dạng .xlsx không mật khẩu."
)
MSG_CORRUPT = "Tệp bảng tính bị hỏng, không đọc được; hãy mở bằng Excel và lưu lại dạng .xlsx."
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_MAX_MEMBERS = 10_000
_MAX_WORKBOOK_PART = 4 << 20  # xl/workbook.xml lists the sheets: a few KB in real files
_MAX_MERGES = 100_000
_BOMB_RATIO = 200
_BOMB_MIN_SIZE = 1 << 20
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

# Kept importable here for callers of the former single module.
_parse_date_text = parse_date_text
_DEFAULT_LIMITS = SheetLimits()  # frozen: one shared default is safe


# --------------------------------------------------------------------------- reading


def read_table(
    data: bytes,
    schema: dict,
    *,
    limits: SheetLimits = _DEFAULT_LIMITS,
    labels: dict[str, str] | None = None,
    sheet: str | None = None,
) -> SheetRows:
    """Read an .xlsx or .csv upload into items shaped by ``schema`` (``sheet`` is xlsx-only).

    ``labels`` (header → Vietnamese label, for recognising the label row) completes the
    schema's titles (``column_labels``); a header missing from both never matches.  Raises
    SpreadsheetError for whole-file problems; cell problems go to ``cell_errors``.
    """
    if len(data) > limits.max_bytes:
        raise SpreadsheetError(
            f"Tệp quá lớn ({byte_size(len(data))}); giới hạn là {byte_size(limits.max_bytes)}."
        )
    if not data.strip():
        raise SpreadsheetError(MSG_NO_HEADER)
    if data.startswith(_OLE2_MAGIC):
        raise SpreadsheetError(MSG_OLE2)
    if limits.timeout_s > 0:  # everything else in a process of its own (sheet_guard)
        here = dataclasses.replace(limits, timeout_s=0.0)
        try:
            return run_limited(
                lambda: read_table(data, schema, limits=here, labels=labels, sheet=sheet),
                timeout_s=limits.timeout_s,
                memory_bytes=limits.memory_bytes,
            )
        except SheetRefused as exc:
            raise SpreadsheetError(exc.message) from exc
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        parsed = _read_xlsx(data, limits, sheet)
    else:
        parsed = _read_csv(data, limits)
    return assemble(parsed, schema, {**column_labels(schema), **(labels or {})}, limits)


def sheet_names(data: bytes, limits: SheetLimits = _DEFAULT_LIMITS) -> list[str]:
    """The names of an .xlsx's worksheets in order ([] for a CSV or anything unreadable: the
    reader then says what is wrong)."""
    if data[:4] not in (b"PK\x03\x04", b"PK\x05\x06") or len(data) > limits.max_bytes:
        return []
    try:  # only the small workbook part, parsed by defusedxml (no DTD, no entities)
        archive = _open_zip(data, limits)
        with archive.open("xl/workbook.xml") as part:
            xml = part.read(_MAX_WORKBOOK_PART + 1)
        if len(xml) > _MAX_WORKBOOK_PART:
            return []
        root = DefusedET.fromstring(xml)
    except (SpreadsheetError, KeyError, DefusedXmlException, DefusedET.ParseError, *_ZIP_ERRORS):
        return []
    return [str(el.get("name") or "") for el in root.iter(f"{{{_MAIN_NS}}}sheet")]


def _read_xlsx(data: bytes, limits: SheetLimits, wanted: str | None) -> Sheet:
    archive = _open_zip(data, limits)
    names = set(archive.namelist())
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise SpreadsheetError(MSG_NOT_SHEET)
    try:
        scan_parts(archive, limits.max_cells)
    except SheetRefused as exc:
        raise SpreadsheetError(exc.message) from exc
    except _ZIP_ERRORS as exc:
        raise SpreadsheetError(MSG_CORRUPT) from exc
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
    return Sheet(rows, reader.wb.epoch, merges, uncached)


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
        f"Tệp bảng tính khi giải nén quá lớn (giới hạn {byte_size(limits.max_uncompressed)}) "
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


def _pick_sheet(sheets: list[tuple[str, str, str]], wanted: str | None) -> tuple[str, str]:
    """(name, zip path) of the requested worksheet, else of the first visible one."""
    if not sheets:
        raise SpreadsheetError("Tệp không có trang tính (worksheet) nào.")
    if wanted is None:
        visible = [s for s in sheets if s[1] == "visible"] or sheets
        return visible[0][0], visible[0][2]
    for name, _, path in sheets:
        if name == wanted or fold(name) == fold(wanted):
            return name, path
    listed = ", ".join(f"'{s[0]}'" for s in sheets)
    raise SpreadsheetError(f"Không có trang tính '{show(wanted)}'. Các trang tính trong tệp: {listed}.")


def _xlsx_cell(cell: Any) -> Cell | None:
    value = cell.value
    if value is None:
        return None
    if cell.data_type == "e":
        return Cell(value, kind="e")
    if isinstance(value, str):
        if not value.strip():
            return None
        if "_x" in value:  # OOXML escapes such as _x000D_
            value = _ESCAPE_RE.sub(lambda m: chr(int(m.group(1), 16)), value)
        return Cell(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:
            return Cell(value, cell.number_format or "General")
        except (IndexError, KeyError):  # style index out of range in a sloppy file
            return Cell(value)
    return Cell(value)


def _collect(
    rows: Iterable[tuple[int, Any]],
    convert: Callable[[Any], Cell | None],
    limits: SheetLimits,
) -> list[tuple[int, list[Cell | None]]]:
    """Keep the non-empty rows, cut to the header's width; stop past the row limit."""
    kept: list[tuple[int, list[Cell | None]]] = []
    width: int | None = None
    cells_seen = 0
    for number, raw in rows:
        cells_seen += len(raw)
        if cells_seen > limits.max_cells:
            raise SpreadsheetError(MSG_TOO_MUCH.format(cells=thousands(limits.max_cells)))
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
            raise too_many_rows(limits)
    return kept


def _scan_sheet_xml(
    archive: zipfile.ZipFile,
    path: str,
    rows: list[tuple[int, list[Cell | None]]],
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
                    raise too_many_rows(limits)
                el.clear()
                while el.getprevious() is not None:
                    del el.getparent()[0]
    except (etree.XMLSyntaxError, KeyError, *_ZIP_ERRORS) as exc:
        raise SpreadsheetError(MSG_CORRUPT) from exc
    return tuple(merges), frozenset(uncached)


def _read_csv(data: bytes, limits: SheetLimits) -> Sheet:
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
    return Sheet(rows)


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


def _csv_cell(value: str) -> Cell | None:
    return Cell(value) if value.strip() else None
