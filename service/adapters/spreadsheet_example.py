"""Example spreadsheets for a document kind: an .xlsx with a guide sheet, or a plain CSV.

Both have the field names as their first row and one example row that ``read_table``
(service.adapters.spreadsheet) reads back to the kind's example.
"""

from __future__ import annotations

import codecs
import csv
import io
from typing import Any

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from service.domain.cell_values import example_text
from service.domain.sheet_columns import Field, schema_fields

GUIDE_SHEET = "Hướng dẫn"
DATA_SHEET = "Dữ liệu"

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


def example_workbook(schema: dict, example: dict, labels: dict[str, str]) -> bytes:
    """An .xlsx to fill in: field names, Vietnamese labels, one example row, a guide sheet.

    Text, date and list columns are formatted as text ("@") so that Excel keeps leading
    zeros and does not reinterpret dates with the computer's locale.
    """
    fields = schema_fields(schema)
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
            text = example_text(value, spec.kind)
            if text:
                target.value = text
                target.data_type = "s"  # never a formula, even if it starts with "="
            target.number_format = "@"
            ws.column_dimensions[get_column_letter(col)].number_format = "@"
        else:
            target.value = value
        target.alignment = Alignment(wrap_text=True, vertical="top")
        shown = example_text(value, spec.kind).split("\n")
        lines_needed = max(lines_needed, len(shown))
        longest = max(len(spec.header), len(labels.get(spec.header) or ""), *map(len, shown))
        ws.column_dimensions[get_column_letter(col)].width = min(max(longest + 2, 10), 60)
    ws.row_dimensions[3].height = 15 * min(lines_needed, 15)
    ws.freeze_panes = "A3"
    _guide_sheet(book, fields, labels)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _guide_sheet(book: openpyxl.Workbook, fields: list[Field], labels: dict) -> None:
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
    cells = [f for f in schema_fields(schema) if f.kind is not None]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([f.header for f in cells])
    writer.writerow([example_text(_example_value(example, f.path), f.kind) for f in cells])
    return codecs.BOM_UTF8 + out.getvalue().encode("utf-8")
