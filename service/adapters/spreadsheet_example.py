"""Example spreadsheets for a document kind: an .xlsx with a guide sheet, or a plain CSV.

Both have the field names as their first row and one example row that ``read_table``
(service.adapters.spreadsheet) reads back to the kind's example. For a kind whose batch may
become one document's attached list (a decision with its danh sách), the workbook has a
"Danh sách" sheet too: one row per entry of the list, the document's own fields staying on
the data sheet, so that the workbook reads back to the example decision with its list.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from typing import Any

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from service.domain.cell_values import example_text
from service.domain.sheet_columns import Field, schema_fields

GUIDE_SHEET = "Hướng dẫn"
DATA_SHEET = "Dữ liệu"
LIST_SHEET = "Danh sách"

_TEXT_KINDS = ("string", "date", "datetime", "lines")
_HINTS = {
    "string": "Chữ",
    "date": "Ngày, dạng ngày/tháng/năm (ví dụ 05/02/2024)",
    "datetime": "Ngày giờ, dạng ngày/tháng/năm giờ:phút (ví dụ 07/12/2026 08:00)",
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


@dataclass(frozen=True)
class ListSheet:
    """The "Danh sách" sheet of a kind whose batch may become its attached list: the row
    columns (`schema`), their labels, the example rows, and the field holding the list."""

    schema: dict
    labels: dict[str, str]
    rows: list[dict[str, Any]]
    field: str = "danh_sach"


def _fill_sheet(ws: Any, cells: list[Field], rows: list[dict], labels: dict[str, str]) -> None:
    """Row 1 field names, row 2 labels, then one row per example."""
    bold, muted = Font(bold=True), Font(italic=True, color="555555")
    tint = PatternFill("solid", fgColor="DDEBF7")
    widths = [max(len(spec.header), len(labels.get(spec.header) or "")) for spec in cells]
    for col, spec in enumerate(cells, start=1):
        head = ws.cell(1, col, spec.header)
        head.font, head.fill = bold, tint
        label = ws.cell(2, col, labels.get(spec.header) or None)
        label.font = muted
        if spec.kind in _TEXT_KINDS:
            ws.column_dimensions[get_column_letter(col)].number_format = "@"
    for number, example in enumerate(rows, start=3):
        lines_needed = 1
        for col, spec in enumerate(cells, start=1):
            value = _example_value(example, spec.path)
            target = ws.cell(number, col)
            if spec.kind in _TEXT_KINDS or not isinstance(value, (int, float)):
                text = example_text(value, spec.kind)
                if text:
                    target.value = text
                    target.data_type = "s"  # never a formula, even if it starts with "="
                target.number_format = "@"
            else:
                target.value = value
            target.alignment = Alignment(wrap_text=True, vertical="top")
            shown = example_text(value, spec.kind).split("\n")
            lines_needed = max(lines_needed, len(shown))
            widths[col - 1] = max(widths[col - 1], *map(len, shown))
        ws.row_dimensions[number].height = 15 * min(lines_needed, 15)
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = min(max(width + 2, 10), 60)
    ws.freeze_panes = "A3"


def example_workbook(
    schema: dict, example: dict, labels: dict[str, str], *, list_sheet: ListSheet | None = None
) -> bytes:
    """An .xlsx to fill in: field names, Vietnamese labels, one example row, a guide sheet;
    with `list_sheet`, a "Danh sách" sheet holding the example's list, one entry a row.

    Text, date and list columns are formatted as text ("@") so that Excel keeps leading
    zeros and does not reinterpret dates with the computer's locale.
    """
    fields = schema_fields(schema)
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = DATA_SHEET
    _fill_sheet(ws, [f for f in fields if f.kind is not None], [example], labels)
    if list_sheet is not None:
        row_fields = [f for f in schema_fields(list_sheet.schema) if f.kind is not None]
        _fill_sheet(book.create_sheet(LIST_SHEET), row_fields, list_sheet.rows, list_sheet.labels)
    _guide_sheet(book, fields, labels, list_sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _guide_sheet(
    book: openpyxl.Workbook, fields: list[Field], labels: dict, list_sheet: ListSheet | None = None
) -> None:
    guide = book.create_sheet(GUIDE_SHEET)
    titles = ("Cột", "Tên trường", "Bắt buộc", "Kiểu dữ liệu", "Mô tả")
    guide.append(titles)
    for cell in guide[1]:
        cell.font = Font(bold=True)
    in_list = f"{list_sheet.field}." if list_sheet is not None else None
    for spec in fields:
        hint = _HINTS.get(spec.kind or "", "Không nhập được trong bảng tính (dùng trang web)")
        if spec.kind is None and in_list and spec.header.startswith(in_list):
            hint = f"Nhập ở trang '{LIST_SHEET}': mỗi dòng một mục"
        label = labels.get(spec.header) or spec.title
        guide.append((spec.header, label, spec.required, hint, spec.description or spec.title))
    if list_sheet is not None:
        for spec in schema_fields(list_sheet.schema):
            label = list_sheet.labels.get(spec.header) or spec.title
            hint = f"Trang '{LIST_SHEET}': " + _HINTS.get(spec.kind or "", "")
            guide.append((spec.header, label, "Không", hint, spec.description or spec.title))
    guide.append(())
    notes = [
        f"Mỗi dòng từ dòng 3 của trang '{DATA_SHEET}' là một văn bản; dòng 1 giữ nguyên.",
        "Dòng 2 (tên tiếng Việt) có thể giữ hoặc xoá.",
        "Ô để trống là không nhập trường đó.",
        "Cột có tên không thuộc mẫu (cột riêng của cơ quan) được bỏ qua; tên gần giống một trường thì bị báo lỗi.",
    ]
    if list_sheet is not None:
        notes[0] = (
            f"Một quyết định kèm danh sách: trang '{DATA_SHEET}' giữ các trường của quyết định (một dòng, "
            f"dòng 3); trang '{LIST_SHEET}' giữ danh sách, mỗi dòng từ dòng 3 là một tập thể hoặc một cá "
            "nhân. Không có trang 'Danh sách' thì mỗi dòng của trang 'Dữ liệu' là một quyết định."
        )
    for note in notes:
        guide.append((note,))
    for letter, width in zip("ABCDE", (28, 30, 18, 45, 60), strict=True):
        guide.column_dimensions[letter].width = width
    guide.freeze_panes = "A2"


def example_csv(schema: dict, example: dict) -> bytes:
    """A UTF-8 (with BOM, for Excel) CSV: the header row and one example row.

    Dates are written day first (dd/mm/yyyy) so that Excel, whatever its locale, saves
    them back in a form read_table understands.
    """
    cells = [f for f in schema_fields(schema) if f.kind is not None]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([f.header for f in cells])
    writer.writerow([example_text(_example_value(example, f.path), f.kind) for f in cells])
    return codecs.BOM_UTF8 + out.getvalue().encode("utf-8")
