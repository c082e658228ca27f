"""The outgoing register printed on Phụ lục IV's form (Sổ đăng ký văn bản đi), Điều 16.2.b:
"in ra giấy đầy đủ các trường thông tin theo mẫu Sổ đăng ký văn bản đi, đóng sổ để quản lý".

One book per register: the body, the title, the year (and the separate sequence, if any), then
the 10-column table whose two header rows (titles and (1)…(10)) repeat on every page.
`.xlsx` (openpyxl: one sheet per register, print titles, landscape) and `.docx` (landscape A4,
one section per register, repeating header rows, page numbers); PDF is the .docx converted.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Any

import docx
import openpyxl
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.shared import Mm, Pt
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from service.adapters.docx_xml import W_NS, text_xml
from service.domain.so_dang_ky import COT, TIEU_DE, DongSo

Book = tuple[dict[str, Any], Sequence[DongSo]]
FONT = "Times New Roman"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def nam_dong(reg: dict[str, Any]) -> str:
    """The year line of a book (with its separate sequence, if any).

    >>> nam_dong({"nam": 2026, "chuoi": ""}), nam_dong({"nam": 2026, "chuoi": "QĐ"})
    ('Năm: 2026', 'Năm: 2026 — Sổ riêng: QĐ')
    """
    line = f"Năm: {reg['nam']}"
    return line + (f" — Sổ riêng: {reg['chuoi']}" if reg.get("chuoi") else "")


def tu_so_den_so(rows: Sequence[DongSo]) -> str:
    if not rows:
        return "Chưa có văn bản nào được đăng ký."
    return (
        f"Từ số {rows[0].cot[0].split('/')[0]} đến số {rows[-1].cot[0].split('/')[0]} ({len(rows)} văn bản)"
    )


# ------------------------------------------------------------------------------- xlsx


def to_xlsx(books: Sequence[Book]) -> bytes:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    thin = Side(style="thin", color="000000")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    used: set[str] = set()
    for reg, rows in books:
        ws = wb.create_sheet(_sheet_name(reg, used))
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_title_rows = "5:6"
        ws.oddFooter.center.text = "Trang &P/&N"
        for col, (_title, width_mm) in enumerate(COT, start=1):
            ws.column_dimensions[get_column_letter(col)].width = round(width_mm / 2.1, 1)
        last = get_column_letter(len(COT))
        for r, (text, size, bold) in enumerate(
            (
                (reg["co_quan"], 12, True),
                (TIEU_DE, 16, True),
                (nam_dong(reg), 12, False),
                (tu_so_den_so(rows), 11, False),
            ),
            start=1,
        ):
            ws.merge_cells(f"A{r}:{last}{r}")
            _text(ws.cell(r, 1), text, Font(name=FONT, size=size, bold=bold), Alignment(horizontal="center"))
        head = Font(name=FONT, size=11, bold=True)
        center = Alignment(horizontal="center", vertical="center", wrap_text=True)
        for col, (title, _w) in enumerate(COT, start=1):
            _text(ws.cell(5, col), title, head, center).border = box
            _text(ws.cell(6, col), f"({col})", Font(name=FONT, size=10, italic=True), center).border = box
        body = Font(name=FONT, size=11)
        struck = Font(name=FONT, size=11, strike=True)
        wrap = Alignment(vertical="top", wrap_text=True)
        for r, row in enumerate(rows, start=7):
            for col, value in enumerate(row.cot, start=1):
                font = struck if row.thu_hoi and col == 3 else body
                _text(ws.cell(r, col), value, font, wrap).border = box
        ws.freeze_panes = "A7"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _text(cell: Any, value: str, font: Font, align: Alignment) -> Any:
    """Text exactly as written: a value starting with "=" stays text, never a formula."""
    cell.value = value
    cell.data_type = "s"
    cell.font, cell.alignment = font, align
    return cell


def _sheet_name(reg: dict[str, Any], used: set[str]) -> str:
    """A valid, unique sheet name (≤ 31 characters, none of []:*?/\\)."""
    base = _SHEET_BAD.sub(" ", f"{reg['nam']} {reg.get('chuoi') or ''} {reg['co_quan']}".replace("  ", " "))[
        :28
    ]
    name, n = base.strip() or str(reg["id"]), 2
    while name in used:
        name, n = f"{base[:26].strip()} ({n})", n + 1
    used.add(name)
    return name


# ------------------------------------------------------------------------------- docx


def to_docx(books: Sequence[Book]) -> bytes:
    document = docx.Document()
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(12)
    rfonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(f"{{{W_NS}}}{attr.split(':')[1]}", FONT)
    normal.paragraph_format.space_after = Pt(0)
    for i, (reg, rows) in enumerate(books):
        if i == 0:
            section = document.sections[0]
        else:
            from docx.enum.section import WD_SECTION

            section = document.add_section(WD_SECTION.NEW_PAGE)
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        section.left_margin, section.right_margin = Mm(15), Mm(15)
        section.top_margin, section.bottom_margin = Mm(15), Mm(15)
        _page_numbers(section)
        for text, size, bold in (
            (reg["co_quan"], 12, True),
            (TIEU_DE, 16, True),
            (nam_dong(reg), 13, False),
            (tu_so_den_so(rows), 12, False),
        ):
            p = document.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = p.add_run(text)
            run.bold, run.font.size = bold, Pt(size)
        document.add_paragraph()
        document.add_paragraph()._p.addprevious(parse_xml(_table_xml(rows)))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _page_numbers(section: Any) -> None:
    footer = section.footer
    footer.is_linked_to_previous = False
    p = footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p._p.append(
        parse_xml(
            f'<w:fldSimple xmlns:w="{W_NS}" w:instr=" PAGE "><w:r><w:rPr><w:sz w:val="22"/></w:rPr>'
            "<w:t>1</w:t></w:r></w:fldSimple>"
        )
    )


def _twips(mm: float) -> int:
    return round(mm * 1440 / 25.4)


def _cell(text: str, width: int, *, bold: bool = False, italic: bool = False, center: bool = False,
          strike: bool = False, size: int = 22) -> str:  # fmt: skip
    rpr = (
        ("<w:b/><w:bCs/>" if bold else "")
        + ("<w:i/><w:iCs/>" if italic else "")
        + ("<w:strike/>" if strike else "")
        + f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'
    )
    jc = "center" if center else "left"
    runs = []
    for k, line in enumerate(text.split("\n")):
        if k:
            runs.append(f"<w:r><w:rPr>{rpr}</w:rPr><w:br/></w:r>")
        runs.append(f'<w:r><w:rPr>{rpr}</w:rPr><w:t xml:space="preserve">{text_xml(line)}</w:t></w:r>')
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/><w:vAlign w:val="{"center" if center else "top"}"/></w:tcPr>'
        f'<w:p><w:pPr><w:spacing w:before="20" w:after="20"/><w:jc w:val="{jc}"/><w:rPr>{rpr}</w:rPr></w:pPr>'
        + "".join(runs)
        + "</w:p></w:tc>"
    )


def _table_xml(rows: Sequence[DongSo]) -> str:
    widths = [_twips(w) for _t, w in COT]
    borders = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    parts = [
        f'<w:tbl xmlns:w="{W_NS}"><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/>'
        f'<w:tblBorders>{borders}</w:tblBorders><w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar>'
        "</w:tblPr><w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + "</w:tblGrid>",
        "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
        + "".join(_cell(t, w, bold=True, center=True) for (t, _m), w in zip(COT, widths, strict=True))
        + "</w:tr>",
        "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
        + "".join(
            _cell(f"({i})", w, italic=True, center=True, size=20) for i, w in enumerate(widths, start=1)
        )
        + "</w:tr>",
    ]
    for row in rows:
        parts.append(
            "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
            + "".join(
                _cell(v, w, strike=row.thu_hoi and i == 2, center=i in (0, 1, 6))
                for i, (v, w) in enumerate(zip(row.cot, widths, strict=True))
            )
            + "</w:tr>"
        )
    parts.append("</w:tbl>")
    return "".join(parts)
