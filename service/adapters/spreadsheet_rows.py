"""The row model shared by the spreadsheet readers, and rows → schema-shaped items.

The readers (service.adapters.spreadsheet) turn a file into a ``Sheet``: its non-empty rows
of ``Cell`` values with their Excel row numbers, the merged ranges and the formula cells
without cached value.  ``assemble`` maps the header row to schema columns
(service.domain.sheet_columns), skips an optional row of Vietnamese labels and converts
every cell by its column's kind.  A merged range's value is copied into the covered cells of
data rows that have content of their own; a row whose only content would come from a merge
is still an empty row.  Problems with one cell never stop the reading: every one is reported
in ``SheetRows.cell_errors``; header problems are reported there too, with the path ``""``.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, NamedTuple

from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import CALENDAR_WINDOWS_1900, from_excel

from service.domain.cell_values import (
    clean,
    fold,
    number_text,
    parse_date_text,
    parse_date_time_text,
    show,
    to_number,
)
from service.domain.sheet_columns import UnknownColumn, lookup_column, schema_fields, suggest_column
from service.domain.text import thousands
from service.errors import AdapterError, ValidationFailed

MSG_NO_HEADER = "Bảng tính trống: dòng đầu tiên phải là tên các cột."
MSG_FORMULA = "Ô chứa công thức chưa có giá trị tính sẵn; hãy mở tệp bằng Excel và lưu lại."
_TRUE = {"true", "có", "co", "x", "1", "yes", "đúng"}
_FALSE = {"false", "không", "khong", "0", "no", "sai"}


class SpreadsheetError(AdapterError):
    """The whole file cannot be read; ``errors`` are ``{"path": "", "message": …}`` dicts (422)."""

    public_message = "Không đọc được tệp bảng tính."
    problem = ValidationFailed

    def __init__(self, errors: list[dict[str, str]] | str) -> None:
        if isinstance(errors, str):
            errors = [{"path": "", "message": errors}]
        self.errors = errors
        super().__init__("; ".join(e["message"] for e in errors))

    def problem_errors(self) -> list[dict[str, Any]]:
        return [
            {"path": "/file", "message": e.get("message", ""), "code": "spreadsheet"} for e in self.errors
        ]


@dataclass(frozen=True)
class SheetLimits:
    max_bytes: int = 20 * 1024 * 1024
    max_rows: int = 20000
    max_uncompressed: int = 200 * 1024 * 1024
    max_cell_chars: int = 200_000
    # Work, not only size: cells read plus markup elements of every part (sheet_guard).
    max_cells: int = 1_000_000
    # > 0: read in a child process with this CPU/wall time and this much more memory.
    timeout_s: float = 0.0
    memory_bytes: int = 0


@dataclass
class SheetRows:
    items: list[dict]
    row_numbers: list[int]  # Excel row number (1-based) of each item
    cell_errors: list[dict]  # {"path", "message", "row", "column"}; path "" = header problem
    ignored_columns: list[str] = field(default_factory=list)  # headers of no field, not read


class Cell(NamedTuple):
    value: Any  # str | int | float | bool | datetime | time | timedelta | None
    fmt: str = "General"  # Excel number format, for numbers
    kind: str = "v"  # "v" value, "e" Excel error such as #N/A, "f" formula without value


class _Column(NamedTuple):
    index: int
    header: str
    path: tuple[str, ...]
    kind: str


@dataclass
class Sheet:
    rows: list[tuple[int, list[Cell | None]]]
    epoch: datetime = CALENDAR_WINDOWS_1900
    merges: tuple[tuple[int, int, int, int], ...] = ()
    uncached: frozenset[tuple[int, int]] = frozenset()


# --------------------------------------------------------------------------- assembling


def assemble(sheet: Sheet, schema: dict, labels: dict[str, str], limits: SheetLimits) -> SheetRows:
    if not sheet.rows:
        raise SpreadsheetError(MSG_NO_HEADER)
    header_row, header_cells = sheet.rows[0]
    headers = [clean(_as_text(c)) if c else "" for c in header_cells]
    width = len(headers)
    columns, errors, ignored = _map_columns(headers, header_row, schema)
    body = sheet.rows[1:]
    last_skipped = header_row
    mapped = {c.index for c in columns}
    read = [h if j in mapped else "" for j, h in enumerate(headers)]  # ignored columns: any label
    if body and _is_label_row(body[0][1], read, labels):
        last_skipped, body = body[0][0], body[1:]
    grid = {number: cells + [None] * (width - len(cells)) for number, cells in body}
    for number, column in sheet.uncached:
        if number > last_skipped:
            cells = grid.setdefault(number, [None] * width)
            cells[column - 1] = cells[column - 1] or Cell(None, kind="f")
    if len(grid) > limits.max_rows:
        raise too_many_rows(limits)
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
    return SheetRows(items, numbers, errors, ignored)


def _fill_merges(sheet: Sheet, grid: dict[int, list[Cell | None]], numbers: list[int], width: int) -> None:
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


def _map_columns(
    headers: list[str], header_row: int, schema: dict
) -> tuple[list[_Column], list[dict], list[str]]:
    """The columns read, the header problems, and the headers ignored: a header that names no
    field is an office's own column (ignored, and reported) unless it looks like a misspelt
    field name, which is refused with the suggestion."""
    columns: list[_Column] = []
    errors: list[dict] = []
    ignored: list[str] = []
    seen: dict[str, int] = {}
    names: list[str] | None = None
    for index, header in enumerate(headers):
        if not header:
            continue
        letter = get_column_letter(index + 1)
        problem = None
        if header in seen:
            first = get_column_letter(seen[header] + 1)
            problem = f"Cột '{show(header)}' bị lặp (cột {first} và cột {letter}); hãy giữ lại một cột."
        else:
            seen[header] = index
            found = lookup_column(schema, header)
            if isinstance(found, UnknownColumn):
                if names is None:
                    names = [f.header for f in schema_fields(schema) if f.kind not in (None, "null")]
                near = suggest_column(header, names)
                if near is None:
                    ignored.append(header)
                else:
                    problem = (
                        f"Cột '{show(header)}' (cột {letter}) không có trong mẫu văn bản này; "
                        f"có phải là '{near}'? Hãy sửa tên cột thành '{near}', hoặc đổi hẳn tên "
                        "khác nếu đó là cột riêng của cơ quan (cột riêng được bỏ qua)."
                    )
            elif isinstance(found, str):
                problem = found
            else:
                columns.append(_Column(index, header, found[0], found[1]))
        if problem:
            errors.append({"path": "", "message": problem, "row": header_row, "column": header})
    return columns, errors, ignored


def _is_label_row(cells: list[Cell | None], headers: list[str], labels: dict) -> bool:
    """Whether a row is the Vietnamese labels of the columns (row 2 of the example sheets):
    every cell under a column that is read holds that field's label (or nothing); cells under
    columns that are not read may hold anything."""
    filled = [(j, c) for j, c in enumerate(cells) if c is not None]
    if not filled or not all(c.kind == "v" and isinstance(c.value, str) for _, c in filled):
        return False  # labels are text; "#N/A" and numbers belong to data rows
    texts = [(j, clean(c.value)) for j, c in filled]
    if texts[0][1].startswith("#"):
        return True
    matched = 0
    for j, text in texts:
        header = headers[j] if j < len(headers) else ""
        if not header:
            continue
        label = labels.get(header)
        if not isinstance(label, str) or fold(label) != fold(text):
            return False
        matched += 1
    return matched > 0


# --------------------------------------------------------------------------- cell values


def _convert(cell: Cell, kind: str, epoch: datetime, max_chars: int) -> tuple[Any, str | None]:
    """(value or None to omit, error message or None) for one cell of a column kind."""
    if cell.kind == "f":
        return None, MSG_FORMULA
    if cell.kind == "e":
        return None, f"Ô bị lỗi {cell.value}; hãy sửa công thức hoặc nhập giá trị."
    value = cell.value
    if isinstance(value, str) and len(value) > max_chars:
        return None, (f"Ô dài {thousands(len(value))} ký tự, vượt giới hạn {thousands(max_chars)} ký tự.")
    if kind == "date":
        found = _to_date(value, epoch)
        if found is None:
            return None, (
                f"Ngày không hợp lệ: '{show(_as_text(cell))}'. "
                "Hãy nhập theo dạng ngày/tháng/năm, ví dụ 05/02/2024."
            )
        return found.isoformat(), None
    if kind == "datetime":
        moment = _to_date_time(value, epoch)
        if moment is None:
            return None, (
                f"Ngày giờ không hợp lệ: '{show(_as_text(cell))}'. "
                "Hãy nhập theo dạng ngày/tháng/năm giờ:phút, ví dụ 07/12/2026 08:00."
            )
        return moment.strftime("%Y-%m-%dT%H:%M"), None
    if kind in ("integer", "number"):
        number = to_number(value, integer=kind == "integer")
        if number is None:
            noun = "một số viết bằng chữ số (ví dụ 12)" if kind == "integer" else "một số (ví dụ 2,5)"
            return None, f"Giá trị '{show(_as_text(cell))}' không phải {noun}."
        return number, None
    if kind == "boolean":
        if isinstance(value, bool):
            return value, None
        word = fold(_as_text(cell))
        if word in _TRUE or word in _FALSE:
            return word in _TRUE, None
        return None, f"Giá trị '{show(_as_text(cell))}' không phải Có/Không."
    text = clean(_as_text(cell))
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
    return parse_date_text(clean(value)) if isinstance(value, str) else None


def _to_date_time(value: Any, epoch: datetime) -> datetime | None:
    """A date-time cell, an Excel serial number with its fraction of a day, or typed text."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None, second=0, microsecond=0)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 1 <= value < 2958466:
        try:
            found = from_excel(value, epoch)
        except (OverflowError, ValueError):
            return None
        if isinstance(found, datetime):  # to the nearest minute (Excel keeps fractions of a day)
            return (found + timedelta(seconds=30)).replace(second=0, microsecond=0)
        return None
    return parse_date_time_text(clean(value)) if isinstance(value, str) else None


def _as_text(cell: Cell | None) -> str:
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
        return number_text(value, cell.fmt if cell is not None else "General")
    if isinstance(value, timedelta):
        return str(value)
    return str(value)


def _clock(value: time) -> str:
    return f"{value:%H:%M:%S}" if value.second else f"{value:%H:%M}"


def too_many_rows(limits: SheetLimits) -> SpreadsheetError:
    return SpreadsheetError(
        f"Bảng tính có quá nhiều dòng: tối đa {thousands(limits.max_rows)} dòng dữ liệu "
        "mỗi lần; hãy chia thành nhiều tệp nhỏ hơn."
    )
