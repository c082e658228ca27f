"""Finding the decree's elements in a document typed any way: a header table or tabs, line
breaks inside paragraphs, rules drawn as borders, shapes or underscores.

The unit is the Line: one line of a paragraph (split at line breaks), or in the header and the
closing block one tab-separated part of it. Elements are recognised by their text first (the
Quốc hiệu, `Số:`, `ngày … tháng … năm`, `Nơi nhận:`), then by their place around those.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from service.domain.checking import text as tx
from service.domain.checking.model import Document, Paragraph, Run
from service.domain.do_rong import do_rong_twips

CELL_MARGINS = 216  # Word's default left + right cell margins, twips
_HEADER_SCAN = 60  # paragraphs searched for the Quốc hiệu


@dataclass(slots=True)
class Line:
    para: Paragraph
    runs: list[Run]
    text: str  # gon() of the shown text
    right: bool = False  # a tab-separated part after the first, or a line that starts with tabs
    lead: str = ""  # leading whitespace as typed ("\t", spaces)

    @property
    def index(self) -> int:
        return self.para.index

    def visible_runs(self) -> list[Run]:
        return [r for r in self.runs if r.text.strip()]


@dataclass(slots=True)
class RuleMark:
    kind: str  # border | shape | text | underline
    width: int | None
    para: int


@dataclass(slots=True)
class Signature:
    quyen_han: list[Line] = field(default_factory=list)
    ho_ten: Line | None = None


@dataclass(slots=True)
class Appendix:
    first: int  # paragraph index where it starts
    section: int
    label: Line | None = None
    title: list[Line] = field(default_factory=list)
    kem_theo: Line | None = None
    own_section: bool = True


@dataclass
class Layout:
    lines: list[Line]
    quoc_hieu: Line | None = None
    tieu_ngu: Line | None = None
    tieu_ngu_rule: RuleMark | None = None
    chu_quan: list[Line] = field(default_factory=list)
    co_quan: list[Line] = field(default_factory=list)
    co_quan_rule: RuleMark | None = None
    so: Line | None = None
    ngay: Line | None = None
    vv: list[Line] = field(default_factory=list)
    ten_loai: Line | None = None
    loai: str | None = None  # the Điều 7 type name in capitals
    trich_yeu: list[Line] = field(default_factory=list)
    trich_yeu_rule: RuleMark | None = None
    tham_quyen: list[Line] = field(default_factory=list)
    can_cu: list[Line] = field(default_factory=list)
    quyet_dinh: Line | None = None
    kinh_gui: list[Line] = field(default_factory=list)
    body: list[Line] = field(default_factory=list)
    noi_nhan_label: Line | None = None
    noi_nhan: list[Line] = field(default_factory=list)
    signatures: list[Signature] = field(default_factory=list)
    appendices: list[Appendix] = field(default_factory=list)
    main_end: int = 0  # first paragraph after the main document


# --------------------------------------------------------------------------- lines


def split_lines(para: Paragraph, tabs: bool = False) -> list[Line]:
    """The lines of a paragraph; with `tabs`, each tab-separated part is a line of its own.

    Computed once per paragraph and kind of split (the locator asks several times)."""
    key = "lines_tabs" if tabs else "lines"
    found = para.memo.get(key)
    if found is None:
        text = para.text
        if "\n" not in text and "\t" not in text and not any(r.caps for r in para.runs):
            stripped = text.lstrip()
            found = [Line(para, para.runs, tx.gon(text), False, text[: len(text) - len(stripped)])]
            if tabs and not found[0].text:
                found = []
        else:
            found = _split_lines(para, tabs)
        para.memo[key] = found
    return found


def _split_lines(para: Paragraph, tabs: bool) -> list[Line]:
    out: list[Line] = []
    pieces: list[Run] = []
    right = False
    lead_tab = False

    def flush() -> None:
        nonlocal pieces
        raw = "".join(r.shown for r in pieces)
        stripped = raw.lstrip()
        lead = raw[: len(raw) - len(stripped)]
        text = tx.gon(raw)
        if text or not tabs:
            out.append(Line(para, pieces, text, right or lead_tab, lead))
        pieces = []

    for run in para.runs:
        buf = ""
        for ch in run.text:
            if ch == "\n" or (tabs and ch == "\t"):
                if buf:
                    pieces.append(_piece(run, buf))
                    buf = ""
                had_text = any(p.text.strip() for p in pieces)
                if ch == "\t" and not had_text:
                    lead_tab = True
                    continue
                flush()
                if ch == "\n":
                    right, lead_tab = False, False
                else:
                    right = True
            else:
                buf += ch
        if buf or (run.field and not pieces):
            pieces.append(_piece(run, buf))
    flush()
    return out


def _piece(run: Run, text: str) -> Run:
    if text == run.text:
        return run
    return Run(text, run.font, run.font_other, run.size, run.bold, run.italic, run.caps, run.underline,
               run.color, run.field)  # fmt: skip


# --------------------------------------------------------------------------- rules (đường kẻ)


def _column_width(doc: Document, para: Paragraph) -> int:
    if para.cell_width:
        return max(para.cell_width - CELL_MARGINS, 0)
    sections = doc.sections
    s = sections[min(para.section, len(sections) - 1)] if sections else None
    return s.text_width if s else 9355


def _border_width(doc: Document, para: Paragraph) -> int:
    return max(_column_width(doc, para) - para.ind_left - para.ind_right, 0)


def rule_under(doc: Document, line: Line) -> RuleMark | None:
    """The rule drawn under `line`, if any, within the next two paragraphs of the same place."""
    p = line.para
    if p.border_bottom:
        return RuleMark("border", _border_width(doc, p), p.index)
    if p.line_shapes:
        return RuleMark("shape", max(p.line_shapes), p.index)
    shown = [r for r in line.runs if r.text.strip()]
    if shown and all(r.underline for r in shown):
        return RuleMark("underline", None, p.index)
    for nxt in doc.paragraphs[p.index + 1 : p.index + 3]:
        if nxt.table != p.table or nxt.col != p.col:
            break
        if nxt.border_top:
            return RuleMark("border", _border_width(doc, nxt), nxt.index)
        if nxt.line_shapes:
            return RuleMark("shape", max(nxt.line_shapes), nxt.index)
        text = tx.gon(nxt.text)
        if "\t" in nxt.text.strip() or line.right:
            same_side = [seg for seg in split_lines(nxt, tabs=True) if seg.right == line.right]
            text = same_side[0].text if same_side else ""
        if tx.RULE_TEXT_RE.match(text.replace(" ", "")):
            size = next((r.size for r in nxt.runs if r.text.strip()), 13) or 13
            return RuleMark("text", round(len(text.replace(" ", "")) * size * 10), nxt.index)
        if nxt.border_bottom and not text:
            return RuleMark("border", _border_width(doc, nxt), nxt.index)
        if text:
            break
    return None


def is_rule_paragraph(para: Paragraph) -> bool:
    found = para.memo.get("rule")
    if found is None:
        text = tx.gon(para.text).replace(" ", "")
        found = (not text and (para.border_top or para.border_bottom or bool(para.line_shapes))) or bool(
            text and tx.RULE_TEXT_RE.match(text)
        )
        para.memo["rule"] = found
    return found


def text_width(line: Line) -> int:
    """Estimated printed width of a line in twips (Times New Roman advance widths)."""
    runs = line.visible_runs()
    if not runs:
        return 0
    size = runs[0].size or 13
    return do_rong_twips(line.text, size, dam=all(r.bold for r in runs))
