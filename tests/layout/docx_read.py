"""Reading a generated .docx back as Word would show it: effective formatting through styles."""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _style_chain(style):
    while style is not None:
        yield style
        style = style.base_style


def _effective(direct, p, part: str, name: str):
    """`name` of a direct-formatting object, else of the paragraph's style chain (`part` is
    "paragraph_format" or "font")."""
    value = getattr(direct, name)
    if value is not None:
        return value
    for st in _style_chain(p.style):
        value = getattr(getattr(st, part), name)
        if value is not None:
            return value
    return None


def para_attr(p, name):
    """Effective paragraph_format attribute (direct, then the style chain)."""
    return _effective(p.paragraph_format, p, "paragraph_format", name)


def alignment(p):
    return para_attr(p, "alignment")


def run_attr(p, run, name):
    """Effective run font attribute: run, then the paragraph's style chain."""
    return _effective(run.font, p, "font", name)


def text_runs(p):
    return [r for r in p.runs if r.text]


def font_size(doc, p, run) -> Pt:
    size = run_attr(p, run, "size")
    if size is not None:
        return size
    sz = doc.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}sz")
    return Pt(int(sz.get(qn("w:val"))) / 2)


def all_bold(p) -> bool:
    return all(run_attr(p, r, "bold") for r in text_runs(p))


def all_italic(p) -> bool:
    return all(run_attr(p, r, "italic") for r in text_runs(p))


def sizes(doc, p) -> set[float]:
    return {font_size(doc, p, r).pt for r in text_runs(p)}


def has_top_border(p) -> bool:
    ppr = p._p.pPr
    return ppr is not None and ppr.find(f"{W}pBdr/{W}top") is not None


def indents_twips(p) -> tuple[int, int]:
    ind = p._p.pPr.find(f"{W}ind")
    return int(ind.get(qn("w:left"))), int(ind.get(qn("w:right")))


def cell_width_twips(cell) -> int:
    return int(cell._tc.tcPr.find(f"{W}tcW").get(qn("w:w")))


CENTER = WD_ALIGN_PARAGRAPH.CENTER
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY
LEFT = WD_ALIGN_PARAGRAPH.LEFT
