"""A quyết định template an office could make in Word, built here with python-docx: the decree's
page set up by hand (A4, margins, Times New Roman 14, page numbers from page 2) and the service's
building blocks for the header, the title, the signature block and the danh sách."""

from __future__ import annotations

import copy
import io

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

TNR = "Times New Roman"


def _times_new_roman(d: docx.document.Document) -> None:
    styles = d.styles.element
    for el in list(styles.iter(qn("w:rFonts"))):
        el.getparent().remove(el)
    rpr = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    fonts = OxmlElement("w:rFonts")
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attr}"), TNR)
    rpr.insert(0, fonts)
    normal = d.styles["Normal"]
    normal.font.size = Pt(14)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.0


def _page_number(paragraph) -> None:
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, None), ("end", None)):
        run = paragraph.add_run()
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        elif text:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = "2"


def _para(d, text: str, *, align=None, bold=False, italic=False, indent=False, before=0):
    p = d.add_paragraph()
    if align is not None:
        p.alignment = align
    if indent:
        p.paragraph_format.first_line_indent = Mm(10)
    p.paragraph_format.space_before = Pt(before)
    run = p.add_run(text)
    run.bold, run.italic = bold or None, italic or None
    return p


def decision_template() -> bytes:
    d = docx.Document()
    _times_new_roman(d)
    sec = d.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin = Mm(20), Mm(20), Mm(30), Mm(15)
    sec.header_distance = sec.footer_distance = Mm(10)
    sec.different_first_page_header_footer = True
    d.styles["Header"].font.size = Pt(13)
    head = sec.header.paragraphs[0]
    head.style = d.styles["Header"]
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_number(head)
    sec.first_page_header.paragraphs[0].text = ""
    C, J = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY
    d.add_paragraph("{{p khoi_tieu_de() }}")
    d.add_paragraph("{{p khoi_ten_loai('Quyết định') }}")
    _para(d, "{{ tham_quyen | viet_hoa }}", align=C, bold=True, before=18)
    d.add_paragraph("{%p for c in can_cu %}")
    _para(
        d,
        "{{ c }}{% if loop.last and not de_nghi is defined %}.{% else %};{% endif %}",
        align=J,
        italic=True,
        indent=True,
        before=6,
    )
    d.add_paragraph("{%p endfor %}")
    d.add_paragraph("{%p if de_nghi is defined %}")
    _para(d, "{{ de_nghi }}.", align=J, italic=True, indent=True, before=6)
    d.add_paragraph("{%p endif %}")
    _para(d, "QUYẾT ĐỊNH:", align=C, bold=True, before=12)
    d.add_paragraph("{%p for d in dieu %}")
    p = _para(d, "Điều {{ loop.index }}.", align=J, bold=True, indent=True, before=6)
    p.add_run(" {% if loop.last %}{{ d.rstrip('.') }}./.{% else %}{{ d }}{% endif %}")
    d.add_paragraph("{%p endfor %}")
    d.add_paragraph("{{p khoi_ky() }}")
    d.add_paragraph("{%p if danh_sach is defined %}")
    p = _para(d, "DANH SÁCH", align=C, bold=True)
    p.paragraph_format.page_break_before = True
    d.add_paragraph("{{p bang_danh_sach() }}")
    d.add_paragraph("{%p endif %}")
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


__all__ = ["copy", "decision_template"]
